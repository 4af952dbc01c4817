"""tools/data/common converters, each run on a tiny fixture in the tool's
input format."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.utils.scripts import load_script

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data' / 'common'


def _load(name):
    return load_script(TOOLS / f'{name}.py', f'{name}_common')


labelme_converter = _load('labelme_converter')


def _shape(kind, points, label):
    return dict(label=label, shape_type=kind, points=points, group_id=None,
                flags={})


def test_labelme_det_and_recog(tmp_path, assert_one_error):
    """labelme jsons: rectangle, 4-point polygon (cropped and warped),
    5-point polygon (bounds cropped); a circle and a broken file named."""
    jsons, imgs, out = tmp_path / 'jsons', tmp_path / 'imgs', tmp_path / 'out'
    jsons.mkdir()
    imgs.mkdir()
    cv2.imwrite(str(imgs / 'a.jpg'), np.full((60, 80, 3), 90, np.uint8))
    (jsons / 'a.json').write_text(json.dumps(dict(
        version='5.0.1', imagePath='../imgs/a.jpg', imageData=None,
        imageHeight=60, imageWidth=80, shapes=[
            _shape('rectangle', [[10.7, 5.2], [40, 25]], 'Hello'),
            _shape('polygon', [[50, 10], [70, 12], [69, 30], [49, 28]],
                   'World'),
            _shape('circle', [[5, 5], [9, 9]], 'O'),
            _shape('polygon', [[1, 40], [20, 40], [25, 50], [20, 58],
                               [1, 58]], 'Pent')])))
    (jsons / 'b.json').write_text('{"shapes": ')
    with pytest.warns(UserWarning) as record:
        assert labelme_converter.main([str(jsons), str(imgs), str(out),
                                       '--tasks', 'det', 'recog']) == 0
    messages = [str(r.message) for r in record]
    assert messages[0].startswith(
        f'{jsons}/a.json: shapes[2]: skipped, expected a rectangle of 2 '
        'points or a polygon of 4 or more')
    assert messages[1].startswith(f'{jsons}/b.json: not valid json')
    assert len(messages) == 2
    lines = (out / 'det/instances_train.txt').read_text().splitlines()
    det = json.loads(lines[0])
    assert len(lines) == 1 and (det['file_name'], det['height'],
                                det['width']) == ('a.jpg', 60, 80)
    assert [(a['bbox'], a['segmentation'], a['text'], a['iscrowd'])
            for a in det['annotations']] == [
        ([10, 5, 30, 20], [[10, 5, 40, 5, 40, 25, 10, 25]], 'Hello', 0),
        ([49, 10, 21, 20], [[50, 10, 70, 12, 69, 30, 49, 28]], 'World', 0),
        ([1, 40, 24, 18], [[1, 40, 20, 40, 25, 50, 20, 58, 1, 58]], 'Pent',
         0)]
    assert (out / 'recog/crop_gt.txt').read_text() == (
        'a/crop_0.jpg Hello\na/crop_1.jpg World\na/crop_3.jpg Pent\n')
    assert (out / 'recog/warp_gt.txt').read_text() == 'a/warp_1.jpg World\n'
    # 30 x 20 box padded by 8 / 4; the quadrilateral's edges are ~20 x ~18
    assert cv2.imread(str(out / 'recog/a/crop_0.jpg')).shape[:2] == (28, 46)
    assert cv2.imread(str(out / 'recog/a/warp_1.jpg')).shape[:2] == (18, 20)
    assert_one_error(labelme_converter, [str(tmp_path / 'none'), str(imgs),
                                         str(out)],
                     f'FileNotFoundError: folder not found: {tmp_path}/none')
