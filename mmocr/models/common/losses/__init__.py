from .cross_entropy_loss import CrossEntropyLoss
from .dice_loss import DiceLoss
from .focal_loss import FocalLoss
from .smooth_l1_loss import L1Loss, SmoothL1Loss

__all__ = ['DiceLoss', 'FocalLoss', 'CrossEntropyLoss', 'L1Loss',
           'SmoothL1Loss']
