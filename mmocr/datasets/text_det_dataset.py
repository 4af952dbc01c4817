"""``TextDetDataset``: text detection annotations as line-json (one image per
line), read through an :class:`AnnFileLoader` (txt or lmdb)."""
from __future__ import annotations

from typing import Any

from mmocr.registry import DATASETS

from .base_dataset import BaseDataset
from .icdar_dataset import evaluate_hmean
from .utils.det_annotations import check_det_annotation, pack_det_ann_info
from .utils.errors import AnnotationParseError

__all__ = ['TextDetDataset']


@DATASETS.register_module()
class TextDetDataset(BaseDataset):
    """Line-json text detection dataset.

    Each line: ``{"file_name", "height", "width", "annotations": [{"iscrowd",
    "category_id", "bbox": [x, y, w, h], "segmentation": [[x1, y1, ...]]}]}``
    (the loader's parser keeps ``file_name``, ``height``, ``width`` and
    ``annotations``). ``ds[i]`` runs the pipeline on ``{'img_info':
    {'filename', 'height', 'width'}, 'ann_info': {'bboxes', 'labels',
    'bboxes_ignore', 'masks', 'masks_ignore'}, ...}``. As in MMOCR 0.x,
    ``bboxes`` stay ``[x, y, w, h]`` and ``labels`` are the category ids.

    Args: see :class:`BaseDataset`.
    """

    def _where(self, index: int) -> str:
        lines = self.data_infos.ori_data_infos
        unit = getattr(lines, 'unit', 'line')
        return f'{self.ann_file}, {unit} {index % len(lines) + 1}'

    def _parse_anno_info(self, annotations: list[dict],
                         where: str = '') -> dict[str, Any]:
        """Split instances into cared and ignored (``iscrowd``) boxes/masks.

        Raises:
            AnnotationParseError: an instance is malformed (names ``where``).
        """
        if not isinstance(annotations, list):
            raise AnnotationParseError(f'{where}: "annotations" must be a '
                                       f'list, got {type(annotations).__name__}')
        bboxes, labels, bboxes_ignore = [], [], []
        masks, masks_ignore = [], []
        for i, ann in enumerate(annotations):
            check_det_annotation(ann, f'{where}, annotations[{i}]')
            if ann.get('iscrowd', False):
                bboxes_ignore.append(ann['bbox'])
                masks_ignore.append(ann.get('segmentation'))
            else:
                if 'category_id' not in ann:
                    raise AnnotationParseError(
                        f'{where}, annotations[{i}]: no "category_id"')
                bboxes.append(ann['bbox'])
                labels.append(ann['category_id'])
                masks.append(ann.get('segmentation'))
        return pack_det_ann_info(bboxes, labels, bboxes_ignore, masks,
                                 masks_ignore)

    def _img_ann_info(self, index: int) -> dict[str, Any]:
        info = self.data_infos[index]
        for key in ('file_name', 'height', 'width', 'annotations'):
            if key not in info:
                raise AnnotationParseError(
                    f'{self._where(index)}: no "{key}" (is the parser '
                    "LineJsonParser with keys=['file_name', 'height', "
                    "'width', 'annotations']?)")
        return info

    def get_ann_info(self, index: int) -> dict[str, Any]:
        """Parsed annotations of sample ``index``."""
        info = self._img_ann_info(index)
        return self._parse_anno_info(info['annotations'], self._where(index))

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        info = self._img_ann_info(index)
        img_info = {
            'filename': info['file_name'],
            'height': info['height'],
            'width': info['width']
        }
        ann_info = self._parse_anno_info(info['annotations'],
                                         self._where(index))
        results = dict(img_info=img_info, ann_info=ann_info, bbox_fields=[],
                       mask_fields=[], seg_fields=[])
        self.pre_pipeline(results)
        return self.pipeline(results)

    evaluate = evaluate_hmean

    def hmean_inputs(self) -> tuple[list[dict], list[dict]]:
        """``(img_infos, ann_infos)`` of every sample for
        :func:`~mmocr.datasets.icdar_dataset.evaluate_hmean`."""
        return ([{'filename': self._img_ann_info(i)['file_name']}
                 for i in range(len(self))],
                [self.get_ann_info(i) for i in range(len(self))])
