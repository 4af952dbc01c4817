from .db_loss import DBLoss
from .east_loss import EASTLoss
from .pan_loss import PANLoss

__all__ = ['DBLoss', 'EASTLoss', 'PANLoss']
