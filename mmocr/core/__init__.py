"""Core components shared by the tasks: evaluation metrics."""
from . import evaluation
from .evaluation import *  # noqa: F403
from .evaluation import __all__ as _evaluation_all
from .visualize import color_val, imshow_pred_boundary

__all__ = ['evaluation', *_evaluation_all, 'color_val',
           'imshow_pred_boundary']
from .deployment import ONNXRuntimeDetector, ONNXRuntimeRecognizer  # noqa: E402

__all__ += ['ONNXRuntimeDetector', 'ONNXRuntimeRecognizer']
