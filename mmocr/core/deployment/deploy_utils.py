"""MMOCR 0.x path of the ONNX Runtime / TensorRT model wrappers
(:mod:`mmocr.deployment.deploy_utils`, :mod:`mmocr.deployment.tensorrt_utils`)."""
from mmocr.deployment import (  # noqa: F401
    ONNXRuntimeDetector,
    ONNXRuntimeRecognizer,
    TensorRTDetector,
    TensorRTRecognizer,
    inference_with_session,
)

__all__ = ['ONNXRuntimeDetector', 'ONNXRuntimeRecognizer', 'TensorRTDetector',
           'TensorRTRecognizer', 'inference_with_session']
