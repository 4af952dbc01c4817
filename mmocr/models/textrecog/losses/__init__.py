from .ce_loss import CELoss, SARLoss, TFLoss
from .ctc_loss import CTCLoss
from .visionlan_loss import VisionLANLoss

__all__ = ['CELoss', 'CTCLoss', 'SARLoss', 'TFLoss', 'VisionLANLoss']
