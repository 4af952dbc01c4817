"""Count MMOCR 0.x's public names that exist here at the same import path.

The names are listed in ``tests/test_compat/mmocr_0x_public_names.txt``
(``module name kind``): ``def`` names are the functions and classes each
0.6.3 module defines at its top level, ``all`` names those only listed in
a module's ``__all__`` (package re-exports, registries). A name counts when
``import module`` works and the module has the attribute.

    python tools/misc/count_0x_api.py              # the two counts
    python tools/misc/count_0x_api.py --missing    # and what is missing
    python tools/misc/count_0x_api.py --from-source mmocr-0.6.3/ --write
        # rebuild the list from an unpacked 0.x wheel or checkout
"""
from __future__ import annotations

import argparse
import ast
import importlib
import os
import os.path as osp
import sys
import warnings
from collections import defaultdict

NAMES_FILE = osp.join(osp.dirname(osp.abspath(__file__)), '..', '..', 'tests',
                      'test_compat', 'mmocr_0x_public_names.txt')


def read_names(path: str = NAMES_FILE) -> list[tuple[str, str, str]]:
    """The ``(module, name, kind)`` rows of the list."""
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                module, name, kind = line.split()
                rows.append((module, name, kind))
    return rows


def _module_name(root: str, path: str) -> str:
    mod = osp.relpath(path, root)[:-3].replace(os.sep, '.')
    return mod[:-len('.__init__')] if mod.endswith('.__init__') else mod


def names_from_source(root: str) -> list[tuple[str, str, str]]:
    """Read the public names of the ``mmocr`` package under ``root`` (no
    import): top-level ``def``/``class`` names, and the strings of each
    module's ``__all__`` with ``sub.__all__`` references resolved."""
    trees: dict[str, tuple[str, ast.Module]] = {}
    for folder, dirs, files in os.walk(osp.join(root, 'mmocr')):
        dirs[:] = [d for d in dirs if not d.startswith('.')]
        for file in files:
            if file.endswith('.py'):
                path = osp.join(folder, file)
                with open(path, encoding='utf-8') as f:
                    trees[_module_name(root, path)] = (path, ast.parse(f.read()))
    resolved: dict[str, list[str]] = {}

    def resolve(mod: str) -> list[str]:
        if mod in resolved:
            return resolved[mod]
        resolved[mod] = []
        path, tree = trees[mod]
        package = mod if path.endswith('__init__.py') else mod.rsplit('.', 1)[0]
        imported = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split('.')[:len(package.split('.')) - node.level + 1]
                target = '.'.join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    imported[alias.asname or alias.name] = (
                        target if node.module else f'{target}.{alias.name}')
        names: list[str] = []
        for node in tree.body:
            targets = (node.targets if isinstance(node, ast.Assign) else
                       [node.target] if isinstance(node, ast.AugAssign) else [])
            if not any(isinstance(t, ast.Name) and t.id == '__all__'
                       for t in targets):
                continue
            for el in ast.walk(node.value):
                if isinstance(el, ast.Constant) and isinstance(el.value, str):
                    names.append(el.value)
                elif (isinstance(el, ast.Attribute) and el.attr == '__all__'
                      and isinstance(el.value, ast.Name)
                      and imported.get(el.value.id) in trees):
                    names += resolve(imported[el.value.id])
        resolved[mod] = sorted(set(names))
        return resolved[mod]

    rows = set()
    for mod, (_, tree) in trees.items():
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and \
                    not node.name.startswith('_'):
                rows.add((mod, node.name, 'def'))
    defined = {(m, n) for m, n, _ in rows}
    for mod in trees:
        rows |= {(mod, n, 'all') for n in resolve(mod)
                 if (mod, n) not in defined}
    return sorted(rows)


def count(rows: list[tuple[str, str, str]]) -> dict[str, tuple[int, int, list]]:
    """Per kind (and ``'total'``): ``(found, listed, missing rows)``."""
    modules: dict[str, object] = {}
    stats: dict[str, list] = defaultdict(lambda: [0, 0, []])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for module, name, kind in rows:
            if module not in modules:
                try:
                    modules[module] = importlib.import_module(module)
                except Exception:  # noqa: BLE001 (a missing module counts as missing)
                    modules[module] = None
            ok = modules[module] is not None and hasattr(modules[module], name)
            for key in (kind, 'total'):
                stats[key][1] += 1
                if ok:
                    stats[key][0] += 1
                else:
                    stats[key][2].append((module, name))
    return {k: tuple(v) for k, v in stats.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--missing', action='store_true',
                        help='list the missing names by module')
    parser.add_argument('--from-source', metavar='DIR',
                        help='read the names from a 0.x source tree instead')
    parser.add_argument('--write', action='store_true',
                        help='with --from-source: rewrite the names file')
    args = parser.parse_args(argv)
    if args.from_source:
        rows = names_from_source(args.from_source)
        if args.write:
            with open(NAMES_FILE, encoding='utf-8') as f:
                header = [line for line in f if line.startswith('#')]
            with open(NAMES_FILE, 'w', encoding='utf-8') as f:
                f.writelines(header)
                f.writelines(' '.join(r) + '\n' for r in rows)
    else:
        rows = read_names()
    stats = count(rows)
    labels = {'def': 'functions and classes at their defining module',
              'all': 'names only re-exported in an __all__',
              'total': 'all public names'}
    for key in ('def', 'all', 'total'):
        found, listed, _ = stats[key]
        print(f'{found:4d} of {listed:4d} MMOCR 0.x {labels[key]}')
    if args.missing:
        by_module: dict[str, list[str]] = defaultdict(list)
        for module, name in stats['total'][2]:
            by_module[module].append(name)
        for module in sorted(by_module):
            print(f'{module}: {", ".join(sorted(by_module[module]))}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
