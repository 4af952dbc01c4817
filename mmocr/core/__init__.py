"""Core components shared by the tasks: evaluation metrics."""
from . import evaluation
from .evaluation import *  # noqa: F403
from .evaluation import __all__ as _evaluation_all

__all__ = ['evaluation', *_evaluation_all]
