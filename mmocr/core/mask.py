"""Instance masks for the data pipelines, after mmdet's ``BitmapMasks`` and
``PolygonMasks``, plus the image geometry helpers they share with the
pipelines (``rescale_size``, ``imresize``, ``imrescale``, ``imflip``,
``impad``, ``rotation_matrix``).

* :class:`BitmapMasks`: ``masks`` is a ``uint8`` array ``(K, H, W)``.
* :class:`PolygonMasks`: ``masks`` is a list of K instances, each a list of
  polygons, each a flat float array ``[x1, y1, ..., xn, yn]``.

Both have the same geometric methods (``rescale``, ``resize``, ``flip``,
``crop``, ``pad``, ``rotate``), each returning a new object whose contents
match the image transformed by the same call on the image helpers.

The text boundary helpers of MMOCR 0.x's ``mmocr.core.mask`` live here too:
:func:`points2boundary` (pixels -> boundary), :func:`seg2boundary` (a mask
-> boundary) and :func:`extract_boundary` (a detection result -> boundaries
and scores).
"""
from __future__ import annotations

from typing import Iterator, Sequence

import cv2
import numpy as np
import torch
from shapely.geometry import Polygon, box

from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.polygon_utils import polygon_area

__all__ = [
    'BitmapMasks', 'PolygonMasks', 'rescale_size', 'imresize', 'imrescale',
    'imflip', 'impad', 'rotation_matrix', 'clip_polygon', 'points2boundary',
    'seg2boundary', 'extract_boundary'
]

_INTERP = {
    'nearest': cv2.INTER_NEAREST,
    'bilinear': cv2.INTER_LINEAR,
    'bicubic': cv2.INTER_CUBIC,
    'area': cv2.INTER_AREA,
    'lanczos': cv2.INTER_LANCZOS4,
}


def _interp(name: str) -> int:
    if name not in _INTERP:
        raise InvalidValueError(f'unknown interpolation {name!r}; choose from '
                                f'{sorted(_INTERP)}')
    return _INTERP[name]


def rescale_size(old_size: tuple[int, int], scale: float | Sequence[int],
                 return_scale: bool = False):
    """New ``(w, h)`` of an image of size ``old_size=(w, h)`` rescaled by
    ``scale``: a factor, or ``(long_edge, short_edge)`` bounds keeping the
    aspect ratio (mmcv's rule)."""
    w, h = old_size
    if isinstance(scale, (int, float)) and not isinstance(scale, bool):
        if scale <= 0:
            raise InvalidValueError(f'invalid scale {scale}, must be positive')
        factor = float(scale)
    elif isinstance(scale, (tuple, list)) and len(scale) == 2:
        long_edge, short_edge = max(scale), min(scale)
        factor = min(long_edge / max(h, w), short_edge / min(h, w))
    else:
        raise InvalidTypeError(f'scale must be a number or a (long, short) pair, '
                               f'got {scale!r}')
    new_size = (int(w * factor + 0.5), int(h * factor + 0.5))
    return (new_size, factor) if return_scale else new_size


def _hxw(img: np.ndarray) -> str:
    return f'{img.shape[0]}x{img.shape[1]} (h x w)'


def imresize(img: np.ndarray, size: tuple[int, int],
             interpolation: str = 'bilinear') -> np.ndarray:
    """Resize ``img`` (H, W[, C]) to ``size=(w, h)``."""
    w, h = int(size[0]), int(size[1])
    if w <= 0 or h <= 0:
        raise InvalidValueError(f'cannot resize image {_hxw(img)} to {h}x{w} '
                                '(h x w): the new size must be positive')
    out = cv2.resize(img, (w, h), interpolation=_interp(interpolation))
    if img.ndim == 3 and out.ndim == 2:
        out = out[..., None]
    return out


