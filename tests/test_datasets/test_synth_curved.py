"""Curved synthetic text: centre lines, band polygons, bent layouts, curved
scenes and ``gen_det.py --curved``."""
from __future__ import annotations

import json
import math
import os.path as osp

import cv2
import numpy as np
import pytest
import shapely
from PIL import ImageFont

from mmocr.datasets.synth import DetConfig, DetGenerator, find_font_files
from mmocr.datasets.synth.curves import (
    CURVE_KINDS,
    Centerline,
    band_polygon,
    bend_layout,
    make_centerline,
)
from mmocr.datasets.synth.det import (
    TextInstance,
    _crop_layout,
    instances_to_annotations,
)
from mmocr.datasets.synth.render import render_line
from mmocr.utils.scripts import load_script

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def font_files() -> tuple[str, ...]:
    files = [f for f in find_font_files()
             if osp.basename(f) in ('DejaVuSans.ttf', 'DejaVuSansMono.ttf')]
    if len(files) < 2:
        pytest.skip('DejaVu fonts not installed (fonts-dejavu-core)')
    return tuple(sorted(files))


def _fill(polys, shape) -> np.ndarray:
    canvas = np.zeros(shape, np.uint8)
    for poly in polys:
        cv2.fillPoly(canvas, [np.round(poly).astype(np.int32)], 1)
    return canvas.astype(bool)


def test_band_polygon_straight_is_the_box():
    line = Centerline(np.stack([np.arange(101.0), np.full(101, 50.0)], 1))
    quad = band_polygon(line, 10, 90, -5, 8, 2)
    np.testing.assert_allclose(quad, [[10, 42], [90, 42], [90, 55], [10, 55]],
                               atol=1e-4)
    # More points on a straight band stay on its two sides.
    poly = band_polygon(line, 10, 90, -5, 8, 5)
    assert poly.shape == (10, 2)
    np.testing.assert_allclose(poly[:5, 1], 42, atol=1e-4)
    np.testing.assert_allclose(poly[5:, 1], 55, atol=1e-4)
    np.testing.assert_allclose(poly[:5, 0], [10, 30, 50, 70, 90], atol=1e-4)


def test_band_polygon_covers_a_circular_band_tightly():
    # An arch of radius 100 around (0, 100) turning 120 degrees clockwise
    # on screen; the band spans v in [-10, 12] (outer side on top).
    radius, turn = 100.0, math.radians(120)
    theta = np.linspace(-turn / 2, turn / 2, 2001)
    pts = np.stack([radius * np.sin(theta), 100 - radius * np.cos(theta)], 1)
    line = Centerline(pts, radius * turn / 2000)
    np.testing.assert_allclose(line.normals[1000], [0, -1], atol=1e-6)
    exact = turn / 2 * ((radius + 12) ** 2 - (radius - 10) ** 2)
    # 7 points a side: the outer edges are tangent to the outer arc (about
    # +1%), the inner ones are chords of the inner arc (+2%): +6.6% here.
    for k, max_excess in ((7, 1.07), (None, 1.05)):
        poly = band_polygon(line, 0, radius * turn, -10, 12, k)
        shape = shapely.Polygon(poly)
        assert shape.is_valid
        t = np.linspace(-turn / 2, turn / 2, 400)
        ring = np.concatenate([
            np.stack([(radius + 12) * np.sin(t), 100 - (radius + 12) *
                      np.cos(t)], 1),
            np.stack([(radius - 10) * np.sin(t), 100 - (radius - 10) *
                      np.cos(t)], 1)[::-1]])
        exact_band = shapely.Polygon(ring)
        assert exact_band.area == pytest.approx(exact, rel=1e-3)
        # covers the exact band (up to slivers of the dense sampling)
        assert exact_band.difference(shape).area < 0.2
        assert exact <= shape.area <= max_excess * exact
    # 7 points a side: 14 in all (CTW1500)
    assert len(band_polygon(line, 0, radius * turn, -10, 12, 7)) == 14
    with pytest.raises(ValueError, match='points_per_side'):
        band_polygon(line, 0, 10, -1, 1, 1)


