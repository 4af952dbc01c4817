"""Vertex ordering for quadrilateral text boxes."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from mmocr.utils.errors import InvalidValueError

__all__ = ['sort_vertex', 'sort_vertex8']


def _sort_vertex(vertices: np.ndarray) -> np.ndarray:
    """Order vertices ``(N, 2)`` clockwise (image coordinates, y down),
    starting from the one closest to the top-left corner of their bounds."""
    if vertices.ndim != 2 or vertices.shape[-1] != 2:
        raise InvalidValueError(f'vertices must have shape (N, 2), got '
                                f'{vertices.shape}')
    if len(vertices) == 0:
        return vertices
    directions = vertices - vertices.mean(axis=0)
    vertices = vertices[np.argsort(np.arctan2(directions[:, 1],
                                              directions[:, 0]))]
    dists = np.linalg.norm(vertices - vertices.min(axis=0), axis=-1)
    start = int(np.argmin(dists))
    return np.roll(vertices, -start, axis=0)


def sort_vertex(points_x: Sequence[float], points_y: Sequence[float]
                ) -> tuple[list[float], list[float]]:
    """Sort box vertices clockwise from the top-left one.

    Args:
        points_x: x coordinates of the N vertices.
        points_y: y coordinates of the N vertices.

    Returns:
        The sorted x and y coordinates.
    """
    if len(points_x) != len(points_y):
        raise InvalidValueError(f'{len(points_x)} x and {len(points_y)} y '
                                'coordinates')
    vertices = _sort_vertex(
        np.stack([points_x, points_y], axis=-1).astype(np.float32))
    return vertices[:, 0].tolist(), vertices[:, 1].tolist()


def sort_vertex8(points: Sequence[float]) -> list[float]:
    """Sort a quadrilateral ``[x1, y1, ..., x4, y4]`` clockwise from its
    top-left vertex."""
    if len(points) != 8:
        raise InvalidValueError(f'expected 8 coordinates, got {len(points)}')
    vertices = _sort_vertex(np.asarray(points, np.float32).reshape(-1, 2))
    return vertices.reshape(-1).tolist()
