"""The ClusterServingRuntimes each KServe release installs: model formats (with autoSelect)
and protocolVersions. Generated from kserve/kserve config/runtimes/kustomization.yaml and
the runtime manifests it lists, at tags v0.15.0 .. v0.20.0 (read with git show TAG:path)."""

Formats = tuple[tuple[str, bool], ...]
RUNTIMES: dict[str, dict[str, tuple[Formats, tuple[str, ...]]]] = {
    '0.15': {
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
    },
    '0.16': {
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
    },
    '0.17': {
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
        'kserve-predictiveserver': (
            (('lightgbm', False), ('sklearn', False), ('xgboost', False)),
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
    },
    '0.18': {
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
        'kserve-predictiveserver': (
            (('lightgbm', False), ('sklearn', False), ('xgboost', False)),
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
    },
    '0.19': {
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
        'kserve-predictiveserver': (
            (('lightgbm', False), ('sklearn', False), ('xgboost', False)),
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
    },
    '0.20': {
        'kserve-autogluonserver': (
            (('autogluon', True),),
            ('v1', 'v2')),
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
        'kserve-predictiveserver': (
            (('lightgbm', False), ('sklearn', False), ('xgboost', False)),
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
        'kserve-vllmserver': (
            (('vLLM', True),),
            ()),
        'kserve-xgbserver': (
            (('xgboost', True),),
            ('v1', 'v2')),
    },
}
