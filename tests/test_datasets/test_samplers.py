"""LengthGroupedBatchSampler, sample_lengths of the datasets, and
build_dataloader(group_by_length=True)."""
from __future__ import annotations

import json

import cv2
import lmdb
import numpy as np
import pytest
from torch.utils.data import Dataset

from mmocr.datasets import (
    ConcatDataset,
    LengthGroupedBatchSampler,
    OCRDataset,
    RepeatDataset,
    UniformConcatDataset,
    build_dataloader,
)
from mmocr.datasets.utils.errors import AnnotationParseError
from mmocr.runner.hooks.sampler_seed import set_loader_epoch


class _Lengths(Dataset):
    """Items are their own indices; lengths given."""

    def __init__(self, lengths):
        self.lengths = np.asarray(lengths, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, index: int) -> int:
        return index

    def sample_lengths(self) -> np.ndarray:
        return self.lengths


class _NoLengths(Dataset):
    def __len__(self) -> int:
        return 4

    def __getitem__(self, index: int) -> int:
        return index


def _random_lengths(num: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(1, 200, num)


def _epoch(sampler: LengthGroupedBatchSampler, epoch: int) -> list[list[int]]:
    sampler.set_epoch(epoch)
    return list(sampler)


def test_every_index_once_per_epoch():
    lengths = _random_lengths(1003)
    sampler = LengthGroupedBatchSampler(_Lengths(lengths), 8, 1, 0, seed=3)
    for epoch in (0, 1):
        batches = _epoch(sampler, epoch)
        assert len(batches) == len(sampler) == 126
        flat = np.concatenate(batches)
        assert np.array_equal(np.sort(flat), np.arange(1003))
        sizes = sorted(len(b) for b in batches)
        assert sizes[0] == 3 and set(sizes[1:]) == {8}


def test_drop_last_drops_the_partial_batch():
    sampler = LengthGroupedBatchSampler(_Lengths(_random_lengths(1003)), 8,
                                        1, 0, drop_last=True)
    batches = list(sampler)
    assert len(batches) == len(sampler) == 125
    assert all(len(b) == 8 for b in batches)


def test_batches_are_length_homogeneous():
    lengths = _random_lengths(4000)
    sampler = LengthGroupedBatchSampler(_Lengths(lengths), 16, 1, 0, seed=0)

    def mean_spread(batches):
        return np.mean([lengths[b].max() / lengths[b].min() for b in batches])

    grouped = mean_spread(list(sampler))
    random_order = np.random.default_rng(1).permutation(4000)
    shuffled = mean_spread(np.split(random_order, 250))
    assert grouped < 1.2
    assert shuffled > 10 * grouped


def test_deterministic_per_seed_and_epoch():
    data = _Lengths(_random_lengths(500))
    first = LengthGroupedBatchSampler(data, 8, 1, 0, seed=5)
    second = LengthGroupedBatchSampler(data, 8, 1, 0, seed=5)
    assert _epoch(first, 2) == _epoch(second, 2)
    # An epoch's order does not depend on the epochs before it (resume).
    assert _epoch(first, 0) != _epoch(first, 1)
    assert _epoch(first, 2) == _epoch(second, 2)
    other_seed = LengthGroupedBatchSampler(data, 8, 1, 0, seed=6)
    assert _epoch(other_seed, 2) != _epoch(first, 2)


@pytest.mark.parametrize('num, drop_last, expected', [
    (800, False, 50), (808, False, 51), (808, True, 50)])
def test_distributed_split(num, drop_last, expected):
    data = _Lengths(_random_lengths(num))
    ranks = [LengthGroupedBatchSampler(data, 8, 2, rank, seed=1,
                                       drop_last=drop_last) for rank in (0, 1)]
    per_rank = [_epoch(sampler, 4) for sampler in ranks]
    assert [len(b) for b in per_rank] == [expected, expected]
    assert [len(s) for s in ranks] == [expected, expected]
    seen = [set(np.concatenate(b).tolist()) for b in per_rank]
    if num == 800:  # 100 batches: an even split, nothing repeated
        assert not seen[0] & seen[1]
        assert seen[0] | seen[1] == set(range(num))
    elif not drop_last:  # 101 batches: one batch repeated as padding
        assert seen[0] | seen[1] == set(range(num))


def test_bad_arguments():
    with pytest.raises(TypeError, match='_NoLengths has no sample_lengths'):
        LengthGroupedBatchSampler(_NoLengths(), 2, 1, 0)
    with pytest.raises(ValueError, match='batch_size must be a positive int'):
        LengthGroupedBatchSampler(_Lengths([1, 2]), 0, 1, 0)
    with pytest.raises(ValueError, match='rank 2 out of range'):
        LengthGroupedBatchSampler(_Lengths([1, 2]), 1, 2, 2)
    with pytest.raises(ValueError, match=r'gave shape \(3,\) for a dataset '
                       'of 2 items'):
        bad = _Lengths([1, 2])
        bad.sample_lengths = lambda: np.array([1, 2, 3])
        LengthGroupedBatchSampler(bad, 1, 1, 0)


def _txt_dataset(tmp_path, texts, repeat=1):
    ann = tmp_path / 'label.txt'
    ann.write_text(''.join(f'img{i}.png {t}\n' for i, t in enumerate(texts)))
    loader = dict(type='AnnFileLoader', repeat=repeat, parser=dict(
        type='LineStrParser', keys=['filename', 'text'], keys_idx=[0, 1]))
    return OCRDataset(str(ann), loader, None, img_prefix=str(tmp_path))


def test_ocr_dataset_lengths_txt_and_jsonl(tmp_path):
    dataset = _txt_dataset(tmp_path, ['a', 'hello', 'abc'], repeat=2)
    lengths = dataset.sample_lengths()
    assert lengths.dtype == np.int64
    assert lengths.tolist() == [1, 5, 3, 1, 5, 3]
    ann = tmp_path / 'label.jsonl'
    ann.write_text('\n'.join(json.dumps({'filename': f'{i}.png', 'text': t})
                             for i, t in enumerate(['two words', 'ÄÖ'])))
    loader = dict(type='AnnFileLoader', parser=dict(
        type='LineJsonParser', keys=['filename', 'text']))
    assert OCRDataset(str(ann), loader, None).sample_lengths().tolist() == [
        9, 2]


def test_ocr_dataset_lengths_missing_text_names_the_line(tmp_path):
    ann = tmp_path / 'label.jsonl'
    ann.write_text('{"filename": "a.png", "text": "ab"}\n')
    loader = dict(type='AnnFileLoader', parser=dict(
        type='LineJsonParser', keys=['filename']))
    with pytest.raises(AnnotationParseError, match=r'label.jsonl, line 1: annotation '
                       'has no "text"'):
        OCRDataset(str(ann), loader, None).sample_lengths()


def test_ocr_dataset_lengths_toy_lmdb(toy_root):
    ann = toy_root / 'ocr_toy_dataset' / 'label.lmdb'
    loader = dict(type='AnnFileLoader', file_format='lmdb', parser=dict(
        type='LineJsonParser', keys=['filename', 'text']))
    dataset = OCRDataset(str(ann), loader, None)
    # GRAND HOTEL HOTEL PACIFIC 03/09/2009 ANING Virgin america ATTACK DAVIDSON
    assert dataset.sample_lengths().tolist() == [5, 5, 5, 7, 10, 5, 6, 7, 6, 8]


def test_ocr_dataset_lengths_image_lmdb_plain_labels(tmp_path):
    """The 'academic' image+label lmdb: labels are bare strings."""
    path = tmp_path / 'words.lmdb'
    texts = ['HI', 'receipt total 12.50', 'x']
    ok, png = cv2.imencode('.png', np.zeros((4, 4), np.uint8))
    assert ok
    env = lmdb.open(str(path), map_size=1 << 20)
    with env.begin(write=True) as txn:
        txn.put(b'num-samples', str(len(texts)).encode())
        for i, text in enumerate(texts, 1):
            txn.put(f'image-{i:09d}'.encode(), png.tobytes())
            txn.put(f'label-{i:09d}'.encode(), text.encode())
    env.close()
    loader = dict(type='AnnFileLoader', file_format='lmdb', parser=dict(
        type='LineJsonParser', keys=['filename', 'text']))
    dataset = OCRDataset(str(path), loader, None, img_prefix=str(path))
    assert dataset.sample_lengths().tolist() == [2, 19, 1]
    dataset.data_infos.close()


def test_wrapper_dataset_lengths(tmp_path):
    first = _Lengths([1, 2])
    second = _Lengths([7])
    assert ConcatDataset([first, second]).sample_lengths().tolist() == [1, 2, 7]
    assert RepeatDataset(first, 3).sample_lengths().tolist() == [1, 2] * 3
    uniform = UniformConcatDataset([first, second], show_mean_scores=False)
    assert uniform.sample_lengths().tolist() == [1, 2, 7]
    with pytest.raises(TypeError, match='_NoLengths has no sample_lengths'):
        ConcatDataset([first, _NoLengths()]).sample_lengths()


def test_build_dataloader_group_by_length(tmp_path):
    texts = ['a' * (1 + (7 * i) % 40) for i in range(64)]
    dataset = _txt_dataset(tmp_path, texts)
    dataset.pipeline = lambda results: results['text']
    loader = build_dataloader(dataset, samples_per_gpu=4, workers_per_gpu=0,
                              seed=0, group_by_length=True)
    assert isinstance(loader.batch_sampler, LengthGroupedBatchSampler)
    assert len(loader) == 16
    set_loader_epoch(loader, 1)
    assert loader.batch_sampler.epoch == 1
    batches = list(loader)
    assert sorted(t for b in batches for t in b) == sorted(texts)
    spread = np.mean([max(map(len, b)) - min(map(len, b)) for b in batches])
    assert spread <= 3
    # Evaluation loaders keep the dataset order.
    ordered = build_dataloader(dataset, 4, 0, shuffle=False,
                               group_by_length=True)
    assert [t for b in ordered for t in b] == texts
