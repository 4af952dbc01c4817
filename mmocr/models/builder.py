"""``build_*`` helpers for model components (see :mod:`mmocr.registry`).

``optional_args`` are the values a composer passes down to a part whose type
the config chooses (a recognizer's ``max_seq_len`` for its convertor): each is
given only to a part that declares it (:func:`mmocr.registry.build_from_cfg`).
"""
from __future__ import annotations

import warnings

from mmocr.registry import (
    ACTIVATION_LAYERS,
    BACKBONES,
    CONVERTORS,
    DECODERS,
    DETECTORS,
    ENCODERS,
    FUSERS,
    HEADS,
    LOSSES,
    MODELS,
    NECKS,
    POSTPROCESSOR,
    PREPROCESSOR,
    RECOGNIZERS,
    ROI_EXTRACTORS,
    UPSAMPLE_LAYERS,
    build_from_cfg,
)
from mmocr.utils.errors import InvalidValueError

from .common.layers import build_activation_layer

__all__ = [
    'build_model', 'build_detector', 'build_recognizer', 'build_backbone',
    'build_neck', 'build_head', 'build_loss', 'build_encoder',
    'build_decoder', 'build_preprocessor', 'build_postprocessor',
    'build_convertor', 'build_roi_extractor',
    'build_upsample_layer', 'build_fuser', 'build_plugin_layer',
    'BACKBONES', 'DETECTORS', 'HEADS', 'LOSSES', 'NECKS', 'CONVERTORS',
    'ENCODERS', 'DECODERS', 'PREPROCESSOR', 'POSTPROCESSOR', 'RECOGNIZERS',
    'ROI_EXTRACTORS', 'FUSERS', 'UPSAMPLE_LAYERS', 'ACTIVATION_LAYERS',
    'build_activation_layer'
]


def build_component(cfg: dict, default_args: dict | None = None,
                    optional_args: dict | None = None):
    """Build any registered model part (backbone, neck, head, loss, ...)."""
    return build_from_cfg(cfg, MODELS, default_args, optional_args)


build_backbone = build_neck = build_head = build_loss = build_component
build_encoder = build_decoder = build_preprocessor = build_component
build_roi_extractor = build_fuser = build_plugin_layer = build_component


def build_model(cfg: dict, train_cfg: dict | None = None,
                test_cfg: dict | None = None):
    """Build a model (detector, recognizer, KIE, NER) from ``cfg``.

    ``train_cfg``/``test_cfg`` given here (MMOCR's deprecated top-level keys)
    are moved into the model config with a warning. An unknown key is named
    by its path from ``model`` (``model.bbox_head.postprocessor.bogus``).
    """
    cfg = dict(cfg)
    for key, value in (('train_cfg', train_cfg), ('test_cfg', test_cfg)):
        if value is None:
            continue
        warnings.warn(f'{key} should be set inside the model config',
                      UserWarning, stacklevel=2)
        if cfg.get(key) is not None:
            raise InvalidValueError(f'{key} is set both in the model config and '
                                    'outside it')
        cfg[key] = value
    return build_from_cfg(cfg, MODELS, cfg_path='model')


#: MMOCR 0.x names of :func:`build_model` (the same function).
build_detector = build_recognizer = build_model


def build_postprocessor(cfg: dict, default_args: dict | None = None,
                        optional_args: dict | None = None):
    return build_from_cfg(cfg, POSTPROCESSOR, default_args, optional_args)


def build_convertor(cfg: dict, default_args: dict | None = None,
                    optional_args: dict | None = None):
    return build_from_cfg(cfg, CONVERTORS, default_args, optional_args)


def build_upsample_layer(cfg: dict, *args, **kwargs):
    cfg = dict(cfg)
    layer_cls = UPSAMPLE_LAYERS.get(cfg.pop('type'))
    if layer_cls is None:
        raise KeyError(f'unknown upsample layer {cfg!r}; registered: '
                       f'{sorted(UPSAMPLE_LAYERS.module_dict)}')
    return layer_cls(*args, **kwargs, **cfg)
