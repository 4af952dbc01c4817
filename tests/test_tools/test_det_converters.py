"""tools/data/textdet converters: ICDAR, CTW1500, Total-Text and SROIE."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.apis.utils import run_tool
from mmocr.datasets import IcdarDataset, TextDetDataset
from mmocr.utils.scripts import load_script

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data' / 'textdet'
DET_LOADER = dict(type='AnnFileLoader', repeat=1,
                  parser=dict(type='LineJsonParser',
                              keys=['file_name', 'height', 'width',
                                    'annotations']))


def _load(name):
    return load_script(TOOLS / f'{name}.py', name)


icdar_converter = _load('icdar_converter')
sroie_converter = _load('sroie_converter')
ctw1500_converter = _load('ctw1500_converter')
totaltext_converter = _load('totaltext_converter')
ic11_converter = _load('ic11_converter')
ic13_converter = _load('ic13_converter')
cocotext_converter = _load('cocotext_converter')
textocr_converter = _load('textocr_converter')
art_converter = _load('art_converter')
lsvt_converter = _load('lsvt_converter')
rctw_converter = _load('rctw_converter')
mtwi_converter = _load('mtwi_converter')
funsd_converter = _load('funsd_converter')
detext_converter = _load('detext_converter')
vintext_converter = _load('vintext_converter')
coco_to_line_dict = _load('coco_to_line_dict')
rects_converter = _load('rects_converter')
bid_converter = _load('bid_converter')
kaist_converter = _load('kaist_converter')
ilst_converter = _load('ilst_converter')
imgur_converter = _load('imgur_converter')
hiertext_converter = _load('hiertext_converter')
lv_converter = _load('lv_converter')
naf_converter = _load('naf_converter')


def test_icdar_converter_reproduces_toy_json(toy_root, tmp_path):
    root = toy_root / 'toy_dataset'
    assert icdar_converter.main([str(root), '-o', str(tmp_path), '-d',
                                 'icdar2015', '--split-list', 'test']) == 0
    ours = json.loads((tmp_path / 'instances_test.json').read_text())
    ref = json.loads((root / 'instances_test.json').read_text())

    def by_file(data):
        anns = {}
        for ann in data['annotations']:
            anns.setdefault(ann['image_id'], []).append(
                {k: ann[k] for k in ('iscrowd', 'category_id', 'bbox', 'area',
                                     'segmentation')})
        return {img['file_name']: (img['height'], img['width'],
                                   img['segm_file'], anns.get(img['id'], []))
                for img in data['images']}

    assert by_file(ours) == by_file(ref)
    lines = (tmp_path / 'instances_test.txt').read_text().splitlines()
    assert len(lines) == 10
    ds = TextDetDataset(str(tmp_path / 'instances_test.txt'), DET_LOADER,
                        pipeline=None, test_mode=True)
    assert ds[0]['img_info']['filename'].startswith('test/')


def test_icdar2017_and_bad_lines(tmp_path):
    root = tmp_path / 'icdar2017'
    (root / 'imgs' / 'val').mkdir(parents=True)
    (root / 'annotations' / 'val').mkdir(parents=True)
    cv2.imwrite(str(root / 'imgs' / 'val' / 'img_1.jpg'),
                np.zeros((40, 50, 3), np.uint8))
    (root / 'annotations' / 'val' / 'gt_img_1.txt').write_text(
        '1,1,20,1,20,10,1,10,Latin,Hello,World\n'
        '2,2,9,2,9,9,2,9,Latin,###\n'
        'oops,1,2\n', encoding='utf-8-sig')
    with pytest.warns(UserWarning, match=r'gt_img_1\.txt:3'):
        counts = icdar_converter.convert(str(root), str(tmp_path / 'out'),
                                         'icdar2017', ['val'])
    assert counts == {'val': 1}
    data = json.loads((tmp_path / 'out' / 'instances_val.json').read_text())
    assert [a['iscrowd'] for a in data['annotations']] == [0, 1]
    assert data['annotations'][0]['bbox'] == [1.0, 1.0, 19.0, 9.0]
    assert data['annotations'][0]['area'] == pytest.approx(171)


def _fake_sroie(root: Path, n: int = 10) -> Path:
    (root / 'img').mkdir(parents=True)
    (root / 'box').mkdir()
    for i in range(n):
        name = f'{i:03d}'
        cv2.imwrite(str(root / 'img' / f'{name}.jpg'),
                    np.full((60, 40, 3), 255, np.uint8))
        (root / 'box' / f'{name}.csv').write_text(
            '1,2,30,2,30,12,1,12,TOTAL: 1,00\n5,20,30,20,30,30,5,30,###\n')
    return root


def test_sroie_converter_split_and_outputs(tmp_path):
    root = _fake_sroie(tmp_path / 'sroie')
    (root / 'img' / '003.jpg').write_bytes(b'\xff\xd8 corrupt')
    with (root / 'box' / '005.csv').open('a') as f:
        f.write('1,2,3,bad\n')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        counts = sroie_converter.convert(str(root), str(out), val_ratio=0.2,
                                         seed=0)
    messages = ' '.join(str(w.message) for w in record)
    assert '003.jpg' in messages and '005.csv:3' in messages
    train = (out / 'train_list.txt').read_text().split()
    val = (out / 'val_list.txt').read_text().split()
    assert not set(train) & set(val)
    assert len(val) + len(train) == 9 and counts['val'] == len(val)
    # deterministic: a second run gives the same split
    with pytest.warns(UserWarning):
        sroie_converter.convert(str(root), str(tmp_path / 'again'),
                                val_ratio=0.2, seed=0)
    assert (tmp_path / 'again' / 'val_list.txt').read_text().split() == val
    ds = IcdarDataset(str(out / 'instances_val.json'), pipeline=None,
                      img_prefix=str(out / 'imgs'), test_mode=True)
    assert len(ds) == len(val)
    ann = ds.get_ann_info(0)
    assert ann['masks'] == [[[1, 2, 30, 2, 30, 12, 1, 12]]]
    assert len(ann['masks_ignore']) == 1
    assert (out / 'imgs').is_symlink()
    assert {p.name for p in (out / 'imgs').iterdir()} >= {
        f'{n}.jpg' for n in val}
    lines = (out / 'instances_training.txt').read_text().splitlines()
    assert [json.loads(x)['file_name'][:3] for x in lines] == [
        n for n in train if n != '003']


def test_sroie_converter_folds_partition_the_training_part(tmp_path):
    root = _fake_sroie(tmp_path / 'sroie', n=11)
    out = tmp_path / 'out'
    counts = sroie_converter.convert(str(root), str(out), val_ratio=0.1,
                                     seed=0, folds=3)
    val = set((out / 'val_list.txt').read_text().split())
    train = (out / 'train_list.txt').read_text().split()

    def names(split):
        data = json.loads((out / f'instances_{split}.json').read_text())
        return [img['file_name'][:3] for img in data['images']]

    folds = [names(f'fold{f}') for f in range(3)]
    assert sorted(sum(folds, [])) == sorted(train)  # a partition
    assert [len(f) for f in folds] == [4, 3, 3] and not val & set(sum(folds, []))
    for f in range(3):
        rest = names(f'training_fold{f}')
        assert sorted(rest + folds[f]) == sorted(train)
        assert counts[f'training_fold{f}'] == len(rest)
    again = tmp_path / 'again'
    sroie_converter.convert(str(root), str(again), val_ratio=0.1, seed=0,
                            folds=3)
    assert (again / 'instances_fold1.json').read_text() == (
        out / 'instances_fold1.json').read_text()
    with pytest.raises(AssertionError, match='num_folds must be'):
        sroie_converter.convert(str(root), str(tmp_path / 'x'), folds=20)


def test_sroie_converter_fixed_val_list(tmp_path, capsys):
    root = _fake_sroie(tmp_path / 'sroie', n=4)
    val_file = tmp_path / 'val.txt'
    val_file.write_text('001.jpg\n003\n')
    out = tmp_path / 'out'
    assert sroie_converter.main([str(root), '-o', str(out), '--val-list',
                                 str(val_file)]) == 0
    assert (out / 'val_list.txt').read_text().split() == ['001', '003']
    val_file.write_text('999\n')
    capsys.readouterr()
    assert run_tool(sroie_converter.main, 'sroie_converter.py',
                    [str(root), '-o', str(out), '--val-list',
                     str(val_file)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('sroie_converter.py: error: ValueError: ')
    assert f"{val_file}: unknown SROIE samples ['999']" in err


def test_sroie_converter_real_data(shared_data, tmp_path):
    root = shared_data / 'sroie'
    if not root.is_dir():
        pytest.skip('no SROIE data')
    subset = tmp_path / 'sroie'
    (subset / 'img').mkdir(parents=True)
    (subset / 'box').mkdir()
    for name in ('000', '001', '002', '003'):
        shutil.copy(root / 'img' / f'{name}.jpg', subset / 'img')
        shutil.copy(root / 'box' / f'{name}.csv', subset / 'box')
    counts = sroie_converter.convert(str(subset), str(tmp_path / 'out'),
                                     val_ratio=0.25)
    assert counts == {'training': 3, 'val': 1}
    ds = IcdarDataset(str(tmp_path / 'out' / 'instances_training.json'),
                      pipeline=[dict(type='LoadImageFromFile'),
                                dict(type='LoadTextAnnotations',
                                     with_mask=True, poly2mask=False)],
                      img_prefix=str(tmp_path / 'out' / 'imgs'))
    item = ds[0]
    assert len(item['gt_masks']) > 10
    assert item['img'].shape[:2] == (item['img_info']['height'],
                                     item['img_info']['width'])


def test_unwritable_output_is_one_clear_error(tmp_path, capsys):
    """An output folder that cannot be created (here: below a file) gives
    exit status 1 and one line naming it, not a traceback."""
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    icdar = tmp_path / 'icdar'
    (icdar / 'imgs' / 'val').mkdir(parents=True)
    (icdar / 'annotations' / 'val').mkdir(parents=True)
    assert run_tool(icdar_converter.main, 'icdar_converter.py',
                    [str(icdar), '-o', str(blocker / 'out'), '-d',
                     'icdar2015', '--split-list', 'val']) == 1
    sroie = _fake_sroie(tmp_path / 'sroie', n=2)
    assert run_tool(sroie_converter.main, 'sroie_converter.py',
                    [str(sroie), '-o', str(blocker / 'out')]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    for prog, line in zip(('icdar_converter.py', 'sroie_converter.py'),
                          lines):
        assert line.startswith(f'{prog}: error: NotADirectoryError: ')
        assert str(blocker / 'out') in line


def _curve(x0: int, y0: int) -> list[int]:
    """14 points of a gently curved text band (7 on top, 7 back below)."""
    top = [(x0 + 20 * i, y0 + (i - 3) ** 2) for i in range(7)]
    bottom = [(x, y + 20) for x, y in reversed(top)]
    return [v for pt in top + bottom for v in pt]


def test_ctw1500_converter_reads_the_original_formats(tmp_path):
    """CTW1500's own files: training XML (``<box>``/``<segs>``, 14 absolute
    points) and test txt (28 coordinates, ``,####`` and the text)."""
    root = tmp_path / 'ctw1500'
    for split in ('training', 'test'):
        (root / 'imgs' / split).mkdir(parents=True)
        (root / 'annotations' / split).mkdir(parents=True)
    cv2.imwrite(str(root / 'imgs/training/0001.jpg'),
                np.zeros((200, 300, 3), np.uint8))
    cv2.imwrite(str(root / 'imgs/test/1001.jpg'),
                np.zeros((150, 250, 3), np.uint8))
    a, b = _curve(10, 20), _curve(40, 100)
    (root / 'annotations/training/0001.xml').write_text(
        '<Annotations><image file="0001.jpg">'
        f'<box height="30" left="10" top="11" width="120"><label>abc</label>'
        f'<segs>{",".join(map(str, a))}</segs><pts x="1" y="2" /></box>'
        '<box height="1" left="0" top="0" width="1"><label>bad</label>'
        '<segs>1,2,3</segs></box>'
        f'<box height="30" left="40" top="91" width="120"><label>###</label>'
        f'<segs>{",".join(map(str, b))}</segs></box>'
        '</image></Annotations>')
    (root / 'annotations/test/0001001.txt').write_text(
        f'{",".join(map(str, b))},####Latin 9\n'
        '1,2,3,4,5,6,7,8,####too short\n')
    with pytest.warns(UserWarning) as record:
        counts = ctw1500_converter.convert(str(root), str(tmp_path / 'out'),
                                           ['training', 'test'])
    assert counts == {'training': 1, 'test': 1}
    messages = [str(r.message) for r in record]
    assert any('0001.xml: box 1: expected 28 coordinates' in m
               for m in messages)
    assert any('0001001.txt:2: expected 28 coordinates' in m
               for m in messages)
    train = json.loads((tmp_path / 'out/instances_training.json').read_text())
    assert train['images'][0]['file_name'] == 'training/0001.jpg'
    assert [ann['segmentation'] for ann in train['annotations']] == [[a], [b]]
    assert all(ann['iscrowd'] == 0 for ann in train['annotations'])
    ds = IcdarDataset(ann_file=str(tmp_path / 'out/instances_test.json'),
                      img_prefix=str(root / 'imgs'), pipeline=[],
                      test_mode=True)
    info = ds.get_ann_info(0)
    assert [list(m[0]) for m in info['masks']] == [b]
    lines = (tmp_path / 'out/instances_test.txt').read_text().splitlines()
    assert json.loads(lines[0])['annotations'][0]['segmentation'] == [b]
    with pytest.raises(ValueError, match='unknown split'):
        ctw1500_converter.convert(str(root), str(tmp_path / 'o2'), ['val'])


def test_totaltext_converter_reads_the_original_txt_format(tmp_path):
    """Total-Text's txt records, one wrapped over two lines, a "#" (do not
    care) text and a broken record."""
    root = tmp_path / 'totaltext'
    (root / 'imgs/training').mkdir(parents=True)
    (root / 'annotations/training').mkdir(parents=True)
    cv2.imwrite(str(root / 'imgs/training/img11.jpg'),
                np.zeros((500, 600, 3), np.uint8))
    (root / 'annotations/training/poly_gt_img11.txt').write_text(
        "x: [[115 503 494 115]], y: [[322 346 426 404]], ornt: [u'm'], "
        "transcriptions: [u'nauGHTY']\n"
        "x: [[10 60 110 110 60 10]], y: [[20 10 20 60 50 60]],\n"
        "ornt: [u'c'], transcriptions: [u'#']\n"
        "x: [[1 2]], y: [[3 4 5]], ornt: [u'h'], transcriptions: [u'x']\n")
    with pytest.warns(UserWarning, match='record 2: 2 x and 3 y values'):
        counts = totaltext_converter.convert(str(root), str(tmp_path / 'out'),
                                             ['training'])
    assert counts == {'training': 1}
    data = json.loads((tmp_path / 'out/instances_training.json').read_text())
    anns = data['annotations']
    assert [a['segmentation'] for a in anns] == [
        [[115, 322, 503, 346, 494, 426, 115, 404]],
        [[10, 20, 60, 10, 110, 20, 110, 60, 60, 50, 10, 60]]]
    assert [a['iscrowd'] for a in anns] == [0, 1]
    assert anns[0]['bbox'] == [115, 322, 388, 104]


def _det_root(root: Path, sizes: dict[str, tuple[int, int]]) -> Path:
    """``root/imgs/{split}/NAME`` black images of the given ``(h, w)`` (keys
    ``split/NAME``) and empty ``root/annotations/{split}`` folders."""
    for key, (h, w) in sizes.items():
        split, name = key.split('/')
        (root / 'imgs' / split).mkdir(parents=True, exist_ok=True)
        (root / 'annotations' / split).mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / 'imgs' / split / name),
                    np.zeros((h, w, 3), np.uint8))
    return root


