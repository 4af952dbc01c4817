"""One registered class per model: the model names of MMOCR 0.x configs
(``DBNet``, ``CRNNNet``, ...) are names of the real class, not empty
subclasses, and the shipped checkpoints load strictly into it."""
import inspect

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textdet.detectors import DBNet, DBNetpp, SingleStageTextDetector
from mmocr.models.textdet.detectors.dbnet import DBNet as DBNetPath
from mmocr.models.textrecog.recognizer import CRNNNet, EncodeDecodeRecognizer, SARNet
from mmocr.models.textrecog.recognizer.crnn import CRNNNet as CRNNNetPath
from mmocr.models.textrecog.recognizer.sar import SARNet as SARNetPath
from mmocr.registry import DETECTORS, MODELS, RECOGNIZERS
from mmocr.utils import Config

_OWN = {'__module__', '__qualname__', '__doc__', '__firstlineno__',
        '__static_attributes__', '__annotations__'}


@pytest.mark.parametrize('registry,name,cls', [
    (DETECTORS, 'DBNet', SingleStageTextDetector),
    (DETECTORS, 'DBNetpp', SingleStageTextDetector),
    (RECOGNIZERS, 'CRNNNet', EncodeDecodeRecognizer),
    (RECOGNIZERS, 'SARNet', EncodeDecodeRecognizer),
])
def test_model_names_are_the_real_class(registry, name, cls):
    assert registry.get(name) is cls


def test_mmocr0_paths_are_aliases():
    assert DBNet is DBNetPath is DBNetpp is SingleStageTextDetector
    assert CRNNNet is CRNNNetPath is SARNet is SARNetPath \
        is EncodeDecodeRecognizer


def test_no_registered_class_is_an_empty_subclass():
    """A registered class that adds nothing to a registered base should be
    another name of the base."""
    registered = {id(c) for c in MODELS.module_dict.values()}
    empty = []
    for name, cls in MODELS.module_dict.items():
        if not inspect.isclass(cls):
            continue
        own = set(vars(cls)) - _OWN
        bases = [b for b in cls.__mro__[1:] if id(b) in registered]
        if not own and bases:
            empty.append(f'{name} ({cls.__name__} < {bases[0].__name__})')
    assert not empty, empty


def _shipped(repo_root):
    paths = sorted((repo_root / 'mmocr' / 'model_zoo').glob('*.pth'))
    assert paths, 'no shipped checkpoints'
    return paths


def test_shipped_checkpoints_load_strictly(repo_root):
    for path in _shipped(repo_root):
        ckpt = torch.load(path, map_location='cpu', weights_only=True)
        cfg = Config.fromstring(ckpt['meta']['config'], '.py')
        model = build_detector(cfg.model)
        assert isinstance(model, MODELS.get(cfg.model.type)), path.name
        state = {k: v.float() for k, v in ckpt['state_dict'].items()}
        model.load_state_dict(state, strict=True)
