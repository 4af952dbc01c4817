"""End to end: the toy NER config trains a few epochs on a generated
CLUENER-format dataset with ``train_detector``, then is tested with
``single_gpu_test`` and ``NerDataset.evaluate``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from mmocr.apis import single_gpu_test, train_detector
from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.models import build_detector
from mmocr.utils.config import Config
from mmocr.utils.scripts import load_script

CONFIG = (Path(__file__).resolve().parents[3] / 'configs' / 'ner' /
          'bert_softmax' / 'bert_softmax_toy_dataset.py')

TEXTS = [
    ('张三在北京工作', {'name': {'张三': [[0, 1]]}, 'address': {'北京': [[3, 4]]}}),
    ('李四去上海', {'name': {'李四': [[0, 1]]}, 'address': {'上海': [[3, 4]]}}),
    ('王五住在广州', {'name': {'王五': [[0, 1]]}, 'address': {'广州': [[4, 5]]}}),
    ('赵六来自深圳', {'name': {'赵六': [[0, 1]]}, 'address': {'深圳': [[4, 5]]}}),
]


def _make_cluener(root: Path) -> None:
    root.mkdir()
    lines = ''.join(json.dumps({'text': t, 'label': lab}, ensure_ascii=False)
                    + '\n' for t, lab in TEXTS)
    (root / 'train.json').write_text(lines, encoding='utf-8')
    (root / 'dev.json').write_text(lines, encoding='utf-8')
    chars = sorted({c for t, _ in TEXTS for c in t})
    vocab = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + chars
    (root / 'vocab.txt').write_text('\n'.join(vocab) + '\n', encoding='utf-8')


def _repoint(node, old: str, new: str):
    if isinstance(node, dict):
        return {k: _repoint(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_repoint(v, old, new) for v in node]
    return node.replace(old, new) if isinstance(node, str) else node


@pytest.mark.slow
def test_toy_ner_config_trains_and_tests(tmp_path, capsys):
    torch.manual_seed(0)
    data_root = tmp_path / 'cluener'
    _make_cluener(data_root)
    cfg = Config.fromfile(str(CONFIG))
    cfg.data = _repoint(dict(cfg.data), 'data/cluener_toy', str(data_root))
    cfg.model = _repoint(dict(cfg.model), 'data/cluener_toy', str(data_root))
    cfg.merge_from_dict({'runner.max_epochs': 30,
                         'checkpoint_config.interval': 30})
    cfg.work_dir = str(tmp_path / 'work')
    cfg.gpu_ids = [0]
    cfg.seed = 0
    model = build_detector(cfg.model)
    model.init_weights()
    train_set = build_dataset(cfg.data.train)
    train_detector(model, train_set, cfg, validate=False)
    test_set = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(test_set, samples_per_gpu=2, workers_per_gpu=0,
                              shuffle=False)
    results = single_gpu_test(model, loader)
    assert len(results) == len(TEXTS)
    assert all(isinstance(e, list) and len(e) == 3 for r in results for e in r)
    metrics = test_set.evaluate(results)
    # fitted on these very texts
    assert metrics['f1-score'] > 0.7
    assert {'name_f1-score', 'address_f1-score'} <= set(metrics)

    # the demo loads config + checkpoint and prints the entities
    config_file = tmp_path / 'ner_cfg.py'
    cfg.dump(str(config_file))
    demo = _load_demo()
    assert demo.main([str(config_file), str(tmp_path / 'work' / 'latest.pth'),
                      '--device', 'cpu', '--text', TEXTS[0][0]]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert 'name: 张三' in printed and 'address: 北京' in printed


def _load_demo():
    path = Path(__file__).resolve().parents[3] / 'demo' / 'ner_demo.py'
    return load_script(path, 'ner_demo')


def test_demo_bad_input_one_clear_line(tmp_path, capsys, monkeypatch):
    """ner_demo.py runs through run_tool: a missing config or a config that
    is not a NER model gives exit status 1 and one error line."""
    from torch import nn

    from mmocr.apis.utils import run_tool
    demo = _load_demo()
    argv = [str(tmp_path / 'nope.py'), str(tmp_path / 'nope.pth'), '--device',
            'cpu', '--text', 'x']
    assert run_tool(demo.main, 'ner_demo.py', argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('ner_demo.py: error: FileNotFoundError: config file')
    monkeypatch.setattr(demo, 'init_detector', lambda *a, **k: nn.Linear(1, 1))
    assert run_tool(demo.main, 'ner_demo.py', argv) == 1
    err = capsys.readouterr().err.strip()
    assert 'builds a Linear, not a NER model (NerClassifier)' in err
    assert '\n' not in err
