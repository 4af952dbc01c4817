"""Testing a model over a data loader, on one device or on all ranks.

The model is called as ``model(return_loss=False, rescale=True, **batch)``
and returns one result per image (MMOCR 0.x formats); both functions return
the results in dataset order.
"""
from __future__ import annotations

import os
import os.path as osp
import pickle
import shutil
import tempfile
from typing import Any

import cv2
import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from mmocr.datasets.collate import to_device
from mmocr.utils.device import model_device
from mmocr.utils.dist import get_dist_info
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['single_gpu_test', 'multi_gpu_test', 'collect_results_cpu',
           'collect_results_gpu', 'tensor2imgs', 'retrieve_img_tensor_and_meta']


def _unwrap(model: nn.Module) -> nn.Module:
    return getattr(model, 'module', model)


def tensor2imgs(tensor: torch.Tensor, mean: Any = (0, 0, 0), std: Any = (1, 1, 1),
                to_rgb: bool = True) -> list[np.ndarray]:
    """Undo ``Normalize``: ``(N, C, H, W)`` float -> N ``uint8`` ``HxWxC``
    BGR images (``HxW`` when C is 1). ``to_rgb`` says the tensor is RGB (it
    is turned back into BGR)."""
    if tensor.dim() != 4 or tensor.size(1) not in (1, 3):
        raise InvalidValueError('tensor2imgs expects (N, 1|3, H, W), got '
                                f'{tuple(tensor.shape)}')
    channels = tensor.size(1)
    mean = np.asarray(mean, dtype=np.float32).reshape(-1)[:channels]
    std = np.asarray(std, dtype=np.float32).reshape(-1)[:channels]
    imgs = tensor.detach().float().cpu().numpy().transpose(0, 2, 3, 1) * std + mean
    if channels == 3 and to_rgb:
        imgs = imgs[..., ::-1]
    imgs = np.clip(imgs, 0, 255).astype(np.uint8)
    return [np.ascontiguousarray(img[..., 0] if channels == 1 else img)
            for img in imgs]


#: Meta keys :func:`retrieve_img_tensor_and_meta` needs to draw results.
_SHOW_META_KEYS = ('img_norm_cfg', 'ori_filename', 'img_shape', 'ori_shape')


def retrieve_img_tensor_and_meta(data: dict) -> tuple[torch.Tensor, list[dict],
                                                      dict]:
    """The images, metas and normalisation of one collated batch.

    Args:
        data: A batch from the test data loader: ``img`` a ``(N, C, H, W)``
            tensor and ``img_metas`` a list of N dicts, or, with test-time
            augmentation, a list of views of each (the first view is used).

    Returns:
        ``(img_tensor, img_metas, img_norm_cfg)``: the ``(N, C, H, W)``
        tensor, its metas and the first meta's ``img_norm_cfg`` (a copy;
        a mean and std given in ``[0, 1]`` are scaled to ``[0, 255]``).

    Raises:
        KeyError: a meta lacks ``img_norm_cfg``, ``ori_filename``,
            ``img_shape`` or ``ori_shape`` (add it to ``Collect``'s
            ``meta_keys``).
    """
    img, metas = data['img'], data['img_metas']
    if isinstance(img, (list, tuple)):  # test-time augmentation views
        img, metas = img[0], metas[0]
    if not isinstance(img, torch.Tensor) or img.dim() != 4:
        raise InvalidTypeError('data["img"] must be a (N, C, H, W) tensor or a '
                               f'list of them, got {type(img).__name__}')
    for key in _SHOW_META_KEYS:
        if key not in metas[0]:
            raise KeyError(f'img_metas lack {key!r}: add it to the "meta_keys" '
                           'of Collect in the test pipeline')
    norm = dict(metas[0]['img_norm_cfg'])
    if max(norm['mean']) <= 1:
        norm['mean'] = [255 * v for v in norm['mean']]
        norm['std'] = [255 * v for v in norm['std']]
    return img, metas, norm


