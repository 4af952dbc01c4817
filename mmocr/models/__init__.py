"""Models: importing this package registers every model component; the
registries, builders and components are re-exported here as in MMOCR 0.x."""
from . import common, kie, ner, textdet, textrecog
from .base import BaseModel
from .builder import *  # noqa: F401,F403
from .builder import __all__ as _builder_all
from .common import *  # noqa: F401,F403
from .kie import *  # noqa: F401,F403
from .ner import *  # noqa: F401,F403
from .textdet import *  # noqa: F401,F403
from .textrecog import *  # noqa: F401,F403

# dict.fromkeys: a name two tasks export (ResNet) is listed once, the last
# star import (textrecog's) winning, as in 0.x.
__all__ = list(dict.fromkeys([
    'BaseModel', *_builder_all, *common.__all__, *kie.__all__, *ner.__all__,
    *textdet.__all__, *textrecog.__all__]))
