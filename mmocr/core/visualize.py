"""Drawing of OCR results on images (BGR ``uint8`` arrays, OpenCV order)."""
from __future__ import annotations

import os
from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.img_util import imread
from mmocr.utils.logger import get_root_logger

__all__ = ['color_val', 'imshow_pred_boundary', 'imshow_text_label',
           'imshow_edge_node', 'display_available', 'show_image', 'find_font',
           'draw_texts_by_pil', 'det_recog_show_result']

_COLORS = {
    'red': (0, 0, 255), 'green': (0, 255, 0), 'blue': (255, 0, 0),
    'cyan': (255, 255, 0), 'yellow': (0, 255, 255), 'magenta': (255, 0, 255),
    'white': (255, 255, 255), 'black': (0, 0, 0),
}


def color_val(color: str | int | Sequence[int] | np.ndarray) -> tuple[int, ...]:
    """A BGR tuple from a colour name, a gray level or a 3-sequence."""
    if isinstance(color, str):
        if color not in _COLORS:
            raise ValueError(f'unknown colour {color!r}; known: '
                             f'{", ".join(sorted(_COLORS))}')
        return _COLORS[color]
    if isinstance(color, (int, np.integer)):
        if not 0 <= color <= 255:
            raise ValueError(f'colour level must be in [0, 255], got {color}')
        return (int(color), ) * 3
    values = tuple(int(c) for c in np.asarray(color).ravel())
    if len(values) != 3 or not all(0 <= c <= 255 for c in values):
        raise ValueError(f'colour must be 3 values in [0, 255], got {color!r}')
    return values


def _imread(img: str | np.ndarray) -> np.ndarray:
    """``img`` itself, or the BGR image read from the file ``img``
    (:class:`ImageLoadError` naming it when missing, empty or corrupt)."""
    return img if isinstance(img, np.ndarray) else imread(img, 'color')


def _imwrite(img: np.ndarray, out_file: str) -> None:
    out_dir = os.path.dirname(os.path.abspath(out_file))
    os.makedirs(out_dir, exist_ok=True)
    ext = os.path.splitext(out_file)[1] or '.png'
    ok, buf = cv2.imencode(ext, img)
    if not ok:
        raise OSError(f'cannot encode image as {ext} for {out_file}')
    buf.tofile(out_file)


def _imshow(img: np.ndarray, win_name: str, wait_time: int) -> None:
    show_image(img, win_name, wait_time)


def imshow_pred_boundary(img: str | np.ndarray,
                         boundaries_with_scores: list[list[float]],
                         labels: list[int], score_thr: float = 0,
                         boundary_color='blue', text_color='blue',
                         thickness: int = 1, font_scale: float = 0.5,
                         show: bool = False, win_name: str = '',
                         wait_time: int = -1, out_file: str | None = None,
                         show_score: bool = False) -> np.ndarray:
    """Draw predicted boundaries whose score exceeds ``score_thr``.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array (drawn on a copy).
        boundaries_with_scores: ``[x1, y1, ..., xn, yn, score]`` per text.
        labels: One label per boundary (same length).
        show_score: Write the score next to the first point.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawn image.
    """
    if len(labels) != len(boundaries_with_scores):
        raise ValueError(f'{len(labels)} labels for '
                         f'{len(boundaries_with_scores)} boundaries')
    for i, b in enumerate(boundaries_with_scores):
        if len(b) < 9 or (len(b) - 1) % 2:
            raise ValueError(f'boundary {i} must be [x1, y1, ..., xn, yn, '
                             f'score] with n >= 4, got {len(b)} values')
    img = np.ascontiguousarray(_imread(img)).copy()
    box_color = color_val(boundary_color)
    txt_color = color_val(text_color)
    for boundary in boundaries_with_scores:
        score = float(boundary[-1])
        if score <= score_thr:
            continue
        points = np.round(np.asarray(boundary[:-1], dtype=np.float64)).astype(
            np.int32).reshape(-1, 1, 2)
        cv2.polylines(img, [points], True, color=box_color,
                      thickness=thickness)
        if show_score:
            x, y = points[0, 0]
            cv2.putText(img, f'{score:.02f}', (int(x), int(y) - 2),
                        cv2.FONT_HERSHEY_COMPLEX, font_scale, txt_color)
    if show:
        _imshow(img, win_name, wait_time)
    if out_file is not None:
        _imwrite(img, out_file)
    return img


