from .base_head import BaseTextDetHead, HeadMixin
from .db_head import DBHead
from .drrg_head import DRRGHead
from .east_head import EASTHead
from .fce_head import FCEHead
from .pan_head import PANHead
from .pse_head import PSEHead
from .rpn_head import RPNHead
from .textsnake_head import TextSnakeHead

__all__ = ['BaseTextDetHead', 'HeadMixin', 'DBHead', 'EASTHead', 'FCEHead',
           'PANHead', 'PSEHead', 'RPNHead', 'TextSnakeHead', 'DRRGHead']
