"""Python/JSON/YAML config files with inheritance (mmcv 1.x's ``Config``).

A config file is a set of top-level variables::

    _base_ = ['../_base_/default_runtime.py', './model.py']
    model = dict(backbone=dict(depth=34))      # merged into the base's model
    optimizer = dict(_delete_=True, type='Adam', lr=1e-3)  # replaces the base's
    train_pipeline = {{_base_.train_pipeline}}  # a base variable, copied

``Config.fromfile`` loads the bases first (paths relative to the config's
directory; a list of bases must not define the same top-level key twice),
then merges the file's own variables into them: dicts are merged key by key,
every other value (lists included) replaces the base value. The placeholders
``{{ fileDirname }}``, ``{{ fileBasename }}``, ``{{ fileBasenameNoExtension }}``
and ``{{ fileExtname }}`` are replaced by parts of the config's own path
before it is read. Modules, functions and classes in a Python config's
namespace are dropped: only plain values are kept.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import importlib
import json
import keyword
import math
import os.path as osp
import re
import types
import uuid
import warnings
from pathlib import Path
from typing import Any, Iterator, Sequence, Union

from .fileio import atomic_write_text

__all__ = ['Config', 'ConfigDict', 'ConfigError', 'DictAction',
           'import_modules_from_strings']

BASE_KEY = '_base_'
DELETE_KEY = '_delete_'
RESERVED_KEYS = ('filename', 'text', 'pretty_text')
SUPPORTED_EXTS = ('.py', '.json', '.yaml', '.yml')
_PREDEFINED_VARS = ('fileDirname', 'fileBasename', 'fileBasenameNoExtension',
                    'fileExtname')
# ``{{ _base_.a.b }}``, optionally wrapped in matching quotes.
_BASE_VAR_RE = re.compile(r"""(?P<quote>['"]?)\{\{\s*_base_\.(?P<key>[\w.]+)"""
                          r"""\s*\}\}(?P=quote)""")
_NON_VALUE_TYPES = (types.ModuleType, types.FunctionType,
                    types.BuiltinFunctionType, types.MethodType, type)
_LINE_WIDTH = 79
_INDENT = 4

PathLike = Union[str, Path]


def _close_matches(key: Any, candidates: Any) -> list[str]:
    names = [str(c) for c in candidates]
    return difflib.get_close_matches(str(key), names, n=3, cutoff=0.6)


def _hint(key: Any, candidates: Any) -> str:
    matches = _close_matches(key, candidates)
    return f' Did you mean: {", ".join(matches)}?' if matches else ''


def _to_config_dict(value: Any) -> Any:
    """Turn dicts (also inside plain lists and tuples) into ConfigDicts."""
    if isinstance(value, ConfigDict):
        return value
    if isinstance(value, dict):
        return ConfigDict(value)
    if type(value) is list:
        return [_to_config_dict(v) for v in value]
    if type(value) is tuple:
        return tuple(_to_config_dict(v) for v in value)
    return value


class ConfigError(RuntimeError):
    """A config file failed while it was executed (the message names the
    file and line)."""


class ConfigDict(dict):
    """A dict whose keys are also attributes: ``cfg.model.type``.

    Nested dicts, also those inside lists and tuples, are converted to
    ``ConfigDict`` when stored. Reading a missing attribute raises
    :class:`AttributeError` naming the key (and close existing keys); dict
    methods (``get``, ``items``, ``pop``, ...) shadow keys of the same name,
    which stay reachable with ``cfg['items']``.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__()
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, _to_config_dict(value))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            hint = '' if name.startswith('__') else _hint(name, self.keys())
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}'."
                f'{hint}') from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def copy(self) -> ConfigDict:
        """A shallow copy that is still a ``ConfigDict``."""
        return ConfigDict(self)

    def to_dict(self) -> dict:
        """A deep copy made of plain dicts, lists and tuples."""
        return _to_plain(self)


def _to_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if type(value) is list:
        return [_to_plain(v) for v in value]
    if type(value) is tuple:
        return tuple(_to_plain(v) for v in value)
    return copy.deepcopy(value)


# --------------------------------------------------------------------------
# Merging


def _merge_a_into_b(a: dict, b: Any, allow_list_keys: bool = False,
                    prefix: str = '', source: str = '') -> Any:
    """Merge dict ``a`` into a copy of ``b`` (a dict, or a list when
    ``allow_list_keys`` and ``a``'s keys are indices) and return it.

    A dict value of ``a`` is merged into the dict at the same key of ``b``
    unless it carries ``_delete_=True``, in which case it replaces it; any
    other value replaces ``b``'s. ``prefix`` (the dotted path of ``b``) and
    ``source`` (where ``a`` comes from) only serve error messages.
    """
    b = b.copy()
    where = f' (in {source})' if source else ''
    for key, value in a.items():
        path = f'{prefix}{key}'
        if isinstance(b, list):
            index = _list_index(b, key, path, where)
            if isinstance(value, dict) and isinstance(b[index], (dict, list)):
                b[index] = _merge_a_into_b(value, b[index], allow_list_keys,
                                           f'{path}.', source)
            else:
                b[index] = _strip_delete(value, path, where, strict=False)
            continue
        if not isinstance(value, dict):
            b[key] = _strip_delete(value, path, where, strict=False)
            continue
        delete = bool(value.get(DELETE_KEY, False))
        child = {k: v for k, v in value.items() if k != DELETE_KEY}
        if key not in b:
            if delete:
                raise KeyError(
                    f'"{path}" sets {DELETE_KEY}=True{where}, but the base '
                    f'config has no "{path}" to delete.'
                    f'{_hint(key, b.keys())}')
            b[key] = _strip_delete(child, path, where)
        elif delete:
            b[key] = _strip_delete(child, path, where, strict=False)
        else:
            allowed = (dict, list) if allow_list_keys else dict
            if not isinstance(b[key], allowed):
                raise TypeError(
                    f'"{path}" is a dict{where} but a '
                    f'{type(b[key]).__name__} ({b[key]!r}) in the base '
                    f'config, so it cannot be merged. Set {DELETE_KEY}=True '
                    f'in "{path}" to replace the base value.')
            b[key] = _merge_a_into_b(child, b[key], allow_list_keys,
                                     f'{path}.', source)
    return b


def _list_index(items: list, key: Any, path: str, where: str) -> int:
    if not (isinstance(key, int) or str(key).isdigit()):
        raise KeyError(f'"{path}"{where}: the base value is a list, so the '
                       f'key must be an index, got "{key}"')
    index = int(key)
    if index >= len(items):
        raise KeyError(f'"{path}"{where}: index {index} is out of range for '
                       f'a list of length {len(items)}')
    return index


def _strip_delete(value: Any, path: str, where: str,
                  strict: bool = True) -> Any:
    """Drop the ``_delete_`` keys of a value that is not merged into a base.

    With ``strict``, ``value`` has no base at all, so ``_delete_=True`` in it
    is an error (most likely a misspelt key); without, it replaces a deleted
    or non-dict base value, and a nested ``_delete_`` is merely redundant.
    """
    if isinstance(value, dict):
        if strict and value.get(DELETE_KEY, False):
            raise KeyError(f'"{path}" sets {DELETE_KEY}=True{where}, but the '
                           f'base config has no "{path}" to delete.')
        return ConfigDict({
            k: _strip_delete(v, f'{path}.{k}', where, strict)
            for k, v in value.items() if k != DELETE_KEY
        })
    if type(value) in (list, tuple):
        return type(value)(
            _strip_delete(v, f'{path}.{i}', where, strict)
            for i, v in enumerate(value))
    return value


# --------------------------------------------------------------------------
# Loading


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
                raise ValueError(
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
            raise ValueError(f'invalid JSON in config file {filename}, line '
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
            raise ValueError(f'invalid YAML in config file {filename}: '
                             f'{err}') from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError(f'config file {filename} must hold a mapping at the '
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
            raise TypeError(f'{filename}: {BASE_KEY} must be a path or a list '
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


# --------------------------------------------------------------------------
# Pretty printing as Python source


def _is_identifier(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(
        key)


def _format_scalar(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f"float('{value}')"
    return repr(value)


def _container_parts(value: Any) -> tuple[str, str, list[str]] | None:
    """(open, close, inline items) for containers, ``None`` for scalars."""
    if isinstance(value, dict):
        if all(_is_identifier(k) for k in value):
            items = [f'{k}={_format_inline(v)}' for k, v in value.items()]
            return 'dict(', ')', items
        items = [f'{_format_inline(k)}: {_format_inline(v)}'
                 for k, v in value.items()]
        return '{', '}', items
    if isinstance(value, list):
        return '[', ']', [_format_inline(v) for v in value]
    if isinstance(value, tuple):
        return '(', ')', [_format_inline(v) for v in value]
    if isinstance(value, (set, frozenset)) and value:
        open_ = 'frozenset({' if isinstance(value, frozenset) else '{'
        close = '})' if isinstance(value, frozenset) else '}'
        return open_, close, sorted(_format_inline(v) for v in value)
    return None


def _format_inline(value: Any) -> str:
    parts = _container_parts(value)
    if parts is None:
        return 'set()' if isinstance(value, set) else _format_scalar(value)
    open_, close, items = parts
    if isinstance(value, tuple) and len(items) == 1:
        return f'({items[0]},)'
    return f'{open_}{", ".join(items)}{close}'


def _format_value(value: Any, indent: int, used: int) -> str:
    """Format ``value`` starting at column ``used`` of a line indented by
    ``indent``; containers too wide for the line are split, one item per
    line."""
    inline = _format_inline(value)
    parts = _container_parts(value)
    if parts is None or used + len(inline) + 1 <= _LINE_WIDTH or not parts[2]:
        return inline
    open_, close, _ = parts
    pad = ' ' * (indent + _INDENT)
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            head = f'{key}=' if open_ == 'dict(' else f'{_format_inline(key)}: '
            lines.append(pad + head + _format_value(
                item, indent + _INDENT, len(pad) + len(head)))
    elif all(_container_parts(item) is None for item in value):
        return f'{open_}\n{_pack(parts[2], pad)}\n{" " * indent}{close}'
    else:
        items = sorted(value, key=_format_inline) if isinstance(
            value, (set, frozenset)) else value
        lines = [pad + _format_value(item, indent + _INDENT, len(pad))
                 for item in items]
    body = ',\n'.join(lines)
    return f'{open_}\n{body},\n{" " * indent}{close}'


def _pack(items: list[str], pad: str) -> str:
    """Scalars, comma-terminated, as many per line as fit."""
    lines = []
    line = ''
    for item in items:
        if line and len(pad) + len(line) + len(item) + 2 > _LINE_WIDTH:
            lines.append(pad + line)
            line = ''
        line = f'{line} {item},' if line else f'{item},'
    lines.append(pad + line)
    return '\n'.join(lines)


def _pretty_text(cfg: dict) -> str:
    blocks = []
    for key, value in cfg.items():
        if not _is_identifier(key):
            raise ValueError(f'top-level key {key!r} is not a Python '
                             'identifier, so the config cannot be written as '
                             'Python; dump it as .json instead')
        blocks.append(f'{key} = {_format_value(value, 0, len(key) + 3)}')
    out = []
    for i, block in enumerate(blocks):
        if i and ('\n' in block or '\n' in blocks[i - 1]):
            out.append('')
        out.append(block)
    return '\n'.join(out) + '\n'


def _json_default(obj: Any) -> Any:
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    if hasattr(obj, 'tolist'):  # numpy arrays and scalars
        return obj.tolist()
    raise TypeError(f'{type(obj).__name__} value {obj!r} cannot be written '
                    'to JSON')


def _tuples_to_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tuples_to_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tuples_to_lists(v) for v in value]
    return value


# --------------------------------------------------------------------------
# Config


class Config:
    """A config: a :class:`ConfigDict` plus the file it came from.

    Build one with :meth:`fromfile` (or :meth:`fromstring`); read and write
    values with attribute or item access (``cfg.model.type``,
    ``cfg['model']``); ``cfg.get``, ``cfg.items()``, ... are the dict's.

    Args:
        cfg_dict: Initial values.
        cfg_text: Source text shown by :attr:`text`; read from ``filename``
            when not given.
        filename: Path of the config file, if any.
    """

    def __init__(self, cfg_dict: dict | None = None,
                 cfg_text: str | None = None,
                 filename: PathLike | None = None):
        if cfg_dict is None:
            cfg_dict = {}
        elif not isinstance(cfg_dict, dict):
            raise TypeError(f'cfg_dict must be a dict, got '
                            f'{type(cfg_dict).__name__}')
        for key in RESERVED_KEYS:
            if key in cfg_dict:
                raise KeyError(f'"{key}" is reserved and cannot be a config '
                               'key')
        filename = None if filename is None else str(filename)
        if cfg_text is None:
            cfg_text = ''
            if filename is not None and osp.isfile(filename):
                with open(filename, encoding='utf-8') as f:
                    cfg_text = f.read()
        super().__setattr__('_cfg_dict', ConfigDict(cfg_dict))
        super().__setattr__('_filename', filename)
        super().__setattr__('_text', cfg_text)

    @staticmethod
    def fromfile(filename: PathLike, use_predefined_variables: bool = True,
                 import_custom_modules: bool = True) -> Config:
        """Load a ``.py``, ``.json`` or ``.yaml`` config and its bases.

        With ``import_custom_modules``, the modules listed in the config's
        ``custom_imports=dict(imports=[...], allow_failed_imports=False)``
        are imported (so that they can register their classes).
        """
        loader = _ConfigLoader(use_predefined_variables)
        cfg_dict, cfg_text = loader.load_file(str(filename))
        custom_imports = cfg_dict.get('custom_imports')
        if import_custom_modules and custom_imports:
            if not isinstance(custom_imports, dict):
                raise TypeError(f'{filename}: custom_imports must be '
                                'dict(imports=[...], allow_failed_imports='
                                f'False), got {custom_imports!r}')
            try:
                import_modules_from_strings(**custom_imports)
            except TypeError as err:
                raise TypeError(f'{filename}: bad custom_imports: {err}') from err
        return Config(cfg_dict, cfg_text=cfg_text, filename=str(filename))

    @staticmethod
    def fromstring(cfg_str: str, file_format: str) -> Config:
        """Build a config from source text in ``file_format`` (``'.py'``,
        ``'.json'``, ``'.yaml'``, ``'.yml'``). ``_base_`` paths are relative
        to the current directory; predefined variables are not substituted.
        """
        if file_format not in SUPPORTED_EXTS:
            raise OSError(f'file_format must be one of {SUPPORTED_EXTS}, got '
                          f'{file_format!r}')
        filename = osp.join(osp.abspath('.'), f'<string>{file_format}')
        cfg_dict, _ = _ConfigLoader(False).parse(cfg_str, filename,
                                                 file_format, ())
        return Config(cfg_dict, cfg_text=cfg_str)

    @property
    def filename(self) -> str | None:
        return self._filename

    @property
    def text(self) -> str:
        """Source text of the config and its bases, each after its path."""
        return self._text

    @property
    def pretty_text(self) -> str:
        """The merged config as Python source that :meth:`fromstring` reads
        back to the same values."""
        return _pretty_text(self._cfg_dict)

    def to_dict(self) -> dict:
        """The values as plain nested dicts."""
        return self._cfg_dict.to_dict()

    def dump(self, file: PathLike | None = None) -> str | None:
        """Write the config to ``file`` (``.py``, ``.json``, ``.yaml``),
        chosen by its extension; without ``file`` return the text in the
        format of :attr:`filename` (Python when there is none)."""
        if file is None:
            ext = osp.splitext(self.filename or '.py')[1]
            return self._dumps(ext)
        ext = osp.splitext(str(file))[1]
        if ext not in SUPPORTED_EXTS:
            raise OSError(f'cannot dump config to {file}: the extension must '
                          f'be one of {SUPPORTED_EXTS}')
        atomic_write_text(file, self._dumps(ext))
        return None

    def _dumps(self, ext: str) -> str:
        if ext == '.py':
            return self.pretty_text
        if ext == '.json':
            return json.dumps(self.to_dict(), indent=4, ensure_ascii=False,
                              default=_json_default) + '\n'
        try:
            import yaml
        except ImportError as err:
            raise ImportError('writing YAML needs PyYAML: pip install '
                              'pyyaml') from err
        return yaml.safe_dump(_tuples_to_lists(self.to_dict()),
                              sort_keys=False, allow_unicode=True)

    def merge_from_dict(self, options: dict, allow_list_keys: bool = True
                        ) -> None:
        """Merge dotted-key options, e.g. from ``--cfg-options``.

        ``{'model.backbone.depth': 50, 'data.train.pipeline.0.type': 'X'}``
        sets those leaves (digits index lists when ``allow_list_keys``).

        Raises:
            KeyError: an intermediate key does not exist (the message names
                the full key and close existing keys) or a list index is out
                of range.
            TypeError: an intermediate key holds a value that is neither a
                dict nor a list.

        A new leaf key is added with a :class:`UserWarning` that names close
        existing keys (a typo is the usual cause).
        """
        option_cfg: dict = {}
        for full_key, value in options.items():
            parts = str(full_key).split('.')
            self._check_option_key(parts, allow_list_keys)
            node = option_cfg
            for i, part in enumerate(parts[:-1]):
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise KeyError(f'option "{full_key}" conflicts with option '
                                   f'"{".".join(parts[:i + 1])}"')
            node[parts[-1]] = value
        merged = _merge_a_into_b(option_cfg, self._cfg_dict, allow_list_keys,
                                 source='merge_from_dict options')
        super().__setattr__('_cfg_dict', merged)

    def _check_option_key(self, parts: list[str], allow_list_keys: bool
                          ) -> None:
        full_key = '.'.join(parts)
        node: Any = self._cfg_dict
        for depth, part in enumerate(parts):
            path = '.'.join(parts[:depth + 1])
            parent = '.'.join(parts[:depth]) or 'the config'
            is_leaf = depth == len(parts) - 1
            if isinstance(node, list):
                if not allow_list_keys:
                    raise KeyError(f'option "{full_key}": "{parent}" is a list; '
                                   'list indices need allow_list_keys=True')
                if not part.isdigit() or int(part) >= len(node):
                    raise KeyError(f'option "{full_key}": "{part}" is not a '
                                   f'valid index of "{parent}" (a list of '
                                   f'length {len(node)})')
                node = node[int(part)]
            elif not isinstance(node, dict):
                raise TypeError(f'option "{full_key}": "{parent}" is a '
                                f'{type(node).__name__} ({node!r}), not a dict '
                                'or list')
            elif part in node:
                node = node[part]
            elif is_leaf:
                warnings.warn(f'option "{full_key}" adds a new key "{part}" '
                              f'to {parent}.{_hint(part, node.keys())}',
                              UserWarning, stacklevel=3)
            else:
                raise KeyError(f'option "{full_key}": "{path}" does not exist '
                               f'in the config.{_hint(part, node.keys())}')

    # ---- dict-like access --------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith('__') or name in ('_cfg_dict', '_filename', '_text'):
            raise AttributeError(name)
        return getattr(self._cfg_dict, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._cfg_dict[name] = value

    def __delattr__(self, name: str) -> None:
        delattr(self._cfg_dict, name)

    def __getitem__(self, name: Any) -> Any:
        return self._cfg_dict[name]

    def __setitem__(self, name: Any, value: Any) -> None:
        self._cfg_dict[name] = value

    def __delitem__(self, name: Any) -> None:
        del self._cfg_dict[name]

    def __contains__(self, name: Any) -> bool:
        return name in self._cfg_dict

    def __iter__(self) -> Iterator:
        return iter(self._cfg_dict)

    def __len__(self) -> int:
        return len(self._cfg_dict)

    def __repr__(self) -> str:
        return f'Config (path: {self.filename}): {self._cfg_dict!r}'

    def __getstate__(self) -> tuple:
        return self._cfg_dict, self._filename, self._text

    def __setstate__(self, state: tuple) -> None:
        cfg_dict, filename, text = state
        super().__setattr__('_cfg_dict', cfg_dict)
        super().__setattr__('_filename', filename)
        super().__setattr__('_text', text)

    def __copy__(self) -> Config:
        return Config(self._cfg_dict.copy(), self._text, self._filename)

    def __deepcopy__(self, memo: dict) -> Config:
        return Config(copy.deepcopy(self._cfg_dict, memo), self._text,
                      self._filename)


# --------------------------------------------------------------------------
# Command line


class _ValueParser:
    """Parses a ``--cfg-options`` value: ints, floats, ``true``/``false``,
    ``None``, ``[...]`` lists, ``(...)`` tuples (nested), quoted strings and
    bare strings; ``a,b`` outside brackets is a list."""

    _DELIMITERS = '[](),'

    def __init__(self, text: str):
        self.text = text
        self.tokens = self._tokenize(text)
        self.pos = 0

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        i = 0
        while i < len(text):
            char = text[i]
            if char.isspace():
                i += 1
            elif char in self._DELIMITERS:
                tokens.append((char, char))
                i += 1
            elif char in '\'"':
                end = text.find(char, i + 1)
                if end < 0:
                    raise ValueError(f'unterminated quote in {text!r}')
                tokens.append(('str', text[i + 1:end]))
                i = end + 1
            else:
                j = i
                while j < len(text) and text[j] not in self._DELIMITERS:
                    j += 1
                tokens.append(('bare', text[i:j].strip()))
                i = j
        return tokens

    def _peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def parse(self) -> Any:
        if not self.tokens:
            return ''
        items, had_comma = self._sequence(close=None)
        if len(items) == 1 and not had_comma:
            return items[0]
        return items

    def _sequence(self, close: str | None) -> tuple[list, bool]:
        """Items up to ``close`` (left unconsumed) or the end of the text,
        and whether a comma separated them."""
        items: list = []
        had_comma = False
        while self._peek() not in (close, None):
            if self._peek() in (')', ']', ','):
                raise ValueError(f'unexpected "{self._peek()}" in {self.text!r}')
            items.append(self._item())
            if self._peek() == ',':
                self.pos += 1
                had_comma = True
            elif self._peek() not in (close, None):
                raise ValueError(f'expected "," in {self.text!r}')
        return items, had_comma

    def _item(self) -> Any:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind in ('[', '('):
            close = ']' if kind == '[' else ')'
            items, _ = self._sequence(close)
            if self._peek() != close:
                raise ValueError(f'unbalanced brackets in {self.text!r}')
            self.pos += 1
            return items if kind == '[' else tuple(items)
        if kind == 'str':
            return value
        return DictAction._parse_int_float_bool(value)


class DictAction(argparse.Action):
    """argparse action turning ``KEY=VALUE`` arguments into a dict.

    Values are parsed as ints, floats, booleans (``true``/``false``), ``None``,
    lists ``[a,b]``, tuples ``(a,b)`` (nested), quoted strings or plain
    strings; ``KEY=a,b`` gives a list. Use with ``nargs='+'``::

        --cfg-options model.backbone.depth=50 workflow="[(train,1),(val,1)]"
    """

    @staticmethod
    def _parse_int_float_bool(val: str) -> Any:
        try:
            return int(val)
        except ValueError:
            pass
        try:
            return float(val)
        except ValueError:
            pass
        if val.lower() in ('true', 'false'):
            return val.lower() == 'true'
        if val == 'None':
            return None
        return val

    @staticmethod
    def _parse_iterable(val: str) -> Any:
        """Parse one option value (see the class docstring)."""
        return _ValueParser(val).parse()

    def __call__(self, parser: argparse.ArgumentParser,
                 namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        options = dict(getattr(namespace, self.dest, None) or {})
        if isinstance(values, str):
            values = [values]
        for item in values:
            key, sep, val = item.partition('=')
            if not sep or not key:
                parser.error(f'{option_string}: expected KEY=VALUE, got '
                             f'{item!r}')
            try:
                options[key] = self._parse_iterable(val)
            except ValueError as err:
                parser.error(f'{option_string} {item}: {err}')
        setattr(namespace, self.dest, options)


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
        raise TypeError(f'custom imports must be a str or a list of str, got '
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
