"""The recognition variants of NAF, IMGUR5K, HierText and OpenVINO, each
on a tiny fixture in the dataset's original format, and every converter of
``tools/data`` on a missing input folder."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data'


def _load(rel: str):
    spec = importlib.util.spec_from_file_location(
        rel.replace('/', '_').removesuffix('.py'), TOOLS / rel)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
