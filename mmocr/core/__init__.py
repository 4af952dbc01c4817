"""Core components shared by the tasks: evaluation metrics, mask
structures and text boundary helpers, visualisation. (Deployment moved to
:mod:`mmocr.deployment`; ``mmocr.core.deployment`` still imports it.)"""
from . import evaluation
from .evaluation import *  # noqa: F403
from .evaluation import __all__ as _evaluation_all
from .mask import *  # noqa: F403
from .mask import __all__ as _mask_all
from .visualize import *  # noqa: F401,F403
from .visualize import __all__ as _visualize_all

__all__ = ['evaluation', *_evaluation_all, *_mask_all, *_visualize_all]