def _show_batch(model: nn.Module, data: dict, results: list, show: bool,
                out_dir: str | None, is_kie: bool, score_thr: float) -> None:
    img_tensor, metas, norm = retrieve_img_tensor_and_meta(data)
    imgs = tensor2imgs(img_tensor, **norm)
    module = _unwrap(model)
    if not hasattr(module, 'show_result'):
        raise NotImplementedError(f'{type(module).__name__} has no show_result')
    for i, (img, meta) in enumerate(zip(imgs, metas)):
        h, w = meta['img_shape'][:2]
        img_show = img[:h, :w]
        out_file = (osp.join(out_dir, meta['ori_filename'])
                    if out_dir else None)
        if is_kie:
            if img_tensor.size(0) != 1:
                raise InvalidValueError('showing KIE results needs samples_per_gpu=1')
            module.show_result(img_show, results[i], data['gt_bboxes'][i],
                               show=show, out_file=out_file)
        else:
            ori_h, ori_w = meta['ori_shape'][:2]
            img_show = cv2.resize(img_show, (ori_w, ori_h))
            module.show_result(img_show, results[i], show=show,
                               out_file=out_file, score_thr=score_thr)


def single_gpu_test(model: nn.Module, data_loader: DataLoader, show: bool = False,
                    out_dir: str | None = None, is_kie: bool = False,
                    show_score_thr: float = 0.3) -> list:
    """Run ``model`` over ``data_loader``; return one result per sample.

    With ``show``/``out_dir`` each image is drawn by ``model.show_result``
    (to the screen / to ``out_dir/<ori_filename>``).
    """
    model.eval()
    device = model_device(model)
    results: list = []
    with tqdm(total=len(data_loader.dataset), desc='test', unit='img',
              dynamic_ncols=True) as bar:
        for data in data_loader:
            with torch.no_grad():
                result = model(return_loss=False, rescale=True,
                               **to_device(data, device))
            if show or out_dir:
                _show_batch(model, data, result, show, out_dir, is_kie,
                            show_score_thr)
            results.extend(result)
            bar.update(len(result))
    return results


def multi_gpu_test(model: nn.Module, data_loader: DataLoader,
                   tmpdir: str | None = None, gpu_collect: bool = False) -> list | None:
    """Every rank tests its share (``DistributedSampler`` without shuffle);
    rank 0 returns all results in dataset order (the sampler's padding
    removed), other ranks ``None``.

    Args:
        tmpdir: Folder (visible to all ranks) to gather the results through;
            a temporary one under ``.dist_test`` by default.
        gpu_collect: Gather with ``all_gather_object`` instead.
    """
    model.eval()
    device = model_device(model)
    rank, world_size = get_dist_info()
    results: list = []
    dataset = data_loader.dataset
    with tqdm(total=len(dataset), desc='test', unit='img', disable=rank != 0,
              dynamic_ncols=True) as bar:
        for data in data_loader:
            with torch.no_grad():
                result = model(return_loss=False, rescale=True,
                               **to_device(data, device))
            results.extend(result)
            bar.update(min(len(result) * world_size, bar.total - bar.n))
    if gpu_collect:
        return collect_results_gpu(results, len(dataset))
    return collect_results_cpu(results, len(dataset), tmpdir)


def _interleave(parts: list[list], size: int) -> list:
    """Undo the ``DistributedSampler`` split: rank r holds samples r, r+W..."""
    ordered = [item for group in zip(*parts) for item in group]
    return ordered[:size]


def collect_results_cpu(result_part: list, size: int,
                        tmpdir: str | None = None) -> list | None:
    """Gather through pickle files in a shared folder."""
    rank, world_size = get_dist_info()
    if world_size == 1:
        return result_part[:size]
    if tmpdir is None:
        holder = [None]
        if rank == 0:
            os.makedirs('.dist_test', exist_ok=True)
            holder = [tempfile.mkdtemp(dir='.dist_test')]
        dist.broadcast_object_list(holder, src=0)
        tmpdir = holder[0]
    os.makedirs(tmpdir, exist_ok=True)
    with open(osp.join(tmpdir, f'part_{rank}.pkl'), 'wb') as f:
        pickle.dump(result_part, f)
    dist.barrier()
    if rank != 0:
        return None
    parts = []
    for i in range(world_size):
        with open(osp.join(tmpdir, f'part_{i}.pkl'), 'rb') as f:
            parts.append(pickle.load(f))
    shutil.rmtree(tmpdir, ignore_errors=True)
    return _interleave(parts, size)


def collect_results_gpu(result_part: list, size: int) -> list | None:
    """Gather with ``all_gather_object``."""
    rank, world_size = get_dist_info()
    if world_size == 1:
        return result_part[:size]
    parts: list = [None] * world_size
    dist.all_gather_object(parts, result_part)
    if rank != 0:
        return None
    return _interleave(parts, size)
