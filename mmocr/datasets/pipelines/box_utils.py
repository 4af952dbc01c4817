"""Vertex ordering for quadrilateral text boxes at its MMOCR 0.x path: the
list-returning faces of :mod:`mmocr.utils.polygon_utils`'s ``sort_vertex``
and ``sort_vertex8``."""
from __future__ import annotations

from typing import Sequence

from mmocr.utils import polygon_utils

__all__ = ['sort_vertex', 'sort_vertex8']


def sort_vertex(points_x: Sequence[float], points_y: Sequence[float]
                ) -> tuple[list[float], list[float]]:
    """Sort box vertices clockwise from the one nearest the top-left corner
    of their bounding box.

    Args:
        points_x: x coordinates of the N vertices.
        points_y: y coordinates of the N vertices.

    Returns:
        The sorted x and y coordinates.
    """
    xs, ys = polygon_utils.sort_vertex(points_x, points_y)
    return xs.tolist(), ys.tolist()


def sort_vertex8(points: Sequence[float]) -> list[float]:
    """Sort a quadrilateral ``[x1, y1, ..., x4, y4]`` clockwise from its
    vertex nearest the top-left corner of its bounding box."""
    return polygon_utils.sort_vertex8(points).tolist()
