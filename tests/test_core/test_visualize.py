"""Drawing of end-to-end OCR results, Unicode text and window handling."""
import cv2
import numpy as np
import pytest

from mmocr.core.visualize import (
    det_recog_show_result,
    display_available,
    draw_texts_by_pil,
    find_font,
    show_image,
)
from mmocr.core.visualize import text as visualize_text


def _result():
    return {'filename': 'x', 'result': [
        {'box': [10, 10, 90, 10, 90, 40, 10, 40], 'box_score': 0.9,
         'text': 'Hello', 'text_score': 0.8},
        {'box': [20, 60, 150, 55, 152, 90, 22, 95], 'box_score': 0.7,
         'text': 'Grüße', 'text_score': 0.6, 'label': 'total'},
    ]}


def test_det_recog_show_result_layout(tmp_path):
    img = np.full((120, 200, 3), 127, np.uint8)
    out_file = tmp_path / 'sub' / 'vis.jpg'
    drawn = det_recog_show_result(img, _result(), out_file=str(out_file))
    assert drawn.shape == (120, 400, 3)
    assert out_file.is_file()
    assert cv2.imread(str(out_file)).shape == (120, 400, 3)
    left, right = drawn[:, :200], drawn[:, 200:]
    # Boxes drawn on the image: red (first box colour) on its top edge.
    assert (left[10, 30] == (0, 0, 255)).all()
    # The panel is white where nothing is drawn, has ink inside the boxes.
    assert (right[110, 190] == 255).all()
    assert right[12:40, 12:88].min() < 128
    assert right[62:90, 25:150].min() < 128
    # The input is not modified.
    assert (img == 127).all()


def test_det_recog_show_result_gray_rgba_and_errors():
    res = _result()
    assert det_recog_show_result(np.zeros((100, 160), np.uint8),
                                 res).shape == (100, 320, 3)
    assert det_recog_show_result(np.zeros((100, 160, 4), np.uint8),
                                 res).shape == (100, 320, 3)
    assert det_recog_show_result(np.zeros((5, 5, 3), np.uint8),
                                 {'result': []}).shape == (5, 10, 3)
    with pytest.raises(KeyError, match='result'):
        det_recog_show_result(np.zeros((5, 5, 3), np.uint8), {'text': []})
    with pytest.raises(KeyError, match='"box" and "text"'):
        det_recog_show_result(np.zeros((5, 5, 3), np.uint8),
                              {'result': [{'text': 'a'}]})


def test_draw_texts_by_pil_unicode_and_sizes():
    if find_font('é') is None:
        pytest.skip('no TrueType font on this machine')
    img = np.zeros((60, 200, 3), np.uint8)
    boxes = [[0, 0, 100, 0, 100, 30, 0, 30], [0, 30, 200, 30, 200, 60, 0, 60]]
    drawn, sizes = draw_texts_by_pil(img, ['héllo', 'wörld'], boxes,
                                     draw_box=False, return_text_size=True)
    assert drawn.shape == (60, 200, 3) and drawn.dtype == np.uint8
    assert len(sizes) == 2 and all(w > 10 and h > 5 for w, h in sizes)
    # Texts are fitted into their boxes (80% of the height, shrunk to width).
    assert sizes[0][0] <= 110 and sizes[0][1] <= 30
    on_img = draw_texts_by_pil(img, ['x'], boxes[:1], on_ori_img=True,
                               font_size=20, fill_color=(0, 255, 0))
    assert on_img[..., 1].max() == 255 and on_img[..., 0].max() < 255
    assert (img == 0).all()
    with pytest.raises(ValueError, match='2 texts for 1 boxes'):
        draw_texts_by_pil(img, ['a', 'b'], boxes[:1])


def test_draw_texts_falls_back_to_cv2(monkeypatch, capsys):
    monkeypatch.setattr(visualize_text, 'find_font', lambda text='': None)
    monkeypatch.setattr(visualize_text, '_FALLBACK_WARNED', [])
    img = np.zeros((40, 100, 3), np.uint8)
    drawn = draw_texts_by_pil(img, ['abc'], [[0, 0, 90, 0, 90, 30, 0, 30]])
    assert drawn[5:35, 0:90].min() < 128
    assert 'cv2.putText' in capsys.readouterr().err


def test_find_font_env_override(tmp_path, monkeypatch):
    font = tmp_path / 'my.ttf'
    font.write_bytes(b'')
    monkeypatch.setenv('MMOCR_FONT', str(font))
    assert find_font('abc') == str(font)
    monkeypatch.setenv('MMOCR_FONT', str(tmp_path / 'none.ttf'))
    with pytest.raises(FileNotFoundError, match='MMOCR_FONT'):
        find_font('abc')


def test_show_image_without_display(monkeypatch, capsys):
    monkeypatch.delenv('DISPLAY', raising=False)
    monkeypatch.delenv('WAYLAND_DISPLAY', raising=False)
    monkeypatch.setattr('sys.platform', 'linux')
    ok, reason = display_available()
    assert not ok and 'DISPLAY' in reason
    assert show_image(np.zeros((4, 4, 3), np.uint8), 'win') is False
    assert 'cannot show "win"' in capsys.readouterr().err


def test_show_image_headless_opencv(monkeypatch):
    monkeypatch.setenv('DISPLAY', ':0')
    monkeypatch.setattr(cv2, 'getBuildInformation',
                        lambda: 'GUI:  NONE\n')
    ok, reason = display_available()
    assert not ok and 'no GUI backend' in reason


def test_image_files_are_read_or_named_in_the_error(tmp_path):
    """The drawing functions take a path too; a missing, empty or corrupt
    file is an ImageLoadError naming it (an empty file used to raise
    cv2.error)."""
    from mmocr.utils.errors import ImageLoadError
    path = tmp_path / 'img.png'
    cv2.imwrite(str(path), np.full((20, 30), 200, np.uint8))
    drawn = det_recog_show_result(str(path), _result())
    assert drawn.shape == (20, 60, 3)
    (tmp_path / 'empty.jpg').write_bytes(b'')
    (tmp_path / 'bad.jpg').write_bytes(b'not an image')
    for name, message in (('missing.jpg', 'image file not found'),
                          ('empty.jpg', 'image file is empty'),
                          ('bad.jpg', 'cannot decode image')):
        with pytest.raises(ImageLoadError, match=f'{message}.*{name}'):
            det_recog_show_result(str(tmp_path / name), _result())
