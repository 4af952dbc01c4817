"""ONNX export (tools/deployment/pytorch2onnx.py), ONNX Runtime models
(mmocr.deployment) and their evaluation (tools/deployment/deploy_test.py)
on tiny DBNet, PANet, PSENet and EAST detectors and a slim CRNN with random
weights."""
from __future__ import annotations

import ast
import json
import sys
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.utils.scripts import load_script

onnx = pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')

from mmocr.apis import init_detector, model_inference, single_gpu_test  # noqa: E402
from mmocr.core.deployment.deploy_utils import inference_with_session  # noqa: E402
from mmocr.deployment import (  # noqa: E402
    ONNXRuntimeDetector,
    ONNXRuntimeRecognizer,
    ORTSession,
    flatten_maps,
    image_maps,
    unflatten_maps,
)
from mmocr.runner.checkpoint import save_checkpoint  # noqa: E402
from mmocr.utils import Config  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / 'tools' / 'deployment'
DET_CONFIG = REPO / 'configs/textdet/dbnet/dbnet_r18_fpnc_toy.py'
PAN_CONFIG = REPO / 'configs/textdet/panet/panet_r18_fpem_ffm_toy.py'
RECOG_CONFIG = REPO / 'configs/textrecog/crnn/crnn_toy_dataset.py'


def _load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


pytorch2onnx = _load_tool('pytorch2onnx')
deploy_test = _load_tool('deploy_test')


