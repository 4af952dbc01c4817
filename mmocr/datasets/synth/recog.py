"""Synthetic text recognition samples: a cropped word or text line and its
label, written as an lmdb (academic layout) or as images plus a label file.

Sample ``i`` of a generator seeded with ``s`` uses only
``numpy.random.default_rng([s, i])``: output is deterministic for a seed
and independent of the number of worker processes.
"""
from __future__ import annotations

import math
import os
import os.path as osp
import warnings
from dataclasses import dataclass

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError, SynthError
from mmocr.utils.lmdb_util import DEFAULT_MAP_SIZE

from .backgrounds import BackgroundSource
from .corpus import Charset, build_source
from .effects import Degrader
from .fonts import FontPool
from .render import (
    composite,
    contrast_colour,
    curve_mask,
    quad_bounds,
    random_homography,
    render_line,
    warp_layout,
)

__all__ = ['RecogConfig', 'RecogGenerator', 'LmdbRecogWriter',
           'TxtRecogWriter', 'encode_image']

# Share of document-style (receipt/paper) samples per corpus.
_DOCUMENT_PROB = {'receipt': 0.85, 'words': 0.1}


@dataclass
class RecogConfig:
    """Options of :class:`RecogGenerator`.

    Attributes:
        seed: Base seed.
        corpus: ``words``, ``receipt``, ``random``, ``numbers``, ``dates``,
            ``prices``, ``mixed``, ``chinese`` (whole lines, see
            :class:`~mmocr.datasets.synth.corpus.ChineseLineSource`) or a
            word/line list file.
        charset: ``DICT36``/``DICT90``/``DICT91``/``ASCII`` or a dict file.
        font_dirs: Extra font folders (fontconfig fonts are always used).
        font_files: Explicit font files.
        use_fontconfig: Use the fonts fontconfig knows.
        bg_dirs: Folders of real images cropped for backgrounds.
        height: Output height in pixels (0 keeps the rendered size).
        line_prob: Chance of a multi-word line instead of one word.
        max_words: Most words in a line.
        max_chars: Most characters in a label.
        document_prob: Chance of the document (receipt paper) style;
            None picks one from the corpus.
        font_size: ``(min, max)`` em size before resizing.
        img_format: ``'jpg'`` or ``'png'``.
        jpeg_quality: Quality of the stored JPEG.
    """

    seed: int = 0
    corpus: str = 'mixed'
    charset: str = 'DICT91'
    font_dirs: tuple = ()
    font_files: tuple = ()
    use_fontconfig: bool = True
    bg_dirs: tuple = ()
    height: int = 32
    line_prob: float = 0.5
    max_words: int = 5
    max_chars: int = 40
    document_prob: float | None = None
    font_size: tuple = (22, 56)
    img_format: str = 'jpg'
    jpeg_quality: int = 95


