"""Config adjustments used by training and testing (MMOCR 0.x helpers)."""
from __future__ import annotations

import copy
import os
import sys
import warnings
from typing import Any, Callable, Sequence

import numpy as np
import torch

from mmocr.registry import check_kwargs
from mmocr.utils.checkpoint import CheckpointLoadError
from mmocr.utils.config import Config, ConfigError, import_modules_from_strings
from mmocr.utils.errors import InvalidValueError, ModelZooError, SynthError
from mmocr.utils.setup_env import setup_multi_processes

from .test import tensor2imgs

__all__ = ['disable_text_recog_aug_test', 'replace_image_to_tensor',
           'update_pipeline', 'update_pipeline_recog', 'tensor2grayimgs',
           'setup_multi_processes', 'load_tool_config', 'loader_cfg',
           'run_tool', 'USER_ERRORS', 'test_eval_kwargs']

_LOADER_SECTIONS = ('train', 'val', 'test', 'train_dataloader',
                    'val_dataloader', 'test_dataloader')


def _map_pipelines(dataset_cfg: Any, fn) -> None:
    """Apply ``fn(pipeline) -> pipeline`` to every pipeline of a dataset
    config, nested datasets included (in place)."""
    if isinstance(dataset_cfg, list):
        for item in dataset_cfg:
            _map_pipelines(item, fn)
        return
    if not isinstance(dataset_cfg, dict):
        return
    pipeline = dataset_cfg.get('pipeline')
    if isinstance(pipeline, list) and pipeline:
        if all(isinstance(p, list) for p in pipeline):
            dataset_cfg['pipeline'] = [fn(p) for p in pipeline]
        else:
            dataset_cfg['pipeline'] = fn(pipeline)
    for key in ('datasets', 'dataset'):
        if key in dataset_cfg:
            _map_pipelines(dataset_cfg[key], fn)


def _drop_rotate_aug(pipeline: list) -> list:
    out = []
    for step in pipeline:
        if isinstance(step, dict) and step.get('type') == 'MultiRotateAugOCR':
            out.extend(step.get('transforms', []))
        else:
            out.append(step)
    return out


def _one_rotation(pipeline: list) -> None:
    for step in pipeline:
        if isinstance(step, dict) and step.get('type') == 'MultiRotateAugOCR' \
                and len(step.get('rotate_degrees', [0])) != 1:
            warnings.warn('Set "rotate_degrees=[0]" (just one degree) to '
                          'support batch inference since samples_per_gpu > 1.',
                          UserWarning, stacklevel=3)
            step['rotate_degrees'] = [0]


def update_pipeline_recog(cfg: Any, idx: int | None = None) -> None:
    """Make ``MultiRotateAugOCR`` produce one view (``rotate_degrees=[0]``,
    with a warning), in place, for batched recognition testing (MMOCR 0.x).

    Args:
        cfg: A dataset config with a ``pipeline`` (``idx`` None), or, as in
            MMOCR 0.x, a list of pipelines of which item ``idx`` is updated.
        idx: See ``cfg``.
    """
    if idx is None:
        if cfg.get('pipeline'):
            _one_rotation(cfg['pipeline'])
    else:
        _one_rotation(cfg[idx])


def disable_text_recog_aug_test(cfg: Any, set_types: list[str] | None = None) -> Any:
    """A copy of ``cfg`` whose val/test pipelines have their
    ``MultiRotateAugOCR`` replaced by its transforms (batched recognition
    testing needs one view per image)."""
    set_types = set_types or ['val', 'test']
    cfg = copy.deepcopy(cfg)
    for set_type in set_types:
        if set_type not in ('val', 'test'):
            raise InvalidValueError(f'set_types must be val/test, got {set_type!r}')
        if set_type in cfg.data:
            _map_pipelines(cfg.data[set_type], _drop_rotate_aug)
    return cfg


def _image_to_tensor_to_bundle(pipeline: list) -> list:
    out = []
    for step in pipeline:
        if isinstance(step, dict) and step.get('type') == 'MultiScaleFlipAug':
            step = dict(step)
            step['transforms'] = _image_to_tensor_to_bundle(step.get('transforms', []))
        elif isinstance(step, dict) and step.get('type') == 'ImageToTensor':
            warnings.warn('"ImageToTensor" replaced by "DefaultFormatBundle" for '
                          'batched testing', UserWarning, stacklevel=2)
            step = dict(type='DefaultFormatBundle')
        out.append(step)
    return out


def update_pipeline(cfg: Any, idx: int | None = None) -> None:
    """Replace ``ImageToTensor`` by ``DefaultFormatBundle`` in one dataset
    config's pipeline, in place (MMOCR 0.x's helper of
    :func:`replace_image_to_tensor`).

    Args:
        cfg: A dataset config with a ``pipeline``.
        idx: With a list of pipelines (one per dataset), the one to update;
            ``None`` updates ``cfg.pipeline`` itself.
    """
    if idx is None:
        if cfg.get('pipeline') is not None:
            cfg['pipeline'] = _image_to_tensor_to_bundle(cfg['pipeline'])
    else:
        cfg['pipeline'][idx] = _image_to_tensor_to_bundle(cfg['pipeline'][idx])


