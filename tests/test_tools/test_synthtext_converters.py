"""SynthText's gt.mat read by both converters (a tiny fixture written in
the original MATLAB layout)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.datasets import build_dataset
from mmocr.utils.scripts import load_script

scipy_io = pytest.importorskip('scipy.io')
from mmocr.datasets.utils.synthtext import (  # noqa: E402
    char_boundary,
    load_synthtext_gt,
)

REPO = Path(__file__).resolve().parents[2]


def _load(task: str):
    path = REPO / 'tools' / 'data' / task / 'synthtext_converter.py'
    return load_script(path, f'synthtext_{task}')


det_tool, recog_tool = _load('textdet'), _load('textrecog')


def _boxes(rects):
    """[(x0, y0, x1, y1), ...] -> SynthText's (2, 4, n) corner array."""
    out = np.zeros((2, 4, len(rects)))
    for k, (x0, y0, x1, y1) in enumerate(rects):
        out[0, :, k] = [x0, x1, x1, x0]
        out[1, :, k] = [y0, y0, y1, y1]
    return out


def _char_rects(x0, y0, n, w=10, h=12):
    return [(x0 + j * w, y0, x0 + (j + 1) * w, y0 + h) for j in range(n)]


def _fixture(root: Path) -> Path:
    """Two images: 'Hi yo' + 'z' (two txt lines, three words) and a single
    word whose boxes MATLAB stores as 2-d arrays."""
    (root / 'imgs' / '8').mkdir(parents=True)
    for name in ('8/a_0.jpg', '8/b_1.jpg'):
        cv2.imwrite(str(root / 'imgs' / name), np.full((40, 80, 3), 200,
                                                       np.uint8))
    chars_a = _char_rects(0, 0, 2) + _char_rects(30, 0, 2) + _char_rects(
        5, 20, 1)
    words_a = _boxes([(0, 0, 20, 12), (30, 0, 50, 12), (5, 20, 15, 32)])
    words_b = _boxes([(10, 10, 40, 22)])[:, :, 0]
    chars_b = _boxes(_char_rects(10, 10, 3))
    cell = lambda *items: np.array(items + (None, ), dtype=object)[:-1]  # noqa: E731
    scipy_io.savemat(str(root / 'gt.mat'), {
        'imnames': cell('8/a_0.jpg', '8/b_1.jpg').reshape(1, -1),
        'txt': cell(np.array(['Hi yo', 'z    ']), 'abc').reshape(1, -1),
        'wordBB': cell(words_a, words_b).reshape(1, -1),
        'charBB': cell(_boxes(chars_a), chars_b).reshape(1, -1)})
    return root


def test_gt_mat_is_read_word_by_word(tmp_path):
    images = load_synthtext_gt(str(_fixture(tmp_path) / 'gt.mat'))
    assert [im.name for im in images] == ['8/a_0.jpg', '8/b_1.jpg']
    assert images[0].words == ['Hi', 'yo', 'z'] and images[1].words == ['abc']
    assert images[0].word_quads[1].tolist() == [30, 0, 50, 0, 50, 12, 30, 12]
    assert [len(c) for c in images[0].char_quads] == [2, 2, 1]
    assert images[1].word_quads.shape == (1, 8)
    # top corners left to right, then bottom corners right to left
    assert char_boundary(images[0].char_quads[0]).tolist() == [
        0, 0, 10, 0, 10, 0, 20, 0, 20, 12, 10, 12, 10, 12, 0, 12]


def test_mismatched_or_foreign_mat_files_are_named(tmp_path):
    root = _fixture(tmp_path)
    mat = {k: v for k, v in scipy_io.loadmat(str(root / 'gt.mat')).items()
           if not k.startswith('__')}
    mat['txt'][0, 1] = 'abcd'  # 4 characters, 3 character boxes
    scipy_io.savemat(str(root / 'bad.mat'), mat)
    with pytest.raises(ValueError, match=r'bad.mat: image 1 \(8/b_1.jpg\): 1 '
                       'words of 4 characters, but 1 word boxes and 3'):
        load_synthtext_gt(str(root / 'bad.mat'))
    scipy_io.savemat(str(root / 'other.mat'), {'x': np.zeros(2)})
    with pytest.raises(ValueError, match='no imnames, txt, wordBB, charBB'):
        load_synthtext_gt(str(root / 'other.mat'))
    (root / 'junk.mat').write_bytes(b'not a mat file at all')
    with pytest.raises(ValueError, match='not a MATLAB file'):
        load_synthtext_gt(str(root / 'junk.mat'))


def test_det_converter_writes_an_lmdb_textdetdataset_reads(tmp_path, capsys):
    root = _fixture(tmp_path / 'synthtext')
    assert det_tool.main([str(root), '-o', str(tmp_path / 'out')]) == 0
    assert '2 images' in capsys.readouterr().out
    ds = build_dataset(dict(
        type='TextDetDataset', img_prefix=str(root / 'imgs'),
        ann_file=str(tmp_path / 'out' / 'synthtext.lmdb'),
        loader=dict(type='LmdbLoader', parser=dict(
            type='LineJsonParser',
            keys=['file_name', 'height', 'width', 'annotations'])),
        pipeline=None, test_mode=True))
    assert len(ds) == 2
    info = ds.data_infos[0]
    assert (info['file_name'], info['height'], info['width']) == (
        '8/a_0.jpg', 40, 80)
    ann = ds.get_ann_info(0)
    assert len(ann['masks']) == 3 and len(ann['masks'][2][0]) == 8
    assert list(ann['bboxes'][1]) == [30, 0, 20, 12]  # x, y, w, h as given


def test_recog_converter_crops_words_with_char_boxes(tmp_path, capsys):
    root = _fixture(tmp_path / 'synthtext')
    out = tmp_path / 'crops'
    argv = [str(root / 'gt.mat'), str(root / 'imgs'), str(out)]
    assert recog_tool.main(argv) == 0
    assert '4 word crops' in capsys.readouterr().out
    crop = cv2.imread(str(out / '8' / 'a_0_1.png'))
    assert crop.shape[:2] == (12, 20)
    label = (out / '8' / 'a_0_1.txt').read_text().splitlines()
    assert label == ['yo', '0 0 10 0 10 12 0 12', '10 0 20 0 20 12 10 12']
    assert (out / '8' / 'b_1_0.txt').read_text().startswith('abc\n')
    # resumable: existing crops are kept, not rewritten
    (out / '8' / 'a_0_1.txt').write_text('kept\n')
    assert recog_tool.main(argv) == 0
    assert (out / '8' / 'a_0_1.txt').read_text() == 'kept\n'


def test_missing_gt_mat_is_one_error_line(tmp_path, assert_one_error):
    assert_one_error(det_tool, [str(tmp_path)], 'FileNotFoundError')
    assert_one_error(recog_tool, [str(tmp_path / 'gt.mat'), str(tmp_path),
                                  str(tmp_path / 'o')], 'FileNotFoundError')