def imrescale(img: np.ndarray, scale: float | Sequence[int],
              interpolation: str = 'bilinear', return_scale: bool = False):
    """Resize keeping the aspect ratio (see :func:`rescale_size`).

    Raises:
        ValueError: ``img`` is empty, or so thin that a side would shrink to
            0 pixels (the message gives the image's size and aspect ratio).
    """
    h, w = img.shape[:2]
    if h == 0 or w == 0:
        raise InvalidValueError(f'cannot rescale image {_hxw(img)}: it is empty')
    new_size, factor = rescale_size((w, h), scale, return_scale=True)
    if min(new_size) < 1:
        target = (f'by {scale}' if isinstance(scale, (int, float))
                  else f'to fit {tuple(scale)}')
        raise InvalidValueError(
            f'image {_hxw(img)} is too thin to rescale {target}: keeping its '
            f'aspect ratio ({max(h, w) / min(h, w):.0f}:1) it would be '
            f'{new_size[1]}x{new_size[0]} (h x w); crop or pad it to a less '
            'extreme shape')
    out = imresize(img, new_size, interpolation)
    return (out, factor) if return_scale else out


def imflip(img: np.ndarray, direction: str = 'horizontal') -> np.ndarray:
    """Flip ``img`` (H, W, ...) horizontally, vertically or diagonally."""
    if direction == 'horizontal':
        return np.ascontiguousarray(img[:, ::-1])
    if direction == 'vertical':
        return np.ascontiguousarray(img[::-1])
    if direction == 'diagonal':
        return np.ascontiguousarray(img[::-1, ::-1])
    raise InvalidValueError(f'flip direction must be horizontal, vertical or '
                            f'diagonal, got {direction!r}')


def impad(img: np.ndarray, shape: tuple[int, int],
          pad_val: float | Sequence[float] = 0) -> np.ndarray:
    """Pad ``img`` (H, W[, C]) at the bottom/right to ``shape=(h, w)``."""
    h, w = img.shape[:2]
    if shape[0] < h or shape[1] < w:
        raise InvalidValueError(f'pad shape {tuple(shape)} is smaller than the '
                                f'image {(h, w)}')
    out = np.empty((shape[0], shape[1]) + img.shape[2:], dtype=img.dtype)
    out[...] = np.asarray(pad_val, dtype=img.dtype)
    out[:h, :w] = img
    return out


def rotation_matrix(center: tuple[float, float], angle: float,
                    scale: float = 1.0) -> np.ndarray:
    """2x3 affine matrix rotating by ``angle`` degrees clockwise (in image
    coordinates, y down) about ``center``, as ``mmcv.imrotate``."""
    return cv2.getRotationMatrix2D((float(center[0]), float(center[1])),
                                   -float(angle), float(scale))


def _check_bbox(bbox: np.ndarray) -> np.ndarray:
    bbox = np.asarray(bbox)
    if bbox.shape != (4, ) or bbox[2] < bbox[0] or bbox[3] < bbox[1]:
        raise InvalidValueError(f'crop bbox must be [x1, y1, x2, y2] with x1<=x2 '
                                f'and y1<=y2, got {bbox!r}')
    return bbox