def _noise_image(path: Path, h: int, w: int, seed: int) -> str:
    """A blurred random image with a few dark bars (something to detect)."""
    rng = np.random.default_rng(seed)
    img = cv2.GaussianBlur(rng.integers(0, 256, (h, w, 3), np.uint8), (5, 5), 0)
    for y in range(h // 6, h - h // 6, max(8, h // 4)):
        img[y:y + max(3, h // 12), w // 8:w - w // 8] //= 4
    cv2.imwrite(str(path), img)
    return str(path)


@pytest.fixture(scope='module')
def work(tmp_path_factory):
    """Configs (test sets of generated images), random-weight checkpoints
    and dynamic ONNX exports of a tiny DBNet and a slim CRNN."""
    root = tmp_path_factory.mktemp('deploy')
    torch.manual_seed(0)
    imgs = root / 'imgs'
    imgs.mkdir()
    det_imgs = [_noise_image(imgs / 'd0.png', 120, 200, 0),
                _noise_image(imgs / 'd1.png', 200, 120, 1)]
    rec_imgs = [_noise_image(imgs / 'r0.png', 32, 100, 2),
                _noise_image(imgs / 'r1.png', 40, 180, 3)]
    det_cfg = root / 'det_cfg.py'
    det_cfg.write_text(
        f"_base_ = ['{DET_CONFIG}']\n"
        'model = dict(bbox_head=dict(postprocessor=dict(\n'
        "    type='DBPostprocessor', text_repr_type='quad', min_text_width=1)))\n"
        'data = dict(test_dataloader=dict(samples_per_gpu=1),\n'
        f"            test=dict(datasets=[dict(type='TextDetDataset', "
        f"img_prefix='{imgs}', ann_file='{root / 'det_ann.txt'}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineJsonParser', keys=['file_name', 'height', "
        "'width', 'annotations'])), pipeline=None, test_mode=True)]))\n")
    rec_cfg = root / 'rec_cfg.py'
    rec_cfg.write_text(
        f"_base_ = ['{RECOG_CONFIG}']\n"
        'model = dict(backbone=dict(channels=[4, 8, 8, 8, 8, 8, 8]),\n'
        '             decoder=dict(in_channels=8))\n'
        f"data = dict(workers_per_gpu=0, test_dataloader=dict("
        "samples_per_gpu=2), test=dict(datasets=[dict(type='OCRDataset', "
        f"img_prefix='{imgs}', ann_file='{root / 'rec_ann.txt'}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineStrParser', keys=['filename', 'text'], "
        "keys_idx=[0, 1], separator=' ')), pipeline=None, "
        'test_mode=True)]))\n')
    out = dict(root=root, det_cfg=str(det_cfg), rec_cfg=str(rec_cfg),
               det_imgs=det_imgs, rec_imgs=rec_imgs)
    for kind, cfg in (('det', det_cfg), ('recog', rec_cfg)):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            model = init_detector(str(cfg), None, device='cpu')
        ckpt = root / f'{kind}.pth'
        save_checkpoint(model, str(ckpt))
        onnx_file = root / f'{kind}.onnx'
        image = (det_imgs if kind == 'det' else rec_imgs)[0]
        assert pytorch2onnx.main([str(cfg), str(ckpt), kind, image,
                                  '--output-file', str(onnx_file),
                                  '--dynamic-export', '--verify']) == 0
        out[kind] = (str(ckpt), str(onnx_file))
    return out


def _models(work, kind):
    cfg = work['det_cfg'] if kind == 'det' else work['rec_cfg']
    ckpt, onnx_file = work[kind]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        return (init_detector(cfg, ckpt, device='cpu'),
                init_detector(cfg, onnx_file, device='cpu'))


def test_export_is_a_valid_dynamic_graph(work, capsys):
    for kind in ('det', 'recog'):
        model = onnx.load(work[kind][1])
        onnx.checker.check_model(model)
        (graph_input, ) = model.graph.input
        dims = [d.dim_param or d.dim_value
                for d in graph_input.type.tensor_type.shape.dim]
        assert dims == (['batch', 3, 'height', 'width'] if kind == 'det'
                        else ['batch', 1, 32, 'width'])
    # No temporary file is left beside the exports.
    assert not [p for p in work['root'].iterdir() if p.name.endswith('.tmp')]


def test_detector_matches_pytorch_on_two_sizes(work, tmp_path):
    torch_model, ort_model = _models(work, 'det')
    assert isinstance(ort_model, ONNXRuntimeDetector)
    torch_results, data = model_inference(torch_model, work['det_imgs'],
                                          return_data=True)
    ort_results = model_inference(ort_model, work['det_imgs'])
    sizes = {tuple(d['img'][0].shape) for d in data}
    assert sizes == {(3, 192, 320), (3, 320, 192)}
    assert sum(len(r['boundary_result']) for r in torch_results) > 0
    for ours, ref in zip(ort_results, torch_results):
        assert len(ours['boundary_result']) == len(ref['boundary_result'])
        for a, b in zip(ours['boundary_result'], ref['boundary_result']):
            np.testing.assert_allclose(a, b, atol=1e-3)
    img = torch.stack([d['img'][0] for d in data[:1]])
    with torch.no_grad():
        expected = torch_model.forward_dummy(img)
    np.testing.assert_allclose(ort_model.session(img).numpy(),
                               expected.numpy(), atol=1e-4, rtol=1e-3)
    drawn = ort_model.show_result(work['det_imgs'][0], ort_results[0],
                                  out_file=str(tmp_path / 'vis.png'))
    assert drawn.shape == (120, 200, 3) and (tmp_path / 'vis.png').is_file()


def test_recognizer_matches_pytorch_in_a_padded_batch(work):
    torch_model, ort_model = _models(work, 'recog')
    assert isinstance(ort_model, ONNXRuntimeRecognizer)
    crops = [cv2.imread(p) for p in work['rec_imgs']]
    torch_results = model_inference(torch_model, crops, batch_mode=True)
    ort_results = model_inference(ort_model, crops, batch_mode=True)
    assert [r['text'] for r in ort_results] == \
        [r['text'] for r in torch_results]
    for ours, ref in zip(ort_results, torch_results):
        np.testing.assert_allclose(ours['score'], ref['score'], atol=1e-5)
    # One image at a time: other widths again (the padding of a batch
    # changes what the BiLSTM sees, so the texts may differ from above).
    assert [model_inference(ort_model, c)['text'] for c in crops] == \
        [model_inference(torch_model, c)['text'] for c in crops]


def test_crnn_reading_valid_columns_exports_with_valid_ratio(work, tmp_path,
                                                            capsys):
    """A CRNN whose BiLSTMs read each image's valid columns only
    (pack_valid, as the shipped CRNN_slim) takes the images' valid ratios as
    a second graph input, so a padded batch reads as in PyTorch."""
    cfg = tmp_path / 'rec_pack_cfg.py'
    cfg.write_text(f"_base_ = ['{work['rec_cfg']}']\n"
                   'model = dict(decoder=dict(pack_valid=True))\n')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(str(cfg), None, device='cpu')
    ckpt, onnx_file = tmp_path / 'pack.pth', tmp_path / 'pack.onnx'
    save_checkpoint(model, str(ckpt))
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog',
                              work['rec_imgs'][0], '--output-file',
                              str(onnx_file), '--dynamic-export',
                              '--verify']) == 0
    assert 'outputs are same' in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(cfg), str(ckpt), device='cpu')
        ort_model = init_detector(str(cfg), str(onnx_file), device='cpu')
    assert ort_model.session.takes_valid_ratio
    # float32, as TensorRT needs (it has no float64 tensors)
    ratio_input = [i for i in onnx.load(str(onnx_file)).graph.input
                   if i.name == 'valid_ratio']
    assert [i.type.tensor_type.elem_type for i in ratio_input] == \
        [onnx.TensorProto.FLOAT]
    # different widths: the narrower crop is right-padded in the batch
    crops = [cv2.imread(p) for p in work['rec_imgs']]
    ort_results = model_inference(ort_model, crops, batch_mode=True)
    torch_results = model_inference(torch_model, crops, batch_mode=True)
    for ours, ref in zip(ort_results, torch_results):
        assert ours['text'] == ref['text']
        np.testing.assert_allclose(ours['score'], ref['score'], atol=1e-5)
    img = torch.randn(2, 1, 32, 64)
    with pytest.raises(ValueError, match='valid_ratio'):
        ort_model.session(img)
    # the ratios are read, not traced: the first image's changes, the
    # second's (same ratio) does not
    full = ort_model.session(img, [1.0, 1.0])
    half = ort_model.session(img, [0.5, 1.0])
    assert not np.allclose(half[0], full[0], atol=1e-3)
    np.testing.assert_allclose(half[1], full[1], atol=1e-5)


