"""Text recognition: recognizers and their components (importing this
package registers them)."""
from . import (
    backbones,
    convertors,
    decoders,
    encoders,
    fusers,
    heads,
    layers,
    losses,
    necks,
    plugins,
    preprocessor,
    recognizer,
)
from .backbones import *  # noqa: F401,F403
from .convertors import *  # noqa: F401,F403
from .decoders import *  # noqa: F401,F403
from .encoders import *  # noqa: F401,F403
from .fusers import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .layers import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .plugins import *  # noqa: F401,F403
from .preprocessor import *  # noqa: F401,F403
from .recognizer import *  # noqa: F401,F403

__all__ = [*backbones.__all__, *convertors.__all__, *decoders.__all__,
           *encoders.__all__, *layers.__all__, *losses.__all__,
           *plugins.__all__, *preprocessor.__all__, *recognizer.__all__,
           *fusers.__all__, *heads.__all__, *necks.__all__]
