"""Synthetic text detection images: receipt-like pages, scenes and curved
scenes, with an exact quadrilateral (curved text: polygon) for every word
and every text line.

A receipt page is narrow paper with centred headers, label/value columns, an
item table and totals (rows made of *segments*: runs of words separated by
column gaps; a segment is a "line" instance as in SROIE), printed with a
monospace or plain sans font, then slightly rotated/warped, placed on a scan
background and degraded (fading, blur, JPEG). A scene is a photo crop or a
synthetic texture with text instances placed without overlap, each with its
own font, colour, rotation and perspective. A curved scene bends each line
along an arc, a sine wave, a partial circle or a bent line (see
:mod:`~mmocr.datasets.synth.curves`), annotated with CTW1500-style 14-point
or Total-Text-style variable-length polygons.

Sample ``i`` of a generator seeded with ``s`` uses only
``numpy.random.default_rng([s, i])``.
"""
from __future__ import annotations

import json
import math
import os
import os.path as osp
from dataclasses import dataclass, field

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError, SynthError

from .backgrounds import BackgroundSource, paper
from .corpus import Charset, ReceiptContent, Row, build_source
from .curves import CURVE_KINDS, POLY_STYLES, bend_layout
from .effects import Degrader
from .fonts import FontPool
from .recog import encode_image
from .render import (
    TextLayout,
    composite,
    contrast_colour,
    quad_bounds,
    random_homography,
    render_line,
    warp_layout,
)

__all__ = ['DetConfig', 'TextInstance', 'DetGenerator', 'DetWriter',
           'instances_to_annotations', 'CLEAN_RECEIPT']

# DetConfig options of a clean receipt, as in demo/demo_text_ocr.jpg: no
# scanner look, no rules or barcodes, no degradation (used by
# tools/data/synth/make_demo_images.py and
# tools/analysis/eval_synth_receipts.py).
CLEAN_RECEIPT = dict(kind='receipt', scan_prob=0.0, distractors=False,
                     degrade=False, jpeg_quality=85)


@dataclass
class DetConfig:
    """Options of :class:`DetGenerator`.

    Attributes:
        seed: Base seed.
        kind: ``'receipt'``, ``'scene'``, ``'mixed'`` (half each) or
            ``'curved'`` (scenes of curved lines).
        level: ``'line'`` or ``'word'`` instances in the annotations.
        max_size: Longest image side in pixels.
        charset: Characters texts may hold (see :class:`Charset`).
        corpus: Text source of scene instances (see ``build_source``).
        font_dirs / font_files / use_fontconfig: Where fonts come from.
        bg_dirs: Folders of real images used as scene backgrounds.
        distractors: Draw non-text marks (rules, barcodes, scribbles,
            stamps) on receipts.
        degrade: Apply blur/noise/JPEG/fading effects.
        scan_prob: Chance that a receipt lies on a larger background (a
            scanner bed or table) instead of filling the image.
        img_format: ``'jpg'`` or ``'png'``.
        jpeg_quality: Quality of the stored JPEG.
        min_text_height: Instances lower than this (pixels, after resizing)
            are marked ``iscrowd`` (ignored in training and evaluation).
        receipt_font_size: ``[min, max)`` font size in pixels of a receipt's
            body text, before resizing to ``max_size``.
        curve_kinds: Curves of curved scenes, drawn uniformly (see
            :data:`~mmocr.datasets.synth.curves.CURVE_KINDS`).
        poly_style: Boundaries of curved scenes: ``'ctw1500'`` (7 points a
            side, 14 in all) or ``'totaltext'`` (2-12 points a side, as few
            as the curvature needs).
        poly_points: Points per side of curved boundaries; overrides
            ``poly_style`` when > 0.
    """

    seed: int = 0
    kind: str = 'mixed'
    level: str = 'line'
    max_size: int = 1024
    charset: str = 'ASCII'
    corpus: str = 'mixed'
    font_dirs: tuple = ()
    font_files: tuple = ()
    use_fontconfig: bool = True
    bg_dirs: tuple = ()
    distractors: bool = True
    degrade: bool = True
    scan_prob: float = 0.5
    img_format: str = 'jpg'
    jpeg_quality: int = 90
    min_text_height: float = 5.0
    receipt_font_size: tuple = (15, 30)
    curve_kinds: tuple = CURVE_KINDS
    poly_style: str = 'ctw1500'
    poly_points: int = 0


