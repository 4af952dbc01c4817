"""TensorRT: the clear one-line errors without the tensorrt wheel or a GPU
(what this CPU machine can check), the 0.x names and signatures, the
checks onnx2tensorrt.py makes before TensorRT runs, and -- only on a
machine with a CUDA GPU and tensorrt -- an engine built from a tiny DBNet
and compared with ONNX Runtime (skipped here)."""
from __future__ import annotations

import inspect
import sys
import types
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.utils.scripts import load_script

onnx = pytest.importorskip('onnx')
pytest.importorskip('onnxruntime')

from mmocr.deployment import (  # noqa: E402
    ONNXRuntimeDetector,
    ONNXRuntimeRecognizer,
    TensorRTDetector,
    TensorRTRecognizer,
    TensorRTUnavailable,
    import_tensorrt,
    init_trt_model,
)
from mmocr.models import build_detector  # noqa: E402
from mmocr.registry import DETECTORS  # noqa: E402
from mmocr.runner.checkpoint import save_checkpoint  # noqa: E402
from mmocr.utils.config import Config  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / 'tools' / 'deployment'
DET_CONFIG = REPO / 'configs/textdet/dbnet/dbnet_r18_fpnc_toy.py'
KIE_CONFIG = REPO / 'configs/kie/sdmgr/sdmgr_novisual_toy_dataset.py'


def load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


onnx2tensorrt = load_tool('onnx2tensorrt')
deploy_test = load_tool('deploy_test')


@pytest.fixture
def no_tensorrt(monkeypatch):
    monkeypatch.setitem(sys.modules, 'tensorrt', None)


@pytest.fixture
def fake_tensorrt(monkeypatch):
    """An importable ``tensorrt`` (nothing in it): the GPU checks come
    next."""
    monkeypatch.setitem(sys.modules, 'tensorrt', types.ModuleType('tensorrt'))


def tiny_onnx(path: Path, dtype=onnx.TensorProto.FLOAT,
              name: str = 'input') -> str:
    """An Identity graph with one dynamic ``(N, 3, H, W)`` input."""
    helper = onnx.helper
    inp = helper.make_tensor_value_info(name, dtype, ['N', 3, 'H', 'W'])
    out = helper.make_tensor_value_info('output', dtype, ['N', 3, 'H', 'W'])
    graph = helper.make_graph([helper.make_node('Identity', [name],
                                                ['output'])], 'g', [inp], [out])
    onnx.save(helper.make_model(graph), str(path))
    return str(path)


def image(path: Path) -> str:
    cv2.imwrite(str(path), np.full((64, 96, 3), 200, np.uint8))
    return str(path)


def test_without_tensorrt_one_clear_line(no_tensorrt):
    with pytest.raises(TensorRTUnavailable) as err:
        import_tensorrt()
    message = str(err.value)
    assert 'TensorRT is not installed' in message
    assert 'requirements/tensorrt.txt' in message and '\n' not in message
    assert isinstance(err.value, ImportError)


def test_without_gpu_one_clear_line(fake_tensorrt, monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    with pytest.raises(TensorRTUnavailable, match='needs a CUDA GPU'):
        import_tensorrt()
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 1)
    with pytest.raises(TensorRTUnavailable, match='no CUDA device 3'):
        import_tensorrt(3)


def test_wrappers_have_0x_names_and_signatures(tmp_path, no_tensorrt):
    for name, cls in (('TensorRTDetector', TensorRTDetector),
                      ('TensorRTRecognizer', TensorRTRecognizer),
                      ('ONNXRuntimeDetector', ONNXRuntimeDetector),
                      ('ONNXRuntimeRecognizer', ONNXRuntimeRecognizer)):
        assert DETECTORS.get(name) is cls
    for cls in (TensorRTDetector, TensorRTRecognizer):
        params = list(inspect.signature(cls).parameters)
        assert params == ['trt_file', 'cfg', 'device_id', 'show_score']
    cfg = Config.fromfile(str(DET_CONFIG))
    with pytest.raises(FileNotFoundError, match='missing.trt'):
        TensorRTDetector(tmp_path / 'missing.trt', cfg, 0)
    engine = tmp_path / 'model.trt'
    engine.write_bytes(b'engine')
    with pytest.raises(TensorRTUnavailable, match='not installed'):
        TensorRTDetector(engine, cfg, 0)
    with pytest.raises(NotImplementedError, match='no TensorRT wrapper for kie'):
        init_trt_model(Config.fromfile(str(KIE_CONFIG)), engine)


