"""S3/MinIO access the way KServe's credential builder reads it.

kserve/kserve v0.20.0 ``pkg/credentials/service_account_credentials.go``
(``CreateSecretVolumeAndEnvFromServiceAccount``): the ServiceAccount's own annotations are read
only when it carries ``eks.amazonaws.com/role-arn`` (IRSA); otherwise each Secret the
ServiceAccount lists is used when its data holds ``awsSecretAccessKey``, and
``pkg/credentials/s3/s3_secret.go`` (``BuildSecretEnvs``) takes the endpoint, https, SSL and
region settings from *that Secret's* ``serving.kserve.io/s3-*`` annotations
(``pkg/credentials/s3/utils.go``, ``BuildS3EnvVars``).

So the chart creates the Secret with those annotations and no data; the two keys are filled
outside git (NOTES shows the command) and the Application ignores ``/data`` so Argo CD never
empties them again.
"""

from __future__ import annotations

from typing import Any

from generator import spec as s

IRSA = "eks.amazonaws.com/role-arn"
S3_PREFIX = "serving.kserve.io/s3-"
ACCESS_KEY, SECRET_KEY = "awsAccessKeyID", "awsSecretAccessKey"  # s3_secret.go defaults


def secret_annotations(s3: s.S3) -> dict[str, str]:
    """The serving.kserve.io/s3-* annotations for the endpoint settings."""
    out = {f"{S3_PREFIX}endpoint": s3.endpoint,
           f"{S3_PREFIX}usehttps": "1" if s3.use_https else "0",
           f"{S3_PREFIX}verifyssl": "1" if s3.verify_ssl else "0"}
    if s3.region:
        out[f"{S3_PREFIX}region"] = s3.region
    return out


def account_annotations(s3: s.S3) -> dict[str, str]:
    """ServiceAccount annotations: the IRSA role and, only then, the settings KServe reads with it."""
    return {IRSA: s3.role_arn, **secret_annotations(s3)} if s3.role_arn else {}


def values(s3: s.S3) -> dict[str, Any]:
    out: dict[str, Any] = {"secretName": s3.secret_name} if s3.secret_name else {}
    if s3.secret_name and s3.create_secret:
        out["secretAnnotations"] = secret_annotations(s3)
    return out


def ignore_differences(model: s.Model) -> list[dict[str, Any]]:
    """Argo CD must leave the Secret's data (filled outside git) alone."""
    ks = model.kserve
    if ks is None or ks.s3 is None or not ks.s3.secret_name or not ks.s3.create_secret:
        return []
    return [{"group": "", "kind": "Secret", "name": ks.s3.secret_name, "namespace": model.namespace,
             "jsonPointers": ["/data"]}]


def notes(model: s.Model, s3: s.S3) -> list[str]:
    out = []
    if s3.role_arn:
        out.append(f"S3: IRSA role {s3.role_arn} on the ServiceAccount; KServe reads the endpoint "
                   f"{s3.endpoint} from its annotations.")
    if s3.secret_name and not s3.create_secret:
        pairs = " ".join(f"{k}={v}" for k, v in secret_annotations(s3).items())
        out.append(f"S3: KServe reads the endpoint from Secret {s3.secret_name}'s annotations; managed outside "
                   f"the chart, it needs: kubectl -n {model.namespace} annotate secret {s3.secret_name} {pairs} "
                   f"(and the keys {ACCESS_KEY}, {SECRET_KEY}).")
    elif s3.secret_name:
        out.append(f"S3: Secret {s3.secret_name} carries the endpoint {s3.endpoint} in its serving.kserve.io/s3-* "
                   "annotations and no data. Fill its keys once, outside git: kubectl -n "
                   f"{model.namespace} patch secret {s3.secret_name} --type merge -p "
                   f"'{{\"stringData\":{{\"{ACCESS_KEY}\":\"...\",\"{SECRET_KEY}\":\"...\"}}}}' "
                   "(Argo CD ignores its /data).")
    return out
