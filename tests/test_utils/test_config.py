import argparse
import copy
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from mmocr.utils import Config, ConfigDict, DictAction, import_modules_from_strings
from mmocr.utils.config import ConfigError
from mmocr.utils.scripts import load_script

CONFIGS = Path(__file__).resolve().parents[1] / 'data' / 'configs'
ERRORS = CONFIGS / 'errors'

BACKBONE_R18 = dict(
    type='mmdet.ResNet',
    depth=18,
    out_indices=(0, 1, 2, 3),
    norm_cfg=dict(type='BN', requires_grad=True),
    init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet18'))
TRAIN_PIPELINE = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='Normalize', mean=[123.675, 116.28, 103.53],
         std=[58.395, 57.12, 57.375], to_rgb=True),
    dict(type='Collect', keys=['img', 'gt_shrink']),
]
TEST_PIPELINE = [dict(type='LoadImageFromFile'),
                 dict(type='Collect', keys=['img'])]
CHILD = dict(
    checkpoint_config=dict(interval=10),
    log_config=dict(interval=5, hooks=[dict(type='TextLoggerHook')]),
    log_level='INFO',
    load_from=None,
    resume_from=None,
    workflow=[('train', 1), ('val', 1)],
    optimizer=dict(type='Adam', lr=1e-3),
    optimizer_config=dict(grad_clip=None),
    lr_config=dict(policy='poly', power=0.9, min_lr=1e-7, by_epoch=True),
    total_epochs=1200,
    model=dict(
        backbone=dict(BACKBONE_R18, depth=34),
        type='DBNet',
        neck=dict(type='FPNC', in_channels=[64, 128, 256, 512],
                  lateral_channels=256),
        bbox_head=dict(type='DBHead', in_channels=128),
        train_cfg=None,
        test_cfg=None),
    img_norm_cfg=dict(mean=[123.675, 116.28, 103.53],
                      std=[58.395, 57.12, 57.375], to_rgb=True),
    train_pipeline=TRAIN_PIPELINE,
    test_pipeline=TEST_PIPELINE,
    data_root='data/icdar2015',
    backbone_copy=BACKBONE_R18,
    first_step=dict(type='LoadImageFromFile'),
    data=dict(
        samples_per_gpu=8,
        train=dict(type='IcdarDataset', img_prefix='data/icdar2015',
                   pipeline=TRAIN_PIPELINE),
        test=dict(type='IcdarDataset', pipeline=TEST_PIPELINE)),
    work_dir='./work_dirs/child',
    config_ext='.py',
)


@pytest.fixture(scope='module')
def child_cfg() -> Config:
    return Config.fromfile(CONFIGS / 'child.py')


def test_inheritance_features(child_cfg):
    # list _base_, nested chain (det_model -> backbone), _delete_, list
    # replacement, {{_base_.x}} (bare, nested key, list index, in a dict),
    # predefined variables, modules/functions dropped
    assert child_cfg.to_dict() == CHILD
    assert list(child_cfg.keys()) == list(CHILD)
    assert child_cfg.filename == str(CONFIGS / 'child.py')
    assert not {'osp', 'helper', 'Helper'} & set(child_cfg)


def test_nested_child_of_child():
    cfg = Config.fromfile(CONFIGS / 'grandchild.py')
    expected = copy.deepcopy(CHILD)
    expected['model']['neck']['lateral_channels'] = 128
    expected['total_epochs'] = 5
    assert cfg.to_dict() == expected
    # text holds every file of the chain, bases first
    assert cfg.text.index('schedule.py') < cfg.text.index('grandchild.py')


def test_base_var_copies_are_independent(child_cfg):
    cfg = copy.deepcopy(child_cfg)
    cfg.backbone_copy.depth = 101
    cfg.data.train.pipeline[0].type = 'X'
    assert cfg.model.backbone.depth == 34
    assert cfg.train_pipeline[0].type == 'LoadImageFromFile'
    assert child_cfg.backbone_copy.depth == 18