def test_recognizer_applies_the_config_lexicon_as_pytorch(work, tmp_path):
    lexicon = tmp_path / 'lexicon.txt'
    lexicon.write_text('total\ncash\nchange\n', encoding='utf-8')
    cfg = tmp_path / 'rec_lex_cfg.py'
    cfg.write_text(f"_base_ = ['{work['rec_cfg']}']\n"
                   'model = dict(test_cfg=dict(lexicon=dict(\n'
                   f"    lexicon_file='{lexicon}', max_nll_gap=1e9)))\n")
    ckpt, onnx_file = work['recog']
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(cfg), ckpt, device='cpu')
        ort_model = init_detector(str(cfg), onnx_file, device='cpu')
    assert ort_model.lexicon.words == ['CASH', 'CHANGE', 'TOTAL']
    crops = [cv2.imread(p) for p in work['rec_imgs']]
    assert [r['text'] for r in model_inference(ort_model, crops,
                                               batch_mode=True)] == \
        [r['text'] for r in model_inference(torch_model, crops,
                                            batch_mode=True)]


def _write_det_gt(work, results, ann_file=None) -> None:
    """Annotations made of ``results``' boundaries (a non-trivial score), in
    ``ann_file`` (default: the DBNet config's)."""
    lines = []
    for path, res in zip(work['det_imgs'], results):
        h, w = cv2.imread(path).shape[:2]
        anns = []
        for b in res['boundary_result']:
            poly = np.round(b[:-1]).tolist()
            xs, ys = poly[0::2], poly[1::2]
            anns.append(dict(iscrowd=0, category_id=1, segmentation=[poly],
                             bbox=[min(xs), min(ys), max(xs) - min(xs),
                                   max(ys) - min(ys)]))
        lines.append(json.dumps(dict(file_name=Path(path).name, height=h,
                                     width=w, annotations=anns)))
    Path(ann_file or work['root'] / 'det_ann.txt').write_text(
        '\n'.join(lines) + '\n')


def _last_dict(text: str) -> dict:
    return ast.literal_eval(text.strip().splitlines()[-1])


