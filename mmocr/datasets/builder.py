"""Building datasets and data loaders from configs.

``build_dataset(cfg)`` builds ``cfg['type']`` from :data:`DATASETS`; a list
of configs, or ``type='ConcatDataset'``, concatenates; ``RepeatDataset``
repeats; an ``ann_file`` list builds one dataset per file and concatenates
them. ``build_dataloader`` batches with :func:`mmocr.datasets.collate.collate`
and shuffles with a sampler seeded by ``seed + epoch`` (the runner sets the
epoch), so data order is reproducible, also after a resume;
``group_by_length=True`` batches samples of similar length together
(:class:`~mmocr.datasets.samplers.LengthGroupedBatchSampler`).
"""
from __future__ import annotations

import copy
import random
from functools import partial
from typing import Any, Sequence

import numpy as np
import torch
from torch.utils.data import ConcatDataset as _TorchConcatDataset
from torch.utils.data import DataLoader, Dataset
from torch.utils.data import DistributedSampler as _TorchDistributedSampler

from mmocr.registry import (
    DATASETS,
    LOADERS,
    PARSERS,
    PIPELINES,
    UnknownKeyError,
    build_from_cfg,
    check_kwargs,
)
from mmocr.utils.dist import get_dist_info
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .collate import collate
from .samplers import (
    LengthGroupedBatchSampler,
    concat_sample_lengths,
    dataset_sample_lengths,
)

__all__ = [
    'DATASETS', 'PIPELINES', 'LOADERS', 'PARSERS', 'ConcatDataset',
    'RepeatDataset', 'DistributedSampler', 'build_dataset', 'build_dataloader',
    'worker_init_fn', 'sync_random_seed', 'build_loader', 'build_parser'
]


def build_loader(cfg: dict) -> Any:
    """An annotation file loader (``AnnFileLoader``, ...) from its config."""
    return build_from_cfg(cfg, LOADERS)


def build_parser(cfg: dict) -> Any:
    """An annotation line parser (``LineStrParser``, ``LineJsonParser``)
    from its config."""
    return build_from_cfg(cfg, PARSERS)


def sync_random_seed(seed: int | None = None) -> int:
    """``seed``, or a random seed drawn on rank 0 and shared by all ranks."""
    if seed is not None:
        return int(seed)
    value = int(np.random.randint(2**31))
    rank, world_size = get_dist_info()
    if world_size > 1:
        import torch.distributed as dist
        device = 'cuda' if dist.get_backend() == 'nccl' else 'cpu'
        tensor = torch.tensor(value if rank == 0 else 0, dtype=torch.int64,
                              device=device)
        dist.broadcast(tensor, src=0)
        value = int(tensor.item())
    return value


@DATASETS.register_module()
class ConcatDataset(_TorchConcatDataset):
    """Datasets (or dataset configs) concatenated.

    ``evaluate`` splits the results by dataset and returns
    ``{'<i>_<metric>': value}`` for dataset ``i``.

    Args:
        datasets: Datasets or their configs.
        separate_eval: Must be True (joint evaluation is not supported).
    """

    def __init__(self, datasets: Sequence[Dataset | dict],
                 separate_eval: bool = True):
        if not separate_eval:
            raise NotImplementedError('ConcatDataset(separate_eval=False) is '
                                      'not supported; evaluate separately')
        built = [build_dataset(d) if isinstance(d, dict) else d for d in datasets]
        if not built:
            raise InvalidValueError('ConcatDataset needs at least one dataset')
        super().__init__(built)
        self.CLASSES = getattr(built[0], 'CLASSES', None)
        self.separate_eval = separate_eval

    def sample_lengths(self) -> np.ndarray:
        """The children's sample lengths, concatenated."""
        return concat_sample_lengths(self.datasets)

    def evaluate(self, results: list, logger: Any = None, **kwargs: Any) -> dict:
        if len(results) != self.cumulative_sizes[-1]:
            raise InvalidValueError(f'{len(results)} results for a dataset of '
                                    f'{self.cumulative_sizes[-1]} samples')
        for dataset in self.datasets:
            if not hasattr(dataset, 'evaluate'):
                raise InvalidTypeError(f'{type(dataset).__name__} has no evaluate()')
            check_kwargs(dataset.evaluate, kwargs,
                         f'{type(dataset).__name__}.evaluate')
        metrics: dict = {}
        start = 0
        for i, (dataset, end) in enumerate(zip(self.datasets, self.cumulative_sizes)):
            part = dataset.evaluate(results[start:end], logger=logger, **kwargs)
            metrics.update({f'{i}_{k}': v for k, v in part.items()})
            start = end
        return metrics


