"""Every public vertex-sorting name is a face of the one home,
``mmocr.utils.polygon_utils`` (``angle_order`` / ``sort_points``), with the
semantics of its MMOCR 0.x path."""
from __future__ import annotations

import numpy as np
import pytest

import mmocr.datasets.pipelines as pipelines
import mmocr.utils as utils
from mmocr.datasets import kie_dataset
from mmocr.datasets.pipelines import box_utils
from mmocr.utils import box_util, polygon_utils


def _random_quads(n: int = 300) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    quads = [rng.uniform(-50, 150, (4, 2)) for _ in range(n)]
    # integer corners: ties in angle and in distance to the top-left corner
    quads += [rng.integers(0, 6, (4, 2)).astype(np.float64) for _ in range(n)]
    return quads


def _ox_key(quad: np.ndarray) -> np.ndarray:
    """0.x's ``mmocr.utils.sort_points`` key, written out."""
    d = quad - quad.mean(axis=0)
    return (180 + np.degrees(np.arctan2(d[:, 0], d[:, 1]))) % 360


@pytest.mark.parametrize('quad', _random_quads())
def test_public_names_agree_with_home(quad):
    home = polygon_utils.sort_points(quad)
    flat = quad.reshape(-1).tolist()
    # the home: a cyclic shift of the clockwise angle order that starts at
    # the vertex nearest the bounding box's top-left corner
    by_angle = quad[polygon_utils.angle_order(quad)]
    shift = next(s for s in range(4)
                 if np.array_equal(np.roll(by_angle, -s, axis=0), home))
    dist = np.hypot(*(by_angle - quad.min(axis=0)).T)
    assert shift == int(np.argmin(dist))
    assert dist[shift] == dist.min()
    for sort_vertex8 in (pipelines.sort_vertex8, box_utils.sort_vertex8,
                         kie_dataset.sort_vertex8):
        out = sort_vertex8(flat)
        assert isinstance(out, list)
        assert out == home.reshape(-1).tolist()
    np.testing.assert_array_equal(utils.sort_vertex8(flat), home.reshape(-1))
    for sort_vertex in (pipelines.sort_vertex, box_utils.sort_vertex):
        xs, ys = sort_vertex(quad[:, 0].tolist(), quad[:, 1].tolist())
        assert (xs, ys) == (home[:, 0].tolist(), home[:, 1].tolist())
    xs, ys = utils.sort_vertex(quad[:, 0], quad[:, 1])
    np.testing.assert_array_equal(np.stack([xs, ys], axis=1), home)
    # 0.x's mmocr.utils.sort_points: the home's y-up order, the given objects
    points = [list(p) for p in quad]
    out = box_util.sort_points(points)
    assert utils.sort_points is box_util.sort_points
    assert all(any(o is p for p in points) for o in out)
    order = polygon_utils.angle_order(quad, y_up=True)
    assert out == [points[i] for i in order]
    assert out == [points[i] for i in np.argsort(_ox_key(quad), kind='stable')]


def test_home_is_clockwise_on_screen():
    # a convex quad comes out with a positive shoelace sum (y down)
    quad = np.array([[5., 3.], [1., 4.], [3., 0.], [0., 1.]])
    pts = polygon_utils.sort_points(quad)
    nxt = np.roll(pts, -1, axis=0)
    assert (pts[:, 0] * nxt[:, 1] - nxt[:, 0] * pts[:, 1]).sum() > 0
    # nearest the top-left corner (0, 0) by distance, not by x + y: (1.2,
    # 1.2) (x + y = 2.4) starts, not (0, 2) (x + y = 2)
    kite = [[0, 2], [1.2, 1.2], [5, 0], [3, 5]]
    np.testing.assert_array_equal(polygon_utils.sort_points(kite)[0], [1.2, 1.2])


def test_angle_order_rejects_bad_shapes():
    with pytest.raises(ValueError, match='N points'):
        polygon_utils.angle_order([1, 2, 3])
    with pytest.raises(ValueError, match='N points'):
        polygon_utils.angle_order(np.zeros((0, 2)))