def test_deploy_test_scores_like_pytorch(work, capsys):
    from mmocr.datasets import build_dataloader, build_dataset
    torch_det, ort_det = _models(work, 'det')
    _write_det_gt(work, model_inference(torch_det, work['det_imgs']))
    cfg = Config.fromfile(work['det_cfg'])
    dataset = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(dataset, samples_per_gpu=1, workers_per_gpu=0,
                              shuffle=False)
    ort_outputs = single_gpu_test(ort_det, loader)
    torch_outputs = single_gpu_test(torch_det, loader)
    assert [len(r['boundary_result']) for r in ort_outputs] == \
        [len(r['boundary_result']) for r in torch_outputs]
    expected = dataset.evaluate(torch_outputs, metric='hmean-iou')
    assert expected['0_hmean-iou:hmean'] > 0.3
    capsys.readouterr()
    assert deploy_test.main([work['det_cfg'], work['det'][1], 'det',
                             'onnxruntime', '--eval', 'hmean-iou',
                             '--device', 'cpu']) == 0
    assert _last_dict(capsys.readouterr().out) == pytest.approx(expected)

    torch_rec, _ = _models(work, 'recog')
    # Batched as the loader batches them (samples_per_gpu=2).
    texts = [r['text'] or 'x' for r in model_inference(
        torch_rec, work['rec_imgs'], batch_mode=True)]
    (work['root'] / 'rec_ann.txt').write_text(''.join(
        f'{Path(p).name} {t}\n' for p, t in zip(work['rec_imgs'], texts)))
    assert deploy_test.main([work['rec_cfg'], work['recog'][1], 'recog',
                             'onnxruntime', '--eval', 'acc',
                             '--device', 'cpu']) == 0
    expected = 1.0 if all(texts) else 0.5
    assert _last_dict(capsys.readouterr().out)['0_word_acc'] == expected


def test_missing_onnxruntime_says_how_to_install(monkeypatch):
    from mmocr.deployment import import_onnx_packages
    monkeypatch.setitem(sys.modules, 'onnxruntime', None)
    with pytest.raises(ImportError, match='requirements/export.txt'):
        import_onnx_packages()
    with pytest.raises(ImportError, match='onnxruntime is missing'):
        ORTSession('any.onnx')


def test_errors_are_clear(work, tmp_path, capsys):
    cfg = Config.fromfile(work['det_cfg'])
    with pytest.raises(FileNotFoundError, match='missing.onnx'):
        ONNXRuntimeDetector(tmp_path / 'missing.onnx', cfg)
    bad = tmp_path / 'bad.onnx'
    bad.write_bytes(b'not a model')
    with pytest.raises(ValueError, match='bad.onnx'):
        ORTSession(bad)
    with pytest.raises(KeyError, match='label_convertor'):
        ONNXRuntimeRecognizer(work['det'][1], cfg)
    ort_det = ONNXRuntimeDetector(work['det'][1], cfg)
    with pytest.raises(NotImplementedError, match='inference only'):
        ort_det(torch.zeros(1, 3, 32, 32), [{}], return_loss=True)
    with pytest.raises(ValueError, match='2 img_metas for a batch of 1'):
        ort_det.simple_test(torch.zeros(1, 3, 32, 32), [{}, {}])
    # A static export rejects other sizes with a hint.
    static = tmp_path / 'static.onnx'
    assert pytorch2onnx.main([work['det_cfg'], work['det'][0], 'det',
                              work['det_imgs'][1], '--output-file',
                              str(static)]) == 0
    with pytest.raises(ValueError, match='--dynamic-export'):
        ORTSession(static)(torch.zeros(1, 3, 64, 64))
    # The command line tools report bad input in one line.
    assert pytorch2onnx.run_tool(pytorch2onnx.main, 'pytorch2onnx.py', [
        work['det_cfg'], work['det'][0], 'recog', work['det_imgs'][0],
        '--output-file', str(tmp_path / 'x.onnx')]) == 1
    err = capsys.readouterr().err
    assert 'MODEL_TYPE is recog' in err and 'Traceback' not in err
    assert not (tmp_path / 'x.onnx').exists()
    with pytest.raises(SystemExit):
        pytorch2onnx.parse_args([work['det_cfg'], 'c.pth', 'det', 'i.png',
                                 '--opset-version', '9'])


def test_compare_results_flags_differences():
    compare = pytorch2onnx.compare_results
    rec = [dict(text='ab', score=[0.9, 0.8])]
    assert compare('recog', rec, rec) == []
    assert compare('recog', [dict(text='ab', score=[0.9, 0.7])], rec)
    assert compare('recog', [dict(text='ac', score=[0.9, 0.8])], rec)
    box = [0, 0, 10, 0, 10, 5, 0, 5, 0.9]
    det = [dict(boundary_result=[box])]
    assert compare('det', det, det) == []
    assert compare('det', [dict(boundary_result=[])], det)
    moved = [dict(boundary_result=[[1, *box[1:]]])]
    assert compare('det', moved, det)


