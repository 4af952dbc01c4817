from .db_loss import DBLoss
from .pan_loss import PANLoss
from .pse_loss import PSELoss

__all__ = ['DBLoss', 'PANLoss', 'PSELoss']
