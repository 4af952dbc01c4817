"""MMOCR 0.x's drawing helpers (``mmocr/core/visualize.py``): pixels change
where they should, and the outputs have the documented shapes."""
import numpy as np
import pytest
import torch

from mmocr import core
from mmocr.core.visualize import (
    draw_polygons,
    draw_texts,
    gen_color,
    get_optimal_font_scale,
    imshow_edge,
    imshow_node,
    imshow_text_char_boundary,
    imshow_text_label,
    is_contain_chinese,
    overlay_mask_img,
    show_feature,
    show_img_boundary,
    show_pred_gt,
    tile_image,
)

QUAD = [10, 10, 40, 10, 40, 30, 10, 30]


def gray(h=50, w=60, level=127):
    return np.full((h, w, 3), level, np.uint8)


def test_0x_names_at_mmocr_core():
    for name in ('overlay_mask_img', 'show_feature', 'show_img_boundary',
                 'show_pred_gt', 'imshow_pred_boundary',
                 'imshow_text_char_boundary', 'imshow_text_label',
                 'imshow_node', 'imshow_edge', 'det_recog_show_result'):
        assert name in core.__all__ and callable(getattr(core, name))


def test_overlay_mask_img_outlines_in_green_in_place():
    img, mask = gray(), np.zeros((50, 60), np.uint8)
    mask[10:31, 20:41] = 1
    out = overlay_mask_img(img, mask)
    assert out is img
    assert (img[10, 30] == (0, 255, 0)).all() and (img[20, 20] == (0, 255, 0)).all()
    assert (img[20, 30] == 127).all() and (img[0, 0] == 127).all()
    with pytest.raises(AssertionError, match='ndarray'):
        overlay_mask_img([[0]], mask)


def test_show_img_boundary_and_show_pred_gt(monkeypatch):
    monkeypatch.delenv('DISPLAY', raising=False)
    monkeypatch.delenv('WAYLAND_DISPLAY', raising=False)
    img = gray()
    assert show_img_boundary(img, QUAD) is img
    assert (img[10, 25] == (0, 255, 0)).all()
    drawn = show_pred_gt([QUAD], [[50, 50, 80, 50, 80, 70, 50, 70]])
    assert drawn.shape == (170, 180, 3) and drawn.dtype == np.uint8
    assert (drawn[10, 25] == (0, 0, 255)).all()  # prediction in red
    assert (drawn[50, 65] == (255, 0, 0)).all()  # ground truth in blue
    assert (drawn[100, 100] == 255).all()


def test_draw_polygons_blends_fill_and_keeps_input():
    img = gray(level=0)
    out = draw_polygons(img, [QUAD])
    assert (img == 0).all()
    expected = np.array(gen_color()[0]) * 0.5
    np.testing.assert_allclose(out[20, 25], expected, atol=1)
    assert (out[45, 55] == 0).all()


def test_imshow_text_char_boundary(tmp_path):
    img = gray(80, 100)
    out = imshow_text_char_boundary(
        img, [QUAD], [[]], [[[10, 10, 20, 10, 20, 30, 10, 30]]], [['a']],
        out_file=str(tmp_path / 'c.png'))
    assert (out[10, 35] == (0, 0, 255)).all()  # text quad red
    # the character box (blue, first text) is drawn over the text quad
    assert (out[30, 15] == (255, 0, 0)).all()
    assert (out[20, 20] == (255, 0, 0)).all()
    assert (img == 127).all() and (tmp_path / 'c.png').is_file()
    with pytest.raises(AssertionError, match='differ in length'):
        imshow_text_char_boundary(img, [QUAD], [], [[]], [['a']])


def test_tile_image_stacks_left_aligned():
    out = tile_image([np.full((2, 3), 9, np.uint8), gray(4, 5, 1)])
    assert out.shape == (6, 5, 3)
    assert (out[:2, :3] == 9).all() and (out[:2, 3:] == 0).all()
    assert (out[2:] == 1).all()
    with pytest.raises(AssertionError):
        tile_image([])


def test_draw_texts_and_font_scale():
    assert get_optimal_font_scale('abc', 1000) == 5.9
    scale = get_optimal_font_scale('abc', 40)
    assert 0 < scale < 5.9
    assert get_optimal_font_scale('abc', 0) == 1.0
    out = draw_texts(gray(), ['hi'], [QUAD])
    assert out.shape == (50, 60, 3)
    assert (out[30, 38] == gen_color()[0]).all()  # box outline
    assert out[12:30, 11:40].min() == 0  # black text inside the box
    assert (out[45, 5] == 255).all()  # white canvas elsewhere
    img = gray()
    assert draw_texts(img, ['x'], on_ori_img=True) is img
    with pytest.raises(AssertionError, match='2 texts for 1 boxes'):
        draw_texts(gray(), ['a', 'b'], [QUAD])


def test_is_contain_chinese():
    assert is_contain_chinese('ab中c') and not is_contain_chinese('Grüße')


def test_imshow_text_label_unicode_rows():
    drawn = imshow_text_label(gray(32, 64), '中文', 'gt')
    assert drawn.shape[0] == 64 * 3
    assert drawn[:64].min() < 255  # the prediction row has ink


def _kie_result(n=3):
    nodes = torch.tensor([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8],
                          [0.7, 0.2, 0.1]])[:n]
    edges = torch.zeros(n * n, 2)
    edges[0 * n + 1, 1] = 0.9  # node 0 (key) -> node 1 (value)
    return {'nodes': nodes, 'edges': edges,
            'img_metas': [{'ori_texts': ['Name', 'Bob', 'misc'][:n]}]}


def test_imshow_node_and_edge():
    boxes = [[5, 5, 25, 15], [30, 5, 55, 15], [5, 30, 40, 45]]
    out = imshow_node(gray(), _kie_result(), boxes, {'1': 'key'})
    assert out.shape == (50, 120, 3)
    assert (out[5, 10] == (255, 255, 0)).all()
    out = imshow_edge(gray(), _kie_result(), boxes)
    assert out.shape == (50, 60 + 120, 3)
    assert (out[5, 10] == gen_color()[0]).all()
    assert out[:40, 60:].min() < 255  # one key-value row with its arrow
    # no pair: an empty panel
    res = _kie_result()
    res['edges'][:] = 0
    assert imshow_edge(gray(), res, boxes)[:, 60:].min() == 255
    with pytest.raises(AssertionError, match='3 node predictions'):
        imshow_edge(gray(), _kie_result(), boxes[:2])


def test_show_feature_grid(tmp_path):
    feats = [np.arange(12, dtype=np.float32).reshape(3, 4),
             np.full((5, 6), 300.0), np.zeros((2, 2, 3))]
    out = show_feature(feats, ['a', 'b', 'c'], [0, 1, 0],
                       out_file=str(tmp_path / 'f.png'))
    # 3 maps -> a 2 x 2 grid of (5 + 20) x max(6, 60) cells
    assert out.shape == (50, 120, 3)
    assert (tmp_path / 'f.png').is_file()
    # min-max scaled first map: its two ends differ in colour
    assert (out[20, 0] != out[22, 3]).any()
    with pytest.raises(AssertionError, match='must be equal'):
        show_feature(feats, ['a'], [0, 1, 0])
