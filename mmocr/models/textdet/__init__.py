from . import dense_heads, detectors, losses, modules, necks, postprocess  # noqa: F401
