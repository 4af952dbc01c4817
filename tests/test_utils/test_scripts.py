"""mmocr.utils.scripts.load_script: a script file as a fresh module."""
import sys

import pytest

from mmocr.utils.scripts import load_script


def test_load_script_runs_the_file_as_a_module(tmp_path):
    path = tmp_path / 'my_tool.py'
    path.write_text('VALUE = 41 + 1\n')
    module = load_script(path)
    assert module.__name__ == 'my_tool' and module.VALUE == 42
    assert 'my_tool' not in sys.modules
    again = load_script(str(path), 'other_name')
    assert again.__name__ == 'other_name' and again is not module


def test_load_script_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match='no script at .*none.py'):
        load_script(tmp_path / 'none.py')
