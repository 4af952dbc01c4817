"""MMOCR 0.x path of :mod:`mmocr.deployment` (which imports models, so it
sits above them; ``mmocr.core`` is below models)."""
from mmocr.deployment import *  # noqa: F401,F403
from mmocr.deployment import __all__  # noqa: F401