def _text_row(text: str, height: int, width: int,
              color: tuple[int, int, int]) -> np.ndarray:
    """A white ``(height, width, 3)`` strip with ``text`` written on it
    (characters OpenCV's Hershey fonts cannot draw become ``?``)."""
    row = np.full((height, width, 3), 255, dtype=np.uint8)
    printable = ''.join(c if 32 <= ord(c) < 127 else '?' for c in text)
    cv2.putText(row, printable, (5, int(height * 0.65)),
                cv2.FONT_HERSHEY_SIMPLEX, 0.9, color, 2)
    return row


def imshow_text_label(img: str | np.ndarray, pred_label: str, gt_label: str = '',
                      show: bool = False, win_name: str = '',
                      wait_time: int = -1,
                      out_file: str | None = None) -> np.ndarray:
    """Draw a recognition result: the prediction (red) above the image
    resized to height 64, and the ground truth (blue) below when given.

    Args:
        img: Image path or BGR ``(H, W)`` / ``(H, W, 3)`` array.
        pred_label: Predicted text.
        gt_label: Ground-truth text; no third row when empty.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(64 * rows, W', 3)``.
    """
    if not isinstance(pred_label, str) or not isinstance(gt_label, str):
        raise TypeError('pred_label and gt_label must be str, got '
                        f'{type(pred_label).__name__} and '
                        f'{type(gt_label).__name__}')
    image = _imread(img)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    src_h, src_w = image.shape[:2]
    height = 64
    width = max(1, int(round(src_w / max(src_h, 1) * height)))
    # Leave room for the text on very narrow crops.
    text_width = max(width, 20 * max(len(pred_label), len(gt_label), 1))
    image = cv2.resize(image, (width, height))
    image = cv2.copyMakeBorder(image, 0, 0, 0, text_width - width,
                               cv2.BORDER_CONSTANT, value=(255, 255, 255))
    rows = [_text_row(pred_label, height, text_width, (0, 0, 255)), image]
    if gt_label:
        rows.append(_text_row(gt_label, height, text_width, (255, 0, 0)))
    drawn = np.concatenate(rows, axis=0)
    if show:
        _imshow(drawn, win_name, wait_time)
    if out_file is not None:
        _imwrite(drawn, out_file)
    return drawn


def imshow_edge_node(img: str | np.ndarray, result: dict,
                     boxes: Sequence[Sequence[float]],
                     idx_to_cls: dict | None = None, show: bool = False,
                     win_name: str = '', wait_time: int = -1,
                     out_file: str | None = None, draw_edges: bool = False,
                     edge_thr: float = 0.5) -> np.ndarray:
    """Draw a KIE result: the image with its boxes on the left and, on a
    white panel of the same size on the right, each box's predicted class
    and score at the box position.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array.
        result: ``{'nodes': Tensor(K, C)}`` class probabilities, plus
            ``'edges': Tensor(K * K, 2)`` link probabilities for
            ``draw_edges``.
        boxes: ``K`` boxes ``[x1, y1, x2, y2, ...]`` (image pixels).
        idx_to_cls: Class index (as ``str``) -> class name.
        draw_edges: Also join linked boxes (link probability above
            ``edge_thr``) with lines labelled by the probability.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(H, 2W, 3)``.
    """
    idx_to_cls = idx_to_cls or {}
    nodes = result['nodes'].detach().cpu()
    if nodes.size(0) != len(boxes):
        raise ValueError(f'{nodes.size(0)} node predictions for {len(boxes)} '
                         'boxes')
    scores, labels = nodes.max(dim=-1)
    image = np.ascontiguousarray(_imread(img)).copy()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    height, width = image.shape[:2]
    panel = np.full((height, width, 3), 255, dtype=np.uint8)
    rects = np.round(np.asarray([b[:4] for b in boxes],
                                dtype=np.float64)).astype(np.int32)
    for (x1, y1, x2, y2), label, score in zip(rects.tolist(), labels.tolist(),
                                             scores.tolist()):
        cv2.rectangle(image, (x1, y1), (x2, y2), (255, 255, 0), 1)
        name = idx_to_cls.get(str(label), str(label))
        font_scale = max(min(y2 - y1, 40), 8) / 30
        cv2.putText(panel, f'{name}({score:.2f})', (x1, max(y2, 10)),
                    cv2.FONT_HERSHEY_SIMPLEX, font_scale, (0, 0, 255), 1)
    if draw_edges and 'edges' in result:
        num = len(boxes)
        links = result['edges'].detach().cpu()[:, -1].view(num, num).numpy()
        links = np.maximum(links, links.T)
        centres = (rects[:, :2] + rects[:, 2:4]) // 2
        for i, j in zip(*np.nonzero(np.triu(links > edge_thr, 1))):
            p1, p2 = tuple(centres[i].tolist()), tuple(centres[j].tolist())
            cv2.line(image, p1, p2, (0, 200, 0), 1)
            mid = ((p1[0] + p2[0]) // 2, (p1[1] + p2[1]) // 2)
            cv2.putText(image, f'{links[i, j]:.2f}', mid,
                        cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 200, 0), 1)
    drawn = np.concatenate([image, panel], axis=1)
    if show:
        _imshow(drawn, win_name, wait_time)
    if out_file is not None:
        _imwrite(drawn, out_file)
    return drawn


