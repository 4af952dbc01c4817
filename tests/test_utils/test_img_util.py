import cv2
import numpy as np
import pytest
from PIL import Image

from mmocr.utils import drop_orientation, is_not_png
from mmocr.utils.errors import ImageLoadError


def _save_jpeg(path, orientation=None):
    img = Image.fromarray(np.full((4, 8, 3), 200, dtype=np.uint8))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    img.save(path, exif=exif.tobytes())


def test_drop_orientation_converts_rotated_image(tmp_path, capsys):
    path = tmp_path / 'rotated.jpg'
    _save_jpeg(path, orientation=6)  # rotate 90 degrees on load
    assert cv2.imread(str(path), cv2.IMREAD_COLOR).shape[:2] == (8, 4)
    out = drop_orientation(str(path))
    assert out == str(tmp_path / 'rotated.png')
    assert not path.exists()
    assert cv2.imread(out, cv2.IMREAD_COLOR).shape[:2] == (4, 8)
    assert 'orientation' in capsys.readouterr().out


def test_drop_orientation_keeps_plain_image(tmp_path):
    path = tmp_path / 'plain.jpg'
    _save_jpeg(path)
    assert drop_orientation(str(path)) == str(path)
    assert path.exists() and not (tmp_path / 'plain.png').exists()


def test_drop_orientation_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match='missing.jpg'):
        drop_orientation(str(tmp_path / 'missing.jpg'))
    bad = tmp_path / 'bad.jpg'
    bad.write_bytes(b'not an image')
    with pytest.raises(ImageLoadError, match='cannot decode image.*bad.jpg'):
        drop_orientation(str(bad))
    empty = tmp_path / 'empty.jpg'
    empty.write_bytes(b'')  # cv2.imdecode raised cv2.error on it
    with pytest.raises(ImageLoadError, match='image file is empty: .*empty.jpg'):
        drop_orientation(str(empty))
    with pytest.raises(TypeError):
        drop_orientation('')


def test_is_not_png():
    assert not is_not_png('a/b.png') and not is_not_png('x.PNG')
    assert is_not_png('a.jpg') and is_not_png('png') and is_not_png('a.Png')
