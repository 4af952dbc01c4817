from .base_textdet_targets import BaseTextDetTargets
from .dbnet_targets import DBNetTargets
from .east_targets import EASTTargets
from .panet_targets import PANetTargets

__all__ = ['BaseTextDetTargets', 'DBNetTargets', 'EASTTargets', 'PANetTargets']
