"""IcdarDataset, TextDetDataset, UniformConcatDataset."""
from __future__ import annotations

import json

import numpy as np
import pytest

from mmocr.core.evaluation import eval_hmean
from mmocr.datasets import IcdarDataset, TextDetDataset, UniformConcatDataset
from mmocr.datasets.utils import AnnotationParseError
from mmocr.registry import DATASETS, build_from_cfg

DET_LOADER = dict(type='AnnFileLoader', repeat=1, file_format='txt',
                  parser=dict(type='LineJsonParser',
                              keys=['file_name', 'height', 'width',
                                    'annotations']))


def _coco(tmp_path, images, anns, name='instances.json'):
    path = tmp_path / name
    path.write_text(json.dumps(dict(images=images, annotations=anns,
                                    categories=[dict(id=1, name='text')])))
    return str(path)


def _img(i, w=100, h=80):
    return dict(id=i, file_name=f'img_{i}.jpg', width=w, height=h)


def _ann(i, img_id, bbox, iscrowd=0, seg=None, area=None):
    x, y, w, h = bbox
    seg = seg or [[x, y, x + w, y, x + w, y + h, x, y + h]]
    return dict(id=i, image_id=img_id, category_id=1, bbox=bbox,
                iscrowd=iscrowd, segmentation=seg,
                area=w * h if area is None else area)


@pytest.fixture
def coco_file(tmp_path):
    images = [_img(0), _img(1), _img(2, w=20), _img(3)]
    anns = [
        _ann(0, 0, [10, 10, 20, 10]),
        _ann(1, 0, [40, 10, 20, 10], iscrowd=1),
        _ann(2, 0, [0, 0, 0.5, 3]),  # too thin: dropped
        _ann(3, 2, [1, 1, 5, 5]),
        _ann(4, 3, [5, 5, 10, 10], area=0),  # zero area: dropped
    ]
    return _coco(tmp_path, images, anns)


def test_icdar_dataset_parsing(coco_file):
    ds = IcdarDataset(coco_file, pipeline=None)
    # training filters: img 1 has no annotation, img 2 is smaller than 32 px.
    assert [info['filename'] for info in ds.data_infos] == [
        'img_0.jpg', 'img_3.jpg'
    ]
    ann = ds.get_ann_info(0)
    np.testing.assert_array_equal(ann['bboxes'], [[10, 10, 30, 20]])
    np.testing.assert_array_equal(ann['bboxes_ignore'], [[40, 10, 60, 20]])
    assert ann['labels'].tolist() == [0]
    assert ann['masks'] == [[[10, 10, 30, 10, 30, 20, 10, 20]]]
    assert ann['masks_ignore'] == [[[40, 10, 60, 10, 60, 20, 40, 20]]]
    assert ann['seg_map'] == 'img_0.png'
    assert ds.get_ann_info(1)['bboxes'].shape == (0, 4)
    item = ds[0]
    assert item['img_info']['filename'] == 'img_0.jpg'
    assert item['mask_fields'] == [] and 'ann_info' in item


def test_icdar_dataset_test_mode_and_select_first_k(coco_file):
    ds = IcdarDataset(coco_file, pipeline=None, test_mode=True)
    assert len(ds) == 4 and 'ann_info' not in ds[1]
    ds = IcdarDataset(coco_file, pipeline=None, test_mode=True,
                      select_first_k=2)
    assert len(ds) == 2
    ds = IcdarDataset(coco_file, pipeline=None, filter_empty_gt=False)
    assert len(ds) == 3  # only the small image is dropped


def test_icdar_dataset_data_root(coco_file, tmp_path):
    ds = build_from_cfg(dict(type='IcdarDataset', ann_file='instances.json',
                             data_root=str(tmp_path), img_prefix='imgs',
                             pipeline=None), DATASETS)
    assert ds.img_prefix == str(tmp_path / 'imgs')


@pytest.mark.parametrize('seg,match', [
    ([[1, 2, 3, 4]], 'at least 3 points'),
    ([[1, 2, 3, 4, 5]], 'at least 3 points'),
    ([['a', 2, 3, 4, 5, 6]], 'flat list of numbers'),
])
def test_icdar_dataset_bad_polygon(tmp_path, seg, match):
    ann = _ann(7, 0, [1, 1, 5, 5], seg=seg)
    path = _coco(tmp_path, [_img(0)], [ann])
    with pytest.raises(AnnotationParseError,
                       match=rf'instances\.json: annotations\[0\].*{match}'):
        IcdarDataset(path, pipeline=None)


def test_icdar_dataset_bad_json(tmp_path):
    path = tmp_path / 'broken.json'
    path.write_text('{"images": [')
    with pytest.raises(AnnotationParseError, match='broken.json.*json'):
        IcdarDataset(str(path), pipeline=None)


def _line(name, anns, h=80, w=100):
    return json.dumps(dict(file_name=name, height=h, width=w,
                           annotations=anns))


