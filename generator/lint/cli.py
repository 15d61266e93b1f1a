"""``infergen lint PATH...``: schema and rule checks over rendered manifests.

Exit status: 0 no error-level finding (and no warning under ``--strict``), 1 findings,
2 unreadable input or bad options.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.errors import Exit
from generator.findings import Finding, has_errors
from generator.lint import bundled
from generator.lint.config import LintConfig
from generator.lint.documents import LintInputError, load_paths
from generator.lint.engine import Linter
from generator.lint.options import check_rules, disable_option, lint_options, split_list
from generator.lint.report import render, summarize
from generator.lint.rules import RULES


def _releases(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out = []
    for value in split_list(values):
        project, _, version = value.partition("=")
        if project not in bundled.SOURCES or version not in bundled.versions(project):
            known = "; ".join(f"{p}={','.join(bundled.versions(p))}" for p in sorted(bundled.SOURCES))
            raise click.BadParameter(f"{value!r} is not a bundled release ({known})", param_hint="--release")
        out.append((project, version))
    return tuple(sorted(out))


@click.command("lint")
@click.argument("paths", nargs=-1, required=False)
@lint_options
@disable_option
@click.option("--enable", multiple=True, metavar="RULE",
              help="Run only these rules (repeatable, comma lists).")
@click.option("--knative-features", multiple=True, metavar="FLAG",
              help="Knative config-features flags enabled on the cluster (repeatable, comma lists).")
@click.option("--external", multiple=True, metavar="REF",
              help="Resources that exist outside the input: name, Kind/name or Kind/ns/name.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where fetched schemas are cached [default: $XDG_CACHE_HOME/infergen/schemas].")
@click.option("--release", "releases", multiple=True, metavar="PROJECT=X.Y",
              help="Upstream release whose bundled CRD schemas check custom kinds, e.g. kserve=0.19 "
                   f"(repeatable; projects: {', '.join(sorted(bundled.SOURCES))}) [default: the newest bundled].")
@click.option("--list-rules", is_flag=True, help="Print the rule ids and exit.")
def lint(paths: tuple[str, ...], kube_version: str | None, schema_locations: tuple[str, ...], crds: tuple[str, ...],
         ignore_missing_schemas: bool, strict: bool, output: str, disable: tuple[str, ...],
         enable: tuple[str, ...], knative_features: tuple[str, ...], external: tuple[str, ...],
         cache_dir: Path | None, releases: tuple[str, ...], list_rules: bool) -> None:
    """Lint Kubernetes manifests in PATHS (files, directories, or - for stdin).

    \b
    Examples:
      infergen lint manifests/ --crd crds/my-operator.yaml
      helm template charts/ui-server | infergen lint - --output json
      infergen lint --enable schema docs/examples/schema-valid-but-broken.yaml
    """
    if list_rules:
        for r in sorted(RULES.values(), key=lambda r: r.id):
            click.echo(f"{r.id:32} {r.severity.value:8} {r.description}")
        return
    if not paths:
        raise click.UsageError("give at least one PATH (or - for stdin)")
    disabled, enabled = split_list(disable), split_list(enable)
    check_rules(disabled | enabled, disabled)
    config = LintConfig(kube_version=kube_version or "1.33", schema_locations=schema_locations, crds=crds,
                        ignore_missing_schemas=ignore_missing_schemas, strict=strict, disabled=disabled,
                        enabled=enabled, knative_features=split_list(knative_features),
                        external=split_list(external), cache_dir=cache_dir, releases=_releases(releases))
    try:
        docs = load_paths(paths)
        findings = Linter(config).lint(docs)
    except LintInputError as exc:
        click.echo(f"infergen lint: {exc}", err=True)
        if output != "text":  # a CI that uploads the report still gets a valid document
            finding = Finding(file=exc.file, line=exc.line, column=1 if exc.line else 0, path="", rule="input",
                              message=str(exc), hint="fix or remove the unreadable input")
            click.echo(render(output, [finding], summarize([finding], 0)), nl=False)
        raise SystemExit(Exit.INPUT) from None
    active = [r for r in RULES if config.rule_on(r)]
    click.echo(render(output, findings, summarize(findings, len(docs)), active), nl=False)
    raise SystemExit(Exit.FINDINGS if has_errors(findings, strict) else Exit.OK)
