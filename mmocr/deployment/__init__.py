"""Deployment: exported ONNX models behind the PyTorch models' test API."""
from .deploy_utils import (
    KIE_INPUTS,
    NER_INPUTS,
    ORT_MODELS,
    OUTPUT_STRUCTURE_KEY,
    ONNXRuntimeDetector,
    ONNXRuntimeKIE,
    ONNXRuntimeNER,
    ONNXRuntimeRecognizer,
    ORTSession,
    flatten_maps,
    image_maps,
    import_onnx_packages,
    inference_with_session,
    init_onnx_model,
    model_kind,
    unflatten_maps,
)
from .tensorrt_utils import (
    TensorRTDetector,
    TensorRTRecognizer,
    TensorRTUnavailable,
    TRTSession,
    import_tensorrt,
    init_trt_model,
)

__all__ = ['ONNXRuntimeDetector', 'ONNXRuntimeRecognizer', 'ORTSession',
           'OUTPUT_STRUCTURE_KEY', 'flatten_maps', 'image_maps',
           'import_onnx_packages', 'init_onnx_model', 'model_kind',
           'unflatten_maps', 'ONNXRuntimeKIE', 'ONNXRuntimeNER', 'KIE_INPUTS',
           'NER_INPUTS', 'ORT_MODELS', 'TensorRTDetector', 'TensorRTRecognizer',
           'TensorRTUnavailable', 'TRTSession', 'import_tensorrt',
           'init_trt_model', 'inference_with_session']
