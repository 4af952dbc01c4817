"""Deployment: exported ONNX models behind the PyTorch models' test API."""
from .deploy_utils import (
    ONNXRuntimeDetector,
    ONNXRuntimeRecognizer,
    ORTSession,
    image_maps,
    import_onnx_packages,
    init_onnx_model,
    model_kind,
)

__all__ = ['ONNXRuntimeDetector', 'ONNXRuntimeRecognizer', 'ORTSession',
           'image_maps', 'import_onnx_packages', 'init_onnx_model',
           'model_kind']
