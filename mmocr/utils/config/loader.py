"""Reading config files: predefined variables, ``{{ _base_.x }}``
references, Python/JSON/YAML parsing, ``_base_`` inheritance and
``custom_imports``.

Python configs are executed: load them only from trusted sources.
"""
from __future__ import annotations

import copy
import importlib
import json
import os.path as osp
import re
import types
import uuid
import warnings
from typing import Any, Sequence

from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .config_dict import ConfigDict, _hint
from .merge import _merge_a_into_b

BASE_KEY = '_base_'
SUPPORTED_EXTS = ('.py', '.json', '.yaml', '.yml')
_PREDEFINED_VARS = ('fileDirname', 'fileBasename', 'fileBasenameNoExtension',
                    'fileExtname')
# ``{{ _base_.a.b }}``, optionally wrapped in matching quotes.
_BASE_VAR_RE = re.compile(r"""(?P<quote>['"]?)\{\{\s*_base_\.(?P<key>[\w.]+)"""
                          r"""\s*\}\}(?P=quote)""")
_NON_VALUE_TYPES = (types.ModuleType, types.FunctionType,
                    types.BuiltinFunctionType, types.MethodType, type)


class ConfigError(RuntimeError):
    """A config file failed while it was executed (the message names the
    file and line)."""


def _substitute_predefined_vars(text: str, filename: str) -> str:
    dirname, basename = osp.split(filename)
    stem, ext = osp.splitext(basename)
    values = dict(fileDirname=dirname, fileBasename=basename,
                  fileBasenameNoExtension=stem, fileExtname=ext)
    for name in _PREDEFINED_VARS:
        text = re.sub(r'\{\{\s*' + name + r'\s*\}\}',
                      values[name].replace('\\', '/'), text)
    return text


def _pre_substitute_base_vars(text: str) -> tuple[str, dict[str, str]]:
    """Replace each ``{{ _base_.key }}`` by a unique placeholder string so
    that the file can be executed before its bases are loaded.

    Returns the new text and a ``placeholder -> dotted key`` dict.
    """
    prefix = f'__mmocr_base_var_{uuid.uuid4().hex[:8]}_'
    placeholders: dict[str, str] = {}
    tokens: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        key = match.group('key')
        if key not in tokens:
            tokens[key] = f'{prefix}{len(tokens)}'
            placeholders[tokens[key]] = key
        return f'"{tokens[key]}"'

    return _BASE_VAR_RE.sub(replace, text), placeholders


def _lookup_base_var(base_cfg: dict, key: str, filename: str) -> Any:
    value: Any = base_cfg
    walked: list[str] = []
    for part in key.split('.'):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, (list, tuple)) and part.isdigit() and int(
                part) < len(value):
            value = value[int(part)]
        else:
            options = value.keys() if isinstance(value, dict) else []
            where = (f'"{".".join(walked)}" has no "{part}"' if walked else
                     f'no base config defines "{part}"')
            raise KeyError(f'{filename}: {{{{_base_.{key}}}}} cannot be '
                           f'resolved: {where}.{_hint(part, options)}')
        walked.append(part)
    return copy.deepcopy(value)


def _substitute_base_vars(value: Any, placeholders: dict[str, str],
                          base_cfg: dict, filename: str) -> Any:
    """Replace placeholder strings by (copies of) the base values."""
    if isinstance(value, dict):
        return ConfigDict({
            k: _substitute_base_vars(v, placeholders, base_cfg, filename)
            for k, v in value.items()
        })
    if type(value) in (list, tuple):
        return type(value)(
            _substitute_base_vars(v, placeholders, base_cfg, filename)
            for v in value)
    if isinstance(value, str):
        if value in placeholders:
            return _lookup_base_var(base_cfg, placeholders[value], filename)
        for token, key in placeholders.items():
            if token in value:
                raise InvalidValueError(
                    f'{filename}: {{{{_base_.{key}}}}} must be a whole value '
                    f'(e.g. "x = {{{{_base_.{key}}}}}"), not part of a string '
                    'or an expression')
    return value


def _exec_python(text: str, filename: str) -> dict:
    """Execute Python config source; return its plain top-level values."""
    try:
        code = compile(text, filename, 'exec')
    except SyntaxError as err:
        raise SyntaxError(
            f'syntax error in config file {filename}, line {err.lineno}: '
            f'{err.msg}', (filename, err.lineno, err.offset, err.text)) from None
    namespace: dict = {'__file__': filename, '__name__': '__mmocr_config__'}
    try:
        exec(code, namespace)
    except Exception as err:
        lineno = _error_lineno(err, filename)
        raise ConfigError(
            f'error while executing config file {filename}, line {lineno}: '
            f'{type(err).__name__}: {err}') from err
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith('__') and not isinstance(value, _NON_VALUE_TYPES)
    }


