"""Reading XML word annotations: Pascal-VOC style (``<object><name>text
</name><bndbox><xmin/><ymin/><xmax/><ymax/></bndbox></object>``: IIIT-ILST,
Lecture Video DB) and KAIST's (``<word x y width height><character char/>
...</word>``)."""
from __future__ import annotations

import warnings

from .det_annotations import make_det_annotation
from .det_convert import load_xml_annotation

__all__ = ['read_voc_objects', 'read_kaist_words', 'load_kaist_annos',
           'load_ilst_annos']

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


KAIST_KEYS = ('x', 'y', 'width', 'height')


def read_kaist_words(gt_file: str) -> list[tuple[list[int], str]]:
    """``(rectangle [x1, y1, ..., x4, y4], text)`` of each ``<word>`` of a
    KAIST XML file (top-left clipped to 0; the text joins its characters'
    ``char``). A word without integer ``x``, ``y``, ``width`` and ``height``
    is skipped with a warning naming the file and word.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not valid XML.
    """
    words = []
    for k, word in enumerate(load_xml_annotation(gt_file).iter('word')):
        try:
            x, y, w, h = (int(word.attrib[key]) for key in KAIST_KEYS)
        except (KeyError, ValueError):
            warnings.warn(f'{gt_file}: word {k}: skipped, expected integer '
                          f'{", ".join(KAIST_KEYS)}: {dict(word.attrib)}',
                          stacklevel=2)
            continue
        x, y = max(0, x), max(0, y)
        text = ''.join(c.get('char', '') for c in word.iter('character'))
        words.append(([x, y, x + w, y, x + w, y + h, x, y + h], text))
    return words


def load_kaist_annos(gt_file: str, split: str) -> list[dict]:
    """The word instances (``iscrowd=0``, with their ``text``) of one KAIST
    XML file (:func:`read_kaist_words`)."""
    return [dict(make_det_annotation(rect, 0), text=text)
            for rect, text in read_kaist_words(gt_file)]


def load_ilst_annos(gt_file: str, split: str) -> list[dict]:
    """The instances (with their ``text``; objects with an empty name
    ``iscrowd=1``) of one IIIT-ILST VOC XML file (:func:`read_voc_objects`)."""
    return [dict(make_det_annotation(rect, not text), text=text)
            for rect, text in read_voc_objects(gt_file)]
