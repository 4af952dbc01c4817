"""tools/analysis/choose_det_postprocess.py: settings decoded from kept
maps and scored by hmean-iou pooled over folds."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from mmocr.core.evaluation import eval_hmean
from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import DBNetTargets
from mmocr.models import build_detector
from mmocr.registry import UnknownKeyError
from mmocr.utils import Config
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


def _load_tool():
    path = REPO / 'tools' / 'analysis' / 'choose_det_postprocess.py'
    return load_script(path, 'choose_det_tool')


tool = _load_tool()
TOY = 'configs/textdet/dbnet/dbnet_r18_fpnc_toy.py'


def test_parse_grid_and_settings():
    grid = tool.parse_grid(['unclip_ratio=1.5,2', 'text_repr_type=poly',
                            'min_score_thr=0.3'])
    assert grid == {'unclip_ratio': [1.5, 2], 'text_repr_type': ['poly'],
                    'min_score_thr': [0.3]}
    assert tool.settings(grid) == [
        {'unclip_ratio': 1.5, 'text_repr_type': 'poly', 'min_score_thr': 0.3},
        {'unclip_ratio': 2, 'text_repr_type': 'poly', 'min_score_thr': 0.3}]
    for bad in (['unclip_ratio'], ['=1'], ['a=1', 'a=2']):
        with pytest.raises(AssertionError, match='--grid'):
            tool.parse_grid(bad)
    assert 'postprocessor.unclip_ratio=1.8' in tool.cfg_options_text(
        {'unclip_ratio': 1.8, 'min_score_thr': 0.5})
    assert 'min_score_thr=0.5 max_score_thr=0.5' in tool.cfg_options_text(
        {'unclip_ratio': 1.8, 'min_score_thr': 0.5})


def test_an_unknown_grid_key_fails_before_any_model_runs():
    with pytest.raises(UnknownKeyError, match='unclip_ration'):
        tool.postprocessors(dict(type='DBPostprocessor'),
                            [{'unclip_ration': 1.5}])


def _perfect_maps(boxes, height=64, width=96):
    """A DB head output whose probability map is exactly the shrunk boxes
    (``DBNetTargets``' shrink ratio 0.4), at full resolution."""
    results = DBNetTargets(shrink_ratio=0.4)(dict(
        img=np.zeros((height, width, 3), np.uint8),
        img_shape=(height, width, 3), mask_fields=['gt_masks'],
        gt_masks=PolygonMasks([[np.asarray(b, float)] for b in boxes],
                              height, width),
        gt_masks_ignore=PolygonMasks([], height, width)))
    prob = torch.from_numpy(results['gt_shrink'].masks[0].astype(np.float32))
    return torch.stack([prob, prob, prob])


def test_the_grid_finds_the_unclip_ratio_that_restores_the_boxes():
    cfg = Config.fromfile(str(REPO / TOY))
    head = build_detector(cfg.model).bbox_head
    head.downsample_ratio = 1.0  # the maps above are at image resolution
    boxes = [[10, 10, 60, 10, 60, 30, 10, 30], [20, 40, 80, 40, 80, 58, 20, 58]]
    meta = dict(scale_factor=np.ones(4), ori_shape=(64, 96, 3),
                img_shape=(64, 96, 3))
    maps = [(_perfect_maps(boxes), meta), (_perfect_maps(boxes[:1]), meta)]
    anns = [dict(masks=[[b] for b in boxes], masks_ignore=[]),
            dict(masks=[[boxes[0]]], masks_ignore=[])]
    infos = [{'filename': 'a.jpg'}, {'filename': 'b.jpg'}]
    grid = tool.settings({'unclip_ratio': [0.3, 1.5, 4.0],
                          'text_repr_type': ['quad']})
    built = tool.postprocessors(dict(cfg.model.bbox_head.postprocessor), grid)
    rows = tool.score_grid(head, maps, infos, anns, grid, built)
    by_ratio = {r['setting']['unclip_ratio']: r['hmean'] for r in rows}
    # 0.4 shrink is undone by unclip_ratio ~1.5; far off it, IoU < 0.5.
    assert by_ratio[1.5] == pytest.approx(1.0)
    assert by_ratio[0.3] < 0.5 and by_ratio[4.0] < 0.5
    assert tool.best_row(rows)['setting']['unclip_ratio'] == 1.5
    # Pooled: the same as scoring all images in one call.
    results = [head.boundary_results(built[1](m), [meta], True)
               for m, meta in maps]
    pooled = eval_hmean(results, infos, anns, min_score_thr=0,
                        max_score_thr=0, logger='silent')
    assert rows[1]['hmean'] == pooled['hmean-iou:hmean']


FCE_TOY = 'configs/textdet/fcenet/fcenet_r18_fpn_toy.py'


@pytest.mark.parametrize('config, grid, by_flag', [
    (TOY, ['unclip_ratio=1.5,2.0', 'min_score_thr=0.3,0.6',
           'max_candidates=20'], False),
    # FCENet's head adds fourier_degree to its post-processor's config and
    # decodes several levels with one NMS: the grid goes through the head
    (FCE_TOY, ['score_thr=0.3,0.5', 'alpha=1.0', 'min_score_thr=0.3,0.6'],
     True)])
def test_command_line_on_toy_folds(toy_root, tmp_path, capsys, config, grid,
                                   by_flag):
    """Two 'folds' of the toy set with an untrained tiny detector: every
    setting is scored over all 10 images and written to --out. The images'
    folder comes from --img-prefix or from a config override."""
    toy = toy_root / 'toy_dataset'
    lines = (toy / 'instances_test.txt').read_text().splitlines()
    folds = []
    for f in range(2):
        path = tmp_path / f'fold{f}.txt'
        path.write_text('\n'.join(lines[f::2]) + '\n')
        folds.append(path)
    torch.manual_seed(0)
    cfg = Config.fromfile(str(REPO / config))
    ckpt = tmp_path / 'random.pth'
    torch.save({'state_dict': build_detector(cfg.model).state_dict()}, ckpt)
    if by_flag:  # the flag wins over the config's (here broken) folder
        opts = ['--img-prefix', f'{toy}/imgs', '--cfg-options',
                f'data.test.datasets.0.img_prefix={tmp_path}/no_imgs']
    else:
        opts = ['--cfg-options', f'data.test.datasets.0.img_prefix={toy}/imgs']
    out = tmp_path / 'chosen.json'
    argv = []
    for path in folds:
        argv += ['--fold', str(REPO / config), str(ckpt), str(path)]
    for item in grid:
        argv += ['--grid', item]
    assert tool.main(argv + [*opts, '--out', str(out)]) == 0
    report = json.loads(out.read_text())
    assert report['num_images'] == len(lines)
    assert len(report['rows']) == 4
    assert report['chosen'] in report['rows']
    assert 'chosen:' in capsys.readouterr().out


def test_a_missing_img_prefix_is_one_error_line(toy_root, tmp_path, capsys):
    """A mistyped image folder is named before any model loads (the
    checkpoint does not exist); the images are not looked up in the
    config's folder instead (same names, other pictures)."""
    from mmocr.apis.utils import run_tool
    ann = toy_root / 'toy_dataset' / 'instances_test.txt'
    argv = ['--fold', str(REPO / TOY), str(tmp_path / 'none.pth'), str(ann),
            '--img-prefix', str(tmp_path / 'no_imgs')]
    assert run_tool(tool.main, 'choose_det_postprocess.py', argv) == 1
    err = capsys.readouterr().err
    assert '--img-prefix' in err and 'no_imgs' in err


def test_a_bad_grid_key_fails_before_the_models_load(tmp_path, capsys):
    """The checkpoint does not exist: the grid error comes first."""
    from mmocr.apis.utils import run_tool
    argv = ['--fold', str(REPO / TOY), str(tmp_path / 'none.pth'),
            str(tmp_path / 'none.json'), '--grid', 'unclip_ration=1.5']
    assert run_tool(tool.main, 'choose_det_postprocess.py', argv) == 1
    err = capsys.readouterr().err
    assert "UnknownKeyError" in err and "'unclip_ration'" in err


def test_rows_count_the_boxes_only_the_test_tool_filters_out():
    """min_score_thr drops low-scored boxes in tools/test.py only; the best
    row that drops none is the one MMOCR() reproduces."""
    box = [0, 0, 10, 0, 10, 10, 0, 10]
    anns = [dict(masks=[[box]], masks_ignore=[])]
    infos = [{'filename': 'a.jpg'}]
    results = [dict(boundary_result=[box + [0.9], [50, 50, 60, 50, 60, 60,
                                                    50, 60, 0.4]])]
    keep = tool._scored({'min_score_thr': 0.3}, results, infos, anns)
    filtered = tool._scored({'min_score_thr': 0.5}, results, infos, anns)
    assert (keep['dropped'], filtered['dropped']) == (0, 1)
    assert filtered['hmean'] == pytest.approx(1.0)  # the stray box is gone
    assert keep['hmean'] == pytest.approx(2 / 3)
    rows = [keep, filtered]
    assert tool.best_row(rows) is filtered
    assert tool.best_row(rows, inference=True) is keep
    assert tool.best_row([filtered], inference=True) is None


class _StubReader:
    """Reads every kept box as the text stored for its first corner."""

    def __init__(self, texts: dict):
        self.texts = texts
        self.calls = []

    def read_boundaries(self, images, det_results):
        self.calls.append([len(r['boundary_result']) for r in det_results])
        return [[dict(box=b[:-1], text=self.texts[tuple(b[:2])])
                 for b in r['boundary_result']] for r in det_results]


def test_end_to_end_rows_by_hand(tmp_path):
    """Two lines on one image; the reader gets the boxes the threshold
    keeps, and line metrics count the lines read right."""
    img = tmp_path / 'a.jpg'
    import cv2
    cv2.imwrite(str(img), np.full((40, 80, 3), 255, np.uint8))
    box_dir = tmp_path / 'box'
    box_dir.mkdir()
    (box_dir / 'gt_a.txt').write_text(  # ICDAR's name, BOM and CRLF
        '\ufeff0,0,30,0,30,10,0,10,TOTAL\r\n40,20,70,20,70,30,40,30,9.90\r\n',
        encoding='utf-8', newline='')
    reader = _StubReader({(0, 0): 'total', (40, 20): '9.99', (5, 30): 'x'})
    e2e = tool.EndToEnd(reader, [{'filename': 'a.jpg', 'path': str(img)}],
                        str(box_dir))
    results = [dict(boundary_result=[
        [0, 0, 30, 0, 30, 10, 0, 10, 0.9],      # read right (case ignored)
        [40, 20, 70, 20, 70, 30, 40, 30, 0.8],  # misread
        [5, 30, 15, 30, 15, 38, 5, 38, 0.4]])]  # matches no line
    row = e2e(results, 0.3)
    assert reader.calls[-1] == [3]
    # 1 of 2 lines right, 1 of 3 predictions right
    assert row['line_acc'] == pytest.approx(0.5)
    assert row['line_precision'] == pytest.approx(1 / 3, abs=1e-4)
    assert row['line_hmean'] == pytest.approx(0.4)
    row = e2e(results, 0.5)  # the stray box is dropped before reading
    assert reader.calls[-1] == [2]
    assert row['line_hmean'] == pytest.approx(0.5)
    with pytest.raises(FileNotFoundError, match='b.csv'):
        tool.EndToEnd(reader, [{'filename': 'b.jpg', 'path': str(img)}],
                      str(box_dir))


def test_best_row_by_line_hmean():
    rows = [dict(setting={'u': 1}, hmean=0.9, line_hmean=0.80, dropped=0),
            dict(setting={'u': 2}, hmean=0.9, line_hmean=0.85, dropped=0)]
    assert tool.best_row(rows)['setting'] == {'u': 1}  # tie: the first
    assert tool.best_row(rows, criterion='line_hmean')['setting'] == {'u': 2}


def test_end_to_end_needs_recognizer_and_box_dir(tmp_path, capsys):
    from mmocr.apis.utils import run_tool
    base = ['--fold', str(REPO / TOY), str(tmp_path / 'none.pth'),
            str(tmp_path / 'none.json')]
    for extra, message in (
            (['--criterion', 'line_hmean'], '--criterion line_hmean needs'),
            (['--recog', 'CRNN_slim'], 'needs both a recognizer'),
            (['--box-dir', str(tmp_path)], 'needs both a recognizer')):
        assert run_tool(tool.main, 'choose_det_postprocess.py',
                        base + extra) == 1
        assert message in capsys.readouterr().err


def test_an_unknown_recognizer_name_is_one_error_line(tmp_path, capsys):
    """A model-zoo error (here: a misspelt name) is a user error of any
    tool run through run_tool, not a traceback."""
    from mmocr.apis.utils import run_tool
    argv = ['--fold', str(REPO / TOY), str(tmp_path / 'none.pth'),
            str(tmp_path / 'none.json'), '--recog', 'CRNN_slimm',
            '--box-dir', str(tmp_path)]
    assert run_tool(tool.main, 'choose_det_postprocess.py', argv) == 1
    err = capsys.readouterr().err
    assert err.count('\n') == 1
    assert "ModelZooError: 'CRNN_slimm' is not a textrecog model" in err


def test_command_line_end_to_end_on_toy_folds(toy_root, tmp_path, capsys):
    """Untrained tiny detector and recognizer on the toy set, ranked by line
    hmean: every row carries the line metrics, read from ICDAR gt files."""
    toy = toy_root / 'toy_dataset'
    torch.manual_seed(0)
    det_ckpt = tmp_path / 'det.pth'
    torch.save({'state_dict': build_detector(
        Config.fromfile(str(REPO / TOY)).model).state_dict()}, det_ckpt)
    recog_cfg = REPO / 'configs/textrecog/crnn/crnn_toy_dataset.py'
    recog_ckpt = tmp_path / 'recog.pth'
    torch.save({'state_dict': build_detector(
        Config.fromfile(str(recog_cfg)).model).state_dict()}, recog_ckpt)
    out = tmp_path / 'chosen.json'
    argv = ['--fold', str(REPO / TOY), str(det_ckpt),
            str(toy / 'instances_test.txt'),
            '--grid', 'unclip_ratio=1.5,2.0',
            '--recog-config', str(recog_cfg), '--recog-ckpt', str(recog_ckpt),
            '--box-dir', str(toy / 'annotations' / 'test'),
            '--criterion', 'line_hmean',
            '--cfg-options', f'data.test.datasets.0.img_prefix={toy}/imgs',
            '--out', str(out)]
    assert tool.main(argv) == 0
    report = json.loads(out.read_text())
    assert report['criterion'] == 'line_hmean'
    assert all({'line_hmean', 'line_acc', 'line_precision'} <= set(r)
               for r in report['rows'])
    assert 'ranked by line_hmean' in capsys.readouterr().out