def _error_lineno(err: BaseException, filename: str) -> int | str:
    """The deepest line of ``filename`` in ``err``'s traceback."""
    lineno: int | str = '?'
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _load_data_file(text: str, filename: str, ext: str) -> dict:
    if ext == '.json':
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise InvalidValueError(f'invalid JSON in config file {filename}, line '
                                    f'{err.lineno}: {err.msg}') from None
    else:
        try:
            import yaml
        except ImportError as err:
            raise ImportError(f'reading {filename} needs PyYAML: pip install '
                              'pyyaml') from err
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise InvalidValueError(f'invalid YAML in config file {filename}: '
                                    f'{err}') from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidTypeError(f'config file {filename} must hold a mapping at the '
                               f'top level, got {type(data).__name__}')
    return data


class _ConfigLoader:
    """Reads a config file and, recursively, its bases."""

    def __init__(self, use_predefined_variables: bool = True):
        self.use_predefined_variables = use_predefined_variables

    def load_file(self, filename: str,
                  chain: tuple[str, ...] = ()) -> tuple[ConfigDict, str]:
        filename = osp.abspath(osp.expanduser(filename))
        ext = osp.splitext(filename)[1]
        if ext not in SUPPORTED_EXTS:
            raise OSError(f'config file {filename}: only {SUPPORTED_EXTS} '
                          'files are supported')
        if not osp.isfile(filename):
            raise FileNotFoundError(f'config file "{filename}" does not exist')
        if filename in chain:
            cycle = ' -> '.join((*chain[chain.index(filename):], filename))
            raise RecursionError(f'circular _base_ inheritance: {cycle}')
        with open(filename, encoding='utf-8') as f:
            text = f.read()
        if self.use_predefined_variables:
            text = _substitute_predefined_vars(text, filename)
        return self.parse(text, filename, ext, (*chain, filename))

    def parse(self, text: str, filename: str, ext: str,
              chain: tuple[str, ...]) -> tuple[ConfigDict, str]:
        """Turn config source ``text`` (read from ``filename``) into a merged
        dict and the concatenated source text of it and its bases."""
        placeholders: dict[str, str] = {}
        if ext == '.py':
            text_to_run, placeholders = _pre_substitute_base_vars(text)
            raw = _exec_python(text_to_run, filename)
        else:
            raw = _load_data_file(text, filename, ext)
        base_files = raw.pop(BASE_KEY, [])
        if isinstance(base_files, str):
            base_files = [base_files]
        if not (isinstance(base_files, (list, tuple))
                and all(isinstance(b, str) for b in base_files)):
            raise InvalidTypeError(f'{filename}: {BASE_KEY} must be a path or a list '
                                   f'of paths, got {base_files!r}')

        base_cfg = ConfigDict()
        texts = []
        for base in base_files:
            base_dict, base_text = self._load_base(base, filename, chain)
            duplicates = sorted(set(base_cfg) & set(base_dict))
            if duplicates:
                raise KeyError(f'{filename}: keys {duplicates} are defined in '
                               f'more than one base config (last: {base}); '
                               'duplicate keys are not allowed among bases')
            base_cfg.update(base_dict)
            texts.append(base_text)
        if placeholders:
            raw = _substitute_base_vars(raw, placeholders, base_cfg, filename)
        merged = _merge_a_into_b(raw, base_cfg, source=filename)
        texts.append(f'{filename}\n{text}')
        return merged, '\n'.join(texts)

    def _load_base(self, base: str, filename: str,
                   chain: tuple[str, ...]) -> tuple[ConfigDict, str]:
        if '::' in base:
            raise NotImplementedError(
                f'{filename}: base "{base}" uses a package scope ("::"); only '
                'file paths relative to the config are supported')
        path = osp.normpath(osp.join(osp.dirname(filename), base))
        if not osp.isfile(path):
            raise FileNotFoundError(f'base config "{base}" (resolved to '
                                    f'{path}) referenced by {filename} does '
                                    'not exist')
        return self.load_file(path, chain)


def import_modules_from_strings(imports: str | Sequence[str] | None,
                                allow_failed_imports: bool = False) -> Any:
    """Import modules by name (a config's ``custom_imports``).

    Args:
        imports: A module name or a list of them.
        allow_failed_imports: Warn and return ``None`` for a module that
            fails to import instead of raising :class:`ImportError`.

    Returns:
        The module (for a single name) or the list of modules; ``None`` when
        ``imports`` is empty.
    """
    if not imports:
        return None
    single = isinstance(imports, str)
    names = [imports] if single else imports
    if not isinstance(names, (list, tuple)) or not all(
            isinstance(n, str) for n in names):
        raise InvalidTypeError(f'custom imports must be a str or a list of str, got '
                               f'{imports!r}')
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError as err:
            if not allow_failed_imports:
                raise ImportError(f'failed to import custom module "{name}": '
                                  f'{err}') from err
            warnings.warn(f'custom module "{name}" failed to import and is '
                          f'ignored: {err}', UserWarning, stacklevel=2)
            modules.append(None)
    return modules[0] if single else modules
