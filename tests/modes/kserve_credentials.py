"""The environment KServe's credential builder gives the storage initializer (tests only).

A port of kserve/kserve v0.20.0 (the facts, not the code):
- ``pkg/credentials/service_account_credentials.go``, ``CreateSecretVolumeAndEnvFromServiceAccount``:
  ServiceAccount annotations count only next to ``eks.amazonaws.com/role-arn``; then every
  Secret the ServiceAccount lists, via ``mountSecretCredential``, if its data has
  ``awsSecretAccessKey``; Secret envs override the IRSA ones (``utils.MergeEnvs``).
- ``pkg/credentials/s3/s3_secret.go``, ``BuildSecretEnvs``: AWS_ACCESS_KEY_ID and
  AWS_SECRET_ACCESS_KEY from the keys ``awsAccessKeyID``/``awsSecretAccessKey``.
- ``pkg/credentials/s3/utils.go``, ``BuildS3EnvVars``/``getEnvValue``/``getEndpointConfiguration``:
  each setting from the annotation, else the Secret's data key, else the cluster config (empty
  here); an endpoint without a scheme takes S3_USE_HTTPS from ``s3-usehttps`` ("0": http).
"""

from __future__ import annotations

import base64
from typing import Any

IRSA = "eks.amazonaws.com/role-arn"
P = "serving.kserve.io/s3-"
# (annotation suffix, Secret data key, env var), in BuildS3EnvVars' order after the endpoint
_SETTINGS = (("verifyssl", "S3_VERIFY_SSL", "S3_VERIFY_SSL"), ("useanoncredential", "awsAnonymousCredential",
             "awsAnonymousCredential"), ("region", "AWS_DEFAULT_REGION", "AWS_DEFAULT_REGION"),
             ("usevirtualbucket", "S3_USER_VIRTUAL_BUCKET", "S3_USER_VIRTUAL_BUCKET"),
             ("useaccelerate", "S3_USE_ACCELERATE", "S3_USE_ACCELERATE"))


def _value(ann: dict[str, str], data: dict[str, str], suffix: str, key: str) -> str:
    return ann.get(P + suffix, data.get(key, ""))


def s3_envs(ann: dict[str, str], data: dict[str, str]) -> dict[str, str]:
    env: dict[str, str] = {}
    endpoint = _value(ann, data, "endpoint", "S3_ENDPOINT").strip()
    if endpoint:
        lower = endpoint.lower()
        if lower.startswith(("https://", "http://")):
            https = "1" if lower.startswith("https://") else "0"
            host, url = endpoint.split("://", 1)[1], endpoint
        else:
            https = _value(ann, data, "usehttps", "S3_USE_HTTPS")
            host, url = endpoint, ("http://" if https == "0" else "https://") + endpoint
        if https:
            env["S3_USE_HTTPS"] = https
        env |= {"S3_ENDPOINT": host, "AWS_ENDPOINT_URL": url}
    for suffix, key, name in _SETTINGS:
        value = _value(ann, data, suffix, key)
        if value:
            env[name] = value
    return env


def storage_env(account: dict[str, Any], secrets: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Env for the initializer from a ServiceAccount and the cluster's Secrets (name → object)."""
    ann = account.get("metadata", {}).get("annotations") or {}
    env = s3_envs(ann, {}) if IRSA in ann else {}
    for ref in account.get("secrets") or ():
        secret = secrets[ref["name"]]
        data = {k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()}
        if "awsSecretAccessKey" not in data:
            continue
        env |= {"AWS_ACCESS_KEY_ID": data.get("awsAccessKeyID", ""),
                "AWS_SECRET_ACCESS_KEY": data["awsSecretAccessKey"]}
        env |= s3_envs(secret.get("metadata", {}).get("annotations") or {}, data)
    return env