def _rect(x, y, r, b):
    return [x, y, r, y, r, b, x, b]


def test_ic11_converter_reads_the_original_txt(tmp_path, capsys):
    """ICDAR 2011 born-digital ground truth: ``left, top, right, bottom,
    "text"``; a GIF image is read as it is."""
    root = _det_root(tmp_path / 'icdar2011', {'training/100.png': (60, 80),
                                              'test/1.png': (30, 40)})
    from PIL import Image
    Image.fromarray(np.zeros((20, 30, 3), np.uint8)).save(
        root / 'imgs/training/101.gif')
    (root / 'annotations/training/gt_100.txt').write_text(
        '-2, 3, 40, 20, "Hello, you"\n'
        '10, x, 30, 40, "bad"\n'
        '50, 10, 70, 30, "World"\n')
    (root / 'annotations/training/gt_101.txt').write_text('1, 2, 9, 8, "a"\n')
    (root / 'annotations/test/gt_1.txt').write_text('5, 6, 15, 16, "b"\n')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert ic11_converter.main([str(root), '-o', str(out)]) == 0
    assert [str(r.message) for r in record] == [
        f'{root}/annotations/training/gt_100.txt:2: skipped malformed line '
        "(non-integer coordinate): '10, x, 30, 40, \"bad\"'"]
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'], i['segm_file'])
            for i in train['images']] == [
        ('training/100.png', 60, 80, 'training/gt_100.txt'),
        ('training/101.gif', 20, 30, 'training/gt_101.txt')]
    anns = train['annotations']
    assert [(a['image_id'], a['bbox'], a['area'], a['segmentation'],
             a['iscrowd']) for a in anns] == [
        (0, [0, 3, 40, 17], 680, [_rect(0, 3, 40, 20)], 0),
        (0, [50, 10, 20, 20], 400, [_rect(50, 10, 70, 30)], 0),
        (1, [1, 2, 8, 6], 48, [_rect(1, 2, 9, 8)], 0)]
    lines = (out / 'instances_test.txt').read_text().splitlines()
    assert [json.loads(x) for x in lines] == [dict(
        file_name='test/1.png', height=30, width=40, annotations=[dict(
            iscrowd=0, category_id=1, bbox=[5, 6, 10, 10],
            segmentation=[_rect(5, 6, 15, 16)])])]
    assert 'training: 2 images' in capsys.readouterr().out