@DATASETS.register_module()
class RepeatDataset(Dataset):
    """``dataset`` repeated ``times`` times (one epoch = ``times`` passes).

    Args:
        dataset: A dataset or its config.
        times: Number of repetitions.
    """

    def __init__(self, dataset: Dataset | dict, times: int):
        if not isinstance(times, int) or times <= 0:
            raise InvalidValueError('RepeatDataset times must be a positive int, '
                                    f'got {times!r}')
        self.dataset = build_dataset(dataset) if isinstance(dataset, dict) else dataset
        self.times = times
        self.CLASSES = getattr(self.dataset, 'CLASSES', None)
        self._ori_len = len(self.dataset)

    def __getitem__(self, idx: int) -> Any:
        return self.dataset[idx % self._ori_len]

    def __len__(self) -> int:
        return self.times * self._ori_len

    def sample_lengths(self) -> np.ndarray:
        """The dataset's sample lengths, repeated ``times`` times."""
        return np.tile(dataset_sample_lengths(self.dataset), self.times)


def _concat_ann_files(cfg: dict, default_args: dict | None,
                      cfg_path: str | None) -> ConcatDataset:
    """One dataset per ``ann_file`` (``img_prefix`` may be a matching list)."""
    ann_files = cfg['ann_file']
    img_prefixes = cfg.get('img_prefix')
    if isinstance(img_prefixes, (list, tuple)) and len(img_prefixes) != len(ann_files):
        raise InvalidValueError(f'{len(ann_files)} ann_file entries but '
                                f'{len(img_prefixes)} img_prefix entries')
    datasets = []
    for i, ann_file in enumerate(ann_files):
        sub_cfg = copy.deepcopy(dict(cfg))
        sub_cfg['ann_file'] = ann_file
        if isinstance(img_prefixes, (list, tuple)):
            sub_cfg['img_prefix'] = img_prefixes[i]
        # Every sub-config holds the keys of ``cfg``: same path.
        datasets.append(build_dataset(sub_cfg, default_args, cfg_path))
    return ConcatDataset(datasets, cfg.get('separate_eval', True))


def _child(cfg_path: str | None, part: str) -> str | None:
    return None if cfg_path is None else cfg_path + part


def build_dataset(cfg: dict | Sequence[dict], default_args: dict | None = None,
                  cfg_path: str | None = None) -> Dataset:
    """Build a dataset (see the module docstring).

    Args:
        cfg: A dataset config, or a list of them (concatenated).
        default_args: Used where a dataset config does not set the key
            (``dict(test_mode=True)``).
        cfg_path: Where ``cfg`` sits in the config file (``'data.train'``);
            an :class:`~mmocr.registry.UnknownKeyError` then names the full
            path of the key (``data.train.pipeline[3].bogus``,
            ``data.test.datasets[0].bogus``).
    """
    if isinstance(cfg, (list, tuple)):
        return ConcatDataset([build_dataset(c, default_args, _child(cfg_path, f'[{i}]'))
                              for i, c in enumerate(cfg)])
    if not isinstance(cfg, dict):
        raise InvalidTypeError(f'a dataset config must be a dict or a list of dicts, '
                               f'got {type(cfg).__name__}')
    dataset_type = cfg.get('type')
    if dataset_type in ('ConcatDataset', 'RepeatDataset'):
        cls = ConcatDataset if dataset_type == 'ConcatDataset' else RepeatDataset
        try:
            check_kwargs(cls, {k: v for k, v in cfg.items() if k != 'type'},
                         f'{dataset_type} (registry "dataset")', dataset_type)
        except UnknownKeyError as err:
            err.at(cfg_path)
            raise
    if dataset_type == 'ConcatDataset':
        return ConcatDataset(
            [build_dataset(c, default_args, _child(cfg_path, f'.datasets[{i}]'))
             for i, c in enumerate(cfg['datasets'])],
            cfg.get('separate_eval', True))
    if dataset_type == 'RepeatDataset':
        return RepeatDataset(
            build_dataset(cfg['dataset'], default_args, _child(cfg_path, '.dataset')),
            cfg['times'])
    if isinstance(cfg.get('ann_file'), (list, tuple)):
        return _concat_ann_files(cfg, default_args, cfg_path)
    return build_from_cfg(cfg, DATASETS, default_args, cfg_path=cfg_path)


