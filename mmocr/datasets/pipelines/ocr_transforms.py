"""Transforms for text recognition images (cropped word/line images).

Images are ``uint8`` numpy arrays ``(H, W, C)`` in BGR order, or ``(H, W)``
when loaded as grayscale, until :class:`ToTensorOCR` turns them into float
tensors ``(C, H, W)`` in ``[0, 1]``. :class:`OpencvToPil`/:class:`PilToOpencv`
switch to/from PIL images for the transforms that work on them.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import cv2
import numpy as np
import torch
from PIL import Image
from shapely.geometry import Polygon
from shapely.geometry import box as shapely_box

from mmocr.core.mask import impad, imresize
from mmocr.registry import PIPELINES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .crop import warp_img

__all__ = [
    'ResizeOCR', 'ToTensorOCR', 'NormalizeOCR', 'OnlineCropOCR', 'FancyPCA',
    'RandomPaddingOCR', 'RandomRotateImageBox', 'OpencvToPil', 'PilToOpencv'
]


def _resize(img: np.ndarray, width: int, height: int,
            backend: str) -> np.ndarray:
    if backend == 'cv2':
        return imresize(img, (width, height))
    pil = Image.fromarray(img[..., 0] if img.ndim == 3 and img.shape[2] == 1
                          else img)
    out = np.asarray(pil.resize((width, height), Image.BILINEAR))
    return out.reshape(height, width, *img.shape[2:])


@PIPELINES.register_module()
class ResizeOCR:
    """Resize a text image to a fixed height (MMOCR 0.x rules).

    With ``keep_aspect_ratio`` the width follows the aspect ratio, rounded to
    a multiple of ``1 / width_downsample_ratio`` and clamped to
    ``[min_width, max_width]``; a narrower image is padded on the right with
    ``img_pad_value`` up to ``max_width`` and ``valid_ratio`` is the share of
    the width holding the image (``min(1, new_width / max_width)``). Without
    it the image is stretched to ``(height, max_width)``.

    In: ``img`` ``(H, W[, C])``. Out: ``img`` ``(height, W'[, C])``,
    ``resize_shape`` (shape after resizing, before padding), ``pad_shape``
    (after padding), ``valid_ratio``. As in MMOCR 0.x, ``img_shape`` keeps
    the shape before resizing.

    Args:
        height: Output height.
        min_width: Minimum output width (aspect-ratio mode).
        max_width: Maximum (and padded) output width; required without
            ``keep_aspect_ratio``.
        keep_aspect_ratio: Keep the aspect ratio (see above).
        img_pad_value: Padding value: a number or one per channel.
        width_downsample_ratio: The backbone's width downsampling ratio; the
            width is rounded to a multiple of its inverse.
        backend: ``'cv2'`` or ``'pillow'`` (bilinear either way).
        right_pad: Aspect-ratio mode without ``max_width`` only: append this
            many columns of ``img_pad_value`` to every image (``valid_ratio``
            and ``resize_shape`` exclude them). A text's last columns then
            see padding beyond them, as in a right-padded training batch,
            rather than the convolutions' zero border; a recognizer trained
            on padded batches reads an image alone as it reads it in a
            batch. Use the pixel value that normalises to the batch padding
            (0), e.g. ``img_pad_value=127`` with ``mean=127``.
    """

    def __init__(self, height: int, min_width: int | None = None,
                 max_width: int | None = None,
                 keep_aspect_ratio: bool = True,
                 img_pad_value: float | Sequence[float] = 0,
                 width_downsample_ratio: float = 1.0 / 16,
                 backend: str | None = 'cv2', right_pad: int = 0):
        if not isinstance(height, int) or height <= 0:
            raise InvalidValueError(f'height must be a positive int, got {height!r}')
        for name, value in (('min_width', min_width),
                            ('max_width', max_width)):
            if value is not None and (not isinstance(value, int)
                                      or value <= 0):
                raise InvalidValueError(f'{name} must be a positive int or None, '
                                        f'got {value!r}')
        if not keep_aspect_ratio and max_width is None:
            raise InvalidValueError('ResizeOCR needs max_width when '
                                    'keep_aspect_ratio=False')
        if not 0 < width_downsample_ratio <= 1:
            raise InvalidValueError(f'width_downsample_ratio must be in (0, 1], got '
                                    f'{width_downsample_ratio}')
        if not isinstance(right_pad, int) or right_pad < 0:
            raise InvalidValueError(f'right_pad must be an int >= 0, got {right_pad!r}')
        if right_pad and (max_width is not None or not keep_aspect_ratio):
            raise InvalidValueError('ResizeOCR: right_pad needs keep_aspect_ratio=True '
                                    'and max_width=None')
        backend = backend or 'cv2'
        if backend not in ('cv2', 'pillow'):
            raise InvalidValueError(f'backend must be "cv2" or "pillow", got '
                                    f'{backend!r}')
        self.height = height
        self.min_width = min_width
        self.max_width = max_width
        self.keep_aspect_ratio = keep_aspect_ratio
        self.img_pad_value = img_pad_value
        self.width_downsample_ratio = width_downsample_ratio
        self.backend = backend
        self.right_pad = right_pad

    def _target_width(self, ori_h: int, ori_w: int) -> int:
        new_width = math.ceil(float(self.height) / ori_h * ori_w)
        divisor = int(1 / self.width_downsample_ratio)
        if new_width % divisor != 0:
            # Nearest positive multiple of the divisor.
            new_width = max(1, round(new_width / divisor)) * divisor
        if self.min_width is not None:
            new_width = max(self.min_width, new_width)
        return new_width

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        ori_h, ori_w = img.shape[:2]
        if ori_h == 0 or ori_w == 0:
            raise InvalidValueError(f'ResizeOCR got an empty image of shape '
                                    f'{img.shape} ({results.get("filename")})')
        valid_ratio = 1.0
        if not self.keep_aspect_ratio:
            img = _resize(img, self.max_width, self.height, self.backend)
            resize_shape = pad_shape = img.shape
        else:
            new_width = self._target_width(ori_h, ori_w)
            if self.max_width is None:
                img = _resize(img, new_width, self.height, self.backend)
                resize_shape = pad_shape = img.shape
                if self.right_pad:
                    img = impad(img, (self.height, new_width + self.right_pad),
                                self.img_pad_value)
                    pad_shape = img.shape
                    valid_ratio = new_width / pad_shape[1]
            else:
                valid_ratio = min(1.0, 1.0 * new_width / self.max_width)
                img = _resize(img, min(self.max_width, new_width),
                              self.height, self.backend)
                resize_shape = pad_shape = img.shape
                if new_width < self.max_width:
                    img = impad(img, (self.height, self.max_width),
                                self.img_pad_value)
                    pad_shape = img.shape
        results['img'] = img
        results['resize_shape'] = resize_shape
        results['pad_shape'] = pad_shape
        results['valid_ratio'] = valid_ratio
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(height={self.height}, '
                f'min_width={self.min_width}, max_width={self.max_width}, '
                f'keep_aspect_ratio={self.keep_aspect_ratio}, '
                f'width_downsample_ratio={self.width_downsample_ratio}, '
                f'right_pad={self.right_pad})')


@PIPELINES.register_module()
class ToTensorOCR:
    """Convert ``img`` to a float tensor ``(C, H, W)``.

    In: ``img``, a numpy array ``(H, W[, C])`` or a PIL image. ``uint8``
    values are scaled to ``[0, 1]``; other dtypes are kept as they are.
    Out: ``img`` ``torch.float32`` ``(C, H, W)`` (``C=1`` for ``(H, W)``).
    """

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if isinstance(img, Image.Image):
            img = np.array(img)
        if not isinstance(img, np.ndarray):
            raise InvalidTypeError(f'ToTensorOCR expects a numpy array or PIL '
                                   f'image, got {type(img).__name__}')
        if img.ndim == 2:
            img = img[..., None]
        # A copy: the tensor must not share memory with the input image.
        tensor = torch.from_numpy(np.array(img.transpose(2, 0, 1)))
        if tensor.dtype == torch.uint8:
            tensor = tensor.float().div_(255)
        results['img'] = tensor.float()
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'


@PIPELINES.register_module()
class NormalizeOCR:
    """Normalize a tensor image channel-wise: ``(img - mean) / std``.

    In: ``img`` tensor ``(C, H, W)`` (after :class:`ToTensorOCR`).
    Out: normalized ``img``; ``img_norm_cfg = dict(mean, std)``.

    Args:
        mean: One value per channel (or one for all).
        std: One value per channel (or one for all), non-zero.
    """

    def __init__(self, mean: Sequence[float], std: Sequence[float]):
        mean_t = torch.as_tensor(mean, dtype=torch.float32).reshape(-1, 1, 1)
        std_t = torch.as_tensor(std, dtype=torch.float32).reshape(-1, 1, 1)
        if (std_t == 0).any():
            raise InvalidValueError(f'std must be non-zero, got {std}')
        self.mean = mean
        self.std = std
        self._mean = mean_t
        self._std = std_t

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if not isinstance(img, torch.Tensor):
            raise InvalidTypeError('NormalizeOCR works on tensors: put ToTensorOCR '
                                   'before it (or use Normalize on numpy images)')
        channels = img.shape[0]
        if self._mean.shape[0] not in (1, channels) or \
                self._std.shape[0] not in (1, channels):
            raise InvalidValueError(f'NormalizeOCR: mean {self.mean} / std '
                                    f'{self.std} do not match {channels} channels')
        results['img'] = (img.float() - self._mean) / self._std
        results['img_norm_cfg'] = dict(mean=self.mean, std=self.std)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(mean={self.mean}, std={self.std})'


@PIPELINES.register_module()
class OnlineCropOCR:
    """Crop a text instance out of a full image using a box stored in
    ``img_info`` (e.g. ``img_info['x1']``, ..., ``img_info['y4']``).

    In: ``img``, ``img_info`` holding ``box_keys``. Out: ``img`` (the
    perspective-rectified crop, see :func:`warp_img`) and ``img_shape``. The
    sample is left unchanged when a key is missing.

    Args:
        box_keys: The 8 ``img_info`` keys of the quadrilateral's corners.
        jitter_prob: Probability of *not* jittering the corners.
        max_jitter_ratio_x: Horizontal jitter ratio.
        max_jitter_ratio_y: Vertical jitter ratio.
    """

    def __init__(self,
                 box_keys: Sequence[str] = ('x1', 'y1', 'x2', 'y2', 'x3', 'y3',
                                            'x4', 'y4'),
                 jitter_prob: float = 0.5, max_jitter_ratio_x: float = 0.05,
                 max_jitter_ratio_y: float = 0.02):
        if len(box_keys) != 8:
            raise InvalidValueError(f'box_keys must name 8 coordinates, got '
                                    f'{list(box_keys)}')
        if not 0 <= jitter_prob <= 1:
            raise InvalidValueError(f'jitter_prob must be in [0, 1], got '
                                    f'{jitter_prob}')
        self.box_keys = list(box_keys)
        self.jitter_prob = jitter_prob
        self.max_jitter_ratio_x = max_jitter_ratio_x
        self.max_jitter_ratio_y = max_jitter_ratio_y

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        info = results.get('img_info', {})
        if not all(key in info for key in self.box_keys):
            return results
        box = [float(info[key]) for key in self.box_keys]
        crop = warp_img(results['img'], box,
                        jitter_flag=np.random.random() > self.jitter_prob,
                        jitter_ratio_x=self.max_jitter_ratio_x,
                        jitter_ratio_y=self.max_jitter_ratio_y)
        results['img'] = crop
        results['img_shape'] = crop.shape
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(box_keys={self.box_keys}, '
                f'jitter_prob={self.jitter_prob})')


@PIPELINES.register_module()
class FancyPCA:
    """PCA colour augmentation (AlexNet): add ``V @ (alpha * lambda)`` to
    every pixel, ``alpha ~ N(0, 0.1)`` drawn per call.

    In/out: ``img`` tensor ``(3, H, W)`` (after :class:`ToTensorOCR`).

    Args:
        eig_vec: Eigenvectors ``(3, 3)``, one per column (default: ImageNet
            RGB statistics).
        eig_val: Eigenvalues ``(1, 3)`` (default: ImageNet).
    """

    def __init__(self, eig_vec: Sequence[Sequence[float]] | None = None,
                 eig_val: Sequence[Sequence[float]] | None = None):
        if eig_vec is None:
            eig_vec = torch.tensor([[-0.5675, 0.7192, 0.4009],
                                    [-0.5808, -0.0045, -0.8140],
                                    [-0.5836, -0.6948, 0.4203]]).t()
        if eig_val is None:
            eig_val = torch.tensor([[0.2175, 0.0188, 0.0045]])
        self.eig_vec = torch.as_tensor(eig_vec, dtype=torch.float32)
        self.eig_val = torch.as_tensor(eig_val, dtype=torch.float32)
        if self.eig_vec.shape != (3, 3) or self.eig_val.shape != (1, 3):
            raise InvalidValueError(f'eig_vec must be (3, 3) and eig_val (1, 3), '
                                    f'got {tuple(self.eig_vec.shape)} and '
                                    f'{tuple(self.eig_val.shape)}')

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if not isinstance(img, torch.Tensor) or img.dim() != 3 or \
                img.shape[0] != 3:
            raise InvalidTypeError('FancyPCA expects a (3, H, W) tensor; put '
                                   'ToTensorOCR before it')
        alpha = torch.randn_like(self.eig_val) * 0.1
        offset = torch.mm(self.eig_val * alpha, self.eig_vec)
        results['img'] = img + offset.view(3, 1, 1)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'


@PIPELINES.register_module()
class RandomPaddingOCR:
    """Pad the image by a random share of its size on each side, replicating
    the border pixels, and shift the character boxes accordingly.

    In: ``img`` ``(H, W[, C])``; with ``box_type`` also
    ``ann_info[box_type]`` (lists of ``[x1, y1, ..., xn, yn]``). Out: padded
    ``img``, ``img_shape``, shifted boxes.

    Args:
        max_ratio: Maximum padding ratio ``[left, top, right, bottom]``,
            relative to the width (left/right) or height (top/bottom).
        box_type: ``'char_rects'``/``'char_quads'`` boxes to shift, or None.
    """

    def __init__(self, max_ratio: Sequence[float] | None = None,
                 box_type: str | None = None):
        if max_ratio is None:
            max_ratio = [0.1, 0.2, 0.1, 0.2]
        if len(max_ratio) != 4 or any(r < 0 for r in max_ratio):
            raise InvalidValueError(f'max_ratio must be 4 non-negative ratios '
                                    f'[left, top, right, bottom], got {max_ratio}')
        self.max_ratio = list(max_ratio)
        self.box_type = box_type

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        h, w = img.shape[:2]
        ratios = np.random.uniform(0, 1, 4) * np.array(self.max_ratio)
        left, top, right, bottom = (round(r * s) for r, s in zip(
            ratios, (w, h, w, h)))
        img = cv2.copyMakeBorder(img, top, bottom, left, right,
                                 cv2.BORDER_REPLICATE)
        results['img'] = img
        results['img_shape'] = img.shape
        if self.box_type is not None:
            boxes = results['ann_info'][self.box_type]
            for char_box in boxes:
                for j in range(0, len(char_box), 2):
                    char_box[j] += left
                    char_box[j + 1] += top
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(max_ratio={self.max_ratio}, '
                f'box_type={self.box_type!r})')


@PIPELINES.register_module()
class RandomRotateImageBox:
    """Rotate the image by a random angle about its centre (canvas size kept)
    and the character boxes with it; boxes with less than 70% of their area
    inside the image are dropped with their characters.

    The angle is drawn from ``[min_angle, max_angle]`` narrowed to the
    angle of the image diagonal. Positive angles rotate counter-clockwise.

    In: ``img`` (PIL image or numpy array), ``ann_info['chars']`` and
    ``ann_info[box_type]``. Out: rotated ``img`` (same type), filtered
    ``chars`` and rotated boxes.

    Args:
        min_angle: Minimum angle in degrees.
        max_angle: Maximum angle in degrees.
        box_type: ``'char_quads'`` or ``'char_rects'``.
    """

    def __init__(self, min_angle: float = -10, max_angle: float = 10,
                 box_type: str = 'char_quads'):
        if min_angle > max_angle:
            raise InvalidValueError(f'min_angle {min_angle} > max_angle {max_angle}')
        self.min_angle = min_angle
        self.max_angle = max_angle
        self.box_type = box_type

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if isinstance(img, Image.Image):
            width, height = img.size
        else:
            height, width = img.shape[:2]
        center = (width / 2., height / 2.)
        diag_angle = math.degrees(math.atan2(center[1], center[0]))
        angle = np.random.uniform(max(self.min_angle, -diag_angle),
                                  min(self.max_angle, diag_angle))
        if isinstance(img, Image.Image):
            out_img = img.rotate(angle, resample=Image.NEAREST, expand=False,
                                 center=center)
        else:
            matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
            out_img = cv2.warpAffine(img, matrix, (width, height),
                                     flags=cv2.INTER_NEAREST)
        boxes, chars = self.rotate_bbox(results['ann_info'][self.box_type],
                                        results['ann_info']['chars'],
                                        math.radians(angle), center,
                                        (width, height))
        results['img'] = out_img
        results['ann_info']['chars'] = chars
        results['ann_info'][self.box_type] = boxes
        return results

    @staticmethod
    def rotate_points(points: np.ndarray, angle: float,
                      center: Sequence[float]) -> np.ndarray:
        """Rotate points ``(N, 2)`` counter-clockwise (as displayed, y down)
        by ``angle`` radians about ``center``."""
        cos, sin = math.cos(angle), math.sin(angle)
        rel = np.asarray(points, dtype=np.float64) - center
        out = np.empty_like(rel)
        out[:, 0] = rel[:, 0] * cos + rel[:, 1] * sin
        out[:, 1] = -rel[:, 0] * sin + rel[:, 1] * cos
        return out + center

    @classmethod
    def rotate_bbox(cls, boxes: Sequence[Sequence[float]],
                    chars: Sequence[str], angle: float,
                    center: Sequence[float], img_size: tuple[int, int]
                    ) -> tuple[list[list[float]], list[str]]:
        """Rotate each box and keep those with >= 70% of their area inside
        the ``img_size=(w, h)`` canvas."""
        canvas = shapely_box(0, 0, *img_size)
        out_boxes, out_chars = [], []
        for bbox, char in zip(boxes, chars):
            points = cls.rotate_points(np.reshape(bbox, (-1, 2)), angle,
                                       center)
            poly = Polygon(points).buffer(0)
            if poly.is_empty or poly.area <= 0 or not poly.is_valid:
                continue
            if canvas.intersection(poly).area / poly.area >= 0.7:
                out_boxes.append(points.reshape(-1).tolist())
                out_chars.append(char)
        return out_boxes, out_chars

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(min_angle={self.min_angle}, '
                f'max_angle={self.max_angle}, box_type={self.box_type!r})')


@PIPELINES.register_module()
class OpencvToPil:
    """Convert ``img`` from a BGR (or grayscale) numpy array to an RGB (or
    ``L``) PIL image."""

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = results['img']
        if img.ndim == 3 and img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        elif img.ndim == 3 and img.shape[2] == 1:
            img = img[..., 0]
        results['img'] = Image.fromarray(img)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'


@PIPELINES.register_module()
class PilToOpencv:
    """Convert ``img`` from an RGB (or ``L``) PIL image to a BGR (or
    grayscale) ``uint8`` numpy array."""

    def __call__(self, results: dict[str, Any]) -> dict[str, Any]:
        img = np.asarray(results['img'])
        if img.ndim == 3 and img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
        else:
            img = np.array(img)
        results['img'] = img
        results['img_shape'] = img.shape
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'
