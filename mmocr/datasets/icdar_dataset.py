"""``IcdarDataset``: text detection annotations in COCO json
(``instances_training.json`` / ``instances_test.json``), read as mmdet's
``CocoDataset`` does."""
from __future__ import annotations

import json
import os.path as osp
from collections import defaultdict
from typing import Any, Sequence

import numpy as np
from torch.utils.data import Dataset

from mmocr.core.evaluation import eval_hmean
from mmocr.registry import DATASETS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .base_dataset import SampleRetryMixin
from .pipelines.compose import Compose
from .utils.det_annotations import check_det_annotation, pack_det_ann_info
from .utils.errors import AnnotationParseError

__all__ = ['IcdarDataset']

ALLOWED_METRICS = ('hmean-iou', 'hmean-ic13')


def parse_metrics(metric: str | Sequence[str]) -> set[str]:
    """``metric`` as a set, checked against the hmean metrics."""
    metrics = {metric} if isinstance(metric, str) else set(metric)
    unknown = metrics - set(ALLOWED_METRICS)
    if unknown or not metrics:
        raise KeyError(f'unsupported metric(s) {sorted(unknown)}; text '
                       f'detection supports {list(ALLOWED_METRICS)}')
    return metrics


class CocoTextIndex:
    """The images, annotations and categories of a COCO json file, in file
    order, with the per-image annotation lists."""

    def __init__(self, ann_file: str):
        if not osp.isfile(ann_file):
            raise FileNotFoundError(f'annotation file not found: {ann_file}')
        try:
            with open(ann_file, encoding='utf-8') as f:
                data = json.load(f)
        except json.JSONDecodeError as err:
            raise AnnotationParseError(
                f'{ann_file}: not valid json ({err.msg} at line {err.lineno}, '
                f'column {err.colno})') from None
        if not isinstance(data, dict) or 'images' not in data:
            raise AnnotationParseError(
                f'{ann_file}: a COCO annotation file needs an "images" list')
        self.imgs: dict[int, dict] = {}
        for i, img in enumerate(data['images']):
            for key in ('id', 'file_name', 'height', 'width'):
                if key not in img:
                    raise AnnotationParseError(
                        f'{ann_file}: images[{i}] has no "{key}"')
            self.imgs[img['id']] = img
        self.cats = {c['id']: c for c in data.get('categories', [])}
        self.anns: dict[int, dict] = {}
        self.img_to_anns: dict[int, list[dict]] = defaultdict(list)
        for i, ann in enumerate(data.get('annotations', [])):
            where = f'{ann_file}: annotations[{i}] (id {ann.get("id")})'
            check_det_annotation(ann, where)
            if ann.get('image_id') not in self.imgs:
                raise AnnotationParseError(
                    f'{where}: image_id {ann.get("image_id")!r} is not in '
                    '"images"')
            if ann.get('id') in self.anns:
                raise AnnotationParseError(f'{where}: duplicate annotation id')
            self.anns[ann.get('id', -1 - i)] = ann
            self.img_to_anns[ann['image_id']].append(ann)

    def cat_ids(self, names: Sequence[str]) -> list[int]:
        return [cid for cid, cat in self.cats.items() if cat['name'] in names]


