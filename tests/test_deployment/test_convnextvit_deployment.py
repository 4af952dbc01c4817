"""ONNX export of ConvNextViT (dynamic width; the images' valid ratios a
graph input, since the encoder hides batch padding), ONNX Runtime against
PyTorch on a padded batch, and ``deploy_test.py`` scoring like PyTorch."""
from __future__ import annotations

import ast
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.utils.scripts import load_script

pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')

from mmocr.apis import init_detector, model_inference  # noqa: E402
from mmocr.deployment import ONNXRuntimeRecognizer  # noqa: E402
from mmocr.runner.checkpoint import save_checkpoint  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / 'tools' / 'deployment'
CONFIG = REPO / 'configs/textrecog/convnextvit/convnextvit_toy_dataset.py'


def _load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


def test_convnextvit_exports_and_deploy_test_scores_like_pytorch(tmp_path,
                                                                 capsys):
    pytorch2onnx, deploy_test = _load_tool('pytorch2onnx'), _load_tool('deploy_test')
    rng = np.random.default_rng(0)
    imgs = []
    for i, (h, w) in enumerate([(32, 100), (40, 300), (24, 60)]):
        imgs.append(str(tmp_path / f'r{i}.png'))
        cv2.imwrite(imgs[-1], rng.integers(0, 256, (h, w, 3), np.uint8))
    ann = tmp_path / 'ann.txt'
    cfg = tmp_path / 'convnextvit_cfg.py'
    cfg.write_text(
        f"_base_ = ['{CONFIG}']\n"
        f"data = dict(workers_per_gpu=0, test_dataloader=dict("
        "samples_per_gpu=2), test=dict(datasets=[dict(type='OCRDataset', "
        f"img_prefix='{tmp_path}', ann_file='{ann}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineStrParser', keys=['filename', 'text'], "
        "keys_idx=[0, 1], separator=' ')), pipeline=None, "
        'test_mode=True)]))\n')
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(str(cfg), None, device='cpu')
    ckpt, onnx_file = tmp_path / 'cnv.pth', tmp_path / 'cnv.onnx'
    save_checkpoint(model, str(ckpt))
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog', imgs[1],
                              '--output-file', str(onnx_file),
                              '--dynamic-export', '--verify']) == 0
    assert 'outputs are same' in capsys.readouterr().out

    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(cfg), str(ckpt), device='cpu')
        ort_model = init_detector(str(cfg), str(onnx_file), device='cpu')
    assert isinstance(ort_model, ONNXRuntimeRecognizer)
    assert ort_model.session.takes_valid_ratio
    # widths 100, 240, 80 after resizing: a right-padded batch
    crops = [cv2.imread(p) for p in imgs]
    torch_results = model_inference(torch_model, crops, batch_mode=True)
    ort_results = model_inference(ort_model, crops, batch_mode=True)
    assert [r['text'] for r in ort_results] == [r['text'] for r in torch_results]
    for ours, ref in zip(ort_results, torch_results):
        np.testing.assert_allclose(ours['score'], ref['score'], atol=1e-5)

    # ground truth: PyTorch's reading of the first two, a wrong one last
    torch_results = [model_inference(torch_model, p) for p in imgs]
    texts = [r['text'] for r in torch_results[:2]] + ['zzzz']
    assert all(texts)  # random weights read something
    ann.write_text(''.join(f'{Path(p).name} {t}\n' for p, t in zip(imgs, texts)),
                   encoding='utf-8')
    capsys.readouterr()
    assert deploy_test.main([str(cfg), str(onnx_file), 'recog', 'onnxruntime',
                             '--eval', 'line_acc', '--device', 'cpu']) == 0
    metrics = ast.literal_eval(capsys.readouterr().out.strip().splitlines()[-1])
    assert metrics == {'0_line_acc': pytest.approx(2 / 3, abs=1e-4)}
