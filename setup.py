"""Install with ``pip install -e .`` (after installing torch yourself)."""
import os.path as osp

from setuptools import find_packages, setup


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
    include_package_data=True,
    package_data={'mmocr': ['model_zoo/*.pth', 'model_zoo/*/*.txt',
                            'model_zoo/logs/*.json']},
    python_requires='>=3.9',
    install_requires=['torch>=1.13', *read_requirements('runtime')],
    extras_require={
        'tests': read_requirements('tests'),
        'optional': read_requirements('optional'),
        'export': read_requirements('export'),
        'all': read_requirements('optional') + read_requirements('export'),
    },
    entry_points={'console_scripts': ['mmocr-ocr=mmocr.inference.cli:main']},
    zip_safe=False,
)
