"""Catalog schema sections added for the reference deployments: Kong's cors plugin and
ConfigMaps created from inline data (client CIDRs live in :mod:`generator.declare.common`)."""

from __future__ import annotations

from generator.catalog.schema_parts import abs_path, boolean, dns_label, enum, integer, obj, string_list

CORS = obj("KongPlugin cors: Kong answers preflight requests itself (before key-auth) and adds the "
           "Access-Control-* headers.", {
    "origins": string_list("Allowed origins (exact, a regex, or *).", {"type": "string", "minLength": 1},
                           minItems=1, examples=[["https://asr.example.com"]]),
    "methods": string_list("Allowed methods; Kong's default is every common method.",
                           enum("An HTTP method.", ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE",
                                                    "OPTIONS", "TRACE", "CONNECT"])),
    "headers": string_list("Request headers allowed; default those the preflight asks for.",
                           {"type": "string", "minLength": 1}, examples=[["Content-Type", "X-API-Key"]]),
    "exposedHeaders": string_list("Response headers the browser may read.", {"type": "string", "minLength": 1}),
    "credentials": boolean("Send Access-Control-Allow-Credentials: true.", False),
    "maxAge": integer("Seconds a preflight result may be cached.", 0),
    "preflightContinue": boolean("Proxy preflight requests to the model instead of answering them.", False),
}, ["origins"])

CONFIG_MAP = obj("A ConfigMap created by the chart (named as given) and mounted and/or read as env.", {
    "name": dns_label("ConfigMap name.", 253, examples=["inference-config"]),
    "data": {"type": "object", "description": "Key → string value.",
             "propertyNames": {"pattern": r"^[-._a-zA-Z0-9]+$", "maxLength": 253,
                               "x-expected": "a ConfigMap key (letters, digits, '-', '_', '.')"},
             "additionalProperties": {"type": "string"},
             "x-hint": "values are strings: quote numbers and booleans",
             "examples": [{"INITIAL_MODEL_REPO_ID": "org/model"}]},
    "mountPath": abs_path("Mount the keys as files in this directory."),
    "envFrom": boolean("Expose every key as an environment variable (envFrom).", False),
}, ["name", "data"], examples=[{"name": "inference-config", "data": {"LOG_LEVEL": "info"}, "envFrom": True}])
