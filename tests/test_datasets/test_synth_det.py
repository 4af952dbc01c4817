"""Synthetic detection pages, their annotation files and the CLIs."""
from __future__ import annotations

import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from mmocr.datasets.synth import DetConfig, DetGenerator, DetWriter, find_font_files
from mmocr.datasets.synth.det import TextInstance, instances_to_annotations
from mmocr.utils.scripts import load_script

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def font_files() -> tuple[str, ...]:
    files = [f for f in find_font_files()
             if osp.basename(f) in ('DejaVuSans.ttf', 'DejaVuSansMono.ttf')]
    if len(files) < 2:
        pytest.skip('DejaVu fonts not installed (fonts-dejavu-core)')
    return tuple(files)


def _gen(font_files, **kwargs) -> DetGenerator:
    return DetGenerator(DetConfig(font_files=font_files, use_fontconfig=False,
                                  max_size=512, **kwargs))


def _rasterise(quads, shape) -> np.ndarray:
    canvas = np.zeros(shape, np.uint8)
    cv2.fillPoly(canvas, [np.round(q).astype(np.int32) for q in quads], 1)
    return canvas.astype(bool)


@pytest.mark.parametrize('seed', [0, 1])
def test_receipt_polygons_cover_ink(font_files, seed):
    gen = _gen(font_files, seed=seed, kind='receipt', distractors=False,
               degrade=False, scan_prob=0.0)
    img, instances = gen.sample(0)
    h, w = img.shape[:2]
    assert max(h, w) <= 512 and len(instances) >= 8
    words = np.concatenate([i.word_quads for i in instances])
    lines = np.stack([i.quad for i in instances])
    for quads in (words, lines):
        assert quads[..., 0].min() >= 0 and quads[..., 0].max() <= w
        assert quads[..., 1].min() >= 0 and quads[..., 1].max() <= h
    # Every dark (ink) pixel of the page lies inside a word polygon.
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    ink = grey < np.median(grey) - 60
    assert ink.sum() > 500
    assert _rasterise(words, grey.shape)[ink].mean() > 0.97
    # Each line's words lie inside the line polygon.
    for inst in instances:
        x0, y0 = inst.quad.min(0) - 1
        x1, y1 = inst.quad.max(0) + 1
        assert inst.word_quads[..., 0].min() >= x0
        assert inst.word_quads[..., 1].max() <= y1
        assert ' '.join(inst.words) == inst.text


def test_scene_instances_do_not_overlap(font_files):
    gen = _gen(font_files, seed=2, kind='scene')
    img, instances = gen.sample(3)
    assert instances
    h, w = img.shape[:2]
    total = np.zeros((h, w), np.int32)
    for inst in instances:
        total += _rasterise(inst.quad[None], (h, w))
    assert total.max() <= 1


def test_det_generator_deterministic(font_files):
    a = _gen(font_files, seed=9, kind='mixed')
    b = _gen(font_files, seed=9, kind='mixed')
    assert a(0) == b(0) and a(1) == b(1)
    assert a(0)[0] != a(1)[0]


def test_instances_to_annotations_hand_computed():
    quad = np.float32([[10, 20], [50, 20], [50, 30], [10, 30]])
    inst = TextInstance('ab cd', quad, ['ab', 'cd'],
                        np.stack([quad - [0, 0], quad + [45, 0]]))
    lines = instances_to_annotations([inst], 'line', 80, 40, 5.0)
    assert lines == [{
        'iscrowd': 0, 'category_id': 1, 'bbox': [10.0, 20.0, 40.0, 10.0],
        'segmentation': [[10.0, 20.0, 50.0, 20.0, 50.0, 30.0, 10.0, 30.0]],
        'text': 'ab cd'}]
    words = instances_to_annotations([inst], 'word', 80, 40, 11.0)
    # The second word is clipped to the image width; both are < 11 px high.
    assert [a['bbox'] for a in words] == [[10.0, 20.0, 40.0, 10.0],
                                          [55.0, 20.0, 25.0, 10.0]]
    assert [a['iscrowd'] for a in words] == [1, 1]


