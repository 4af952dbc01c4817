"""Drawing a key information extraction result: node classes and links,
key-value pairs."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .colors import PALETTE
from .display import show_image
from .image_io import read_image, write_image
from .text import draw_texts_by_pil


def imshow_node(img: str | np.ndarray, result: dict,
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
        raise InvalidValueError(f'{nodes.size(0)} node predictions for {len(boxes)} '
                                'boxes')
    scores, labels = nodes.max(dim=-1)
    image = np.ascontiguousarray(read_image(img)).copy()
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
        show_image(drawn, win_name, wait_time)
    if out_file is not None:
        write_image(drawn, out_file)
    return drawn


# MMOCR 0.5's name of the same drawing.
imshow_edge_node = imshow_node


def _key_value_pairs(nodes: np.ndarray, edges: np.ndarray, edge_thr: float,
                     key_thr: float) -> list[tuple[int, int]]:
    """Linked node pairs ``(key, value)``, sorted: linked when the link
    probability either way exceeds ``edge_thr``; the node scoring higher
    as a key (class 1) than as a value (class 2) is the key, kept when that
    score reaches ``key_thr``."""
    linked = np.maximum(edges, edges.T) > edge_thr
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(linked, 1))):
        key, value = (i, j) if nodes[i, 1] > nodes[i, 2] else (j, i)
        if nodes[key, 1] >= key_thr:
            pairs.append((int(key), int(value)))
    return sorted(pairs)


def draw_edge_result(img: np.ndarray, result: dict, edge_thresh: float = 0.5,
                     keynode_thresh: float = 0.5) -> np.ndarray:
    """Draw an open-set KIE result's key-value pairs on a white panel: each
    key text, an arrow, its value text, one pair per row (30 pixels).

    Args:
        img: The image (gives the panel size: ``2 * W // 3`` wide, at least
            ``H`` high).
        result: ``{'nodes': Tensor(K, C)}`` class probabilities (class 1
            key, class 2 value), ``'edges': Tensor(K * K, 2)`` link
            probabilities, ``'img_metas': [{'ori_texts': [str] * K}]``.
        edge_thresh: Link probability above which two nodes are a pair.
        keynode_thresh: Key probability a pair's key needs.

    Returns:
        The BGR ``uint8`` panel ``(max(H, 30 * pairs + 10), 2 * W // 3, 3)``.
    """
    nodes = result['nodes'].detach().cpu().numpy()
    num = nodes.shape[0]
    edges = result['edges'].detach().cpu()[:, -1].reshape(num, num).numpy()
    texts = result['img_metas'][0]['ori_texts']
    if len(texts) != num:
        raise InvalidValueError(f'{num} node predictions for {len(texts)} texts')
    pairs = _key_value_pairs(nodes, edges, edge_thresh, keynode_thresh)
    height, width = img.shape[:2]
    row_h, panel_w = 30, max(width // 3 * 2, 120)
    panel = np.full((max(height, row_h * len(pairs) + 10), panel_w, 3), 255,
                    np.uint8)
    value_x = panel_w // 2
    for row, (key, value) in enumerate(pairs):
        y = 10 + row * row_h
        panel, sizes = draw_texts_by_pil(
            panel, [texts[key], texts[value]], boxes=None, draw_box=False,
            on_ori_img=True, font_size=15, fill_color=(0, 0, 0),
            draw_pos=[(10, y), (value_x, y)], return_text_size=True)
        start = min(10 + sizes[0][0] + 5, value_x - 10)
        cv2.arrowedLine(panel, (start, y + 10), (value_x - 5, y + 10),
                        (0, 0, 255), 1)
    return panel


def imshow_edge(img: str | np.ndarray, result: dict,
                boxes: Sequence[Sequence[float]], show: bool = False,
                win_name: str = '', wait_time: int = -1,
                out_file: str | None = None) -> np.ndarray:
    """Draw an open-set KIE result: the boxes (palette colours) on the
    image, and to its right the key-value pairs
    (:func:`draw_edge_result`).

    Args:
        img: Image path or BGR ``(H, W, 3)`` array.
        result: As :func:`draw_edge_result`.
        boxes: ``K`` boxes ``[x1, y1, x2, y2, ...]``.
        out_file: Save the drawing there (directories are created).

    Returns:
        The drawing, BGR ``uint8`` ``(max(H, rows), W + 2 * W // 3, 3)``.
    """
    if len(boxes) != result['nodes'].size(0):
        raise InvalidValueError(f'{result["nodes"].size(0)} node predictions for '
                                f'{len(boxes)} boxes')
    image = np.ascontiguousarray(read_image(img)).copy()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    height, width = image.shape[:2]
    rects = np.round(np.asarray([b[:4] for b in boxes],
                                dtype=np.float64)).astype(np.int32)
    for i, (x1, y1, x2, y2) in enumerate(rects.tolist()):
        cv2.rectangle(image, (x1, y1), (x2, y2), PALETTE[i % len(PALETTE)], 1)
    panel = draw_edge_result(image, result)
    drawn = np.full((panel.shape[0], width + panel.shape[1], 3), 255, np.uint8)
    drawn[:height, :width] = image
    drawn[:, width:] = panel
    if show:
        show_image(drawn, win_name, wait_time)
    if out_file is not None:
        write_image(drawn, out_file)
    return drawn
