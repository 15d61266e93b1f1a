"""The MinIO model's storage download, through kserve-storage's real initializer.

The chart of ``fraud-detector`` (catalog.yaml) is rendered; its Secret gets the two keys the
way the chart's NOTES say (outside git); KServe's credential rules (kserve_credentials.py)
turn ServiceAccount + Secret into the init container's env; the upstream
``initializer-entrypoint`` then downloads the storageUri from a local S3 server answering at
the catalog's endpoint host, in namespaces of its own.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import helm
from tests.conftest import REPO, find
from tests.modes.kserve_credentials import storage_env

UPSTREAM = REPO.parent / "shared" / "upstream" / "kserve-v0.20.0"
ENTRYPOINT = UPSTREAM / "python/storage-initializer/scripts/initializer-entrypoint"
KEYS = {"awsAccessKeyID": "infergen-test", "awsSecretAccessKey": "not-a-real-secret"}
FILES = {"model.onnx": "onnx bytes stand-in", "config/meta.json": '{"v": 1}'}


def _skip_reason() -> str | None:
    if not ENTRYPOINT.is_file():
        return f"{ENTRYPOINT} is absent (the team bench)"
    for module in ("kserve_storage", "moto", "boto3"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[kserve-check]')"
    if os.geteuid() != 0:
        return "needs root for a network namespace"
    if subprocess.run(["unshare", "-m", "-n", "true"], capture_output=True).returncode != 0:
        return "namespaces are not allowed here"
    return None


def _rendered() -> list[dict[str, Any]]:
    release = helm.Release(REPO / "charts" / "fraud-detector", "fraud-detector", "ml-inference")
    return [d for path, text in helm.render(release).manifests.items() if path.endswith(".yaml")
            for d in yaml.safe_load_all(text) if d]


def _cluster_env() -> tuple[dict[str, str], str]:
    """(the initializer's env, the storageUri), from the rendered objects plus the filled keys."""
    docs = _rendered()
    isvc = find(docs, "InferenceService", "fraud-detector")
    account = find(docs, "ServiceAccount", isvc["spec"]["predictor"]["serviceAccountName"])
    secrets = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Secret"}
    for ref in account["secrets"]:  # `kubectl patch ... stringData` as NOTES says
        secrets[ref["name"]] = {**secrets[ref["name"]],
                                "data": {k: base64.b64encode(v.encode()).decode() for k, v in KEYS.items()}}
    return storage_env(account, secrets), isvc["spec"]["predictor"]["model"]["storageUri"]


def test_kserve_derives_the_minio_endpoint_from_the_generated_objects() -> None:
    env, uri = _cluster_env()
    assert uri == "s3://models/fraud-detector/1"
    assert env == {"AWS_ACCESS_KEY_ID": "infergen-test", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
                   "S3_USE_HTTPS": "0", "S3_ENDPOINT": "minio.minio.svc.cluster.local:9000",
                   "AWS_ENDPOINT_URL": "http://minio.minio.svc.cluster.local:9000", "S3_VERIFY_SSL": "0",
                   "AWS_DEFAULT_REGION": "us-east-1"}


def test_annotations_on_the_account_alone_are_ignored() -> None:
    """The old layout: no IRSA, so KServe never sees the endpoint and goes to AWS."""
    account = {"metadata": {"annotations": {"serving.kserve.io/s3-endpoint": "minio:9000"}},
               "secrets": [{"name": "s3"}]}
    data = {k: base64.b64encode(v.encode()).decode() for k, v in KEYS.items()}
    env = storage_env(account, {"s3": {"metadata": {"name": "s3"}, "data": data}})
    assert "S3_ENDPOINT" not in env and "AWS_ENDPOINT_URL" not in env


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_storage_initializer_downloads_from_the_generated_endpoint(tmp_path: Path) -> None:
    env, uri = _cluster_env()
    host, port = env["S3_ENDPOINT"].rsplit(":", 1)
    bucket, prefix = uri.removeprefix("s3://").split("/", 1)
    dest = tmp_path / "mnt-models"
    cfg = {"host": host, "port": int(port), "bucket": bucket, "prefix": prefix, "files": FILES,
           "entrypoint": str(ENTRYPOINT), "dest": str(dest), "env": env}
    run = subprocess.run(["unshare", "-m", "-n", sys.executable, str(Path(__file__).parent / "s3pod" / "run.py")],
                         env={**os.environ, "S3POD": json.dumps(cfg)}, capture_output=True, text=True, timeout=180)
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, run.stdout[-2000:] + run.stderr[-2000:]
    result = json.loads(lines[-1].removeprefix("RESULT "))
    assert result["rc"] == 0, result["log"]
    assert result["files"] == {name: hashlib.sha256(text.encode()).hexdigest() for name, text in FILES.items()}
