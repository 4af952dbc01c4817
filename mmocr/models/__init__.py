"""Models: importing this package registers every model component."""
from . import common, kie, ner, textdet, textrecog  # noqa: F401 (registration)
from .base import BaseModel
from .builder import *  # noqa: F401,F403
from .builder import __all__ as _builder_all

__all__ = ['BaseModel', *_builder_all]