@dataclass
class TextInstance:
    """One text line (or receipt segment) and its words.

    Attributes:
        text: The line's text.
        quad: ``(2k, 2)`` float32 line boundary: k >= 2 upper points from
            the text's start to its end, then k lower points back (k = 2:
            the quadrilateral; curved scenes: a polygon).
        words: The words' texts.
        word_quads: ``(N, 2k, 2)`` float32 word boundaries, same layout.
    """

    text: str
    quad: np.ndarray
    words: list[str] = field(default_factory=list)
    word_quads: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 4, 2), np.float32))

    def transformed(self, matrix: np.ndarray) -> TextInstance:
        """The instance under a 3x3 homography."""
        def tf(points: np.ndarray) -> np.ndarray:
            if points.size == 0:
                return points
            out = cv2.perspectiveTransform(
                points.reshape(1, -1, 2).astype(np.float64), matrix)
            return out.reshape(points.shape).astype(np.float32)
        return TextInstance(self.text, tf(self.quad), self.words,
                            tf(self.word_quads))


def _paste_max(canvas: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    """``canvas[y:, x:] = max(canvas, patch)`` where they overlap."""
    h, w = patch.shape[:2]
    ch, cw = canvas.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, cw), min(y + h, ch)
    if x1 <= x0 or y1 <= y0:
        return
    region = canvas[y0:y1, x0:x1]
    np.maximum(region, patch[y0 - y:y1 - y, x0 - x:x1 - x], out=region)


def _crop_layout(layout: TextLayout, margin: int) -> TextLayout:
    """The layout cut to its line quad's bounds plus ``margin`` pixels."""
    x0, y0, x1, y1 = quad_bounds(np.concatenate(
        [layout.line_quad[None], layout.word_quads]))
    h, w = layout.mask.shape
    ys, xs = np.nonzero(layout.mask > 0.02)
    if len(xs):
        x0, y0 = min(x0, xs.min()), min(y0, ys.min())
        x1, y1 = max(x1, xs.max() + 1), max(y1, ys.max() + 1)
    cx0 = max(0, int(math.floor(x0)) - margin)
    cy0 = max(0, int(math.floor(y0)) - margin)
    cx1 = min(w, int(math.ceil(x1)) + margin)
    cy1 = min(h, int(math.ceil(y1)) + margin)
    shift = np.array([cx0, cy0], np.float32)
    return TextLayout(layout.mask[cy0:cy1, cx0:cx1], layout.words,
                      layout.word_quads - shift, layout.line_quad - shift,
                      layout.baseline - cy0)


