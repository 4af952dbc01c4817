"""BaseDataset: loader wiring, pre_pipeline, sample replacement."""
from __future__ import annotations

import pytest

from mmocr.datasets import BaseDataset
from mmocr.datasets.utils import ImageLoadError
from mmocr.registry import DATASETS, PIPELINES, build_from_cfg

LOADER = dict(type='AnnFileLoader', repeat=1,
              parser=dict(type='LineStrParser', keys=['filename', 'text'],
                          keys_idx=[0, 1], separator=' '))


class DropOdd:
    """Drops samples whose file name starts with an odd digit."""

    def __call__(self, results):
        return None if int(results['img_info']['filename'][0]) % 2 else results


class Broken:

    def __call__(self, results):
        if results['img_info']['filename'].startswith('1'):
            raise ImageLoadError('image file not found: 1.jpg')
        return results


@pytest.fixture
def ann_file(tmp_path):
    path = tmp_path / 'label.txt'
    path.write_text(''.join(f'{i}.jpg word{i}\n' for i in range(4)))
    return str(path)


def test_build_and_getitem(ann_file):
    ds = build_from_cfg(
        dict(type='BaseDataset', ann_file=ann_file, loader=LOADER,
             pipeline=[], img_prefix='imgs', test_mode=True), DATASETS)
    assert len(ds) == 4 and len(ds.flag) == 4
    item = ds[2]
    assert item['img_info'] == {'filename': '2.jpg', 'text': 'word2'}
    assert item['img_prefix'] == 'imgs'
    assert item['mask_fields'] == [] and item['bbox_fields'] == []
    with pytest.raises(NotImplementedError):
        ds.evaluate([])


def test_training_replaces_dropped_samples(ann_file):
    ds = BaseDataset(ann_file, LOADER, pipeline=[DropOdd()])
    names = {ds[1]['img_info']['filename'] for _ in range(10)}
    assert names <= {'0.jpg', '2.jpg'}


def test_test_mode_never_replaces(ann_file):
    ds = BaseDataset(ann_file, LOADER, pipeline=[DropOdd()], test_mode=True)
    assert ds[0]['img_info']['filename'] == '0.jpg'
    with pytest.raises(RuntimeError, match='dropped sample 1'):
        ds[1]


def test_bounded_retries(ann_file):
    ds = BaseDataset(ann_file, LOADER, pipeline=[lambda r: None],
                     max_retries=3)
    with pytest.raises(RuntimeError, match='no valid sample after 3'):
        ds[0]


def test_broken_samples_raise_or_skip(ann_file):
    ds = BaseDataset(ann_file, LOADER, pipeline=[Broken()])
    with pytest.raises(ImageLoadError, match='1.jpg'):
        ds[1]
    ds = BaseDataset(ann_file, LOADER, pipeline=[Broken()], skip_broken=True)
    with pytest.warns(UserWarning, match='skipping broken sample 1'):
        assert ds[1]['img_info']['filename'] != '1.jpg'


def test_pipeline_from_registry(ann_file):
    assert 'Compose' in PIPELINES
    with pytest.raises(KeyError, match='NoSuchStep'):
        BaseDataset(ann_file, LOADER, pipeline=[dict(type='NoSuchStep')])
