"""``build_dataset(cfg, cfg_path=...)`` names the full config path of an
unknown key, through concatenations, repeats, ``ann_file`` lists and the
shared (also grouped) pipelines of ``UniformConcatDataset``."""
from __future__ import annotations

import pytest

from mmocr.datasets import build_dataset
from mmocr.registry import UnknownKeyError


@pytest.fixture
def dataset_cfg(tmp_path) -> dict:
    ann = tmp_path / 'ann.txt'
    ann.write_text('a.jpg hello\nb.jpg world\n')
    return dict(type='OCRDataset', ann_file=str(ann), img_prefix='',
                loader=dict(type='AnnFileLoader', repeat=1,
                            parser=dict(type='LineStrParser',
                                        keys=['filename', 'text'])),
                pipeline=None)


def _pipeline(bad_step: int | None = None) -> list[dict]:
    steps = [dict(type='LoadImageFromFile'), dict(type='ResizeOCR', height=32),
             dict(type='ToTensorOCR')]
    if bad_step is not None:
        steps[bad_step]['bogus'] = 1
    return steps


def _path(cfg, cfg_path: str, default_args: dict | None = None) -> str:
    with pytest.raises(UnknownKeyError) as info:
        build_dataset(cfg, default_args, cfg_path=cfg_path)
    err = info.value
    assert err.key == 'bogus'
    assert f' at {err.path_text};' in str(err)
    return err.path_text


def test_pipeline_step_key_named_with_path(dataset_cfg):
    cfg = dict(dataset_cfg, pipeline=_pipeline(2))
    assert _path(cfg, 'data.train') == 'data.train.pipeline[2].bogus'
    # Without a path: relative to the dataset config (as before).
    with pytest.raises(UnknownKeyError) as info:
        build_dataset(cfg)
    assert info.value.path_text == 'pipeline[2].bogus'


def test_concat_repeat_and_list_paths(dataset_cfg):
    bad = dict(dataset_cfg, bogus=1)
    concat = dict(type='ConcatDataset', datasets=[dataset_cfg, bad])
    assert _path(concat, 'data.test', dict(test_mode=True)) == \
        'data.test.datasets[1].bogus'
    assert _path([dataset_cfg, bad], 'data.val') == 'data.val[1].bogus'
    repeat = dict(type='RepeatDataset', times=2, dataset=bad)
    assert _path(repeat, 'data.train') == 'data.train.dataset.bogus'
    files = dict(bad, ann_file=[dataset_cfg['ann_file']] * 2)
    assert _path(files, 'data.train') == 'data.train.bogus'


def test_concat_and_repeat_reject_their_own_unknown_keys(dataset_cfg):
    """Built outside the registry, their keys are still checked (first)."""
    assert _path(dict(type='ConcatDataset', datasets=[dataset_cfg],
                      bogus=1), 'data.val') == 'data.val.bogus'
    assert _path(dict(type='RepeatDataset', dataset=dataset_cfg, times=2,
                      bogus=1), 'data.train') == 'data.train.bogus'


def test_uniform_concat_shared_pipeline_paths(dataset_cfg):
    flat = dict(type='UniformConcatDataset', datasets=[dataset_cfg],
                pipeline=_pipeline(1))
    assert _path(flat, 'data.train') == 'data.train.pipeline[1].bogus'
    grouped = dict(type='UniformConcatDataset',
                   datasets=[[dataset_cfg], [dataset_cfg]],
                   pipeline=[_pipeline(), _pipeline(2)])
    assert _path(grouped, 'data.train') == 'data.train.pipeline[1][2].bogus'
    # Inside a ConcatDataset, the enclosing path is prepended.
    outer = dict(type='ConcatDataset', datasets=[dataset_cfg, grouped])
    assert _path(outer, 'data.test') == \
        'data.test.datasets[1].pipeline[1][2].bogus'
    # A dataset keeping its own pipeline is named by its own path.
    own = dict(dataset_cfg, pipeline=_pipeline(0))
    mixed = dict(type='UniformConcatDataset',
                 datasets=[[dataset_cfg], [own]],
                 pipeline=[_pipeline(), _pipeline()])
    assert _path(mixed, 'data.train') == \
        'data.train.datasets[1][0].pipeline[0].bogus'


def test_uniform_concat_builds_with_grouped_pipelines(dataset_cfg):
    grouped = dict(type='UniformConcatDataset',
                   datasets=[[dataset_cfg], [dataset_cfg, dataset_cfg]],
                   pipeline=[_pipeline(), _pipeline()])
    dataset = build_dataset(grouped, cfg_path='data.train')
    assert len(dataset) == 6


def test_one_config_in_two_groups_gets_each_groups_pipeline(dataset_cfg):
    tall = _pipeline()
    tall[1]['height'] = 48
    grouped = dict(type='UniformConcatDataset',
                   datasets=[[dataset_cfg], [dataset_cfg]],
                   pipeline=[_pipeline(), tall])
    dataset = build_dataset(grouped)
    heights = [d.pipeline.transforms[1].height for d in dataset.datasets]
    assert heights == [32, 48]
    assert dataset_cfg['pipeline'] is None  # the config is not changed
