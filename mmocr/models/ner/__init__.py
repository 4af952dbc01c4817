from . import classifiers, convertors, decoders, encoders, losses, utils  # noqa: F401
from .classifiers import *  # noqa: F401,F403
from .convertors import *  # noqa: F401,F403
from .decoders import *  # noqa: F401,F403
from .encoders import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403

__all__ = [*classifiers.__all__, *convertors.__all__, *decoders.__all__,
           *encoders.__all__, *losses.__all__]
