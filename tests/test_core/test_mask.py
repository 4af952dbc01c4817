"""BitmapMasks / PolygonMasks geometry agree with each other."""
from __future__ import annotations

import numpy as np
import pytest

from mmocr.core.mask import BitmapMasks, PolygonMasks, clip_polygon, rescale_size

POLY = np.array([10, 10, 50, 10, 50, 30, 10, 30], np.float64)


def _pair():
    poly = PolygonMasks([[POLY]], 40, 60)
    return poly, poly.to_bitmap()


def _iou(a, b):
    a, b = a.astype(bool), b.astype(bool)
    return (a & b).sum() / (a | b).sum()


def test_basics():
    poly, bitmap = _pair()
    assert len(poly) == len(bitmap) == 1
    assert bitmap.masks.shape == (1, 40, 60)
    assert poly.areas[0] == pytest.approx(800)
    assert len(poly[[0, 0]]) == 2 and len(bitmap[np.array([0])]) == 1
    assert len(PolygonMasks([], 4, 5).to_ndarray()) == 0
    with pytest.raises(ValueError):
        BitmapMasks(np.zeros((1, 3, 3)), 4, 4)
    with pytest.raises(ValueError, match='odd'):
        PolygonMasks([[np.arange(5)]], 4, 4)


@pytest.mark.parametrize('op,args', [
    ('rescale', (0.5, )), ('resize', ((80, 30), )), ('flip', ('horizontal', )),
    ('flip', ('vertical', )), ('flip', ('diagonal', )), ('pad', ((50, 70), )),
    ('crop', (np.array([20, 5, 58, 38]), )), ('rotate', ((40, 60), 15)),
])
def test_polygon_and_bitmap_agree(op, args):
    poly, bitmap = _pair()
    p, b = getattr(poly, op)(*args), getattr(bitmap, op)(*args)
    assert (p.height, p.width) == (b.height, b.width)
    assert _iou(p.to_ndarray()[0], b.masks[0]) > 0.85


def test_crop_clips_polygons_exactly():
    poly, _ = _pair()
    cropped = poly.crop(np.array([30, 0, 60, 40]))
    pts = cropped.masks[0][0].reshape(-1, 2)
    assert pts[:, 0].min() == pytest.approx(0) and pts[:, 0].max() == 20
    assert cropped.areas[0] == pytest.approx(400)
    gone = poly.crop(np.array([55, 0, 60, 40]))
    assert len(gone) == 1 and gone.areas[0] == 0  # placeholder keeps index


def test_clip_polygon_and_rescale_size():
    assert clip_polygon(np.array([-10., 0, 10, 0, 10, 10, -10, 10]), 5,
                        5).size >= 6
    assert clip_polygon(np.array([10., 10, 20, 10, 20, 20]), 5, 5).size == 0
    assert rescale_size((200, 100), (100, 80)) == (100, 50)
    assert rescale_size((200, 100), 0.5) == (100, 50)



def test_imrescale_names_a_too_thin_image():
    from mmocr.core.mask import imrescale, imresize
    thin = np.zeros((2, 30000, 3), np.uint8)
    with pytest.raises(ValueError, match=r'image 2x30000 \(h x w\) is too '
                       r'thin to rescale to fit \(1333, 736\): keeping its '
                       r'aspect ratio \(15000:1\) it would be 0x1333'):
        imrescale(thin, (1333, 736))
    with pytest.raises(ValueError, match=r'image 30000x2 \(h x w\) is too '
                       r'thin to rescale by 0.01: .* it would be 300x0'):
        imrescale(np.ascontiguousarray(thin.transpose(1, 0, 2)), 0.01)
    with pytest.raises(ValueError, match=r'image 0x5 \(h x w\): it is empty'):
        imrescale(np.zeros((0, 5), np.uint8), (10, 10))
    with pytest.raises(ValueError, match=r'cannot resize image 2x30000 '
                       r'\(h x w\) to 0x5 \(h x w\)'):
        imresize(thin, (5, 0))
    assert imrescale(thin, (30000, 2)).shape == (2, 30000, 3)


def test_boundary_helpers_at_their_0x_paths():
    import mmocr.core
    import mmocr.models.textdet.postprocess.utils as pp_utils
    from mmocr.core import mask
    for name in ('points2boundary', 'seg2boundary', 'extract_boundary'):
        assert getattr(mmocr.core, name) is getattr(mask, name)
    assert pp_utils.points2boundary is mask.points2boundary


def test_seg2boundary_of_a_rectangle_of_labels():
    from mmocr.core import seg2boundary
    labels = np.zeros((20, 30), np.int32)
    labels[5:10, 3:13] = 2  # x 3..12, y 5..9
    labels[15:18, 20:25] = 1
    quad = seg2boundary(labels == 2, 'quad', 0.5)
    assert quad[-1] == 0.5 and len(quad) == 9
    pts = np.array(quad[:-1]).reshape(-1, 2)
    assert pts[:, 0].min() == pytest.approx(3) and pts[:, 0].max() == 12
    assert pts[:, 1].min() == pytest.approx(5) and pts[:, 1].max() == 9
    poly = seg2boundary(labels == 2, 'poly')
    assert sorted(map(tuple, np.array(poly).reshape(-1, 2).tolist())) == \
        [(3, 5), (3, 9), (12, 5), (12, 9)]
    assert seg2boundary(labels == 7, 'quad', 0.5) is None
    assert seg2boundary(labels == 1, 'quad') is not None
    with pytest.raises(ValueError, match='text_score'):
        seg2boundary(labels == 2, 'quad', 2.0)
    with pytest.raises(ValueError, match=r'\(H, W\)'):
        seg2boundary(np.zeros(5), 'quad')


def test_extract_boundary_0x_triple():
    from mmocr.core import extract_boundary
    box = [0, 0, 10, 0, 10, 5, 0, 5, 0.75]
    with_scores, boundaries, scores = extract_boundary(
        dict(boundary_result=[box]))
    assert with_scores == [box] and boundaries == [box[:-1]]
    assert scores == [0.75]
    assert extract_boundary(dict(boundary_result=[])) == ([], [], [])
    with pytest.raises(KeyError, match='boundary_result'):
        extract_boundary(dict(boundaries=[]))
    with pytest.raises(ValueError, match=r'results\[2\]\["boundary_result"\]'
                       r'\[0\]'):
        extract_boundary(dict(boundary_result=[[0, 0, 1]]), 'results[2]')
