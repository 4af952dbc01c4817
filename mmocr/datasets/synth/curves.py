"""Bend a rendered text line along a curve (arc, sine wave, partial circle,
bent line) and give its exact polygon boundary.

A flat line (a :class:`~mmocr.datasets.synth.render.TextLayout`) has
horizontal coordinate ``x`` and vertical ``y``; its curve is a centre line
``P(s)`` sampled every ``step`` pixels of arc length, with unit tangent
``T(s)`` and "up" normal ``N(s)``. The flat pixel ``(x, y)`` goes to
``P(x) + (y_c - y) N(x)`` (``y_c``: the middle of the line's box), so the
flat box ``[x0, x1] x [y0, y1]`` becomes the band between the offset curves
``v = y_c - y1`` and ``v = y_c - y0``. The mask is warped with a dense
inverse map (the nearest centre-line sample of every output pixel, refined
by projection) and each boundary is a polygon whose vertices lie on the
band's two offset curves, pushed outward just enough that its chords cover
the curved band.

Curvature radii stay above three half-heights of the band (no folding) and a
partial circle leaves a gap between its ends, so the map is one-to-one.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .render import TextLayout, quad_bounds

__all__ = ['CURVE_KINDS', 'POLY_STYLES', 'Centerline', 'make_centerline',
           'band_polygon', 'bend_layout']

CURVE_KINDS = ('arc', 'wave', 'circle', 'bent', 'line')
#: Points per side of each boundary style (None: as few as the curvature
#: needs, 2 to 12, as Total-Text's variable-length polygons).
POLY_STYLES = {'ctw1500': 7, 'totaltext': None}
_MAX_ADAPTIVE_POINTS = 12
_SUBDIV = 16  # dense points per polygon edge when measuring deviations


@dataclass
class Centerline:
    """A curve sampled at equal arc-length steps.

    Attributes:
        points: ``(M, 2)`` float64 ``(x, y)`` samples; sample ``i`` lies at
            arc length ``i * step``.
        step: Arc length between samples, in pixels.
        tangents: ``(M, 2)`` unit tangents (computed).
        normals: ``(M, 2)`` unit normals on the text's upper side (the
            tangent turned by -90 degrees in image coordinates).
    """

    points: np.ndarray
    step: float = 1.0
    tangents: np.ndarray = field(init=False, repr=False)
    normals: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grad = np.gradient(self.points, axis=0)
        self.tangents = grad / np.maximum(
            np.linalg.norm(grad, axis=1, keepdims=True), 1e-12)
        self.normals = np.stack([self.tangents[:, 1], -self.tangents[:, 0]], 1)

    @property
    def length(self) -> float:
        return (len(self.points) - 1) * self.step

    def frame(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(P(s), N(s))`` at arc lengths ``s`` (any shape ``S``), linearly
        interpolated: two ``S + (2,)`` arrays."""
        s = np.asarray(s, np.float64)
        pos = np.clip(s / self.step, 0, len(self.points) - 1)
        i = np.minimum(pos.astype(np.int64), len(self.points) - 2)
        t = (pos - i)[..., None]
        p = self.points[i] * (1 - t) + self.points[i + 1] * t
        n = self.normals[i] * (1 - t) + self.normals[i + 1] * t
        n /= np.maximum(np.linalg.norm(n, axis=-1, keepdims=True), 1e-12)
        # Beyond the ends the curve continues along its end tangents.
        extra = (s - np.clip(s, 0, self.length))[..., None]
        tan = np.stack([-n[..., 1], n[..., 0]], -1)
        return p + extra * tan, n

    def band(self, s: np.ndarray, v: float | np.ndarray) -> np.ndarray:
        """``P(s) + v N(s)``: points offset ``v`` pixels above the curve."""
        p, n = self.frame(s)
        return p + np.asarray(v, np.float64)[..., None] * n

    def project(self, q: np.ndarray, nearest: np.ndarray,
                iters: int = 2) -> tuple[np.ndarray, np.ndarray]:
        """Curve coordinates ``(s, v)`` of points ``q`` (``(K, 2)``), starting
        from the index of a nearby sample ``nearest`` (``(K,)``)."""
        j = nearest
        for _ in range(iters + 1):
            delta = q - self.points[j]
            s = j * self.step + (delta * self.tangents[j]).sum(1)
            v = (delta * self.normals[j]).sum(1)
            j = np.clip(np.rint(s / self.step).astype(np.int64), 0,
                        len(self.points) - 1)
        return s, v


def _integrate(kappa: np.ndarray, theta0: float, step: float) -> np.ndarray:
    """Points of the curve with heading ``theta0`` at the start and
    curvature ``kappa[i]`` on segment ``i`` (turning clockwise on screen
    when positive)."""
    theta = theta0 + np.concatenate([[0.0], np.cumsum(kappa * step)])
    mid = (theta[:-1] + theta[1:]) / 2
    seg = step * np.stack([np.cos(mid), np.sin(mid)], 1)
    return np.concatenate([np.zeros((1, 2)), np.cumsum(seg, 0)])


