"""tools/misc/list_registries.py: every registry once, with its names."""
import subprocess
import sys

import pytest

from mmocr import registry
from mmocr.models.textdet.detectors import SingleStageTextDetector
from mmocr.utils.scripts import load_script


def _distinct_registries():
    return {id(getattr(registry, v)) for v in registry.__all__
            if isinstance(getattr(registry, v), registry.Registry)}


@pytest.fixture(scope='module')
def tool(repo_root):
    return load_script(repo_root / 'tools' / 'misc' / 'list_registries.py',
                       'list_registries_tool')


def test_every_registry_once_with_all_its_variables(tool):
    found = tool.collect_registries()
    regs = [reg for reg, _ in found]
    assert len({id(r) for r in regs}) == len(regs)
    variables = [v for _, names in found for v in names]
    declared = [v for v in registry.__all__
                if isinstance(getattr(registry, v), registry.Registry)]
    assert sorted(variables) == sorted(declared)
    models = dict((reg.name, names) for reg, names in found)['model']
    assert {'MODELS', 'DETECTORS', 'RECOGNIZERS', 'HEADS'} <= set(models)


def test_format_lists_each_name_with_its_class(tool):
    text = tool.format_registry(registry.DETECTORS, ['MODELS', 'DETECTORS'])
    lines = text.splitlines()
    assert lines[0] == (f'model (MODELS = DETECTORS): '
                        f'{len(registry.MODELS.module_dict)} names')
    target = (f'{SingleStageTextDetector.__module__}.'
              'SingleStageTextDetector')
    rows = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert rows['DBNet'] == rows['DBNetpp'] == target
    assert set(rows) == set(registry.MODELS.module_dict)
    one = registry.Registry('one')
    one.register_module(name='x', module=len)
    assert tool.format_registry(one, ['ONE']).splitlines() == [
        'one (ONE): 1 name', '  x  builtins.len']


def test_select_by_variable_or_registry_name(tool):
    found = tool.collect_registries()
    assert [r for r, _ in tool.select(found, 'pipelines')] == [
        registry.PIPELINES]
    assert [r for r, _ in tool.select(found, 'lr scheduler')] == [
        registry.LR_SCHEDULERS]
    with pytest.raises(KeyError, match='no registry "nope"; known: MODELS'):
        tool.select(found, 'nope')


def test_command_line(repo_root):
    script = str(repo_root / 'tools' / 'misc' / 'list_registries.py')
    proc = subprocess.run([sys.executable, script], capture_output=True,
                          text=True, cwd=repo_root)
    assert proc.returncode == 0, proc.stderr
    headings = [line for line in proc.stdout.splitlines()
                if line and not line.startswith(' ')]
    assert len(headings) == len(_distinct_registries())
    assert any(line.startswith('pipeline (PIPELINES): ') for line in headings)
    proc = subprocess.run([sys.executable, script, '--registry', 'HOOKS'],
                          capture_output=True, text=True, cwd=repo_root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('hook (HOOKS): ')
    assert '  EvalHook ' in proc.stdout
    proc = subprocess.run([sys.executable, script, '--registry', 'nope'],
                          capture_output=True, text=True, cwd=repo_root)
    assert proc.returncode == 1
    assert 'no registry "nope"' in proc.stderr
