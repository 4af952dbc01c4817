"""Building a model for inference and running it on images.

* :func:`init_model` (0.x name ``init_detector``): config (+ checkpoint)
  -> a model in eval mode on a device, with its config as ``model.cfg``.
* :func:`model_inference`: image paths or BGR arrays -> results in MMOCR
  0.x's formats (``{'boundary_result': ...}`` for detectors, ``{'text',
  'score'}`` for recognizers, ``{'nodes', 'edges'}`` for KIE), through the
  config's test pipeline. ``batch_mode=True`` runs all the given images in
  one forward pass; otherwise each image gets its own.
"""
from __future__ import annotations

import copy
import os
from typing import Any, Sequence

import numpy as np
import torch
from torch import nn

from mmocr.datasets.collate import DataContainer, collate, to_device
from mmocr.datasets.pipelines import Compose
from mmocr.deployment import init_onnx_model
from mmocr.models import build_model
from mmocr.utils.checkpoint import load_checkpoint
from mmocr.utils.config import Config
from mmocr.utils.device import model_device
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.logger import get_root_logger

from .utils import disable_text_recog_aug_test

__all__ = ['init_model', 'init_detector', 'model_inference', 'resolve_device',
           'get_test_pipeline', 'text_model_inference']

def resolve_device(device: str | torch.device | None) -> torch.device:
    """``device`` as a ``torch.device``; ``None`` picks ``cuda:0`` when
    available, and a CUDA device on a machine without CUDA falls back to
    the CPU with a log line."""
    if device is None:
        device = 'cuda:0' if torch.cuda.is_available() else 'cpu'
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise InvalidValueError(f'invalid device {device!r}: expected "cpu", "cuda" '
                                'or "cuda:N"') from None
    if device.type == 'cuda' and not torch.cuda.is_available():
        get_root_logger().info(f'CUDA is not available: running on the CPU '
                               f'instead of {device}')
        device = torch.device('cpu')
    return device


def init_model(config: str | os.PathLike | Config,
                  checkpoint: str | None = None,
                  device: str | torch.device | None = 'cuda:0',
                  cfg_options: dict | None = None) -> nn.Module:
    """Build a detector / recognizer / KIE / NER model from ``config`` for
    inference (:func:`init_detector` is its MMOCR 0.x name).

    Args:
        config: Config file path or :class:`Config`.
        checkpoint: Checkpoint path or URL; ``None`` keeps random weights.
            A ``.onnx`` file (from ``tools/deployment/pytorch2onnx.py``)
            gives an ONNX Runtime model with the same test API
            (:func:`mmocr.deployment.init_onnx_model`).
        device: Where to put the model (CUDA falls back to the CPU when
            absent); ``None`` picks CUDA if available.
        cfg_options: ``{'a.b.c': value}`` overrides merged into the config.

    Returns:
        The model in eval mode, with ``model.cfg`` set.
    """
    if isinstance(config, (str, os.PathLike)):
        config = Config.fromfile(config)
    elif not isinstance(config, Config):
        raise InvalidTypeError('config must be a file path or a Config, got '
                               f'{type(config).__name__}')
    else:
        config = copy.deepcopy(config)
    if cfg_options:
        config.merge_from_dict(cfg_options)
    if 'model' not in config:
        raise KeyError(f'config {config.filename} has no "model" key')
    if checkpoint is not None and str(checkpoint).endswith('.onnx'):
        device = resolve_device(device)
        return init_onnx_model(config, checkpoint, (device.index or 0)
                               if device.type == 'cuda' else -1)
    if config.model.get('pretrained'):
        config.model.pretrained = None
    config.model.train_cfg = None
    model = build_model(config.model, test_cfg=config.get('test_cfg'))
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    model.cfg = config
    model.to(resolve_device(device))
    model.eval()
    return model


#: MMOCR 0.x name of :func:`init_model` (the same function).
init_detector = init_model


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def get_test_pipeline(cfg: Config) -> list[dict]:
    """The test pipeline of ``cfg`` (a deep copy): ``data.test.pipeline``,
    else that of the first test dataset (MMOCR 0.x's concat datasets, whose
    pipeline may be a list per dataset)."""
    test = cfg.get('data', {}).get('test')
    if test is None:
        raise KeyError(f'config {cfg.filename} has no data.test: cannot find '
                       'the test pipeline')
    pipeline = test.get('pipeline')
    if pipeline is None:
        datasets = test.get('datasets') or []
        while datasets and isinstance(datasets[0], (list, tuple)):
            datasets = datasets[0]
        pipeline = datasets[0].get('pipeline') if datasets else None
    if pipeline and isinstance(pipeline[0], (list, tuple)):
        pipeline = pipeline[0]
    if not pipeline:
        raise KeyError(f'config {cfg.filename} has no test pipeline '
                       '(data.test.pipeline)')
    return copy.deepcopy([dict(step) for step in pipeline])


def _prepare_pipeline(pipeline: list[dict], from_array: bool) -> list[dict]:
    """Load from arrays when needed; a pipeline without a loading step (KIE
    without visual features) takes ``img`` as given."""
    if from_array and pipeline[0].get('type') == 'LoadImageFromFile':
        pipeline[0] = dict(pipeline[0], type='LoadImageFromNdarray')
    return pipeline