def test_text_det_dataset(tmp_path):
    ann = tmp_path / 'instances.txt'
    anns = [dict(iscrowd=0, category_id=1, bbox=[1, 2, 3, 4],
                 segmentation=[[1, 2, 4, 2, 4, 6, 1, 6]]),
            dict(iscrowd=1, category_id=1, bbox=[5, 5, 2, 2],
                 segmentation=[[5, 5, 7, 5, 7, 7]])]
    ann.write_text(_line('a.jpg', anns) + '\n' + _line('b.jpg', []) + '\n')
    ds = TextDetDataset(str(ann), DET_LOADER, pipeline=None, img_prefix='p')
    assert len(ds) == 2
    item = ds[0]
    assert item['img_info'] == dict(filename='a.jpg', height=80, width=100)
    info = item['ann_info']
    np.testing.assert_array_equal(info['bboxes'], [[1, 2, 3, 4]])
    assert info['labels'].tolist() == [1]  # category ids, as MMOCR 0.x
    assert info['masks_ignore'] == [[[5, 5, 7, 5, 7, 7]]]
    assert ds[1]['ann_info']['bboxes'].shape == (0, 4)


def test_text_det_dataset_bad_lines(tmp_path):
    ann = tmp_path / 'instances.txt'
    bad_poly = [dict(iscrowd=0, category_id=1, bbox=[1, 2, 3, 4],
                     segmentation=[[1, 2, 3, 4]])]
    ann.write_text(_line('a.jpg', []) + '\nnot json\n' +
                   _line('c.jpg', bad_poly) + '\n')
    ds = TextDetDataset(str(ann), DET_LOADER, pipeline=None, test_mode=True)
    with pytest.raises(AnnotationParseError, match=r'instances\.txt, line 2'):
        ds[1]
    with pytest.raises(AnnotationParseError,
                       match=r'instances\.txt, line 3, annotations\[0\]'):
        ds[2]
    train = TextDetDataset(str(ann), DET_LOADER, pipeline=None,
                           skip_broken=True)
    with pytest.warns(UserWarning, match='skipping broken sample'):
        assert train[2]['img_info']['filename'] == 'a.jpg'


def test_text_det_dataset_from_lmdb(tmp_path):
    import lmdb
    anns = [dict(iscrowd=0, category_id=1, bbox=[1, 2, 3, 4],
                 segmentation=[[1, 2, 4, 2, 4, 6]])]
    env = lmdb.open(str(tmp_path / 'det.lmdb'), map_size=1 << 20)
    with env.begin(write=True) as txn:
        txn.put(b'num-samples', b'2')
        txn.put(b'label-000000001', _line('a.jpg', anns).encode())
        txn.put(b'label-000000002', b'{broken')
    env.close()
    loader = dict(DET_LOADER, file_format='lmdb')
    ds = TextDetDataset(str(tmp_path / 'det.lmdb'), loader, pipeline=None,
                        test_mode=True)
    assert len(ds) == 2
    assert ds[0]['ann_info']['masks'] == [[[1, 2, 4, 2, 4, 6]]]
    with pytest.raises(AnnotationParseError, match='det.lmdb, lmdb record 2'):
        ds[1]


class _FakeResults:

    @staticmethod
    def perfect(ds):
        out = []
        for i in range(len(ds)):
            polys = [m[0] + [0.99] for m in ds.get_ann_info(i)['masks']]
            out.append(dict(boundary_result=polys))
        return out


def test_toy_datasets_agree_item_for_item(toy_root):
    root = toy_root / 'toy_dataset'
    icdar = IcdarDataset(str(root / 'instances_test.json'), pipeline=None,
                         img_prefix=str(root / 'imgs'), test_mode=True)
    textdet = TextDetDataset(str(root / 'instances_test.txt'), DET_LOADER,
                             pipeline=None, img_prefix=str(root / 'imgs'),
                             test_mode=True)
    assert len(icdar) == len(textdet) == 10
    assert icdar.data_infos[0]['filename'] == 'test/img_10.jpg'
    first = icdar.get_ann_info(0)
    assert first['bboxes'].shape == (3, 4)
    assert first['bboxes_ignore'].shape == (5, 4)
    np.testing.assert_array_equal(first['bboxes'][0], [288, 138, 417, 161])
    for i in range(10):
        a, b = icdar.get_ann_info(i), textdet.get_ann_info(i)
        assert a['masks'] == b['masks']
        assert a['masks_ignore'] == b['masks_ignore']
        # xyxy in IcdarDataset, xywh in TextDetDataset (MMOCR 0.x).
        xywh = b['bboxes'].copy()
        xywh[:, 2:] += xywh[:, :2]
        np.testing.assert_allclose(a['bboxes'], xywh)
    scores = icdar.evaluate(_FakeResults.perfect(icdar), metric='hmean-iou',
                            logger='silent')
    assert scores['hmean-iou:hmean'] == pytest.approx(1.0)
    scores = textdet.evaluate(_FakeResults.perfect(textdet), logger='silent')
    assert scores['hmean-iou:recall'] == pytest.approx(1.0)
    with pytest.raises(KeyError, match='acc'):
        icdar.evaluate(_FakeResults.perfect(icdar), metric='acc')