def test_ic13_converter_separators_and_missing_folder(tmp_path, assert_one_error):
    """ICDAR 2013: training lines are blank-separated, test lines
    comma-separated; a missing split folder is one error line."""
    root = _det_root(tmp_path / 'icdar2013', {'training/100.jpg': (50, 60),
                                              'test/img_1.jpg': (40, 30)})
    (root / 'annotations/training/gt_100.txt').write_text(
        '38 4 50 21 "Tired ness"\n7 9 7 30 "flat"\n')
    (root / 'annotations/test/gt_img_1.txt').write_text(
        '1, 2, 11, 22, "x"\n')
    with pytest.warns(UserWarning, match=r'gt_100\.txt:2: skipped malformed '
                      r'line \(empty box\)'):
        counts = ic13_converter.convert(str(root), str(tmp_path / 'out'))
    assert counts == {'training': 1, 'test': 1}
    train = json.loads((tmp_path / 'out/instances_training.json').read_text())
    assert [a['segmentation'] for a in train['annotations']] == [
        [_rect(38, 4, 50, 21)]]
    test = json.loads((tmp_path / 'out/instances_test.json').read_text())
    assert [a['bbox'] for a in test['annotations']] == [[1, 2, 10, 20]]
    shutil.rmtree(root / 'annotations/test')
    assert_one_error(ic13_converter, [str(root), '-o', str(
        tmp_path / 'o2')], 'FileNotFoundError: folder not found: '
        f'{root}/annotations/test')


def _image(id_, name, set_=None, h=40, w=50):
    img = dict(id=id_, file_name=name, width=w, height=h)
    return img if set_ is None else dict(img, set=set_)


def test_cocotext_converter_reads_the_v2_json(tmp_path, assert_one_error):
    """COCO-Text v2's json: words' bbox/mask, illegible or non-English
    words ignored, images without words left out, broken records named."""
    root = tmp_path / 'coco_textv2'
    (root / 'annotations').mkdir(parents=True)
    word = dict(language='english', legibility='legible', utf8_string='New')
    data = dict(
        imgs={'1': _image(1, 'COCO_train2014_1.jpg', 'train'),
              '2': _image(2, 'COCO_train2014_2.jpg', 'val', 30, 20),
              '3': _image(3, 'COCO_train2014_3.jpg', 'train'),
              '4': dict(id=4, set='train')},
        anns={'10': dict(word, bbox=[10.4, 20.7, 30.2, 9.1], area=274.82,
                         mask=[10.4, 20.7, 40.6, 20.7, 40.6, 29.8, 10.4,
                               29.8]),
              '11': dict(word, legibility='illegible', area=20.0,
                         bbox=[-1.5, 2.0, 5.0, 4.0], mask=[1, 2, 3, 4, 5, 6]),
              '12': dict(word, bbox='oops', mask=[]),
              '20': dict(word, language='not english', bbox=[1, 1, 2, 2],
                         area=4, mask=[1, 1, 3, 1, 3, 3, 1, 3])},
        imgToAnns={'1': [10, 11, 12], '2': [20], '3': [], '4': []})
    (root / 'annotations/cocotext.v2.json').write_text(json.dumps(data))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert cocotext_converter.main([str(root), '-o', str(out)]) == 0
    ann_file = root / 'annotations/cocotext.v2.json'
    assert [str(r.message) for r in record] == [
        f"{ann_file}: imgs['4']: skipped image record without id, file_name, "
        "width, height: {'id': 4, 'set': 'train'}",
        f"{ann_file}: anns['12'] (image 1): skipped missing or malformed "
        "word record: {'language': 'english', 'legibility': 'legible', "
        "'utf8_string': 'New', 'bbox': 'oops', 'mask': []}"]
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'], i['segm_file'])
            for i in train['images']] == [
        ('COCO_train2014_1.jpg', 40, 50, 'annotations/cocotext.v2.json')]
    assert [{k: a[k] for k in ('iscrowd', 'bbox', 'area', 'segmentation')}
            for a in train['annotations']] == [
        dict(iscrowd=0, bbox=[10, 20, 31, 10], area=274.82,
             segmentation=[[10, 20, 40, 20, 40, 29, 10, 29]]),
        dict(iscrowd=1, bbox=[0, 2, 5, 4], area=20.0,
             segmentation=[[0, 2, 5, 2, 5, 6, 0, 6]])]
    val = [json.loads(x) for x in
           (out / 'instances_val.txt').read_text().splitlines()]
    assert val == [dict(file_name='COCO_train2014_2.jpg', height=30, width=20,
                        annotations=[dict(iscrowd=1, category_id=1,
                                          bbox=[1, 1, 2, 2],
                                          segmentation=[[1, 1, 3, 1, 3, 3, 1,
                                                         3]])])]
    assert_one_error(cocotext_converter, [str(tmp_path / 'nowhere')],
                      'FileNotFoundError: annotation file not found: '
                      f'{tmp_path}/nowhere/annotations/cocotext.v2.json')


