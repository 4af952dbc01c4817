"""List every registry and the names registered in it:
``list_registries.py [--registry NAME]``.

Each registry is printed once, headed by its name and the
``mmocr.registry`` variables that refer to it (MMOCR 0.x's model
registries are one, ``MODELS``), then one line per registered name with the
class or function it builds (several names may build the same class).

Example::

    python tools/misc/list_registries.py --registry DETECTORS
"""
from __future__ import annotations

import argparse
import sys

import mmocr.datasets  # noqa: F401  (registers the datasets and pipelines)
import mmocr.models  # noqa: F401  (registers the model components)
import mmocr.runner  # noqa: F401  (registers hooks, optimizers, runners)
from mmocr import registry as registry_module
from mmocr.apis.utils import run_tool
from mmocr.registry import Registry


def collect_registries() -> list[tuple[Registry, list[str]]]:
    """The distinct registries of :mod:`mmocr.registry`, each with the
    variable names that refer to it, in declaration order."""
    found: dict[int, tuple[Registry, list[str]]] = {}
    for var in registry_module.__all__:
        value = getattr(registry_module, var)
        if isinstance(value, Registry):
            found.setdefault(id(value), (value, []))[1].append(var)
    return list(found.values())


def _target(obj) -> str:
    return f'{obj.__module__}.{obj.__qualname__}'


def select(registries: list[tuple[Registry, list[str]]],
           name: str) -> list[tuple[Registry, list[str]]]:
    """The registry called ``name`` (a variable such as ``DETECTORS`` or a
    registry name such as ``model``; any case)."""
    wanted = name.lower()
    chosen = [(reg, names) for reg, names in registries
              if wanted == reg.name.lower()
              or wanted in (n.lower() for n in names)]
    if not chosen:
        known = ', '.join(n for _, names in registries for n in names)
        raise KeyError(f'no registry "{name}"; known: {known}')
    return chosen


def format_registry(reg: Registry, variables: list[str]) -> str:
    """The heading and one ``name  module.Class`` line per registered name
    (sorted, case-insensitive)."""
    items = sorted(reg.module_dict.items(), key=lambda kv: kv[0].lower())
    count = f'{len(items)} name' + ('' if len(items) == 1 else 's')
    lines = [f'{reg.name} ({" = ".join(variables)}): {count}']
    width = max((len(k) for k, _ in items), default=0)
    lines += [f'  {key:<{width}}  {_target(obj)}' for key, obj in items]
    return '\n'.join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='List the registries and their registered names')
    parser.add_argument('--registry', metavar='NAME',
                        help='only this registry: a variable of '
                        'mmocr.registry (e.g. DETECTORS, PIPELINES) or a '
                        'registry name (e.g. model, pipeline)')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    registries = collect_registries()
    if args.registry:
        registries = select(registries, args.registry)
    print('\n\n'.join(format_registry(reg, names)
                      for reg, names in registries))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'list_registries.py'))
