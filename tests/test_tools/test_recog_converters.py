"""tools/data/textrecog converters of word-recognition datasets, each run on
a tiny fixture in the dataset's original format."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.utils.scripts import load_script

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data' / 'textrecog'


def _load(name):
    return load_script(TOOLS / f'{name}.py', f'{name}_recog')


ic11_converter = _load('ic11_converter')
ic13_converter = _load('ic13_converter')
cocotext_converter = _load('cocotext_converter')
textocr_converter = _load('textocr_converter')
svt_converter = _load('svt_converter')
totaltext_converter = _load('totaltext_converter')
art_converter = _load('art_converter')
lsvt_converter = _load('lsvt_converter')
rctw_converter = _load('rctw_converter')
mtwi_converter = _load('mtwi_converter')
detext_converter = _load('detext_converter')
vintext_converter = _load('vintext_converter')
funsd_converter = _load('funsd_converter')
kaist_converter = _load('kaist_converter')
ilst_converter = _load('ilst_converter')
bid_converter = _load('bid_converter')
rects_converter = _load('rects_converter')
lv_converter = _load('lv_converter')


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_ic11_word_gt_to_jsonl(tmp_path, capsys):
    """ICDAR 2011 Task 1.3 lines ``word_1.png, "word"`` (commas and quotes
    inside the word kept), a line without the quote skipped and named."""
    root = tmp_path / 'icdar2011'
    (root / 'annotations').mkdir(parents=True)
    (root / 'annotations/Challenge1_Train_Task3_GT.txt').write_text(
        'word_1.png, "flying"\nword_2.png, "1,000 "A""\nword_3.png today\n',
        encoding='utf-8-sig')
    (root / 'annotations/Challenge1_Test_Task3_GT.txt').write_text(
        'word_1.png, "means"\n')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert ic11_converter.main([str(root), '-o', str(out)]) == 0
    assert [str(r.message) for r in record] == [
        f'{root}/annotations/Challenge1_Train_Task3_GT.txt:3: skipped '
        "malformed line (expected NAME, \"WORD\"): 'word_3.png today'"]
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/word_1.png', text='flying'),
        dict(filename='train/word_2.png', text='1,000 "A"')]
    assert _jsonl(out / 'test_label.jsonl') == [
        dict(filename='test/word_1.png', text='means')]
    assert 'train: 2 samples' in capsys.readouterr().out


def test_ic13_word_gt_to_txt_and_missing_gt(tmp_path, assert_one_error):
    root = tmp_path / 'icdar2013'
    (root / 'annotations').mkdir(parents=True)
    (root / 'annotations/Challenge2_Train_Task3_GT.txt').write_text(
        'word_1.png, "Tiredness"\nword_2.png, "kills"\n')
    (root / 'annotations/Challenge2_Test_Task3_GT.txt').write_text(
        'word_9.png, "a b"\n')
    assert ic13_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'train/word_1.png Tiredness\ntrain/word_2.png kills\n')
    assert (root / 'test_label.txt').read_text() == 'test/word_9.png a b\n'
    (root / 'annotations/Challenge2_Test_Task3_GT.txt').unlink()
    assert_one_error(ic13_converter, [str(root), '-o', str(
        tmp_path / 'o2')], 'FileNotFoundError: ground truth not found: '
        f'{root}/annotations/Challenge2_Test_Task3_GT.txt')
    assert not (tmp_path / 'o2').exists()


def _gray_image(path: Path, h: int, w: int, value: int = 100) -> None:
    """A flat ``value`` image with a white square at its top-left corner."""
    img = np.full((h, w, 3), value, np.uint8)
    img[:5, :5] = 255
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), img)


def _crop_shape(path: Path) -> tuple[int, int]:
    img = cv2.imread(str(path))
    assert img is not None, path
    return img.shape[:2]


def test_cocotext_recog_crops_legible_english_words(tmp_path):
    """COCO-Text v2 json: legible English words cut along their bbox into
    crops/{train,val}/img_K_J.jpg; ignored words and broken records not."""
    root = tmp_path / 'coco_textv2'
    _gray_image(root / 'imgs/COCO_train2014_1.jpg', 40, 50)
    _gray_image(root / 'imgs/COCO_train2014_2.jpg', 30, 20)
    word = dict(language='english', legibility='legible', mask=[])
    data = dict(
        imgs={'1': dict(id=1, file_name='COCO_train2014_1.jpg', width=50,
                        height=40, set='train'),
              '2': dict(id=2, file_name='COCO_train2014_2.jpg', width=20,
                        height=30, set='val'),
              '3': dict(id=3, file_name='COCO_train2014_3.jpg', width=20,
                        height=30, set='train')},
        anns={'10': dict(word, bbox=[10.4, 20.7, 30.2, 9.1],
                         utf8_string='New York'),
              '11': dict(word, bbox=[0, 0, 5, 5], utf8_string='x',
                         legibility='illegible'),
              '12': dict(word, bbox=[40, 30, 20, 20], utf8_string='edge'),
              '13': dict(word, bbox=None, utf8_string='bad'),
              '20': dict(word, bbox=[2, 3, 4, 5], utf8_string='Val')},
        imgToAnns={'1': [10, 11, 12, 13], '2': [20], '3': []})
    (root / 'annotations').mkdir()
    (root / 'annotations/cocotext.v2.json').write_text(json.dumps(data))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r"anns\['13'\] \(image 1\)"):
        counts = cocotext_converter.convert(str(root), str(out))
    assert counts == {'train': 2, 'val': 1}
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/img_0_0.jpg', text='New York'),
        dict(filename='train/img_0_2.jpg', text='edge')]
    assert _jsonl(out / 'val_label.jsonl') == [
        dict(filename='val/img_1_0.jpg', text='Val')]
    assert _crop_shape(out / 'crops/train/img_0_0.jpg') == (10, 31)
    assert _crop_shape(out / 'crops/train/img_0_2.jpg') == (10, 10)  # clipped
    assert _crop_shape(out / 'crops/val/img_1_0.jpg') == (5, 4)
    assert not (out / 'crops/train/img_0_1.jpg').exists()


def test_textocr_recog_crops_and_positional_nproc(tmp_path, assert_one_error):
    """TextOCR jsons: words not "." cut into image/img_K_J.jpg, numbered on
    from the train images into val; case kept; ``ROOT N`` form of 0.x."""
    root = tmp_path / 'textocr'
    _gray_image(root / 'train/a1.jpg', 60, 80)
    _gray_image(root / 'train/c3.jpg', 20, 20)
    train = dict(
        imgs={'a1': dict(id='a1', file_name='train/a1.jpg', width=80,
                         height=60),
              'b2': dict(id='b2', file_name='train/b2.jpg', width=8,
                         height=8)},
        anns={'a1_1': dict(bbox=[3.2, 4.9, 10.1, 5.0], points=[],
                           utf8_string='TeXt'),
              'a1_2': dict(bbox=[50, 50, 4, 4], points=[], utf8_string='.')},
        imgToAnns={'a1': ['a1_1', 'a1_2'], 'b2': []})
    val = dict(imgs={'c3': dict(id='c3', file_name='train/c3.jpg', width=20,
                                height=20)},
               anns={'c3_1': dict(bbox=[1, 1, 6, 3], points=[],
                                  utf8_string='v')},
               imgToAnns={'c3': ['c3_1']})
    (root / 'TextOCR_0.1_train.json').write_text(json.dumps(train))
    (root / 'TextOCR_0.1_val.json').write_text(json.dumps(val))
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # b2.jpg has no word: not read
        assert textocr_converter.main([str(root), '1']) == 0
    assert (root / 'train_label.txt').read_text() == 'image/img_0_0.jpg TeXt\n'
    assert (root / 'val_label.txt').read_text() == 'image/img_2_0.jpg v\n'
    assert _crop_shape(root / 'image/img_0_0.jpg') == (5, 11)
    assert _crop_shape(root / 'image/img_2_0.jpg') == (3, 6)
    (root / 'TextOCR_0.1_val.json').unlink()
    assert_one_error(textocr_converter, [str(root), '-o', str(tmp_path / 'o')],
                     'FileNotFoundError: annotation file not found: '
                     f'{root}/TextOCR_0.1_val.json')


SVT_XML = """<?xml version="1.0" encoding="utf-8"?>
<tagset>
  <image>
    <imageName>img/14_03.jpg</imageName>
    <address>341 Southwest 10th Avenue Portland OR</address>
    <lex>LIVING,ROOM,THEATERS</lex>
    <Resolution x="80" y="60"/>
    <taggedRectangles>
      <taggedRectangle height="10" width="30" x="5" y="8">
        <tag>LIVING</tag>
      </taggedRectangle>
      <taggedRectangle height="x" width="3" x="1" y="1"><tag>BAD</tag>
      </taggedRectangle>
      <taggedRectangle height="20" width="20" x="70" y="50">
        <tag>ROOM</tag>
      </taggedRectangle>
    </taggedRectangles>
  </image>
  <image>
    <imageName>img/missing.jpg</imageName>
    <lex>A,B</lex>
    <taggedRectangles>
      <taggedRectangle height="2" width="2" x="0" y="0"><tag>A</tag>
      </taggedRectangle>
    </taggedRectangles>
  </image>
