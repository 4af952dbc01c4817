"""The layers of the package (docs/en/design.md) stay as drawn: no
function-local ``mmocr`` import dodges an import cycle, the import-linter
contract holds, and the MMOCR 0.x paths of moved modules still work."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / 'mmocr'
#: Function-local imports of mmocr allowed at most, each guarding an
#: optional third-party dependency named in a comment on its line.
MAX_LOCAL_IMPORTS = 3


def _local_mmocr_imports() -> list[tuple[str, int, str]]:
    """``(file, line, source line)`` of every ``import mmocr...``, ``from
    mmocr... import`` or relative import inside a function body."""
    found = []
    for path in sorted(PACKAGE.rglob('*.py')):
        source = path.read_text(encoding='utf-8')
        lines = source.splitlines()
        for func in ast.walk(ast.parse(source)):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import):
                    hit = any(a.name.split('.')[0] == 'mmocr' for a in node.names)
                elif isinstance(node, ast.ImportFrom):
                    hit = node.level > 0 or (node.module or '').split('.')[0] == 'mmocr'
                else:
                    continue
                if hit:
                    found.append((str(path.relative_to(REPO)), node.lineno,
                                  lines[node.lineno - 1]))
    return sorted(set(found))


def test_function_local_mmocr_imports_are_few_and_documented():
    found = _local_mmocr_imports()
    listing = '\n'.join(f'{f}:{n}: {line.strip()}' for f, n, line in found)
    assert len(found) <= MAX_LOCAL_IMPORTS, (
        f'{len(found)} function-local mmocr imports (at most '
        f'{MAX_LOCAL_IMPORTS}); import at module level from the right layer '
        f'(docs/en/design.md):\n{listing}')
    undocumented = [item for item in found if '#' not in item[2]]
    assert not undocumented, ('a function-local mmocr import must say which '
                              f'optional dependency it guards:\n{listing}')


def test_the_counter_sees_local_imports(tmp_path, monkeypatch):
    fake = tmp_path / 'mmocr'
    fake.mkdir()
    (fake / 'm.py').write_text('import os\n\n\ndef f():\n    import os\n'
                               '    from mmocr.utils import x\n'
                               '    from . import y  # guards z\n')
    monkeypatch.setattr(sys.modules[__name__], 'PACKAGE', fake)
    monkeypatch.setattr(sys.modules[__name__], 'REPO', tmp_path)
    found = _local_mmocr_imports()
    assert [n for _, n, _ in found] == [6, 7]


def test_import_linter_layers_contract():
    lint = shutil.which('lint-imports') or str(Path(sys.executable).parent
                                                / 'lint-imports')
    if not os.path.exists(lint):
        pytest.skip('import-linter is not installed (requirements/tests.txt)')
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([lint], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'mmocr layers KEPT' in proc.stdout


def test_0x_paths_of_moved_modules():
    import mmocr.core.deployment as old_deployment
    import mmocr.deployment as deployment
    import mmocr.inference as inference
    import mmocr.utils.ocr as old_ocr
    from mmocr.datasets.pipelines import crop as old_crop
    from mmocr.utils import crop

    assert old_ocr.MMOCR is inference.MMOCR and old_ocr.main is inference.main
    assert old_deployment.init_onnx_model is deployment.init_onnx_model
    assert old_crop.warp_img is crop.warp_img


def test_core_does_not_import_models():
    code = ('import sys, mmocr.core; '
            'print(sorted(m for m in sys.modules if m.startswith('
            '("mmocr.models", "mmocr.deployment", "mmocr.datasets"))))')
    proc = subprocess.run([sys.executable, '-c', code], cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == '[]'


def test_ocr_script_runs_from_another_folder(tmp_path):
    """``python mmocr/utils/ocr.py``: sys.path[0] is mmocr/utils, whose
    modules must not shadow top-level ones."""
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    proc = subprocess.run([sys.executable, str(PACKAGE / 'utils' / 'ocr.py'),
                           '--help'], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert '--det' in proc.stdout and '--config-dir' in proc.stdout
