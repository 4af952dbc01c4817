"""DRRGTargets: hand-computed height / direction maps and components of a
straight text, curved texts, random background components, images without
text and bad polygons."""
import warnings

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import DRRGTargets
from mmocr.datasets.pipelines.textdet_targets.text_sidelines import segment_pixels
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidValueError

FIELDS = ['gt_text_mask', 'gt_center_region_mask', 'gt_mask',
          'gt_top_height_map', 'gt_bot_height_map', 'gt_sin_map', 'gt_cos_map']


def _results(polys, ignored=(), h=64, w=128):
    return dict(img=np.zeros((h, w, 3), np.uint8), img_shape=(h, w, 3),
                filename='img_3.jpg',
                gt_masks=PolygonMasks([[np.asarray(p, float)] for p in polys],
                                      h, w),
                gt_masks_ignore=PolygonMasks(
                    [[np.asarray(p, float)] for p in ignored], h, w),
                mask_fields=['gt_masks', 'gt_masks_ignore'])


def _maps(results):
    return {k: results[k].masks[0] for k in FIELDS}


def test_horizontal_box_hand_computed():
    # 80 x 24 box; sidelines every 8 px (x 10..90); end cut clip(24 * 0.3,
    # 16, 24) / 2 // 8 = 1 point -> center line x 18..82 at y = 22; center
    # band 24 * 0.3 = 7.2 px high.
    np.random.seed(0)
    targets = DRRGTargets(min_width=16.0, jitter_level=0.0)
    out = targets(_results([[10, 10, 90, 10, 90, 34, 10, 34]]))
    assert out['mask_fields'] == FIELDS
    assert all(isinstance(out[k], BitmapMasks) and out[k].masks.shape ==
               (1, 64, 128) for k in FIELDS)
    m = _maps(out)
    center = m['gt_center_region_mask'] > 0
    ys, xs = np.nonzero(center)
    assert (xs.min(), xs.max()) == (18, 82) and (ys.min(), ys.max()) == (18, 25)
    assert m['gt_top_height_map'][22, 50] == pytest.approx(12)
    assert m['gt_bot_height_map'][22, 50] == pytest.approx(12)
    assert m['gt_top_height_map'][19, 50] == pytest.approx(9)
    assert m['gt_bot_height_map'][19, 50] == pytest.approx(15)
    # from the bottom to the top sideline: up (y down)
    assert np.allclose(m['gt_sin_map'][center], -1)
    assert np.allclose(m['gt_cos_map'][center], 0, atol=1e-6)
    assert m['gt_text_mask'][10:35, 10:91].all() and m['gt_mask'].all()
    # components: width 16, spaced 16 * 0.75 / 1.25 = 9.6 along the 64 px
    # center line -> 7 of them from x = 21.2; then 2 random ones (label 0)
    # up to num_min_comps = 9; rows [num, x, y, h, w, cos, sin, label].
    attribs = out['gt_comp_attribs']
    assert attribs.shape == (600, 8) and attribs.dtype == np.float32
    assert (attribs[:9, 0] == 9).all() and not attribs[9:].any()
    text = attribs[:7]
    assert np.allclose(text[:, 1], 21.2 + 9.6 * np.arange(7), atol=1e-4)
    assert np.allclose(text[:, 2:], [[22, 24, 16, 0, -1, 1]] * 7, atol=1e-4)
    rand = attribs[7:9]
    assert (rand[:, 7] == 0).all()
    assert np.allclose(np.hypot(rand[:, 5], rand[:, 6]), 1, atol=1e-4)
    assert ((rand[:, 3] >= 16) & (rand[:, 3] < 48)).all()


def test_curved_text_and_jitter_keep_components_on_the_text():
    np.random.seed(1)
    arc = [[10, 40], [40, 20], [80, 14], [118, 22], [118, 40], [80, 32],
           [40, 38], [10, 58]]
    out = DRRGTargets()(_results([arc], h=80))
    m = _maps(out)
    num = int(out['gt_comp_attribs'][0, 0])
    comps = out['gt_comp_attribs'][:num]
    text = comps[comps[:, 7] == 1]
    assert len(text) >= 9
    xs = np.clip(text[:, 1].round().astype(int), 0, 127)
    ys = np.clip(text[:, 2].round().astype(int), 0, 79)
    assert m['gt_text_mask'][ys, xs].mean() > 0.9
    center = m['gt_center_region_mask'] > 0
    assert (m['gt_top_height_map'][center] > 0).all()
    assert np.allclose(np.hypot(m['gt_sin_map'][center],
                                m['gt_cos_map'][center]), 1, atol=1e-4)