</tagset>
"""


def test_svt_test_xml_crops_with_lexicon(tmp_path, assert_one_error):
    """SVT's test.xml: rectangles cut (clipped) into image/img_NNNN.jpg,
    labels ``name word lexicon`` lower-cased; broken rectangle and missing
    image named; ``--resize`` scales the crops."""
    root = tmp_path / 'svt1'
    _gray_image(root / 'img/14_03.jpg', 60, 80)
    (root / 'test.xml').write_text(SVT_XML)
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        counts = svt_converter.convert(str(root), str(out))
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(
        f'{root}/test.xml: image 0 (img/14_03.jpg) rectangle 1: skipped, '
        'expected integer x, y, width, height and a <tag>')
    assert messages[1].startswith(
        f'image file not found: {root}/img/missing.jpg')
    assert len(messages) == 2 and counts == {'test': 2}
    assert (out / 'test_label.txt').read_text() == (
        'image/img_0001.jpg living living,room,theaters\n'
        'image/img_0002.jpg room living,room,theaters\n')
    assert _crop_shape(out / 'image/img_0001.jpg') == (10, 30)
    assert _crop_shape(out / 'image/img_0002.jpg') == (10, 10)
    with pytest.warns(UserWarning):
        svt_converter.main([str(root), '-o', str(tmp_path / 'r'),
                            '--resize', '--width', '40', '--height', '16'])
    assert _crop_shape(tmp_path / 'r/image/img_0001.jpg') == (16, 40)
    (root / 'test.xml').write_text('<tagset><image>')
    assert_one_error(svt_converter, [str(root)],
                     f'AnnotationParseError: {root}/test.xml: not valid XML')


def test_totaltext_recog_padded_crops(tmp_path, assert_one_error):
    """Total-Text's txt records: each text but "#" cut along its polygon's
    bounding rectangle padded as 0.x did; a broken record and an image
    without ground truth named."""
    root = tmp_path / 'totaltext'
    _gray_image(root / 'imgs/training/img11.jpg', 100, 120)
    _gray_image(root / 'imgs/test/img1.jpg', 10, 10)
    (root / 'annotations/training').mkdir(parents=True)
    (root / 'annotations/test').mkdir(parents=True)
    (root / 'annotations/training/poly_gt_img11.txt').write_text(
        "x: [[10 50 50 10]], y: [[20 20 40 40]], ornt: [u'h'], "
        "transcriptions: [u'Hello']\n"
        "x: [[1 5 5 1]], y: [[1 1 5 5]], ornt: [u'#'], "
        "transcriptions: [u'#']\n"
        "x: [[60 80 100 100 80 60]], y: [[70 60 70 90 80 90]],\n"
        "ornt: [u'c'], transcriptions: [u'curve']\n"
        "x: [[1 2]], y: [[3]], ornt: [u'h'], transcriptions: [u'x']\n")
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert totaltext_converter.main([str(root), '-o', str(out),
                                         '--split-list', 'training',
                                         'test']) == 0
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(
        f'{root}/annotations/training/poly_gt_img11.txt: record 3: 2 x and '
        '1 y values')
    assert messages[1] == (
        f'no ground truth {root}/annotations/test/poly_gt_img1.txt for image '
        f'{root}/imgs/test/img1.jpg; skipped')
    assert len(messages) == 2
    assert (out / 'train_label.txt').read_text() == (
        'training/img11_1.png Hello\ntraining/img11_2.png curve\n')
    assert (out / 'test_label.txt').read_text() == ''
    # (10..50, 20..40) padded by 8 / 4; (60..100, 60..90) by 12 / 6, clipped
    assert _crop_shape(out / 'dst_imgs/training/img11_1.png') == (28, 56)
    assert _crop_shape(out / 'dst_imgs/training/img11_2.png') == (42, 64)
    assert_one_error(totaltext_converter,
                     [str(root), '--split-list', 'training', 'val'],
                     f'FileNotFoundError: folder not found: {root}/imgs/val')


def test_art_task2_labels_with_val_split(tmp_path):
    """ArT Task 2's json of cropped words: one label per crop, every 2nd
    held out with ``--val-ratio 0.5``, an entry without a record named."""
    root = tmp_path / 'art'
    (root / 'annotations').mkdir(parents=True)
    word = dict(points=[[25, 51], [0, 2], [21, 0], [42, 43]],
                language='Latin', illegibility=False)
    (root / 'annotations/train_task2_labels.json').write_text(json.dumps({
        'gt_0_0': [dict(word, transcription='URDER')],
        'gt_0_1': [dict(word, transcription='燎申 集团')],
        'gt_1_0': [],
        'gt_2_0': [dict(word, transcription='ok')]}, ensure_ascii=False))
    with pytest.warns(UserWarning, match=r'train_task2_labels\.json: '
                      r'gt_1_0: skipped entry without a transcription'):
        assert art_converter.main([str(root), '--val-ratio', '0.5',
                                   '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'crops/gt_0_1.jpg 燎申 集团\n')
    assert (root / 'val_label.txt').read_text() == (
        'crops/gt_0_0.jpg URDER\ncrops/gt_2_0.jpg ok\n')


def test_lsvt_recog_crops_vertical_and_illegible(tmp_path):
    """LSVT's full-image json: legible words cropped along their points'
    bounds; vertical training words set aside unless preserved."""
    root = tmp_path / 'lsvt'
    _gray_image(root / 'imgs/gt_0.jpg', 60, 80)
    _gray_image(root / 'imgs/gt_1.jpg', 40, 40)
    (root / 'annotations').mkdir()
    (root / 'annotations/train_full_labels.json').write_text(json.dumps({
        'gt_0': [dict(transcription='一站式', illegibility=False,
                      points=[[10, 5], [40, 5], [40, 25], [10, 25]]),
                 dict(transcription='V', illegibility=False,
                      points=[[50, 2], [58, 2], [58, 40], [50, 40]]),
                 dict(transcription='###', illegibility=True,
                      points=[[1, 1], [9, 1], [9, 9], [1, 9]])],
        'gt_1': [dict(transcription='bad', illegibility=False,
                      points=[[1, 1]]),
                 dict(transcription='x', illegibility=False,
                      points=[[-3, 2], [20, 2], [20, 12], [-3, 12]])]},
        ensure_ascii=False))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r"gt_1\[0\]: skipped word record"):
        counts = lsvt_converter.convert(str(root), str(out))
    assert counts == {'train': 2}
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/img_0_0.jpg', text='一站式'),
        dict(filename='train/img_1_0.jpg', text='x')]
    assert _crop_shape(out / 'crops/train/img_0_0.jpg') == (20, 30)
    assert _crop_shape(out / 'crops/train/img_1_0.jpg') == (10, 20)
    assert _crop_shape(out / 'ignores/train/img_0_1.jpg') == (38, 8)
    assert not (out / 'crops/train/img_0_2.jpg').exists()
    with pytest.warns(UserWarning):
        lsvt_converter.main([str(root), '-o', str(tmp_path / 'p'),
                             '--preserve-vertical', '--format', 'txt'])
    assert (tmp_path / 'p/train_label.txt').read_text() == (
        'train/img_0_0.jpg 一站式\ntrain/img_0_1.jpg V\n'
        'train/img_1_0.jpg x\n')


def _flat_root(root: Path, gts: dict[str, str],
               sizes: dict[str, tuple[int, int]]) -> Path:
    """RCTW/MTWI layout: ``imgs/NAME.jpg`` and ``annotations/NAME.txt``."""
    for name, (h, w) in sizes.items():
        _gray_image(root / 'imgs' / f'{name}.jpg', h, w)
    (root / 'annotations').mkdir(parents=True)
    for name, text in gts.items():
        (root / 'annotations' / f'{name}.txt').write_text(
            text, encoding='utf-8-sig')
    return root


def test_rctw_recog_crops_split_and_vertical(tmp_path):
    """RCTW's txt lines: difficult and ``###`` texts not cut, vertical ones
    cut into ignores/ unlabelled, every 2nd file held out as val."""
    root = _flat_root(tmp_path / 'rctw', {
        'a': '10,5,40,5,40,25,10,25,0,"金氏"\n'
             '50,2,58,2,58,40,50,40,0,"竖"\n'
             '1,1,5,1,5,5,1,5,1,"x"\nbad\n',
        'b': '-3,2,20,2,20,12,-3,12,0,"创于1989"\n'},
        {'a': (60, 80), 'b': (40, 40)})
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'a\.txt:4: skipped malformed'):
        counts = rctw_converter.convert(str(root), str(out), val_ratio=0.5)
    assert counts == {'train': 1, 'val': 1}
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='training/b_1.png', text='创于1989')]
    assert _jsonl(out / 'val_label.jsonl') == [
        dict(filename='val/a_1.png', text='金氏')]
    assert _crop_shape(out / 'crops/training/b_1.png') == (10, 20)
    assert _crop_shape(out / 'crops/val/a_1.png') == (20, 30)
    assert _crop_shape(out / 'ignores/val/a_2.png') == (38, 8)


def test_mtwi_recog_old_flags_and_vertical(tmp_path):
    """MTWI's txt lines (real coordinates, text with commas): ``###`` not
    cut, vertical texts only with 0.x's ``--preserve_vertical``."""
    gt = ('10.5,5.2,40.9,5,40,25.7,10,25,Hello,World\n'
          '1,1,5,1,5,5,1,5,###\n'
          '50,2,58,2,58,40,50,40,竖\n')
    root = _flat_root(tmp_path / 'mtwi', {'T1': gt}, {'T1': (60, 80)})
    assert mtwi_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'training/T1_1.png Hello,World\n')
    assert _crop_shape(root / 'dst_imgs/training/T1_1.png') == (20, 30)
    assert not (root / 'dst_imgs/training/T1_2.png').exists()
    assert mtwi_converter.main([str(root), '-o', str(tmp_path / 'p'),
                                '--val_ratio', '0', '--preserve_vertical',
                                '--format', 'txt']) == 0
    assert (tmp_path / 'p/train_label.txt').read_text() == (
        'training/T1_1.png Hello,World\ntraining/T1_2.png 竖\n')