def _threshold_head(model, img: torch.Tensor) -> None:
    """Random backbone and neck; the head's text maps (PANet: text and
    kernel, PSENet: text and 6 kernels, EAST: score, FCENet: the text and
    center classes, TextSnake: text and center region) thresholds of the
    mean neck feature (0.3 to 1 standard deviation above its mean on
    ``img``, TextSnake's 1 to 0.5 below it; steep), so that the random
    network finds text regions with kernels; the other channels
    (embeddings, geometry, Fourier coefficients) keep their random
    weights, but TextSnake's sin, cos and radius are constant (horizontal
    text of radius 6, so that its disks are drawn)."""
    head = model.bbox_head
    name = type(head).__name__
    conv = getattr(head, 'score_conv', None) or \
        getattr(head, 'out_conv_cls', None) or head.out_conv
    channels = {'PANHead': [0, 1], 'EASTHead': [0], 'FCEHead': [1, 3],
                'TextSnakeHead': [0, 1]}.get(
        name, list(range(conv.out_channels)))
    with torch.no_grad():
        feats = model.neck(model.backbone(img))
        if name == 'FCEHead':  # one head over the levels: the finest one's
            feats = feats[0]
        elif isinstance(feats, (list, tuple)):
            feats = torch.cat(feats, 1)
        feats = feats.mean(1)
        mean, std = feats.mean().item(), feats.std().item()
        steep = 20 / std
        if name == 'FCEHead':  # softmax pairs: the background logits at 0
            conv.weight[[0, 2]] = 0
            conv.bias[[0, 2]] = 0
        if name == 'TextSnakeHead':  # sin 0, cos 1, radius 6
            conv.weight[2:] = 0
            conv.bias[2:] = torch.tensor([0., 1., 6.])
        # TextSnake needs large connected center regions: most pixels pass
        # (its upsampling makes the random features speckled).
        low, high = (-1.0, -0.5) if name == 'TextSnakeHead' else (0.3, 1.0)
        for i, ch in enumerate(channels):
            level = low + (high - low) * i / max(len(channels) - 1, 1)
            conv.weight[ch] = steep / conv.in_channels
            conv.bias[ch] = -steep * (mean + level * std)


@pytest.mark.parametrize('config', [
    PAN_CONFIG, REPO / 'configs/textdet/psenet/psenet_r50_fpnf_toy.py',
    REPO / 'configs/textdet/east/east_r18_toy.py',
    REPO / 'configs/textdet/fcenet/fcenet_r18_fpn_toy.py',
    REPO / 'configs/textdet/textsnake/textsnake_r18_fpn_unet_toy.py'],
    ids=['PANet', 'PSENet', 'EAST', 'FCENet', 'TextSnake'])
def test_detector_family_exports_and_onnx_runtime_gives_pytorch_boxes(
        config, tmp_path, capsys):
    imgs = tmp_path / 'imgs'
    imgs.mkdir()
    det_imgs = [_noise_image(imgs / 'd0.png', 120, 200, 0),
                _noise_image(imgs / 'd1.png', 200, 120, 1)]
    work = dict(det_imgs=det_imgs, root=tmp_path)
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(str(config), None, device='cpu')
    img, _ = pytorch2onnx.prepare_inputs(model, work['det_imgs'][0])
    _threshold_head(model, img)
    ckpt, onnx_file = tmp_path / 'pan.pth', tmp_path / 'pan.onnx'
    save_checkpoint(model, str(ckpt))
    assert pytorch2onnx.main([str(config), str(ckpt), 'det',
                              work['det_imgs'][0], '--output-file',
                              str(onnx_file), '--dynamic-export',
                              '--verify']) == 0
    assert 'outputs are same' in capsys.readouterr().out
    graph = onnx.load(str(onnx_file)).graph
    if 'fcenet' in str(config):  # [cls, reg] per level, nesting kept
        assert [o.name for o in graph.output] == [f'output{i}'
                                                  for i in range(6)]
        meta = {p.key: p.value for p in onnx.load(str(onnx_file))
                .metadata_props}
        assert meta['mmocr_output_structure'] == '[[0, 1], [2, 3], [4, 5]]'
    else:
        assert [o.name for o in graph.output] == ['output']
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(config), str(ckpt), device='cpu')
        ort_model = init_detector(str(config), str(onnx_file),
                                  device='cpu')
    assert isinstance(ort_model, ONNXRuntimeDetector)
    # two images of other shapes than the traced one, in one batch each
    torch_results = model_inference(torch_model, work['det_imgs'])
    ort_results = model_inference(ort_model, work['det_imgs'])
    assert all(len(r['boundary_result']) > 0 for r in torch_results)
    for ours, ref in zip(ort_results, torch_results):
        assert len(ours['boundary_result']) == len(ref['boundary_result'])
        for a, b in zip(ours['boundary_result'], ref['boundary_result']):
            np.testing.assert_allclose(a, b, atol=1e-3)
    # deploy_test.py scores the ONNX model as tools/test.py scores PyTorch's
    ann_file = tmp_path / 'pan_ann.txt'
    _write_det_gt(work, torch_results, ann_file)
    cfg_file = tmp_path / 'pan_cfg.py'
    cfg_file.write_text(
        f"_base_ = ['{config}']\n"
        'data = dict(test_dataloader=dict(samples_per_gpu=1),\n'
        f"            test=dict(datasets=[dict(type='TextDetDataset', "
        f"img_prefix='{work['root'] / 'imgs'}', ann_file='{ann_file}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineJsonParser', keys=['file_name', 'height', "
        "'width', 'annotations'])), pipeline=None, test_mode=True)]))\n")
    from mmocr.datasets import build_dataset
    dataset = build_dataset(Config.fromfile(str(cfg_file)).data.test,
                            dict(test_mode=True))
    expected = dataset.evaluate(torch_results, metric='hmean-iou')
    assert expected['0_hmean-iou:hmean'] == pytest.approx(1.0)
    capsys.readouterr()
    assert deploy_test.main([str(cfg_file), str(onnx_file), 'det',
                             'onnxruntime', '--eval', 'hmean-iou',
                             '--device', 'cpu']) == 0
    assert _last_dict(capsys.readouterr().out) == pytest.approx(expected)