class BitmapMasks:
    """Binary masks ``(K, H, W)`` (``uint8``).

    Args:
        masks: Array ``(K, H, W)`` or a list of K ``(H, W)`` arrays.
        height: Mask height H.
        width: Mask width W.
    """

    def __init__(self, masks: np.ndarray | list[np.ndarray], height: int,
                 width: int):
        self.height = int(height)
        self.width = int(width)
        if len(masks) == 0:
            self.masks = np.empty((0, self.height, self.width), dtype=np.uint8)
        else:
            arr = np.stack(masks) if isinstance(masks, list) else np.asarray(
                masks)
            if arr.ndim != 3 or arr.shape[1:] != (self.height, self.width):
                raise InvalidValueError(
                    f'BitmapMasks expects (K, {self.height}, {self.width}) '
                    f'masks, got shape {arr.shape}')
            self.masks = arr

    def __getitem__(self, index) -> BitmapMasks:
        masks = self.masks[index].reshape(-1, self.height, self.width)
        return BitmapMasks(masks, self.height, self.width)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.masks)

    def __len__(self) -> int:
        return len(self.masks)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_masks={len(self)}, '
                f'height={self.height}, width={self.width})')

    def _apply(self, fn, height: int, width: int) -> BitmapMasks:
        if len(self) == 0:
            return BitmapMasks([], height, width)
        return BitmapMasks(np.stack([fn(m) for m in self.masks]), height,
                           width)

    def rescale(self, scale: float | Sequence[int],
                interpolation: str = 'nearest') -> BitmapMasks:
        """Rescale keeping the aspect ratio (see :func:`rescale_size`)."""
        new_w, new_h = rescale_size((self.width, self.height), scale)
        return self.resize((new_h, new_w), interpolation)

    def resize(self, out_shape: tuple[int, int],
               interpolation: str = 'nearest') -> BitmapMasks:
        """Resize to ``out_shape=(h, w)``."""
        h, w = int(out_shape[0]), int(out_shape[1])
        return self._apply(lambda m: imresize(m, (w, h), interpolation), h, w)

    def flip(self, flip_direction: str = 'horizontal') -> BitmapMasks:
        flipped = imflip(self.masks.transpose(1, 2, 0), flip_direction)
        return BitmapMasks(flipped.transpose(2, 0, 1), self.height,
                           self.width)

    def pad(self, out_shape: tuple[int, int], pad_val: int = 0) -> BitmapMasks:
        """Pad at the bottom/right to ``out_shape=(h, w)``."""
        h, w = int(out_shape[0]), int(out_shape[1])
        return self._apply(lambda m: impad(m, (h, w), pad_val), h, w)

    def crop(self, bbox: np.ndarray) -> BitmapMasks:
        """Crop to ``bbox=[x1, y1, x2, y2]`` (clipped to the mask)."""
        bbox = _check_bbox(bbox).copy()
        bbox[0::2] = np.clip(bbox[0::2], 0, self.width)
        bbox[1::2] = np.clip(bbox[1::2], 0, self.height)
        x1, y1, x2, y2 = (int(v) for v in bbox)
        w, h = max(x2 - x1, 1), max(y2 - y1, 1)
        if len(self) == 0:
            return BitmapMasks([], h, w)
        out = np.zeros((len(self), h, w), dtype=self.masks.dtype)
        out[:, :y2 - y1, :x2 - x1] = self.masks[:, y1:y2, x1:x2]
        return BitmapMasks(out, h, w)

    def rotate(self, out_shape: tuple[int, int], angle: float,
               center: tuple[float, float] | None = None, scale: float = 1.0,
               fill_val: int = 0) -> BitmapMasks:
        """Rotate by ``angle`` degrees clockwise about ``center`` (default:
        the mask centre) into a canvas of ``out_shape=(h, w)``."""
        h, w = int(out_shape[0]), int(out_shape[1])
        if center is None:
            center = ((self.width - 1) * 0.5, (self.height - 1) * 0.5)
        matrix = rotation_matrix(center, angle, scale)
        return self._apply(
            lambda m: cv2.warpAffine(m, matrix, (w, h), flags=cv2.INTER_NEAREST,
                                     borderValue=fill_val), h, w)

    @property
    def areas(self) -> np.ndarray:
        """Foreground pixel count of each mask, shape (K,)."""
        return self.masks.sum((1, 2))

    def to_ndarray(self) -> np.ndarray:
        return self.masks

    def to_tensor(self, dtype: torch.dtype,
                  device: torch.device | str = 'cpu') -> torch.Tensor:
        return torch.as_tensor(self.masks, dtype=dtype, device=device)


def clip_polygon(poly: np.ndarray, width: float, height: float) -> np.ndarray:
    """Intersect the flat polygon ``[x1, y1, ...]`` with the box
    ``[0, width] x [0, height]``: the largest piece (flat array), or an
    empty array when nothing is left."""
    pts = poly.reshape(-1, 2)
    if ((pts >= 0).all() and (pts[:, 0] <= width).all()
            and (pts[:, 1] <= height).all()):
        return poly
    shape = Polygon(pts).buffer(0)
    piece = shape.intersection(box(0, 0, width, height))
    if piece.is_empty:
        return np.empty(0, dtype=poly.dtype)
    parts = getattr(piece, 'geoms', [piece])
    polys = [p for p in parts if isinstance(p, Polygon) and not p.is_empty]
    if not polys:
        return np.empty(0, dtype=poly.dtype)
    best = max(polys, key=lambda p: p.area)
    return np.asarray(best.exterior.coords, dtype=poly.dtype)[:-1].reshape(-1)


