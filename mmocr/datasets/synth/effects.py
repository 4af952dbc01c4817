"""Image degradations: blur, noise, JPEG artefacts, low resolution, contrast,
uneven lighting and print defects.

Every effect takes and returns a ``uint8`` RGB ``HxWx3`` array (the shape is
kept) and draws its randomness from the given ``numpy.random.Generator``.
:class:`Degrader` applies a random subset of them with per-profile odds.
"""
from __future__ import annotations

from typing import Callable

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .backgrounds import _noise_field

__all__ = ['gaussian_blur', 'motion_blur', 'jpeg', 'gaussian_noise',
           'speckle', 'low_resolution', 'contrast', 'gamma', 'lighting',
           'fade', 'Degrader', 'PROFILES']

Effect = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def gaussian_blur(img: np.ndarray, rng: np.random.Generator,
                  max_sigma: float = 1.2) -> np.ndarray:
    """Defocus: a Gaussian blur of sigma up to ``max_sigma`` pixels."""
    sigma = rng.uniform(0.3, max_sigma)
    return cv2.GaussianBlur(img, (0, 0), sigma)


def motion_blur(img: np.ndarray, rng: np.random.Generator,
                max_length: int = 5) -> np.ndarray:
    """Camera shake: a line kernel of 2..``max_length`` pixels at a random
    angle."""
    length = int(rng.integers(2, max(3, max_length + 1)))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2),
                                  rng.uniform(0, 180), 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    kernel /= max(float(kernel.sum()), 1e-6)
    return cv2.filter2D(img, -1, kernel)


def jpeg(img: np.ndarray, rng: np.random.Generator, low: int = 25,
         high: int = 90) -> np.ndarray:
    """JPEG artefacts: encode at a quality in [low, high] and decode."""
    quality = int(rng.integers(low, high + 1))
    ok, buf = cv2.imencode('.jpg', img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError('JPEG encoding failed')
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def gaussian_noise(img: np.ndarray, rng: np.random.Generator,
                   max_std: float = 12.0) -> np.ndarray:
    """Sensor noise: additive Gaussian noise (grey or per channel)."""
    std = rng.uniform(2.0, max_std)
    shape = img.shape if rng.random() < 0.5 else img.shape[:2] + (1,)
    noise = rng.normal(0.0, std, size=shape).astype(np.float32)
    return (img.astype(np.float32) + noise).clip(0, 255).astype(np.uint8)


def speckle(img: np.ndarray, rng: np.random.Generator,
            max_density: float = 0.004) -> np.ndarray:
    """Dust and toner specks: random dark and light pixels."""
    out = img.copy()
    h, w = img.shape[:2]
    n = int(rng.uniform(0, max_density) * h * w)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    out[ys, xs] = rng.choice(np.array([0, 255], np.uint8), size=(n, 1))
    return out


def low_resolution(img: np.ndarray, rng: np.random.Generator,
                   min_scale: float = 0.4) -> np.ndarray:
    """Resolution loss: shrink by a factor in [min_scale, 0.9] and enlarge
    back to the original size."""
    h, w = img.shape[:2]
    scale = rng.uniform(min_scale, 0.9)
    small = cv2.resize(img, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    inter = cv2.INTER_LINEAR if rng.random() < 0.7 else cv2.INTER_NEAREST
    return cv2.resize(small, (w, h), interpolation=inter)


def contrast(img: np.ndarray, rng: np.random.Generator,
             low: float = 0.45, high: float = 1.3) -> np.ndarray:
    """Contrast and brightness: scale around the mean by [low, high] and
    shift by up to 30 grey levels."""
    f = img.astype(np.float32)
    mean = float(f.mean())
    out = (f - mean) * rng.uniform(low, high) + mean + rng.uniform(-30, 30)
    return out.clip(0, 255).astype(np.uint8)


def gamma(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A gamma curve in [0.6, 1.6]."""
    g = rng.uniform(0.6, 1.6)
    lut = ((np.arange(256) / 255.0) ** g * 255).astype(np.uint8)
    return cv2.LUT(img, lut)


def lighting(img: np.ndarray, rng: np.random.Generator,
             max_drop: float = 0.45) -> np.ndarray:
    """Uneven lighting or a shadow: multiply by a smooth field dipping by
    up to ``max_drop``."""
    h, w = img.shape[:2]
    field = _noise_field(rng, h, w, octaves=1)
    gain = 1.0 - rng.uniform(0.1, max_drop) * field
    return (img.astype(np.float32) * gain[..., None]).clip(0, 255
                                                           ).astype(np.uint8)


def fade(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Faded thermal print: dark pixels lightened unevenly (smooth patches
    and horizontal streaks), light pixels kept."""
    h, w = img.shape[:2]
    f = img.astype(np.float32)
    patches = _noise_field(rng, h, w, octaves=2)
    streaks = np.repeat(rng.random((h, 1)).astype(np.float32), w, axis=1)
    streaks = cv2.GaussianBlur(streaks, (0, 0), sigmaX=1, sigmaY=3)
    strength = rng.uniform(0.15, 0.6) * (0.6 * patches + 0.4 * streaks)
    return (f + (255.0 - f) * strength[..., None]).clip(0, 255
                                                         ).astype(np.uint8)


# Per profile: (effect, probability). Applied in this order.
PROFILES: dict[str, list[tuple[Effect, float]]] = {
    'scene': [(gamma, 0.2), (lighting, 0.2), (contrast, 0.4),
              (motion_blur, 0.12), (gaussian_blur, 0.35),
              (low_resolution, 0.35), (gaussian_noise, 0.3), (jpeg, 0.5)],
    'document': [(fade, 0.35), (lighting, 0.35), (contrast, 0.45),
                 (gaussian_blur, 0.35), (low_resolution, 0.3),
                 (gaussian_noise, 0.3), (speckle, 0.25), (jpeg, 0.6)],
    'clean': [],
}


class Degrader:
    """Apply each effect of a profile with its probability.

    Args:
        profile: ``'scene'``, ``'document'`` or ``'clean'``.
        strength: Multiplies every probability (clipped to 1).
    """

    def __init__(self, profile: str = 'scene', strength: float = 1.0):
        if profile not in PROFILES:
            raise InvalidValueError(f'unknown degradation profile {profile!r}; '
                                    f'choose one of {sorted(PROFILES)}')
        self.effects = [(fn, min(1.0, p * strength))
                        for fn, p in PROFILES[profile]]

    def __call__(self, img: np.ndarray, rng: np.random.Generator
                 ) -> np.ndarray:
        for fn, p in self.effects:
            if rng.random() < p:
                img = fn(img, rng)
        return img