def test_heads_with_several_outputs_run_as_a_tuple(tmp_path):
    """A graph with two outputs (as a score + geometry head exports) comes
    back from ORTSession as a tuple, split image by image by image_maps."""

    class TwoMaps(torch.nn.Module):

        def forward(self, img):
            return img[:, :1] * 2, img[:, 1:] + 1

    path = tmp_path / 'two.onnx'
    img = torch.randn(2, 3, 4, 5)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        torch.onnx.export(TwoMaps(), (img, ), str(path), dynamo=False,
                          input_names=['input'],
                          output_names=pytorch2onnx.output_names(2))
    score, geometry = ORTSession(path, device_id=-1)(img)
    np.testing.assert_allclose(score, img[:, :1] * 2, rtol=1e-6)
    np.testing.assert_allclose(geometry, img[:, 1:] + 1, rtol=1e-6)
    first = image_maps((score, geometry), 1)
    assert [tuple(m.shape) for m in first] == [(1, 4, 5), (2, 4, 5)]
    assert image_maps(score, 0).shape == (1, 4, 5)
    axes = pytorch2onnx.dynamic_axes('det', (score, geometry))
    assert axes['output0'] == axes['output1'] == {0: 'batch', 2: 'height',
                                                  3: 'width'}


def test_nested_head_outputs_flatten_and_come_back():
    """FCENet-like ``[[cls, reg], ...]``: depth-first graph outputs, their
    nesting as JSON-able lists, the same nesting per image."""
    maps = [[torch.full((2, 1), float(2 * i)), torch.full((2, 3), 2. * i + 1)]
            for i in range(3)]
    leaves, structure = flatten_maps(maps)
    assert structure == [[0, 1], [2, 3], [4, 5]]
    assert [t[0, 0].item() for t in leaves] == [0, 1, 2, 3, 4, 5]
    back = unflatten_maps(leaves, structure)
    assert [[t.shape for t in level] for level in back] == \
        [[(2, 1), (2, 3)]] * 3
    one = image_maps(back, 1)
    assert one[2][1].shape == (3, ) and one[2][1][0].item() == 5
    tensor = torch.zeros(2, 4)
    assert flatten_maps(tensor) == ((tensor, ), 0)
    assert unflatten_maps((tensor, ), 0) is tensor
    with pytest.raises(TypeError, match='head output'):
        flatten_maps([tensor, 'x'])


