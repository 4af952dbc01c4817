from . import classifiers, convertors, decoders, encoders, losses  # noqa: F401
