from .dbnet import DBNet
from .dbnetpp import DBNetpp
from .fcenet import FCENet
from .panet import PANet
from .psenet import PSENet
from .single_stage_text_detector import SingleStageTextDetector

__all__ = ['DBNet', 'DBNetpp', 'FCENet', 'PANet', 'PSENet',
           'SingleStageTextDetector']