def test_detext_recog_crops_and_vertical(tmp_path):
    """DeText's gt_NAME.txt per split: texts but ``###`` cut unpadded,
    vertical ones into ignores/ unlabelled."""
    root = tmp_path / 'detext'
    _gray_image(root / 'imgs/training/img_1.jpg', 60, 80)
    _gray_image(root / 'imgs/val/img_2.jpg', 30, 30)
    (root / 'annotations/training').mkdir(parents=True)
    (root / 'annotations/val').mkdir(parents=True)
    (root / 'annotations/training/gt_img_1.txt').write_text(
        '10,5,40,5,40,25,10,25,a,b\n50,2,58,2,58,40,50,40,V\n'
        '1,1,5,1,5,5,1,5,###\n')
    (root / 'annotations/val/gt_img_2.txt').write_text('2,2,12,2,12,7,2,7,v\n')
    assert detext_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'training/img_1_1.png a,b\n')
    assert (root / 'val_label.txt').read_text() == 'val/img_2_1.png v\n'
    assert _crop_shape(root / 'crops/training/img_1_1.png') == (20, 30)
    assert _crop_shape(root / 'ignores/training/img_1_2.png') == (38, 8)
    assert _crop_shape(root / 'crops/val/img_2_1.png') == (5, 10)


def test_vintext_recog_padded_crops(tmp_path, assert_one_error):
    """VinText: shared gt folder, crops padded as 0.x, three label files."""
    root = tmp_path / 'vintext'
    _gray_image(root / 'imgs/training/im0001.jpg', 60, 80)
    for split in ('test', 'unseen_test'):
        (root / 'imgs' / split).mkdir(parents=True)
    (root / 'annotations').mkdir()
    (root / 'annotations/gt_1.txt').write_text(
        '10,20,50,20,50,40,10,40,Việt\n', encoding='utf-8')
    counts = vintext_converter.convert(str(root), str(tmp_path / 'out'))
    assert counts == {'train': 1, 'test': 0, 'unseen_test': 0}
    assert (tmp_path / 'out/train_label.txt').read_text(
        encoding='utf-8') == 'training/im0001_1.png Việt\n'
    # 40 x 20 box padded by 8 / 4
    assert _crop_shape(tmp_path / 'out/dst_imgs/training/im0001_1.png') == (
        28, 56)
    assert (tmp_path / 'out/unseen_test_label.txt').read_text() == ''
    assert_one_error(vintext_converter, [str(tmp_path / 'none')],
                     'FileNotFoundError: folder not found: '
                     f'{tmp_path}/none/annotations')