def test_textocr_converter_reads_both_jsons(tmp_path, assert_one_error):
    """TextOCR's train and val jsons: every image kept, words "." ignored,
    a broken word record named; a broken json is one error line."""
    root = tmp_path / 'textocr'
    root.mkdir()
    train = dict(
        imgs={'a1': _image('a1', 'train/a1.jpg', h=100, w=200),
              'b2': _image('b2', 'train/b2.jpg', h=60, w=80)},
        anns={'a1_1': dict(bbox=[3.2, 4.9, 10.1, 5.0], area=50.5,
                           points=[3.2, 4.9, 13.3, 4.9, 13.3, 9.9, 3.2, 9.9],
                           utf8_string='TEXT'),
              'a1_2': dict(bbox=[50, 60, 4, 4], area=16.0, utf8_string='.',
                           points=[50, 60, 54, 60, 54, 64, 50, 64]),
              'a1_3': dict(bbox=[1, 2, 3, 4], points='x')},
        imgToAnns={'a1': ['a1_1', 'a1_2', 'a1_3'], 'b2': []})
    (root / 'TextOCR_0.1_train.json').write_text(json.dumps(train))
    val = dict(imgs={'c3': _image('c3', 'train/c3.jpg')}, anns={},
               imgToAnns={})
    (root / 'TextOCR_0.1_val.json').write_text(json.dumps(val))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r"TextOCR_0\.1_train\.json: "
                      r"anns\['a1_3'\] \(image a1\): skipped"):
        counts = textocr_converter.convert(str(root), str(out))
    assert counts == {'training': 2, 'val': 1}
    data = json.loads((out / 'instances_training.json').read_text())
    assert [i['file_name'] for i in data['images']] == ['train/a1.jpg',
                                                         'train/b2.jpg']
    assert [(a['image_id'], a['iscrowd'], a['bbox'], a['area'],
             a['segmentation']) for a in data['annotations']] == [
        (0, 0, [3, 4, 11, 5], 50.5, [[3, 4, 13, 4, 13, 9, 3, 9]]),
        (0, 1, [50, 60, 4, 4], 16.0, [[50, 60, 54, 60, 54, 64, 50, 64]])]
    lines = (out / 'instances_val.txt').read_text().splitlines()
    assert json.loads(lines[0])['annotations'] == []
    (root / 'TextOCR_0.1_val.json').write_text('{"imgs": {')
    assert_one_error(textocr_converter, [str(root), '-o', str(
        tmp_path / 'o2')], 'AnnotationParseError: '
        f'{root}/TextOCR_0.1_val.json: not valid json')
    assert not (tmp_path / 'o2').exists()


def _points_root(root: Path, ann_rel: str, data: dict,
                 sizes: dict[str, tuple[int, int]]) -> Path:
    """ArT/LSVT layout: ``imgs/NAME.jpg`` of the given ``(h, w)`` and the
    point-list json at ``ann_rel``."""
    (root / 'imgs').mkdir(parents=True)
    for name, (h, w) in sizes.items():
        cv2.imwrite(str(root / 'imgs' / f'{name}.jpg'),
                    np.zeros((h, w, 3), np.uint8))
    (root / ann_rel).parent.mkdir(parents=True, exist_ok=True)
    (root / ann_rel).write_text(json.dumps(data, ensure_ascii=False))
    return root


def test_art_converter_val_ratio_and_bad_records(tmp_path):
    """ArT's train_labels.json: ``###`` and illegible words ignored, every
    2nd image held out with ``--val-ratio 0.5``, broken entries named."""
    word = dict(transcription='燎申', language='Chinese', illegibility=False)
    data = {'gt_0': [dict(word, points=[[-1, 2], [20, 2], [20, 12], [0, 12]]),
                     dict(word, transcription='###',
                          points=[[5, 5], [9, 5], [7, 9]])],
            'gt_1': [dict(word, points=[[1, 2], [3, 4]]),
                     dict(word, points=[[1, 1], [4, 1], [4, 3], [1, 3]])],
            'gt_2': [dict(word, illegibility=True,
                          points=[[2, 2], [6, 2], [6, 6], [2, 6]])],
            'gt_3': 'not a list'}
    root = _points_root(tmp_path / 'art', 'annotations/train_labels.json',
                        data, {'gt_0': (30, 40), 'gt_1': (20, 10),
                               'gt_2': (16, 16)})
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert art_converter.main([str(root), '-o', str(out),
                                   '--val-ratio', '0.5']) == 0
    ann_file = root / 'annotations/train_labels.json'
    assert [str(r.message) for r in record] == [
        f'{ann_file}: gt_1[0]: skipped word record without 3 or more [x, y] '
        "points: {'transcription': '燎申', 'language': 'Chinese', "
        "'illegibility': False, 'points': [[1, 2], [3, 4]]}",
        f'{ann_file}: gt_3: skipped image entry that is not a list of word '
        'records: not a list']
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'], i['segm_file'])
            for i in train['images']] == [
        ('gt_1.jpg', 20, 10, 'annotations/train_labels.json')]
    assert [(a['segmentation'], a['bbox'], a['iscrowd'])
            for a in train['annotations']] == [
        ([[1, 1, 4, 1, 4, 3, 1, 3]], [1, 1, 3, 2], 0)]
    val = [json.loads(x) for x in
           (out / 'instances_val.txt').read_text().splitlines()]
    assert [v['file_name'] for v in val] == ['gt_0.jpg', 'gt_2.jpg']
    assert [[(a['segmentation'], a['bbox'], a['iscrowd'])
             for a in v['annotations']] for v in val] == [
        [([[0, 2, 20, 2, 20, 12, 0, 12]], [0, 2, 20, 10], 0),
         ([[5, 5, 9, 5, 7, 9]], [5, 5, 4, 4], 1)],
        [([[2, 2, 6, 2, 6, 6, 2, 6]], [2, 2, 4, 4], 1)]]


