from . import extractors, heads, losses  # noqa: F401