class PolygonMasks:
    """Polygon instance masks.

    Args:
        masks: K instances, each a list of flat arrays ``[x1, y1, ..., xn,
            yn]`` (n >= 3).
        height: Image height.
        width: Image width.
    """

    def __init__(self, masks: list[list[np.ndarray]], height: int, width: int):
        if not isinstance(masks, list):
            raise InvalidTypeError(f'PolygonMasks expects a list of instances, got '
                                   f'{type(masks).__name__}')
        checked = []
        for i, instance in enumerate(masks):
            if not isinstance(instance, (list, tuple)):
                raise InvalidTypeError(f'instance {i} must be a list of polygons, '
                                       f'got {type(instance).__name__}')
            polys = []
            for poly in instance:
                arr = np.asarray(poly, dtype=np.float64).reshape(-1)
                if arr.size % 2:
                    raise InvalidValueError(f'instance {i}: polygon has an odd number '
                                            f'of coordinates ({arr.size})')
                polys.append(arr)
            checked.append(polys)
        self.masks = checked
        self.height = int(height)
        self.width = int(width)

    def __getitem__(self, index) -> PolygonMasks:
        if isinstance(index, np.ndarray):
            index = (np.flatnonzero(index) if index.dtype == bool else
                     index.tolist())
        if isinstance(index, (list, np.ndarray)):
            masks = [self.masks[int(i)] for i in index]
        elif isinstance(index, slice):
            masks = self.masks[index]
        else:
            masks = [self.masks[index]]
        return PolygonMasks(masks, self.height, self.width)

    def __iter__(self) -> Iterator[list[np.ndarray]]:
        return iter(self.masks)

    def __len__(self) -> int:
        return len(self.masks)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_masks={len(self)}, '
                f'height={self.height}, width={self.width})')

    def _map(self, fn, height: int, width: int) -> PolygonMasks:
        return PolygonMasks([[fn(p) for p in inst] for inst in self.masks],
                            height, width)

    def rescale(self, scale: float | Sequence[int],
                interpolation: str | None = None) -> PolygonMasks:
        """Rescale keeping the aspect ratio (see :func:`rescale_size`)."""
        new_w, new_h = rescale_size((self.width, self.height), scale)
        return self.resize((new_h, new_w))

    def resize(self, out_shape: tuple[int, int],
               interpolation: str | None = None) -> PolygonMasks:
        """Scale coordinates to an image of ``out_shape=(h, w)``."""
        h, w = int(out_shape[0]), int(out_shape[1])
        factor = np.array([w / self.width, h / self.height])

        def scale_poly(p: np.ndarray) -> np.ndarray:
            return (p.reshape(-1, 2) * factor).reshape(-1)

        return self._map(scale_poly, h, w)

    def flip(self, flip_direction: str = 'horizontal') -> PolygonMasks:
        if flip_direction not in ('horizontal', 'vertical', 'diagonal'):
            raise InvalidValueError(f'flip direction must be horizontal, vertical or '
                                    f'diagonal, got {flip_direction!r}')

        def flip_poly(p: np.ndarray) -> np.ndarray:
            p = p.copy()
            if flip_direction in ('horizontal', 'diagonal'):
                p[0::2] = self.width - p[0::2]
            if flip_direction in ('vertical', 'diagonal'):
                p[1::2] = self.height - p[1::2]
            return p

        return self._map(flip_poly, self.height, self.width)

    def pad(self, out_shape: tuple[int, int], pad_val: int = 0) -> PolygonMasks:
        """Bottom/right padding leaves the coordinates unchanged."""
        return PolygonMasks(self.masks, int(out_shape[0]), int(out_shape[1]))

    def _clipped(self, fn, height: int, width: int) -> PolygonMasks:
        """Apply ``fn`` to every polygon and clip it to the new image; an
        instance clipped away entirely keeps a degenerate placeholder
        (``[0, 0, 0, 0, 0, 0]``, as mmdet) so indices stay aligned."""
        out = []
        for inst in self.masks:
            polys = [clip_polygon(fn(p), width, height) for p in inst]
            polys = [p for p in polys if p.size >= 6]
            out.append(polys or [np.zeros(6)])
        return PolygonMasks(out, height, width)

    def crop(self, bbox: np.ndarray) -> PolygonMasks:
        """Crop to ``bbox=[x1, y1, x2, y2]``: shift and clip the polygons."""
        bbox = _check_bbox(bbox).astype(np.float64)
        bbox[0::2] = np.clip(bbox[0::2], 0, self.width)
        bbox[1::2] = np.clip(bbox[1::2], 0, self.height)
        x1, y1, x2, y2 = bbox
        w, h = max(int(x2 - x1), 1), max(int(y2 - y1), 1)
        offset = np.array([x1, y1])
        return self._clipped(
            lambda p: (p.reshape(-1, 2) - offset).reshape(-1), h, w)

    def rotate(self, out_shape: tuple[int, int], angle: float,
               center: tuple[float, float] | None = None, scale: float = 1.0,
               fill_val: int = 0) -> PolygonMasks:
        """Rotate as :meth:`BitmapMasks.rotate`; polygons are clipped to the
        new canvas."""
        h, w = int(out_shape[0]), int(out_shape[1])
        if center is None:
            center = ((self.width - 1) * 0.5, (self.height - 1) * 0.5)
        matrix = rotation_matrix(center, angle, scale)

        def rotate_poly(p: np.ndarray) -> np.ndarray:
            pts = p.reshape(-1, 2)
            return (pts @ matrix[:, :2].T + matrix[:, 2]).reshape(-1)

        return self._clipped(rotate_poly, h, w)

    def to_bitmap(self) -> BitmapMasks:
        return BitmapMasks(self.to_ndarray(), self.height, self.width)

    def to_ndarray(self) -> np.ndarray:
        """Rasterise to ``uint8`` masks ``(K, H, W)``."""
        out = np.zeros((len(self), self.height, self.width), dtype=np.uint8)
        for i, inst in enumerate(self.masks):
            polys = [np.round(p.reshape(-1, 2)).astype(np.int32) for p in inst
                     if p.size >= 6]
            if polys:
                cv2.fillPoly(out[i], polys, 1)
        return out

    def to_tensor(self, dtype: torch.dtype,
                  device: torch.device | str = 'cpu') -> torch.Tensor:
        return torch.as_tensor(self.to_ndarray(), dtype=dtype, device=device)

    @property
    def areas(self) -> np.ndarray:
        """Polygon area of each instance (shoelace, summed over parts)."""
        return np.asarray([
            sum(float(polygon_area(p)) for p in inst if len(p) > 0)
            for inst in self.masks], dtype=np.float64)


