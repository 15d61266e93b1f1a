"""The ClusterServingRuntimes each KServe release installs: model formats (with autoSelect)
and protocolVersions, read from kserve/kserve config/runtimes/kustomization.yaml and the runtime
manifests it lists at tags v0.15.0 .. v0.20.0 (git show TAG:path).

Written as the v0.15.0 set plus what each later release added; :func:`generator.lint.facts.kserve.runtimes`
takes the newest entry not newer than the version asked for, so a release that changed nothing
(0.16, 0.18, 0.19) has no entry of its own.
"""

Formats = tuple[tuple[str, bool], ...]
Table = dict[str, tuple[Formats, tuple[str, ...]]]

_V0_15: Table = {
    'kserve-huggingfaceserver': (
        (('huggingface', True),),
        ('v2', 'v1')),
    'kserve-huggingfaceserver-multinode': (
        (('huggingface', True),),
        ('v2', 'v1')),
    'kserve-lgbserver': (
        (('lightgbm', True),),
        ('v1', 'v2')),
    'kserve-mlserver': (
        (('lightgbm', True), ('mlflow', True), ('sklearn', True), ('xgboost', True)),
        ('v2',)),
    'kserve-paddleserver': (
        (('paddle', True),),
        ('v1', 'v2')),
    'kserve-pmmlserver': (
        (('pmml', True),),
        ('v1', 'v2')),
    'kserve-sklearnserver': (
        (('sklearn', True),),
        ('v1', 'v2')),
    'kserve-tensorflow-serving': (
        (('tensorflow', True),),
        ('v1', 'grpc-v1')),
    'kserve-torchserve': (
        (('pytorch', True),),
        ('v1', 'v2', 'grpc-v2')),
    'kserve-tritonserver': (
        (('onnx', True), ('pytorch', False), ('tensorflow', True), ('tensorrt', True), ('triton', True)),
        ('v2', 'grpc-v2')),
    'kserve-xgbserver': (
        (('xgboost', True),),
        ('v1', 'v2')),
}
# v0.17.0 adds the predictive server (no autoSelect); v0.20.0 autogluon and vLLM.
_ADDED: dict[str, Table] = {
    '0.17': {
        'kserve-predictiveserver': (
            (('lightgbm', False), ('sklearn', False), ('xgboost', False)),
            ('v1', 'v2')),
    },
    '0.20': {
        'kserve-autogluonserver': (
            (('autogluon', True),),
            ('v1', 'v2')),
        'kserve-vllmserver': (
            (('vLLM', True),),
            ()),
    },
}

def _releases() -> dict[str, Table]:
    out, table = {"0.15": _V0_15}, _V0_15
    for version, added in _ADDED.items():
        table = out[version] = {**table, **added}
    return out


RUNTIMES: dict[str, Table] = _releases()
