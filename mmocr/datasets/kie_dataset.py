"""``KIEDataset``: documents (receipts) as graphs of text boxes, WildReceipt
close-set format."""
from __future__ import annotations

import copy
import os.path as osp
import warnings
from typing import Any, Sequence

import numpy as np
import torch

from mmocr.core.evaluation import compute_f1_score
from mmocr.registry import DATASETS, strict_kwargs
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_from_file

from .base_dataset import BaseDataset
from .pipelines.box_utils import sort_vertex8
from .utils.errors import AnnotationParseError

__all__ = ['KIEDataset', 'sort_vertex8']


@DATASETS.register_module()
class KIEDataset(BaseDataset):
    """Key information extraction dataset (WildReceipt close-set format).

    Each annotation line is a json object ``{"file_name", "height", "width",
    "annotations": [{"box": [x1, y1, ..., x4, y4], "text": str, "label":
    int}, ...]}`` (``label`` may be absent at inference; open-set annotations
    add ``"edge": int``).

    ``ds[i]`` runs the pipeline on ``{'img_info', 'ann_info', 'img_prefix',
    'filename', 'ori_filename', 'ori_texts', 'bbox_fields', 'img'}`` where
    ``img`` is an empty placeholder (``LoadImageFromFile`` replaces it) and
    ``ann_info`` holds (``K`` boxes):

    * ``bboxes``: ``(K, 4)`` float32 axis-aligned ``x1, y1, x2, y2``;
    * ``relations``: ``(K, K, 5)`` float32, see :meth:`compute_relation`;
    * ``texts``: ``(K, L)`` int32 char indices (1-based, ``dict_file`` order;
      characters not in the dict are dropped), padded with -1;
    * ``labels``: ``(K, K + 1)`` int32: the node label, then the edge labels
      (1 when two boxes share an ``edge`` id, -1 on the diagonal);
    * ``ori_texts``, ``ori_boxes``: the raw texts and (vertex-sorted) boxes.

    Args:
        ann_file: Annotation file; ``None`` (with ``loader=None``) builds a
            dataset used only to encode OCR results (``_parse_anno_info``).
        loader: Loader config, e.g. ``dict(type='AnnFileLoader', repeat=1,
            parser=dict(type='LineJsonParser', keys=['file_name', 'height',
            'width', 'annotations']))``.
        dict_file: Character dictionary, one character per line.
        img_prefix: Image folder.
        pipeline: Pipeline step configs.
        norm: Divisor of the box offsets in the relation features.
        directed: Open-set only: keep edges that start at a key node only.
        test_mode: Evaluation mode.
        class_list: Optional ``index name`` file; when given, every label is
            checked against it.
        **kwargs: Passed to :class:`BaseDataset` (``skip_broken``, ...).
    """

    def __init__(self, ann_file: str | None = None, loader: dict | None = None,
                 dict_file: str | None = None, img_prefix: str = '',
                 pipeline: Sequence[dict] | None = None, norm: float = 10.,
                 directed: bool = False, test_mode: bool = True,
                 class_list: str | None = None, **kwargs: Any):
        if dict_file is None:
            raise InvalidValueError(f'{type(self).__name__} needs dict_file (the '
                                    'character dictionary)')
        if ann_file is None and loader is None:
            warnings.warn(f'{type(self).__name__} built without annotations: '
                          'only usable to encode OCR results', UserWarning,
                          stacklevel=2)
            self.ann_file, self.data_infos = '', []
            self.img_prefix, self.test_mode = img_prefix, test_mode
        else:
            super().__init__(ann_file, loader, pipeline, img_prefix=img_prefix,
                             test_mode=test_mode, **kwargs)
        self.norm = norm
        self.directed = directed
        self.dict = {'': 0}
        for ind, char in enumerate(list_from_file(dict_file), 1):
            self.dict.setdefault(char, ind)
        self.class_list = class_list
        self.num_classes = None
        if class_list is not None:
            self.num_classes = self._count_classes(class_list)

    @staticmethod
    def _count_classes(class_list: str) -> int:
        indices = []
        for lineno, line in enumerate(list_from_file(class_list), 1):
            if not line.strip():
                continue
            head = line.split(maxsplit=1)[0]
            if not head.isdigit():
                raise InvalidValueError(f'{class_list}:{lineno}: expected "<index> '
                                        f'<name>", got {line!r}')
            indices.append(int(head))
        if sorted(indices) != list(range(len(indices))):
            raise InvalidValueError(f'{class_list}: class indices must be 0..N-1, '
                                    f'got {indices}')
        return len(indices)

    def _where(self, index: int) -> str:
        lines = getattr(self.data_infos, 'ori_data_infos', None)
        line = index % len(lines) if lines else index
        return f'{self.ann_file}, line {line + 1}'

    def _check_annotations(self, annotations: Any, where: str) -> None:
        """Raise :class:`AnnotationParseError` naming ``where`` for a
        malformed receipt."""
        if not isinstance(annotations, list) or not annotations:
            raise AnnotationParseError(
                f'{where}: "annotations" must be a non-empty list of boxes '
                f'(an empty receipt cannot form a graph), got {annotations!r}')
        for j, ann in enumerate(annotations):
            if not isinstance(ann, dict) or 'box' not in ann or 'text' not in ann:
                raise AnnotationParseError(
                    f'{where}: annotation {j} must be a dict with "box" and '
                    f'"text", got {ann!r}')
            box = ann['box']
            if (not isinstance(box, (list, tuple)) or len(box) != 8 or
                    not all(isinstance(v, (int, float)) for v in box)):
                raise AnnotationParseError(
                    f'{where}: annotation {j} ("{ann["text"]}"): box must be '
                    f'8 numbers x1, y1, ..., x4, y4, got {box!r}')
            label = ann.get('label', 0)
            if not isinstance(label, int) or label < 0 or (
                    self.num_classes is not None and label >= self.num_classes):
                valid = (f'0..{self.num_classes - 1} ({self.class_list})'
                         if self.num_classes is not None else 'an int >= 0')
                raise AnnotationParseError(
                    f'{where}: annotation {j} ("{ann["text"]}"): label '
                    f'{label!r} is not a valid class, expected {valid}')

    def pre_pipeline(self, results: dict[str, Any]) -> None:
        super().pre_pipeline(results)
        filename = results['img_info']['filename']
        results['ori_texts'] = results['ann_info']['ori_texts']
        results['ori_boxes'] = results['ann_info']['ori_boxes']
        results['filename'] = osp.join(self.img_prefix, filename)
        results['ori_filename'] = filename
        results['img'] = np.zeros((0, 0, 0), dtype=np.uint8)

    def get_ann_info(self, index: int) -> dict[str, Any]:
        """The encoded annotations of sample ``index`` (``ann_info``, see
        the class docstring).

        Raises:
            AnnotationParseError: the line lacks a key or has a malformed
                box, text or label; the message names the file and line.
        """
        info = self.data_infos[index]
        where = self._where(index)
        missing = [k for k in ('file_name', 'height', 'width', 'annotations')
                   if k not in info]
        if missing:
            raise AnnotationParseError(f'{where}: missing key(s) {missing}')
        self._check_annotations(info['annotations'], where)
        return self._parse_anno_info(info['annotations'])

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        ann_info = self.get_ann_info(index)
        info = self.data_infos[index]
        img_info = dict(filename=info['file_name'], height=info['height'],
                        width=info['width'])
        results = dict(img_info=img_info, ann_info=ann_info)
        self.pre_pipeline(results)
        return self.pipeline(results)

    def _parse_anno_info(self, annotations: Sequence[dict]) -> dict[str, Any]:
        """Encode the boxes of one document (see the class docstring)."""
        self._check_annotations(list(annotations), 'annotations')
        boxes, texts, text_inds, labels, edges = [], [], [], [], []
        for ann in annotations:
            boxes.append(sort_vertex8(ann['box']))
            texts.append(ann['text'])
            text_inds.append([self.dict[c] for c in ann['text']
                              if c in self.dict])
            labels.append(ann.get('label', 0))
            edges.append(ann.get('edge', 0))
        return self.list_to_numpy(dict(boxes=boxes, texts=texts,
                                       text_inds=text_inds, labels=labels,
                                       edges=edges))

    def list_to_numpy(self, ann_infos: dict[str, Any]) -> dict[str, Any]:
        """Lists of one document -> arrays (see the class docstring)."""
        boxes = np.array(ann_infos['boxes'], np.int32)
        relations, bboxes = self.compute_relation(boxes)
        labels = ann_infos.get('labels')
        if labels is not None:
            labels = np.array(labels, np.int32)[:, None]
            edges = ann_infos.get('edges')
            if edges is not None:
                edges = np.array(edges)
                edges = (edges[:, None] == edges[None, :]).astype(np.int32)
                if self.directed:
                    edges = edges & (labels == 1).astype(np.int32)
                np.fill_diagonal(edges, -1)
                labels = np.concatenate([labels, edges], -1)
        return dict(bboxes=bboxes, relations=relations,
                    texts=self.pad_text_indices(ann_infos['text_inds']),
                    ori_texts=list(ann_infos['texts']),
                    ori_boxes=list(ann_infos['boxes']), labels=labels)

    @staticmethod
    def pad_text_indices(text_inds: Sequence[Sequence[int]]) -> np.ndarray:
        """``(K, max_len)`` int32, padded with -1."""
        max_len = max([len(t) for t in text_inds] + [0])
        padded = -np.ones((len(text_inds), max_len), np.int32)
        for i, inds in enumerate(text_inds):
            padded[i, :len(inds)] = inds
        return padded

    def compute_relation(self, boxes: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
        """Spatial relation of every box pair.

        Args:
            boxes: ``(K, 8)`` vertex-sorted quadrilaterals; ``(x1, y1)`` is the
                first vertex and ``(x2, y2)`` the third.

        Returns:
            ``relations (K, K, 5)``: for the pair ``(i, j)``, with ``w = x2 -
            x1 + 1`` and ``h = y2 - y1 + 1`` (both at least 1):
            ``[(x1_j - x1_i) / norm, (y1_j - y1_i) / norm, w_i / h_i,
            h_j / h_i, w_j / h_i]``; and ``bboxes (K, 4)``, the axis-aligned
            bounding boxes.
        """
        bboxes = np.concatenate([boxes[:, 0::2].min(1, keepdims=True),
                                 boxes[:, 1::2].min(1, keepdims=True),
                                 boxes[:, 0::2].max(1, keepdims=True),
                                 boxes[:, 1::2].max(1, keepdims=True)],
                                axis=1).astype(np.float32)
        x1, y1 = boxes[:, 0:1].astype(np.float64), boxes[:, 1:2].astype(np.float64)
        x2, y2 = boxes[:, 4:5].astype(np.float64), boxes[:, 5:6].astype(np.float64)
        w = np.maximum(x2 - x1 + 1, 1)
        h = np.maximum(y2 - y1 + 1, 1)
        dx = (x1.T - x1) / self.norm
        dy = (y1.T - y1) / self.norm
        xhh, xwh = h.T / h, w.T / h
        whs = w / h + np.zeros_like(xhh)
        relations = np.stack([dx, dy, whs, xhh, xwh], -1).astype(np.float32)
        return relations, bboxes

    @strict_kwargs
    def evaluate(self, results: list[dict], metric: str | list[str] = 'macro_f1',
                 metric_options: dict = dict(macro_f1=dict(ignores=[])),
                 logger: Any = None) -> dict[str, float]:
        """Macro F1 of the node classes over the whole dataset.

        Args:
            results: One ``{'nodes': (K, C), ...}`` per document, in order.
            metric: ``'macro_f1'``.
            metric_options: ``dict(macro_f1=dict(ignores=[class indices left
                out of the mean]))``.
        """
        metric_options = copy.deepcopy(metric_options) or {}
        for m in (metric if isinstance(metric, list) else [metric]):
            if m != 'macro_f1':
                raise KeyError(f'metric {m!r} is not supported by '
                               f'{type(self).__name__}; use "macro_f1"')
        if len(results) != len(self):
            raise InvalidValueError(f'{len(results)} results for {len(self)} '
                                    f'documents of {self.ann_file}')
        return self.compute_macro_f1(results,
                                     **metric_options.get('macro_f1', {}))

    def compute_macro_f1(self, results: list[dict],
                         ignores: Sequence[int] = []) -> dict[str, float]:
        node_preds, node_gts = [], []
        for idx, result in enumerate(results):
            annotations = self.data_infos[idx]['annotations']
            nodes = result['nodes'].detach().cpu()
            if nodes.size(0) != len(annotations):
                raise InvalidValueError(f'result {idx} has {nodes.size(0)} nodes but '
                                        f'{self._where(idx)} has {len(annotations)} '
                                        'boxes')
            node_preds.append(nodes)
            node_gts.append(torch.tensor([a['label'] for a in annotations]))
        f1s = compute_f1_score(torch.cat(node_preds), torch.cat(node_gts),
                               ignores)
        return {'macro_f1': float(np.mean(f1s))}