def points2boundary(points: np.ndarray, text_repr_type: str,
                    text_score: float | None = None,
                    min_width: float = -1) -> list[float] | None:
    """Boundary ``[x1, y1, ..., xn, yn(, score)]`` enclosing ``points``.

    Args:
        points: ``(K, 2)`` array of ``(x, y)`` points: the pixels of a text
            region, or its contour.
        text_repr_type: ``'quad'``: the minimum-area rotated rectangle (kept
            only when its shorter side exceeds ``min_width``); ``'poly'``: the
            outer contour of the pixel set (integer points).
        text_score: Appended to the boundary when given; must be in [0, 1].
        min_width: Minimum rectangle side for ``'quad'``.

    Returns:
        The boundary, or ``None`` when it has fewer than 4 points.
    """
    points = np.asarray(points)
    if points.ndim != 2 or points.shape[1] != 2:
        raise InvalidValueError(f'points must be (K, 2), got shape {points.shape}')
    if text_repr_type not in ('quad', 'poly'):
        raise InvalidValueError("text_repr_type must be 'quad' or 'poly', got "
                                f'{text_repr_type!r}')
    if text_score is not None and not 0 <= text_score <= 1:
        raise InvalidValueError(f'text_score must be in [0, 1], got {text_score}')
    if len(points) == 0:
        return None
    boundary: list[float] = []
    if text_repr_type == 'quad':
        rect = cv2.minAreaRect(points.astype(np.float32))
        if min(rect[1]) > min_width:
            boundary = cv2.boxPoints(rect).flatten().tolist()
    else:
        pts = np.round(points).astype(np.int64)
        if pts.min() < 0:
            raise InvalidValueError('poly boundaries need non-negative points')
        width, height = pts.max(axis=0) + 10
        mask = np.zeros((height, width), np.uint8)
        mask[pts[:, 1], pts[:, 0]] = 255
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_SIMPLE)
        largest = max(contours, key=cv2.contourArea)
        boundary = largest.flatten().astype(float).tolist()
    if len(boundary) < 8:
        return None
    if text_score is not None:
        boundary.append(float(text_score))
    return boundary


