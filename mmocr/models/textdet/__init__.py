"""Text detection: detectors and their components (importing this package
registers them); their names re-exported here as in MMOCR 0.x."""
from . import (  # noqa: F401
    dense_heads,
    detectors,
    losses,
    modules,
    necks,
    postprocess,
    roi_heads,
)
from .dense_heads import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .postprocess import *  # noqa: F401,F403

__all__ = [*dense_heads.__all__, *detectors.__all__, *losses.__all__,
           *necks.__all__, *postprocess.__all__]