def encode_image(rgb: np.ndarray, img_format: str = 'jpg',
                 jpeg_quality: int = 95) -> bytes:
    """PNG or JPEG bytes of an RGB image."""
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    if img_format == 'png':
        ok, buf = cv2.imencode('.png', bgr, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    elif img_format in ('jpg', 'jpeg'):
        ok, buf = cv2.imencode('.jpg', bgr,
                               [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
    else:
        raise InvalidValueError(f'img_format must be "jpg" or "png", got '
                                f'{img_format!r}')
    if not ok:
        raise RuntimeError(f'{img_format} encoding failed')
    return buf.tobytes()


class RecogGenerator:
    """``gen(index) -> (encoded image bytes, label)``.

    The image is ``height`` pixels high (any width), RGB, the text drawn
    with a random font, size, colour, background, geometry and degradation.
    """

    def __init__(self, cfg: RecogConfig):
        if cfg.img_format not in ('jpg', 'jpeg', 'png'):
            raise InvalidValueError(f'img_format must be "jpg" or "png", got '
                                    f'{cfg.img_format!r}')
        if not 0 <= cfg.line_prob <= 1:
            raise InvalidValueError(f'line_prob must be in [0, 1], got '
                                    f'{cfg.line_prob}')
        if cfg.height < 0:
            raise InvalidValueError(f'height must be >= 0, got {cfg.height}')
        lo, hi = cfg.font_size
        if not 4 <= lo <= hi:
            raise InvalidValueError(f'font_size must be (min, max) with 4 <= min <= '
                                    f'max, got {tuple(cfg.font_size)}')
        self.cfg = cfg
        self.charset = Charset.from_spec(cfg.charset)
        self.source = build_source(cfg.corpus, self.charset)
        self.fonts = FontPool(self.charset.chars, cfg.font_dirs,
                              cfg.use_fontconfig, cfg.font_files)
        drawable = set().union(*(f.chars for f in self.fonts.fonts))
        missing = [c for c in self.charset.chars
                   if c not in drawable and not c.isspace()]
        if missing:
            warnings.warn(f'no font draws {missing!r}: they are left out of '
                          'the labels', UserWarning, stacklevel=2)
            self.charset = Charset(''.join(c for c in self.charset.chars
                                           if c not in missing))
        self.backgrounds = BackgroundSource(cfg.bg_dirs)
        self.degraders = {k: Degrader(k) for k in ('scene', 'document')}
        self.document_prob = (cfg.document_prob if cfg.document_prob
                              is not None else
                              _DOCUMENT_PROB.get(cfg.corpus, 0.4))

    # -- text -------------------------------------------------------------
    def sample_text(self, rng: np.random.Generator) -> str:
        """A normalised, non-empty label."""
        cfg = self.cfg
        for _ in range(50):
            if self.source.whole_lines:
                text = self.charset.normalize(self.source.sample(rng))
                text = text[:cfg.max_chars].strip()
                if text:
                    return text
                continue
            words = self.source.sample(rng).split()
            if not words:
                continue
            if self.charset.has_space and rng.random() < cfg.line_prob:
                n = int(rng.integers(2, max(2, cfg.max_words) + 1))
                while len(words) < n:
                    words += self.source.sample(rng).split()
                start = int(rng.integers(0, len(words) - n + 1)) \
                    if len(words) > n and rng.random() < 0.5 else 0
                words = words[start:start + n]
            else:
                words = [words[int(rng.integers(len(words)))]]
            text = self.charset.normalize(' '.join(words))
            text = text[:cfg.max_chars].strip()
            if text:
                return text
        raise SynthError(f'corpus {cfg.corpus!r} gave no text drawable '
                           f'with charset {cfg.charset!r} in 50 tries')

    # -- image ------------------------------------------------------------
    def _render(self, rng: np.random.Generator, text: str, document: bool
                ) -> np.ndarray:
        """RGB crop of ``text`` (native resolution)."""
        kind = ('mono' if rng.random() < 0.5 else 'document') if document \
            else 'scene'
        info = self.fonts.choose(rng, text, kind)
        if info is None:
            raise SynthError(f'no font draws {text!r}')
        lo, hi = self.cfg.font_size
        font = FontPool.load(info, int(rng.integers(lo, hi + 1)))
        size = font.size
        tracking = 0.0 if info.monospace or rng.random() > 0.25 else \
            float(rng.uniform(-0.04, 0.15)) * size
        stroke = 1 if size >= 28 and rng.random() < 0.1 else 0
        layout = render_line(text, font, tracking=tracking,
                             word_gap=float(rng.uniform(0.8, 1.6)),
                             stroke=stroke)
        h, w = layout.mask.shape
        if document:
            angle, shear, persp = 1.5, 0.05 * (rng.random() < 0.2), 0.02
        else:
            r = rng.random()
            angle = 12.0 if r < 0.1 else 4.0 if r < 0.6 else 0.0
            shear = 0.3 if rng.random() < 0.2 else 0.0
            persp = 0.12 if rng.random() < 0.3 else 0.0
        matrix, ow, oh = random_homography(rng, w, h, angle, shear, persp)
        layout = warp_layout(layout, matrix, ow, oh)
        x0, y0, x1, y1 = quad_bounds(layout.line_quad)
        mask = layout.mask
        if not document and rng.random() < 0.1:
            text_h = max(y1 - y0, 1.0)
            amp = float(rng.uniform(0.08, 0.3)) * text_h
            mask = curve_mask(mask, amp, float(rng.uniform(1.5, 4)) * text_h,
                              float(rng.uniform(0, 2 * np.pi)),
                              arc=bool(rng.random() < 0.5))
            ys, xs = np.nonzero(mask > 0.05)
            y0, y1 = ys.min() - 0.15 * text_h, ys.max() + 0.15 * text_h
        text_h = max(y1 - y0, 1.0)
        pads = rng.uniform([0, 0, 0, 0], [0.35, 0.2, 0.35, 0.2]) * text_h
        x0, y0 = int(math.floor(x0 - pads[0])), int(math.floor(y0 - pads[1]))
        x1, y1 = int(math.ceil(x1 + pads[2])), int(math.ceil(y1 + pads[3]))
        mh, mw = mask.shape
        mask = cv2.copyMakeBorder(mask, max(0, -y0), max(0, y1 - mh),
                                  max(0, -x0), max(0, x1 - mw),
                                  cv2.BORDER_CONSTANT, value=0)
        ox, oy = max(0, -x0), max(0, -y0)
        mask = mask[y0 + oy:y1 + oy, x0 + ox:x1 + ox]
        return self._paint(rng, mask, document)

    def _paint(self, rng: np.random.Generator, mask: np.ndarray,
               document: bool) -> np.ndarray:
        h, w = mask.shape
        bg = self.backgrounds.sample(rng, h, w,
                                     'document' if document else 'scene')
        under = bg[mask > 0.3]
        if document:
            ink = rng.uniform(0, 70)
            colour = np.array([ink, ink, ink], np.float32) + \
                rng.uniform(-10, 25, size=3).astype(np.float32) * \
                (rng.random() < 0.2)
            img = composite(bg, mask, colour.clip(0, 255),
                            opacity=float(rng.uniform(0.7, 1.0)))
        else:
            colour = contrast_colour(rng, under if len(under) else bg,
                                     float(rng.uniform(45, 120)))
            outline = shadow = None
            if rng.random() < 0.1:
                outline = (contrast_colour(rng, colour[None], 80.0),
                           int(rng.integers(1, 3)))
            if rng.random() < 0.15:
                shadow = (np.zeros(3, np.float32),
                          float(rng.uniform(-3, 3)), float(rng.uniform(1, 4)),
                          float(rng.uniform(0, 2)), float(rng.uniform(0.4, 0.9)))
            img = composite(bg, mask, colour,
                            opacity=float(rng.uniform(0.85, 1.0)),
                            outline=outline, shadow=shadow)
        return self.degraders['document' if document else 'scene'](img, rng)

    def _resize(self, img: np.ndarray) -> np.ndarray:
        height = self.cfg.height
        if not height:
            return img
        h, w = img.shape[:2]
        new_w = max(1, int(round(w * height / h)))
        inter = cv2.INTER_AREA if h > height else cv2.INTER_CUBIC
        return cv2.resize(img, (new_w, height), interpolation=inter)

    def sample(self, index: int) -> tuple[np.ndarray, str]:
        """``(RGB image HxWx3 uint8, label)`` of sample ``index``."""
        rng = np.random.default_rng([self.cfg.seed, index])
        text = self.sample_text(rng)
        document = bool(rng.random() < self.document_prob)
        return self._resize(self._render(rng, text, document)), text

    def __call__(self, index: int) -> tuple[bytes, str]:
        img, text = self.sample(index)
        return encode_image(img, self.cfg.img_format,
                            self.cfg.jpeg_quality), text


class LmdbRecogWriter:
    """Write samples into an lmdb in the academic layout: ``image-%09d``
    (encoded bytes), ``label-%09d`` (UTF-8 text), both 1-based, and
    ``num-samples``; :class:`~mmocr.datasets.OCRDataset` reads it with
    ``file_format='lmdb'`` and ``LoadImageFromLMDB``.

    Args:
        out_dir: The lmdb folder (created).
        batch_size: Samples per write transaction.
        map_size: lmdb map size in bytes.
    """

    def __init__(self, out_dir: str, batch_size: int = 500,
                 map_size: int = DEFAULT_MAP_SIZE):
        import lmdb
        if osp.isfile(osp.join(out_dir, 'data.mdb')):
            raise FileExistsError(f'{out_dir} already holds an lmdb database;'
                                  ' choose a new --out folder')
        os.makedirs(out_dir, exist_ok=True)
        self.env = lmdb.open(out_dir, map_size=map_size)
        self.batch_size = batch_size
        self.cache: list[tuple[bytes, bytes]] = []
        self.count = 0

    def add(self, img_bytes: bytes, text: str) -> None:
        self.count += 1
        self.cache.append((f'image-{self.count:09d}'.encode(), img_bytes))
        self.cache.append((f'label-{self.count:09d}'.encode(),
                           text.encode('utf-8')))
        if len(self.cache) >= 2 * self.batch_size:
            self._flush()

    def _flush(self) -> None:
        with self.env.begin(write=True) as txn:
            for key, value in self.cache:
                txn.put(key, value)
        self.cache = []

    def close(self) -> None:
        self.cache.append((b'num-samples', str(self.count).encode()))
        self._flush()
        self.env.close()


class TxtRecogWriter:
    """Write samples as ``imgs/%09d.<ext>`` files plus ``labels.txt`` with
    ``imgs/000000001.jpg TEXT`` lines (``LineStrParser``'s layout).

    Args:
        out_dir: Output folder (created).
        img_format: File extension of the images.
    """

    def __init__(self, out_dir: str, img_format: str = 'jpg'):
        self.out_dir = out_dir
        self.ext = 'jpg' if img_format == 'jpeg' else img_format
        os.makedirs(osp.join(out_dir, 'imgs'), exist_ok=True)
        self.label_path = osp.join(out_dir, 'labels.txt')
        if osp.exists(self.label_path):
            raise FileExistsError(f'{self.label_path} exists; choose a new '
                                  '--out folder')
        self.labels = open(self.label_path, 'w', encoding='utf-8')
        self.count = 0

    def add(self, img_bytes: bytes, text: str) -> None:
        self.count += 1
        name = f'imgs/{self.count:09d}.{self.ext}'
        with open(osp.join(self.out_dir, name), 'wb') as f:
            f.write(img_bytes)
        self.labels.write(f'{name} {text}\n')

    def close(self) -> None:
        self.labels.close()