@pytest.mark.parametrize('kind', CURVE_KINDS)
@pytest.mark.parametrize('length', [300.0, 40.0])
def test_centerline_length_and_curvature_bounds(kind, length):
    for seed in range(4):
        line = make_centerline(kind, length, 12.0, np.random.default_rng(seed))
        steps = np.linalg.norm(np.diff(line.points, axis=0), axis=1)
        assert steps.sum() == pytest.approx(length, rel=2e-3)
        heading = np.unwrap(np.arctan2(line.tangents[:, 1],
                                       line.tangents[:, 0]))
        curvature = np.abs(np.diff(heading)) / line.step
        # radius >= 3 half-heights (4 on circles): the band never folds
        min_r = 4 * 12 if kind == 'circle' else 3 * 12
        assert curvature[2:-2].max() <= 1 / min_r * 1.05 + 1e-9
        turn = abs(heading[-1] - heading[0])
        if kind == 'line':
            assert turn < 1e-9
        elif kind == 'circle' and length == 300:
            assert turn >= math.radians(179)
            # the ends stay apart by more than the band's height
            gap = np.linalg.norm(line.points[0] - line.points[-1])
            assert gap > 2 * 12
    with pytest.raises(ValueError, match='curve kind'):
        make_centerline('spiral', 10, 1, np.random.default_rng(0))


@pytest.mark.parametrize('kind', CURVE_KINDS)
def test_bent_layout_polygons_hold_the_ink(font_files, kind):
    font = ImageFont.truetype(font_files[0], 36)
    flat = _crop_layout(render_line('Curved text here', font), 2)
    x0, y0 = flat.line_quad.min(0)
    x1, y1 = flat.line_quad.max(0)
    box_area = (x1 - x0) * (y1 - y0)
    for seed in range(3):
        for k, max_ratio in ((7, 1.25), (None, 1.12)):
            bent = bend_layout(flat, kind, np.random.default_rng(seed), k)
            ink = bent.mask > 0.2
            # the ink is kept (no folds, nothing cut off)
            assert bent.mask.sum() == pytest.approx(flat.mask.sum(), rel=0.03)
            assert _fill([bent.line_quad], ink.shape)[ink].mean() > 0.995
            assert _fill(bent.word_quads, ink.shape)[ink].mean() > 0.99
            poly = shapely.Polygon(bent.line_quad)
            assert poly.is_valid
            # a bent band keeps the flat box's area; the polygon adds little
            assert 0.97 < poly.area / box_area < max_ratio
            # ... and is far smaller than the ink's convex hull on curves
            hull = cv2.convexHull(np.argwhere(ink)[:, ::-1].astype(np.float32))
            if kind in ('arc', 'circle'):
                assert poly.area < cv2.contourArea(hull)
            assert bent.word_quads.shape == (3, len(bent.line_quad), 2)


def _curved(font_files, **kwargs) -> DetGenerator:
    return DetGenerator(DetConfig(font_files=font_files, use_fontconfig=False,
                                  **{'max_size': 480, 'kind': 'curved',
                                     **kwargs}))


def test_curved_scene_ink_inside_polygons(font_files, monkeypatch):
    """On a flat grey background every text pixel lies inside the polygons
    written to the annotations."""
    gen = _curved(font_files, seed=4, degrade=False)
    monkeypatch.setattr(gen.backgrounds, 'sample',
                        lambda rng, h, w, kind: np.full((h, w, 3), 128,
                                                        np.uint8))
    for index in range(2):
        img, instances = gen.sample(index)
        assert len(instances) >= 2
        h, w = img.shape[:2]
        anns = instances_to_annotations(instances, 'line', w, h)
        polys = [np.array(a['segmentation'][0]).reshape(-1, 2) for a in anns]
        assert all(len(p) == 14 for p in polys)
        ink = np.abs(img.astype(int) - 128).max(2) > 30
        assert ink.sum() > 300
        assert _fill(polys, (h, w))[ink].mean() > 0.99
        # instances never overlap
        total = sum(_fill([p], (h, w)).astype(int) for p in polys)
        assert total.max() == 1