# ---------------------------------------------------------------------------
# End-to-end OCR drawing, Unicode text through TrueType fonts, and windows.
# ---------------------------------------------------------------------------

_PALETTE = ((0, 0, 255), (0, 160, 0), (255, 0, 0), (0, 140, 255),
            (200, 0, 200), (160, 160, 0), (0, 0, 140), (120, 60, 0))
_FALLBACK_WARNED: list[bool] = []


def _mmocr_logger():
    return get_root_logger()


def display_available() -> tuple[bool, str]:
    """Whether ``cv2.imshow`` can open a window here, and why not.

    Needs a display (``DISPLAY`` or ``WAYLAND_DISPLAY`` on Linux) and an
    OpenCV build with a GUI backend (``opencv-python-headless`` has none).

    Returns:
        ``(True, '')`` or ``(False, reason)``.
    """
    import sys
    if sys.platform.startswith('linux') and not (
            os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY')):
        return False, 'no display (DISPLAY / WAYLAND_DISPLAY are not set)'
    gui = ''
    for line in cv2.getBuildInformation().splitlines():
        if line.strip().startswith('GUI:'):
            gui = line.split(':', 1)[1].strip()
            break
    if gui.upper() in ('NONE', ''):
        return False, ('this OpenCV build has no GUI backend (e.g. '
                       'opencv-python-headless); install opencv-python to '
                       'open windows')
    return True, ''


def show_image(img: np.ndarray, win_name: str = '', wait_time: int = 0) -> bool:
    """Open a window with ``img`` when a display exists (see
    :func:`display_available`); otherwise log why none opens.

    Returns:
        Whether a window was shown.
    """
    ok, reason = display_available()
    if ok:
        try:
            cv2.imshow(win_name or 'mmocr', img)
            cv2.waitKey(max(wait_time, 0))
            return True
        except cv2.error as err:
            reason = f'OpenCV cannot open a window ({err.msg.strip()})'
    _mmocr_logger().warning(f'cannot show "{win_name or "image"}": {reason}; '
                            'save the drawing with --output instead')
    return False


def _font_dirs() -> list[str]:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return [os.path.join(here, 'utils', 'fonts'), '/usr/share/fonts',
            '/usr/local/share/fonts', os.path.expanduser('~/.fonts'),
            '/Library/Fonts', 'C:\\Windows\\Fonts']


def _fc_match(pattern: str) -> str | None:
    import shutil
    import subprocess
    if shutil.which('fc-match') is None:
        return None
    try:
        out = subprocess.run(['fc-match', '-f', '%{file}', pattern],
                             capture_output=True, text=True, timeout=10,
                             check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out.lower().endswith(('.ttf', '.otf', '.ttc')) and \
        os.path.isfile(out) else None


_FONT_CACHE: dict[str, str | None] = {}


def find_font(text: str = '') -> str | None:
    """A TrueType/OpenType font file for drawing ``text``, or ``None``.

    Order: ``$MMOCR_FONT``; for text beyond Latin-1, fontconfig's best
    match for its characters; a bundled ``mmocr/utils/fonts/*.ttf``;
    fontconfig's DejaVu Sans; a ``DejaVuSans.ttf`` in the usual font
    folders.
    """
    env = os.environ.get('MMOCR_FONT')
    if env:
        if not os.path.isfile(env):
            raise FileNotFoundError(f'MMOCR_FONT={env} is not a file')
        return env
    wide = sorted({c for c in text if ord(c) > 255})[:32]
    key = ''.join(wide)
    if key not in _FONT_CACHE:
        found = None
        if wide:
            charset = ' '.join(f'{ord(c):x}' for c in wide)
            found = _fc_match(f':charset={charset}')
        if found is None:
            bundled = _font_dirs()[0]
            if os.path.isdir(bundled):
                names = sorted(n for n in os.listdir(bundled)
                               if n.lower().endswith(('.ttf', '.otf')))
                found = os.path.join(bundled, names[0]) if names else None
        found = found or _fc_match('DejaVu Sans')
        if found is None:
            for root in _font_dirs()[1:]:
                for dirpath, _, files in os.walk(root):
                    if 'DejaVuSans.ttf' in files:
                        found = os.path.join(dirpath, 'DejaVuSans.ttf')
                        break
                if found:
                    break
        _FONT_CACHE[key] = found
    return _FONT_CACHE[key]


def _load_font(path: str, size: int):
    from PIL import ImageFont
    return ImageFont.truetype(path, size)


def _box_array(box: Sequence[float]) -> np.ndarray:
    pts = np.asarray(box, dtype=np.float64).reshape(-1)
    if pts.size < 4 or pts.size % 2:
        raise ValueError(f'a box must be [x1, y1, ..., xn, yn], got '
                         f'{pts.size} values')
    return pts.reshape(-1, 2)


def _warn_fallback(reason: str) -> None:
    if not _FALLBACK_WARNED:
        _FALLBACK_WARNED.append(True)
        _mmocr_logger().warning(f'{reason}: drawing text with cv2.putText, '
                                'which shows non-ASCII characters as "?"; '
                                'install a TrueType font (e.g. fonts-dejavu) '
                                'or set MMOCR_FONT to a .ttf file')


def _fit_font_size(font_path: str, text: str, box_w: float, box_h: float,
                   font_size: int | None) -> int:
    if font_size is not None:
        return max(int(font_size), 1)
    size = max(int(box_h * 0.8), 8)
    if text and box_w > 0:
        width = _load_font(font_path, size).getlength(text)
        if width > box_w * 1.05:
            size = max(int(size * box_w * 1.05 / width), 8)
    return size


def draw_texts_by_pil(img: np.ndarray, texts: Sequence[str],
                      boxes: Sequence[Sequence[float]] | None = None,
                      draw_box: bool = True, on_ori_img: bool = False,
                      font_size: int | None = None,
                      fill_color: Sequence[int] | None = None,
                      draw_pos: Sequence[tuple[int, int]] | None = None,
                      return_text_size: bool = False):
    """Draw ``texts`` (any Unicode) with a TrueType font, each at its box.

    Falls back to ``cv2.putText`` (ASCII only, with one logged warning)
    when no TrueType font is found (see :func:`find_font`).

    Args:
        img: BGR ``(H, W, 3)`` image giving the canvas size (and the canvas
            itself with ``on_ori_img``).
        texts: One string per box.
        boxes: ``[x1, y1, ..., xn, yn]`` per text; ``None`` stacks the texts
            in rows from the top-left corner.
        draw_box: Outline each box in its colour.
        on_ori_img: Draw on a copy of ``img`` instead of a white canvas.
        font_size: Fixed font size in pixels; default fits each box (80% of
            its height, shrunk to its width).
        fill_color: BGR text colour; default one palette colour per box.
        draw_pos: Top-left text position per box (default the box's
            top-left corner).
        return_text_size: Also return the ``(width, height)`` of each text.

    Returns:
        The BGR ``uint8`` drawing ``(H, W, 3)``; with ``return_text_size``
        a tuple ``(drawing, sizes)``.
    """
    image = _imread(img)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    height, width = image.shape[:2]
    if boxes is None:
        row = max(height // max(len(texts), 1), 12)
        boxes = [[0, i * row, width, i * row, width, (i + 1) * row, 0,
                  (i + 1) * row] for i in range(len(texts))]
    if len(boxes) != len(texts):
        raise ValueError(f'{len(texts)} texts for {len(boxes)} boxes')
    if draw_pos is not None and len(draw_pos) != len(texts):
        raise ValueError(f'{len(draw_pos)} draw positions for {len(texts)} '
                         'texts')
    canvas = image.copy() if on_ori_img else np.full(
        (height, width, 3), 255, dtype=np.uint8)
    font_path = find_font(''.join(texts))
    polys = [_box_array(b) for b in boxes]
    colors = [tuple(fill_color) if fill_color is not None else
              _PALETTE[i % len(_PALETTE)] for i in range(len(texts))]
    if draw_box:
        for i, pts in enumerate(polys):
            cv2.polylines(canvas, [np.round(pts).astype(np.int32)], True,
                          _PALETTE[i % len(_PALETTE)], 1)
    sizes: list[tuple[int, int]] = []
    if font_path is None:
        _warn_fallback('no TrueType font found')
        for i, (text, pts) in enumerate(zip(texts, polys)):
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            scale = max((y1 - y0) / 30, 0.3)
            x, y = draw_pos[i] if draw_pos is not None else (x0, y0)
            printable = ''.join(c if 32 <= ord(c) < 127 else '?' for c in text)
            (tw, th), _ = cv2.getTextSize(printable, cv2.FONT_HERSHEY_SIMPLEX,
                                          scale, 1)
            cv2.putText(canvas, printable, (int(x), int(y + th)),
                        cv2.FONT_HERSHEY_SIMPLEX, scale, colors[i], 1)
            sizes.append((tw, th))
    else:
        from PIL import Image, ImageDraw
        pil = Image.fromarray(canvas[..., ::-1])
        draw = ImageDraw.Draw(pil)
        for i, (text, pts) in enumerate(zip(texts, polys)):
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            size = _fit_font_size(font_path, text, x1 - x0, y1 - y0,
                                  font_size)
            font = _load_font(font_path, size)
            x, y = draw_pos[i] if draw_pos is not None else (x0, y0)
            b, g, r = colors[i]
            draw.text((float(x), float(y)), text, font=font, fill=(r, g, b))
            left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
            sizes.append((int(right - left), int(bottom - top)))
        canvas = np.ascontiguousarray(np.asarray(pil)[..., ::-1])
    if return_text_size:
        return canvas, sizes
    return canvas


def _number_boxes(img: np.ndarray, polys: Sequence[np.ndarray]) -> np.ndarray:
    """Outline each polygon in its palette colour with its 1-based number."""
    drawn = img.copy()
    for i, pts in enumerate(polys):
        color = _PALETTE[i % len(_PALETTE)]
        cv2.polylines(drawn, [np.round(pts).astype(np.int32)], True, color, 2)
        x, y = np.round(pts.min(axis=0)).astype(int)
        label = str(i + 1)
        (tw, th), _ = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
        top = max(int(y) - th - 4, 0)
        cv2.rectangle(drawn, (int(x), top), (int(x) + tw + 4, top + th + 4),
                      color, -1)
        cv2.putText(drawn, label, (int(x) + 2, top + th + 1),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1)
    return drawn


def det_recog_show_result(img: str | np.ndarray, end2end_res: dict,
                          out_file: str | None = None) -> np.ndarray:
    """Draw an end-to-end OCR result: the image with numbered boxes on the
    left, a white panel with each box's text at its place on the right.

    Args:
        img: Image path or BGR ``(H, W, 3)`` array.
        end2end_res: ``{'result': [{'box': [x1, y1, ..., xn, yn], 'text':
            str, ...}]}``; a ``label`` (KIE) is appended to the text as
            ``text [label]``.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(H, 2W, 3)``.
    """
    if 'result' not in end2end_res:
        raise KeyError('end2end_res needs a "result" list, got keys '
                       f'{sorted(end2end_res)}')
    image = np.ascontiguousarray(_imread(img))
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    boxes, texts = [], []
    for i, res in enumerate(end2end_res['result']):
        if 'box' not in res or 'text' not in res:
            raise KeyError(f'result {i} needs "box" and "text", got '
                           f'{sorted(res)}')
        boxes.append(res['box'])
        label = res.get('label')
        texts.append(f'{res["text"]} [{label}]' if label is not None
                     else str(res['text']))
    polys = [_box_array(b) for b in boxes]
    left = _number_boxes(image, polys)
    right = draw_texts_by_pil(image, texts, boxes)
    drawn = np.concatenate([left, right], axis=1)
    if out_file is not None:
        _imwrite(drawn, out_file)
    return drawn