def test_json_base_and_formats(tmp_path):
    cfg = Config.fromfile(CONFIGS / 'from_json.py')
    assert cfg.model.backbone.to_dict() == dict(type='VeryDeepVgg',
                                                leaky_relu=True)
    yaml_file = tmp_path / 'c.yaml'
    yaml_file.write_text('_base_: ' + str(CONFIGS / 'base.json') +
                         '\nlabel_convertor: {max_seq_len: 40}\n')
    pytest.importorskip('yaml')
    cfg = Config.fromfile(yaml_file)
    assert cfg.label_convertor.to_dict() == dict(
        type='CTCConvertor', dict_type='DICT36', max_seq_len=40)


def test_config_dict_attribute_access():
    cfg = ConfigDict(model=dict(backbone=dict(depth=18)),
                     pipeline=[dict(type='A')])
    assert cfg.model.backbone.depth == 18
    assert isinstance(cfg.pipeline[0], ConfigDict)
    assert cfg.pipeline[0].type == 'A'
    cfg.neck = dict(type='FPN')
    assert cfg.neck.type == 'FPN' and isinstance(cfg['neck'], ConfigDict)
    cfg.update(head=dict(n=1))
    assert isinstance(cfg.head, ConfigDict)
    with pytest.raises(AttributeError, match="'modle'.*Did you mean: model"):
        _ = cfg.modle
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    assert isinstance(copy.deepcopy(cfg).model, ConfigDict)
    assert cfg.get('missing', 3) == 3


def test_config_access_and_pickle(child_cfg):
    assert child_cfg.model.type == 'DBNet'
    assert child_cfg['model']['backbone']['depth'] == 34
    assert child_cfg.get('nothing') is None
    assert 'model' in child_cfg and len(child_cfg) == len(CHILD)
    restored = pickle.loads(pickle.dumps(child_cfg))
    assert restored.to_dict() == CHILD
    assert restored.filename == child_cfg.filename
    with pytest.raises(AttributeError, match='nothing'):
        _ = child_cfg.nothing
    with pytest.raises(KeyError, match='reserved'):
        Config(dict(filename='x'))


def test_pretty_text_round_trip(child_cfg):
    text = child_cfg.pretty_text
    assert Config.fromstring(text, '.py').to_dict() == CHILD
    assert all(len(line) <= 79 for line in text.splitlines())
    odd = Config(dict(a={1: 'x', 'not-id': (1,)}, b=float('inf'), c=(),
                      d={'class': None}, e=[[]], f={3, 1}, g='q"\'x'))
    assert Config.fromstring(odd.pretty_text, '.py').to_dict() == odd.to_dict()
    wide = Config(dict(a={1: 'x' * 40, 'not-id': ('y' * 60, ),
                          'z': dict(q=list(range(40)))},
                       s={'a' * 30, 'b' * 30, 'c' * 30}, t=(('k' * 60, ), )))
    text = wide.pretty_text
    assert all(len(line) <= 79 for line in text.splitlines())
    assert Config.fromstring(text, '.py').to_dict() == wide.to_dict()
    # scalars are packed several per line
    assert '    0, 1, 2, 3,' in text


def test_dump_round_trip(child_cfg, tmp_path):
    child_cfg.dump(tmp_path / 'out.py')
    assert Config.fromfile(tmp_path / 'out.py').to_dict() == CHILD
    child_cfg.dump(tmp_path / 'out.json')
    loaded = Config.fromfile(tmp_path / 'out.json').to_dict()
    # JSON has no tuples
    assert loaded == json.loads(json.dumps(CHILD))
    assert loaded['workflow'] == [['train', 1], ['val', 1]]
    assert child_cfg.dump() == child_cfg.pretty_text
    with pytest.raises(OSError, match='extension'):
        child_cfg.dump(tmp_path / 'out.txt')


def test_merge_from_dict(child_cfg):
    cfg = copy.deepcopy(child_cfg)
    cfg.merge_from_dict({
        'model.backbone.depth': 50,
        'data.train.pipeline.0.type': 'LoadImageFromNdarray',
        'workflow': [('train', 1)],
        'optimizer.lr': 0.1,
    })
    assert cfg.model.backbone.depth == 50
    assert cfg.model.backbone.type == 'mmdet.ResNet'
    assert cfg.data.train.pipeline[0].to_dict() == dict(
        type='LoadImageFromNdarray', color_type='color_ignore_orientation')
    assert cfg.data.train.pipeline[1].type == 'Normalize'
    assert cfg.workflow == [('train', 1)]
    assert cfg.data.train.pipeline[0].type == 'LoadImageFromNdarray'
    assert cfg.data.train.pipeline[1].type == 'Normalize'
    assert cfg.optimizer.to_dict() == dict(type='Adam', lr=0.1)
    assert child_cfg.model.backbone.depth == 34  # the copy was merged


