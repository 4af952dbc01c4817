from .db_loss import DBLoss
from .drrg_loss import DRRGLoss
from .east_loss import EASTLoss
from .fce_loss import FCELoss
from .pan_loss import PANLoss
from .pse_loss import PSELoss
from .textsnake_loss import TextSnakeLoss

__all__ = ['DBLoss', 'EASTLoss', 'FCELoss', 'PANLoss', 'PSELoss',
           'TextSnakeLoss', 'DRRGLoss']
