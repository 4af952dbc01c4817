from . import extractors, heads, losses  # noqa: F401
from .extractors import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403

__all__ = [*extractors.__all__, *heads.__all__, *losses.__all__]