def test_onnx2tensorrt_checks_before_tensorrt(tmp_path, capsys, no_tensorrt):
    img = image(tmp_path / 'img.png')
    model = tiny_onnx(tmp_path / 'm.onnx')
    trt_file = tmp_path / 'm.trt'
    argv = [str(DET_CONFIG), 'det', img, model, '--trt-file', str(trt_file),
            '--min-shape', '1', '3', '32', '32']
    # no tensorrt here: one line, no engine written
    assert onnx2tensorrt.run_tool(onnx2tensorrt.main, 'onnx2tensorrt.py',
                                  argv) == 1
    err = capsys.readouterr().err.strip()
    assert 'TensorRTUnavailable: TensorRT is not installed' in err
    assert '\n' not in err and not trt_file.exists()
    # a recognizer graph with a float64 valid_ratio cannot build
    double = tiny_onnx(tmp_path / 'd.onnx', onnx.TensorProto.DOUBLE,
                       'valid_ratio')
    with pytest.raises(NotImplementedError, match='float64'):
        onnx2tensorrt.check_onnx_inputs(double)
    assert onnx2tensorrt.check_onnx_inputs(model) == ['input']
    # config / type mismatch, missing files, bad shapes
    assert onnx2tensorrt.run_tool(onnx2tensorrt.main, 'onnx2tensorrt.py', [
        str(DET_CONFIG), 'recog', img, model]) == 1
    assert 'MODEL_TYPE is recog' in capsys.readouterr().err
    assert onnx2tensorrt.run_tool(onnx2tensorrt.main, 'onnx2tensorrt.py', [
        str(DET_CONFIG), 'det', img, str(tmp_path / 'no.onnx')]) == 1
    assert 'no.onnx' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        onnx2tensorrt.parse_args([str(DET_CONFIG), 'det', img, model,
                                  '--min-shape', '1', '3', '800', '32'])
    assert '--min-shape' in capsys.readouterr().err


def test_deploy_test_tensorrt_backend_says_why(tmp_path, capsys, no_tensorrt):
    engine = tmp_path / 'model.trt'
    engine.write_bytes(b'engine')
    assert deploy_test.run_tool(deploy_test.main, 'deploy_test.py', [
        str(DET_CONFIG), str(engine), 'det', 'tensorrt', '--eval',
        'hmean-iou']) == 1
    err = capsys.readouterr().err.strip()
    assert 'TensorRT is not installed' in err and '\n' not in err


def _tensorrt_ready() -> bool:
    try:
        import_tensorrt()
    except TensorRTUnavailable:
        return False
    return True


@pytest.mark.skipif(not _tensorrt_ready(),
                    reason='needs a CUDA GPU and the tensorrt wheel')
def test_engine_matches_onnx_runtime(tmp_path, capsys):  # pragma: no cover
    """A tiny DBNet (random weights): ONNX export, engine, TensorRT vs ONNX
    Runtime on the raw maps and the boxes (runs on a GPU machine only)."""
    pytorch2onnx = load_tool('pytorch2onnx')
    torch.manual_seed(0)
    ckpt = tmp_path / 'det.pth'
    save_checkpoint(build_detector(Config.fromfile(str(DET_CONFIG)).model),
                    str(ckpt))
    img = image(tmp_path / 'img.png')
    model = tmp_path / 'det.onnx'
    assert pytorch2onnx.main([str(DET_CONFIG), str(ckpt), 'det', img,
                              '--output-file', str(model),
                              '--dynamic-export']) == 0
    trt_file = tmp_path / 'det.trt'
    assert onnx2tensorrt.main([
        str(DET_CONFIG), 'det', img, str(model), '--trt-file', str(trt_file),
        '--min-shape', '1', '3', '32', '32', '--max-shape', '1', '3', '1024',
        '1024', '--verify', '--checkpoint', str(ckpt), '--repeat', '3']) == 0
    out = capsys.readouterr().out
    assert 'same between TensorRT and ONNX' in out and 'ms/image' in out
