"""Bad arguments raise errors that are both the natural Python type and
MMOCR 0.x's AssertionError, everywhere in the package."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mmocr.models  # noqa: F401  (registers the components)
from mmocr.registry import HEADS, LOSSES
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

REPO = Path(__file__).resolve().parents[2]
#: Below mmocr.utils in the layers: cannot import mmocr.utils.errors.
BELOW_UTILS = {'mmocr/registry.py', 'mmocr/version.py'}


def test_invalid_errors_are_also_assertion_errors():
    assert issubclass(InvalidValueError, ValueError)
    assert issubclass(InvalidValueError, AssertionError)
    assert issubclass(InvalidTypeError, TypeError)
    assert issubclass(InvalidTypeError, AssertionError)


@pytest.mark.parametrize('registry, cfg, catch', [
    (HEADS, dict(type='PANHead', in_channels=[8, 8, 8, 8], out_channels=2),
     ValueError),
    (LOSSES, dict(type='PANLoss', reduction='max'), ValueError),
    (LOSSES, dict(type='CTCLoss', reduction='max'), ValueError),
])
def test_bad_argument_is_caught_as_0x_assertion(registry, cfg, catch):
    """0.x scripts wrap builds in ``except AssertionError``."""
    for exc in (AssertionError, catch):
        with pytest.raises(exc):
            registry.build(cfg)


def test_package_raises_no_bare_value_or_type_error():
    """``raise ValueError(...)``/``raise TypeError(...)`` in ``mmocr/`` would
    escape 0.x's ``except AssertionError``: use the Invalid* errors."""
    offenders = []
    for path in sorted((REPO / 'mmocr').rglob('*.py')):
        rel = path.relative_to(REPO).as_posix()
        if rel in BELOW_UTILS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                    and isinstance(node.exc.func, ast.Name) \
                    and node.exc.func.id in ('ValueError', 'TypeError'):
                offenders.append(f'{rel}:{node.lineno}')
    assert offenders == []