class DetGenerator:
    """``gen(index) -> (encoded image, height, width, annotations)``.

    :meth:`sample` gives the RGB image and line-level
    :class:`TextInstance` s before encoding.
    """

    def __init__(self, cfg: DetConfig):
        if cfg.kind not in ('receipt', 'scene', 'mixed', 'curved'):
            raise InvalidValueError('kind must be receipt, scene, mixed or '
                                    f'curved, got {cfg.kind!r}')
        if cfg.poly_style not in POLY_STYLES:
            raise InvalidValueError(f'poly_style must be one of '
                                    f'{tuple(POLY_STYLES)}, got '
                                    f'{cfg.poly_style!r}')
        if cfg.poly_points == 1 or cfg.poly_points < 0:
            raise InvalidValueError('poly_points must be 0 (the style\'s) or '
                                    f'>= 2, got {cfg.poly_points}')
        bad = set(cfg.curve_kinds) - set(CURVE_KINDS)
        if bad or not cfg.curve_kinds:
            raise InvalidValueError(f'curve_kinds must be among {CURVE_KINDS}, '
                                    f'got {tuple(cfg.curve_kinds)!r}')
        if cfg.level not in ('line', 'word'):
            raise InvalidValueError(f'level must be line or word, got {cfg.level!r}')
        if cfg.max_size < 64:
            raise InvalidValueError(f'max_size must be >= 64, got {cfg.max_size}')
        lo, hi = cfg.receipt_font_size
        if not 6 <= lo < hi:
            raise InvalidValueError(
                'receipt_font_size must be [min, max) with '
                f'6 <= min < max, got {tuple(cfg.receipt_font_size)}')
        self.cfg = cfg
        self.points_per_side = cfg.poly_points or POLY_STYLES[cfg.poly_style]
        self.charset = Charset.from_spec(cfg.charset)
        self.source = build_source(cfg.corpus, self.charset)
        self.fonts = FontPool(self.charset.chars, cfg.font_dirs,
                              cfg.use_fontconfig, cfg.font_files)
        self.backgrounds = BackgroundSource(cfg.bg_dirs)
        self.content = ReceiptContent()
        self.degraders = {k: Degrader(k if cfg.degrade else 'clean')
                          for k in ('scene', 'document')}

    # -- receipts ---------------------------------------------------------
    def _receipt_rows(self, rng: np.random.Generator) -> list[Row]:
        rows = self.content.sample(rng)
        for row in rows:
            for seg in row.segments:
                seg.text = self.charset.normalize(seg.text)
            row.segments = [s for s in row.segments if s.text]
        return rows

    def _receipt_page(self, rng: np.random.Generator
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                 list[TextInstance]]:
        """``(text mask, marks mask, page RGB, instances)`` of a page."""
        rows = self._receipt_rows(rng)
        all_text = ''.join(s.text for r in rows for s in r.segments)
        kind = 'mono' if rng.random() < 0.55 else 'document'
        info = self.fonts.choose(rng, all_text, kind)
        if info is None:
            raise SynthError('no font draws the receipt text')
        size = int(rng.integers(*self.cfg.receipt_font_size))
        font = FontPool.load(info, size)
        char_w = font.getlength('0')
        cols = int(rng.integers(34, 50))
        margin = int(rng.uniform(1.0, 4.0) * char_w)
        inner_w = int(cols * char_w)
        page_w = inner_w + 2 * margin
        line_h = size * float(rng.uniform(1.1, 1.6))
        est_h = int(sum(line_h * max(r.scale, 1.0) * 1.8 + 4 for r in rows)
                    + 2 * margin + 4 * line_h)
        text_mask = np.zeros((est_h, page_w), np.float32)
        marks = np.zeros_like(text_mask)
        instances: list[TextInstance] = []
        y = float(margin + rng.uniform(0, 3) * line_h)
        for row in rows:
            if not row.segments:
                if row.rule == 'blank' and self.cfg.distractors and \
                        rng.random() < 0.4:
                    self._barcode(rng, marks, y, line_h, margin, inner_w)
                    y += 2.5 * line_h
                elif self.cfg.distractors:
                    self._draw_rule(rng, marks, row.rule, y, line_h, margin,
                                    inner_w)
                y += line_h * (0.8 if row.rule else 0.6)
                continue
            row_font = FontPool.load(info, max(8, round(size * row.scale)))
            stroke = 1 if row.bold and not info.bold and size >= 16 else 0
            placed: list[tuple[float, float]] = []
            for seg in row.segments:
                inst = self._place_segment(row_font, seg, stroke, margin,
                                           inner_w, char_w, y, placed)
                if inst is None:
                    continue
                layout, x, top = inst
                _paste_max(text_mask, layout.mask, x, top)
                shift = np.array([x, top], np.float32)
                instances.append(TextInstance(
                    ' '.join(layout.words), layout.line_quad + shift,
                    layout.words, layout.word_quads + shift))
            y += line_h * row.scale
        page_h = int(y + margin + rng.uniform(0, 3) * line_h)
        page_h = min(page_h, est_h)
        text_mask, marks = text_mask[:page_h], marks[:page_h]
        if self.cfg.distractors:
            self._scribbles(rng, marks)
        page = paper(rng, page_h, page_w, tone=float(rng.uniform(215, 252)))
        ink = float(rng.uniform(0, 60))
        colour = np.array([ink, ink, ink + rng.uniform(0, 30) *
                           (rng.random() < 0.3)], np.float32)
        page = composite(page, marks, np.array([20, 40, 120], np.float32)
                         if rng.random() < 0.3 else colour,
                         opacity=float(rng.uniform(0.6, 1.0)))
        page = composite(page, text_mask, colour,
                         opacity=float(rng.uniform(0.65, 1.0)))
        return text_mask, marks, page, instances

    def _place_segment(self, font, seg, stroke: int, margin: int,
                       inner_w: int, char_w: float, y: float,
                       placed: list[tuple[float, float]]):
        """Render ``seg`` at row ``y``; ``(layout, x, top)`` or None when it
        does not fit next to the segments already ``placed``."""
        words = seg.text.split()
        while words:
            layout = _crop_layout(render_line(' '.join(words), font,
                                              stroke=stroke), 2)
            qx0, _, qx1, _ = quad_bounds(layout.line_quad)
            width = qx1 - qx0
            if seg.align == 'center':
                left = margin + (inner_w - width) / 2
            elif seg.align == 'right':
                left = margin + seg.pos * inner_w - width
            else:
                left = margin + seg.pos * inner_w
            right = left + width
            inside = left >= margin - 1 and right <= margin + inner_w + 1
            free = all(right + char_w <= a or left >= b + char_w
                       for a, b in placed)
            if inside and free:
                placed.append((left, right))
                # Baselines of a row's segments all sit at y + ascent.
                top = int(round(y + font.getmetrics()[0] - layout.baseline))
                return layout, int(round(left - qx0)), top
            if seg.align != 'left' or len(words) == 1:
                return None
            words = words[:-1]
        return None

    @staticmethod
    def _draw_rule(rng: np.random.Generator, marks: np.ndarray, rule: str,
                   y: float, line_h: float, margin: int, inner_w: int
                   ) -> None:
        """Draw a separator (``rule``: ``'-'`` dashes, ``'='`` double
        dashes, ``'line'`` a solid rule, ``''`` nothing) in the row at y."""
        mid = int(round(y + line_h * 0.4))
        x0, x1 = margin, margin + inner_w
        thickness = max(1, int(round(line_h * 0.06)))
        if rule in ('-', '='):
            dash = max(3, int(line_h * rng.uniform(0.25, 0.45)))
            offsets = (0,) if rule == '-' else (-thickness * 2,
                                                    thickness * 2)
            for off in offsets:
                for xs in range(x0, x1 - dash, int(dash * 1.6)):
                    cv2.line(marks, (xs, mid + off), (xs + dash, mid + off),
                             1.0, thickness)
        elif rule == 'line':
            cv2.line(marks, (x0, mid), (x1, mid), 1.0, thickness)

    @staticmethod
    def _barcode(rng: np.random.Generator, marks: np.ndarray, y: float,
                 line_h: float, margin: int, inner_w: int) -> None:
        """Vertical bars of random widths, centred, 2 lines high at y."""
        bar_h = int(2 * line_h)
        width = int(inner_w * rng.uniform(0.4, 0.8))
        x, y0 = margin + (inner_w - width) // 2, int(y + 0.25 * line_h)
        x_end = x + width
        for i, bar in enumerate(rng.integers(1, 4, size=width)):
            if x + bar >= x_end:
                break
            if i % 2 == 0:
                marks[y0:y0 + bar_h, x:x + int(bar)] = 1.0
            x += int(bar)

    @staticmethod
    def _scribbles(rng: np.random.Generator, marks: np.ndarray) -> None:
        """Handwritten strokes and a circled stamp."""
        h, w = marks.shape
        for _ in range(int(rng.integers(0, 3))):
            n = int(rng.integers(3, 8))
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            pts = np.stack([cx + np.cumsum(rng.normal(0, w * 0.05, n)),
                            cy + np.cumsum(rng.normal(0, h * 0.01, n))], 1)
            cv2.polylines(marks, [pts.astype(np.int32)], False, 1.0,
                          int(rng.integers(1, 3)), cv2.LINE_AA)
        if rng.random() < 0.15:
            centre = (int(rng.uniform(0.2, 0.8) * w),
                      int(rng.uniform(0.3, 0.9) * h))
            axes = (int(w * rng.uniform(0.08, 0.15)),
                    int(w * rng.uniform(0.06, 0.12)))
            cv2.ellipse(marks, centre, axes, float(rng.uniform(0, 180)), 0,
                        360, 1.0, 2, cv2.LINE_AA)

    def _receipt(self, rng: np.random.Generator
                 ) -> tuple[np.ndarray, list[TextInstance]]:
        _, _, page, instances = self._receipt_page(rng)
        ph, pw = page.shape[:2]
        if rng.random() < self.cfg.scan_prob:
            # The page on a scanner bed / table, with a margin around it.
            mx = int(pw * rng.uniform(0.02, 0.25))
            my = int(ph * rng.uniform(0.01, 0.08))
            bh, bw = ph + 2 * my, pw + 2 * mx
            bed = (self.backgrounds.sample(rng, bh, bw, 'scene')
                   if rng.random() < 0.4 else
                   paper(rng, bh, bw, tone=float(rng.uniform(40, 235))))
            bed[my:my + ph, mx:mx + pw] = page
            page = bed
            shift = np.array([mx, my], np.float32)
            instances = [TextInstance(i.text, i.quad + shift, i.words,
                                      i.word_quads + shift)
                         for i in instances]
        h, w = page.shape[:2]
        if rng.random() < 0.7:
            matrix, ow, oh = random_homography(rng, w, h, 2.5, 0.02, 0.01)
            fill = tuple(int(v) for v in page[0, 0])
            page = cv2.warpPerspective(page, matrix, (ow, oh),
                                       flags=cv2.INTER_LINEAR,
                                       borderMode=cv2.BORDER_CONSTANT,
                                       borderValue=fill)
            instances = [i.transformed(matrix) for i in instances]
        return self.degraders['document'](page, rng), instances

    # -- scenes -----------------------------------------------------------
    def _scene_text(self, rng: np.random.Generator) -> str:
        for _ in range(50):
            words = self.source.sample(rng).split()
            n = int(rng.integers(1, 4))
            while len(words) < n:
                words += self.source.sample(rng).split()
            text = self.charset.normalize(' '.join(words[:n]))
            if text:
                return text
        raise SynthError(f'corpus {self.cfg.corpus!r} gave no drawable text')

    def _scene_canvas(self, rng: np.random.Generator) -> np.ndarray:
        """A scene background of random size and aspect."""
        side = self.cfg.max_size * float(rng.uniform(0.5, 1.0))
        aspect = float(rng.uniform(0.6, 1.7))
        w = max(64, int(side * min(1.0, aspect)))
        h = max(64, int(side * min(1.0, 1 / aspect)))
        return self.backgrounds.sample(rng, h, w, 'scene')

    @staticmethod
    def _paint(rng: np.random.Generator, img: np.ndarray,
               occupied: np.ndarray, layout: TextLayout, size: int
               ) -> TextInstance | None:
        """Draw ``layout`` at a free random spot of ``img`` (its line
        polygon clear of ``occupied`` plus a gap of a third of the font
        ``size``, then marked there) with a random contrasting colour,
        outline and shadow; None when no spot is found."""
        h, w = occupied.shape
        lh, lw = layout.mask.shape
        if lh >= h or lw >= w:
            return None
        footprint = np.zeros((lh, lw), np.uint8)
        cv2.fillPoly(footprint, [np.round(layout.line_quad).astype(np.int32)],
                     1)
        for _ in range(30):
            x = int(rng.integers(0, w - lw))
            y = int(rng.integers(0, h - lh))
            if not (occupied[y:y + lh, x:x + lw] & footprint).any():
                break
        else:
            return None
        pad = max(2, int(size * 0.3))
        grown = cv2.dilate(np.pad(footprint, pad),
                           np.ones((2 * pad + 1,) * 2, np.uint8))
        gy0, gx0 = y - pad, x - pad
        cy0, cx0 = max(gy0, 0), max(gx0, 0)
        cy1, cx1 = min(gy0 + grown.shape[0], h), min(gx0 + grown.shape[1], w)
        occupied[cy0:cy1, cx0:cx1] |= grown[cy0 - gy0:cy1 - gy0,
                                            cx0 - gx0:cx1 - gx0]
        region = img[y:y + lh, x:x + lw]
        under = region[layout.mask > 0.3]
        colour = contrast_colour(rng, under if len(under) else region,
                                 float(rng.uniform(50, 120)))
        outline = shadow = None
        if rng.random() < 0.1:
            outline = (contrast_colour(rng, colour[None], 80.0),
                       int(rng.integers(1, 3)))
        if rng.random() < 0.15:
            shadow = (np.zeros(3, np.float32), float(rng.uniform(-3, 3)),
                      float(rng.uniform(1, 4)), float(rng.uniform(0, 2)),
                      float(rng.uniform(0.4, 0.9)))
        img[y:y + lh, x:x + lw] = composite(region, layout.mask, colour,
                                            outline=outline, shadow=shadow)
        shift = np.array([x, y], np.float32)
        return TextInstance(layout.text, layout.line_quad + shift,
                            layout.words, layout.word_quads + shift)

    def _scene(self, rng: np.random.Generator
               ) -> tuple[np.ndarray, list[TextInstance]]:
        img = self._scene_canvas(rng)
        h, w = img.shape[:2]
        occupied = np.zeros((h, w), np.uint8)
        instances: list[TextInstance] = []
        for _ in range(int(rng.integers(3, 16))):
            text = self._scene_text(rng)
            info = self.fonts.choose(rng, text, 'scene')
            if info is None:
                continue
            size = int(rng.integers(14, max(16, min(h, w) // 7)))
            layout = render_line(text, FontPool.load(info, size),
                                 word_gap=float(rng.uniform(0.8, 1.5)))
            lh, lw = layout.mask.shape
            r = rng.random()
            angle = 30.0 if r < 0.15 else 8.0 if r < 0.6 else 0.0
            matrix, ow, oh = random_homography(
                rng, lw, lh, angle, 0.2 * (rng.random() < 0.2),
                0.08 * (rng.random() < 0.3))
            layout = _crop_layout(warp_layout(layout, matrix, ow, oh), 2)
            inst = self._paint(rng, img, occupied, layout, size)
            if inst is not None:
                instances.append(inst)
        return self.degraders['scene'](img, rng), instances

    def _curved_scene(self, rng: np.random.Generator
                      ) -> tuple[np.ndarray, list[TextInstance]]:
        """A scene of 2-8 lines bent along random curves, each boundary a
        polygon of ``2 * points_per_side`` points (see ``curves``)."""
        img = self._scene_canvas(rng)
        h, w = img.shape[:2]
        occupied = np.zeros((h, w), np.uint8)
        instances: list[TextInstance] = []
        kinds = self.cfg.curve_kinds
        for _ in range(int(rng.integers(2, 9))):
            text = self._scene_text(rng)
            info = self.fonts.choose(rng, text, 'scene')
            if info is None:
                continue
            size = int(rng.integers(14, max(16, min(h, w) // 9)))
            layout = _crop_layout(render_line(
                text, FontPool.load(info, size),
                word_gap=float(rng.uniform(0.8, 1.5))), 2)
            layout = bend_layout(layout, kinds[int(rng.integers(len(kinds)))],
                                 rng, self.points_per_side)
            if rng.random() < 0.3:  # a mild shear/perspective on top
                lh, lw = layout.mask.shape
                matrix, ow, oh = random_homography(rng, lw, lh, 0.0, 0.15,
                                                   0.05)
                layout = _crop_layout(warp_layout(layout, matrix, ow, oh), 2)
            inst = self._paint(rng, img, occupied, layout, size)
            if inst is not None:
                instances.append(inst)
        return self.degraders['scene'](img, rng), instances

    # -- public -----------------------------------------------------------
    def sample(self, index: int) -> tuple[np.ndarray, list[TextInstance]]:
        """``(RGB image, line instances)`` of sample ``index``; the image's
        longest side is at most ``max_size``."""
        rng = np.random.default_rng([self.cfg.seed, index])
        kind = self.cfg.kind
        if kind == 'mixed':
            kind = 'receipt' if rng.random() < 0.5 else 'scene'
        make = {'receipt': self._receipt, 'scene': self._scene,
                'curved': self._curved_scene}[kind]
        img, instances = make(rng)
        h, w = img.shape[:2]
        scale = min(1.0, self.cfg.max_size / max(h, w))
        if scale < 1.0:
            img = cv2.resize(img, (max(1, round(w * scale)),
                                   max(1, round(h * scale))),
                             interpolation=cv2.INTER_AREA)
            sx = img.shape[1] / w
            sy = img.shape[0] / h
            matrix = np.diag([sx, sy, 1.0])
            instances = [i.transformed(matrix) for i in instances]
        return img, instances

    def __call__(self, index: int) -> tuple[bytes, int, int, list[dict]]:
        img, instances = self.sample(index)
        h, w = img.shape[:2]
        anns = instances_to_annotations(instances, self.cfg.level, w, h,
                                        self.cfg.min_text_height)
        return (encode_image(img, self.cfg.img_format, self.cfg.jpeg_quality),
                h, w, anns)


def instances_to_annotations(instances: list[TextInstance], level: str,
                             width: int, height: int,
                             min_text_height: float = 5.0) -> list[dict]:
    """COCO-style annotation dicts (``iscrowd``, ``category_id``, ``bbox``
    ``[x, y, w, h]``, ``segmentation`` ``[[x1, y1, ..., xn, yn]]``, ``text``)
    of the lines or words, polygons clipped to the image; instances lower
    than ``min_text_height`` (at their ends: first to last point, and the
    two middle points) get ``iscrowd=1``."""
    items: list[tuple[str, np.ndarray]] = []
    for inst in instances:
        if level == 'line':
            items.append((inst.text, inst.quad))
        else:
            items.extend(zip(inst.words, inst.word_quads))
    anns = []
    for text, quad in items:
        quad = quad.astype(np.float64).copy()
        quad[:, 0] = quad[:, 0].clip(0, width)
        quad[:, 1] = quad[:, 1].clip(0, height)
        x0, y0, x1, y1 = quad_bounds(quad)
        if x1 - x0 < 1 or y1 - y0 < 1:
            continue
        k = len(quad) // 2
        text_h = min(np.linalg.norm(quad[-1] - quad[0]),
                     np.linalg.norm(quad[k] - quad[k - 1]))
        anns.append({
            'iscrowd': int(text_h < min_text_height),
            'category_id': 1,
            'bbox': [round(x0, 1), round(y0, 1), round(x1 - x0, 1),
                     round(y1 - y0, 1)],
            'segmentation': [[round(float(v), 1) for v in quad.reshape(-1)]],
            'text': text,
        })
    return anns


class DetWriter:
    """Write detection samples: ``imgs/%09d.<ext>``, line-json
    ``instances_<split>.txt`` (for ``TextDetDataset`` with
    ``LineJsonParser(keys=['file_name', 'height', 'width',
    'annotations'])``) and/or COCO ``instances_<split>.json`` (for
    ``IcdarDataset``); ``file_name`` is relative to ``imgs/``.

    Args:
        out_dir: Output folder (created).
        split: Name used in the annotation files (``training``, ``test``).
        formats: Any of ``'txt'`` (line-json) and ``'coco'``.
        img_format: Image file extension.
    """

    def __init__(self, out_dir: str, split: str = 'training',
                 formats: tuple = ('txt', 'coco'), img_format: str = 'jpg'):
        unknown = set(formats) - {'txt', 'coco'}
        if unknown or not formats:
            raise InvalidValueError(f'formats must be among txt, coco; got '
                                    f'{formats!r}')
        self.out_dir = out_dir
        self.img_dir = osp.join(out_dir, 'imgs')
        self.ext = 'jpg' if img_format == 'jpeg' else img_format
        self.formats = tuple(formats)
        self.txt_path = osp.join(out_dir, f'instances_{split}.txt')
        self.coco_path = osp.join(out_dir, f'instances_{split}.json')
        for path in (self.txt_path, self.coco_path):
            if osp.exists(path):
                raise FileExistsError(f'{path} exists; choose a new --out '
                                      'folder')
        os.makedirs(self.img_dir, exist_ok=True)
        self.txt = (open(self.txt_path, 'w', encoding='utf-8')
                    if 'txt' in formats else None)
        self.images: list[dict] = []
        self.annotations: list[dict] = []
        self.count = 0

    def add(self, img_bytes: bytes, height: int, width: int,
            anns: list[dict]) -> None:
        self.count += 1
        name = f'{self.count:09d}.{self.ext}'
        with open(osp.join(self.img_dir, name), 'wb') as f:
            f.write(img_bytes)
        if self.txt is not None:
            self.txt.write(json.dumps({'file_name': name, 'height': height,
                                       'width': width, 'annotations': anns},
                                      ensure_ascii=False) + '\n')
        if 'coco' in self.formats:
            self.images.append({'id': self.count, 'file_name': name,
                                'height': height, 'width': width})
            for ann in anns:
                _, _, bw, bh = ann['bbox']
                self.annotations.append(dict(
                    ann, id=len(self.annotations) + 1, image_id=self.count,
                    area=round(bw * bh, 1)))

    def close(self) -> None:
        if self.txt is not None:
            self.txt.close()
        if 'coco' in self.formats:
            with open(self.coco_path, 'w', encoding='utf-8') as f:
                json.dump({'images': self.images,
                           'annotations': self.annotations,
                           'categories': [{'id': 1, 'name': 'text'}]}, f,
                          ensure_ascii=False)
