"""SegOCR through the recognizer ONNX path: the graph computes the class
maps (its ``valid_ratio`` input is dropped, the network reads padding like
image columns), ONNX Runtime's maps read by the config's SegConvertor give
PyTorch's texts and scores, and deploy_test.py scores like tools/test.py."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.utils.scripts import load_script

onnx = pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')

from mmocr.apis import init_detector, model_inference  # noqa: E402
from mmocr.deployment import ONNXRuntimeRecognizer  # noqa: E402
from mmocr.runner.checkpoint import save_checkpoint  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEG_CONFIG = REPO / 'configs/textrecog/seg/seg_r31_1by16_fpnocr_toy_dataset.py'


def _load(path: Path):
    return load_script(path, path.stem)


def _last_dict(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.slow
def test_seg_recognizer_exports_and_reads_like_pytorch(tmp_path, capsys):
    rng = np.random.default_rng(0)
    imgs = []
    for i, (h, w) in enumerate([(32, 100), (40, 180)]):
        img = cv2.GaussianBlur(rng.integers(0, 256, (h, w, 3), np.uint8),
                               (5, 5), 0)
        imgs.append(str(tmp_path / f'r{i}.png'))
        cv2.imwrite(imgs[-1], img)
    ann = tmp_path / 'ann.txt'
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(
        f"_base_ = ['{SEG_CONFIG}']\n"
        'model = dict(\n'
        '    backbone=dict(layers=[1, 1, 1, 1],\n'
        '                  channels=[4, 8, 8, 8, 16, 16]),\n'
        '    neck=dict(in_channels=[8, 8, 16, 16], out_channels=8),\n'
        '    head=dict(in_channels=8))\n'
        'data = dict(workers_per_gpu=0, test_dataloader=dict('
        "samples_per_gpu=2), test=dict(datasets=[dict(type='OCRDataset', "
        f"img_prefix='{tmp_path}', ann_file='{ann}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineStrParser', keys=['filename', 'text'], "
        "keys_idx=[0, 1], separator=' ')), pipeline=None, "
        'test_mode=True)]))\n')
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(cfg), None, device='cpu')
    # a bias towards character classes, so that random weights read text
    with torch.no_grad():
        torch_model.head.pred_conv.bias[1:] += 3.0
    ckpt, onnx_file = tmp_path / 'model.pth', tmp_path / 'model.onnx'
    save_checkpoint(torch_model, str(ckpt))
    pytorch2onnx = _load(REPO / 'tools/deployment/pytorch2onnx.py')
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog', imgs[1],
                              '--output-file', str(onnx_file),
                              '--dynamic-export', '--verify']) == 0
    out = capsys.readouterr().out
    assert 'outputs are same' in out and out.count('raw outputs match') == 2
    graph = onnx.load(str(onnx_file)).graph
    assert [i.name for i in graph.input] == ['input']
    (output, ) = graph.output
    dims = [d.dim_param or d.dim_value
            for d in output.type.tensor_type.shape.dim]
    assert dims[0] == 'batch' and dims[1] == 38 and dims[3] == 'width'

    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        ort_model = init_detector(str(cfg), str(onnx_file), device='cpu')
    assert isinstance(ort_model, ONNXRuntimeRecognizer)
    crops = [cv2.imread(p) for p in imgs]
    for batch_mode in (False, True):
        ort_results = model_inference(ort_model, crops, batch_mode=batch_mode)
        torch_results = model_inference(torch_model, crops,
                                        batch_mode=batch_mode)
        assert [r['text'] for r in ort_results] == \
            [r['text'] for r in torch_results]
        for ours, ref in zip(ort_results, torch_results):
            np.testing.assert_allclose(ours['score'], ref['score'], atol=1e-4)
    texts = [r['text'] for r in torch_results]
    assert any(texts)

    ann.write_text(f'{Path(imgs[0]).name} {texts[0] or "x"}\n'
                   f'{Path(imgs[1]).name} {texts[1]}x\n')
    test_tool = _load(REPO / 'tools/test.py')
    deploy_test = _load(REPO / 'tools/deployment/deploy_test.py')
    capsys.readouterr()
    assert test_tool.main([str(cfg), str(ckpt), '--eval', 'acc',
                           '--device', 'cpu']) == 0
    expected = _last_dict(capsys.readouterr().out)
    assert deploy_test.main([str(cfg), str(onnx_file), 'recog',
                             'onnxruntime', '--eval', 'acc',
                             '--device', 'cpu']) == 0
    result = _last_dict(capsys.readouterr().out)
    assert result == pytest.approx(expected)
