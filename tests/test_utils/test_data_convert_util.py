import json

import numpy as np
import pytest

from mmocr.utils import convert_annotations


def _anno(x, y):
    return dict(iscrowd=0, category_id=1, bbox=[x, y, 10, 5],
                area=np.float64(50.0),
                segmentation=[[x, y, x + 10, y, x + 10, y + 5, x, y + 5]])


def test_convert_annotations(tmp_path):
    infos = [
        dict(file_name='a.jpg', height=20, width=30,
             anno_info=[_anno(0, 0), _anno(5, 5)]),
        dict(file_name='b.jpg', height=10, width=10, anno_info=[]),
        dict(file_name='c.jpg', height=40, width=40, anno_info=[_anno(1, 2)]),
    ]
    out_file = tmp_path / 'out' / 'instances_training.json'
    out = convert_annotations(infos, str(out_file))
    assert out == json.loads(out_file.read_text())
    assert out['categories'] == [{'id': 1, 'name': 'text'}]
    assert out['images'] == [
        dict(file_name='a.jpg', height=20, width=30, id=0),
        dict(file_name='b.jpg', height=10, width=10, id=1),
        dict(file_name='c.jpg', height=40, width=40, id=2),
    ]
    assert [(a['image_id'], a['id']) for a in out['annotations']] == [
        (0, 0), (0, 1), (2, 2)]
    assert out['annotations'][2]['bbox'] == [1, 2, 10, 5]
    assert out['annotations'][2]['area'] == 50.0
    assert out['annotations'][2]['segmentation'] == [
        [1, 2, 11, 2, 11, 7, 1, 7]]
    assert 'anno_info' in infos[0]  # inputs are left alone


def test_convert_annotations_empty_and_errors(tmp_path):
    out = convert_annotations([dict(file_name='a.jpg', anno_info=[])],
                              str(tmp_path / 'x.json'))
    assert 'annotations' not in out
    with pytest.raises(KeyError, match='a.jpg.*anno_info'):
        convert_annotations([dict(file_name='a.jpg')], str(tmp_path / 'y.json'))
    bad = dict(file_name='b.jpg', anno_info=[dict(bbox=[0, 0, 1, 1])])
    with pytest.raises(KeyError, match="b.jpg.*'iscrowd'"):
        convert_annotations([bad], str(tmp_path / 'z.json'))
    with pytest.raises(TypeError):
        convert_annotations({}, str(tmp_path / 'z.json'))
