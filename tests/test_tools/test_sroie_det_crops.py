"""tools/data/textrecog/sroie_det_crops.py: detected boxes matched to the
ground-truth lines become labelled recognition crops."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.apis import init_detector
from mmocr.inference.e2e_eval import E2ESample
from mmocr.runner.checkpoint import save_checkpoint
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope='module')
def tool():
    path = REPO / 'tools' / 'data' / 'textrecog' / 'sroie_det_crops.py'
    return load_script(path, 'sroie_det_crops_tool')


def _rect(x0, y0, x1, y1):
    return [x0, y0, x1, y0, x1, y1, x0, y1]


def test_matched_crops_keep_only_matched_boxes(tool):
    img = np.zeros((100, 200, 3), np.uint8)
    img[10:30, 20:120] = 200
    sample = E2ESample('r', 'r.jpg', [(_rect(20, 10, 120, 30), 'TOTAL 1.00'),
                                      (_rect(20, 60, 120, 80), 'CASH'),
                                      (_rect(150, 60, 190, 80), '   ')])
    boundaries = [
        _rect(18, 8, 122, 32) + [0.9],     # matches line 0 (IoU ~0.8)
        _rect(20, 60, 45, 80) + [0.9],     # a quarter of line 1: no match
        _rect(150, 60, 190, 80) + [0.9],   # matches a blank line: dropped
    ]
    out = tool.matched_crops(img, boundaries, sample)
    assert [(g, text) for g, _, text in out] == [(0, 'TOTAL 1.00')]
    crop = out[0][1]
    assert crop.shape[:2] == (24, 104)  # the detected box, not the gt box
    assert crop[2:-2, 2:-2].min() == 200


def _whole_image_detector(tmp_path) -> list[str]:
    """--det-config/--det-ckpt of a toy DBNet whose single box is the whole
    image."""
    det_cfg = tmp_path / 'det.py'
    det_cfg.write_text(
        f'_base_ = ["{REPO}/configs/textdet/dbnet/dbnet_r18_fpnc_toy.py"]\n')
    torch.manual_seed(0)
    det = init_detector(str(det_cfg), device='cpu')
    det.bbox_head.binarize[-2].weight.data.zero_()
    det.bbox_head.binarize[-2].bias.data.fill_(8.0)  # probability 1 everywhere
    save_checkpoint(det, str(tmp_path / 'det.pth'))
    return ['--det-config', str(det_cfg), '--det-ckpt',
            str(tmp_path / 'det.pth')]


def test_cli_writes_labelled_crops(tool, tmp_path):
    root = tmp_path / 'sroie'
    (root / 'img').mkdir(parents=True)
    (root / 'box').mkdir()
    for i in range(2):
        cv2.imwrite(str(root / 'img' / f'{i:03d}.jpg'),
                    np.full((60, 80, 3), 255, np.uint8))
        # one line covering the image: the toy detector's single box below
        (root / 'box' / f'{i:03d}.csv').write_text(
            '1,1,78,1,78,58,1,58,HELLO WORLD\n', encoding='utf-8')
    (root / 'img' / '002.jpg').write_bytes(b'not an image')
    (root / 'box' / '002.csv').write_text('1,1,5,1,5,5,1,5,X\n')
    out = tmp_path / 'crops'
    assert tool.main([str(root), '-o', str(out), '--split', 'all',
                      *_whole_image_detector(tmp_path)]) == 0
    labels = [json.loads(x) for x in
              (out / 'all_label.jsonl').read_text().splitlines()]
    assert labels == [{'filename': 'all/000_000.jpg', 'text': 'HELLO WORLD'},
                      {'filename': 'all/001_000.jpg', 'text': 'HELLO WORLD'}]
    assert cv2.imread(str(out / 'all' / '000_000.jpg')).shape[0] > 40


def test_cli_crops_line_json_annotations(tool, tmp_path):
    imgs = tmp_path / 'imgs'
    imgs.mkdir()
    records = []
    for i in range(2):
        cv2.imwrite(str(imgs / f'{i}.jpg'), np.full((60, 80, 3), 255,
                                                      np.uint8))
        records.append(dict(file_name=f'{i}.jpg', height=60, width=80,
                            annotations=[
                                dict(iscrowd=0, segmentation=[_rect(1, 1, 78, 58)],
                                     text=f'LINE {i}'),
                                dict(iscrowd=1, segmentation=[_rect(1, 1, 78, 58)],
                                     text='###')]))
    ann = tmp_path / 'instances_training.txt'
    ann.write_text('\n'.join(json.dumps(r) for r in records) + '\n')
    out = tmp_path / 'crops'
    assert tool.main([str(imgs), '--ann-file', str(ann), '-o', str(out),
                      *_whole_image_detector(tmp_path)]) == 0
    labels = [json.loads(x) for x in
              (out / 'train_label.jsonl').read_text().splitlines()]
    assert labels == [{'filename': 'train/0_000.jpg', 'text': 'LINE 0'},
                      {'filename': 'train/1_000.jpg', 'text': 'LINE 1'}]
    ann.write_text(json.dumps(records[0]) + '\n{"file_name": "x.jpg"}\n')
    with pytest.raises(ValueError, match='instances_training.txt:2'):
        tool.main([str(imgs), '--ann-file', str(ann), '-o', str(out),
                   *_whole_image_detector(tmp_path)])
