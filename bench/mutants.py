"""The planted bugs bench/mutate.py checks, one per entry, each with the tests that must catch it.

Each edit is (file, text that must occur exactly once, replacement). The entries marked
"issue 20:" are the blind spots issue 20 names (four survivors, two golden-only) and the
model-named-n bug; the rest cover the modules behind the promises line by line: TorchServe
config, secure defaults, chart promises, YAML quoting, the package input filter, the lint rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    area: str
    id: str
    note: str
    edits: tuple[tuple[str, str, str], ...]
    tests: tuple[str, ...]


TS_CONFIG = ("tests/torchserve/test_config.py",)
SECURE = ("tests/security/test_promises.py", "tests/security/test_secure_defaults.py")
PACKAGE = ("tests/torchserve/test_package.py",)
LINT = ("tests/lint/test_cases.py",)
WRITER = ("tests/reliability/test_swap.py", "tests/reliability/test_faults.py", "tests/reliability/test_atomic.py",
          "tests/core/test_writer.py")
PROMISES = ("tests/security/test_promises.py",)
YAML11 = ("tests/core/test_yaml11_scalars.py",)

_CFG = "generator/torchserve/config.py"
_VALUES = "generator/render/values.py"
_PKG = "generator/torchserve/package.py"
_TPL = "generator/templates/chart/templates/"
_SEC = "generator/lint/rules/security.py"
_RES = "generator/lint/rules/resources.py"
_KN = "generator/lint/rules/knative.py"
_KS = "generator/lint/rules/kserve.py"
_SCALE = "generator/lint/rules/scaling.py"
_XREF = "generator/lint/rules/crossref.py"
_XOBJ = "generator/lint/rules/crossref_objects.py"


def m(area: str, ident: str, note: str, path: str, old: str, new: str, tests: tuple[str, ...]) -> Mutant:
    return Mutant(area, ident, note, ((path, old, new),), tests)


MUTANTS: list[Mutant] = [
    # --- issue 20's planted bugs -------------------------------------------------------------------
    m("writer", "swap-no-renameat2", "issue 20: directory exchange forced onto the non-atomic fallback",
      "generator/output/swap.py", "_FN: Renameat2 | None = _renameat2()", "_FN: Renameat2 | None = None", WRITER),
    m("torchserve-config", "local-management-public", "issue 20: serve's management address on 0.0.0.0", _CFG,
      'management=f"http://127.0.0.1:{ports[\'management\']}"', 'management=f"http://0.0.0.0:{ports[\'management\']}"',
      TS_CONFIG),
    m("package-filter", "skip-set-emptied", "issue 20: __pycache__ and __MACOSX archived again", _PKG,
      '_SKIP = {"__MACOSX", "__pycache__"}', "_SKIP: set[str] = set()", PACKAGE),
    Mutant("package-filter", "store-deleted-first", "issue 20: previous model-store deleted before the rebuild",
           ((_PKG, "        with watch_progress(export / name, size",
             "        if store.exists():\n            shutil.rmtree(store)\n"
             "        with watch_progress(export / name, size"),), PACKAGE),
    m("promises", "pdb-eviction-policy", "issue 20: PDB unhealthyPodEvictionPolicy changed",
      _TPL + "pdb.yaml.jinja", "unhealthyPodEvictionPolicy: AlwaysAllow",
      "unhealthyPodEvictionPolicy: IfHealthyBudget", PROMISES),
    m("promises", "netpol-allow-all", "issue 20: no allowed sources rendered as ingress: [{}]",
      _TPL + "networkpolicy.yaml.jinja", "  ingress: []", "  ingress: [{}]", PROMISES),
    m("yaml-quoting", "chart-name-bare", "issue 20: Chart.yaml name: n read as a boolean",
      "generator/templates/chart/Chart.yaml.jinja", "name: [[ model.name | yaml ]]", "name: [[ model.name ]]",
      YAML11),
    m("writer", "write-through-link", "a changed file written through its hard link (the live tree changes first)",
      "generator/output/staging.py", "                    os.unlink(path)  # never write through the link",
      "                    pass  #", WRITER),
    m("writer", "no-recovery", "a half-done swap never finished after a kill", "generator/output/commit.py",
      "            notes.extend(_complete(out, state))", "            pass", WRITER),
    m("writer", "foreign-files-removed", "files infergen does not own removed", "generator/output/staging.py",
      "        elif owned(path):", "        else:", (*WRITER, "tests/core/test_repo_tree.py")),
    # --- TorchServe config ---------------------------------------------------------------------------
    m("torchserve-config", "kserve-management-public", "KServe config management on 0.0.0.0", _CFG,
      'management: str = "http://127.0.0.1:8086"', 'management: str = "http://0.0.0.0:8086"', TS_CONFIG),
    m("torchserve-config", "grpc-public", "gRPC endpoints on 0.0.0.0", _CFG,
      'grpc_host: str = "127.0.0.1"', 'grpc_host: str = "0.0.0.0"', TS_CONFIG),
    m("torchserve-config", "local-inference-public", "serve's inference address on 0.0.0.0", _CFG,
      'inference=f"http://127.0.0.1:{ports[\'inference\']}"', 'inference=f"http://0.0.0.0:{ports[\'inference\']}"',
      TS_CONFIG),
    m("torchserve-config", "local-metrics-public", "serve's metrics address on 0.0.0.0", _CFG,
      'metrics=f"http://127.0.0.1:{ports[\'metrics\']}"', 'metrics=f"http://0.0.0.0:{ports[\'metrics\']}"',
      TS_CONFIG),
    m("torchserve-config", "grpc-mgmt-port-swapped", "gRPC management port takes the inference port", _CFG,
      '"grpc_management_port": str(a.grpc_management_port)', '"grpc_management_port": str(a.grpc_inference_port)',
      TS_CONFIG),
    m("torchserve-config", "model-api-on", "model registration API enabled", _CFG,
      '"enable_model_api": "false"', '"enable_model_api": "true"', TS_CONFIG),
    m("torchserve-config", "token-auth", "token authorization left on (the wrapper cannot call management)", _CFG,
      '"disable_token_authorization": "true"', '"disable_token_authorization": "false"', TS_CONFIG),
    m("torchserve-config", "allowed-urls-any-suffix", "allowed_urls matches sibling storage", _CFG,
      '}(/.*)?")', '}.*")', TS_CONFIG),
    m("torchserve-config", "metrics-mode-log", "metrics_mode not prometheus", _CFG,
      '"metrics_mode": "prometheus"', '"metrics_mode": "log"', TS_CONFIG),
    m("torchserve-config", "cpu-grabs-gpu", "a CPU model may take a GPU", _CFG,
      '        props["number_of_gpu"] = "0"', '        pass', TS_CONFIG),
    m("torchserve-config", "no-per-model-deps", "requirements not installed", _CFG,
      '        props["install_py_dep_per_model"] = "true"', "        pass", TS_CONFIG),
    m("torchserve-config", "snapshot-not-default", "snapshot version not the default", _CFG,
      '"defaultVersion": True', '"defaultVersion": False', TS_CONFIG),
    m("torchserve-config", "backslash-unescaped", "Java properties escapes dropped", _CFG,
      "value.replace(chr(92), chr(92) * 2)", "value", TS_CONFIG),
    # --- secure defaults -----------------------------------------------------------------------------
    m("secure-defaults", "pod-root-allowed", "pod runAsNonRoot inverted", _VALUES,
      'out: dict[str, Any] = {"runAsNonRoot": not sec.allow_root}', 'out: dict[str, Any] = {"runAsNonRoot": False}',
      SECURE),
    m("secure-defaults", "pod-seccomp-unconfined", "pod seccomp Unconfined", _VALUES,
      '    out["seccompProfile"] = {"type": "RuntimeDefault"}', '    out["seccompProfile"] = {"type": "Unconfined"}',
      SECURE),
    m("secure-defaults", "pod-no-run-as-user", "pod runAsUser dropped", _VALUES,
      '        out["runAsUser"] = sec.run_as_user\n', "", SECURE),
    m("secure-defaults", "pod-no-fsgroup-policy", "fsGroupChangePolicy dropped", _VALUES,
      '        out["fsGroupChangePolicy"] = "OnRootMismatch"\n', "", SECURE),
    m("secure-defaults", "caps-not-dropped", "capabilities drop nothing", _VALUES,
      'caps: dict[str, Any] = {"drop": ["ALL"]}', 'caps: dict[str, Any] = {"drop": []}', SECURE),
    m("secure-defaults", "privileged", "privileged container", _VALUES,
      '"privileged": False, "readOnlyRootFilesystem"', '"privileged": True, "readOnlyRootFilesystem"', SECURE),
    m("secure-defaults", "escalation-allowed", "allowPrivilegeEscalation true", _VALUES,
      '{"allowPrivilegeEscalation": sec.allow_privilege_escalation,', '{"allowPrivilegeEscalation": True,', SECURE),
    m("secure-defaults", "root-fs-writable", "readOnlyRootFilesystem false", _VALUES,
      '"readOnlyRootFilesystem": sec.read_only_root_filesystem,', '"readOnlyRootFilesystem": False,', SECURE),
    m("secure-defaults", "container-root-allowed", "container runAsNonRoot false", _VALUES,
      '"runAsNonRoot": not sec.allow_root, "seccompProfile": {"type": "RuntimeDefault"}}',
      '"runAsNonRoot": False, "seccompProfile": {"type": "RuntimeDefault"}}', SECURE),
    m("secure-defaults", "container-seccomp-gone", "container seccomp dropped", _VALUES,
      '"runAsNonRoot": not sec.allow_root, "seccompProfile": {"type": "RuntimeDefault"}}',
      '"runAsNonRoot": not sec.allow_root}', SECURE),
    m("secure-defaults", "token-mounted", "API token mounted by default", _VALUES,
      '"automountToken": model.service_account.automount_token,', '"automountToken": True,', SECURE),
    m("secure-defaults", "knative-loses-run-as", "Knative container loses runAsUser/runAsGroup",
      "generator/render/modes/serverless.py", "            container[key] = pod[key]", "            pass", SECURE),
    m("secure-defaults", "writable-not-emptydir", "writable paths not mounted", _VALUES,
      '            mounts.append({"name": f"writable-{i}", "mountPath": path})', "            pass", SECURE),
    # --- chart promises ---------------------------------------------------------------------------------
    m("promises", "gpu-no-limit", "GPU requested without a limit", _VALUES,
      "        limits[model.gpu.resource] = model.gpu.count\n", "", PROMISES),
    m("promises", "knative-annotations-on-service", "Knative autoscaling annotations on the Service",
      _TPL + "knative-service.yaml.jinja",
      '    argocd.argoproj.io/sync-wave: "1"\n    {{- include "model.annotations" . | nindent 4 }}\n',
      '    argocd.argoproj.io/sync-wave: "1"\n    {{- include "model.annotations" . | nindent 4 }}\n'
      '    {{- with .Values.knative.annotations }}\n    {{- toYaml . | nindent 4 }}\n    {{- end }}\n', PROMISES),
    # --- YAML 1.1 quoting -------------------------------------------------------------------------------
    m("yaml-quoting", "instance-label-bare", "release name label unquoted",
      "generator/templates/chart/templates/_helpers.tpl",
      "app.kubernetes.io/instance: {{ .Release.Name | quote }}", "app.kubernetes.io/instance: {{ .Release.Name }}",
      YAML11),
    m("yaml-quoting", "namespace-bare", "workload namespace unquoted", _TPL + "workload.yaml.jinja",
      "namespace: {{ .Release.Namespace | quote }}", "namespace: {{ .Release.Namespace }}", YAML11),
    m("yaml-quoting", "yamlout-n-plain", "values.yaml writes n bare", "generator/yamlout.py",
      '"y", "n", "~"}', '"y", "~"}', YAML11),
    m("yaml-quoting", "port-name-bare", "container port name unquoted", _TPL + "_pod.tpl",
      "    - name: {{ .name | quote }}", "    - name: {{ .name }}", YAML11),
    m("yaml-quoting", "linter-yn-strings", "the linter reads a bare n as a string (Kubernetes: false)",
      "generator/lint/yamlio.py", '    loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))',
      "", LINT),
]

LINT_MUTANTS: list[tuple[str, str, str, str, str]] = [
    # (id, note, file, old, new): each rule's condition broken so that its case must fail
    ("privileged-ignored", "privileged: true not flagged", _SEC,
     'if sc.get("privileged") is True:', 'if sc.get("privileged") == "true":'),
    ("escalation-unset-ok", "unset allowPrivilegeEscalation accepted", _SEC,
     'if sc.get("allowPrivilegeEscalation") is not False:', 'if sc.get("allowPrivilegeEscalation") is True:'),
    ("non-root-pod-ignored", "pod-level runAsNonRoot ignored", _SEC,
     'if sc.get("runAsNonRoot", pod.get("runAsNonRoot")) is not True:', 'if sc.get("runAsNonRoot") is not True:'),
    ("root-uid-ignored", "runAsUser 0 accepted", _SEC,
     'if sc.get("runAsUser", pod.get("runAsUser")) == 0:', 'if sc.get("runAsUser", pod.get("runAsUser")) == -1:'),
    ("seccomp-unconfined-ok", "Unconfined accepted on the container", _SEC,
     'SECCOMP = ("RuntimeDefault", "Localhost")', 'SECCOMP = ("RuntimeDefault", "Localhost", "Unconfined")'),
    ("drop-all-ignored", "any drop list accepted", _SEC,
     'if "ALL" not in (caps.get("drop") or []):', 'if not caps.get("drop"):'),
    ("caps-add-ok", "NET_ADMIN added accepted", _SEC,
     'if cap != "NET_BIND_SERVICE"]', 'if cap not in ("NET_BIND_SERVICE", "NET_ADMIN", "SYS_ADMIN")]'),
    ("host-port-ok", "hostPort accepted", _SEC, 'if port.get("hostPort"):', 'if port.get("hostport"):'),
    ("host-namespaces-ok", "hostNetwork accepted", _SEC,
     "if tpl.spec.get(key) is True:", 'if tpl.spec.get(key) == "true":'),
    ("hostpath-ok", "hostPath volumes accepted", _SEC, '"projected", "secret", "image"}',
     '"projected", "secret", "image", "hostPath"}'),
    ("pod-unconfined-ok", "pod-level Unconfined accepted", _SEC,
     '.get("type") == "Unconfined":', '.get("type") == "unconfined":'),
    ("mgmt-7071-ok", "gRPC management port exposable", _SEC,
     "MANAGEMENT_PORTS = {8081, 7071}", "MANAGEMENT_PORTS = {8081}"),
    ("mgmt-ingress-ok", "Ingress to management accepted", _SEC,
     'if port.get("number") in MANAGEMENT_PORTS or port.get("name") in MANAGEMENT_NAMES:',
     'if port.get("number") == -1:'),
    ("gpu-no-limit-ok", "GPU request without limit accepted", _RES,
     "            if key not in limits:", "            if key in limits and key not in limits:"),
    ("gpu-unequal-ok", "GPU request != limit accepted", _RES,
     "            elif not _same(limits[key], value):", "            elif _same(limits[key], value) and False:"),
    ("gpu-not-extended", "nvidia.com/gpu not an extended resource", _RES,
     'return "/" in resource and "kubernetes.io/"', 'return "." in resource.split("/")[-1] and "kubernetes.io/"'),
    ("memory-limit-any", "cpu limit counts as memory", _RES,
     '.get("limits") or {}).get("memory"):', '.get("limits") or {}):'),
    ("latest-ok", ":latest accepted", _RES, 'elif last.endswith(":latest"):', 'elif last.endswith(":latest:"):'),
    ("untagged-ok", "an image without a tag accepted", _RES, 'if ":" not in last:', 'if ":" not in image:'),
    ("kn-placement-ok", "autoscaling annotation on the Service accepted", _KN,
     "if key.startswith(AUTOSCALING):", 'if key.startswith(AUTOSCALING + "x"):'),
    ("kn-flag-inverted", "feature flags inverted", _KN,
     "if flag not in ctx.config.knative_features:", "if flag in ctx.config.knative_features:"),
    ("kn-pvc-write-ok", "writable PVC mount without its flag", _KN,
     'mount.get("readOnly") is not True:', 'mount.get("readOnly") is False:'),
    ("kn-timeout-boundary", "timeoutSeconds at the limit flagged", _KN,
     "(value > limit or value < 0)", "(value >= limit or value < 0)"),
    ("kn-initial-zero-ok", "initial-scale 0 accepted", _KN, '== "0":', '== "00":'),
    ("kn-min-scale-default", "unset min-scale read as 1", _KN,
     'ann.get(AUTOSCALING + "minScale", 0))', 'ann.get(AUTOSCALING + "minScale", 1))'),
    ("ks-legacy-ok", "legacy predictor accepted", _KS, "        if key in predictor:", "        if key is None:"),
    ("ks-mode-ok", "missing deploymentMode accepted", _KS,
     "if _isvc(doc) and MODE not in meta(doc.obj, \"annotations\"):", "if _isvc(doc) and MODE is None:"),
    ("ks-min-zero-ok", "minReplicas 0 in Standard accepted", _KS,
     '"minReplicas") == 0:', '"minReplicas") == -1:'),
    ("ks-s3-ann-ok", "s3 annotations on the isvc accepted", _KS,
     "    for key in meta(doc.obj, \"annotations\") if _isvc(doc) else ():\n        if key.startswith(S3):",
     "    for key in meta(doc.obj, \"annotations\") if _isvc(doc) else ():\n        if key.startswith(S3 + \"x\"):"),
    ("ks-s3-dot-ok", "endpoint ending in a dot accepted", _KS, '.split(":")[0].endswith("."):',
     '.split(":")[0].endswith(".."):'),
    ("hpa-min-zero-ok", "minReplicas 0 accepted", _SCALE, "if isinstance(low, int) and low < 1:",
     "if isinstance(low, int) and low < 0:"),
    ("hpa-min-gt-max-ok", "min > max accepted", _SCALE, "and low > high:", "and low > high + 1:"),
    ("hpa-replicas-ok", "HPA-scaled workload with replicas accepted", _SCALE,
     'if scaled and "replicas" in', 'if scaled and "replica" in'),
    ("pdb-zero-ok", "maxUnavailable 0 accepted", _SCALE, 'in ("0", "0%"):', 'in ("00",):'),
    ("pdb-min-boundary", "minAvailable == replicas accepted", _SCALE, "need >= floor:", "need > floor:"),
    ("removed-api-boundary", "API removed in exactly the target version accepted", _SCALE,
     ">= version_key(entry[0])", "> version_key(entry[0])"),
    ("svc-selector-ok", "unmatched Service selector accepted", _XREF,
     "if found is not None and not found[1]:", "if found is None:"),
    ("target-port-ok", "missing targetPort accepted", _XREF,
     "if target is not None and port_missing(target, names, numbers):", "if target is None:"),
    ("probe-port-ok", "missing probe port accepted", _XREF,
     "if port is not None and port_missing(port, names, numbers):", "if port is None:"),
    ("named-port-ok", "named ports never missing", _XREF, "        return port not in names", "        return False"),
    ("ingress-backend-ok", "missing backend Service accepted", _XREF,
     "        if target is None:\n            yield", "        if target is None and False:\n            yield"),
    ("hpa-target-ok", "missing HPA target accepted", _XOBJ,
     'str(ref.get("name"))) is None:', 'str(ref.get("name"))) is False:'),
    ("selector-rule-ok", "unmatched PDB/NetworkPolicy selector accepted", _XOBJ,
     "if selective and isinstance(sel, dict) and not ctx.index.select", "if False and not ctx.index.select"),
    ("volume-ref-ok", "missing PVC accepted", _XOBJ,
     'if ctx.index.find("", kind, ns, name) is None and name', 'if ctx.index.find("", kind, ns, name) == 1 and name'),
    ("duplicates-ok", "duplicate resources accepted", _XOBJ, "if name and len(same) > 1:",
     "if name and len(same) > 2:"),
]

MUTANTS += [m("lint-rules", ident, note, path, old, new, LINT) for ident, note, path, old, new in LINT_MUTANTS]
