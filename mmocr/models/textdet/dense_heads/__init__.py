from .db_head import DBHead
from .head_mixin import HeadMixin
