from .base_textdet_targets import BaseTextDetTargets
from .dbnet_targets import DBNetTargets

__all__ = ['BaseTextDetTargets', 'DBNetTargets']
