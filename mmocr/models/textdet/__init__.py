from . import dense_heads, detectors, losses, necks, postprocess, roi_heads  # noqa: F401