def evaluate_hmean(self: Any, results: list[dict], metric: str | list[str] =
             'hmean-iou', logger: Any = None, score_thr: float | None =
             None, min_score_thr: float = 0.3, max_score_thr: float = 0.9,
             step: float = 0.1, rank_list: str | None = None, *,
             iou_thr: float | None = None,
             precision_thr: float | None = None,
             recall_thr: float | None = None,
             center_dist_thr: float | None = None,
             one2one_score: float | None = None,
             one2many_score: float | None = None,
             many2one_score: float | None = None) -> dict[str, float]:
    """Hmean of ``results`` (one ``{'boundary_result': [...]}`` per
    image, in dataset order) against the non-ignored polygons, sweeping
    the score threshold from ``min_score_thr`` to ``max_score_thr``.

    The ``evaluate`` method of the detection datasets (``IcdarDataset``,
    ``TextDetDataset``); ``self.hmean_inputs()`` gives the image and
    annotation infos.

    Args:
        metric: ``'hmean-iou'``, ``'hmean-ic13'`` or both.
        iou_thr, precision_thr, recall_thr, center_dist_thr,
            one2one_score, one2many_score, many2one_score: The metrics'
            thresholds (see :func:`~mmocr.core.evaluation.eval_hmean`);
            None keeps the metric's default. They are declared here, not
            taken as ``**kwargs``, so that an evaluation config with an
            unknown key is rejected when the ``EvalHook`` is built.

    Returns:
        ``{'hmean-iou:recall', 'hmean-iou:precision', 'hmean-iou:hmean',
        ...}``.
    """
    if not isinstance(results, list) or not all(
            isinstance(r, dict) for r in results):
        raise InvalidTypeError('results must be a list of dicts')
    if len(results) != len(self):
        raise InvalidValueError(f'{len(results)} results for {len(self)} samples '
                                f'of {self.ann_file}')
    metrics = parse_metrics(metric)
    # The metrics' own arguments (None: the metric's default; a key the
    # chosen metrics do not take is rejected by eval_hmean).
    metric_kwargs = {k: v for k, v in dict(
        iou_thr=iou_thr, precision_thr=precision_thr,
        recall_thr=recall_thr, center_dist_thr=center_dist_thr,
        one2one_score=one2one_score, one2many_score=one2many_score,
        many2one_score=many2one_score).items() if v is not None}
    img_infos, ann_infos = self.hmean_inputs()
    return eval_hmean(results, img_infos, ann_infos, metrics=metrics,
                      score_thr=score_thr, min_score_thr=min_score_thr,
                      max_score_thr=max_score_thr, step=step,
                      rank_list=rank_list, logger=logger,
                      **metric_kwargs)


