"""``repo_path`` in a checkout, an installed wheel and the real tree."""
from __future__ import annotations

import inspect
import os.path as osp
from pathlib import Path

from mmocr.utils import fileio
from mmocr.utils.fileio import repo_path
from mmocr.utils.ocr import MMOCR, parse_args


def _tree(root: Path, *files: str) -> Path:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text('x')
    return root


def _use_root(monkeypatch, root: Path) -> None:
    monkeypatch.setattr(fileio, 'REPO_ROOT', str(root))
    monkeypatch.setattr(fileio, 'MIM_ROOT', str(root / 'mmocr' / '.mim'))


def test_checkout_root(tmp_path, monkeypatch):
    root = _tree(tmp_path / 'checkout', 'setup.py', 'configs/a.py',
                 'mmocr/.mim/configs/a.py', 'mmocr/model_zoo/x.txt')
    _use_root(monkeypatch, root)
    monkeypatch.chdir(tmp_path)
    # The checkout's own folder wins over a stale copy under mmocr/.mim.
    assert repo_path('configs') == str(root / 'configs')
    assert repo_path('mmocr/model_zoo/x.txt') == str(
        root / 'mmocr' / 'model_zoo' / 'x.txt')


def test_wheel_install(tmp_path, monkeypatch):
    # site-packages: no setup.py; another distribution left a top-level
    # ``configs`` folder there, which must not be taken for ours.
    site = _tree(tmp_path / 'site-packages', 'configs/other.py',
                 'mmocr/.mim/configs/textdet/a.py', 'mmocr/model_zoo/x.txt')
    _use_root(monkeypatch, site)
    monkeypatch.chdir(tmp_path)
    assert repo_path('configs') == str(site / 'mmocr' / '.mim' / 'configs')
    assert repo_path('configs/textdet/a.py') == str(
        site / 'mmocr' / '.mim' / 'configs' / 'textdet' / 'a.py')
    assert repo_path('mmocr/model_zoo/x.txt') == str(
        site / 'mmocr' / 'model_zoo' / 'x.txt')


def test_package_copy_wins_over_working_folder(tmp_path, monkeypatch):
    root = _tree(tmp_path / 'checkout', 'setup.py', 'configs/a.py')
    _use_root(monkeypatch, root)
    work = _tree(tmp_path / 'work', 'configs/a.py', 'mine.txt')
    monkeypatch.chdir(work)
    assert repo_path('configs') == str(root / 'configs')
    # Paths the repository does not have stay relative to the working folder.
    assert repo_path('mine.txt') == 'mine.txt'
    assert repo_path('missing/file.txt') == 'missing/file.txt'
    assert repo_path(str(work / 'mine.txt')) == str(work / 'mine.txt')


def test_real_tree_has_the_default_configs():
    configs = repo_path('configs')
    assert osp.isabs(configs)
    assert osp.isfile(osp.join(configs, 'textdet', 'dbnet',
                               'dbnet_r18w32_fpnc_sroie_synth.py'))
    assert osp.isfile(repo_path('mmocr/model_zoo/sroie_kie/dict.txt'))


def test_ocr_default_config_dir():
    # MMOCR(config_dir=None) and the CLI's --config-dir default read the
    # package's configs, wherever mmocr is installed.
    assert inspect.signature(MMOCR).parameters['config_dir'].default is None
    assert parse_args(['img.jpg']).config_dir is None
    ocr = MMOCR(det=None, recog='CRNN_slim', device='cpu')
    assert ocr.config_dir == repo_path('configs')
