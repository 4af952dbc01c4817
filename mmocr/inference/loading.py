"""Loading what :class:`~mmocr.inference.MMOCR` reads with: images, and
models by model-zoo name (a network through :func:`mmocr.apis.init_model`,
or the Tesseract engine)."""
from __future__ import annotations

import logging
import os.path as osp
import warnings
from typing import Any

import cv2
import numpy as np
import torch

from mmocr.apis.inference import init_model
from mmocr.datasets.kie_dataset import KIEDataset
from mmocr.datasets.pipelines.loading import imfrombytes
from mmocr.datasets.utils.errors import ImageLoadError
from mmocr.utils.fileio import list_from_file, repo_path

from .model_zoo import get_model_entry, resolve_checkpoint, resolve_config
from .tesseract import TesseractDetector, TesseractRecognizer

__all__ = ['load_image', 'disabled', 'build_ocr_model', 'build_kie_dataset',
           'kie_class_names']


def disabled(name: str | None) -> bool:
    """Whether a model-zoo name turns the step off (``None``, ``''``,
    ``'None'``)."""
    return name is None or name == '' or name == 'None'


def load_image(source: str | np.ndarray) -> np.ndarray:
    """An image path or array as a BGR ``uint8`` ``(H, W, 3)`` array.

    Grayscale and RGBA/BGRA inputs are converted; EXIF orientation is
    applied to files.

    Raises:
        ImageLoadError: the file is missing, empty, not an image or corrupt,
            or the array is not a non-empty ``uint8`` image.
    """
    if isinstance(source, np.ndarray):
        if source.dtype != np.uint8 or source.ndim not in (2, 3) or \
                source.size == 0 or (source.ndim == 3 and
                                     source.shape[2] not in (1, 3, 4)):
            raise ImageLoadError(f'not a uint8 (H, W[, 1|3|4]) image array: '
                                 f'{source.dtype} {source.shape}')
        img = source
    else:
        if not osp.exists(source):
            raise ImageLoadError(f'image file not found: {source}')
        if osp.isdir(source):
            raise ImageLoadError(f'image path is a folder: {source}')
        with open(source, 'rb') as f:
            img = imfrombytes(f.read(), 'color', source=source)
    if img.ndim == 2 or img.shape[2] == 1:
        img = cv2.cvtColor(img.reshape(img.shape[:2]), cv2.COLOR_GRAY2BGR)
    elif img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(img)


def build_ocr_model(task: str, name: str | None, config: str, ckpt: str,
                    config_dir: str, device: torch.device,
                    logger: logging.Logger) -> Any:
    """The model of ``task`` (``textdet``, ``textrecog``, ``kie``) for the
    zoo name ``name``; ``None`` when ``name`` is disabled.

    ``config``/``ckpt`` override the zoo entry's (``''``: the entry's). An
    external engine (``Tesseract``) gives its backend object, which has
    ``inference(imgs)`` and ``show_result``.

    Raises:
        ModelZooError: unknown name, or the config/checkpoint is missing.
    """
    if disabled(name):
        for what, value in (('config', config), ('ckpt', ckpt)):
            if value:
                logger.warning(f'{task} is disabled: ignoring its '
                               f'{what} {value}')
        return None
    entry = get_model_entry(name, task)
    if entry.is_backend:
        if config or ckpt:
            logger.warning(f'{name} is an external engine: ignoring '
                           f'the {task} config/checkpoint')
        backend = {'textdet': TesseractDetector,
                   'textrecog': TesseractRecognizer}[task]
        return backend()
    config = config or resolve_config(entry, config_dir)
    ckpt = ckpt or resolve_checkpoint(entry, config_dir)
    logger.info(f'{task}: {name} from {config} with {ckpt} on {device}')
    return init_model(config, ckpt, device=device)


def build_kie_dataset(kie_model: Any) -> KIEDataset:
    """The KIE dataset that turns boxes and texts into ``kie_model``'s
    input (from its config's ``data.test.dict_file``)."""
    test = kie_model.cfg.data.test
    dict_file = test.get('dict_file')
    if dict_file is None:
        raise KeyError(f'KIE config {kie_model.cfg.filename} has no '
                       'data.test.dict_file (the character dictionary)')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        return KIEDataset(dict_file=repo_path(dict_file))


def kie_class_names(kie_model: Any) -> dict[str, str]:
    """``{class index as str: class name}`` from the model's
    ``class_list`` file (``{}`` without one)."""
    class_list = getattr(kie_model, 'class_list', None)
    if not class_list:
        return {}
    names = {}
    for line in list_from_file(repo_path(class_list)):
        parts = line.strip().split(maxsplit=1)
        if len(parts) == 2:
            names[parts[0]] = parts[1]
    return names
