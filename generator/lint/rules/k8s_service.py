"""Core Service ports and nodePorts; Ingress paths."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, group_of

E = Severity.ERROR
NODE_PORTS = range(30000, 32768)  # kube-apiserver --service-node-port-range default
BAD_PATH_PARTS = ("//", "/./", "/../", "%2f", "%2F")


def _ports(doc: Document) -> Iterator[tuple[str, list[str]]]:
    spec = doc.obj.get("spec") or {}
    ports = spec.get("ports") or []
    names: set[str] = set()
    numbers: set[tuple[object, object]] = set()
    for i, port in enumerate(ports):
        errs: list[str] = []
        name = port.get("name")
        if len(ports) > 1 and not name:
            errs.append("a Service with several ports must name each")
        elif name:
            errs += k8s.dns1123_label(str(name)) + ([f"{name!r} names another port"] if name in names else [])
            names.add(name)
        key = (port.get("port"), port.get("protocol", "TCP"))
        if not k8s.port_number(port.get("port")):
            errs.append(f"port {port.get('port')!r} is outside 1..65535")
        elif key in numbers:
            errs.append(f"port {key[0]}/{key[1]} appears twice")
        numbers.add(key)
        target = port.get("targetPort")
        if isinstance(target, str) and k8s.port_name(target):  # a quoted "8080" is a name, and has no letter
            errs.append(f"targetPort {target!r} is not an IANA service name (quote no port numbers)")
        elif isinstance(target, int) and not k8s.port_number(target):
            errs.append(f"targetPort {target} is outside 1..65535")
        node = port.get("nodePort")
        if node is not None and spec.get("type", "ClusterIP") == "ClusterIP":
            errs.append(f"nodePort {node} may not be used when type is ClusterIP")
        elif node is not None and node not in NODE_PORTS:
            errs.append(f"nodePort {node} is outside the default range 30000-32767")
        if errs:
            yield f"spec.ports[{i}]", errs


@rule("service-port", E, "Service port the API server rejects: unnamed among several, bad or repeated name, "
      "bad targetPort, nodePort out of range or on a ClusterIP Service",
      "name every port of a multi-port Service (DNS-1123 label, unique); nodePort 30000-32767 on "
      "NodePort/LoadBalancer Services", kinds={"/Service"},
      origin="kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go ValidateServiceCreate, "
             "validateService, validateServicePort, ValidatePortNumOrName; the 30000-32767 default of "
             "kube-apiserver --service-node-port-range (not verified at a tag)")
def service_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    if group_of(doc.api_version) == "":
        for path, errs in _ports(doc):
            yield Hit(path, "; ".join(errs))


@rule("ingress-path", E, "Ingress rule path or pathType the API server rejects",
      "set pathType (Prefix, Exact or ImplementationSpecific); Prefix and Exact paths start with '/' and "
      "contain no '//', '/./', '/../' or %2f", kinds={"Ingress"},
      origin="kubernetes/kubernetes pkg/apis/networking/validation/validation.go validateHTTPIngressPath, "
             "validateIngressRules (not verified at a tag); the leading '/' for Prefix and Exact as documented "
             "in staging/src/k8s.io/api/networking/v1/types.go HTTPIngressPath at v1.34.1")
def ingress_path(doc: Document, ctx: Context) -> Iterator[Hit]:
    if group_of(doc.api_version) != "networking.k8s.io":
        return
    for i, r in enumerate(dig(doc.obj, "spec", "rules") or []):
        host = r.get("host")
        if isinstance(host, str) and host and k8s.dns1123_subdomain(host.removeprefix("*.")):
            yield Hit(f"spec.rules[{i}].host", f"host {host!r} is not a DNS-1123 subdomain")
        for j, p in enumerate(dig(r, "http", "paths") or []):
            at, kind, path = f"spec.rules[{i}].http.paths[{j}]", p.get("pathType"), str(p.get("path") or "")
            if kind not in ("Prefix", "Exact", "ImplementationSpecific"):
                yield Hit(f"{at}.pathType", f"pathType {kind!r} is not Prefix, Exact or ImplementationSpecific")
            elif kind != "ImplementationSpecific" and (not path.startswith("/") or
                                                     any(x in path for x in BAD_PATH_PARTS) or
                                                     path.endswith(("/..", "/."))):
                yield Hit(f"{at}.path", f"path {path!r} is not a clean absolute path")
