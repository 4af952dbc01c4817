"""``OCRSegDataset``: text images with character-level boxes."""
from __future__ import annotations

from typing import Any

from mmocr.registry import DATASETS

from .ocr_dataset import OCRDataset
from .utils.errors import AnnotationParseError

__all__ = ['OCRSegDataset']


@DATASETS.register_module()
class OCRSegDataset(OCRDataset):
    """Dataset for segmentation-based recognizers (character boxes).

    Annotations are json lines read with
    ``LineJsonParser(keys=['file_name', 'annotations', 'text'])``::

        {"file_name": "a.png", "text": "ab", "annotations": [
            {"char_text": "a", "char_box": [x1, y1, x2, y2, x3, y3, x4, y4]},
            {"char_text": "b", "char_box": [x1, y1, x2, y2],
             "char_box_type": "xyxy"}]}

    A 4-value ``char_box`` is ``xyxy`` (default) or ``xywh`` per
    ``char_box_type``. ``ds[i]`` runs the pipeline on ``{'img_info':
    {'filename'[, 'text']}, 'ann_info': {'chars': [str] * K,
    'char_rects': [[x1, y1, x2, y2]] * K, 'char_quads': [[x1, y1, ...,
    x4, y4]] * K}, 'img_prefix'[, 'text']}``.
    """

    def pre_pipeline(self, results: dict[str, Any]) -> None:
        results['img_prefix'] = self.img_prefix
        if 'text' in results['img_info']:
            results['text'] = results['img_info']['text']

    def _parse_anno_info(self, annotations: Any, index: int = 0
                         ) -> dict[str, list]:
        """Character annotations -> ``dict(chars, char_rects, char_quads)``.
        """
        where = self._where(index)
        if not isinstance(annotations, list) or not annotations:
            raise AnnotationParseError(f'{where}: "annotations" must be a '
                                       'non-empty list of character boxes')
        chars, char_rects, char_quads = [], [], []
        for k, ann in enumerate(annotations):
            if not isinstance(ann, dict) or 'char_box' not in ann or \
                    'char_text' not in ann:
                raise AnnotationParseError(
                    f'{where}: annotation {k} needs "char_box" and '
                    f'"char_text", got {ann!r}')
            box = [float(v) for v in ann['char_box']]
            if len(box) == 4:
                box_type = ann.get('char_box_type', 'xyxy')
                if box_type == 'xywh':
                    box = [box[0], box[1], box[0] + box[2], box[1] + box[3]]
                elif box_type != 'xyxy':
                    raise AnnotationParseError(
                        f'{where}: annotation {k}: char_box_type must be '
                        f'"xyxy" or "xywh", got {box_type!r}')
                x1, y1, x2, y2 = box
                char_rects.append([x1, y1, x2, y2])
                char_quads.append([x1, y1, x2, y1, x2, y2, x1, y2])
            elif len(box) == 8:
                xs, ys = box[0::2], box[1::2]
                char_rects.append([min(xs), min(ys), max(xs), max(ys)])
                char_quads.append(box)
            else:
                raise AnnotationParseError(
                    f'{where}: annotation {k}: char_box must have 4 or 8 '
                    f'values, got {len(box)}')
            chars.append(ann['char_text'])
        return dict(chars=chars, char_rects=char_rects, char_quads=char_quads)

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        info = self.data_infos[index]
        for key in ('file_name', 'annotations'):
            if key not in info:
                raise AnnotationParseError(
                    f'{self._where(index)}: annotation has no {key!r}; set '
                    "the parser keys to ['file_name', 'annotations', 'text']")
        img_info = {'filename': info['file_name']}
        if 'text' in info:
            img_info['text'] = info['text']
        results = dict(img_info=img_info,
                       ann_info=self._parse_anno_info(info['annotations'],
                                                      index))
        self.pre_pipeline(results)
        return self.pipeline(results)
