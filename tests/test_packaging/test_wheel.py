"""The built package: ``python -m build`` makes an sdist and, from it, a wheel
that carries the configs and the shipped model files; the wheel installed in
a fresh virtualenv reads the demo receipt from another folder, and an
editable install reads the checkout's configs.

No network: the build runs without isolation (this interpreter's
setuptools) and the fresh virtualenvs see this interpreter's packages (torch
...) through a ``.pth`` file, so pip installs only mmocr, from the local
wheel or folder.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == 'win32', reason='POSIX venv layout'),
]

REPO = Path(__file__).resolve().parents[2]
#: What a build reads from the checkout.
SOURCES = ('setup.py', 'pyproject.toml', 'MANIFEST.in', 'README.md',
           'requirements.txt', 'requirements', 'configs', 'tools',
           'mmocr')
DEMO = REPO / 'demo' / 'demo_text_ocr.jpg'
# Lines of the demo receipt (`make demo` prints them all).
DEMO_LINES = ('SIMPLIFIED TAX INVOICE', '89964 KUALA LUMPUR, MALAYSIA')


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob('*')
            if p.is_file() and '__pycache__' not in p.parts}


def _run(cmd: list, cwd: Path, env: dict | None = None) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (
        f'{" ".join(map(str, cmd))} failed ({proc.returncode}):\n'
        f'{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}')
    return proc.stdout


def _clean_env(tmp: Path) -> dict:
    """No PYTHONPATH (the checkout must not shadow the install), no model
    cache, no index."""
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP')}
    env.update(MMOCR_HOME=str(tmp / 'mmocr_home'), PIP_NO_INDEX='1',
               PIP_DISABLE_PIP_VERSION_CHECK='1', OMP_NUM_THREADS='1')
    return env


def _fresh_venv(path: Path) -> tuple[Path, Path]:
    """A virtualenv without pip whose ``sys.path`` ends with this
    interpreter's site-packages (plain path lines: the ``.pth`` files there,
    such as the development checkout's editable finder, do not run).

    Returns:
        The venv's python and its site-packages folder.
    """
    _run([sys.executable, '-m', 'venv', '--without-pip', path], cwd=path.parent)
    python = path / 'bin' / 'python'
    site = Path(_run([python, '-c', 'import sysconfig; '
                      'print(sysconfig.get_paths()["purelib"])'],
                     cwd=path).strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ('purelib',
                                                           'platlib'))
    (site / '_mmocr_test_deps.pth').write_text(''.join(f'{p}\n'
                                                       for p in ours))
    return python, site


def _pip_install(python: Path, *args) -> None:
    _run([sys.executable, '-m', 'pip', '--python', python, 'install',
          '--no-deps', '--no-index', '--no-compile', '-q', *args],
         cwd=python.parent, env=_clean_env(python.parent))


@pytest.fixture(scope='module')
def source(tmp_path_factory) -> Path:
    """A copy of what the build reads (so the checkout gets no build/)."""
    src = tmp_path_factory.mktemp('pkg') / 'src'
    src.mkdir()
    ignore = shutil.ignore_patterns('__pycache__', '*.pyc', '*.egg-info')
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, src / name)
    return src


@pytest.fixture(scope='module')
def dist(source: Path) -> Path:
    """``python -m build``: the sdist, then the wheel built from it."""
    out = source.parent / 'dist'
    _run([sys.executable, '-m', 'build', '--no-isolation', '--outdir', out,
          source], cwd=source.parent, env=_clean_env(source.parent))
    return out


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f'expected one {pattern} in {folder}: {found}'
    return found[0]


def test_sdist_carries_what_the_wheel_build_needs(dist: Path):
    with tarfile.open(_one(dist, 'mmocr-*.tar.gz')) as tar:
        names = {n.split('/', 1)[1] for n in tar.getnames() if '/' in n}
    wanted = {f'configs/{f}' for f in _files(REPO / 'configs')}
    wanted |= {f'tools/{f}' for f in _files(REPO / 'tools')}
    wanted |= {f'requirements/{f}' for f in _files(REPO / 'requirements')}
    wanted |= {f'mmocr/model_zoo/{f}' for f in _files(REPO / 'mmocr' /
                                                       'model_zoo')}
    wanted |= {'README.md', 'setup.py', 'pyproject.toml', 'MANIFEST.in'}
    assert wanted - names == set()


def test_wheel_carries_configs_tools_and_model_zoo(dist: Path):
    with zipfile.ZipFile(_one(dist, 'mmocr-*.whl')) as whl:
        names = set(whl.namelist())
    configs = {f'mmocr/.mim/configs/{f}' for f in _files(REPO / 'configs')}
    tools = {f'mmocr/.mim/tools/{f}' for f in _files(REPO / 'tools')}
    assert tools - names == set() and 'mmocr/.mim/tools/train.py' in tools
    zoo = {f'mmocr/model_zoo/{f}' for f in _files(REPO / 'mmocr' /
                                                  'model_zoo')}
    assert configs - names == set()
    assert zoo - names == set()
    assert any(n.endswith('.pth') for n in zoo)
    assert not any(n.startswith(('configs/', 'tests/', 'tools/'))
                   for n in names)


READ_DEMO = '''
import json, sys
import mmocr
from mmocr.utils.fileio import repo_path
from mmocr.utils.ocr import MMOCR
result = MMOCR(device='cpu').readtext(sys.argv[1])
print(json.dumps(dict(mmocr=mmocr.__file__, configs=repo_path('configs'),
                      text=result[0]['text'])))
'''


def test_wheel_in_fresh_venv_reads_demo_from_another_folder(dist: Path,
                                                            tmp_path: Path):
    python, site = _fresh_venv(tmp_path / 'venv')
    _pip_install(python, _one(dist, 'mmocr-*.whl'))
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    out = _run([python, '-c', READ_DEMO, DEMO], cwd=elsewhere,
               env=_clean_env(tmp_path))
    got = json.loads(out.strip().splitlines()[-1])
    assert Path(got['mmocr']).is_relative_to(site / 'mmocr')
    assert Path(got['configs']) == site / 'mmocr' / '.mim' / 'configs'
    for line in DEMO_LINES:
        assert line in got['text']


SHOW_CONFIGS = '''
import json
import mmocr
from mmocr.utils.fileio import repo_path
from mmocr.utils.ocr import MMOCR
default = MMOCR(det=None, recog='CRNN_slim', device='cpu').config_dir
print(json.dumps(dict(mmocr=mmocr.__file__, configs=repo_path('configs'),
                      default=default)))
'''


def test_editable_install_reads_checkout_configs(source: Path, tmp_path: Path):
    python, _ = _fresh_venv(tmp_path / 'venv')
    _pip_install(python, '--no-build-isolation', '-e', source)
    out = _run([python, '-c', SHOW_CONFIGS], cwd=tmp_path,
               env=_clean_env(tmp_path))
    got = json.loads(out.strip().splitlines()[-1])
    assert Path(got['mmocr']) == source / 'mmocr' / '__init__.py'
    assert Path(got['configs']) == source / 'configs'
    assert Path(got['default']) == source / 'configs'
    # An editable install copies nothing into the source tree.
    assert not (source / 'mmocr' / '.mim').exists()