def test_merge_from_dict_errors(child_cfg):
    cfg = copy.deepcopy(child_cfg)
    with pytest.raises(KeyError, match=r'"modle.backbone.depth".*'
                       r'Did you mean: model'):
        cfg.merge_from_dict({'modle.backbone.depth': 50})
    with pytest.raises(KeyError, match='data.trian.*Did you mean: train'):
        cfg.merge_from_dict({'data.trian.type': 'X'})
    with pytest.raises(KeyError, match='index of "data.train.pipeline"'):
        cfg.merge_from_dict({'data.train.pipeline.7.type': 'X'})
    with pytest.raises(TypeError, match='"optimizer.lr" is a float'):
        cfg.merge_from_dict({'optimizer.lr.x': 1})
    # A new key is kept (as in mmcv); under a typed sub-config the warning
    # says the build will check it.
    with pytest.warns(UserWarning, match='"optimizer.lrr".*Did you mean: lr'
                      r"\? Building 'Adam' rejects it unless"):
        cfg.merge_from_dict({'optimizer.lrr': 0.1})
    assert cfg.optimizer.lrr == 0.1
    cfg.merge_from_dict({'extra': dict()})
    with pytest.warns(UserWarning, match='new key "k" to extra.') as record:
        cfg.merge_from_dict({'extra.k': 1})
    assert 'Building' not in str(record[0].message)


@pytest.mark.parametrize('value,expected', [
    ('1', 1),
    ('-2.5e-3', -2.5e-3),
    ('True', True),
    ('false', False),
    ('None', None),
    ('abc', 'abc'),
    ('', ''),
    ('"1"', '1'),
    ("'a b'", 'a b'),
    ('1,2,c', [1, 2, 'c']),
    ('[1,2]', [1, 2]),
    ('[]', []),
    ('()', ()),
    ('(1,)', (1, )),
    ('[(train,1),(val,1)]', [('train', 1), ('val', 1)]),
    ('[(a, 1), (b, [2, "x,y"])]', [('a', 1), ('b', [2, 'x,y'])]),
    ('[[1,[2,(3,)]],4]', [[1, [2, (3, )]], 4]),
])
def test_dict_action_values(value, expected):
    assert DictAction._parse_iterable(value) == expected
    assert type(DictAction._parse_iterable(value)) is type(expected)


@pytest.mark.parametrize('value', ['[1,2', '(1]', '1)', "'abc", '[1 2,]x'])
def test_dict_action_bad_values(value):
    with pytest.raises(ValueError):
        DictAction._parse_iterable(value)


def test_dict_action_argparse(capsys):
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args([
        '--cfg-options', 'a.b=1', 'workflow=[(train,1),(val,1)]',
        'data.train.pipeline.0.type=X', '--cfg-options', 'c=x=y'
    ])
    assert args.cfg_options == {
        'a.b': 1,
        'workflow': [('train', 1), ('val', 1)],
        'data.train.pipeline.0.type': 'X',
        'c': 'x=y'
    }
    with pytest.raises(SystemExit):
        parser.parse_args(['--cfg-options', 'novalue'])
    assert 'KEY=VALUE' in capsys.readouterr().err


def test_missing_base_names_files():
    with pytest.raises(FileNotFoundError) as info:
        Config.fromfile(ERRORS / 'missing_base.py')
    assert 'does_not_exist.py' in str(info.value)
    assert 'missing_base.py' in str(info.value)
    with pytest.raises(FileNotFoundError, match='nope.py'):
        Config.fromfile(ERRORS / 'nope.py')


def test_cycle_is_reported():
    with pytest.raises(RecursionError,
                       match=r'cycle_a.py -> .*cycle_b.py -> .*cycle_a.py'):
        Config.fromfile(ERRORS / 'cycle_a.py')


def test_syntax_error_names_file_and_line():
    with pytest.raises(SyntaxError) as info:
        Config.fromfile(ERRORS / 'syntax_error.py')
    assert 'syntax_error.py, line 2' in str(info.value)
    assert info.value.filename == str(ERRORS / 'syntax_error.py')
    assert info.value.lineno == 2


