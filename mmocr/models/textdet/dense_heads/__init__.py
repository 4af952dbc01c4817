from .base_head import BaseTextDetHead, HeadMixin
from .db_head import DBHead
from .pan_head import PANHead
from .pse_head import PSEHead