def seg2boundary(seg: np.ndarray, text_repr_type: str,
                 text_score: float | None = None) -> list[float] | None:
    """Boundary of the nonzero pixels of ``seg`` (MMOCR 0.x).

    Args:
        seg: ``(H, W)`` mask of one text instance (any nonzero value is
            text), e.g. ``labels == k`` of an instance label map.
        text_repr_type: ``'quad'`` or ``'poly'`` (see
            :func:`points2boundary`).
        text_score: Appended to the boundary when given; in [0, 1].

    Returns:
        ``[x1, y1, ..., xn, yn(, score)]``, or ``None`` when ``seg`` has no
        text pixel or the boundary has fewer than 4 points.
    """
    seg = np.asarray(seg)
    if seg.ndim != 2:
        raise InvalidValueError(f'seg must be an (H, W) mask, got shape {seg.shape}')
    if not isinstance(text_repr_type, str):
        raise InvalidTypeError(f'text_repr_type must be a str, got '
                               f'{type(text_repr_type).__name__}')
    if text_score is not None and not 0 <= text_score <= 1:
        raise InvalidValueError(f'text_score must be in [0, 1], got {text_score}')
    ys, xs = np.nonzero(seg)
    if len(xs) == 0:
        return None
    return points2boundary(np.stack([xs, ys], axis=1), text_repr_type,
                           text_score)


def extract_boundary(result: dict, where: str = 'result'
                     ) -> tuple[list[list[float]], list[list[float]],
                                list[float]]:
    """Split a detection result into boundaries and scores (MMOCR 0.x).

    Args:
        result: ``{'boundary_result': [[x1, y1, ..., xn, yn, score], ...]}``
            of one image.
        where: Names the result in error messages (e.g. ``'results[3]'``).

    Returns:
        ``(boundaries_with_scores, boundaries, scores)``: the boundaries as
        given, without their scores, and the scores (floats).

    Raises:
        KeyError: ``result`` is not a dict with ``boundary_result``.
        ValueError: a boundary is not ``[x1, y1, ..., xn, yn, score]`` with
            ``n >= 3``.
    """
    if not isinstance(result, dict) or 'boundary_result' not in result:
        raise KeyError(f'{where} must be a dict with a "boundary_result" key, '
                       f'got {result!r:.200}')
    with_scores = result['boundary_result']
    boundaries, scores = [], []
    for j, boundary in enumerate(with_scores):
        boundary = list(boundary)
        if len(boundary) < 7 or len(boundary) % 2 != 1:
            raise InvalidValueError(
                f'{where}["boundary_result"][{j}] must be [x1, y1, ..., xn, yn,'
                f' score] with n >= 3, got {len(boundary)} values')
        boundaries.append(boundary[:-1])
        scores.append(float(boundary[-1]))
    return with_scores, boundaries, scores
