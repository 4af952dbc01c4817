"""Draw text as an ink mask with exact word and line quadrilaterals, warp it
and blend it onto a background.

Coordinates are ``(x, y)`` pixels; a quadrilateral is a ``(4, 2)`` float32
array ordered top-left, top-right, bottom-right, bottom-left in the text's
own reading frame, so it stays meaningful after rotation and perspective.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mmocr.utils.errors import InvalidValueError

__all__ = ['TextLayout', 'render_line', 'random_homography', 'warp_layout',
           'curve_mask', 'contrast_colour', 'composite', 'quad_bounds']


@dataclass
class TextLayout:
    """Rendered text.

    Attributes:
        mask: ``HxW`` float32 ink coverage in [0, 1].
        words: The words, in reading order.
        word_quads: ``(N, 4, 2)`` float32, one quadrilateral per word.
        line_quad: ``(4, 2)`` float32 around the whole line.
        baseline: y of the baseline in ``mask`` (NaN once warped).
    """

    mask: np.ndarray
    words: list[str]
    word_quads: np.ndarray
    line_quad: np.ndarray
    baseline: float = float('nan')

    @property
    def text(self) -> str:
        return ' '.join(self.words)


def _draw_word(word: str, font: ImageFont.FreeTypeFont, tracking: float,
               stroke: int) -> tuple[np.ndarray, int, int]:
    """``word`` on its own canvas: ``(uint8 HxW ink, origin x, baseline y)``.
    The canvas has a margin of half the font size so that italic overhangs
    and strokes are never clipped."""
    ascent, descent = font.getmetrics()
    margin = font.size // 2 + stroke + 2
    width = font.getlength(word) + tracking * max(len(word) - 1, 0)
    canvas = Image.new('L', (int(math.ceil(width)) + 2 * margin,
                             ascent + descent + 2 * margin), 0)
    draw = ImageDraw.Draw(canvas)
    baseline = margin + ascent
    if tracking == 0:
        draw.text((margin, baseline), word, fill=255, font=font, anchor='ls',
                  stroke_width=stroke, stroke_fill=255)
    else:
        for i, char in enumerate(word):
            x = margin + font.getlength(word[:i]) + tracking * i
            draw.text((x, baseline), char, fill=255, font=font, anchor='ls',
                      stroke_width=stroke, stroke_fill=255)
    return np.asarray(canvas), margin, baseline


def _box_quad(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def render_line(text: str, font: ImageFont.FreeTypeFont,
                tracking: float = 0.0, word_gap: float = 1.0,
                stroke: int = 0, pad: int = 0) -> TextLayout:
    """Draw one line of text.

    Args:
        text: Words separated by single spaces (must hold visible text).
        font: The PIL font (its size is the em size in pixels).
        tracking: Extra pixels between the characters of a word.
        word_gap: Word spacing as a multiple of the font's space width.
        stroke: Stroke width in pixels (thickens the glyphs).
        pad: Empty pixels around the canvas.

    Returns:
        The layout; each word quad spans the word's ink horizontally and, in
        height, from the cap height (or the ink top when higher) to the
        baseline (or the ink bottom when lower), with a small margin.
    """
    words = text.split()
    if not words:
        raise InvalidValueError(f'nothing to draw in {text!r}')
    ascent, descent = font.getmetrics()
    cap_top = font.getbbox('H', anchor='ls')[1]  # negative: above baseline
    cap_height = -cap_top
    vmargin = max(1.0, 0.12 * cap_height)
    hmargin = max(1.0, 0.08 * cap_height)
    gap = font.getlength(' ') * word_gap + tracking
    drawn = [_draw_word(w, font, tracking, stroke) for w in words]
    advances = [font.getlength(w) + tracking * max(len(w) - 1, 0)
                for w in words]
    margin = drawn[0][1]
    width = int(math.ceil(sum(advances) + gap * (len(words) - 1))) + \
        2 * margin + 2 * pad
    height = ascent + descent + 2 * margin + 2 * pad
    mask = np.zeros((height, width), np.uint8)
    baseline = pad + margin + ascent
    quads = []
    pen = float(pad + margin)
    for (ink, origin, word_baseline), advance in zip(drawn, advances):
        x0 = int(round(pen)) - origin
        y0 = baseline - word_baseline
        h, w = ink.shape
        region = mask[y0:y0 + h, x0:x0 + w]
        np.maximum(region, ink[:region.shape[0], :region.shape[1]], out=region)
        ys, xs = np.nonzero(ink)
        if len(xs):
            ix0, ix1 = x0 + xs.min(), x0 + xs.max() + 1
            iy0, iy1 = y0 + ys.min(), y0 + ys.max() + 1
        else:
            ix0, ix1, iy0, iy1 = pen, pen + advance, baseline, baseline
        top = min(iy0, baseline + cap_top) - vmargin
        bottom = max(iy1, baseline) + vmargin
        quads.append(_box_quad(ix0 - hmargin, top, ix1 + hmargin, bottom))
        pen += advance + gap
    word_quads = np.stack(quads)
    line_quad = _box_quad(word_quads[:, :, 0].min(), word_quads[:, :, 1].min(),
                          word_quads[:, :, 0].max(), word_quads[:, :, 1].max())
    return TextLayout(mask.astype(np.float32) / 255.0, words, word_quads,
                      line_quad, float(baseline))


def quad_bounds(quads: np.ndarray) -> tuple[float, float, float, float]:
    """``(x0, y0, x1, y1)`` of any array of points ``(..., 2)``."""
    pts = quads.reshape(-1, 2)
    return (float(pts[:, 0].min()), float(pts[:, 1].min()),
            float(pts[:, 0].max()), float(pts[:, 1].max()))


def random_homography(rng: np.random.Generator, w: int, h: int,
                      max_angle: float = 0.0, max_shear: float = 0.0,
                      max_perspective: float = 0.0
                      ) -> tuple[np.ndarray, int, int]:
    """A random rotation/shear/perspective warp of a ``w x h`` canvas.

    Args:
        max_angle: Largest rotation in degrees (uniform in +-).
        max_shear: Largest horizontal shear (x += shear * (y - centre)).
        max_perspective: Largest corner jitter as a fraction of the
            canvas height.

    Returns:
        ``(M, out_w, out_h)``: a 3x3 float64 matrix mapping the canvas into
        an ``out_w x out_h`` canvas that holds all of it.
    """
    src = _box_quad(0, 0, w, h)
    centre = np.array([w / 2, h / 2], np.float32)
    angle = math.radians(rng.uniform(-max_angle, max_angle))
    shear = rng.uniform(-max_shear, max_shear)
    cos, sin = math.cos(angle), math.sin(angle)
    linear = np.array([[cos, -sin], [sin, cos]], np.float32) @ \
        np.array([[1, shear], [0, 1]], np.float32)
    dst = (src - centre) @ linear.T + centre
    dst += rng.uniform(-1, 1, size=(4, 2)).astype(np.float32) * \
        max_perspective * min(w, h)
    dst -= dst.min(axis=0)
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    out_w = int(math.ceil(dst[:, 0].max())) + 1
    out_h = int(math.ceil(dst[:, 1].max())) + 1
    return matrix, out_w, out_h


def _transform_points(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    shape = points.shape
    out = cv2.perspectiveTransform(points.reshape(1, -1, 2).astype(np.float64),
                                   matrix)
    return out.reshape(shape).astype(np.float32)


def warp_layout(layout: TextLayout, matrix: np.ndarray, out_w: int,
                out_h: int) -> TextLayout:
    """Warp the mask and every quadrilateral with the same homography."""
    mask = cv2.warpPerspective(layout.mask, matrix, (out_w, out_h),
                               flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return TextLayout(mask, layout.words,
                      _transform_points(layout.word_quads, matrix),
                      _transform_points(layout.line_quad, matrix))


def curve_mask(mask: np.ndarray, amplitude: float, period: float,
               phase: float, arc: bool = False) -> np.ndarray:
    """Bend a text mask: shift each column vertically by a sine wave
    (``arc=False``) or a parabola (``arc=True``, one bow across the width).

    Args:
        mask: ``HxW`` float32.
        amplitude: Largest vertical shift in pixels.
        period: Sine period in pixels (ignored for arcs).
        phase: Sine phase in radians (ignored for arcs).

    Returns:
        ``(H + 2*ceil(amplitude)) x W`` float32.
    """
    h, w = mask.shape
    margin = int(math.ceil(abs(amplitude)))
    padded = cv2.copyMakeBorder(mask, margin, margin, 0, 0,
                                cv2.BORDER_CONSTANT, value=0)
    xs = np.arange(w, dtype=np.float32)
    if arc:
        t = 2 * xs / max(w - 1, 1) - 1
        shift = amplitude * (1 - t * t) - amplitude / 2
    else:
        shift = amplitude * np.sin(2 * np.pi * xs / period + phase)
    map_x = np.broadcast_to(xs, padded.shape).astype(np.float32)
    map_y = (np.arange(padded.shape[0], dtype=np.float32)[:, None]
             - shift[None, :]).astype(np.float32)
    return cv2.remap(padded, map_x, map_y, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def _luminance(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def contrast_colour(rng: np.random.Generator, background: np.ndarray,
                    min_delta: float = 70.0) -> np.ndarray:
    """A random RGB colour whose luminance differs from the mean luminance
    of ``background`` (an ``...x3`` array) by at least ``min_delta``
    (less when the background is mid-grey and no colour is that far)."""
    lum_bg = float(_luminance(background.reshape(-1, 3).astype(np.float32)
                              ).mean())
    can_dark, can_light = lum_bg >= min_delta, lum_bg + min_delta <= 255
    if can_dark and can_light:
        dark = rng.random() < (0.75 if lum_bg >= 128 else 0.25)
    elif can_dark or can_light:
        dark = can_dark
    else:
        dark = lum_bg > 127
    target = (rng.uniform(0, max(lum_bg - min_delta, 0.0)) if dark else
              rng.uniform(min(lum_bg + min_delta, 255.0), 255.0))
    colour = rng.uniform(0, 255, size=3)
    colour = colour * rng.uniform(0, 1)  # saturation/brightness variety
    colour += target - _luminance(colour)
    return colour.clip(0, 255).astype(np.float32)


def composite(background: np.ndarray, mask: np.ndarray, colour: np.ndarray,
              opacity: float = 1.0,
              outline: tuple[np.ndarray, int] | None = None,
              shadow: tuple[np.ndarray, int, int, float, float] | None = None
              ) -> np.ndarray:
    """Blend text onto an image.

    Args:
        background: ``HxWx3`` uint8 RGB.
        mask: ``HxW`` float32 ink coverage in [0, 1].
        colour: RGB text colour.
        opacity: Ink opacity in (0, 1].
        outline: ``(rgb, width)``: a border of ``width`` pixels around
            the glyphs.
        shadow: ``(rgb, dx, dy, blur_sigma, strength)``: a blurred copy
            of the glyphs shifted by ``(dx, dy)``.

    Returns:
        ``HxWx3`` uint8 RGB.
    """
    img = background.astype(np.float32)
    alpha = mask
    if outline is not None:
        rgb, width = outline
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                           (2 * width + 1, 2 * width + 1))
        alpha = cv2.dilate(mask, kernel)
    if shadow is not None:
        rgb_s, dx, dy, sigma, strength = shadow
        moved = cv2.warpAffine(alpha, np.float32([[1, 0, dx], [0, 1, dy]]),
                               (mask.shape[1], mask.shape[0]))
        if sigma > 0:
            moved = cv2.GaussianBlur(moved, (0, 0), sigma)
        a = (moved * strength)[..., None]
        img = img * (1 - a) + rgb_s * a
    if outline is not None:
        a = (alpha * opacity)[..., None]
        img = img * (1 - a) + outline[0] * a
    a = (mask * opacity)[..., None]
    img = img * (1 - a) + colour * a
    return img.clip(0, 255).astype(np.uint8)