def test_funsd_recog_word_crops(tmp_path):
    """FUNSD's form json: words with a text cut (padded), empty ones not,
    a broken json named; vertical words only with --preserve_vertical."""
    root = tmp_path / 'funsd'
    _gray_image(root / 'imgs/0001.png', 100, 80)
    _gray_image(root / 'imgs/0002.png', 20, 20)
    (root / 'annotations/training').mkdir(parents=True)
    (root / 'annotations/test').mkdir(parents=True)
    (root / 'annotations/training/0001.json').write_text(json.dumps(dict(
        form=[dict(words=[dict(box=[10, 20, 50, 40], text='Date:'),
                          dict(box=[1, 1, 5, 5], text=''),
                          dict(box=[60, 10, 68, 50], text='V')])])))
    (root / 'annotations/test/0002.json').write_text('{"form": ')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning, match=r'0002\.json: not valid json'):
        assert funsd_converter.main([str(root), '-o', str(out)]) == 0
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='training/0001_1.png', text='Date:')]
    assert _crop_shape(out / 'dst_imgs/training/0001_1.png') == (28, 56)
    assert (out / 'test_label.jsonl').read_text() == ''
    with pytest.warns(UserWarning):
        funsd_converter.main([str(root), '-o', str(out),
                              '--preserve_vertical'])
    assert [x['text'] for x in _jsonl(out / 'train_label.jsonl')] == [
        'Date:', 'V']


