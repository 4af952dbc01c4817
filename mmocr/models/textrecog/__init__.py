from . import backbones, convertors, decoders, encoders, fusers, heads, layers, losses, necks, preprocessor, recognizer  # noqa: F401
