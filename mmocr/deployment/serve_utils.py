"""What the TorchServe tools share (``tools/deployment/mmocr2torchserve.py``,
``mmocr_handler.py``, ``test_torchserve.py``, the serving test and
benchmark): the file names inside an archive, decoding a request's image,
comparing a served answer with a local result, posting a request, and a
TorchServe process on localhost. Nothing here imports TorchServe."""
from __future__ import annotations

import base64
import binascii
import json
import os
import os.path as osp
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from typing import Any, Iterator

import numpy as np

from mmocr.datasets.utils.errors import ImageLoadError
from mmocr.utils.img_util import imfrombytes

__all__ = ['ARCHIVE_CONFIG', 'ARCHIVE_RECOG_CONFIG',
           'ARCHIVE_RECOG_CHECKPOINT', 'REQUEST_KEYS', 'SERVED_KINDS', 'RequestError',
           'request_image', 'results_differ', 'ServeError', 'post_image',
           'torchserve_executable', 'local_torchserve']

#: The merged config of the (detection or single) model inside a ``.mar``.
ARCHIVE_CONFIG = 'config.py'
#: The recognizer's config and checkpoint of an end-to-end ``.mar``.
ARCHIVE_RECOG_CONFIG = 'recog_config.py'
ARCHIVE_RECOG_CHECKPOINT = 'recog_checkpoint.pth'
#: Model kinds (:func:`mmocr.deployment.model_kind`) that read a bare image.
SERVED_KINDS = ('det', 'recog')
#: Request fields read for the image, in this order (raw body, multipart
#: form fields).
REQUEST_KEYS = ('data', 'body', 'file', 'image')


class RequestError(Exception):
    """A request the server cannot answer: HTTP 400 with this message."""

    code = 400

    def answer(self) -> dict:
        """The JSON body of the 400 answer."""
        return dict(code=self.code, type='InvalidImage', message=str(self))


def request_image(row: dict) -> np.ndarray:
    """The BGR ``uint8`` ``(H, W, 3)`` image of one TorchServe request
    ``row`` (a dict of its fields; bytes, or base64 text as MMOCR 0.x's
    handler accepted).

    Raises:
        RequestError: no or an empty body, text that is not base64, or
            bytes that do not decode as an image.
    """
    content: Any = next((row[k] for k in REQUEST_KEYS
                         if row.get(k) is not None), None)
    if isinstance(content, str):
        try:
            content = base64.b64decode(content, validate=True)
        except binascii.Error as err:
            raise RequestError(f'the request body is text but not base64 '
                               f'({err})') from None
    if not content:
        raise RequestError('empty request body: expected an encoded image '
                           '(JPEG, PNG, ...)')
    if not isinstance(content, (bytes, bytearray)):
        raise RequestError(f'expected image bytes in the request, got '
                           f'{type(content).__name__}')
    try:
        return imfrombytes(bytes(content), 'color', source='the request body')
    except ImageLoadError as err:
        raise RequestError(str(err)) from None


