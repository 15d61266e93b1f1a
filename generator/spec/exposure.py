"""Who reaches the model and how: Service, Ingress, Kong plugins, NetworkPolicy, and Prometheus scraping.

The model's network-facing blocks, apart from what runs in the pod (pod.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.declare.common import CIDR, TEXT
from generator.declare.convert import Pairs, pairs
from generator.declare.field import DEFAULT, block, knob, optional
from generator.declare.parts import (
    abs_path,
    annotation_map,
    boolean,
    dns_label,
    duration,
    enum,
    integer,
    string,
    string_list,
    string_map,
)


@dataclass(frozen=True)
class Service:
    type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = knob(
        enum("Service type.", ["ClusterIP", "NodePort", "LoadBalancer"], default=DEFAULT), "ClusterIP",
        values="service.type",
        doc="ClusterIP; NodePort to expose fixed ports on every node; LoadBalancer for a cloud address.")
    # an extra ``<name>-headless`` Service (always for StatefulSets)
    headless: bool = knob(boolean("Also create <name>-headless (always for StatefulSets).", DEFAULT), False)
    # port name -> nodePort; with type ClusterIP adds a NodePort Service
    node_ports: Pairs = knob({"type": "object", "description": "Port name → fixed nodePort (30000-32767).",
                              "additionalProperties": integer("nodePort", 30000, 32767),
                              "examples": [{"http": 30080}]}, (), load=pairs)
    annotations: Pairs = knob(annotation_map("Service annotations."), (), values="service.annotations",
                              doc="Service annotations (Kong plugins are attached here).")
    load_balancer_source_ranges: tuple[str, ...] = knob(string_list(
        "type LoadBalancer: client CIDRs the load balancer admits; also the NetworkPolicy's external "
        "clients unless networkPolicy.externalClients is set.", CIDR, examples=[["10.0.0.0/8"]]), (),
        values="service.loadBalancerSourceRanges", doc="Client CIDRs the load balancer admits.")
    external_traffic_policy: Literal["Cluster", "Local"] | None = knob(enum(
        "NodePort/LoadBalancer: Local keeps the client's source address (needed for "
        "networkPolicy.externalClients to match) and answers only on nodes running a pod; Cluster "
        "(Kubernetes' default) masquerades it to a node address.", ["Cluster", "Local"]), None,
        values="service.externalTrafficPolicy",
        doc="Local keeps the client address (NetworkPolicy ipBlocks match it); Cluster masquerades it.")
    # published ports skip the model's gateway, knowingly
    gateway_bypass: bool = knob(boolean("Acknowledge that published ports (nodePorts, LoadBalancer) reach the pods "
                                        "without the gateway (Kong) the model declares; validate warns otherwise.",
                                        DEFAULT), False)

    @property
    def published(self) -> bool:
        """Whether clients outside the cluster reach the pods through node or load-balancer ports."""
        return self.type != "ClusterIP" or bool(self.node_ports)


@dataclass(frozen=True)
class Tls:
    secret_name: str = knob(dns_label("TLS Secret name.", 253, examples=["api-example-com-tls"]))
    hosts: tuple[str, ...] = knob(string_list("Hosts on the certificate; default the ingress host."), ())


@dataclass(frozen=True)
class Ingress:
    host: str = knob(string("Host name.",
                            pattern=r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                            examples=["api.example.com"], **{"x-expected": "a DNS host name"}))
    class_name: str | None = knob(string("IngressClass (nginx, kong, ...).", examples=["nginx", "kong"]), None)
    path: str = knob(abs_path("URL path.", default=DEFAULT), "/")
    # several paths to the same backend; empty: (path,)
    paths: tuple[str, ...] = knob(string_list("Several URL paths to the same Service port (one Ingress path each, "
                                              "which the Kong ingress controller turns into routes); replaces path.",
                                              abs_path("A URL path."), minItems=1,
                                              examples=[["/api/v1/asr", "/v2/models"]]), ())
    path_type: str = knob(enum("Path matching.", ["Prefix", "Exact", "ImplementationSpecific"], default=DEFAULT),
                          "Prefix")
    port: str = knob(dns_label("Service port name to route to.", 15, default=DEFAULT), "http")
    tls: Tls | None = knob(block(Tls, "TLS from an existing Secret (e.g. cert-manager)."), None)
    annotations: Pairs = knob(annotation_map("Ingress annotations."), ())

    @property
    def all_paths(self) -> tuple[str, ...]:
        return self.paths or (self.path,)


@dataclass(frozen=True)
class KongConsumer:
    username: str = knob(dns_label("Consumer user name.", 253))
    credential_secret: str = knob(dns_label(
        "Secret with the key-auth credential (label konghq.com/credential: key-auth).", 253))


@dataclass(frozen=True)
class RateLimit:
    second: int | None = knob(integer("Requests per second.", 1), None)
    minute: int | None = knob(integer("Requests per minute.", 1), None)
    hour: int | None = knob(integer("Requests per hour.", 1), None)
    policy: str = knob(enum("Counter storage.", ["local", "cluster", "redis"], default=DEFAULT), "local")


@dataclass(frozen=True)
class Cors:
    """Kong's ``cors`` plugin; the gateway answers preflights before key-auth runs."""

    origins: tuple[str, ...] = knob(string_list("Allowed origins (exact, a regex, or *).", TEXT, minItems=1,
                                                examples=[["https://asr.example.com"]]))
    methods: tuple[str, ...] = knob(string_list(
        "Allowed methods; Kong's default is every common method.",
        enum("An HTTP method.", ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"])), ())
    headers: tuple[str, ...] = knob(string_list("Request headers allowed; default those the preflight asks for.",
                                                TEXT, examples=[["Content-Type", "X-API-Key"]]), ())
    exposed_headers: tuple[str, ...] = knob(string_list("Response headers the browser may read.", TEXT), ())
    credentials: bool = knob(boolean("Send Access-Control-Allow-Credentials: true.", DEFAULT), False)
    max_age: int | None = knob(integer("Seconds a preflight result may be cached.", 0), None)
    preflight_continue: bool = knob(boolean("Proxy preflight requests to the model instead of answering them.",
                                            DEFAULT), False)


@dataclass(frozen=True)
class Kong:
    key_auth: bool = knob(boolean("Require an API key (KongPlugin key-auth).", DEFAULT), False)
    key_names: tuple[str, ...] = knob(string_list("Header or query names carrying the key.", TEXT, default=DEFAULT,
                                                  minItems=1, examples=[["X-API-Key"]]), ("apikey",))
    hide_credentials: bool = knob(boolean("Strip the key before proxying.", DEFAULT), True)
    consumers: tuple[KongConsumer, ...] = knob(string_list(
        "KongConsumers; each key lives in an existing Secret.", block(KongConsumer, "A consumer.")), (),
        values="kong.consumers", doc="KongConsumers; each API key lives in an existing Secret, never in git.")
    # an empty rateLimit: {} is no plugin
    rate_limit: RateLimit | None = knob(block(RateLimit, "KongPlugin rate-limiting.", examples=[{"minute": 120}]),
                                        None, load=optional(RateLimit), values="kong.rateLimit",
                                        doc="rate-limiting plugin config.")
    cors: Cors | None = knob(block(Cors, "KongPlugin cors: Kong answers preflight requests itself (before key-auth) "
                                   "and adds the Access-Control-* headers."), None, values="kong.cors",
                             doc="cors plugin config (origins, methods, headers, exposed_headers, credentials, "
                                 "max_age).")


@dataclass(frozen=True)
class Peer:
    pod_labels: Pairs = knob(string_map("Pod labels."), ())
    namespace_labels: Pairs = knob(string_map("Namespace labels."), ())


@dataclass(frozen=True)
class NetworkPolicy:
    enabled: bool = knob(boolean("Create the NetworkPolicy.", DEFAULT), True)
    allow_from: tuple[Peer, ...] = knob(string_list(
        "Allowed peers.", block(Peer, "A peer: pods by labels, namespaces by labels, or both."),
        examples=[[{"namespaceLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}]]), ())
    # port names; empty = every declared port
    ports: tuple[str, ...] = knob(string_list("Port names allowed; default all.", dns_label("Port name.", 15)), ())
    allow_same_namespace: bool = knob(boolean("Also allow every pod of the namespace.", DEFAULT), False)
    # CIDRs of clients outside the cluster, admitted on the published ports only; empty falls
    # back to service.loadBalancerSourceRanges
    external_clients: tuple[str, ...] = knob(string_list(
        "CIDRs of clients outside the cluster (ipBlock peers), admitted on the published ports only "
        "(nodePorts, or every port of a LoadBalancer); default service.loadBalancerSourceRanges.",
        CIDR, examples=[["10.20.0.0/16"]]), ())


# kube-prometheus-stack's Prometheus selects ServiceMonitors labelled release=<its Helm release>
# (prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, true by default); the
# release name its README installs with is kube-prometheus-stack.
DEFAULT_MONITORING_LABELS: Pairs = (("release", "kube-prometheus-stack"),)


@dataclass(frozen=True)
class Monitoring:
    service_monitor: bool = knob(boolean("Create a ServiceMonitor.", DEFAULT), False)
    port: str = knob(dns_label("Port name to scrape.", 15, default=DEFAULT), "metrics",
                     values="serviceMonitor.port", doc="Service port name to scrape.")
    path: str = knob(abs_path("Metrics path.", default=DEFAULT), "/metrics", values="serviceMonitor.path",
                     doc="Metrics path.")
    interval: str = knob(duration("Scrape interval.", default=DEFAULT), "30s", values="serviceMonitor.interval",
                         doc="Scrape interval.")
    labels: Pairs = knob(string_map("Labels the Prometheus selects ServiceMonitors by; the default suits "
                                    "kube-prometheus-stack installed as release kube-prometheus-stack. Set it once "
                                    "under defaults.", default=DEFAULT, examples=[{"release": "prometheus"}]),
                         DEFAULT_MONITORING_LABELS, values="serviceMonitor.labels",
                         doc="Labels your Prometheus selects ServiceMonitors by.")
