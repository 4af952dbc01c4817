"""tools/data/textrecog converters of word-recognition datasets, each run on
a tiny fixture in the dataset's original format."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / 'tools' / 'data' / 'textrecog'


def _load(name):
    spec = importlib.util.spec_from_file_location(f'{name}_recog',
                                                  TOOLS / f'{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ic11_converter = _load('ic11_converter')
ic13_converter = _load('ic13_converter')


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_ic11_word_gt_to_jsonl(tmp_path, capsys):
    """ICDAR 2011 Task 1.3 lines ``word_1.png, "word"`` (commas and quotes
    inside the word kept), a line without the quote skipped and named."""
    root = tmp_path / 'icdar2011'
    (root / 'annotations').mkdir(parents=True)
    (root / 'annotations/Challenge1_Train_Task3_GT.txt').write_text(
        'word_1.png, "flying"\nword_2.png, "1,000 "A""\nword_3.png today\n',
        encoding='utf-8-sig')
    (root / 'annotations/Challenge1_Test_Task3_GT.txt').write_text(
        'word_1.png, "means"\n')
    out = tmp_path / 'out'
    with pytest.warns(UserWarning) as record:
        assert ic11_converter.main([str(root), '-o', str(out)]) == 0
    assert [str(r.message) for r in record] == [
        f'{root}/annotations/Challenge1_Train_Task3_GT.txt:3: skipped '
        "malformed line (expected NAME, \"WORD\"): 'word_3.png today'"]
    assert _jsonl(out / 'train_label.jsonl') == [
        dict(filename='train/word_1.png', text='flying'),
        dict(filename='train/word_2.png', text='1,000 "A"')]
    assert _jsonl(out / 'test_label.jsonl') == [
        dict(filename='test/word_1.png', text='means')]
    assert 'train: 2 samples' in capsys.readouterr().out


def test_ic13_word_gt_to_txt_and_missing_gt(tmp_path, assert_one_error):
    root = tmp_path / 'icdar2013'
    (root / 'annotations').mkdir(parents=True)
    (root / 'annotations/Challenge2_Train_Task3_GT.txt').write_text(
        'word_1.png, "Tiredness"\nword_2.png, "kills"\n')
    (root / 'annotations/Challenge2_Test_Task3_GT.txt').write_text(
        'word_9.png, "a b"\n')
    assert ic13_converter.main([str(root), '--format', 'txt']) == 0
    assert (root / 'train_label.txt').read_text() == (
        'train/word_1.png Tiredness\ntrain/word_2.png kills\n')
    assert (root / 'test_label.txt').read_text() == 'test/word_9.png a b\n'
    (root / 'annotations/Challenge2_Test_Task3_GT.txt').unlink()
    assert_one_error(ic13_converter, [str(root), '-o', str(
        tmp_path / 'o2')], 'FileNotFoundError: ground truth not found: '
        f'{root}/annotations/Challenge2_Test_Task3_GT.txt')
    assert not (tmp_path / 'o2').exists()
