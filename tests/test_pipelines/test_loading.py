"""Image loading (color types, EXIF, 16-bit, RGBA, bad files) and
LoadTextAnnotations."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.datasets.pipelines import (
    LoadImageFromFile,
    LoadImageFromNdarray,
    LoadTextAnnotations,
)
from mmocr.datasets.utils import ImageLoadError


def _results(name, prefix):
    return dict(img_info=dict(filename=name), img_prefix=str(prefix))


@pytest.fixture
def exif_jpg(tmp_path):
    """A 20x40 image whose left quarter is white, EXIF orientation 6."""
    img = np.zeros((20, 40, 3), np.uint8)
    img[:, :10] = 255
    pil = Image.fromarray(img)
    exif = pil.getexif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    pil.save(tmp_path / 'exif.jpg', exif=exif, quality=95)
    return tmp_path


def test_color_applies_exif_orientation(exif_jpg):
    out = LoadImageFromFile()(_results('exif.jpg', exif_jpg))
    assert out['img'].shape == (40, 20, 3) and out['img'].dtype == np.uint8
    assert out['img'][:10].mean() > 200  # the white band is now at the top
    assert out['ori_shape'] == out['img_shape'] == (40, 20, 3)
    assert out['filename'] == str(exif_jpg / 'exif.jpg')
    assert out['ori_filename'] == 'exif.jpg'
    assert out['img_fields'] == ['img']


def test_color_ignore_orientation(exif_jpg):
    out = LoadImageFromFile(color_type='color_ignore_orientation',
                            to_float32=True)(_results('exif.jpg', exif_jpg))
    assert out['img'].shape == (20, 40, 3) and out['img'].dtype == np.float32


def test_grayscale_and_16bit_rgba(tmp_path):
    img16 = np.full((6, 5, 4), 65535, np.uint16)
    img16[..., 0] = 0  # blue 0, green/red/alpha max
    cv2.imwrite(str(tmp_path / 'x.png'), img16)
    color = LoadImageFromFile()(_results('x.png', tmp_path))['img']
    assert color.shape == (6, 5, 3) and color.dtype == np.uint8
    assert color[0, 0].tolist() == [0, 255, 255]
    gray = LoadImageFromFile(color_type='grayscale')(_results('x.png', tmp_path))
    assert gray['img'].shape == (6, 5) and gray['img'].dtype == np.uint8
    raw = LoadImageFromFile(color_type='unchanged')(_results('x.png', tmp_path))
    assert raw['img'].shape == (6, 5, 4) and raw['img'].dtype == np.uint16


@pytest.mark.parametrize('content,match', [
    (None, 'not found'), (b'', 'empty'), (b'\xff\xd8garbage', 'cannot decode')])
def test_bad_images_name_the_file(tmp_path, content, match):
    if content is not None:
        (tmp_path / 'bad.jpg').write_bytes(content)
    with pytest.raises(ImageLoadError, match=match) as info:
        LoadImageFromFile()(_results('bad.jpg', tmp_path))
    assert 'bad.jpg' in str(info.value)


def test_unsupported_args():
    with pytest.raises(ValueError, match='color_type'):
        LoadImageFromFile(color_type='rgbish')
    with pytest.raises(NotImplementedError):
        LoadImageFromFile(file_client_args=dict(backend='petrel'))


def test_lmdb_file_client(tmp_path):
    import lmdb
    ok, buf = cv2.imencode('.png', np.full((3, 4, 3), 7, np.uint8))
    env = lmdb.open(str(tmp_path / 'imgs.lmdb'), map_size=1 << 20)
    with env.begin(write=True) as txn:
        txn.put(b'pre/a.png', buf.tobytes())
    env.close()
    load = LoadImageFromFile(file_client_args=dict(
        backend='lmdb', db_path=str(tmp_path / 'imgs.lmdb')))
    out = load(_results('a.png', 'pre'))
    assert out['img'].shape == (3, 4, 3) and out['img'][0, 0, 0] == 7
    with pytest.raises(ImageLoadError, match='b.png'):
        load(_results('b.png', 'pre'))


def test_load_from_ndarray():
    img = np.zeros((4, 6, 3), np.uint8)
    out = LoadImageFromNdarray(color_type='grayscale')(dict(img=img))
    assert out['img'].shape == (4, 6, 1) and out['filename'] is None
    out = LoadImageFromNdarray()(dict(img=np.zeros((4, 6), np.uint8)))
    assert out['img'].shape == (4, 6, 3)
    with pytest.raises(TypeError, match='uint8'):
        LoadImageFromNdarray()(dict(img=np.zeros((4, 6, 3), np.float32)))


def _ann_results():
    ann_info = dict(
        bboxes=np.array([[0, 0, 4, 4]], np.float32), labels=np.array([0]),
        bboxes_ignore=np.zeros((0, 4), np.float32),
        masks=[[[0, 0, 4, 0, 4, 4, 0, 4]]], masks_ignore=[[[5, 5, 8, 5, 8, 8]]])
    return dict(img_info=dict(filename='a.jpg', height=10, width=12),
                ann_info=ann_info, bbox_fields=[], mask_fields=[],
                seg_fields=[])


def test_load_text_annotations_polygons():
    out = LoadTextAnnotations(with_bbox=True, with_mask=True,
                              poly2mask=False)(_ann_results())
    assert isinstance(out['gt_masks'], PolygonMasks)
    assert (out['gt_masks'].height, out['gt_masks'].width) == (10, 12)
    np.testing.assert_allclose(out['gt_masks'].masks[0][0],
                               [0, 0, 4, 0, 4, 4, 0, 4])
    assert len(out['gt_masks_ignore']) == 1
    assert out['mask_fields'] == ['gt_masks_ignore', 'gt_masks']
    assert out['bbox_fields'] == ['gt_bboxes_ignore', 'gt_bboxes']
    assert out['gt_labels'].dtype == np.int64


def test_load_text_annotations_bitmaps_and_img_shape():
    res = _ann_results()
    res['ori_shape'] = (20, 24, 3)
    out = LoadTextAnnotations(with_mask=True, poly2mask=True,
                              use_img_shape=True)(res)
    assert isinstance(out['gt_masks'], BitmapMasks)
    assert out['gt_masks'].masks.shape == (1, 20, 24)
    assert out['gt_masks'].masks[0, :5, :5].sum() == 25
    assert out['img_info']['height'] == 20


def test_load_text_annotations_bad_polygon():
    res = _ann_results()
    res['ann_info']['masks'] = [[[0, 0, 4, 0]]]
    with pytest.raises(ValueError, match='a.jpg.*>= 6'):
        LoadTextAnnotations(with_mask=True, poly2mask=False)(res)


def test_mmdet_load_annotations_alias():
    from mmocr.registry import PIPELINES, build_from_cfg
    step = build_from_cfg(dict(type='LoadAnnotations', with_mask=True,
                               poly2mask=False), PIPELINES)
    out = step(_ann_results())
    assert isinstance(out['gt_masks'], PolygonMasks)
    with pytest.raises(NotImplementedError):
        build_from_cfg(dict(type='LoadAnnotations', denorm_bbox=True),
                       PIPELINES)