def test_ignored_polygons_image_without_text_and_num_max_comps():
    np.random.seed(0)
    out = DRRGTargets()(_results([], ignored=[[0, 0, 20, 0, 20, 20, 0, 20]]))
    m = _maps(out)
    assert not m['gt_text_mask'].any() and not m['gt_center_region_mask'].any()
    assert m['gt_mask'][5, 5] == 0 and m['gt_mask'][40, 100] == 1
    attribs = out['gt_comp_attribs']
    assert (attribs[:9, 0] == 9).all() and (attribs[:9, 7] == 0).all()
    many = DRRGTargets(num_max_comps=10, jitter_level=0.0)(_results(
        [[4, 4, 124, 4, 124, 28, 4, 28], [4, 34, 124, 34, 124, 60, 4, 60]]))
    attribs = many['gt_comp_attribs']
    assert attribs.shape == (10, 8) and (attribs[:, 0] == 10).all()


def test_bad_polygons_and_arguments():
    with pytest.raises(InvalidValueError, match='odd number'):
        DRRGTargets()(_results([[0, 0, 10, 0, 10, 10, 0]]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out = DRRGTargets()(_results([[0, 0, 10, 10, 0, 10, 10, 0]]))
    assert any('self-intersecting' in str(w.message) for w in caught)
    assert _maps(out)['gt_mask'][5, 5] == 0
    with pytest.raises(InvalidValueError, match='too small'):
        DRRGTargets()(_results([], h=12, w=12))
    for bad in (dict(num_min_comps=0), dict(min_width=30.0),
                dict(text_comp_nms_thr=1.0),
                dict(min_rand_half_height=30.0)):
        with pytest.raises(InvalidValueError):
            DRRGTargets(**bad)
    targets = PIPELINES.build(dict(type='DRRGTargets', num_max_comps=300))
    assert 'num_max_comps=300' in repr(targets)


@pytest.mark.shared_data
def test_0x_train_pipeline_on_a_toy_image(repo_root, toy_root):
    """configs/_base_/det_pipelines/drrg_pipeline.py end to end (scale,
    crop-flip, crop, rotate, square pad, targets, pad, format) on MMOCR's
    toy data."""
    from mmocr.datasets.builder import build_dataset
    from mmocr.utils import Config
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/det_pipelines/'
                              'drrg_pipeline.py'))
    toy = toy_root / 'toy_dataset'
    ds = build_dataset(dict(
        type='TextDetDataset', img_prefix=str(toy / 'imgs'),
        ann_file=str(toy / 'instances_test.txt'),
        loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                    parser=dict(type='LineJsonParser',
                                keys=['file_name', 'height', 'width',
                                      'annotations'])),
        pipeline=cfg.train_pipeline, test_mode=False))
    np.random.seed(0)
    sample = ds[0]
    assert sample['img'].data.shape == (3, 800, 800)
    for key in FIELDS:
        assert sample[key].data.masks.shape == (1, 800, 800), key
    attribs = np.asarray(sample['gt_comp_attribs'].data)
    num = int(attribs[0, 0])
    assert attribs.shape == (600, 8) and 9 <= num <= 600
    text = np.asarray(sample['gt_text_mask'].data.masks[0])
    comps = attribs[:num][attribs[:num, 7] > 0]
    xs = np.clip(comps[:, 1].astype(int), 0, 799)
    ys = np.clip(comps[:, 2].astype(int), 0, 799)
    assert len(comps) and text[ys, xs].mean() > 0.8


def test_segment_pixels_later_quads_on_top_and_outside_the_image():
    quads = np.array([[[2, 2], [5, 2], [5, 4], [2, 4]],
                      [[4, 2], [7, 2], [7, 4], [4, 4]]], np.int32)
    ys, xs, seg = segment_pixels(quads, (10, 10))
    owner = np.full((10, 10), -1)
    owner[ys, xs] = seg
    assert (owner[2:5, 2:4] == 0).all() and (owner[2:5, 4:8] == 1).all()
    assert (owner >= 0).sum() == 3 * 6
    ys, xs, seg = segment_pixels(quads + 20, (10, 10))
    assert len(ys) == len(xs) == len(seg) == 0