def test_kaist_recog_word_crops(tmp_path):
    """KAIST's XML words: the characters' ``char`` joined as the text, a
    word without characters not cut, every 2nd image as val."""
    root = tmp_path / 'kaist'
    for name in ('DSC01', 'DSC02'):
        _gray_image(root / f'imgs/{name}.jpg', 40, 60)
    (root / 'annotations').mkdir()
    word = ('<word x="{}" y="{}" width="{}" height="{}">{}</word>')
    chars = '<character char="O"/><character char="K"/>'
    for name in ('DSC01', 'DSC02'):
        (root / f'annotations/{name}.xml').write_text(
            '<images><image><words>' + word.format(5, 6, 20, 10, chars)
            + word.format(1, 1, 4, 4, '') + '</words></image></images>')
    assert kaist_converter.main([str(root), '--val_ratio', '0.5']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'training/DSC02_1.png OK\n')
    assert (root / 'val_label.txt').read_text() == 'val/DSC01_1.png OK\n'
    assert _crop_shape(root / 'dst_imgs/val/DSC01_1.png') == (10, 20)


def test_ilst_recog_padded_crops_head_split(tmp_path):
    """IIIT-ILST's VOC XML: named objects cut padded, 0.x's default head
    split (0.2) and label file names."""
    root = tmp_path / 'ilst'
    obj = ('<object><name>{}</name><bndbox><xmin>10</xmin><ymin>20</ymin>'
           '<xmax>50</xmax><ymax>40</ymax></bndbox></object>')
    (root / 'annotations').mkdir(parents=True)
    for i in range(5):
        _gray_image(root / f'imgs/telugu_{i}.jpg', 60, 80)
        (root / f'annotations/telugu_{i}.xml').write_text(
            '<annotation>' + obj.format(f'w{i}') + obj.format('')
            + '</annotation>')
    counts = ilst_converter.convert(str(root), str(root))
    assert counts == {'training': 4, 'val': 1}
    assert _jsonl(root / 'val_label.jsonl') == [
        dict(filename='val/telugu_0_1.png', text='w0')]
    assert _crop_shape(root / 'dst_imgs/val/telugu_0_1.png') == (28, 56)
    assert [x['text'] for x in _jsonl(root / 'training_label.jsonl')] == [
        'w1', 'w2', 'w3', 'w4']