def _datum(img: str | np.ndarray, ann: dict | None) -> dict:
    if isinstance(img, np.ndarray):
        if img.dtype != np.uint8 or img.ndim not in (2, 3) or img.size == 0:
            raise InvalidValueError('image arrays must be non-empty uint8 (H, W) or '
                                    f'(H, W, C), got {img.dtype} {img.shape}')
        datum = dict(img=img, img_info=dict(height=img.shape[0],
                                             width=img.shape[1]))
    else:
        datum = dict(img_info=dict(filename=img), img_prefix=None)
    datum.update(bbox_fields=[], filename=None, ori_filename=None)
    if ann is not None:
        datum['ann_info'] = copy.deepcopy(ann)
        # What KIEDataset.pre_pipeline adds for the KIE pipelines.
        for key in ('ori_texts', 'ori_boxes'):
            if key in ann:
                datum[key] = copy.deepcopy(ann[key])
    return datum


def _padded(sample: dict) -> dict:
    """``sample`` with a bare image tensor (from ``ToTensorOCR`` /
    ``ImageToTensor``) wrapped so that images of several widths pad into
    one batch."""
    img = sample.get('img')
    if isinstance(img, torch.Tensor):
        return dict(sample, img=DataContainer(img, stack=True))
    if isinstance(img, list) and all(isinstance(v, torch.Tensor) for v in img):
        return dict(sample, img=[DataContainer(v, stack=True) for v in img])
    return sample


def _forward(model: nn.Module, samples: list[dict]) -> list:
    batch = to_device(collate([_padded(s) for s in samples]),
                      model_device(model))
    with torch.no_grad():
        results = model(return_loss=False, rescale=True, **batch)
    if len(results) != len(samples):
        raise RuntimeError(f'{type(model).__name__} returned {len(results)} '
                           f'results for {len(samples)} images')
    return list(results)


def model_inference(model: nn.Module,
                    imgs: str | np.ndarray | Sequence[str | np.ndarray],
                    ann: dict | None = None, batch_mode: bool = False,
                    return_data: bool = False):
    """Inference image(s) with a model built by :func:`init_model`.

    Args:
        model: The model, with its config as ``model.cfg``.
        imgs: An image file or a BGR ``uint8`` array, or a list/tuple of
            them (all of one kind).
        ann: Annotation info given to the pipeline as ``ann_info`` (KIE:
            the boxes and texts of the image).
        batch_mode: One forward pass for all ``imgs`` (test-time
            augmentation of recognizers is disabled); otherwise one forward
            pass per image.
        return_data: Also return the pipeline output of each image.

    Returns:
        One result dict for a single image, a list of them for a list;
        with ``return_data`` a tuple ``(results, data)``.
    """
    is_batch = isinstance(imgs, (list, tuple))
    imgs = _as_list(imgs)
    if not imgs:
        raise InvalidValueError('model_inference got an empty list of images')
    kinds = {isinstance(img, np.ndarray) for img in imgs}
    if any(not isinstance(img, (str, np.ndarray)) for img in imgs) or \
            len(kinds) != 1:
        raise InvalidTypeError('imgs must be image paths or uint8 arrays (not '
                               'mixed), got '
                               f'{sorted({type(i).__name__ for i in imgs})}')
    cfg = getattr(model, 'cfg', None)
    if cfg is None:
        raise AttributeError(f'{type(model).__name__} has no cfg: build it '
                             'with init_model')
    if batch_mode:
        cfg = disable_text_recog_aug_test(cfg, set_types=['test'])
    pipeline = Compose(_prepare_pipeline(get_test_pipeline(cfg),
                                         kinds == {True}))
    datas = []
    for img in imgs:
        data = pipeline(_datum(img, ann))
        if data is None:
            where = img if isinstance(img, str) else f'array {img.shape}'
            raise InvalidValueError(f'the test pipeline dropped the image {where}')
        datas.append(data)
    if batch_mode:
        results = _forward(model, datas)
    else:
        results = [_forward(model, [data])[0] for data in datas]
    if not is_batch:
        return (results[0], datas[0]) if return_data else results[0]
    return (results, datas) if return_data else results


def text_model_inference(model: nn.Module, input_sentence: str) -> list:
    """Inference one sentence with a text model (NER) built by
    :func:`init_model`.

    The sentence goes through the config's test pipeline (``NerTransform``
    and ``ToTensorNER``) as ``dict(text=input_sentence, label={})``.

    Returns:
        The model's results for a batch of one: ``[entities]``, each entity
        ``[category, start, end]`` (character indices, ``end`` included).
    """
    if not isinstance(input_sentence, str):
        raise InvalidTypeError(f'input_sentence must be a str, got '
                               f'{type(input_sentence).__name__}')
    cfg = getattr(model, 'cfg', None)
    if cfg is None:
        raise AttributeError(f'{type(model).__name__} has no cfg: build it '
                             'with init_model')
    sample = Compose(get_test_pipeline(cfg))(dict(text=input_sentence,
                                                  label={}))
    batch = to_device(collate([sample]), model_device(model))
    with torch.no_grad():
        return model(return_loss=False, **batch)
