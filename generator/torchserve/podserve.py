"""``infergen serve`` inside an emulated KServe pod (pod.py): package, run, check, report."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.lint.facts.torchserve import missing_writable
from generator.render.values import volumes
from generator.spec import Catalog, Model
from generator.torchserve import pod
from generator.torchserve.errors import TorchServeError
from generator.torchserve.package import package
from generator.torchserve.smoke import check_response


def writable(model: Model, catalog: Catalog) -> dict[str, str]:
    """mountPath → sizeLimit of the chart's emptyDirs, exactly as the chart renders them."""
    vols, mounts = volumes(model, catalog)
    sizes = {v["name"]: v["emptyDir"]["sizeLimit"] for v in vols if "emptyDir" in v}
    return {m["mountPath"]: sizes[m["name"]] for m in mounts if m["name"] in sizes}


def serve_in_pod(model: Model, catalog: Catalog, wrapper_source: Path | None = None, timeout: float = 300,
                 echo: Callable[[str], None] = print) -> object:
    """Run the smoke test in a pod; returns the first instance's answer."""
    ts = model.torchserve
    if ts is None or ts.smoke_test is None:
        raise TorchServeError(model.name, "serve in a pod needs torchserve.smokeTest (the request it sends)")
    with tempfile.TemporaryDirectory(prefix=f"infergen-pod-{model.name}-") as tmp:
        built = package(model, Path(tmp) / "build", echo=echo)
        models = built.model_store.parent  # what the storageUri holds: model-store/ and config/
        pod.open_to_all(models)
        wrapped = pod.wrapper(wrapper_source, Path(tmp)) if wrapper_source else None
        if wrapped:
            pod.open_to_all(wrapped[0])
        paths = writable(model, catalog)
        if model.security.read_only_root_filesystem:
            for path, why in missing_writable(model, tuple(paths)).items():
                raise TorchServeError(model.name, f"{path} is not writable in the pod ({why}); "
                                                  f"add it to security.writablePaths")
        proc = pod.start(model, models, paths, ts.smoke_test.request, wrapped, timeout,
                         read_only_root=model.security.read_only_root_filesystem)
        result = pod.finish(proc, timeout + 60)
    if "error" in result:
        raise TorchServeError(model.name, f"in the pod: {result['error']}", tuple(result["log"].splitlines()[-25:]))
    problem = check_response(result["answer"], ts.smoke_test.expect_shape)
    if problem:
        raise TorchServeError(model.name, f"smoke test in the pod: {problem}")
    via = f"the kserve wrapper from {wrapper_source}" if wrapped else "TorchServe's own KServe route"
    text = json.dumps(result["answer"])
    echo(f"{model.name}: pod {pod.POD_IP}, uid 1000, writable only {', '.join(paths) or 'everything'}; via {via}")
    echo(f"{model.name}: ready in {result['ready_s']:.1f} s")
    echo(f"{model.name}: {text[:300]}{'...' if len(text) > 300 else ''}")
    echo(f"{model.name}: smoke test passed in {result['latency_ms']:.1f} ms")
    burst = result["burst"]
    echo(f"{model.name}: throughput {burst['count'] / burst['seconds']:.1f} requests/s ({burst['ok']}/"
         f"{burst['count']} answered 200 in {burst['seconds']:.2f} s)")
    return result["answer"]
