"""Drawing a key information extraction result: node classes and links."""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from mmocr.utils.errors import InvalidValueError

from .display import show_image
from .image_io import read_image, write_image


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
