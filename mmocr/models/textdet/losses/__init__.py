from .db_loss import DBLoss
from .pan_loss import PANLoss

__all__ = ['DBLoss', 'PANLoss']