def test_uniform_concat_dataset(coco_file, tmp_path):
    ann = tmp_path / 'instances.txt'
    ann.write_text(_line('a.jpg', []) + '\n')
    marker = [dict(type='Collect', keys=[], meta_keys=['img_prefix'])]
    textdet = dict(type='TextDetDataset', ann_file=str(ann), loader=DET_LOADER,
                   pipeline=None, img_prefix='x', test_mode=True)
    icdar = dict(type='IcdarDataset', ann_file=coco_file, pipeline=None,
                 img_prefix='y', test_mode=True)
    ds = UniformConcatDataset([textdet, icdar], pipeline=marker)
    assert not ds.show_mean_scores  # 'auto' with mixed types
    assert len(ds) == 5 and len(ds.flag) == 5
    assert ds[0]['img_metas'].data == {'img_prefix': 'x'}
    assert ds[1]['img_metas'].data == {'img_prefix': 'y'}
    # Grouped datasets with a pipeline per group.
    ds = build_from_cfg(dict(type='UniformConcatDataset',
                             datasets=[[textdet], [icdar]],
                             pipeline=[marker, []]), DATASETS)
    assert 'img_metas' in ds[0] and 'img_metas' not in ds[1]
    with pytest.raises(NotImplementedError, match='one type'):
        UniformConcatDataset([textdet, icdar], show_mean_scores=True)
    with pytest.raises(NotImplementedError):
        UniformConcatDataset([textdet], separate_eval=False)


def test_uniform_concat_mean_scores(coco_file):
    cfg = dict(type='IcdarDataset', ann_file=coco_file, pipeline=None,
               test_mode=True)
    ds = UniformConcatDataset([cfg, dict(cfg)], pipeline=[])
    assert ds.show_mean_scores
    half = _FakeResults.perfect(ds.datasets[0])
    empty = [dict(boundary_result=[]) for _ in half]
    scores = ds.evaluate(half + empty, logger='silent')
    assert scores['0_hmean-iou:hmean'] == pytest.approx(1.0)
    assert scores['1_hmean-iou:hmean'] == pytest.approx(0.0)
    assert scores['mean_hmean-iou:hmean'] == pytest.approx(0.5)


@pytest.mark.parametrize('cls', [IcdarDataset, TextDetDataset])
def test_det_evaluate_declares_every_metric_argument(cls):
    """``evaluate`` names what ``eval_hmean``'s metrics take (so an unknown
    evaluation key is caught when the EvalHook is built): no more, no less."""
    import inspect

    from mmocr.core.evaluation.hmean import _METRIC_FNS
    from mmocr.registry import accepted_args
    metric_args = set()
    for fn in _METRIC_FNS.values():
        metric_args |= set(list(inspect.signature(fn).parameters)[1:])
    names, is_open = accepted_args(cls.evaluate)
    assert not is_open
    hmean_args = set(inspect.signature(eval_hmean).parameters) - {
        'results', 'img_infos', 'ann_infos', 'metrics', 'kwargs'}
    assert names - {'self', 'results', 'metric'} == metric_args | hmean_args


def test_det_eval_kwargs_checked_when_eval_hook_is_built(coco_file):
    from torch.utils.data import DataLoader

    from mmocr.registry import UnknownKeyError
    from mmocr.runner.hooks.evaluation import EvalHook
    ds = IcdarDataset(coco_file, pipeline=None, test_mode=True)
    loader = DataLoader(ds, batch_size=1, collate_fn=list)
    with pytest.raises(UnknownKeyError, match=r"'iou_thrs' \(did you mean "
                       r"'iou_thr'") as info:
        EvalHook(loader, test_fn=lambda m, d: [], metric='hmean-iou',
                 iou_thrs=0.5)
    assert 'IcdarDataset.evaluate (evaluation)' in str(info.value)
    # Declared metric arguments reach the metric; None keeps its default.
    EvalHook(loader, test_fn=lambda m, d: [], metric='hmean-iou', iou_thr=0.7)
    perfect = [{'boundary_result': [m[0] + [1.0] for m in ds.get_ann_info(i)
                                    ['masks']]} for i in range(len(ds))]
    strict = ds.evaluate(perfect, logger='silent', iou_thr=0.99)
    assert strict['hmean-iou:hmean'] == pytest.approx(1.0)
    with pytest.raises(UnknownKeyError, match='center_dist_thr'):
        ds.evaluate(perfect, metric='hmean-iou', logger='silent',
                    center_dist_thr=2.0)  # an hmean-ic13 argument