def test_writer_outputs_load_in_datasets(font_files, tmp_path):
    gen = _gen(font_files, seed=0, kind='mixed', level='word')
    writer = DetWriter(str(tmp_path), 'training', ('txt', 'coco'))
    samples = [gen(i) for i in range(2)]
    for sample in samples:
        writer.add(*sample)
    writer.close()
    lines = (tmp_path / 'instances_training.txt').read_text().splitlines()
    first = json.loads(lines[0])
    assert first['file_name'] == '000000001.jpg'
    assert len(first['annotations']) == len(samples[0][3])
    coco = json.loads((tmp_path / 'instances_training.json').read_text())
    assert len(coco['images']) == 2
    assert len(coco['annotations']) == sum(len(s[3]) for s in samples)

    from mmocr.datasets import IcdarDataset, TextDetDataset
    ds = TextDetDataset(
        str(tmp_path / 'instances_training.txt'),
        loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                    parser=dict(type='LineJsonParser',
                                keys=['file_name', 'height', 'width',
                                      'annotations'])),
        pipeline=[dict(type='LoadImageFromFile')],
        img_prefix=str(tmp_path / 'imgs'))
    item = ds[0]
    assert item['img'].shape[:2] == (first['height'], first['width'])
    ann = ds.get_ann_info(0)
    assert len(ann['masks']) + len(ann['masks_ignore']) == \
        len(first['annotations'])
    icdar = IcdarDataset(str(tmp_path / 'instances_training.json'),
                         pipeline=None, img_prefix=str(tmp_path / 'imgs'),
                         test_mode=True)
    assert len(icdar) == 2


def _load_tool(name: str):
    path = osp.join(REPO, 'tools', 'data', 'synth', f'{name}.py')
    return load_script(path, f'synth_{name}')


def test_clis(font_files, tmp_path, capsys):
    font_dir = tmp_path / 'fonts'
    font_dir.mkdir()
    for f in font_files:
        os.symlink(f, font_dir / osp.basename(f))
    common = ['--num', '3', '--seed', '1', '--font-dir', str(font_dir),
              '--no-fontconfig', '--no-progress']
    _load_tool('gen_recog').main(['--out', str(tmp_path / 'r')] + common +
                                 ['--format', 'txt', '--charset', 'DICT36'])
    labels = (tmp_path / 'r' / 'labels.txt').read_text().splitlines()
    assert len(labels) == 3
    _load_tool('gen_det').main(['--out', str(tmp_path / 'd'), '--kind',
                                'scene', '--max-size', '256'] + common)
    assert len((tmp_path / 'd' / 'instances_training.txt').read_text()
               .splitlines()) == 3
    out = capsys.readouterr().out
    assert 'samples/s' in out and 'images/s' in out


def test_clis_bad_input_one_clear_line(font_files, tmp_path, capsys,
                                       monkeypatch):
    """Bad fonts, backgrounds, corpus or --out stop the generators with one
    ``<tool>: error:`` line (exit status 1), not a traceback."""
    font_dir = tmp_path / 'fonts'
    font_dir.mkdir()
    os.symlink(font_files[0], font_dir / osp.basename(font_files[0]))
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    fonts = ['--font-dir', str(font_dir), '--no-fontconfig']
    cases = [
        ('gen_recog', ['--font-dir', str(tmp_path / 'nofonts'),
                       '--no-fontconfig'], 'font folder not found'),
        ('gen_recog', ['--no-fontconfig'], 'no usable font found'),
        ('gen_recog', fonts + ['--corpus', str(tmp_path / 'none.txt')],
         'an existing text file'),
        ('gen_recog', fonts + ['--out', str(blocker / 'r')],
         'Not a directory'),
        ('gen_det', fonts + ['--bg-dir', str(tmp_path / 'nobg')],
         'background folder not found'),
        ('gen_det', fonts + ['--out', str(blocker / 'd')], 'Not a directory'),
    ]
    from mmocr.apis.utils import run_tool
    for tool, extra, message in cases:
        argv = ['--out', str(tmp_path / 'out'), '--num', '1', '--no-progress']
        assert run_tool(_load_tool(tool).main, f'{tool}.py',
                        argv + extra) == 1, (tool, extra)
        err = capsys.readouterr().err.strip()
        assert err.startswith(f'{tool}.py: error: '), err
        assert message in err, (tool, extra, err)
        assert '\n' not in err
    wordlist = _load_tool('make_wordlist')
    monkeypatch.setattr(wordlist, 'make_wordlist', lambda *a: ['word'])
    assert run_tool(wordlist.main, 'make_wordlist.py',
                    [str(blocker / 'words.txt')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('make_wordlist.py: error: ')
    assert f'cannot write {blocker / "words.txt"}' in err and '\n' not in err


def test_receipt_font_size_sets_text_height(font_files):
    def line_heights(size_range):
        gen = DetGenerator(DetConfig(
            font_files=font_files, use_fontconfig=False, max_size=4096,
            seed=5, kind='receipt', distractors=False, degrade=False,
            scan_prob=0.0, receipt_font_size=size_range))
        _, instances = gen.sample(0)
        return np.median([np.linalg.norm(i.quad[3] - i.quad[0])
                          for i in instances])

    small, large = line_heights((12, 13)), line_heights((30, 31))
    assert 2.0 < large / small < 3.0
    with pytest.raises(ValueError, match='receipt_font_size'):
        DetGenerator(DetConfig(font_files=font_files, use_fontconfig=False,
                               receipt_font_size=(20, 20)))
