from .ce_loss import CELoss, SARLoss, TFLoss
from .ctc_loss import CTCLoss

__all__ = ['CELoss', 'CTCLoss', 'SARLoss', 'TFLoss']
