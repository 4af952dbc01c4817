from .base_textdet_targets import BaseTextDetTargets
from .dbnet_targets import DBNetTargets
from .east_targets import EASTTargets
from .panet_targets import PANetTargets
from .psenet_targets import PSENetTargets

__all__ = ['BaseTextDetTargets', 'DBNetTargets', 'EASTTargets', 'PANetTargets',
           'PSENetTargets']
