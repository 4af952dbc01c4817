"""The recognition variants of NAF, IMGUR5K, HierText and OpenVINO, each
on a tiny fixture in the dataset's original format, and every converter of
``tools/data`` on a missing input folder."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import cv2
import lmdb
import numpy as np
import pytest

from mmocr.apis.utils import run_tool
from mmocr.utils.scripts import load_script

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data'


def _load(rel: str):
    return load_script(TOOLS / rel, rel.replace('/', '_').removesuffix('.py'))


naf_converter = _load('textrecog/naf_converter.py')
imgur_converter = _load('textrecog/imgur_converter.py')
hiertext_converter = _load('textrecog/hiertext_converter.py')
openvino_converter = _load('textrecog/openvino_converter.py')


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def _image(path: Path, h: int, w: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = np.arange(h * w * 3, dtype=np.uint8).reshape(h, w, 3)
    cv2.imwrite(str(path), img)


def _shape(path: Path) -> tuple[int, int]:
    return cv2.imread(str(path)).shape[:2]


def test_naf_recog_fields_marks_and_vertical(tmp_path, assert_one_error):
    """Only transcribed fields are cut; strike-through marks removed,
    illegible texts and vertical training fields cut but not labelled;
    a broken box named."""
    root = tmp_path / 'naf'
    _image(root / 'imgs/a.jpg', 50, 40)
    (root / 'annotations/groups/g1').mkdir(parents=True)
    (root / 'annotations/train_valid_test_split.json').write_text(json.dumps(
        dict(train=dict(g1=['a.jpg']), valid=dict(g1=[]),
             test=dict(g1=[]))))
    fields = [dict(id='f1', poly_points=[[2, 20], [12.5, 20], [12.5, 30],
                                         [2, 30]]),
              dict(id='f2', poly_points=[[1, 1], [5, 1], [5, 30], [1, 30]]),
              dict(id='f3', poly_points=[[0, 0], [9, 0], [9, 4], [0, 4]]),
              dict(id='f4', poly_points=[[1, 1]]),
              dict(id='f5', poly_points=[[0, 0], [9, 0], [9, 4]])]
    (root / 'annotations/groups/g1/a.json').write_text(json.dumps(dict(
        textBBs=[dict(id='t1', poly_points=[[0, 0], [9, 0], [9, 9]])],
        fieldBBs=fields, transcriptions=dict(
            t1='Printed', f1='\u202aJ«oh»n', f2='tall', f3='x§', f4='bad',
            f5=''))))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert naf_converter.main([str(root), '-o', str(out), '--format',
                                   'txt']) == 0
    assert [str(r.message)[:48] for r in record] == [
        f'{root}/annotations/groups/g1/a.json: fieldBBs[3]'[:48]]
    assert (out / 'train_label.txt').read_text() == 'training/a_1.png John\n'
    assert _shape(out / 'crops/training/a_1.png') == (10, 11)
    assert (out / 'ignores/training/a_2.png').is_file()  # vertical
    assert (out / 'ignores/training/a_3.png').is_file()  # illegible
    assert (out / 'val_label.txt').read_text() == ''
    (root / 'annotations/train_valid_test_split.json').unlink()
    assert_one_error(naf_converter, [str(root)],
                     'FileNotFoundError: annotation file not found: '
                     f'{root}/annotations/train_valid_test_split.json')


def test_imgur_recog_rotated_words_and_dead_links(tmp_path,
                                                  assert_one_error):
    """Oriented boxes cut along their corners' bounding rectangle; a broken
    box and a missing image named; the good words still cut."""
    root = tmp_path / 'imgur'
    _image(root / 'imgs/a1.jpg', 60, 80)
    (root / 'annotations').mkdir()
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
        f"{root}/annotations/imgur5k_annotations_train.json: ann_id['a1_2']")
    assert f'{root}/imgs/b2.jpg' in messages[1]
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/a1_1.png', text='hello'),
        dict(filename='train/a1_2.png', text='rot')]
    assert _shape(out / 'crops/train/a1_1.png') == (10, 20)
    assert _shape(out / 'crops/train/a1_2.png') == (20, 10)
    assert (out / 'test_label.jsonl').read_text() == ''
    (root / 'annotations/imgur5k_annotations_val.json').write_text('[')
    with pytest.warns(UserWarning):
        assert_one_error(imgur_converter, [str(root), '-o',
                                           str(tmp_path / 'o')],
                         'AnnotationParseError: '
                         f'{root}/annotations/imgur5k_annotations_val.json: '
                         'not valid json')
    assert not (tmp_path / 'o').exists()


def _hier(vertices, text, legible=True, **kw):
    return dict(vertices=vertices, text=text, legible=legible, **kw)


def test_hiertext_recog_levels_and_vertical(tmp_path, assert_one_error):
    """Legible words (or lines) cut by their vertices' bounds and named by
    their indices; vertical training words set aside; a broken word and
    image record named."""
    words = [_hier([[1, 1], [9.5, 1], [9.5, 5], [1, 5]], 'Hi'),
             _hier([[10, 1], [20, 1], [20, 5], [10, 5]], 'x', False),
             _hier([[0, 0]], 'bad'),
             _hier([[22, 0], [25, 0], [25, 19], [22, 19]], 'tall')]
    line = _hier([[1, 1], [20, 1], [20, 5], [1, 5]], 'Hi x', words=words)
    image = dict(image_id='abc', image_width=30, image_height=20,
                 paragraphs=[dict(vertices=[], legible=True, lines=[line])])
    root = tmp_path / 'HierText'
    _image(root / 'imgs/train/abc.jpg', 20, 30)
    _image(root / 'imgs/val/v.jpg', 20, 30)
    (root / 'annotations').mkdir()
    (root / 'annotations/train.jsonl').write_text(json.dumps(dict(
        annotations=[image, dict(image_id='broken')])))
    (root / 'annotations/validation.jsonl').write_text(json.dumps(dict(
        annotations=[dict(image, image_id='v')])))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert hiertext_converter.main([str(root), '-o', str(out)]) == 0
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(f'{root}/annotations/train.jsonl: abc '
                                  'paragraphs[0].lines[0].words[2]: skipped')
    assert messages[1].startswith(f'{root}/annotations/train.jsonl: '
                                  'annotations[1]: skipped image record')
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/img_0_0_0_0.jpg', text='Hi')]
    assert _shape(out / 'crops/train/img_0_0_0_0.jpg') == (4, 9)
    assert (out / 'ignores/train/img_0_0_0_3.jpg').is_file()
    assert _jsonl(out / 'val_label.jsonl') == [  # vertical kept in val
        dict(filename='val/img_0_0_0_0.jpg', text='Hi'),
        dict(filename='val/img_0_0_0_3.jpg', text='tall')]
    with pytest.warns(UserWarning):
        hiertext_converter.main([str(root), '-o', str(out), '--level',
                                 'line', '--format', 'txt'])
    assert (out / 'train_label.txt').read_text() == (
        'train/img_0_0_0.jpg Hi x\n')
    (root / 'annotations/validation.jsonl').unlink()
    with pytest.warns(UserWarning):
        assert_one_error(hiertext_converter, [str(root)],
                         'FileNotFoundError: annotation file not found: '
                         f'{root}/annotations/val.jsonl')


def test_openvino_recog_sets_and_positional_nproc(tmp_path,
                                                  assert_one_error):
    """Open Images v5 text annotations: legible English words cut into
    ``image_S/img_I_J.jpg`` (images numbered on across the files), others
    left out; a malformed record named."""
    root = tmp_path / 'openvino'
    _image(root / 'train_1/p.jpg', 40, 50)
    _image(root / 'validation/q.jpg', 40, 50)

    def attrs(text, legible=True, language='english'):
        return dict(transcription=text, legible=legible, language=language)

    empty = dict(images=[], annotations=[])
    sets = dict(train_1=dict(
        images=[dict(id=7, file_name='train_1/p.jpg')],
        annotations=[dict(image_id=7, bbox=[1.5, 2, 10.2, 5],
                          attributes=attrs('Shop')),
                     dict(image_id=7, bbox=[0, 0, 5, 5],
                          attributes=attrs('x', legible=False)),
                     dict(image_id=7, bbox=[0, 0, 5, 5],
                          attributes=attrs('Laden', language='german')),
                     dict(image_id=7, bbox='oops', attributes=attrs('?'))]),
        train_2=empty, train_5=empty, train_f=empty, validation=dict(
            images=[dict(id=1, file_name='validation/q.jpg')],
            annotations=[dict(image_id=1, bbox=[0, 0, 4, 4],
                              attributes=attrs('ok'))]))
    for part, data in sets.items():
        (root / f'text_spotting_openimages_v5_{part}.json').write_text(
            json.dumps(data))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert openvino_converter.main([str(root), '1', '-o', str(out)]) == 0
    assert [str(r.message)[:60] for r in record] == [
        f'{root}/text_spotting_openimages_v5_train_1.json: '
        'annotations[3]: skipped'[:60]]
    assert (out / 'train_1_label.txt').read_text() == (
        'image_1/img_0_0.jpg Shop\n')
    assert _shape(out / 'image_1/img_0_0.jpg') == (5, 11)
    assert (out / 'val_label.txt').read_text() == 'image_val/img_1_0.jpg ok\n'
    (root / 'text_spotting_openimages_v5_train_f.json').unlink()
    assert_one_error(openvino_converter, [str(root)],
                     'FileNotFoundError: annotation file not found: '
                     f'{root}/text_spotting_openimages_v5_train_f.json')



curvedsyntext_converter = _load('common/curvedsyntext_converter.py')
extract_kaist = _load('common/extract_kaist.py')
img2lmdb = _load('utils/img2lmdb.py')


def _rec(text: str) -> list[int]:
    return [ord(c) - 32 for c in text] + [96, 96]


def test_curvedsyntext_bezier_polygons_texts_and_ids(tmp_path,
                                                     assert_one_error):
    """Bezier sides sampled and sorted clockwise, ``rec`` decoded (95: the
    unknown character), the second file's ids numbered on; a broken word
    named."""
    root = tmp_path / 'CurvedSynText150k'
    root.mkdir()
    straight = [0, 0, 10, 0, 20, 0, 30, 0, 30, 10, 20, 10, 10, 10, 0, 10]
    (root / 'train1.json').write_text(json.dumps(dict(
        images=[dict(id=0, file_name='0.jpg', width=40, height=20)],
        annotations=[dict(id=5, image_id=0, bbox=[0, 0, 30, 10],
                          bezier_pts=straight, rec=_rec('Hi')),
                     dict(id=6, image_id=0, bezier_pts=[1, 2, 3],
                          rec=[1])])))
    (root / 'train2.json').write_text(json.dumps(dict(
        images=[dict(id=0, file_name='0.jpg', width=40, height=20)],
        annotations=[dict(id=0, image_id=0, bezier_pts=straight,
                          rec=[65, 95, 96])])))
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert curvedsyntext_converter.main([str(root), '-o', str(out), '-n',
                                             '2']) == 0
    assert [str(r.message)[:40] for r in record] == [
        f'{root}/train1.json: annotations[1]: skipped'[:40]]
    data = json.loads((out / 'instances_training.json').read_text())
    assert [(i['id'], i['file_name']) for i in data['images']] == [
        (0, 'syntext_word_eng/0.jpg'), (1, 'emcs_imgs/0.jpg')]
    assert [(a['id'], a['image_id'], a['text'], a['segmentation'])
            for a in data['annotations']] == [
        # mmocr.utils.sort_points keeps 0.x's order (clockwise with y up)
        (5, 0, 'Hi', [[0, 0, 0, 10, 30, 10, 30, 0]]),
        (6, 1, 'a口', [[0, 0, 0, 10, 30, 10, 30, 0]])]
    assert 'rec' not in data['annotations'][0]
    assert data['categories'] == [dict(id=1, name='text')]
    (root / 'train2.json').write_text('{"images": []}')
    assert_one_error(curvedsyntext_converter, [str(root), '-o',
                                               str(tmp_path / 'o')],
                     f'AnnotationParseError: {root}/train2.json: '
                     'expected a json object')
    assert not (tmp_path / 'o').exists()


def test_extract_kaist_numbers_the_pairs_and_keeps_the_zips(tmp_path):
    """Pairs of every zip numbered in language/camera/zip order; a broken
    XML and an XML without its image named; the zips are kept."""
    root = tmp_path / 'kaist'
    good = '<images><image><imageName>x</imageName></image></images>'
    zips = {'English/Digital_Camera/a.zip': {
                'x/1.jpg': b'one', 'x/1.xml': good, 'x/2.xml': '<a>',
                'x/3.xml': good},
            'Korean/Mobile_Phone/b.zip': {'p.JPG': b'two', 'p.xml': good}}
    for rel, files in zips.items():
        path = root / 'KAIST' / rel
        path.parent.mkdir(parents=True)
        with zipfile.ZipFile(path, 'w') as archive:
            for name, content in files.items():
                archive.writestr(name, content)
    with pytest.warns(UserWarning) as record:
        assert extract_kaist.main([str(root)]) == 0
    messages = [str(r.message) for r in record]
    assert sum('folder not found' in m for m in messages) == 4
    assert any('x/2.xml: not valid XML' in m for m in messages)
    assert any('3.xml: no 3.jpg beside it; skipped' in m for m in messages)
    assert sorted(p.name for p in (root / 'imgs').iterdir()) == [
        '00000.jpg', '00001.jpg']
    assert (root / 'imgs/00000.jpg').read_bytes() == b'one'
    assert (root / 'imgs/00001.jpg').read_bytes() == b'two'
    assert (root / 'annotations/00001.xml').read_text() == good
    assert (root / 'KAIST/English/Digital_Camera/a.zip').is_file()
    assert sorted(p.name for p in root.iterdir()) == ['KAIST', 'annotations',
                                                      'imgs']


def test_img2lmdb_packs_images_with_0x_options(tmp_path, assert_one_error):
    """``-i/-l/-f/-o`` as in 0.x; the database is read back with
    ``num-samples`` and 1-based image/label keys."""
    imgs = tmp_path / 'imgs'
    for k in range(2):
        _image(imgs / f'{k}.png', 8, 12)
    label = tmp_path / 'label.txt'
    label.write_text('0.png hello\n1.png world\n')
    db = tmp_path / 'db.lmdb'
    assert img2lmdb.main(['-i', str(imgs), '-l', str(label), '-o',
                          str(db)]) == 0
    env = lmdb.open(str(db), readonly=True, lock=False)
    with env.begin() as txn:
        assert txn.get(b'num-samples') == b'2'
        assert txn.get(b'label-000000002') == b'world'
        assert txn.get(b'image-000000001') == (imgs / '0.png').read_bytes()
    env.close()
    assert_one_error(img2lmdb, ['-i', str(imgs), '-l', str(label), '-f',
                                'jsonl', '-o', str(tmp_path / 'x')],
                     f"InvalidValueError: --label-path '{label}' does not "
                     'end with .jsonl')


# ---------------------------------------------------------------------------
# Every converter of tools/data on a missing input folder or file.

#: Scripts of tools/data that are not dataset converters.
NOT_CONVERTERS = ('synth/',)
#: ``argv`` of the scripts whose command line is not ``ROOT -o OUT``;
#: ``{in}`` is the missing input, ``{out}`` an output path.
ARGV = {
    'common/extract_kaist.py': ['{in}'],
    'common/labelme_converter.py': ['{in}', '{in}', '{out}'],
    'kie/closeset_to_openset.py': ['{in}', '{out}/x.txt'],
    'textdet/coco_to_line_dict.py': ['--in-path', '{in}', '--out-path',
                                     '{out}/x.txt'],
    'textdet/icdar_converter.py': ['{in}', '-d', 'icdar2015',
                                   '--split-list', 'training', '-o',
                                   '{out}'],
    'textrecog/make_lexicon.py': ['{in}.txt', '-o', '{out}/lexicon.txt'],
    'textrecog/synthtext_converter.py': ['{in}/gt.mat', '{in}', '{out}'],
    'textrecog/sroie_det_crops.py': ['{in}', '--det-config', '{in}',
                                     '--det-ckpt', '{in}', '-o', '{out}'],
    'utils/img2lmdb.py': ['-i', '{in}', '-l', '{in}.txt', '-o', '{out}'],
    'utils/lmdb_converter.py': ['{in}', '{out}', '-i', '{in}'],
    'utils/txt2lmdb.py': ['-i', '{in}', '-o', '{out}'],
}
CONVERTERS = sorted(str(p.relative_to(TOOLS)) for p in TOOLS.rglob('*.py')
                    if not str(p.relative_to(TOOLS)).startswith(
                        NOT_CONVERTERS))


def _argv(rel: str) -> list[str]:
    if rel in ARGV:
        return ARGV[rel]
    source = (TOOLS / rel).read_text()
    split_list = ['--split-list', 'training'] if '--split-list' in source \
        else []
    return ['{in}', '-o', '{out}', *split_list]


@pytest.mark.parametrize('rel', CONVERTERS)
def test_every_converter_names_a_missing_input(rel, tmp_path, capsys):
    """One stderr line ``PROG: error: FileNotFoundError: ...MISSING...``
    (besides ``note:`` lines) and exit status 1, nothing written."""
    converter = _load(rel)
    missing, out = tmp_path / 'missing', tmp_path / 'out'
    argv = [a.replace('{in}', str(missing)).replace('{out}', str(out))
            for a in _argv(rel)]
    capsys.readouterr()
    assert run_tool(converter.main, Path(rel).name, argv) == 1
    err = [line for line in capsys.readouterr().err.strip().splitlines()
           if not line.startswith('note: ')]
    assert len(err) == 1, err
    assert err[0].startswith(f'{Path(rel).name}: error: FileNotFoundError: '
                             ), err
    assert str(missing) in err[0], err
    assert not out.exists() or not any(out.rglob('*.*'))