def test_lsvt_converter_training_only_and_missing_image(tmp_path, assert_one_error):
    """LSVT's train_full_labels.json: no val split by default, illegible
    words ignored, an image missing from imgs/ skipped and named."""
    data = {'gt_7': [dict(transcription='一站式', illegibility=False,
                          points=[[45, 2], [61, 3], [60, 9], [45, 8]]),
                     dict(transcription='###', illegibility=True,
                          points=[[1, 1], [5, 1], [5, 5]])],
            'gt_8': [dict(transcription='x', illegibility=False,
                          points=[[1, 1], [2, 1], [2, 2]])]}
    root = _points_root(tmp_path / 'lsvt', 'annotations/train_full_labels.json',
                        data, {'gt_7': (12, 70)})
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'gt_8\.jpg.*; skipped'):
        counts = lsvt_converter.convert(str(root), str(out))
    assert counts == {'training': 1}
    assert not (out / 'instances_val.json').exists()
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(a['segmentation'], a['iscrowd'])
            for a in train['annotations']] == [
        ([[45, 2, 61, 3, 60, 9, 45, 8]], 0), ([[1, 1, 5, 1, 5, 5]], 1)]
    assert_one_error(lsvt_converter, [str(tmp_path / 'none')],
                      'FileNotFoundError: annotation file not found: '
                      f'{tmp_path}/none/annotations/train_full_labels.json')
    assert_one_error(lsvt_converter,
                      [str(root), '--val-ratio', '1.5'],
                      'InvalidValueError: val_ratio must be in [0, 1)')


def _flat_root(root: Path, gts: dict[str, str],
               sizes: dict[str, tuple[int, int]]) -> Path:
    """RCTW/MTWI layout: ``imgs/NAME.jpg`` of the given ``(h, w)`` and
    ``annotations/NAME.txt`` with the given text."""
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations').mkdir()
    for name, (h, w) in sizes.items():
        cv2.imwrite(str(root / 'imgs' / f'{name}.jpg'),
                    np.zeros((h, w, 3), np.uint8))
    for name, text in gts.items():
        (root / 'annotations' / f'{name}.txt').write_text(
            text, encoding='utf-8-sig')
    return root


def test_rctw_converter_difficult_val_split_and_missing_image(tmp_path):
    """RCTW's txt lines (8 ints, difficult flag, quoted text): difficult
    and ``###`` texts ignored, every 2nd file held out as val."""
    root = _flat_root(tmp_path / 'rctw', {
        'a': '10,9,40,9,40,22,10,22,0,"金氏,眼镜"\n'
             '1,1,5,1,5,5,1,5,1,"x"\nbad line\n',
        'b': '-3,2,8,2,8,6,-3,6,0,"###"\n',
        'c': '1,1,2,1,2,2,1,2,0,"c"\n'}, {'a': (30, 50), 'b': (10, 10)})
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        counts = rctw_converter.convert(str(root), str(out), val_ratio=0.5)
    messages = [str(r.message) for r in record]
    assert messages[0] == (
        f'{root}/annotations/a.txt:3: skipped malformed line (expected 8 '
        "coordinates, difficult and transcript): 'bad line'")
    assert len(messages) == 2 and 'c.jpg' in messages[1]
    assert counts == {'training': 1, 'val': 1}
    val = json.loads((out / 'instances_val.json').read_text())
    assert [(i['file_name'], i['height'], i['width'], i['segm_file'])
            for i in val['images']] == [('a.jpg', 30, 50, 'a.txt')]
    assert [(a['segmentation'], a['bbox'], a['iscrowd'])
            for a in val['annotations']] == [
        ([[10, 9, 40, 9, 40, 22, 10, 22]], [10, 9, 30, 13], 0),
        ([[1, 1, 5, 1, 5, 5, 1, 5]], [1, 1, 4, 4], 1)]
    train = [json.loads(x) for x in
             (out / 'instances_training.txt').read_text().splitlines()]
    assert train == [dict(file_name='b.jpg', height=10, width=10,
                          annotations=[dict(iscrowd=1, category_id=1,
                                            bbox=[0, 2, 8, 4],
                                            segmentation=[[0, 2, 8, 2, 8, 6,
                                                           0, 6]])])]


def test_mtwi_converter_float_coords_gif_and_old_flag(tmp_path, assert_one_error):
    """MTWI's txt lines (8 real coordinates, text with commas), a GIF named
    .jpg, 0.x's ``--val_ratio`` spelling; a missing folder is one line."""
    root = _flat_root(tmp_path / 'mtwi', {
        'T1': '45.45,26.83,11.87,18.79,83.84,13.1,93.79,49.95,时尚,袋袋\n'
              '1,2,3\n'
              '5,5,9.5,5,9.5,9,5,9,###\n'}, {})
    from PIL import Image
    Image.fromarray(np.zeros((60, 100, 3), np.uint8)).save(
        root / 'imgs/T1.jpg', format='GIF')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'T1\.txt:2: skipped malformed '
                      r"line \(expected 8 coordinates and a transcript\)"):
        assert mtwi_converter.main([str(root), '-o', str(out),
                                    '--val_ratio', '0']) == 0
    data = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'])
            for i in data['images']] == [('T1.jpg', 60, 100)]
    assert [(a['segmentation'], a['bbox'], a['iscrowd'])
            for a in data['annotations']] == [
        ([[45, 26, 11, 18, 83, 13, 93, 49]], [11, 13, 82, 36], 0),
        ([[5, 5, 9, 5, 9, 9, 5, 9]], [5, 5, 4, 4], 1)]
    assert not (out / 'instances_val.json').exists()
    assert_one_error(mtwi_converter, [str(tmp_path / 'none')],
                      'FileNotFoundError: folder not found: '
                      f'{tmp_path}/none/imgs')


def test_funsd_converter_reads_the_form_json(tmp_path):
    """FUNSD's form json: word boxes as rectangles (floored corner, ceiled
    size), empty texts ignored; a broken word and a broken file named."""
    root = tmp_path / 'funsd'
    (root / 'imgs').mkdir(parents=True)
    for split in ('training', 'test'):
        (root / 'annotations' / split).mkdir(parents=True)
    for name, (h, w) in {'0001': (100, 80), '0002': (50, 60),
                         '0003': (10, 10)}.items():
        cv2.imwrite(str(root / 'imgs' / f'{name}.png'),
                    np.zeros((h, w, 3), np.uint8))
    form = [dict(id=0, label='question', box=[1, 1, 50, 20], text='Date: x',
                 words=[dict(box=[10.5, 20.2, 30.1, 28.9], text='Date:'),
                        dict(box=[35, 28, 31.5, 20], text=''),
                        dict(box=[1, 2, 3], text='bad')]),
            dict(id=1, label='other', box=[0, 0, 1, 1], text='', words=[])]
    (root / 'annotations/training/0001.json').write_text(
        json.dumps(dict(form=form)))
    (root / 'annotations/training/0003.json').write_text('{"form": [')
    (root / 'annotations/test/0002.json').write_text(json.dumps(dict(form=[
        dict(words=[dict(box=[-2, 3, 8, 9], text='a')])])))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert funsd_converter.main([str(root), '-o', str(out)]) == 0
    gt = root / 'annotations/training'
    assert [str(r.message) for r in record] == [
        f"{gt}/0001.json: form[0].words[2]: skipped word without a [x1, y1, "
        "x2, y2] box: {'box': [1, 2, 3], 'text': 'bad'}",
        f'{gt}/0003.json: not valid json (Expecting value: line 1 column 11 '
        '(char 10)); skipped']
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'], i['segm_file'])
            for i in train['images']] == [('0001.png', 100, 80, '0001.json')]
    assert [(a['segmentation'], a['bbox'], a['area'], a['iscrowd'])
            for a in train['annotations']] == [
        ([[10, 20, 30, 20, 30, 29, 10, 29]], [10, 20, 20, 9], 180, 0),
        ([[31, 20, 35, 20, 35, 28, 31, 28]], [31, 20, 4, 8], 32, 1)]
    test = json.loads((out / 'instances_test.json').read_text())
    assert test['annotations'][0]['segmentation'] == [[0, 3, 10, 3, 10, 9, 0,
                                                       9]]


