"""``python mmocr/utils/ocr.py IMG [options]`` / ``mmocr-ocr``: MMOCR 0.x's
command line over :class:`~mmocr.inference.MMOCR`."""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from mmocr.utils.checkpoint import CheckpointLoadError

from .export import EXPORT_FORMATS
from .model_zoo import DEFAULT_DET, DEFAULT_RECOG, ModelZooError
from .ocr import _INIT_KEYS, _READTEXT_KEYS, MMOCR

__all__ = ['parse_args', 'main']


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command-line options (MMOCR 0.x's ``ocr.py``)."""
    parser = argparse.ArgumentParser(
        description='Detect, recognize and extract key information from '
        'images with the model zoo or your own configs and checkpoints.')
    parser.add_argument('img', type=str,
                        help='Image file or folder of images')
    parser.add_argument('--output', type=str, default='',
                        help='Drawing file (one image) or folder')
    parser.add_argument('--det', type=str, default=DEFAULT_DET,
                        help='Detection model-zoo name; None disables it')
    parser.add_argument('--det-config', type=str, default='',
                        help='Detection config (overrides the zoo)')
    parser.add_argument('--det-ckpt', type=str, default='',
                        help='Detection checkpoint (overrides the zoo)')
    parser.add_argument('--recog', type=str, default=DEFAULT_RECOG,
                        help='Recognition model-zoo name; None disables it')
    parser.add_argument('--recog-config', type=str, default='',
                        help='Recognition config (overrides the zoo)')
    parser.add_argument('--recog-ckpt', type=str, default='',
                        help='Recognition checkpoint (overrides the zoo)')
    parser.add_argument('--kie', type=str, default='',
                        help='KIE model-zoo name (needs det and recog)')
    parser.add_argument('--kie-config', type=str, default='',
                        help='KIE config (overrides the zoo)')
    parser.add_argument('--kie-ckpt', type=str, default='',
                        help='KIE checkpoint (overrides the zoo)')
    parser.add_argument('--config-dir', type=str, default=None,
                        help='Folder of the model-zoo configs (default: the '
                        'configs of the checkout or the installed package)')
    parser.add_argument('--batch-mode', action='store_true',
                        help='Batch images through the models')
    parser.add_argument('--recog-batch-size', type=int, default=0,
                        help='Crops per recognition batch (0: automatic)')
    parser.add_argument('--det-batch-size', type=int, default=0,
                        help='Images per detection batch (0: all)')
    parser.add_argument('--single-batch-size', type=int, default=0,
                        help='Images per batch of a single model (0: all)')
    parser.add_argument('--device', type=str, default=None,
                        help='cpu, cuda:0, ... (default: CUDA if available)')
    parser.add_argument('--export', type=str, default='',
                        help='Folder for one result file per image')
    parser.add_argument('--export-format', type=str, default='json',
                        choices=EXPORT_FORMATS, help='Result file format')
    parser.add_argument('--details', action='store_true',
                        help='Boxes and scores in end-to-end results')
    parser.add_argument('--imshow', action='store_true',
                        help='Show the drawings in a window')
    parser.add_argument('--print-result', action='store_true',
                        help='Print the results')
    parser.add_argument('--merge', action='store_true',
                        help='Stitch the boxes of a line into one')
    parser.add_argument('--merge-xdist', type=float, default=20,
                        help='Largest gap (pixels) between stitched boxes')
    args = parser.parse_args(argv)
    for key in ('det', 'recog', 'kie'):
        if getattr(args, key) == 'None':
            setattr(args, key, None)
    if args.kie and not (args.det and args.recog):
        parser.error('--kie needs both --det and --recog')
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ocr.py``; returns 0, 1 when some images failed, 2 when the
    models cannot be built or the outputs cannot be written."""
    args = vars(parse_args(argv))
    try:
        ocr = MMOCR(**{k: args[k] for k in _INIT_KEYS})
        results = ocr.readtext(**{k: args[k] for k in _READTEXT_KEYS})
    except (ModelZooError, CheckpointLoadError, ImportError, SyntaxError,
            ValueError, KeyError, TypeError, OSError) as err:
        message = (err.args[0] if isinstance(err, KeyError) and err.args and
                   type(err).__str__ is KeyError.__str__ else err)
        print(f'error: {message}', file=sys.stderr)
        return 2
    return 1 if any('error' in r for r in results) else 0