def make_centerline(kind: str, length: float, half: float,
                    rng: np.random.Generator, step: float = 1.0
                    ) -> Centerline:
    """A random centre line of a given arc length.

    Args:
        kind: One of :data:`CURVE_KINDS`: ``'arc'`` (30-150 degrees of a
            circle), ``'circle'`` (180-300 degrees), ``'wave'`` (a sine),
            ``'bent'`` (straight runs joined by one or two round bends),
            ``'line'`` (straight); short lines turn less, to keep the
            radius bound.
        length: Arc length in pixels.
        half: Half the height of the text band; radii of curvature stay at
            least ``3 * half`` (4 for circles, whose ends must not meet).
        rng: Random source.
        step: Sampling step in pixels.
    """
    if kind not in CURVE_KINDS:
        raise InvalidValueError(f'curve kind must be one of {CURVE_KINDS}, '
                                f'got {kind!r}')
    if length <= 0 or half <= 0:
        raise InvalidValueError(f'length and half must be > 0, got {length}, '
                                f'{half}')
    n = int(math.ceil(length / step))
    step = length / n
    sign = 1.0 if rng.random() < 0.7 else -1.0  # mostly arches, some smiles
    tilt = float(rng.uniform(-0.35, 0.35))
    if kind == 'wave':
        period = float(rng.uniform(5, 12)) * half
        # max curvature amp * (2 pi / period) ** 2 <= 1 / (3 half)
        amp = min(float(rng.uniform(0.4, 1.6)) * half,
                  period ** 2 / (12 * math.pi ** 2 * half))
        phase = float(rng.uniform(0, 2 * math.pi))
        xs = np.linspace(0, length, 8 * n + 1)
        ys = amp * np.sin(2 * math.pi * xs / period + phase)
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs),
                                                        np.diff(ys)))])
        s = np.arange(n + 1) * step
        x_s = np.interp(s, arc, xs)
        pts = np.stack([x_s, amp * np.sin(2 * math.pi * x_s / period + phase)],
                       1)
        pts -= pts[0]
        c, si = math.cos(tilt), math.sin(tilt)
        return Centerline(pts @ np.array([[c, si], [-si, c]]), step)
    kappa = np.zeros(n)
    if kind in ('arc', 'circle'):
        lo, hi, min_r = ((0.5, 2.6, 3 * half) if kind == 'arc' else
                         (math.pi, 5.2, 4 * half))
        turn = min(float(rng.uniform(lo, hi)), length / min_r)
        kappa[:] = sign * turn / length
    elif kind == 'bent':
        centres = ([rng.uniform(0.3, 0.7)] if rng.random() < 0.5 else
                   [rng.uniform(0.25, 0.4), rng.uniform(0.6, 0.75)])
        for centre in centres:
            radius = float(rng.uniform(3, 6)) * half
            turn = float(rng.uniform(0.3, 0.9)) * (1 if rng.random() < 0.5
                                                   else -1)
            run = min(abs(turn) * radius, 0.25 * length)
            i0 = int((centre * length - run / 2) / step)
            i1 = max(i0 + 1, int((centre * length + run / 2) / step))
            # a bend shortened to fit turns less, keeping its radius
            run = (i1 - i0) * step
            turn = math.copysign(min(abs(turn), run / (3 * half)), turn)
            kappa[i0:i1] = turn / run
    total = float(kappa.sum() * step)
    return Centerline(_integrate(kappa, tilt - total / 2, step), step)


def _side(frames: tuple, v: float, outward: float
          ) -> tuple[np.ndarray, float]:
    """Vertices on the offset curve ``v`` of one side, pushed along
    ``outward * N`` so every edge covers the curve between its ends; also
    the largest distance of the curve from the unpushed edges.

    ``frames``: ``(P, N)`` at the vertices' arc lengths (``(k, 2)`` each)
    and ``(P, N)`` at ``_SUBDIV + 1`` points along each edge
    (``(k - 1, _SUBDIV + 1, 2)``).
    """
    (p, n), (dense_p, dense_n) = frames
    verts = p + v * n
    normals = n * outward
    dense = dense_p + v * dense_n
    edge = verts[1:] - verts[:-1]
    edge_n = np.stack([edge[:, 1], -edge[:, 0]], 1)
    edge_n /= np.maximum(np.linalg.norm(edge_n, axis=1, keepdims=True), 1e-12)
    flip = ((edge_n * (normals[1:] + normals[:-1])).sum(1) < 0)
    edge_n[flip] *= -1
    dev = ((dense - verts[:-1, None]) * edge_n[:, None]).sum(2)
    out = np.maximum(dev.max(1), 0.0)
    # An edge moves by at least `out` when both its ends move that far
    # along the edge normal; vertices move along the band normal.
    cos_prev = np.maximum((normals[1:] * edge_n).sum(1), 0.3)
    cos_next = np.maximum((normals[:-1] * edge_n).sum(1), 0.3)
    push = np.zeros(len(verts))
    push[1:] = np.maximum(push[1:], out / cos_prev)
    push[:-1] = np.maximum(push[:-1], out / cos_next)
    return verts + push[:, None] * normals, float(np.abs(dev).max())


