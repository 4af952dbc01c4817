import logging

import pytest

from mmocr.utils import get_logger, get_root_logger, print_log
from mmocr.utils import logger as logger_module


def test_root_logger_is_shared():
    logger = get_root_logger()
    assert logger.name == 'mmocr' and not logger.propagate
    assert get_root_logger() is logger


def test_logger_file_handler_and_level(tmp_path, capsys):
    log_file = tmp_path / 'run.log'
    logger = get_logger('mmocr_file_test', log_level=logging.INFO)
    assert logger.level == logging.INFO
    n_handlers = len(logger.handlers)
    get_logger('mmocr_file_test', log_file=str(log_file))
    get_logger('mmocr_file_test', log_file=str(log_file))  # added once
    assert len(logger.handlers) == n_handlers + 1
    logger.info('hello file')
    logger.debug('not shown')
    logger.handlers[-1].close()
    text = log_file.read_text()
    assert 'mmocr_file_test - INFO - hello file' in text
    assert 'not shown' not in text
    # the console handler writes to the current sys.stderr
    assert 'hello file' in capsys.readouterr().err


def test_non_zero_rank_logs_errors_only(monkeypatch):
    monkeypatch.setattr(logger_module, '_get_rank', lambda: 1)
    logger = get_logger('mmocr_rank_test')
    assert logger.level == logging.ERROR


def test_print_log(capsys):
    print_log('to stdout')
    assert capsys.readouterr().out == 'to stdout\n'
    print_log('quiet', logger='silent')
    assert capsys.readouterr().out == ''
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append((record.levelno, record.getMessage()))

    named = logging.getLogger('mmocr_print_log_test')
    named.addHandler(Collect())
    named.setLevel(logging.DEBUG)
    print_log('warned', logger=named, level=logging.WARNING)
    print_log('by name', logger='mmocr_print_log_test', level=logging.ERROR)
    assert records == [(logging.WARNING, 'warned'), (logging.ERROR, 'by name')]
    with pytest.raises(TypeError):
        print_log('x', logger=3)