@pytest.mark.parametrize('name,error,pattern', [
    ('runtime_error', ConfigError, r'runtime_error.py, line 2: NameError'),
    ('bad_base_var', KeyError,
     r'bad_base_var.py.*optimiser.*Did you mean: optimizer'),
    ('delete_missing', KeyError,
     r'"scheduler" sets _delete_=True.*delete_missing.py'),
    ('dict_over_scalar', TypeError,
     r'"model.train_cfg" is a dict.*dict_over_scalar.py.*NoneType'),
    ('duplicate_bases', KeyError, r'duplicate_bases.py.*optimizer'),
])
def test_config_errors(name, error, pattern):
    with pytest.raises(error, match=pattern):
        Config.fromfile(ERRORS / f'{name}.py')


def test_base_var_inside_string_is_rejected(tmp_path):
    (tmp_path / 'base.py').write_text("root = 'data'\n")
    (tmp_path / 'c.py').write_text(
        "_base_ = './base.py'\npath = '{{_base_.root}}/imgs'\n")
    with pytest.raises(ValueError, match='must be a whole value'):
        Config.fromfile(tmp_path / 'c.py')


def test_delete_inside_replacements_is_dropped(tmp_path):
    (tmp_path / 'base.py').write_text(
        "model = dict(type='A', backbone=dict(depth=18, extra=1))\n"
        "pipeline = [dict(type='X')]\n")
    (tmp_path / 'c.py').write_text(
        "_base_ = './base.py'\n"
        "model = dict(_delete_=True, type='B',\n"
        "             backbone=dict(_delete_=True, depth=50))\n"
        "pipeline = [dict(_delete_=True, type='Y')]\n")
    cfg = Config.fromfile(tmp_path / 'c.py')
    assert cfg.to_dict() == dict(model=dict(type='B', backbone=dict(depth=50)),
                                 pipeline=[dict(type='Y')])


def test_yaml_dump_round_trip(child_cfg, tmp_path):
    pytest.importorskip('yaml')
    child_cfg.dump(tmp_path / 'out.yaml')
    loaded = Config.fromfile(tmp_path / 'out.yaml').to_dict()
    assert loaded == json.loads(json.dumps(CHILD))


def test_custom_imports(tmp_path, monkeypatch):
    (tmp_path / 'my_ext_module_xyz.py').write_text('LOADED = True\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    cfg_file = tmp_path / 'c.py'
    cfg_file.write_text(
        "custom_imports = dict(imports=['my_ext_module_xyz'], "
        'allow_failed_imports=False)\n')
    Config.fromfile(cfg_file)
    assert sys.modules['my_ext_module_xyz'].LOADED
    with pytest.raises(ImportError, match='no_such_module_xyz'):
        import_modules_from_strings(['no_such_module_xyz'])
    with pytest.warns(UserWarning, match='no_such_module_xyz'):
        assert import_modules_from_strings(
            ['no_such_module_xyz'], allow_failed_imports=True) == [None]
    assert import_modules_from_strings('json') is json
    with pytest.raises(TypeError):
        import_modules_from_strings([1])


def test_print_config_errors_are_one_line(repo_root, capsys):
    tool = load_script(repo_root / 'tools' / 'misc' / 'print_config.py',
                       'print_config_tool')
    assert tool.run_tool(tool.main, 'print_config.py',
                         [str(ERRORS / 'runtime_error.py')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('print_config.py: error: ConfigError: ')
    assert 'runtime_error.py, line 2: NameError' in err
    assert '\n' not in err


@pytest.mark.slow
def test_print_config_script(repo_root):
    result = subprocess.run(
        [sys.executable, 'tools/misc/print_config.py',
         str(CONFIGS / 'grandchild.py'), '--cfg-options',
         'model.backbone.depth=50', 'workflow=[(train,1)]',
         'data.train.pipeline.0.type=LoadImageFromNdarray'],
        cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('Config:\n')
    cfg = Config.fromstring(result.stdout[len('Config:\n'):], '.py')
    assert cfg.model.backbone.depth == 50
    assert cfg.model.neck.lateral_channels == 128
    assert cfg.workflow == [('train', 1)]
    assert cfg.data.train.pipeline[0].type == 'LoadImageFromNdarray'
    assert cfg.data.train.pipeline[1].type == 'Normalize'