def test_detext_converter_reads_the_original_txt(tmp_path):
    """DeText's gt_NAME.txt lines (8 ints, text with commas), ``###``
    ignored, a broken line named."""
    root = _det_root(tmp_path / 'detext', {'training/img_1.jpg': (40, 60),
                                           'val/img_9.jpg': (20, 20)})
    (root / 'annotations/training/gt_img_1.txt').write_text(
        '1,2,30,2,30,12,1,12,a,b\n5,5,9,5,9,9,5,9,###\n1,2,x,4\n')
    (root / 'annotations/val/gt_img_9.txt').write_text(
        '0,0,4,0,4,4,0,4,v\n')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'gt_img_1\.txt:3: skipped '
                      r'malformed line \(expected 8 coordinates'):
        assert detext_converter.main([str(root), '-o', str(out)]) == 0
    train = [json.loads(x) for x in
             (out / 'instances_training.txt').read_text().splitlines()]
    assert train == [dict(file_name='training/img_1.jpg', height=40, width=60,
                          annotations=[
                              dict(iscrowd=0, category_id=1,
                                   bbox=[1, 2, 29, 10],
                                   segmentation=[_rect(1, 2, 30, 12)]),
                              dict(iscrowd=1, category_id=1,
                                   bbox=[5, 5, 4, 4],
                                   segmentation=[_rect(5, 5, 9, 9)])])]
    val = json.loads((out / 'instances_val.json').read_text())
    assert [a['segmentation'] for a in val['annotations']] == [
        [_rect(0, 0, 4, 4)]]


def test_vintext_converter_shared_gt_folder(tmp_path, assert_one_error):
    """VinText: images per split, one gt folder (``im0012.jpg`` ->
    ``gt_12.txt``); an image without ground truth named."""
    root = tmp_path / 'vintext'
    for key, (h, w) in {'training/im0012.jpg': (30, 40),
                        'test/im1201.jpg': (20, 20),
                        'unseen_test/im1501.jpg': (10, 10)}.items():
        (root / 'imgs' / key).parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / 'imgs' / key), np.zeros((h, w, 3), np.uint8))
    (root / 'annotations').mkdir()
    (root / 'annotations/gt_12.txt').write_text(
        '2,3,20,3,20,9,2,9,Việt Nam\n1,1,4,1,4,4,1,4,###\n',
        encoding='utf-8')
    (root / 'annotations/gt_1201.txt').write_text('1,1,5,1,5,5,1,5,ổ\n',
                                                   encoding='utf-8')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'no ground truth .*gt_1501\.txt'):
        counts = vintext_converter.convert(str(root), str(out))
    assert counts == {'training': 1, 'test': 1, 'unseen_test': 0}
    train = json.loads((out / 'instances_training.json').read_text())
    assert train['images'][0]['file_name'] == 'training/im0012.jpg'
    assert [(a['bbox'], a['iscrowd'], a['text'])
            for a in train['annotations']] == [
        ([2, 3, 18, 6], 0, 'Việt Nam'), ([1, 1, 3, 3], 1, '###')]
    assert_one_error(vintext_converter, [str(tmp_path / 'none')],
                     'FileNotFoundError: folder not found: '
                     f'{tmp_path}/none/imgs/training')


def test_coco_to_line_dict(tmp_path, assert_one_error):
    """A COCO json to line-json: images in order (one without annotations),
    a broken image record and broken annotations named and skipped."""
    seg = [[1, 2, 11, 2, 11, 7, 1, 7]]
    ann = dict(iscrowd=0, category_id=1, bbox=[1, 2, 10, 5], area=50,
               segmentation=seg)
    coco = dict(images=[dict(id=0, file_name='test/a.jpg', height=20,
                             width=30, segm_file='x'),
                        dict(id=5, file_name='test/b.jpg', height=8, width=9),
                        dict(id=6, file_name='c.jpg')],
                annotations=[dict(ann, image_id=0, id=0),
                             dict(ann, image_id=0, id=1, iscrowd=1,
                                  segmentation=[[1, 2, 3]]),
                             dict(ann, image_id=7, id=2),
                             dict(ann, image_id=0, id=3, bbox=[4, 4, 2, 2])],
                categories=[dict(id=1, name='text')])
    in_path, out_path = tmp_path / 'in.json', tmp_path / 'out.txt'
    in_path.write_text(json.dumps(coco))
    with pytest.warns(UserWarning) as record:
        assert coco_to_line_dict.main(['--in-path', str(in_path),
                                       '--out-path', str(out_path)]) == 0
    messages = [str(r.message) for r in record]
    assert [m.split(':')[1] for m in messages] == [
        ' images[2]', ' annotations[1]', ' annotations[2]']
    assert 'a polygon needs at least 3 points' in messages[1]
    assert 'unknown image_id 7' in messages[2]
    lines = [json.loads(x) for x in out_path.read_text().splitlines()]
    assert lines == [
        dict(file_name='test/a.jpg', height=20, width=30, annotations=[
            dict(iscrowd=0, category_id=1, bbox=[1, 2, 10, 5],
                 segmentation=seg),
            dict(iscrowd=0, category_id=1, bbox=[4, 4, 2, 2],
                 segmentation=seg)]),
        dict(file_name='test/b.jpg', height=8, width=9, annotations=[])]
    in_path.write_text('[]')
    assert_one_error(coco_to_line_dict, ['--in-path', str(in_path),
                                         '--out-path', str(out_path)],
                     f'AnnotationParseError: {in_path}: expected a json '
                     'object with "images" (list)')


def test_rects_converter_lines_default_val_split(tmp_path):
    """ReCTS' per-image json: text lines kept (``ignore`` as iscrowd),
    characters unused, 0.x's default ``--val-ratio 0.2`` split."""
    root = tmp_path / 'rects'
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations').mkdir()
    for i in range(6):
        name = f'train_ReCTS_{i:06d}'
        cv2.imwrite(str(root / f'imgs/{name}.jpg'),
                    np.zeros((30, 40, 3), np.uint8))
        lines = [dict(ignore=i % 2, transcription='HOKI',
                      points=[-2, 3, 20, 3, 20, 9, -2, 9])]
        if i == 1:
            lines.append(dict(ignore=0, transcription='bad', points=[1, 2]))
        (root / f'annotations/{name}.json').write_text(json.dumps(dict(
            chars=[dict(ignore=0, transcription='H',
                        points=[0, 0, 1, 0, 1, 1, 0, 1])], lines=lines)))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'train_ReCTS_000001\.json: '
                      r'lines\[1\]: skipped record'):
        assert rects_converter.main([str(root), '-o', str(out)]) == 0
    val = json.loads((out / 'instances_val.json').read_text())
    assert [i['file_name'] for i in val['images']] == [
        'train_ReCTS_000000.jpg', 'train_ReCTS_000005.jpg']
    assert [(a['segmentation'], a['bbox'], a['iscrowd'], a['text'])
            for a in val['annotations']] == [
        ([[0, 3, 20, 3, 20, 9, 0, 9]], [0, 3, 20, 6], 0, 'HOKI'),
        ([[0, 3, 20, 3, 20, 9, 0, 9]], [0, 3, 20, 6], 1, 'HOKI')]
    train = (out / 'instances_training.txt').read_text().splitlines()
    assert len(train) == 4