# The attention recognizers' real configs, shrunk (random weights) and
# decoding at most 6 steps: the graph holds greedy decoding as a loop of
# max_seq_len steps.
_RESNET31_TINY = dict(layers=[1, 1, 1, 1], channels=[8, 8, 8, 8, 16, 16, 16])
_TF_TINY = dict(n_layers=1, n_head=2, d_k=8, d_v=8, d_inner=16)
ATTENTION_RECOGNIZERS = {
    'SAR': ('sar/sar_r31_parallel_decoder_academic.py', dict(
        backbone=_RESNET31_TINY, encoder=dict(d_model=16, d_enc=16),
        decoder=dict(d_model=16, d_enc=16, d_k=8))),
    'NRTR': ('nrtr/nrtr_modality_transform_academic.py', dict(
        encoder=dict(_TF_TINY, d_k=256, d_v=256),  # n_head * d_k = 512
        decoder=dict(_TF_TINY, d_k=256, d_v=256))),
    'SATRN': ('satrn/satrn_small.py', dict(
        backbone=dict(hidden_dim=16), encoder=dict(_TF_TINY, d_model=16),
        decoder=dict(_TF_TINY, d_model=16, d_embedding=16))),
    'MASTER': ('master/master_r31_12e_ST_MJ_SA.py', dict(
        backbone=dict(stem_channels=[8, 16], arch_layers=[1, 1, 1, 1],
                      arch_channels=[16, 16, 32, 32]),
        decoder=dict(d_model=32, n_head=2, d_inner=32, n_layers=1))),
    'RobustScanner': ('robust_scanner/robustscanner_r31_academic.py', dict(
        backbone=_RESNET31_TINY,
        encoder=dict(in_channels=16, out_channels=8),
        decoder=dict(dim_input=16, dim_model=8))),
    # a fixed 32 x 128 input: --dynamic-export keeps the width static
    'ABINet': ('abinet/abinet_academic.py', dict(
        backbone=dict(stem_channels=4, arch_settings=[1, 1, 1, 1, 1]),
        encoder=dict(encoder=dict(n_layers=1, n_head=2, d_model=64,
                                  d_inner=32),
                     decoder=dict(in_channels=64, num_channels=8,
                                  max_seq_len=6)),
        decoder=dict(d_model=64, n_head=2, d_inner=32, n_layers=1,
                     max_seq_len=6),
        fuser=dict(d_model=64), iter_size=2)),
    # TPS rectification (opset 16) before a GRU encoder / decoder
    'RARE': ('rare/rare_tps_academic.py', dict(
        backbone=dict(channels=[8, 16, 16, 32, 32, 32, 32]),
        encoder=dict(d_model=32, d_enc=16),
        decoder=dict(d_model=32, d_enc=16, d_k=16))),
    # a fixed 64 x 256 input (the VRM reads n_position features): the
    # width stays static
    'VisionLAN': ('visionlan/visionlan_resnet45_LA.py', dict(
        backbone=dict(stem_channels=8, arch_layers=[1, 1, 1, 1, 1],
                      arch_channels=[16, 16, 32, 32, 32]),
        decoder=dict(n_layers=1, n_dim=32, n_head=2, d_inner=64))),
}


def _attention_config(family: str, tmp_path: Path, img_prefix: Path,
                      ann_file: Path) -> Path:
    """The shrunk config of ``family``, testing on ``ann_file``."""
    config, model = ATTENTION_RECOGNIZERS[family]
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(
        f"_base_ = ['{REPO / 'configs/textrecog' / config}']\n"
        f'model = dict(max_seq_len=6, **{model!r})\n'
        'data = dict(workers_per_gpu=0, test_dataloader=dict('
        "samples_per_gpu=2), test=dict(datasets=[dict(type='OCRDataset', "
        f"img_prefix='{img_prefix}', ann_file='{ann_file}', "
        "loader=dict(type='AnnFileLoader', repeat=1, file_format='txt', "
        "parser=dict(type='LineStrParser', keys=['filename', 'text'], "
        "keys_idx=[0, 1], separator=' ')), pipeline=None, "
        'test_mode=True)]))\n')
    return cfg