def band_polygon(line: Centerline, s0: float, s1: float, v_bottom: float,
                 v_top: float, points_per_side: int | None = 7,
                 tol: float | None = None) -> np.ndarray:
    """The boundary of the band ``s0 <= s <= s1``, ``v_bottom <= v <=
    v_top``.

    Args:
        line: The centre line.
        s0, s1: Arc-length range (the text's start and end).
        v_bottom, v_top: Offsets of the band's lower and upper curves.
        points_per_side: Vertices on each side (>= 2), evenly spaced in arc
            length; None picks the fewest (2 to 12) whose edges stay within
            ``tol`` of the curves.
        tol: Deviation allowed when choosing the number of points (default:
            the larger of 0.75 px and 5% of the band height).

    Returns:
        ``(2k, 2)`` float32: k upper points from the start to the end, then k
        lower points back (clockwise on screen for left-to-right text).
    """
    if points_per_side is not None and points_per_side < 2:
        raise InvalidValueError(
            f'points_per_side must be >= 2, got {points_per_side}')
    if tol is None:
        tol = max(0.75, 0.05 * (v_top - v_bottom))
    counts = ([points_per_side] if points_per_side is not None else
              range(2, _MAX_ADAPTIVE_POINTS + 1))
    t = np.linspace(0, 1, _SUBDIV + 1)
    for k in counts:
        s = np.linspace(s0, s1, k)
        frames = (line.frame(s),
                  line.frame(s[:-1, None] + (s[1:] - s[:-1])[:, None] * t))
        top, dev_top = _side(frames, v_top, 1.0)
        bottom, dev_bottom = _side(frames, v_bottom, -1.0)
        if max(dev_top, dev_bottom) <= tol:
            break
    return np.concatenate([top, bottom[::-1]]).astype(np.float32)


def bend_layout(layout: TextLayout, kind: str, rng: np.random.Generator,
                points_per_side: int | None = 7) -> TextLayout:
    """Bend a flat layout along a random curve of ``kind``.

    Args:
        layout: A flat (unwarped) line, ideally cropped to its box.
        kind: See :func:`make_centerline`.
        rng: Random source.
        points_per_side: See :func:`band_polygon`.

    Returns:
        The bent layout on a canvas holding all of it: ``mask``, word
        polygons ``(N, 2k, 2)`` and the line polygon ``(2k, 2)`` (same k),
        ``baseline`` NaN.
    """
    mask = layout.mask
    qx0, qy0, qx1, qy1 = quad_bounds(layout.line_quad)
    y_mid = (qy0 + qy1) / 2
    half = (qy1 - qy0) / 2 + 2  # ink blurs into the 1-2 px around the box
    line = make_centerline(kind, float(mask.shape[1]), half, rng)
    # Output canvas: the band around the whole flat width.
    ends = np.concatenate([line.points + half * line.normals,
                           line.points - half * line.normals])
    origin = np.floor(ends.min(0)) - 2
    out_w, out_h = (np.ceil(ends.max(0) - origin) + 3).astype(int)
    # Nearest centre-line sample of every output pixel, from a labelled
    # distance transform of the rasterised samples (labels in raster order).
    pix = np.rint(line.points - origin).astype(np.int64)
    seeds = np.ones((out_h, out_w), np.uint8)
    seeds[pix[:, 1], pix[:, 0]] = 0
    owner = np.zeros((out_h, out_w), np.int64)
    owner[pix[:, 1], pix[:, 0]] = np.arange(len(pix))
    dist, labels = cv2.distanceTransformWithLabels(
        seeds, cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL)
    zy, zx = np.nonzero(seeds == 0)
    nearest = owner[zy, zx][labels.reshape(-1) - 1]
    gy, gx = np.mgrid[0:out_h, 0:out_w]
    q = np.stack([gx.reshape(-1), gy.reshape(-1)], 1) + origin
    s, v = line.project(q, nearest)
    far = dist.reshape(-1) > half + 3
    map_x = np.where(far, -10.0, s).reshape(out_h, out_w).astype(np.float32)
    map_y = np.where(far, -10.0, y_mid - v).reshape(out_h,
                                                    out_w).astype(np.float32)
    bent = cv2.remap(mask, map_x, map_y, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0)

    line_poly = band_polygon(line, qx0, qx1, y_mid - qy1, y_mid - qy0,
                             points_per_side)
    k = len(line_poly) // 2
    words = []
    for quad in layout.word_quads:
        x0, y0, x1, y1 = quad_bounds(quad)
        words.append(band_polygon(line, x0, x1, y_mid - y1, y_mid - y0, k))
    shift = origin.astype(np.float32)
    return TextLayout(bent, layout.words,
                      np.stack(words).reshape(-1, 2 * k, 2) - shift,
                      line_poly - shift)
