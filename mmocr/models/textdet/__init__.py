from . import dense_heads, detectors, losses, necks, postprocess  # noqa: F401
