"""Length-grouped batching: batches of samples of similar length.

Text recognition batches are padded to their widest image, so a batch mixing
a 3-letter word with a receipt line spends most of its compute on padding.
:class:`LengthGroupedBatchSampler` keeps the order random while putting
samples of similar length (``dataset.sample_lengths()``, e.g. the length of
each transcription) into the same batch.
"""
from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
import torch
from torch.utils.data import Dataset, Sampler

from mmocr.utils.dist import get_dist_info
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['LengthGroupedBatchSampler', 'dataset_sample_lengths',
           'concat_sample_lengths']


def dataset_sample_lengths(dataset: Dataset) -> np.ndarray:
    """``dataset.sample_lengths()``, checked: one non-negative int per item.

    Raises:
        TypeError: The dataset has no ``sample_lengths`` method.
        ValueError: The lengths do not match the dataset.
    """
    name = type(dataset).__name__
    if not callable(getattr(dataset, 'sample_lengths', None)):
        raise InvalidTypeError(
            f'{name} has no sample_lengths(), which group_by_length needs '
            '(OCRDataset, ConcatDataset, UniformConcatDataset and '
            'RepeatDataset have it); disable group_by_length for this dataset')
    lengths = np.asarray(dataset.sample_lengths())
    if lengths.ndim != 1 or len(lengths) != len(dataset):
        raise InvalidValueError(f'{name}.sample_lengths() gave shape {lengths.shape} '
                                f'for a dataset of {len(dataset)} items')
    if len(lengths) and (not np.issubdtype(lengths.dtype, np.integer)
                         or lengths.min() < 0):
        raise InvalidValueError(f'{name}.sample_lengths() must give non-negative '
                                f'integers, got dtype {lengths.dtype}')
    return lengths.astype(np.int64, copy=False)


def concat_sample_lengths(datasets: Sequence[Dataset]) -> np.ndarray:
    """The sample lengths of concatenated ``datasets``, in order."""
    parts = [dataset_sample_lengths(d) for d in datasets]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class LengthGroupedBatchSampler(Sampler[list[int]]):
    """Random batches of indices whose samples have similar lengths.

    Each epoch: the indices are shuffled with a generator seeded by
    ``seed + epoch``; the shuffled order is cut into mega-chunks of
    ``batch_size * mega_batch_mult`` indices, each chunk sorted by length
    (stable, so equal lengths stay in random order) and cut into batches;
    then the order of all batches is shuffled. Only the last chunk can end
    in a partial batch (dropped with ``drop_last``).

    In distributed mode every rank computes the same batches and takes every
    ``num_replicas``-th one from ``rank``; the batch list is padded by
    repeating batches from its start (or truncated, with ``drop_last``) so
    that every rank gets the same number of batches.

    Call :meth:`set_epoch` before each epoch (the runner does, as for
    ``DistributedSampler``); the order then depends only on ``(seed,
    epoch)``, so a resumed run repeats the uninterrupted one.

    Args:
        dataset: A dataset with ``sample_lengths() -> int array`` (one
            length per item, read without loading images).
        batch_size: Samples per batch (per rank).
        num_replicas: Number of ranks (default: the process group's).
        rank: This rank (default: the process's).
        seed: Base seed; must be the same on every rank.
        drop_last: Drop the partial batch, and in distributed mode the batches
            that do not divide evenly among the ranks.
        mega_batch_mult: Chunk size in batches: larger chunks give more
            homogeneous batches but a less random order.

    Yields:
        ``list[int]`` of dataset indices, ``batch_size`` of them (fewer in
        the one partial batch).
    """

    def __init__(self, dataset: Dataset, batch_size: int,
                 num_replicas: int | None = None, rank: int | None = None,
                 seed: int = 0, drop_last: bool = False,
                 mega_batch_mult: int = 50):
        for name, value in (('batch_size', batch_size),
                            ('mega_batch_mult', mega_batch_mult)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidValueError(f'{name} must be a positive int, got {value!r}')
        if num_replicas is None or rank is None:
            rank, num_replicas = get_dist_info()
        if not 0 <= rank < num_replicas:
            raise InvalidValueError(f'rank {rank} out of range for {num_replicas} '
                                    'replicas')
        self.lengths = dataset_sample_lengths(dataset)
        self.batch_size = batch_size
        self.num_replicas = num_replicas
        self.rank = rank
        self.seed = int(seed)
        self.drop_last = drop_last
        self.mega_batch_mult = mega_batch_mult
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        """Use the order of epoch ``epoch``."""
        self.epoch = epoch

    def _num_global_batches(self) -> int:
        num_samples = len(self.lengths)
        if self.drop_last:
            return num_samples // self.batch_size
        return -(-num_samples // self.batch_size)

    def __len__(self) -> int:
        total = self._num_global_batches()
        if self.drop_last:
            return total // self.num_replicas
        return -(-total // self.num_replicas)

    def _global_batches(self) -> list[np.ndarray]:
        """All ranks' batches of this epoch, in random order."""
        generator = torch.Generator()
        generator.manual_seed(self.seed + self.epoch)
        num_samples = len(self.lengths)
        order = torch.randperm(num_samples, generator=generator).numpy()
        chunk_ids = np.arange(num_samples) // (self.batch_size *
                                               self.mega_batch_mult)
        # Primary key: the chunk (already ascending); secondary: the length.
        order = order[np.lexsort((self.lengths[order], chunk_ids))]
        batches = np.split(order, np.arange(self.batch_size, num_samples,
                                            self.batch_size))
        batches = batches[:self._num_global_batches()]
        shuffled = torch.randperm(len(batches), generator=generator).tolist()
        return [batches[i] for i in shuffled]

    def __iter__(self) -> Iterator[list[int]]:
        batches = self._global_batches()
        if not batches:
            return iter(())
        total = len(self) * self.num_replicas
        picks = np.arange(self.rank, total, self.num_replicas) % len(batches)
        return iter([batches[i].tolist() for i in picks])