@DATASETS.register_module()
class IcdarDataset(SampleRetryMixin, Dataset):
    """COCO-style text detection dataset.

    ``ds[i]`` runs the pipeline on ``{'img_info': {..., 'filename'},
    'ann_info': {'bboxes', 'labels', 'bboxes_ignore', 'masks', 'masks_ignore',
    'seg_map'}, 'img_prefix', 'seg_prefix', 'proposal_file', 'bbox_fields',
    'mask_fields', 'seg_fields'}`` (no ``ann_info`` in test mode). Instances
    with ``iscrowd`` go to ``bboxes_ignore``/``masks_ignore``; boxes are
    ``[x1, y1, x2, y2]``; masks are lists of polygons.

    Args:
        ann_file: COCO json file.
        pipeline: Pipeline step configs.
        classes: Category names to keep (default ``('text',)``).
        data_root: Directory that relative ``ann_file``, ``img_prefix`` and
            ``seg_prefix`` are joined to.
        img_prefix: Image directory.
        seg_prefix: Directory of semantic maps (``seg_map``).
        proposal_file: Not supported (must be ``None``).
        test_mode: Keep every image and give no ``ann_info`` to the pipeline.
        filter_empty_gt: In training, drop images without annotations.
        select_first_k: Keep only the first k images (k > 0) for debugging.
        skip_broken: In training, replace a sample whose image is missing or
            corrupt (with a warning) instead of raising.
        max_retries: Bound on sample replacements for one ``__getitem__``.
    """

    CLASSES = ('text', )

    def __init__(self, ann_file: str, pipeline: Sequence[dict] | None,
                 classes: Sequence[str] | None = None,
                 data_root: str | None = None, img_prefix: str = '',
                 seg_prefix: str | None = None,
                 proposal_file: str | None = None, test_mode: bool = False,
                 filter_empty_gt: bool = True, select_first_k: int = -1,
                 skip_broken: bool = False, max_retries: int = 50):
        if proposal_file is not None:
            raise NotImplementedError('proposal_file is not supported for '
                                      'text detection')
        if data_root is not None:
            if not osp.isabs(ann_file):
                ann_file = osp.join(data_root, ann_file)
            if img_prefix is not None and not osp.isabs(img_prefix):
                img_prefix = osp.join(data_root, img_prefix)
            if seg_prefix is not None and not osp.isabs(seg_prefix):
                seg_prefix = osp.join(data_root, seg_prefix)
        self.ann_file = ann_file
        self.data_root = data_root
        self.img_prefix = img_prefix
        self.seg_prefix = seg_prefix
        self.proposal_file = proposal_file
        self.test_mode = test_mode
        self.filter_empty_gt = filter_empty_gt
        self.select_first_k = select_first_k
        self.skip_broken = skip_broken
        self.max_retries = max_retries
        if isinstance(classes, str):
            classes = (classes, )
        self.CLASSES = tuple(classes) if classes is not None else self.CLASSES

        # The pipeline first: a config error shows before the annotations load.
        self.pipeline = Compose(pipeline)
        self.data_infos = self.load_annotations(ann_file)
        if not test_mode:
            valid = self._filter_imgs()
            self.data_infos = [self.data_infos[i] for i in valid]
        self.flag = np.zeros(len(self), dtype=np.uint8)

    def __len__(self) -> int:
        return len(self.data_infos)

    def load_annotations(self, ann_file: str) -> list[dict]:
        """Image infos of the json, in file order (``filename`` added)."""
        self.coco = CocoTextIndex(ann_file)
        self.cat_ids = self.coco.cat_ids(self.CLASSES)
        self.cat2label = {cat_id: i for i, cat_id in enumerate(self.cat_ids)}
        infos = []
        for img_id, img in self.coco.imgs.items():
            if 0 < self.select_first_k <= len(infos):
                break
            info = dict(img, filename=img['file_name'])
            info['id'] = img_id
            infos.append(info)
        return infos

    def _filter_imgs(self, min_size: int = 32) -> list[int]:
        """Indices of images with annotations of a kept category (when
        ``filter_empty_gt``) and both sides >= ``min_size``."""
        with_ann = {
            ann['image_id']
            for ann in self.coco.anns.values()
            if ann.get('category_id') in self.cat_ids
        }
        valid = []
        for i, info in enumerate(self.data_infos):
            if self.filter_empty_gt and info['id'] not in with_ann:
                continue
            if min(info['width'], info['height']) >= min_size:
                valid.append(i)
        return valid

    def get_ann_info(self, idx: int) -> dict[str, Any]:
        """Parsed annotations of image ``idx``."""
        info = self.data_infos[idx]
        return self._parse_ann_info(info, self.coco.img_to_anns[info['id']])

    def _parse_ann_info(self, img_info: dict, ann_info: list[dict]
                        ) -> dict[str, Any]:
        bboxes, labels, bboxes_ignore = [], [], []
        masks, masks_ignore = [], []
        for ann in ann_info:
            if ann.get('ignore', False):
                continue
            x1, y1, w, h = ann['bbox']
            if ann.get('area', w * h) <= 0 or w < 1 or h < 1:
                continue
            if ann.get('category_id') not in self.cat_ids:
                continue
            bbox = [x1, y1, x1 + w, y1 + h]
            if ann.get('iscrowd', False):
                bboxes_ignore.append(bbox)
                masks_ignore.append(ann.get('segmentation'))
            else:
                bboxes.append(bbox)
                labels.append(self.cat2label[ann['category_id']])
                masks.append(ann.get('segmentation'))
        return dict(
            pack_det_ann_info(bboxes, labels, bboxes_ignore, masks,
                              masks_ignore),
            seg_map=img_info['filename'].replace('jpg', 'png'))

    def pre_pipeline(self, results: dict[str, Any]) -> None:
        results['img_prefix'] = self.img_prefix
        results['seg_prefix'] = self.seg_prefix
        results['proposal_file'] = self.proposal_file
        results['bbox_fields'] = []
        results['mask_fields'] = []
        results['seg_fields'] = []

    def prepare_train_img(self, idx: int) -> dict[str, Any] | None:
        results = dict(img_info=self.data_infos[idx],
                       ann_info=self.get_ann_info(idx))
        self.pre_pipeline(results)
        return self.pipeline(results)

    def prepare_test_img(self, idx: int) -> dict[str, Any] | None:
        results = dict(img_info=self.data_infos[idx])
        self.pre_pipeline(results)
        return self.pipeline(results)

    evaluate = evaluate_hmean

    def hmean_inputs(self) -> tuple[list[dict], list[dict]]:
        """``(img_infos, ann_infos)`` of every image for
        :func:`evaluate_hmean`."""
        return ([{'filename': info['file_name']} for info in self.data_infos],
                [self.get_ann_info(i) for i in range(len(self))])
