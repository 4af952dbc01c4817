"""Seeded hold-out and k-fold splits (mmocr.datasets.utils.sroie)."""
import random

from mmocr.datasets.utils.splits import hold_out, kfold_split


def test_hold_out_parts_follow_one_shuffle():
    items = [f'n{i}' for i in range(40)]
    order = list(range(40))
    random.Random(3).shuffle(order)
    parts = hold_out(items, 3, val=0.1, choice=0.25)
    assert parts['val'] == [items[i] for i in sorted(order[:4])]
    assert parts['choice'] == [items[i] for i in sorted(order[4:14])]
    assert len(parts['train']) == 26
    assert sorted(sum(parts.values(), [])) == sorted(items)
    # a later part leaves the earlier ones as they were; a zero ratio is
    # no part
    assert hold_out(items, 3, val=0.1)['val'] == parts['val']
    assert set(hold_out(items, 3, val=0.1, choice=0.0)) == {'val', 'train'}
    assert hold_out(items, 4, val=0.1)['val'] != parts['val']


def test_kfold_split_covers_every_name_once():
    folds = kfold_split([f'n{i}' for i in range(10)], 3)
    assert sorted(sum(folds, [])) == [f'n{i}' for i in range(10)]
