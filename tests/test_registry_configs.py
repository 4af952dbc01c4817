"""Every config under ``configs/`` rejects an unknown key in any of its
sub-configs (every dict with a ``type``): the error names the key and, for
models, its full path (``model.bbox_head.postprocessor.<key>``).

One key is injected at a time; the build stops at the sub-config that holds
it (arguments are checked before a component is constructed), so building
the parts before it is the only cost.
"""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest
from torch import nn

from mmocr.datasets import build_dataset
from mmocr.datasets.pipelines import Compose
from mmocr.models import build_detector
from mmocr.registry import DATASETS, HOOKS, UnknownKeyError
from mmocr.runner import build_optimizer
from mmocr.utils import Config

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIGS = sorted(p for p in (REPO_ROOT / 'configs').rglob('*.py')
                 if '_base_' not in p.parts)
PROBE = 'strict_key_probe'
# DCNv2 layers (the r50dcnv2 configs) need torchvision.ops.
HAS_TORCHVISION = importlib.util.find_spec('torchvision') is not None


def typed_paths(node, prefix=()) -> list[tuple]:
    """Paths (tuples of keys/indices) to every dict with a ``type``."""
    paths = []
    if isinstance(node, dict):
        if 'type' in node:
            paths.append(prefix)
        items = node.items()
    elif isinstance(node, (list, tuple)):
        items = enumerate(node)
    else:
        return paths
    for key, value in items:
        paths.extend(typed_paths(value, prefix + (key,)))
    return paths


def injected(cfg, path: tuple):
    cfg = copy.deepcopy(cfg)
    node = cfg
    for part in path:
        node = node[part]
    node[PROBE] = 1
    return cfg


def path_text(parts) -> str:
    text = ''
    for part in parts:
        text += f'[{part}]' if isinstance(part, int) else (
            f'.{part}' if text else str(part))
    return text


#: A dictionary file for configs whose ``dict_file`` is a dataset's own
#: (SAR_CN: ``data/chineseocr/...``), absent on a clean machine.
SMALL_DICT = str(REPO_ROOT / 'mmocr/model_zoo/dicts/chinese_common.txt')


def _with_vocab(node, vocab: str):
    """``node`` with every ``vocab_file`` (the NER configs' dataset file,
    read by the convertor when it is built) pointing at ``vocab``, and every
    ``dict_file`` that does not exist here at :data:`SMALL_DICT`."""
    if isinstance(node, dict):
        return {k: vocab if k == 'vocab_file' else
                SMALL_DICT if k == 'dict_file' and isinstance(v, str)
                and not (REPO_ROOT / v).is_file() and not Path(v).is_file()
                else _with_vocab(v, vocab)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_with_vocab(v, vocab) for v in node]
    return node


@pytest.fixture(scope='module')
def configs(tmp_path_factory) -> dict[str, dict]:
    vocab = tmp_path_factory.mktemp('ner') / 'vocab.txt'
    vocab.write_text('\n'.join(['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a', 'b']))
    return {str(p.relative_to(REPO_ROOT)):
            _with_vocab(Config.fromfile(str(p)).to_dict(), str(vocab))
            for p in CONFIGS}


def _unknown_key_error(build, *args) -> UnknownKeyError | str:
    """The UnknownKeyError ``build(*args)`` raises, or what went wrong."""
    try:
        build(*args)
    except UnknownKeyError as err:
        return err
    except Exception as err:  # noqa: BLE001 - reported as a failure
        return f'{type(err).__name__}: {err}'
    return 'no error'


def test_every_config_is_covered(configs):
    assert len(configs) >= 20
    for name, cfg in configs.items():
        assert typed_paths(cfg.get('model', {})), f'{name}: no model'


def _cases(configs: dict, section: str) -> list[tuple[str, tuple]]:
    """``(config name, path)`` for each distinct (sub-config, path): configs
    that share a section (several CRNN configs, one model) are probed once."""
    seen, cases = set(), []
    for name, cfg in configs.items():
        if section not in cfg:
            continue
        key = repr(cfg[section])
        for path in typed_paths(cfg[section]):
            if (key, path) not in seen:
                seen.add((key, path))
                cases.append((name, path))
    return cases


def test_unknown_key_in_any_model_sub_config_is_named(configs):
    cases = _cases(configs, 'model')
    assert len(cases) > 50
    failures = []
    for name, path in cases:
        model_cfg = injected(configs[name]['model'], path)
        backbone = model_cfg.get('backbone') or {}
        if (not HAS_TORCHVISION and backbone.get('dcn') is not None
                and path[:2] != ('backbone', 'dcn')):
            # Without torchvision the DCN layers cannot be built; the
            # backbone is built without them (a key injected into ``dcn``
            # itself is still checked, before torchvision is needed).
            backbone['dcn'] = None
        err = _unknown_key_error(build_detector, model_cfg)
        expected = path_text(('model',) + path + (PROBE,))
        if not isinstance(err, UnknownKeyError) or err.key != PROBE or (
                err.path_text != expected) or expected not in str(err):
            failures.append(f'{name} {expected}: {err}')
    assert not failures, '\n'.join(failures)