def test_bid_recog_crops_and_vertical(tmp_path):
    """BID's latin-1 ``x, y, w, h, text`` lines: texts cut unpadded,
    vertical ones into ignores/ unlabelled."""
    root = tmp_path / 'BID'
    _gray_image(root / 'imgs/00000001_in.jpg', 60, 80)
    (root / 'annotations').mkdir()
    (root / 'annotations/00000001_gt_ocr.txt').write_bytes(
        'x, y, width, height, transcription\n10, 5, 30, 20, JOSÉ, DA\n'
        '50, 2, 8, 38, V\n'.encode('latin-1'))
    assert bid_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'training_label.txt').read_text() == (
        'training/00000001_in_1.png JOSÉ, DA\n')
    assert _crop_shape(root / 'crops/training/00000001_in_1.png') == (20, 30)
    assert _crop_shape(root / 'ignores/training/00000001_in_2.png') == (38, 8)


def test_rects_recog_lines_and_ignore(tmp_path):
    """ReCTS' per-image json: lines not ``ignore`` cut along their bounds,
    characters unused, a broken line record named."""
    root = tmp_path / 'rects'
    _gray_image(root / 'imgs/train_ReCTS_000001.jpg', 60, 80)
    (root / 'annotations').mkdir()
    (root / 'annotations/train_ReCTS_000001.json').write_text(json.dumps(dict(
        chars=[dict(ignore=0, transcription='H',
                    points=[10, 5, 20, 5, 20, 25, 10, 25])],
        lines=[dict(ignore=0, transcription='HOKI',
                    points=[10, 5, 40, 5, 40, 25, 10, 25]),
               dict(ignore=1, transcription='###',
                    points=[1, 1, 5, 1, 5, 5, 1, 5]),
               dict(ignore=0, transcription='bad', points=[1])]),
        ensure_ascii=False))
    with pytest.warns(UserWarning, match=r'lines\[2\]: skipped record'):
        assert rects_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'training/train_ReCTS_000001_1.png HOKI\n')
    assert _crop_shape(root / 'crops/training/train_ReCTS_000001_1.png') == (
        20, 30)


