from .ce_loss import CELoss, SARLoss, TFLoss
from .ctc_loss import CTCLoss
from .mix_loss import ABILoss

__all__ = ['CELoss', 'CTCLoss', 'SARLoss', 'TFLoss', 'ABILoss']