def test_bid_converter_latin1_boxes_and_head_split(tmp_path):
    """BID's latin-1 ``x, y, w, h, text`` files (header skipped): boxes as
    rectangles; 0.x's split takes the first images as val."""
    root = tmp_path / 'BID'
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations').mkdir()
    for i in range(1, 5):
        cv2.imwrite(str(root / f'imgs/{i:08d}_in.jpg'),
                    np.zeros((60, 50, 3), np.uint8))
        (root / f'annotations/{i:08d}_gt_ocr.txt').write_bytes(
            'x, y, width, height, transcription\n'
            '17, 15, 16, 9, NOME, JOSÉ\n'.encode('latin-1')
            + (b'1, 2, three, 4, x\n' if i == 2 else b''))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'00000002_gt_ocr\.txt:3: skipped '
                      r'malformed line'):
        counts = bid_converter.convert(str(root), str(out), val_ratio=0.5)
    assert counts == {'training': 2, 'val': 2}
    val = json.loads((out / 'instances_val.json').read_text())
    assert [i['file_name'] for i in val['images']] == [
        '00000001_in.jpg', '00000002_in.jpg']
    ann = val['annotations'][0]
    assert (ann['bbox'], ann['segmentation'], ann['iscrowd'], ann['text']) == (
        [17, 15, 16, 9], [_rect(17, 15, 33, 24)], 0, 'NOME, JOSÉ')


def _xml_root(root: Path, xmls: dict[str, str], exts: dict[str, str]) -> Path:
    """``imgs/NAME.EXT`` (20 x 30) and ``annotations/NAME.xml``."""
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations').mkdir()
    for name, ext in exts.items():
        cv2.imwrite(str(root / f'imgs/{name}{ext}'),
                    np.zeros((20, 30, 3), np.uint8))
    for name, text in xmls.items():
        (root / f'annotations/{name}.xml').write_text(text, encoding='utf-8')
    return root


def test_kaist_converter_words_and_every_kth_val(tmp_path):
    """KAIST's XML ``<word x y width height>`` boxes; every 2nd image held
    out with 0.x's ``--val_ratio 0.5``; a broken word and XML named."""
    word = '<word x="{}" y="{}" width="{}" height="{}"><character/></word>'
    xml = ('<?xml version="1.0"?><images><image><imageName>{n}.jpg'
           '</imageName><words>' + word.format(-2, 3, 10, 5)
           + '<word x="1" y="a" width="2" height="2"/></words></image>'
           '</images>')
    root = _xml_root(tmp_path / 'kaist', {
        'DSC01': xml.format(n='DSC01'), 'DSC02': xml.format(n='DSC02'),
        'DSC03': '<images><image>'}, {'DSC01': '.jpg', 'DSC02': '.JPG',
                                      'DSC03': '.jpg'})
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert kaist_converter.main([str(root), '-o', str(out),
                                     '--val_ratio', '0.5']) == 0
    messages = [str(r.message) for r in record]
    assert any(m.startswith(f'{root}/annotations/DSC01.xml: word 1: skipped')
               for m in messages)
    assert any(m.startswith(f'{root}/annotations/DSC03.xml: not valid XML')
               for m in messages)
    val = json.loads((out / 'instances_val.json').read_text())
    assert [i['file_name'] for i in val['images']] == ['DSC01.jpg']
    assert [(a['bbox'], a['segmentation'], a['iscrowd'])
            for a in val['annotations']] == [
        ([0, 3, 10, 5], [_rect(0, 3, 10, 8)], 0)]
    train = json.loads((out / 'instances_training.json').read_text())
    assert [i['file_name'] for i in train['images']] == ['DSC02.JPG']


def test_ilst_converter_voc_objects_and_head_val(tmp_path):
    """IIIT-ILST's Pascal-VOC XML objects (empty name ignored), a .jpeg
    image, and 0.x's default head-of-list val split (0.2)."""
    obj = ('<object><name>{}</name><difficult>0</difficult><bndbox>'
           '<xmin>{}</xmin><ymin>{}</ymin><xmax>{}</xmax><ymax>{}</ymax>'
           '</bndbox></object>')
    xml = ('<annotation><filename>x</filename>' + obj.format('नमस्ते', 20, 4, 5, 9)
           + obj.format('', 1, 1, 3, 3) + obj.format('bad', 1, 'a', 3, 3)
           + '</annotation>')
    names = {f'devanagari_{i}': '.jpg' for i in range(4)}
    names['malayalam_0'] = '.jpeg'
    root = _xml_root(tmp_path / 'ilst', {n: xml for n in names}, names)
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'object 2: skipped, expected '
                      r'integer bndbox'):
        counts = ilst_converter.convert(str(root), str(out))
    assert counts == {'training': 4, 'val': 1}
    val = json.loads((out / 'instances_val.json').read_text())
    assert [i['file_name'] for i in val['images']] == ['devanagari_0.jpg']
    assert [(a['bbox'], a['segmentation'], a['iscrowd'], a['text'])
            for a in val['annotations']] == [
        ([5, 4, 15, 5], [_rect(5, 4, 20, 9)], 0, 'नमस्ते'),
        ([1, 1, 2, 2], [_rect(1, 1, 3, 3)], 1, '')]
    train = json.loads((out / 'instances_training.json').read_text())
    assert train['images'][-1]['file_name'] == 'malayalam_0.jpeg'


def test_imgur_converter_oriented_boxes(tmp_path, assert_one_error):
    """IMGUR5K's jsons: ``[xc, yc, w, h, angle]`` boxes as rotated corners;
    a broken box and a missing (dead-link) image named."""
    root = tmp_path / 'imgur'
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations').mkdir()
    cv2.imwrite(str(root / 'imgs/a1.jpg'), np.zeros((60, 80, 3), np.uint8))
    train = dict(index_id={}, index_to_ann_map=dict(
        a1=['a1_0', 'a1_1', 'a1_2'], b2=['b2_0']), ann_id=dict(
        a1_0=dict(word='hello', bounding_box='[50, 40, 20, 10, 0]'),
        a1_1=dict(word='rot', bounding_box='[50, 40, 20, 10, 90]'),
        a1_2=dict(word='bad', bounding_box='[1, 2]'),
        b2_0=dict(word='gone', bounding_box='[5, 5, 2, 2, 0]')))
    empty = dict(index_id={}, index_to_ann_map={}, ann_id={})
    for split, data in (('train', train), ('val', empty), ('test', empty)):
        (root / f'annotations/imgur5k_annotations_{split}.json').write_text(
            json.dumps(data))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert imgur_converter.main([str(root), '-o', str(out)]) == 0
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(
        f"{root}/annotations/imgur5k_annotations_train.json: ann_id['a1_2'] "
        '(image a1): skipped word')
    assert messages[1].startswith(f'image file not found: {root}/imgs/b2.jpg')
    data = json.loads((out / 'instances_train.json').read_text())
    assert [(i['file_name'], i['height'], i['width'])
            for i in data['images']] == [('a1.jpg', 60, 80)]
    segs = [a['segmentation'][0] for a in data['annotations']]
    assert segs[0] == [40, 35, 60, 35, 60, 45, 40, 45]
    assert segs[1] == pytest.approx([45, 30, 55, 30, 55, 50, 45, 50])
    assert [a['text'] for a in data['annotations']] == ['hello', 'rot']
    assert json.loads((out / 'instances_val.json').read_text())['images'] == []
    (root / 'annotations/imgur5k_annotations_test.json').unlink()
    with pytest.warns(UserWarning, match='a1_2'):  # train is read first
        assert_one_error(imgur_converter, [str(root), '-o',
                                           str(tmp_path / 'o')],
                         'FileNotFoundError: annotation file not found: '
                         f'{root}/annotations/imgur5k_annotations_test.json')
    assert not (tmp_path / 'o').exists()


