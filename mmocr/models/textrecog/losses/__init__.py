from .ce_loss import CELoss, SARLoss, TFLoss
from .ctc_loss import CTCLoss
from .mix_loss import ABILoss
from .seg_loss import SegLoss
from .visionlan_loss import VisionLANLoss

__all__ = ['CELoss', 'CTCLoss', 'SARLoss', 'TFLoss', 'SegLoss', 'VisionLANLoss',
           'ABILoss']
