"""Reading Pascal-VOC style text annotations (``<object><name>text</name>
<bndbox><xmin/><ymin/><xmax/><ymax/></bndbox></object>``: IIIT-ILST,
Lecture Video DB)."""
from __future__ import annotations

import warnings

from .det_convert import load_xml_annotation

__all__ = ['read_voc_objects']

BOX_KEYS = ('xmin', 'ymin', 'xmax', 'ymax')


def read_voc_objects(gt_file: str) -> list[tuple[list[int], str]]:
    """``(rectangle [x1, y1, ..., x4, y4], name)`` of each ``<object>`` of a
    VOC XML file; the rectangle spans the two corners in any order, its
    top-left clipped to 0. An object without integer ``bndbox`` corners is
    skipped with a warning naming the file and object.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not valid XML.
    """
    objects = []
    for k, obj in enumerate(load_xml_annotation(gt_file).iter('object')):
        try:
            x1, y1, x2, y2 = (int(obj.findtext(f'bndbox/{key}') or '')
                              for key in BOX_KEYS)
        except ValueError:
            warnings.warn(f'{gt_file}: object {k}: skipped, expected integer '
                          f'bndbox {", ".join(BOX_KEYS)}', stacklevel=2)
            continue
        x, y = max(0, min(x1, x2)), max(0, min(y1, y2))
        w, h = abs(x2 - x1), abs(y2 - y1)
        objects.append(([x, y, x + w, y, x + w, y + h, x, y + h],
                        (obj.findtext('name') or '').strip()))
    return objects
