"""The layout of NAF (National Archives Forms): ``imgs/NAME.jpg``,
``annotations/train_valid_test_split.json`` (``{"train" | "valid" | "test":
{GROUP: [NAME.jpg, ...]}}``) and ``annotations/groups/GROUP/NAME.json``."""
from __future__ import annotations

import os.path as osp
import warnings

__all__ = ['SPLITS', 'BOX_TYPES', 'naf_split_pairs']

#: Our split name -> its key in ``train_valid_test_split.json``.
SPLITS = {'training': 'train', 'val': 'valid', 'test': 'test'}
#: The box lists of a NAF json: printed texts and filled-in fields.
BOX_TYPES = ('textBBs', 'fieldBBs')


def naf_split_pairs(root: str, groups: dict) -> list[tuple[str, str]]:
    """``(image, json)`` of the images of one split (``groups``: the split's
    entry of the split file), in the file's order; those missing either are
    skipped with a warning."""
    pairs = []
    for group, names in groups.items():
        for name in names if isinstance(names, list) else []:
            img_file = osp.join(root, 'imgs', name)
            gt_file = osp.join(root, 'annotations', 'groups', group,
                               f'{osp.splitext(name)[0]}.json')
            missing = [f for f in (img_file, gt_file) if not osp.isfile(f)]
            if missing:
                warnings.warn(f'{name} (group {group}): {missing[0]} not '
                              'found; skipped', stacklevel=2)
                continue
            pairs.append((img_file, gt_file))
    return pairs