def test_lv_labels_to_jsonl(tmp_path, assert_one_error):
    """Lecture Video DB's own ``Crops/... word`` label files to jsonl (words
    with spaces kept); a broken line named; txt does not rewrite them."""
    root = tmp_path / 'lv'
    root.mkdir()
    (root / 'train_label.txt').write_text(
        'Crops/train/1/1/1.png weighted sum\nbroken line\n')
    (root / 'val_label.txt').write_text('Crops/val/11/1/2.png 26\n')
    (root / 'test_label.txt').write_text('')
    with pytest.warns(UserWarning, match=r'train_label\.txt:2: skipped'):
        assert lv_converter.main([str(root)]) == 0
    assert _jsonl(root / 'train_label.jsonl') == [
        dict(filename='Crops/train/1/1/1.png', text='weighted sum')]
    assert _jsonl(root / 'val_label.jsonl') == [
        dict(filename='Crops/val/11/1/2.png', text='26')]
    with pytest.warns(UserWarning):
        assert lv_converter.convert(str(root), str(root), 'txt') == {
            'train': 1, 'val': 1, 'test': 0}
    assert 'broken line' in (root / 'train_label.txt').read_text()
    (root / 'test_label.txt').unlink()
    with pytest.warns(UserWarning):
        assert_one_error(lv_converter, [str(root), '-o', str(tmp_path / 'o')],
                         'FileNotFoundError: label file not found: '
                         f'{root}/test_label.txt')
    assert not (tmp_path / 'o').exists()
