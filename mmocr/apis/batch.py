"""What the batch inference tools share (``tools/det_test_imgs.py``,
``recog_test_imgs.py``, ``kie_test_imgs.py``, MMOCR 0.x's scripts).

* :func:`list_images`: an image folder, or a root and a list file (one
  ``path [label]`` per line, as in MMOCR 0.x) -> :class:`ListedImage` items.
* :func:`run_each`: one call per item under a progress bar with an ETA
  (stderr); an item whose image or annotation is broken
  (:class:`~mmocr.utils.errors.BrokenDataError`: missing, empty, corrupt)
  is skipped with one stderr line naming it, and the others go on.
* :func:`finish`: the closing line and the exit status (1 when an item was
  skipped).
* :func:`add_source_args`: the arguments the folder tools share.
"""
from __future__ import annotations

import argparse
import os.path as osp
import sys
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from tqdm import tqdm

from mmocr.utils.errors import BrokenDataError, InvalidValueError
from mmocr.utils.fileio import list_from_file, scandir
from mmocr.utils.img_util import IMAGE_EXTENSIONS

__all__ = ['ListedImage', 'list_images', 'run_each', 'finish',
           'add_source_args']

T = TypeVar('T')


@dataclass(frozen=True)
class ListedImage:
    """One image of a batch.

    Attributes:
        name: The path as listed, relative to the image root.
        path: The image root joined with ``name``.
        label: The rest of its list line (a recognition ground truth), ``''``
            when there is none.
    """
    name: str
    path: str
    label: str = ''


def list_images(img_root: str, img_list: str | None = None) -> list[ListedImage]:
    """The images of ``img_list`` (under ``img_root``), or without a list
    the image files of the folder ``img_root`` (suffixes
    :data:`~mmocr.utils.img_util.IMAGE_EXTENSIONS` in any case, sorted, not
    recursive).

    A list line is ``path [label]``: the first whitespace-separated field is
    the path, the rest (spaces kept) the label; blank lines are ignored.

    Raises:
        NotADirectoryError: ``img_root`` is not a folder.
        FileNotFoundError: ``img_list`` does not exist, or the folder holds
            no image file.
        InvalidValueError: ``img_list`` lists no image.
    """
    if not osp.isdir(img_root):
        raise NotADirectoryError(f'image root {img_root} is not a folder')
    if img_list is None:
        names = list(scandir(img_root, IMAGE_EXTENSIONS, case_sensitive=False))
        if not names:
            raise FileNotFoundError(f'no image file ({", ".join(IMAGE_EXTENSIONS)}) '
                                    f'in {img_root}')
        return [ListedImage(name, osp.join(img_root, name)) for name in names]
    items = []
    for line in list_from_file(img_list):
        fields = line.strip().split(maxsplit=1)
        if fields:
            items.append(ListedImage(fields[0], osp.join(img_root, fields[0]),
                                     fields[1] if len(fields) == 2 else ''))
    if not items:
        raise InvalidValueError(f'image list {img_list} lists no image')
    return items


def run_each(items: Sequence[T], fn: Callable[[T], None],
             name: Callable[[T], str], prog: str) -> list[T]:
    """Call ``fn(item)`` for each of ``items`` under a progress bar.

    Args:
        items: What to process, in order.
        fn: Processes one item (inference, drawing, its outputs).
        name: The item's name for the skip line (its image path).
        prog: The tool's name, first on the skip line.

    Returns:
        The items skipped because ``fn`` raised a ``BrokenDataError``; each
        got the stderr line ``PROG: skipped NAME: ERROR``. Other errors stop
        the loop.
    """
    skipped = []
    with tqdm(total=len(items), desc='images', unit='img', file=sys.stderr,
              dynamic_ncols=True) as bar:
        for item in items:
            try:
                fn(item)
            except BrokenDataError as err:
                skipped.append(item)
                tqdm.write(f'{prog}: skipped {name(item)}: '
                           f'{type(err).__name__}: {err}', file=sys.stderr)
            bar.update()
    return skipped


def finish(total: int, skipped: Sequence, out_dir: str | None) -> int:
    """Print the closing line (stdout), naming ``out_dir`` when results were
    saved, and return the exit status: 0 when all ``total`` items were
    processed, 1 when some were ``skipped``."""
    done = total - len(skipped)
    saved = f', results saved in {out_dir}' if out_dir else ''
    note = f'; {len(skipped)} skipped (named above)' if skipped else ''
    print(f'Inference done on {done} of {total} images{saved}{note}')
    return 1 if skipped else 0


def add_source_args(parser: argparse.ArgumentParser, root: str, task: str,
                    list_help: str) -> None:
    """Add MMOCR 0.x's positionals of the folder tools (``root``, an
    optional ``img_list``, ``config``, ``checkpoint``) and ``--device``
    to ``parser``; ``task`` names the config's kind in the help."""
    parser.add_argument(root, help='image folder (root of IMG_LIST)')
    parser.add_argument('img_list', nargs='?', default=None, help=list_help)
    parser.add_argument('config', help=f'{task} config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--device', default='cuda:0',
                        help='device for inference (the CPU when CUDA is '
                        'absent) [cuda:0]')
