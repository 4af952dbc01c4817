"""Install with ``pip install .`` or ``pip install -e .`` (after installing
torch yourself).

A built package (wheel, ``pip install .``) carries the checkout's
``configs/`` and ``tools/`` as ``mmocr/.mim/{configs,tools}`` (MMOCR 0.x's
place, where ``mim`` looks for them), where
:func:`mmocr.utils.fileio.repo_path` finds them; an editable install reads
them from the checkout.
"""
import os.path as osp
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = osp.dirname(osp.abspath(__file__))
#: Folders of the checkout copied into the built package under mmocr/.mim/.
MIM_FOLDERS = ('configs', 'tools')


def read_requirements(name: str) -> list[str]:
    path = osp.join(osp.dirname(__file__), 'requirements', f'{name}.txt')
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith(('#', '-r'))]


def read_version() -> str:
    scope: dict = {}
    with open(osp.join('mmocr', 'version.py'), encoding='utf-8') as f:
        exec(compile(f.read(), 'mmocr/version.py', 'exec'), scope)
    return scope['__version__']


class BuildPyWithMim(build_py):
    """``build_py`` that also copies :data:`MIM_FOLDERS` into
    ``<build_lib>/mmocr/.mim/`` (not in editable mode, where the checkout's
    folders are used in place)."""

    def run(self) -> None:
        super().run()
        if getattr(self, 'editable_mode', False):
            return
        for name in MIM_FOLDERS:
            src = osp.join(HERE, name)
            if not osp.isdir(src):
                raise FileNotFoundError(
                    f'{src} is missing: the package must carry it as '
                    f'mmocr/.mim/{name} (an sdist lists it in MANIFEST.in)')
            dst = osp.join(self.build_lib, 'mmocr', '.mim', name)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
                '__pycache__', '*.pyc'))


setup(
    name='mmocr',
    version=read_version(),
    description='A config-driven OCR toolbox: text detection, recognition '
    'and key information extraction',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    license='Apache License 2.0',
    packages=find_packages(exclude=('configs', 'tools', 'demo', 'tests',
                                    'benchmarks')),
    include_package_data=False,
    package_data={'mmocr': ['model_zoo/*.pth', 'model_zoo/*/*.txt',
                            'model_zoo/*/*.txt.gz',
                            'model_zoo/logs/*.json']},
    python_requires='>=3.9',
    install_requires=['torch>=1.13', *read_requirements('runtime')],
    extras_require={
        'tests': read_requirements('tests'),
        'optional': read_requirements('optional'),
        'export': read_requirements('export'),
        'imgaug': ['imgaug>=0.4'],
        'serve': read_requirements('serve'),
        'tensorrt': read_requirements('tensorrt'),
        'all': read_requirements('optional') + read_requirements('export')
        + read_requirements('serve'),
    },
    entry_points={'console_scripts': ['mmocr-ocr=mmocr.inference.cli:main']},
    cmdclass={'build_py': BuildPyWithMim},
    zip_safe=False,
)
