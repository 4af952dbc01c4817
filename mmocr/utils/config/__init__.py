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
from .cli import DictAction
from .config import Config
from .config_dict import ConfigDict
from .loader import ConfigError, import_modules_from_strings

__all__ = ['Config', 'ConfigDict', 'ConfigError', 'DictAction',
           'import_modules_from_strings']