class DistributedSampler(_TorchDistributedSampler):
    """torch's ``DistributedSampler`` with a seed shared by all ranks when
    none is given. Used with one replica as the seeded shuffling sampler of
    non-distributed training too."""

    def __init__(self, dataset: Dataset, num_replicas: int | None = None,
                 rank: int | None = None, shuffle: bool = True,
                 seed: int | None = None, drop_last: bool = False):
        if num_replicas is None or rank is None:
            rank, num_replicas = get_dist_info()
        super().__init__(dataset, num_replicas=num_replicas, rank=rank,
                         shuffle=shuffle, seed=sync_random_seed(seed),
                         drop_last=drop_last)


def worker_init_fn(worker_id: int, num_workers: int, rank: int) -> None:
    """Seed numpy, random and torch in a loader worker.

    torch gives each worker ``base_seed + worker_id``, ``base_seed`` coming
    from the loader's generator (reseeded with ``seed + epoch`` every epoch);
    the rank offset keeps the ranks' augmentations apart.
    """
    seed = (torch.initial_seed() + rank * num_workers) % 2**32
    np.random.seed(seed)
    random.seed(seed)
    torch.manual_seed(seed)


def build_dataloader(dataset: Dataset, samples_per_gpu: int, workers_per_gpu: int,
                     num_gpus: int = 1, dist: bool = False, shuffle: bool = True,
                     seed: int | None = None, drop_last: bool = False,
                     pin_memory: bool = False, persistent_workers: bool = False,
                     group_by_length: bool = False, **kwargs: Any) -> DataLoader:
    """A DataLoader for ``dataset`` (MMOCR 0.x's signature).

    Args:
        samples_per_gpu: Batch size of each GPU (of each process in
            distributed mode).
        workers_per_gpu: Loader worker processes per GPU.
        num_gpus: GPUs of a non-distributed run (batch size is
            ``num_gpus * samples_per_gpu``).
        dist: Distributed mode: each rank reads its share of the data through
            a :class:`DistributedSampler` (padded to equal shares).
        shuffle: Shuffle every epoch (seeded by ``seed + epoch``).
        seed: Base seed of the order and of the workers.
        group_by_length: With ``shuffle``, batch samples of similar
            ``dataset.sample_lengths()`` together
            (:class:`LengthGroupedBatchSampler`) to cut padding. Loaders
            without ``shuffle`` (evaluation) keep the dataset order, so a
            ``data.group_by_length`` key does not reorder evaluation.
        kwargs: Other ``DataLoader`` arguments.
    """
    rank, world_size = get_dist_info()
    if dist:
        batch_size, num_workers = samples_per_gpu, workers_per_gpu
        num_replicas, replica = world_size, rank
    else:
        batch_size = num_gpus * samples_per_gpu
        num_workers = num_gpus * workers_per_gpu
        num_replicas, replica = 1, 0
    base_seed = sync_random_seed(seed)
    if group_by_length and shuffle:
        batching: dict[str, Any] = dict(batch_sampler=LengthGroupedBatchSampler(
            dataset, batch_size, num_replicas, replica, seed=base_seed,
            drop_last=drop_last))
    else:
        sampler = (DistributedSampler(dataset, num_replicas, replica,
                                      shuffle=shuffle, seed=base_seed)
                   if dist or shuffle else None)
        batching = dict(batch_size=batch_size, sampler=sampler,
                        drop_last=drop_last, shuffle=False)
    generator = torch.Generator()
    generator.manual_seed(base_seed)
    init_fn = partial(worker_init_fn, num_workers=num_workers, rank=rank)
    try:
        loader = DataLoader(
            dataset, num_workers=num_workers, collate_fn=collate,
            pin_memory=pin_memory,
            worker_init_fn=init_fn if num_workers else None,
            generator=generator,
            persistent_workers=persistent_workers and num_workers > 0,
            **batching, **kwargs)
    except TypeError as err:
        raise InvalidTypeError(f'build_dataloader: bad data loader option in '
                               f'{sorted(kwargs)}: {err}') from None
    loader.base_seed = base_seed
    return loader
