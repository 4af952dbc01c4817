"""ONNX export of SDMGR (KIE), the NER classifier (Bert-softmax) and the
TPS-CRNN: pytorch2onnx.py with dynamic shapes and --verify, the ONNX
Runtime models (ONNXRuntimeKIE / ONNXRuntimeNER) against PyTorch,
deploy_test.py's metrics against PyTorch's, and the opsets they need."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from mmocr.utils.scripts import load_script

onnx = pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')

from mmocr.apis import init_detector, single_gpu_test  # noqa: E402
from mmocr.datasets import build_dataloader, build_dataset  # noqa: E402
from mmocr.deployment import (  # noqa: E402
    ONNXRuntimeKIE,
    ONNXRuntimeNER,
    init_onnx_model,
    model_kind,
)
from mmocr.models import build_detector  # noqa: E402
from mmocr.runner.checkpoint import save_checkpoint  # noqa: E402
from mmocr.utils.config import Config  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / 'tools' / 'deployment'
KIE_CONFIG = REPO / 'configs/kie/sdmgr/sdmgr_novisual_toy_dataset.py'
KIE_VISUAL = REPO / 'configs/kie/sdmgr/sdmgr_unet16_60e_wildreceipt.py'
NER_CONFIG = REPO / 'configs/ner/bert_softmax/bert_softmax_toy_dataset.py'
TPS_CONFIG = REPO / 'configs/textrecog/tps/crnn_tps_academic_dataset.py'
WORD = REPO / 'demo/demo_text_recog.jpg'
TEXTS = [
    ('张三在北京工作', {'name': {'张三': [[0, 1]]}, 'address': {'北京': [[3, 4]]}}),
    ('李四去上海', {'name': {'李四': [[0, 1]]}, 'address': {'上海': [[3, 4]]}}),
    ('王五住在广州', {'name': {'王五': [[0, 1]]}, 'address': {'广州': [[4, 5]]}}),
]


def load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


pytorch2onnx = load_tool('pytorch2onnx')
deploy_test = load_tool('deploy_test')


def write_checkpoint(cfg_file: Path, path: Path) -> str:
    torch.manual_seed(0)
    model = build_detector(Config.fromfile(str(cfg_file)).model)
    save_checkpoint(model, str(path))
    return str(path)


@pytest.fixture(scope='module')
def kie(tmp_path_factory, toy_root):
    """The toy SDMGR config on MMOCR 0.x's 2-receipt toy set, random
    weights, exported dynamically (and verified)."""
    root = tmp_path_factory.mktemp('kie')
    data_root = toy_root / 'kie_toy_dataset'
    cfg_file = root / 'kie_cfg.py'
    cfg_file.write_text(
        f"_base_ = ['{KIE_CONFIG}']\n"
        f"data_root = '{data_root}'\n"
        "test = dict(ann_file=f'{data_root}/wildreceipt/data.txt', "
        "img_prefix=data_root, dict_file=f'{data_root}/dict.txt', "
        "class_list=f'{data_root}/class_list.txt')\n"
        'data = dict(test=test)\n'
        "model = dict(class_list=f'{data_root}/class_list.txt')\n")
    ckpt = write_checkpoint(cfg_file, root / 'kie.pth')
    onnx_file = root / 'kie.onnx'
    assert pytorch2onnx.main([str(cfg_file), ckpt, 'kie', '--output-file',
                              str(onnx_file), '--dynamic-export',
                              '--verify']) == 0
    return dict(cfg=str(cfg_file), ckpt=ckpt, onnx=str(onnx_file))


@pytest.fixture(scope='module')
def ner(tmp_path_factory):
    """The toy Bert-softmax config on a generated CLUENER-format set,
    random weights, exported dynamically (and verified)."""
    root = tmp_path_factory.mktemp('ner')
    data = root / 'cluener'
    data.mkdir()
    lines = ''.join(json.dumps({'text': t, 'label': lab}, ensure_ascii=False)
                    + '\n' for t, lab in TEXTS)
    for name in ('train.json', 'dev.json'):
        (data / name).write_text(lines, encoding='utf-8')
    chars = sorted({c for t, _ in TEXTS for c in t})
    vocab = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + chars
    (data / 'vocab.txt').write_text('\n'.join(vocab) + '\n', encoding='utf-8')
    cfg_file = root / 'ner_cfg.py'
    cfg_file.write_text(NER_CONFIG.read_text(encoding='utf-8').replace(
        "_base_ = ['./", f"_base_ = ['{NER_CONFIG.parent}/").replace(
        'data/cluener_toy', str(data)), encoding='utf-8')
    ckpt = write_checkpoint(cfg_file, root / 'ner.pth')
    onnx_file = root / 'ner.onnx'
    assert pytorch2onnx.main([str(cfg_file), ckpt, 'ner', '--output-file',
                              str(onnx_file), '--dynamic-export',
                              '--verify']) == 0
    return dict(cfg=str(cfg_file), ckpt=ckpt, onnx=str(onnx_file))


def run_both(paths: dict) -> tuple[list, list, object]:
    """single_gpu_test outputs of PyTorch and ONNX Runtime on the test set
    (batches of 2), and the dataset."""
    model = init_detector(paths['cfg'], paths['ckpt'], device='cpu')
    ort_model = init_detector(paths['cfg'], paths['onnx'], device='cpu')
    dataset = build_dataset(model.cfg.data.test, dict(test_mode=True))
    outputs = []
    for net in (model, ort_model):
        loader = build_dataloader(dataset, samples_per_gpu=2,
                                  workers_per_gpu=0, shuffle=False)
        outputs.append(single_gpu_test(net, loader))
    return outputs[0], outputs[1], dataset


def evaluate_as_tools(dataset, outputs: list, cfg_file: str, metric: str
                      ) -> dict:
    """``dataset.evaluate`` with the config's evaluation options, as
    tools/test.py and deploy_test.py call it."""
    options = {k: v for k, v in Config.fromfile(cfg_file).get(
        'evaluation', {}).items() if k not in deploy_test._EVAL_HOOK_KEYS}
    return dataset.evaluate(outputs, **dict(options, metric=metric))


def test_kinds():
    for cfg, kind in ((KIE_CONFIG, 'kie'), (NER_CONFIG, 'ner')):
        assert model_kind(Config.fromfile(str(cfg))) == kind


def test_kie_onnx_runtime_matches_pytorch(kie, capsys):
    ort_model = init_onnx_model(Config.fromfile(kie['cfg']), kie['onnx'], -1)
    assert isinstance(ort_model, ONNXRuntimeKIE)
    assert ort_model.session.input_names == ['relations', 'texts']
    torch_out, ort_out, dataset = run_both(kie)
    assert len(ort_out) == len(dataset) == 2
    for ours, ref in zip(ort_out, torch_out):
        # documents of different box counts through one dynamic graph
        assert ours['nodes'].shape == ref['nodes'].shape
        assert ours['edges'].shape == (ref['nodes'].size(0) ** 2, 2)
        torch.testing.assert_close(ours['nodes'], ref['nodes'], rtol=1e-4,
                                   atol=1e-5)
        torch.testing.assert_close(ours['edges'], ref['edges'], rtol=1e-4,
                                   atol=1e-5)
    assert ort_out[0]['nodes'].size(0) != ort_out[1]['nodes'].size(0)
    # deploy_test.py scores it as PyTorch
    expected = evaluate_as_tools(dataset, torch_out, kie['cfg'], 'macro_f1')
    capsys.readouterr()
    assert deploy_test.main([kie['cfg'], kie['onnx'], 'kie', 'onnxruntime',
                             '--eval', 'macro_f1', '--device', 'cpu']) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"'macro_f1': {expected['macro_f1']}" in printed


def test_ner_onnx_runtime_matches_pytorch(ner, capsys):
    ort_model = init_onnx_model(Config.fromfile(ner['cfg']), ner['onnx'], -1)
    assert isinstance(ort_model, ONNXRuntimeNER)
    torch_out, ort_out, dataset = run_both(ner)
    assert ort_out == torch_out and len(ort_out) == len(TEXTS)
    # random weights still tag something: the comparison is not vacuous
    assert any(ort_out)
    expected = evaluate_as_tools(dataset, torch_out, ner['cfg'], 'f1')
    capsys.readouterr()
    assert deploy_test.main([ner['cfg'], ner['onnx'], 'ner', 'onnxruntime',
                             '--eval', 'f1', '--device', 'cpu']) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"'f1-score': {expected['f1-score']}" in printed


def test_opsets_sdmgr_and_tps_need(tmp_path, capsys):
    kie_ckpt = write_checkpoint(KIE_CONFIG, tmp_path / 'kie.pth')
    assert pytorch2onnx.run_tool(pytorch2onnx.main, 'pytorch2onnx.py', [
        str(KIE_CONFIG), kie_ckpt, 'kie', '--opset-version', '11',
        '--output-file', str(tmp_path / 'k.onnx')]) == 1
    err = capsys.readouterr().err.strip()
    assert 'SDMGR needs --opset-version >= 16 (SDMGR\'s graph attention ' \
        'uses scatter_reduce), got 11' in err and '\n' not in err
    assert not (tmp_path / 'k.onnx').exists()
    # TPS-CRNN: 16 by default (grid_sample), exported and verified
    tps_ckpt = write_checkpoint(TPS_CONFIG, tmp_path / 'tps.pth')
    onnx_file = tmp_path / 'tps.onnx'
    assert pytorch2onnx.main([str(TPS_CONFIG), tps_ckpt, 'recog', str(WORD),
                              '--output-file', str(onnx_file),
                              '--dynamic-export', '--verify']) == 0
    assert 'outputs are same' in capsys.readouterr().out
    assert onnx.load(str(onnx_file)).opset_import[0].version == 16
    assert pytorch2onnx.run_tool(pytorch2onnx.main, 'pytorch2onnx.py', [
        str(TPS_CONFIG), tps_ckpt, 'recog', str(WORD), '--opset-version',
        '11', '--output-file', str(tmp_path / 't.onnx')]) == 1
    assert 'grid_sample' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        pytorch2onnx.parse_args([str(KIE_CONFIG), 'x.pth', 'det'])
    assert 'a det model needs IMAGE_PATH' in capsys.readouterr().err


def test_visual_sdmgr_cannot_export():
    cfg = Config.fromfile(str(KIE_VISUAL))
    cfg.model.bbox_head.update(node_embed=16, edge_embed=16, fusion_dim=20)
    cfg.model.backbone.update(base_channels=4)
    cfg.model.bbox_head.visual_dim = 4
    model = build_detector(cfg.model)
    with pytest.raises(NotImplementedError, match='RoIAlign'):
        pytorch2onnx.check_exportable(model, 'kie')
