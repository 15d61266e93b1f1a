"""Rules checked by pipeline stages rather than the manifest engine, registered so that every
finding id can be listed (``--list-rules``), documented (docs/rules.md) and disabled (``--disable``).

The checks themselves stay where the data is: Helm's engine (generator/helm.py), the chart
check (generator/validate/chartcheck.py), the catalog loader, the output stamp. A test
(tests/lint/test_rule_ids.py) fails when any of them emits an id that is not registered.
"""

from __future__ import annotations

from generator.findings import Severity
from generator.lint.rules.base import meta_rule

E, W = Severity.ERROR, Severity.WARNING

meta_rule("helm-lint", E, "helm lint --strict reports the chart (templates, Chart.yaml, values)",
          "fix the template or value Helm names", stage="`infergen validate`: Helm's own linter (helm lint "
          "--strict through helm-python-sdk) on one chart per chart shape (every chart with --lint-all); "
          "its warnings are reported as warnings")
meta_rule("helm-render", E, "the chart does not render (template error, required value missing) or "
          "renders a document that is not YAML", "fix the template or set the value it requires",
          stage="`infergen validate`: each chart rendered with Helm's engine as Argo CD would "
          "(generator/helm.py); not repeated where helm-lint already reports the chart")
meta_rule("helm-values-schema", E, "values.yaml does not satisfy the chart's values.schema.json (or the "
          "schema is invalid)", "fix the value (or the schema) the message names",
          stage="`infergen validate`: what Helm checks before rendering, per chart")
meta_rule("chart-missing", E, "an Application installs a chart that is not on disk",
          "run infergen generate", stage="`infergen validate`: every release of the catalog")
meta_rule("generation", E, "charts/ and apps/ are not one whole generation (missing, extra, hand-edited "
          "or mixed files)", "run `infergen generate` (or git checkout -- charts apps) and commit",
          stage="`infergen validate` and `generate --check`: the generation stamps", can_disable=False)
meta_rule("catalog", E, "the catalog cannot be used (schema, semantics, or a value the control plane "
          "would reject)", "fix the catalog field the message names (exit 2)",
          stage="catalog loading, before anything is generated", can_disable=False)
meta_rule("catalog-warning", W, "a catalog value that works but is a risk", "see the hint",
          stage="catalog loading")
meta_rule("kserve-mode-change", E, "a KServe model's deploymentMode differs from the one its chart was "
          "generated with; KServe rejects that change (kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/"
          "inference_service_validation.go, validateDeploymentMode)",
          "rename the model, or set argocd.replace: true", stage="`infergen generate`, against the chart on "
          "disk, before writing (a warning when argocd.replace is set)", can_disable=False)
meta_rule("input", E, "a lint input that cannot be read or parsed (exit 2)",
          "fix or remove the unreadable input", stage="`infergen lint`: reading the input", can_disable=False)
meta_rule("argocd-project", E, "an Application's AppProject is missing from apps/, or does not permit its "
          "source repository or destination (Argo CD refuses to sync: argoproj/argo-cd@v3.5.0 util/argo/argo.go, "
          "ValidatePermissions)", "define the project, or add the repository or destination to it",
          stage="`infergen validate`: each Application against the AppProjects in apps/ "
          "(generator/validate/appcheck.py)")
meta_rule("argocd-source-path", E, "an Application's spec.source.path holds no chart (or no directory)",
          "run infergen generate, or fix the path", stage="`infergen validate`: each Application against the "
          "tree on disk (generator/validate/appcheck.py)")
meta_rule("argocd-app", E, "a file in apps/ is not readable YAML", "fix the file, or run infergen generate",
          stage="`infergen validate`: reading apps/")
