"""The layout of HierText: ``annotations/{train,val}.jsonl`` (one json
object whose ``annotations`` list has per image ``image_id``,
``image_width``, ``image_height`` and ``paragraphs`` -> ``lines`` ->
``words``, each with ``vertices`` and ``legible``)."""
from __future__ import annotations

import os.path as osp

__all__ = ['LEVELS', 'ANN_FILES', 'ann_file', 'level_elements']

LEVELS = ('paragraph', 'line', 'word')
#: Our split name -> its annotation file names in ROOT/annotations, by
#: preference.
ANN_FILES = {'training': ('train.jsonl', ), 'val': ('val.jsonl',
                                                   'validation.jsonl')}


def ann_file(root: str, split: str) -> str:
    """The split's annotation file (the first of its names that exists)."""
    paths = [osp.join(root, 'annotations', n) for n in ANN_FILES[split]]
    return next((p for p in paths if osp.isfile(p)), paths[0])


def _children(element, key: str) -> list:
    value = element.get(key, []) if isinstance(element, dict) else []
    return value if isinstance(value, list) else []


def level_elements(image: dict, level: str) -> list[tuple[str, dict]]:
    """``(path, element)`` of the elements of ``level`` of one image, e.g.
    ``('paragraphs[0].lines[1].words[2]', {...})``."""
    elements = []
    for i, para in enumerate(_children(image, 'paragraphs')):
        if level == 'paragraph':
            elements.append((f'paragraphs[{i}]', para))
            continue
        for j, line in enumerate(_children(para, 'lines')):
            path = f'paragraphs[{i}].lines[{j}]'
            if level == 'line':
                elements.append((path, line))
                continue
            elements += [(f'{path}.words[{k}]', word)
                         for k, word in enumerate(_children(line, 'words'))]
    return elements