def _hier_word(vertices, text, legible=True):
    return dict(vertices=vertices, text=text, legible=legible,
                handwritten=False, vertical=False)


def test_hiertext_converter_levels(tmp_path, assert_one_error):
    """HierText's json: paragraphs / lines / words picked by ``--level``,
    illegible ones ignored, a broken word and image record named; the
    released ``validation.jsonl`` name is found."""
    words = [_hier_word([[1, 1], [9, 1], [9, 5], [1, 5]], 'Hi'),
             _hier_word([[10, 1], [20, 1], [20, 5], [10, 5]], 'x', False),
             _hier_word([[0, 0]], 'bad')]
    line = dict(_hier_word([[1, 1], [20, 1], [20, 5], [1, 5]], 'Hi x'),
                words=words)
    para = dict(vertices=[[0, 0], [21, 0], [21, 6], [0, 6]], legible=True,
                lines=[line])
    image = dict(image_id='abc', image_width=30, image_height=20,
                 paragraphs=[para])
    root = tmp_path / 'HierText'
    (root / 'annotations').mkdir(parents=True)
    (root / 'annotations/train.jsonl').write_text(json.dumps(dict(
        info={}, annotations=[image, dict(image_id='broken')])))
    (root / 'annotations/validation.jsonl').write_text(json.dumps(dict(
        info={}, annotations=[dict(image, image_id='v')])))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert hiertext_converter.main([str(root), '-o', str(out)]) == 0
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(f'{root}/annotations/train.jsonl: abc '
                                  'paragraphs[0].lines[0].words[2]: skipped')
    assert messages[1].startswith(f'{root}/annotations/train.jsonl: '
                                  'annotations[1]: skipped image record')
    train = json.loads((out / 'instances_training.json').read_text())
    assert [(i['file_name'], i['height'], i['width'])
            for i in train['images']] == [('abc.jpg', 20, 30)]
    assert [(a['bbox'], a['iscrowd'], a['text'])
            for a in train['annotations']] == [
        ([1, 1, 8, 4], 0, 'Hi'), ([10, 1, 10, 4], 1, 'x')]
    val = json.loads((out / 'instances_val.json').read_text())
    assert val['images'][0]['file_name'] == 'v.jpg'
    with pytest.warns(UserWarning):
        hiertext_converter.main([str(root), '-o', str(out), '--level',
                                 'paragraph'])
    train = json.loads((out / 'instances_training.json').read_text())
    assert [a['segmentation'] for a in train['annotations']] == [
        [[0, 0, 21, 0, 21, 6, 0, 6]]]
    (root / 'annotations/train.jsonl').write_text('{')
    assert_one_error(hiertext_converter, [str(root)],
                     f'AnnotationParseError: {root}/annotations/train.jsonl: '
                     'not valid json')


def test_lv_converter_frames_with_voc_xml(tmp_path):
    """Lecture Video DB: VOC XML beside each frame in nested video folders;
    an XML without its frame and a broken object named."""
    root = tmp_path / 'lv'
    frames = root / 'imgs/train/video1/frames'
    frames.mkdir(parents=True)
    for split in ('val', 'test'):
        (root / 'imgs' / split).mkdir()
    cv2.imwrite(str(frames / '0001.png'), np.zeros((40, 50, 3), np.uint8))
    obj = ('<object><name>{}</name><bndbox><xmin>{}</xmin><ymin>{}</ymin>'
           '<xmax>{}</xmax><ymax>{}</ymax></bndbox></object>')
    (frames / '0001.xml').write_text(
        '<annotation>' + obj.format('hierarchy', 30, 4, 5, 9)
        + obj.format('x', 1, 2, 'z', 4) + '</annotation>')
    (frames / '0002.xml').write_text('<annotation/>')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        counts = lv_converter.convert(str(root), str(out))
    messages = [str(r.message) for r in record]
    assert messages == [
        f'{frames}/0001.xml: object 1: skipped, expected integer bndbox '
        'xmin, ymin, xmax, ymax',
        f'{frames}/0002.xml: no frame {frames}/0002.png; skipped']
    assert counts == {'train': 1, 'val': 0, 'test': 0}
    data = json.loads((out / 'instances_train.json').read_text())
    assert [(i['file_name'], i['height'], i['width'])
            for i in data['images']] == [
        ('train/video1/frames/0001.png', 40, 50)]
    assert [(a['bbox'], a['segmentation'], a['iscrowd'], a['text'])
            for a in data['annotations']] == [
        ([5, 4, 25, 5], [_rect(5, 4, 30, 9)], 0, 'hierarchy')]


def test_naf_converter_split_file_and_groups(tmp_path, assert_one_error):
    """NAF: split json of groups, per-group jsons of text and field boxes
    (blank fields left out); a missing image and a broken box named."""
    root = tmp_path / 'naf'
    (root / 'imgs').mkdir(parents=True)
    (root / 'annotations/groups/g1').mkdir(parents=True)
    cv2.imwrite(str(root / 'imgs/a.jpg'), np.zeros((50, 40, 3), np.uint8))
    (root / 'annotations/train_valid_test_split.json').write_text(json.dumps(
        dict(train=dict(g1=['a.jpg', 'gone.jpg']), valid=dict(g1=[]),
             test=dict(g1=[]))))
    (root / 'annotations/groups/g1/a.json').write_text(json.dumps(dict(
        textBBs=[dict(id='t1', type='text',
                      poly_points=[[-5, 6], [30, 6], [30, 16], [-5, 16]]),
                 dict(id='t2', type='text', poly_points=[[1, 1]])],
        fieldBBs=[dict(id='f1', type='field',
                       poly_points=[[2, 20], [12, 20], [12, 30], [2, 30]]),
                  dict(id='f2', type='blank',
                       poly_points=[[0, 0], [1, 0], [1, 1]])],
        transcriptions=dict(t1='Name'))))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert naf_converter.main([str(root), '-o', str(out)]) == 0
    messages = [str(r.message) for r in record]
    assert messages[0] == (f'gone.jpg (group g1): {root}/imgs/gone.jpg not '
                           'found; skipped')
    assert messages[1].startswith(
        f'{root}/annotations/groups/g1/a.json: textBBs[1]: skipped')
    data = json.loads((out / 'instances_training.json').read_text())
    assert [i['file_name'] for i in data['images']] == ['a.jpg']
    assert [(a['bbox'], a['iscrowd']) for a in data['annotations']] == [
        ([0, 6, 30, 10], 0), ([2, 20, 10, 10], 0)]
    (root / 'annotations/train_valid_test_split.json').write_text('{}')
    assert_one_error(naf_converter, [str(root)],
                     'AnnotationParseError: '
                     f'{root}/annotations/train_valid_test_split.json: '
                     'expected a json object with "train" (object), "valid" '
                     '(object), "test" (object)')