def results_differ(expected: Any, actual: Any, atol: float = 1e-4,
                   where: str = 'result') -> str | None:
    """``None`` when ``actual`` (a served JSON answer) equals ``expected``
    (a local result of Python values): same keys and lengths, equal
    strings, numbers within ``atol``; else a line naming the first
    difference."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(expected):
            keys = sorted(actual) if isinstance(actual, dict) else actual
            return f'{where}: keys {keys} != {sorted(expected)}'
        for key in expected:
            diff = results_differ(expected[key], actual[key], atol,
                                  f'{where}[{key!r}]')
            if diff:
                return diff
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or \
                len(actual) != len(expected):
            size = len(actual) if isinstance(actual, (list, tuple)) else actual
            return f'{where}: {size} items != {len(expected)}'
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff = results_differ(e, a, atol, f'{where}[{i}]')
            if diff:
                return diff
        return None
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if not isinstance(actual, (int, float)) or \
                abs(float(actual) - float(expected)) > atol:
            return f'{where}: {actual!r} != {expected!r} (atol {atol})'
        return None
    if actual != expected:
        return f'{where}: {actual!r} != {expected!r}'
    return None


class ServeError(RuntimeError):
    """TorchServe cannot be started here, or did not get ready."""


def post_image(url: str, content: bytes, timeout: float = 60.0
               ) -> tuple[int, Any]:
    """POST ``content`` to ``url``; the HTTP status and the answer (parsed
    JSON, else the text)."""
    request = urllib.request.Request(url, data=content, method='POST',
                                     headers={'Content-Type':
                                              'application/octet-stream'})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    text = body.decode('utf-8', errors='replace')
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text


def torchserve_executable() -> str:
    """The ``torchserve`` launcher (beside this Python's, else on PATH).

    Raises:
        ServeError: TorchServe or Java (which its frontend runs on) is
            missing; the message says how to install it.
    """
    if shutil.which('java') is None:
        raise ServeError('TorchServe needs Java 11+ ("java" is not on PATH): '
                         'make java, or apt-get install '
                         'openjdk-17-jre-headless')
    beside = osp.join(osp.dirname(sys.executable), 'torchserve')
    found = beside if os.access(beside, os.X_OK) else \
        shutil.which('torchserve')
    if found is None:
        raise ServeError('torchserve is not installed: pip install -r '
                         'requirements/serve.txt')
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _workers_ready(management: str, name: str) -> bool:
    try:
        described = _get_json(f'{management}/models/{name}')
    except (urllib.error.URLError, OSError, json.JSONDecodeError):
        return False
    workers = [w for model in described for w in model.get('workers', [])]
    return bool(workers) and all(w.get('status') == 'READY' for w in workers)


def _log_tail(path: str, lines: int = 30) -> str:
    if not osp.exists(path):
        return ''
    with open(path, encoding='utf-8', errors='replace') as f:
        return ''.join(f.readlines()[-lines:])


def _stop(process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Stop a server started by :func:`local_torchserve`: SIGTERM to the
    launcher's children (the Java frontend, which stops its workers and is
    reaped by the launcher, so no zombie is left), then SIGKILL to the
    whole process group if it is still there after ``timeout`` seconds."""
    import psutil  # a dependency of torchserve
    try:
        children = psutil.Process(process.pid).children()
    except psutil.NoSuchProcess:
        children = []
    for child in children or [process]:
        try:
            child.terminate()
        except (psutil.NoSuchProcess, ProcessLookupError):
            pass
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@contextmanager
def local_torchserve(model_store: str, models: list[str], workdir: str,
                     workers: int = 1, startup_timeout: float = 180.0,
                     env: dict[str, str] | None = None) -> Iterator[str]:
    """Run TorchServe on free localhost ports serving ``models`` (names of
    ``<name>.mar`` files in ``model_store``), yielding the inference
    address (``http://127.0.0.1:PORT``; predictions at
    ``/predictions/<name>``) once every worker is ready, and stopping it
    on exit, whatever happens.

    ``workdir`` receives ``config.properties``, the logs (``ts.log``, the
    launcher's output; ``logs/``) and TorchServe's temporary files, so
    several servers never share a pid file. The workers run this Python
    with this checkout first on ``PYTHONPATH``; ``env`` adds variables.

    Raises:
        ServeError: TorchServe or Java is missing, or the server exited or
            was not ready within ``startup_timeout`` seconds (the message
            ends with its log).
    """
    launcher = torchserve_executable()
    tmp = osp.join(workdir, 'tmp')
    os.makedirs(tmp, exist_ok=True)
    inference = f'http://127.0.0.1:{_free_port()}'
    management = f'http://127.0.0.1:{_free_port()}'
    properties = osp.join(workdir, 'config.properties')
    with open(properties, 'w', encoding='utf-8') as f:
        f.write('\n'.join([
            f'inference_address={inference}',
            f'management_address={management}',
            f'metrics_address=http://127.0.0.1:{_free_port()}',
            f'model_store={model_store}',
            f'default_workers_per_model={workers}',
            'disable_token_authorization=true',
            'install_py_dep_per_model=false',
            'default_response_timeout=120', '']))
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    child_env = dict(os.environ, **(env or {}), TMPDIR=tmp, TEMP=tmp,
                     LOG_LOCATION=osp.join(workdir, 'logs'),
                     METRICS_LOCATION=osp.join(workdir, 'logs'),
                     PYTHONPATH=os.pathsep.join(
                         [root] + [p for p in [os.environ.get('PYTHONPATH')]
                                   if p]))
    log_file = osp.join(workdir, 'ts.log')
    with open(log_file, 'w', encoding='utf-8') as log:
        process = subprocess.Popen(
            [launcher, '--start', '--foreground', '--ncs', '--ts-config',
             properties, '--model-store', model_store, '--models',
             *[f'{m}={m}.mar' for m in models]],
            cwd=workdir, env=child_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + startup_timeout
        while not all(_workers_ready(management, m) for m in models):
            if process.poll() is not None:
                raise ServeError(f'torchserve exited with status '
                                 f'{process.returncode}:\n'
                                 f'{_log_tail(log_file)}')
            if time.monotonic() > deadline:
                raise ServeError(f'torchserve not ready after '
                                 f'{startup_timeout:.0f} s:\n'
                                 f'{_log_tail(log_file)}')
            time.sleep(0.5)
        yield inference
    finally:
        _stop(process)
