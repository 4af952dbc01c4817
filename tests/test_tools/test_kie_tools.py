"""KIE data tools: closeset_to_openset.py and sroie_to_kie.py."""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.apis.utils import run_tool
from mmocr.datasets import KIEDataset, OpensetKIEDataset
from mmocr.datasets.utils.sroie import sroie_split
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
LOADER = dict(type='AnnFileLoader',
              parser=dict(type='LineJsonParser',
                          keys=['file_name', 'height', 'width', 'annotations']))


def _load_tool(rel_path: str):
    path = REPO / rel_path
    return load_script(path, path.stem + '_kie_tool')


closeset_to_openset = _load_tool('tools/data/kie/closeset_to_openset.py')
sroie_to_kie = _load_tool('tools/data/kie/sroie_to_kie.py')


def _box(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def _closeset_doc(labels):
    return dict(file_name='r.jpg', height=50, width=50, annotations=[
        dict(box=_box(i, i, i + 5, i + 5), text=f't{i}', label=label)
        for i, label in enumerate(labels)])


def test_closeset_to_openset_labels_and_edges(tmp_path):
    # Ignore, Store_name_value, Store_name_key, Others, Store_addr_value x2
    src = tmp_path / 'close.txt'
    src.write_text(json.dumps(_closeset_doc([0, 1, 2, 25, 3, 3])) + '\n')
    out = tmp_path / 'open.txt'
    closeset_to_openset.main([str(src), str(out), '--n_proc', '1'])
    anns = json.loads(out.read_text())['annotations']
    assert [a['label'] for a in anns] == [0, 2, 1, 3, 2, 2]
    edges = [a['edge'] for a in anns]
    assert edges[1] == edges[2]  # the store name key-value pair
    assert edges[4] == edges[5]  # two values of the same pair
    assert len({edges[0], edges[1], edges[3], edges[4]}) == 4
    merged = json.loads(closeset_to_openset.convert(
        json.dumps(_closeset_doc([25])), merge_bg_others=True))
    assert merged['annotations'][0]['label'] == 0
    ds = OpensetKIEDataset(str(out), LOADER, dict_file=str(_dict(tmp_path)))
    labels = ds._parse_anno_info(ds.data_infos[0]['annotations'])['labels']
    assert labels[1, 1:].tolist() == [0, -1, 1, 0, 0, 0]


def _dict(tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_text('\n'.join('t0123456789') + '\n')
    return path


def test_closeset_to_openset_bad_label(tmp_path):
    with pytest.raises(ValueError, match=r'in.txt:3: annotation 0 has label 30'):
        closeset_to_openset.convert(json.dumps(_closeset_doc([30])),
                                    where='in.txt:3')



@pytest.mark.parametrize('line, message', [
    ('not json', r'in\.txt:2: not valid json'),
    ('[1, 2]', r'in\.txt:2: expected a json object'),
    ('{"file_name": "a.jpg"}', r"in\.txt:2: missing key\(s\) \['height', "
     r"'width', 'annotations'\]"),
    ('{"file_name": "a", "height": 1, "width": 1, "annotations": [3]}',
     r'in\.txt:2: "annotations" must be a list of objects'),
])
def test_closeset_to_openset_bad_lines_one_clear_error(tmp_path, capsys, line,
                                                       message):
    src = tmp_path / 'in.txt'
    src.write_text(json.dumps(_closeset_doc([1])) + '\n' + line + '\n')
    out = tmp_path / 'out.txt'
    assert run_tool(closeset_to_openset.main, 'closeset_to_openset.py',
                    [str(src), str(out), '--n_proc', '1']) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith('closeset_to_openset.py: '
                                               'error: ValueError: ')
    assert re.search(message, err[0]), err[0]
    assert not out.exists()  # nothing half-written


def test_closeset_to_openset_missing_input_and_bad_output(tmp_path, capsys):
    assert run_tool(closeset_to_openset.main, 'closeset_to_openset.py',
                    [str(tmp_path / 'nope.txt'), str(tmp_path / 'o.txt')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('closeset_to_openset.py: error: FileNotFoundError: ')
    assert 'nope.txt" does not exist' in err and '\n' not in err
    src = tmp_path / 'in.txt'
    src.write_text(json.dumps(_closeset_doc([1])) + '\n')
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    assert run_tool(closeset_to_openset.main, 'closeset_to_openset.py',
                    [str(src), str(blocker / 'o.txt'), '--n_proc', '1']) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('closeset_to_openset.py: error: ')
    assert f'cannot write {blocker / "o.txt"}' in err and '\n' not in err

def _make_sroie(root: Path) -> None:
    for sub in ('img', 'box', 'key'):
        (root / sub).mkdir(parents=True)
    receipts = {
        'r0': ([('SHOP ONE SDN BHD (12-X)', _box(10, 10, 200, 30)),
                ('NO 1, JALAN SATU,', _box(10, 40, 200, 60)),
                ('KUALA LUMPUR', _box(10, 70, 200, 90)),
                ('DATE: 01/02/2019 10:00', _box(10, 100, 200, 120)),
                ('SUBTOTAL', _box(10, 130, 100, 150)),
                ('9.00', _box(150, 130, 200, 150)),
                ('TOTAL', _box(10, 160, 100, 180)),
                ('RM 9.00', _box(150, 160, 200, 180)),
                ('THANK YOU', _box(10, 190, 200, 210))],
               dict(company='SHOP ONE SDN BHD', date='01/02/2019',
                    address='NO 1, JALAN SATU, KUALA LUMPUR', total='9.00')),
        'r1': ([('ANOTHER', _box(5, 5, 50, 20)), ('SHOP', _box(5, 25, 50, 40)),
                ('1 JLN DUA', _box(5, 45, 50, 60))],
               dict(company='ANOTHER SHOP', date='', address='1 JLN DUA',
                    total='')),
    }
    for name, (lines, keys) in receipts.items():
        cv2.imwrite(str(root / 'img' / f'{name}.jpg'),
                    np.full((220, 210, 3), 255, np.uint8))
        (root / 'box' / f'{name}.csv').write_text(''.join(
            ','.join(str(v) for v in box) + f',{text}\n' for text, box in lines))
        (root / 'key' / f'{name}.json').write_text(json.dumps(keys))
    # a receipt without key file is skipped with a warning
    cv2.imwrite(str(root / 'img' / 'r2.jpg'), np.zeros((8, 8, 3), np.uint8))
    (root / 'box' / 'r2.csv').write_text('0,0,4,0,4,4,0,4,X\n')


def test_sroie_to_kie_labels(tmp_path):
    root, out = tmp_path / 'sroie', tmp_path / 'kie'
    _make_sroie(root)
    with pytest.warns(UserWarning, match='r2: no key file'):
        code = sroie_to_kie.main([str(root), '-o', str(out), '--val-ratio',
                                  '0.4', '--seed', '1'])
    assert code == 0
    train, test = sroie_split(str(root), 0.4, 1)
    docs = {}
    for split, names in (('train', train), ('test', test)):
        lines = (out / f'{split}.txt').read_text().splitlines()
        for line in lines:
            doc = json.loads(line)
            docs[doc['file_name']] = doc
        assert {json.loads(line)['file_name'] for line in lines} == {
            f'image_files/{n}.jpg' for n in names if n != 'r2'}
    r0 = [a['label'] for a in docs['image_files/r0.jpg']['annotations']]
    # Company, Address x2, Date, SUBTOTAL/9.00 Other, TOTAL row: Total
    assert r0 == [1, 2, 2, 3, 0, 0, 0, 4, 0]
    r1 = docs['image_files/r1.jpg']
    assert [a['label'] for a in r1['annotations']] == [1, 1, 2]
    assert (r1['height'], r1['width']) == (220, 210)
    assert (out / 'image_files' / 'r0.jpg').is_file()
    assert (out / 'class_list.txt').read_text().splitlines() == [
        '0 Other', '1 Company', '2 Address', '3 Date', '4 Total']
    ds = KIEDataset(str(out / 'train.txt'), LOADER,
                    dict_file=str(out / 'dict.txt'),
                    class_list=str(out / 'class_list.txt'))
    assert len(ds.dict) == 92
    assert ds[0] is not None



def test_sroie_to_kie_skips_bad_receipts(tmp_path, capsys):
    """A receipt with a corrupt image, a malformed key file or a malformed
    box line is skipped with a warning naming it; the others are kept."""
    root, out = tmp_path / 'sroie', tmp_path / 'kie'
    _make_sroie(root)
    (root / 'img' / 'r1.jpg').write_bytes(b'')
    (root / 'key' / 'r2.json').write_text('["not", "an object"]')
    with (root / 'box' / 'r0.csv').open('a') as f:
        f.write('1,2,3,4,5,6,7,seven\n')
    for name in ('r3', 'r4'):  # a good receipt and one with a bad key file
        cv2.imwrite(str(root / 'img' / f'{name}.jpg'),
                    np.full((20, 20, 3), 255, np.uint8))
        (root / 'box' / f'{name}.csv').write_text('0,0,9,0,9,9,0,9,SHOP\n')
    (root / 'key' / 'r3.json').write_text(json.dumps(dict(company='SHOP')))
    (root / 'key' / 'r4.json').write_text('{not json')
    with pytest.warns(UserWarning) as record:
        assert sroie_to_kie.main([str(root), '-o', str(out), '--val-ratio',
                                  '0']) == 0
    messages = '\n'.join(str(w.message) for w in record)
    assert re.search(r'r0: skipped \(.*r0\.csv:10: malformed', messages)
    assert re.search(r"r1: skipped \(cannot identify image file", messages)
    assert 'r2: skipped (' in messages and 'r2.json: expected a json ' \
        'object' in messages
    assert 'r4: skipped (' in messages and 'r4.json: not valid json' in messages
    docs = [json.loads(x) for x in (out / 'train.txt').read_text().splitlines()]
    assert [d['file_name'] for d in docs] == ['image_files/r3.jpg']
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        assert run_tool(sroie_to_kie.main, 'sroie_to_kie.py',
                        [str(root), '-o', str(blocker / 'o')]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith('sroie_to_kie.py: error: NotADirectoryError: ')
    assert str(blocker / 'o') in err[-1]

@pytest.mark.slow
def test_sroie_to_kie_on_real_receipts(shared_data, tmp_path):
    root = shared_data / 'sroie'
    if not (root / 'key').is_dir():
        pytest.skip('SROIE key files not found')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # receipts lacking a key field
        counts = sroie_to_kie.convert(str(root), str(tmp_path / 'kie'))
    assert counts['Other'] > counts['Address'] > 0
    docs = [json.loads(line) for split in ('train', 'test')
            for line in (tmp_path / 'kie' / f'{split}.txt').read_text()
            .splitlines()]
    has = {c: sum(any(a['label'] == c for a in d['annotations'])
                  for d in docs) for c in range(1, 5)}
    # every key field is found on nearly every receipt
    assert all(n >= 0.95 * len(docs) for n in has.values()), has
