"""Deployment: exported ONNX models behind the PyTorch models' test API."""
from .deploy_utils import (
    OUTPUT_STRUCTURE_KEY,
    ONNXRuntimeDetector,
    ONNXRuntimeRecognizer,
    ORTSession,
    flatten_maps,
    image_maps,
    import_onnx_packages,
    init_onnx_model,
    model_kind,
    unflatten_maps,
)

__all__ = ['ONNXRuntimeDetector', 'ONNXRuntimeRecognizer', 'ORTSession',
           'OUTPUT_STRUCTURE_KEY', 'flatten_maps', 'image_maps',
           'import_onnx_packages', 'init_onnx_model', 'model_kind',
           'unflatten_maps']
