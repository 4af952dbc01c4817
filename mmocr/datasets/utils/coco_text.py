"""Reading the COCO-API style text annotation files of COCO-Text v2 and
TextOCR (``{"imgs": {id: image}, "anns": {id: word}, "imgToAnns": {image id:
[word ids]}}``) into the image infos of the detection converters."""
from __future__ import annotations

import math
import warnings
from numbers import Number
from typing import Any, Callable

from tqdm import tqdm

from .det_convert import load_json_annotation

__all__ = ['load_coco_text', 'coco_text_instance', 'coco_text_image_infos',
           'COCOTEXT_ANN_FILE', 'COCOTEXT_SETS', 'cocotext_is_ignored',
           'TEXTOCR_ANN_FILES', 'textocr_is_ignored']

#: COCO-Text v2's annotation file in its root (MMOCR 0.x's layout).
COCOTEXT_ANN_FILE = 'annotations/cocotext.v2.json'
#: Our split name -> the ``set`` of its COCO-Text images.
COCOTEXT_SETS = {'training': 'train', 'val': 'val'}
#: Our split name -> its TextOCR annotation file in the dataset root.
TEXTOCR_ANN_FILES = {'training': 'TextOCR_0.1_train.json',
                     'val': 'TextOCR_0.1_val.json'}


def cocotext_is_ignored(ann: dict) -> bool:
    """COCO-Text's illegible and non-English words are ignored."""
    return (ann.get('language') == 'not english'
            or ann.get('legibility') == 'illegible')


def textocr_is_ignored(ann: dict) -> bool:
    """TextOCR transcribes illegible words as ``.``."""
    return ann.get('utf8_string') == '.'

_TOP_KEYS = ('imgs', 'anns', 'imgToAnns')
_IMAGE_KEYS = ('id', 'file_name', 'width', 'height')

#: ``select(image record) -> bool``: whether the image belongs to the split.
Select = Callable[[dict], bool]
#: ``iscrowd(word record) -> bool``: whether the word is ignored.
IsCrowd = Callable[[dict], bool]


def load_coco_text(ann_file: str) -> dict:
    """The parsed annotation file.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not json, or not an object with ``imgs``,
            ``anns`` and ``imgToAnns`` objects (names the file).

    An image record without ``id``, ``file_name``, ``width`` and ``height``
    is dropped with a warning naming the file and the record.
    """
    data = load_json_annotation(ann_file, dict.fromkeys(_TOP_KEYS, dict))
    for key, img in list(data['imgs'].items()):
        if not isinstance(img, dict) or not all(k in img
                                                for k in _IMAGE_KEYS):
            warnings.warn(f'{ann_file}: imgs[{key!r}]: skipped image record '
                          f'without {", ".join(_IMAGE_KEYS)}: '
                          f'{str(img)[:100]}', stacklevel=2)
            del data['imgs'][key]
    return data


def _numbers(values: Any, count: int | None = None) -> bool:
    return (isinstance(values, list)
            and (count is None or len(values) == count)
            and all(isinstance(v, Number) and not isinstance(v, bool)
                    for v in values))


def coco_text_instance(ann: dict, poly_key: str, iscrowd: bool
                       ) -> dict | None:
    """A COCO text instance from a word record, as MMOCR 0.x builds it:
    ``bbox`` ``[x, y, w, h]`` with ``x, y`` floored (and clipped to 0) and
    ``w, h`` ceiled, the record's ``area``, and the polygon ``ann[poly_key]``
    truncated to integers (clipped to 0), or the bbox's rectangle when that
    polygon has fewer than 4 points. ``None`` when the record has no
    ``[x, y, w, h]`` numbers or its polygon is not a list of numbers."""
    bbox, poly = ann.get('bbox'), ann.get(poly_key, [])
    if not _numbers(bbox, 4) or not _numbers(poly):
        return None
    x, y = max(0, math.floor(bbox[0])), max(0, math.floor(bbox[1]))
    w, h = math.ceil(bbox[2]), math.ceil(bbox[3])
    seg = [max(0, int(v)) for v in poly]
    if len(seg) < 8 or len(seg) % 2:
        seg = [x, y, x + w, y, x + w, y + h, x, y + h]
    area = ann.get('area')
    return dict(iscrowd=int(iscrowd), category_id=1, bbox=[x, y, w, h],
                area=area if _numbers([area]) else w * h,
                segmentation=[seg])


def coco_text_image_infos(ann_file: str, data: dict, select: Select,
                          iscrowd: IsCrowd, poly_key: str,
                          skip_empty: bool = False, segm_file: str = '',
                          desc: str | None = None,
                          keep_keys: tuple[str, ...] = ()) -> list[dict]:
    """Image infos (``file_name`` as in the file, ``height``, ``width``,
    ``segm_file``, ``anno_info``) of the images ``select`` picks.

    ``data`` is :func:`load_coco_text`'s. A word record that is missing or
    malformed is skipped with a warning naming ``ann_file`` and the record;
    with ``skip_empty`` images
    left without words are dropped. ``desc`` labels a progress bar. The
    word fields ``keep_keys`` (e.g. ``utf8_string``) are copied into the
    instances (``''`` when a word lacks one).
    """
    infos = []
    images = data['imgs']
    for key in tqdm(images, desc=desc, disable=desc is None):
        img = images[key]
        if not select(img):
            continue
        anno_info = []
        for ann_id in data['imgToAnns'].get(str(img['id']), []):
            ann = data['anns'].get(str(ann_id))
            instance = (coco_text_instance(ann, poly_key, iscrowd(ann))
                        if isinstance(ann, dict) else None)
            if instance is None:
                warnings.warn(f'{ann_file}: anns[{str(ann_id)!r}] (image '
                              f'{img["id"]}): skipped missing or malformed '
                              f'word record: {str(ann)[:100]}', stacklevel=2)
                continue
            instance.update({k: str(ann.get(k, '')) for k in keep_keys})
            anno_info.append(instance)
        if skip_empty and not anno_info:
            continue
        infos.append(dict(file_name=img['file_name'],
                          height=int(img['height']), width=int(img['width']),
                          segm_file=segm_file, anno_info=anno_info))
    return infos