def test_unknown_key_in_any_data_sub_config_is_named(configs):
    """Datasets, loaders, parsers and pipeline steps: the innermost dataset
    config holding the injected key is built (the annotation files are not
    there: the key must be found before they are read)."""
    cases = _cases(configs, 'data')
    assert len(cases) > 100
    failures = []
    for name, path in cases:
        data = injected(configs[name]['data'], path)
        # The innermost dataset config on the path.
        start, node = None, data
        for i, part in enumerate(path):
            node = node[part]
            if isinstance(node, dict) and node.get('type') in DATASETS:
                start, dataset_cfg = i + 1, node
        where = path_text(('data',) + path + (PROBE,))
        if start is None:
            failures.append(f'{name} {where}: not inside a dataset config')
            continue
        rest = path[start:]
        if (dataset_cfg['type'] == 'UniformConcatDataset' and len(rest) > 1
                and rest[0] == 'pipeline'
                and isinstance(dataset_cfg['pipeline'][rest[1]], list)):
            # One pipeline per group of datasets: the groups before the
            # injected one would load their annotations first; keep only
            # the injected group.
            group = rest[1]
            dataset_cfg = dict(dataset_cfg,
                               datasets=[dataset_cfg['datasets'][group]],
                               pipeline=[dataset_cfg['pipeline'][group]])
        err = _unknown_key_error(build_dataset, dataset_cfg)
        if not isinstance(err, UnknownKeyError) or err.key != PROBE or (
                not err.path_text.endswith(PROBE)):
            failures.append(f'{name} {where}: {err}')
    assert not failures, '\n'.join(failures)


def test_unknown_key_in_any_pipeline_step_is_named(configs):
    """Each pipeline (any ``*pipeline*`` list at the top of a config)."""
    seen, failures = set(), []
    for name, cfg in configs.items():
        for key, value in cfg.items():
            if 'pipeline' not in key or not isinstance(value, list):
                continue
            for path in typed_paths(value):
                if (repr(value), path) in seen:
                    continue
                seen.add((repr(value), path))
                err = _unknown_key_error(Compose, injected(value, path))
                if not isinstance(err, UnknownKeyError) or err.key != PROBE:
                    failures.append(f'{name} {key}{path_text(path)}: {err}')
    assert len(seen) > 50
    assert not failures, '\n'.join(failures)


def test_unknown_key_in_optimizer_and_hooks_is_named(configs):
    model = nn.Linear(2, 2)
    checked = 0
    for cfg in configs.values():
        if 'optimizer' in cfg:
            with pytest.raises(UnknownKeyError, match=PROBE):
                build_optimizer(model, injected(cfg['optimizer'], ()))
            checked += 1
        hooks = (cfg.get('log_config') or {}).get('hooks', []) + list(
            cfg.get('custom_hooks') or [])
        for hook in hooks:
            with pytest.raises(UnknownKeyError, match=PROBE):
                HOOKS.build(injected(hook, ()))
            checked += 1
    assert checked >= len(configs)


def test_fold_config_is_the_shipped_recipe_without_its_fold():
    # Choices made with the fold-0 model carry over to the shipped detector
    # only if both are trained alike: the same model, pipelines, schedule
    # and data but the SROIE annotation file (and bfloat16).
    dbnet = REPO_ROOT / 'configs/textdet/dbnet'
    shipped = Config.fromfile(str(dbnet / 'dbnet_r18w32_fpnc_sroie_synth.py'))
    fold = Config.fromfile(str(dbnet / 'dbnet_r18w32_fpnc_sroie_synth_fold0.py'))
    for key in ('model', 'optimizer', 'optimizer_config', 'lr_config',
                'runner', 'train_pipeline', 'test_pipeline'):
        assert fold[key] == shipped[key], key
    assert fold.data.test == shipped.data.test
    ours, theirs = fold.data.train.datasets, shipped.data.train.datasets
    assert theirs[0].ann_file == 'data/sroie/instances_training.txt'
    assert ours[0].ann_file == 'data/sroie/instances_training_fold0.txt'
    assert dict(ours[0], ann_file=None) == dict(theirs[0], ann_file=None)
    assert ours[1:] == theirs[1:]
    assert fold.bf16 == {} and 'bf16' not in shipped
