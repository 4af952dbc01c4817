"""The ``mmocr`` logger and ``print_log``."""
from __future__ import annotations

import logging
import os.path as osp
import sys

from mmocr.utils.errors import InvalidTypeError

__all__ = ['get_root_logger', 'get_logger', 'print_log',
           'log_exception_to_files']

_FORMAT = '%(asctime)s - %(name)s - %(levelname)s - %(message)s'
_initialized: set[str] = set()


class _StderrHandler(logging.StreamHandler):
    """Writes to the *current* ``sys.stderr``, so that replacing it (as
    pytest and notebooks do) never leaves the handler on a closed stream."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        """The stream is always the current ``sys.stderr``."""


def _get_rank() -> int:
    try:
        import torch.distributed as dist
    except ImportError:
        return 0
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank()
    return 0


def _add_file_handler(logger: logging.Logger, log_file: str,
                      file_mode: str) -> None:
    path = osp.abspath(log_file)
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler) and \
                handler.baseFilename == path:
            return
    handler = logging.FileHandler(path, file_mode, encoding='utf-8')
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)


def get_logger(name: str, log_file: str | None = None,
               log_level: int = logging.INFO,
               file_mode: str = 'w') -> logging.Logger:
    """Get (and on first use set up) the logger ``name``.

    The first call adds a stderr handler and sets the level: ``log_level`` on
    rank 0, ``ERROR`` on the other distributed ranks. The logger does not
    propagate to the root logger, so each message is printed once. A
    ``log_file`` (rank 0 only) adds a file handler, also on later calls.
    """
    logger = logging.getLogger(name)
    rank = _get_rank()
    if name not in _initialized:
        stream = _StderrHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(stream)
        logger.setLevel(log_level if rank == 0 else logging.ERROR)
        logger.propagate = False
        _initialized.add(name)
    if log_file is not None and rank == 0:
        _add_file_handler(logger, log_file, file_mode)
    return logger


def get_root_logger(log_file: str | None = None,
                    log_level: int = logging.INFO) -> logging.Logger:
    """The ``mmocr`` logger (see :func:`get_logger`).

    Args:
        log_file: If given, also log to this file (rank 0 only).
        log_level: Level on rank 0; other ranks log only errors.
    """
    return get_logger('mmocr', log_file=log_file, log_level=log_level)


def print_log(msg: str, logger: logging.Logger | str | None = None,
              level: int = logging.INFO) -> None:
    """Print ``msg`` with ``print`` (``logger=None``), not at all
    (``'silent'``), or through a logger object or the logger of that name."""
    if logger is None:
        print(msg)
    elif isinstance(logger, logging.Logger):
        logger.log(level, msg)
    elif logger == 'silent':
        return
    elif isinstance(logger, str):
        get_logger(logger).log(level, msg)
    else:
        raise InvalidTypeError(f'logger must be a logging.Logger, a name, "silent" '
                               f'or None, got {type(logger).__name__}')


def log_exception_to_files(logger: logging.Logger, message: str) -> None:
    r"""Write ``message`` and the traceback of the exception being handled to
    the log files of ``logger`` (its ``FileHandler``\ s), not to the console:
    the console gets what the caller reports (a one-line error, or the
    traceback Python prints), once. Call it from an ``except`` block."""
    record = logger.makeRecord(logger.name, logging.ERROR, '(exception)', 0,
                               message, (), sys.exc_info())
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler) and \
                record.levelno >= handler.level:
            handler.handle(record)
