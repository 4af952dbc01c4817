"""ONNX export of SVTR (a dynamic batch, a static width: the encoder reads
images of one size, which its pipeline resizes every crop to), ONNX Runtime
against PyTorch, and ``deploy_test.py`` scoring like PyTorch."""
from __future__ import annotations

import ast
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
TOOLS = REPO / 'tools' / 'deployment'
CONFIG = REPO / 'configs/textrecog/svtr/svtr_toy_dataset.py'


def _load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


def _models(cfg: str, ckpt: str, onnx_file: str):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        return (init_detector(cfg, ckpt, device='cpu'),
                init_detector(cfg, onnx_file, device='cpu'))


def test_svtr_exports_and_deploy_test_scores_like_pytorch(tmp_path, capsys):
    pytorch2onnx, deploy_test = _load_tool('pytorch2onnx'), _load_tool('deploy_test')
    rng = np.random.default_rng(0)
    imgs = []
    for i, (h, w) in enumerate([(32, 100), (40, 150), (24, 60)]):
        imgs.append(str(tmp_path / f'r{i}.png'))
        cv2.imwrite(imgs[-1], rng.integers(0, 256, (h, w, 3), np.uint8))
    ann = tmp_path / 'ann.txt'
    cfg = tmp_path / 'svtr_cfg.py'
    cfg.write_text(
        f"_base_ = ['{CONFIG}']\n"
        f"data = dict(workers_per_gpu=0, test_dataloader=dict("
        "samples_per_gpu=1), test=dict(datasets=[dict(type='OCRDataset', "
        f"img_prefix='{tmp_path}', ann_file='{ann}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineStrParser', keys=['filename', 'text'], "
        "keys_idx=[0, 1], separator=' ')), pipeline=None, "
        'test_mode=True)]))\n')
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(str(cfg), None, device='cpu')
    ckpt, onnx_file = tmp_path / 'svtr.pth', tmp_path / 'svtr.onnx'
    save_checkpoint(model, str(ckpt))
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog', imgs[1],
                              '--output-file', str(onnx_file),
                              '--dynamic-export', '--verify']) == 0
    out = capsys.readouterr().out
    # one image, then a batch of two at the same size
    assert 'outputs are same' in out and out.count('raw outputs match') == 2
    dims = onnx.load(str(onnx_file)).graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in dims] == ['batch', 3, 32, 100]

    torch_model, ort_model = _models(str(cfg), str(ckpt), str(onnx_file))
    assert isinstance(ort_model, ONNXRuntimeRecognizer)
    # every crop is resized to 32x100 and read one at a time
    torch_results = [model_inference(torch_model, p) for p in imgs]
    ort_results = [model_inference(ort_model, p) for p in imgs]
    assert [r['text'] for r in ort_results] == [r['text'] for r in torch_results]
    for ours, ref in zip(ort_results, torch_results):
        np.testing.assert_allclose(ours['score'], ref['score'], atol=1e-5)

    # ground truth: PyTorch's reading of the first two, a wrong one last
    texts = [r['text'] or 'x' for r in torch_results[:2]] + ['zzzz']
    ann.write_text(''.join(f'{Path(p).name} {t}\n' for p, t in zip(imgs, texts)))
    expected = sum(r['text'] == t for r, t in zip(torch_results, texts)) / 3
    capsys.readouterr()
    assert deploy_test.main([str(cfg), str(onnx_file), 'recog', 'onnxruntime',
                             '--eval', 'acc', '--device', 'cpu']) == 0
    metrics = ast.literal_eval(capsys.readouterr().out.strip().splitlines()[-1])
    assert metrics['0_word_acc'] == pytest.approx(expected, abs=1e-4)