@pytest.mark.parametrize('family', sorted(ATTENTION_RECOGNIZERS))
def test_attention_recognizer_exports_and_scores_like_pytorch(
        family, work, tmp_path, capsys):
    """Export with greedy decoding in the graph, ``--verify`` on two
    widths, ONNX Runtime texts and scores equal to PyTorch's (one image at
    a time and as a right-padded batch, where ``valid_ratio`` masks the
    padding), and deploy_test.py's word accuracy equal to tools/test.py's."""
    imgs = work['rec_imgs']  # 32 x 100 and 40 x 180
    ann = tmp_path / 'ann.txt'
    cfg = _attention_config(family, tmp_path, Path(imgs[0]).parent, ann)
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        torch_model = init_detector(str(cfg), None, device='cpu')
    ckpt, onnx_file = tmp_path / 'model.pth', tmp_path / 'model.onnx'
    save_checkpoint(torch_model, str(ckpt))
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog', imgs[1],
                              '--output-file', str(onnx_file),
                              '--dynamic-export', '--verify']) == 0
    out = capsys.readouterr().out
    assert 'outputs are same' in out and out.count('raw outputs match') == 2
    # the masks of padded columns read the images' valid ratios (MASTER
    # does not mask padding, ABINet and VisionLAN read unpadded images of
    # one size, whose width stays static)
    graph = onnx.load(str(onnx_file)).graph
    fixed = family in ('ABINet', 'VisionLAN')
    assert [i.name for i in graph.input] == (
        ['input'] if fixed or family == 'MASTER'
        else ['input', 'valid_ratio'])
    width = graph.input[0].type.tensor_type.shape.dim[3]
    assert (width.dim_param, width.dim_value) == (
        ('', 256 if family == 'VisionLAN' else 128) if fixed
        else ('width', 0))
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

    # a label file with the first image read right and the second wrong
    texts = [r['text'] for r in torch_results]
    ann.write_text(f'{Path(imgs[0]).name} {texts[0] or "x"}\n'
                   f'{Path(imgs[1]).name} {texts[1]}x\n')
    test_tool = load_script(REPO / 'tools' / 'test.py', 'test_tool')
    capsys.readouterr()
    assert test_tool.main([str(cfg), str(ckpt), '--eval', 'acc',
                           '--device', 'cpu']) == 0
    expected = _last_dict(capsys.readouterr().out)
    assert deploy_test.main([str(cfg), str(onnx_file), 'recog',
                             'onnxruntime', '--eval', 'acc',
                             '--device', 'cpu']) == 0
    result = _last_dict(capsys.readouterr().out)
    assert result == pytest.approx(expected)
    assert result['0_word_acc'] == (0.5 if texts[0] else 0.0)


def test_graph_decodes_all_steps_where_pytorch_stops_early(work, tmp_path,
                                                          capsys):
    """A decoder whose first prediction is the end token: PyTorch stops
    after one step, the graph runs all max_seq_len; verify compares the
    steps both have and the (empty) texts agree."""
    cfg = _attention_config('SATRN', tmp_path, Path(work['rec_imgs'][0]).parent,
                            tmp_path / 'ann.txt')
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        model = init_detector(str(cfg), None, device='cpu')
    with torch.no_grad():
        model.decoder.classifier.bias[model.decoder.end_idx] = 100.
    ckpt, onnx_file = tmp_path / 'model.pth', tmp_path / 'model.onnx'
    save_checkpoint(model, str(ckpt))
    assert pytorch2onnx.main([str(cfg), str(ckpt), 'recog',
                              work['rec_imgs'][0], '--output-file',
                              str(onnx_file), '--verify']) == 0
    assert 'outputs are same' in capsys.readouterr().out
    img, metas = pytorch2onnx.prepare_inputs(model, work['rec_imgs'][0])
    metas = model.with_valid_ratio(img, metas)
    with torch.no_grad():
        eager = model.decode_logits(img, metas)
    graph = ORTSession(onnx_file)(img, [metas[0]['valid_ratio']])
    assert eager.shape[1] == 1 and graph.shape[1] == 6
    assert pytorch2onnx.greedy_steps(graph, eager).shape == eager.shape
    ort_model = ONNXRuntimeRecognizer(onnx_file, Config.fromfile(str(cfg)))
    assert model_inference(ort_model, work['rec_imgs'][0])['text'] == ''


def test_inference_with_session_at_0x_path(tmp_path):
    """0.x's io-binding helper runs a graph on a tensor's memory."""
    import onnxruntime as ort
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node('Relu', ['input'], ['output'])], 'relu',
        [helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info('output', TensorProto.FLOAT, [1, 3])])
    path = tmp_path / 'relu.onnx'
    onnx.save(helper.make_model(graph, opset_imports=[
        helper.make_opsetid('', 13)]), str(path))
    sess = ort.InferenceSession(str(path), providers=['CPUExecutionProvider'])
    out = inference_with_session(sess, sess.io_binding(), 'input', ['output'],
                                 torch.tensor([[-1.0, 0.5, 2.0]]))
    assert len(out) == 1
    np.testing.assert_allclose(out[0], [[0.0, 0.5, 2.0]])
    with pytest.raises(TypeError, match='float32'):
        inference_with_session(sess, sess.io_binding(), 'input', ['output'],
                               torch.ones(1, 3, dtype=torch.float64))