def replace_image_to_tensor(cfg: Any, set_types: list[str] | None = None) -> Any:
    """A copy of ``cfg`` whose val/test ``ImageToTensor`` steps are
    ``DefaultFormatBundle`` (which pads and stacks batches)."""
    set_types = set_types or ['val', 'test']
    cfg = copy.deepcopy(cfg)
    for set_type in set_types:
        if set_type in cfg.data:
            _map_pipelines(cfg.data[set_type], _image_to_tensor_to_bundle)
    return cfg


def load_tool_config(filename: str, cfg_options: dict | None = None) -> Any:
    """The config of a command-line tool (train, test, deploy_test):
    ``filename`` with ``cfg_options`` (``{'a.b': value}``) merged, the
    process set up by :func:`setup_multi_processes`, and the config's
    ``custom_imports`` (including ones the options add) imported."""
    cfg = Config.fromfile(filename)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    setup_multi_processes(cfg)
    if cfg.get('custom_imports'):
        import_modules_from_strings(**cfg.custom_imports)
    return cfg


def loader_cfg(data_cfg: dict, section: str, **defaults: Any) -> dict:
    """Data loader arguments: ``defaults`` < top-level ``data`` keys (other
    than the dataset/loader sections) < ``data.<section>``."""
    cfg = dict(defaults)
    cfg.update({k: v for k, v in data_cfg.items() if k not in _LOADER_SECTIONS})
    cfg.update(data_cfg.get(section, {}) or {})
    return cfg


#: Keys of a config's ``evaluation`` that belong to the evaluation hook, not
#: to ``dataset.evaluate``.
_EVAL_HOOK_KEYS = ('interval', 'tmpdir', 'start', 'gpu_collect', 'save_best',
                   'rule', 'by_epoch', 'broadcast_bn_buffer', 'greater_keys',
                   'less_keys', 'out_dir')


def test_eval_kwargs(cfg: Any, dataset: Any, metric: str | list[str] | None,
                     eval_options: dict | None = None) -> dict:
    """The arguments of ``dataset.evaluate`` for ``tools/test.py --eval``
    and ``tools/analysis_tools/offline_eval.py``: the config's
    ``evaluation`` minus the hook's own keys, then ``metric`` (when given)
    and ``eval_options``; checked against ``dataset.evaluate``'s signature
    (:class:`~mmocr.registry.UnknownKeyError` naming a bad key)."""
    kwargs = {k: v for k, v in dict(cfg.get('evaluation', {})).items()
              if k not in _EVAL_HOOK_KEYS}
    if metric:
        kwargs['metric'] = metric
    kwargs.update(eval_options or {})
    check_kwargs(dataset.evaluate, kwargs,
                 f'{type(dataset).__name__}.evaluate (evaluation, '
                 '--eval-options)')
    return kwargs


# Errors that come from what the user gave (config, options, files): the
# command-line tools print them as one line instead of a traceback.
USER_ERRORS = (OSError, SyntaxError, KeyError, TypeError, ValueError,
               ImportError, NotImplementedError, RecursionError)


def run_tool(main: Callable[[list[str] | None], int | None], prog: str,
             argv: list[str] | None = None) -> int:
    """Run a tool's ``main(argv)``; turn user errors into one line on stderr
    and exit status 1. ``MMOCR_DEBUG=1`` shows the full traceback instead.
    """
    try:
        return int(main(argv) or 0)
    except (*USER_ERRORS, CheckpointLoadError, ConfigError, SynthError,
            ModelZooError) as err:
        if os.environ.get('MMOCR_DEBUG'):
            raise
        # A plain KeyError's str() is the quoted key; UnknownKeyError and
        # other subclasses with their own __str__ say more.
        message = (err.args[0] if isinstance(err, KeyError) and err.args and
                   type(err).__str__ is KeyError.__str__ else err)
        print(f'{prog}: error: {type(err).__name__}: {message} '
              '(set MMOCR_DEBUG=1 for the traceback)', file=sys.stderr)
        return 1


def tensor2grayimgs(tensor: torch.Tensor, mean: Sequence[float] = (127, ),
                    std: Sequence[float] = (127, ), **kwargs: Any
                    ) -> list[np.ndarray]:
    """Undo ``Normalize`` on a batch of gray images.

    Args:
        tensor: ``(N, 1, H, W)`` float tensor.
        mean, std: The one-channel normalisation that was applied.
        kwargs: Other ``img_norm_cfg`` keys (``to_rgb``), without effect on
            one channel.

    Returns:
        N ``uint8`` arrays of shape ``(H, W, 1)``.
    """
    if not isinstance(tensor, torch.Tensor) or tensor.dim() != 4:
        raise InvalidValueError('tensor2grayimgs expects a (N, 1, H, W) tensor, '
                                f'got {getattr(tensor, "shape", type(tensor))}')
    if not tensor.size(1) == len(mean) == len(std) == 1:
        raise InvalidValueError(
            f'tensor2grayimgs needs one channel and one mean/std value, got '
            f'{tensor.size(1)} channels, mean={tuple(mean)}, std={tuple(std)}')
    return [img[..., None] for img in tensor2imgs(tensor, mean, std, False)]
