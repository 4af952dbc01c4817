"""Fixtures of the tools' tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from mmocr.apis.utils import run_tool


@pytest.fixture
def assert_one_error(capsys):
    """``check(converter, argv, message)``: running the tool module
    ``converter`` on ``argv`` exits with status 1 and prints one stderr line
    ``PROG: error: MESSAGE...``."""

    def check(converter, argv: list[str], message: str) -> None:
        prog = Path(converter.__file__).name
        capsys.readouterr()
        assert run_tool(converter.main, prog, argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f'{prog}: error: {message}')

    return check
