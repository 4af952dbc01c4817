"""Package an MMOCR model (config + checkpoint) as a TorchServe archive.

    python tools/deployment/mmocr2torchserve.py CONFIG CHECKPOINT \
        --output-folder model_store [--model-name NAME] [--model-version 1.0] \
        [--recog-config RECOG_CONFIG --recog-checkpoint RECOG_CHECKPOINT] [-f]

writes ``<output-folder>/<model-name>.mar`` (``torch-model-archiver``'s
format) holding the merged config as ``config.py``, the checkpoint and
``mmocr_handler.py``. With ``--recog-config``/``--recog-checkpoint`` (and a
detector as CONFIG) the archive serves end-to-end OCR. Serve it with
``torchserve --start --model-store model_store --models NAME=NAME.mar``
(docs/en/deployment.md).
"""
from __future__ import annotations

import argparse
import os.path as osp
import shutil
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from mmocr.deployment import model_kind
from mmocr.deployment.serve_utils import (
    ARCHIVE_CONFIG,
    ARCHIVE_RECOG_CHECKPOINT,
    ARCHIVE_RECOG_CONFIG,
    SERVED_KINDS,
)
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import check_file_exist, mkdir_or_exist

HANDLER = Path(__file__).with_name('mmocr_handler.py')


def _import_archiver():
    try:
        from model_archiver.model_archiver_config import ModelArchiverConfig
        from model_archiver.model_packaging import generate_model_archive
    except ImportError as err:
        raise ImportError('torch-model-archiver>=0.12 is needed: pip install '
                          '-r requirements/serve.txt') from err
    return ModelArchiverConfig, generate_model_archive


def _checked_config(config_file: str, kind: str | None = None) -> Config:
    check_file_exist(config_file, 'config file "{}" does not exist')
    cfg = Config.fromfile(config_file)
    found = model_kind(cfg)
    if found not in SERVED_KINDS:
        raise NotImplementedError(
            f'{config_file}: {cfg.model.get("type")} cannot be served: the '
            'handler takes an image per request, and only text detectors and '
            'recognizers (or both, end-to-end) read a bare image')
    if kind is not None and found != kind:
        raise InvalidValueError(f'{config_file} is a {found} model, expected '
                                f'a {kind} model')
    return cfg


def mmocr2torchserve(config_file: str, checkpoint_file: str,
                     output_folder: str, model_name: str | None = None,
                     model_version: str = '1.0', force: bool = False,
                     recog_config: str | None = None,
                     recog_checkpoint: str | None = None) -> str:
    """Write ``<output_folder>/<model_name>.mar`` and return its path.

    Args:
        config_file: The model's config (a text detector or recognizer).
        checkpoint_file: Its checkpoint.
        output_folder: Where the archive goes (created when missing).
        model_name: The archive's (and the served model's) name; default
            the checkpoint's file stem.
        model_version: The model's version in the archive's manifest.
        force: Overwrite an existing archive.
        recog_config, recog_checkpoint: A recognizer for end-to-end OCR
            (then ``config_file`` must be a detector); both or neither.

    Raises:
        FileNotFoundError: a config or checkpoint is missing.
        InvalidValueError: only one of the recognizer's files given, or the
            models are not a detector + a recognizer.
        FileExistsError: the archive exists and ``force`` is False.
    """
    config_cls, generate_model_archive = _import_archiver()
    if (recog_config is None) != (recog_checkpoint is None):
        raise InvalidValueError('end-to-end archives need both --recog-config '
                                f'and --recog-checkpoint, got {recog_config!r}'
                                f' and {recog_checkpoint!r}')
    e2e = recog_config is not None
    cfg = _checked_config(config_file, 'det' if e2e else None)
    check_file_exist(checkpoint_file, 'checkpoint "{}" does not exist')
    model_name = model_name or Path(checkpoint_file).stem
    target = osp.join(output_folder, f'{model_name}.mar')
    if osp.exists(target) and not force:
        raise FileExistsError(f'{target} exists: pass --force to overwrite it')
    mkdir_or_exist(output_folder)
    with TemporaryDirectory() as tmpdir:
        cfg.dump(osp.join(tmpdir, ARCHIVE_CONFIG))
        extra = []
        if e2e:
            _checked_config(recog_config, 'recog').dump(
                osp.join(tmpdir, ARCHIVE_RECOG_CONFIG))
            check_file_exist(recog_checkpoint, 'checkpoint "{}" does not exist')
            shutil.copyfile(recog_checkpoint,
                            osp.join(tmpdir, ARCHIVE_RECOG_CHECKPOINT))
            extra = [osp.join(tmpdir, n)
                     for n in (ARCHIVE_RECOG_CONFIG, ARCHIVE_RECOG_CHECKPOINT)]
        generate_model_archive(config_cls(
            model_name=model_name, handler=str(HANDLER),
            version=model_version, serialized_file=checkpoint_file,
            model_file=osp.join(tmpdir, ARCHIVE_CONFIG),
            extra_files=','.join(extra) or None, export_path=output_folder,
            force=force))
    return target


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert an MMOCR model to a TorchServe .mar archive.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('checkpoint', help='checkpoint file path')
    parser.add_argument('--output-folder', required=True,
                        help='folder where {model_name}.mar is written')
    parser.add_argument('--model-name', default=None,
                        help='name of the archive and of the served model '
                        '(default: the checkpoint file stem)')
    parser.add_argument('--model-version', default='1.0',
                        help='version written in the manifest')
    parser.add_argument('--recog-config', default=None,
                        help='recognizer config: serve detection + '
                        'recognition end-to-end')
    parser.add_argument('--recog-checkpoint', default=None,
                        help='recognizer checkpoint (with --recog-config)')
    parser.add_argument('-f', '--force', action='store_true',
                        help='overwrite an existing {model_name}.mar')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        path = mmocr2torchserve(args.config, args.checkpoint,
                                args.output_folder, args.model_name,
                                args.model_version, args.force,
                                args.recog_config, args.recog_checkpoint)
    except (ImportError, OSError, InvalidValueError,
            NotImplementedError) as err:
        print(f'mmocr2torchserve: {err}', file=sys.stderr)
        return 1
    print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