def test_curved_styles_and_determinism(font_files):
    a = _curved(font_files, seed=2, poly_style='totaltext', level='word')
    b = _curved(font_files, seed=2, poly_style='totaltext', level='word')
    assert a(0) == b(0) and a(1) == b(1)
    assert a(0)[0] != a(1)[0]
    counts = {len(x['segmentation'][0]) // 2 for i in range(3)
              for x in a(i)[3]}
    assert min(counts) >= 4 and max(counts) <= 24 and len(counts) > 1
    fixed = _curved(font_files, seed=2, poly_points=5, curve_kinds=('wave',))
    assert {len(x['segmentation'][0]) for x in fixed(0)[3]} == {20}
    for bad in (dict(poly_style='ctw'), dict(poly_points=1),
                dict(curve_kinds=('spiral',)), dict(kind='curvy')):
        with pytest.raises(ValueError, match=next(iter(bad))):
            _curved(font_files, **bad)


def test_annotations_text_height_of_polygons():
    # A 14-point polygon 6 px high at its ends: iscrowd with a 7 px minimum.
    top = np.stack([np.linspace(0, 60, 7), np.full(7, 10.0)], 1)
    bottom = (top + [0, 6])[::-1]
    poly = np.concatenate([top, bottom]).astype(np.float32)
    inst = TextInstance('ab', poly, ['ab'], poly[None])
    ann, = instances_to_annotations([inst], 'line', 100, 100, 7.0)
    assert ann['iscrowd'] == 1 and len(ann['segmentation'][0]) == 28
    assert ann['bbox'] == [0.0, 10.0, 60.0, 6.0]
    ann, = instances_to_annotations([inst], 'word', 100, 100, 5.0)
    assert ann['iscrowd'] == 0


def _gen_det():
    path = osp.join(REPO, 'tools', 'data', 'synth', 'gen_det.py')
    return load_script(path, 'synth_gen_det')


def test_gen_det_curved_cli_workers_and_datasets(font_files, tmp_path,
                                                 capsys):
    font_dir = tmp_path / 'fonts'
    font_dir.mkdir()
    for f in font_files:
        (font_dir / osp.basename(f)).symlink_to(f)
    common = ['--curved', '--num', '3', '--seed', '7', '--max-size', '320',
              '--font-dir', str(font_dir), '--no-fontconfig', '--no-progress']
    tool = _gen_det()
    tool.main(['--out', str(tmp_path / 'one')] + common)
    tool.main(['--out', str(tmp_path / 'two'), '--workers', '2'] + common)
    assert 'images/s' in capsys.readouterr().out
    for name in ('000000001.jpg', '000000003.jpg'):
        assert (tmp_path / 'one' / 'imgs' / name).read_bytes() == \
            (tmp_path / 'two' / 'imgs' / name).read_bytes()
    one = json.loads((tmp_path / 'one' / 'instances_training.json').read_text())
    two = json.loads((tmp_path / 'two' / 'instances_training.json').read_text())
    assert one == two and len(one['images']) == 3
    assert {len(a['segmentation'][0]) for a in one['annotations']} == {28}

    from mmocr.datasets import IcdarDataset, TextDetDataset
    icdar = IcdarDataset(str(tmp_path / 'one' / 'instances_training.json'),
                         pipeline=None, img_prefix=str(tmp_path / 'one' /
                                                       'imgs'))
    ann = icdar.get_ann_info(0)
    assert all(len(m[0]) == 28 for m in ann['masks'])
    txt = TextDetDataset(
        str(tmp_path / 'one' / 'instances_training.txt'),
        loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                    parser=dict(type='LineJsonParser',
                                keys=['file_name', 'height', 'width',
                                      'annotations'])),
        pipeline=None, img_prefix=str(tmp_path / 'one' / 'imgs'))
    assert len(txt.get_ann_info(0)['masks']) + \
        len(txt.get_ann_info(0)['masks_ignore']) == \
        sum(a['image_id'] == 1 for a in one['annotations'])

    from mmocr.apis.utils import run_tool
    assert run_tool(tool.main, 'gen_det.py',
                    ['--out', str(tmp_path / 'bad'), '--poly-points', '1'] +
                    common) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('gen_det.py: error: ') and 'poly_points' in err
    assert '\n' not in err
