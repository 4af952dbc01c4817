from .dice_loss import DiceLoss
from .focal_loss import FocalLoss

__all__ = ['DiceLoss', 'FocalLoss']
