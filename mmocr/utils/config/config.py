"""``Config``: a :class:`ConfigDict` plus the file it came from; loading,
dumping and ``--cfg-options`` merging."""
from __future__ import annotations

import copy
import json
import os.path as osp
import warnings
from pathlib import Path
from typing import Any, Iterator, Union

from mmocr.utils.errors import InvalidTypeError

from ..fileio import atomic_write_text
from .config_dict import ConfigDict, _hint
from .loader import SUPPORTED_EXTS, _ConfigLoader, import_modules_from_strings
from .merge import _merge_a_into_b
from .pretty import _json_default, _pretty_text, _tuples_to_lists

RESERVED_KEYS = ('filename', 'text', 'pretty_text')

PathLike = Union[str, Path]


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
            raise InvalidTypeError(f'cfg_dict must be a dict, got '
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
                raise InvalidTypeError(f'{filename}: custom_imports must be '
                                       'dict(imports=[...], allow_failed_imports='
                                       f'False), got {custom_imports!r}')
            try:
                import_modules_from_strings(**custom_imports)
            except TypeError as err:
                raise InvalidTypeError(
                    f'{filename}: bad custom_imports: {err}') from err
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
                raise InvalidTypeError(f'option "{full_key}": "{parent}" is a '
                                       f'{type(node).__name__} ({node!r}), not a dict '
                                       'or list')
            elif part in node:
                node = node[part]
            elif is_leaf:
                checked = (f' Building {node["type"]!r} rejects it unless it '
                           'is an argument of that class.'
                           if isinstance(node.get('type'), str) else '')
                warnings.warn(f'option "{full_key}" adds a new key "{part}" '
                              f'to {parent}.{_hint(part, node.keys())}'
                              f'{checked}', UserWarning, stacklevel=3)
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
