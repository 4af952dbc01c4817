from .dbnet import DBNet
from .dbnetpp import DBNetpp
from .drrg import DRRG
from .fcenet import FCENet
from .ocr_mask_rcnn import OCRMaskRCNN
from .panet import PANet
from .psenet import PSENet
from .single_stage_text_detector import SingleStageTextDetector
from .text_detector_mixin import TextDetectorMixin
from .textsnake import TextSnake

__all__ = ['DBNet', 'DBNetpp', 'FCENet', 'OCRMaskRCNN', 'PANet', 'PSENet',
           'SingleStageTextDetector', 'TextSnake', 'DRRG', 'TextDetectorMixin']
