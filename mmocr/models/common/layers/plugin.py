"""Plugin layers inserted into backbones and blocks (mmcv's
``build_plugin_layer``), named as mmcv names them so state_dict keys match
MMOCR 0.x checkpoints."""
from __future__ import annotations

import inspect
import re

from torch import nn

from mmocr.registry import PLUGIN_LAYERS, build_from_cfg
from mmocr.utils.errors import InvalidTypeError

from .conv_module import ConvModule

__all__ = ['build_plugin_layer', 'infer_abbr']

# mmcv registers ConvModule as a plugin and names it ``conv_block``.
ConvModule._abbr_ = 'conv_block'
PLUGIN_LAYERS.register_module(name='ConvModule', module=ConvModule)


def infer_abbr(class_type: type) -> str:
    """The name prefix of a plugin: ``class_type._abbr_`` if set, else the
    class name in snake case (``GCAModule`` -> ``gca_module``,
    ``Maxpool2d`` -> ``maxpool2d``)."""
    if not inspect.isclass(class_type):
        raise InvalidTypeError(f'class_type must be a class, got {class_type!r}')
    if hasattr(class_type, '_abbr_'):
        return class_type._abbr_
    word = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', class_type.__name__)
    word = re.sub(r'([a-z\d])([A-Z])', r'\1_\2', word)
    return word.replace('-', '_').lower()


def build_plugin_layer(cfg: dict, postfix: int | str = '',
                       **kwargs) -> tuple[str, nn.Module]:
    """Build the plugin of ``cfg`` (registry ``PLUGIN_LAYERS``).

    ``kwargs`` (the host passes ``in_channels`` and ``out_channels``) are
    given to the plugin only when it takes them, so ``Maxpool2d`` gets
    neither and ``GCAModule`` only ``in_channels``; other unknown keys of
    ``cfg`` are an error.

    Returns:
        ``(name, layer)``: ``name`` is :func:`infer_abbr` of the class plus
        ``postfix``, the attribute name the host adds the layer under.
    """
    if not isinstance(cfg, dict) or 'type' not in cfg:
        raise InvalidTypeError(f'a plugin config must be a dict with "type", '
                               f'got {cfg!r}')
    layer_type = cfg['type']
    layer_cls = layer_type if inspect.isclass(layer_type) else \
        PLUGIN_LAYERS.get(layer_type)
    if layer_cls is None:
        hint = PLUGIN_LAYERS.suggest(layer_type)
        raise KeyError(f'plugin "{layer_type}" is not registered in registry '
                       f'"{PLUGIN_LAYERS.name}"'
                       + (f'. Did you mean: {", ".join(hint)}?' if hint else ''))
    layer = build_from_cfg(cfg, PLUGIN_LAYERS, optional_args=kwargs)
    return f'{infer_abbr(layer_cls)}{postfix}', layer
