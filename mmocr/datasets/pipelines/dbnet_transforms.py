"""DBNet's training augmentations: ``ImgAug`` (imgaug-style augmentation:
the geometric augmenters implemented here with OpenCV, the others through
the optional imgaug) and ``EastRandomCrop``."""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np

from mmocr.core.mask import BitmapMasks, PolygonMasks, clip_polygon, imresize
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .tv_ops import warp_affine

__all__ = ['ImgAug', 'EastRandomCrop', 'AugmenterBuilder']


def _sample(value: Any, name: str) -> float:
    """A number is fixed; a ``(low, high)`` pair is sampled uniformly."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return float(np.random.uniform(value[0], value[1]))
    raise InvalidValueError(f'{name} must be a number or a (low, high) pair, got '
                            f'{value!r}')


def _translate(tx: float, ty: float) -> np.ndarray:
    return np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]], dtype=np.float64)


class _Flip:
    """imgaug ``Fliplr(p)`` / ``Flipud(p)``."""

    def __init__(self, horizontal: bool, p: float = 1.0):
        self.horizontal = horizontal
        self.p = float(p)

    def __call__(self, h: int, w: int) -> tuple[np.ndarray, int, int]:
        if np.random.random_sample() >= self.p:
            return np.eye(3), h, w
        if self.horizontal:
            return np.array([[-1, 0, w], [0, 1, 0], [0, 0, 1]], float), h, w
        return np.array([[1, 0, 0], [0, -1, h], [0, 0, 1]], float), h, w


class _Affine:
    """imgaug ``Affine``: scale, rotate (degrees, clockwise), shear (degrees,
    along x) about the image centre, then translate; same output size."""

    def __init__(self, scale: Any = 1.0, translate_percent: Any = None,
                 translate_px: Any = None, rotate: Any = 0.0, shear: Any = 0.0,
                 **kwargs: Any):
        unsupported = set(kwargs) - {'order', 'cval', 'mode', 'fit_output'}
        if unsupported or kwargs.get('fit_output'):
            raise NotImplementedError(
                f'ImgAug Affine: unsupported arguments {sorted(unsupported)}'
                ' (fit_output=True is not supported)')
        self.scale = scale
        self.translate_percent = translate_percent
        self.translate_px = translate_px
        self.rotate = rotate
        self.shear = shear

    def _scale_xy(self) -> tuple[float, float]:
        if isinstance(self.scale, dict):
            return (_sample(self.scale.get('x', 1.0), 'scale.x'),
                    _sample(self.scale.get('y', 1.0), 'scale.y'))
        s = _sample(self.scale, 'scale')
        return s, s

    def _shift(self, h: int, w: int) -> tuple[float, float]:
        for value, unit_x, unit_y in ((self.translate_percent, w, h),
                                      (self.translate_px, 1, 1)):
            if value is None:
                continue
            if isinstance(value, dict):
                return (_sample(value.get('x', 0), 'translate.x') * unit_x,
                        _sample(value.get('y', 0), 'translate.y') * unit_y)
            return (_sample(value, 'translate') * unit_x,
                    _sample(value, 'translate') * unit_y)
        return 0.0, 0.0

    def __call__(self, h: int, w: int) -> tuple[np.ndarray, int, int]:
        sx, sy = self._scale_xy()
        theta = np.deg2rad(_sample(self.rotate, 'rotate'))
        shear = np.tan(np.deg2rad(_sample(self.shear, 'shear')))
        tx, ty = self._shift(h, w)
        cos, sin = np.cos(theta), np.sin(theta)
        rot = np.array([[cos, -sin, 0], [sin, cos, 0], [0, 0, 1]])
        shear_m = np.array([[1, shear, 0], [0, 1, 0], [0, 0, 1]])
        scale_m = np.diag([sx, sy, 1.0])
        cx, cy = w / 2, h / 2
        matrix = (_translate(cx + tx, cy + ty) @ rot @ shear_m @ scale_m
                  @ _translate(-cx, -cy))
        return matrix, h, w


class _Rotate(_Affine):
    """imgaug ``Rotate(rotate)``."""

    def __init__(self, rotate: Any = (-30, 30), **kwargs: Any):
        super().__init__(rotate=rotate, **kwargs)


class _Resize:
    """imgaug ``Resize(size)``: a float factor, a ``(low, high)`` factor range
    (one factor for both sides), an int pixel size, or ``{'height': ...,
    'width': ...}``."""

    def __init__(self, size: Any, interpolation: Any = None):
        self.size = size

    @staticmethod
    def _side(value: Any, length: int, name: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return max(int(round(length * _sample(value, name))), 1)

    def __call__(self, h: int, w: int) -> tuple[np.ndarray, int, int]:
        if isinstance(self.size, dict):
            new_h = self._side(self.size.get('height', 1.0), h, 'height')
            new_w = self._side(self.size.get('width', 1.0), w, 'width')
        elif isinstance(self.size, int) and not isinstance(self.size, bool):
            new_h = new_w = self.size
        else:
            factor = _sample(self.size, 'Resize size')
            new_h = max(int(round(h * factor)), 1)
            new_w = max(int(round(w * factor)), 1)
        return np.diag([new_w / w, new_h / h, 1.0]), new_h, new_w


_AUGMENTERS = {
    'Fliplr': lambda *a, **k: _Flip(True, *a, **k),
    'Flipud': lambda *a, **k: _Flip(False, *a, **k),
    'Affine': _Affine,
    'Rotate': _Rotate,
    'Resize': _Resize,
}


def _to_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


class AugmenterBuilder:
    """imgaug augmenters from 0.x's ``args`` syntax (needs imgaug): the
    top-level list is a ``Sequential``; ``[name, *args]`` and
    ``dict(cls=name, **kwargs)`` are augmenters (lists become tuples);
    other dicts map their values."""

    def __init__(self):
        try:
            import imgaug.augmenters as iaa
        except ImportError:
            raise ImportError('AugmenterBuilder needs imgaug, an optional extra '
                              '(pip install imgaug, or mmocr[imgaug])') from None
        self.iaa = iaa

    def build(self, args: Any, root: bool = True) -> Any:
        if isinstance(args, list) and root:
            return self.iaa.Sequential([self.build(a, root=False)
                                        for a in args])
        if isinstance(args, (list, tuple)) and args and isinstance(
                args[0], str):
            return getattr(self.iaa, args[0])(
                *[self.to_tuple_if_list(a) for a in args[1:]])
        if isinstance(args, dict) and 'cls' in args:
            return getattr(self.iaa, args['cls'])(
                **{k: self.to_tuple_if_list(v) for k, v in args.items()
                   if k != 'cls'})
        if isinstance(args, dict):
            return {k: self.build(v, root=False) for k, v in args.items()}
        return args

    @staticmethod
    def to_tuple_if_list(obj: Any) -> Any:
        return _to_tuple(obj)


def _augmenter_name(arg: Any) -> Any:
    if isinstance(arg, (list, tuple)) and arg and isinstance(arg[0], str):
        return arg[0]
    if isinstance(arg, dict) and 'cls' in arg:
        return arg['cls']
    raise InvalidValueError(f'unknown ImgAug augmenter {arg!r}; use '
                            "['Name', *args] or dict(cls='Name', ...)")


@PIPELINES.register_module()
class ImgAug:
    """Augmentation in imgaug's config syntax, applied in order.

    ``args`` lists augmenters as ``[name, *args]`` or ``dict(cls=name,
    **kwargs)``, e.g. ``[['Fliplr', 0.5], dict(cls='Affine', rotate=[-10,
    10]), ['Resize', [0.5, 3.0]]]`` (a 2-element list is a uniform range).

    Built in (no imgaug needed): ``Fliplr``, ``Flipud``, ``Affine`` (scale,
    translate_percent, translate_px, rotate, shear), ``Rotate``, ``Resize``.
    They compose into one affine map: the image is warped once (bilinear,
    zero border; masks and maps nearest). Any other augmenter (blurs,
    noise, ``Sometimes``, ...) runs the whole list through imgaug, an
    optional extra (``pip install imgaug``), as MMOCR 0.x did: the image
    with ``augment_image``, polygon and box corners as keypoints, maps as
    segmentation maps, all with one ``to_deterministic()`` draw.

    Either way polygons in ``mask_fields`` are clipped to the image
    (instances left with no area are removed, with their ``gt_labels``),
    boxes in ``bbox_fields`` become the clipped bounds of their mapped
    corners.

    Args:
        args: Augmenter list (``None``: identity).
        clip_invalid_ploys: Clip polygons to the image (MMOCR's spelling);
            when False only instances entirely outside are removed.
    """

    def __init__(self, args: list | None = None,
                 clip_invalid_ploys: bool = True):
        if args is not None and not isinstance(args, list):
            raise InvalidTypeError(f'ImgAug args must be a list, got {args!r}')
        self.args = args
        self.clip_invalid_polys = clip_invalid_ploys
        names = [_augmenter_name(a) for a in args or []]
        other = [n for n in names if n not in _AUGMENTERS]
        self.augmenters, self.imgaug = [], None
        if not other:
            self.augmenters = [self._build(a) for a in args or []]
            return
        try:
            import imgaug
        except ImportError:
            raise ImportError(
                f'ImgAug augmenters {other} need imgaug, an optional extra '
                '(pip install imgaug, or mmocr[imgaug]); built in without it: '
                f'{sorted(_AUGMENTERS)}') from None
        self.imgaug = imgaug
        self.sequence = AugmenterBuilder().build(args, root=True)

    @staticmethod
    def _build(arg: Any):
        if isinstance(arg, (list, tuple)):
            name, params, kwargs = arg[0], [_to_tuple(a) for a in arg[1:]], {}
        else:
            name, params = arg['cls'], []
            kwargs = {k: _to_tuple(v) for k, v in arg.items() if k != 'cls'}
        return _AUGMENTERS[name](*params, **kwargs)

    def _sample_matrix(self, h: int, w: int) -> tuple[np.ndarray, int, int]:
        matrix = np.eye(3)
        for aug in self.augmenters:
            step, h, w = aug(h, w)
            matrix = step @ matrix
        return matrix, h, w

    def _map_polygons(self, masks: PolygonMasks, map_points, h: int,
                      w: int) -> tuple[PolygonMasks, list[int]]:
        kept, kept_idx = [], []
        for i, inst in enumerate(masks.masks):
            polys = []
            for p in inst:
                pts = map_points(p.reshape(-1, 2))
                flat = pts.reshape(-1)
                if self.clip_invalid_polys:
                    flat = clip_polygon(flat, w, h)
                elif (pts[:, 0].max() < 0 or pts[:, 0].min() > w
                      or pts[:, 1].max() < 0 or pts[:, 1].min() > h):
                    continue
                if flat.size >= 6:
                    polys.append(flat.astype(np.float32))
            if polys:
                kept.append(polys)
                kept_idx.append(i)
        return PolygonMasks(kept, h, w), kept_idx

    @staticmethod
    def _map_boxes(boxes: np.ndarray, map_points, h: int,
                   w: int) -> np.ndarray:
        boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
        corners = boxes[:, [0, 1, 2, 1, 2, 3, 0, 3]].reshape(-1, 2)
        pts = map_points(corners).reshape(-1, 4, 2)
        out = np.concatenate([pts.min(1), pts.max(1)], axis=1)
        out[:, 0::2] = np.clip(out[:, 0::2], 0, w)
        out[:, 1::2] = np.clip(out[:, 1::2], 0, h)
        return out.astype(np.float32)

    def _affine_ops(self, shape: tuple[int, ...]):
        """(warp image, warp map, map points, h, w) of one affine draw."""
        matrix, h, w = self._sample_matrix(*shape[:2])
        return (lambda img: warp_affine(img, matrix, h, w, cv2.INTER_LINEAR),
                lambda m: warp_affine(m, matrix, h, w, cv2.INTER_NEAREST),
                lambda pts: pts @ matrix[:2, :2].T + matrix[:2, 2], h, w)

    def _imgaug_ops(self, shape: tuple[int, ...]):
        """(augment image, augment map, map points) of one imgaug draw."""
        ia, aug = self.imgaug, self.sequence.to_deterministic()

        def map_points(pts: np.ndarray) -> np.ndarray:
            kps = ia.KeypointsOnImage.from_xy_array(pts, shape=shape)
            return aug.augment_keypoints(kps).to_xy_array()

        def map_seg(m: np.ndarray) -> np.ndarray:
            seg = ia.SegmentationMapsOnImage(m.astype(np.int32), shape=shape)
            out = aug.augment_segmentation_maps(seg).get_arr()
            return out.astype(m.dtype)

        return aug.augment_image, map_seg, map_points

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        if not self.augmenters and self.imgaug is None:
            return results
        img = results['img']
        if self.imgaug is None:
            warp_img, warp_map, map_points, h, w = self._affine_ops(img.shape)
            results['img'] = warp_img(img)
        else:
            warp_img, warp_map, map_points = self._imgaug_ops(img.shape)
            results['img'] = warp_img(img)
            h, w = results['img'].shape[:2]
        results['img_shape'] = results['img'].shape
        results['flip'] = 'unknown'  # flips are folded into the affine map
        results['flip_direction'] = 'unknown'
        kept_by_field: dict[str, tuple[int, list[int]]] = {}
        for key in results.get('mask_fields', []):
            masks = results[key]
            if isinstance(masks, BitmapMasks):
                results[key] = BitmapMasks([warp_map(m) for m in masks.masks],
                                           h, w)
            else:
                results[key], kept = self._map_polygons(masks, map_points, h, w)
                kept_by_field[key] = (len(masks), kept)
        for key in results.get('bbox_fields', []):
            boxes = self._map_boxes(results[key], map_points, h, w)
            paired = kept_by_field.get(key.replace('bboxes', 'masks'))
            if paired is not None and paired[0] == len(boxes):
                boxes = boxes[paired[1]]  # follow the paired polygons
            else:
                boxes = boxes[(boxes[:, 2] > boxes[:, 0])
                              & (boxes[:, 3] > boxes[:, 1])]
            results[key] = boxes
        for key in results.get('seg_fields', []):
            results[key] = warp_map(results[key])
        if 'gt_masks' in kept_by_field and 'gt_labels' in results:
            results['gt_labels'] = np.asarray(
                results['gt_labels'])[kept_by_field['gt_masks'][1]]
        return results

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state['imgaug'] = state['imgaug'] is not None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state['imgaug']:
            import imgaug
            state['imgaug'] = imgaug
        else:
            state['imgaug'] = None
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f'{type(self).__name__}(args={self.args})'


@PIPELINES.register_module()
class EastRandomCrop:
    """Crop a random region that cuts through no text line (tried
    ``max_tries`` times; the whole image otherwise), scale it to fit
    ``target_size=(w, h)`` and pad it (top-left aligned) to that size.

    Polygons are shifted and scaled with the crop (not clipped); those
    entirely outside it are removed. ``gt_labels`` become zeros, one per kept
    ``gt_masks`` polygon.

    Args:
        target_size: Output ``(w, h)``.
        max_tries: Crop sampling attempts.
        min_crop_side_ratio: Minimum crop side as a fraction of the image's.
    """

    def __init__(self, target_size: Sequence[int] = (640, 640),
                 max_tries: int = 10, min_crop_side_ratio: float = 0.1):
        self.target_size = tuple(target_size)
        self.max_tries = max_tries
        self.min_crop_side_ratio = min_crop_side_ratio

    @staticmethod
    def is_poly_outside_rect(poly: np.ndarray, x: float, y: float, w: float,
                             h: float) -> bool:
        pts = np.asarray(poly).reshape(-1, 2)
        return bool(pts[:, 0].max() < x or pts[:, 0].min() > x + w
                    or pts[:, 1].max() < y or pts[:, 1].min() > y + h)

    @staticmethod
    def split_regions(axis: np.ndarray) -> list[np.ndarray]:
        """Split sorted indices into runs of consecutive values."""
        breaks = np.flatnonzero(np.diff(axis) != 1) + 1
        return np.split(axis, breaks)

    @staticmethod
    def _pick(axis: np.ndarray, regions: list[np.ndarray],
              size: int) -> tuple[int, int]:
        if len(regions) > 1:
            chosen = np.random.choice(len(regions), 2)
            values = [int(np.random.choice(regions[i])) for i in chosen]
        else:
            values = [int(v) for v in np.random.choice(axis, 2)]
        low, high = min(values), max(values)
        return int(np.clip(low, 0, size - 1)), int(np.clip(high, 0, size - 1))

    def crop_area(self, img: np.ndarray,
                  polys: list[list[np.ndarray]]) -> tuple[int, int, int, int]:
        """``(x, y, w, h)`` of a crop whose borders cross no polygon."""
        h, w = img.shape[:2]
        h_text = np.zeros(h, dtype=bool)
        w_text = np.zeros(w, dtype=bool)
        for inst in polys:
            pts = np.round(np.concatenate(
                [p.reshape(-1, 2) for p in inst])).astype(np.int64)
            w_text[max(pts[:, 0].min(), 0):max(pts[:, 0].max(), 0)] = True
            h_text[max(pts[:, 1].min(), 0):max(pts[:, 1].max(), 0)] = True
        h_axis = np.flatnonzero(~h_text)
        w_axis = np.flatnonzero(~w_text)
        if len(h_axis) == 0 or len(w_axis) == 0:
            return 0, 0, w, h
        h_regions = self.split_regions(h_axis)
        w_regions = self.split_regions(w_axis)
        for _ in range(self.max_tries):
            xmin, xmax = self._pick(w_axis, w_regions, w)
            ymin, ymax = self._pick(h_axis, h_regions, h)
            if (xmax - xmin < self.min_crop_side_ratio * w
                    or ymax - ymin < self.min_crop_side_ratio * h):
                continue
            if any(not self.is_poly_outside_rect(
                    np.concatenate(inst), xmin, ymin, xmax - xmin,
                    ymax - ymin) for inst in polys):
                return xmin, ymin, xmax - xmin, ymax - ymin
        return 0, 0, w, h

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        gt_masks = results.get('gt_masks', PolygonMasks([], *img.shape[:2]))
        if not isinstance(gt_masks, PolygonMasks):
            raise InvalidTypeError('EastRandomCrop needs PolygonMasks '
                                   '(LoadTextAnnotations(poly2mask=False))')
        crop_x, crop_y, crop_w, crop_h = self.crop_area(img, gt_masks.masks)
        target_w, target_h = self.target_size
        scale = min(target_w / crop_w, target_h / crop_h)
        h, w = max(int(crop_h * scale), 1), max(int(crop_w * scale), 1)
        padded = np.zeros((target_h, target_w) + img.shape[2:], img.dtype)
        padded[:h, :w] = imresize(
            img[crop_y:crop_y + crop_h, crop_x:crop_x + crop_w], (w, h))
        offset = np.array([crop_x, crop_y], dtype=np.float64)
        for key in results.get('bbox_fields', []):
            boxes = np.asarray(results[key], dtype=np.float32).reshape(-1, 2, 2)
            boxes = (boxes - offset) * scale
            keep = [not self.is_poly_outside_rect(b, 0, 0, w, h)
                    for b in boxes]
            results[key] = boxes[np.asarray(keep, bool)].reshape(-1, 4).astype(
                np.float32)
        for key in results.get('mask_fields', []):
            kept = []
            for inst in results[key].masks:
                polys = [((p.reshape(-1, 2) - offset) * scale).reshape(-1)
                         for p in inst]
                if not self.is_poly_outside_rect(np.concatenate(polys), 0, 0,
                                                 w, h):
                    kept.append(polys)
            results[key] = PolygonMasks(kept, target_h, target_w)
            if key == 'gt_masks':
                results['gt_labels'] = np.zeros(len(kept), dtype=np.int64)
        results['img'] = padded
        results['img_shape'] = padded.shape
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(target_size={self.target_size}, '
                f'max_tries={self.max_tries})')
