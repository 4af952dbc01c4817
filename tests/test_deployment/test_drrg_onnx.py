"""DRRG has no ONNX export: pytorch2onnx and deploy_test say why."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.apis import init_detector
from mmocr.deployment import model_kind
from mmocr.runner.checkpoint import save_checkpoint
from mmocr.utils import Config
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
TOY = REPO / 'configs/textdet/drrg/drrg_r18_fpn_unet_toy.py'


def _pytorch2onnx():
    return load_script(REPO / 'tools/deployment/pytorch2onnx.py', 'pytorch2onnx')


def test_drrg_export_raises_naming_the_data_dependent_graphs(tmp_path, capsys):
    pytest.importorskip('onnx')
    with pytest.raises(NotImplementedError, match='DRRG.*depends on the data'):
        model_kind(Config.fromfile(str(TOY)))
    ckpt = tmp_path / 'drrg.pth'
    save_checkpoint(init_detector(str(TOY), None, device='cpu'), str(ckpt))
    img = tmp_path / 'img.png'
    cv2.imwrite(str(img), np.zeros((64, 96, 3), np.uint8))
    tool = _pytorch2onnx()
    args = [str(TOY), str(ckpt), 'det', str(img),
            '--output-file', str(tmp_path / 'drrg.onnx')]
    with pytest.raises(NotImplementedError, match='local graphs'):
        tool.main(args)
    assert tool.run_tool(tool.main, 'pytorch2onnx.py', args) == 1
    err = capsys.readouterr().err
    assert 'cannot be exported to ONNX' in err and 'Traceback' not in err
    assert not (tmp_path / 'drrg.onnx').exists()
