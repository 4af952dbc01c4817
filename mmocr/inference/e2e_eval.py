"""End-to-end OCR evaluation on SROIE receipts, shared by
``tools/eval_e2e.py`` and ``benchmarks/bench_vs_others.py``.

An *engine* here is any callable ``read(paths) -> results`` taking a
list of image paths and returning one dict per image in the shape of
``MMOCR.readtext(..., details=True)``: ``{'result': [{'box': flat polygon,
'text': str, ...}, ...]}``, plus ``'error': message`` for an image it could
not read. :func:`evaluate_engine` times it chunk of images by chunk and
scores it with :func:`mmocr.core.evaluation.eval_e2e_line_acc`'s
matching.
"""
from __future__ import annotations

import json
import os
import os.path as osp
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from mmocr.core.evaluation.e2e_metric import (
    E2EImageMatch,
    match_e2e_lines,
    summarize_e2e_matches,
)
from mmocr.datasets.utils.splits import kfold_split
from mmocr.datasets.utils.sroie import (
    read_sroie_boxes,
    sroie_samples,
    sroie_split,
)
from mmocr.utils.errors import InvalidValueError

__all__ = ['E2ESample', 'E2EReport', 'add_sroie_split_args',
           'load_sroie_e2e', 'mmocr_engine', 'evaluate_engine', 'format_table']

Engine = Callable[[Sequence[str]], list]
_SPLITS = ('train', 'val', 'all')
_IMG_EXTS = ('.jpg', '.jpeg', '.png')


@dataclass
class E2ESample:
    """One image and its ground-truth lines ``[(quad, text), ...]``."""

    name: str
    img_path: str
    gt: list[tuple[list[float], str]]


@dataclass
class E2EReport:
    """The outcome of :func:`evaluate_engine`.

    Attributes:
        metrics: As returned by ``eval_e2e_line_acc``.
        seconds_per_image: Wall time of the engine calls / images.
        matches: Per image, its :class:`E2EImageMatch`.
        errors: ``{image name: message}`` of the images the engine failed
            on (scored as images without predictions).
    """

    metrics: dict[str, float]
    seconds_per_image: float
    matches: list[E2EImageMatch] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def per_image(self, samples: Sequence[E2ESample]) -> list[dict]:
        """Counts, misread ``[gt, pred]`` pairs and missed lines of each
        image, for a results file."""
        return [dict(name=s.name, num_gt=m.num_gt, num_pred=m.num_pred,
                     num_matched=m.num_matched, num_correct=m.num_correct,
                     misread=[list(p) for p in m.misread()],
                     missed=m.missed())
                for s, m in zip(samples, self.matches)]


def add_sroie_split_args(parser: Any, default_split: str = 'val') -> None:
    """Add ``--split``, ``--val-ratio``, ``--seed`` and ``--folds`` (the
    arguments of :func:`load_sroie_e2e`) to an ``argparse`` parser."""
    parser.add_argument('--split', default=default_split,
                        help="Which part of the SROIE split to read: "
                        f"{', '.join(_SPLITS)} or foldF (fold F of the "
                        'training part, as sroie_converter.py --folds writes)')
    parser.add_argument('--val-ratio', type=float, default=0.1,
                        help='Validation share of the split')
    parser.add_argument('--seed', type=int, default=0, help='Split seed')
    parser.add_argument('--folds', type=int, default=5,
                        help='Number of folds of the training part (for '
                        '--split foldF)')


def load_sroie_e2e(root: str, split: str = 'val', val_ratio: float = 0.1,
                   seed: int = 0, limit: int | None = None, folds: int = 5
                   ) -> list[E2ESample]:
    """The images of a SROIE split with their box-file lines.

    Args:
        root: SROIE root (``img/`` and ``box/``).
        split: ``'val'`` or ``'train'`` of
            :func:`~mmocr.datasets.utils.sroie.sroie_split`, ``'all'``, or
            ``'fold<f>'``: fold ``f`` of the training part dealt into
            ``folds`` by :func:`~mmocr.datasets.utils.splits.kfold_split`
            (the folds of ``sroie_converter.py --folds``).
        val_ratio, seed: The split's parameters (the folds use ``seed``
            too, as the converter does).
        limit: Keep only the first ``limit`` images (sorted by name).

    Raises:
        ValueError: unknown split, bad limit or an empty selection.
        FileNotFoundError: ``root`` lacks ``img/`` or ``box/``.
    """
    fold = split[4:] if split.startswith('fold') else ''
    if split not in _SPLITS and not (fold.isdigit() and int(fold) < folds):
        raise InvalidValueError(f'split must be one of {_SPLITS} or fold0 .. '
                                f'fold{folds - 1}, got {split!r}')
    if limit is not None and limit < 1:
        raise InvalidValueError(f'limit must be >= 1, got {limit}')
    if split == 'all':
        names = sroie_samples(root)
    else:
        train, val = sroie_split(root, val_ratio, seed)
        if fold:
            names = kfold_split(train, folds, seed)[int(fold)]
        else:
            names = val if split == 'val' else train
    names = names[:limit]
    if not names:
        raise InvalidValueError(f'no SROIE image in the {split!r} split of {root} '
                                f'(val_ratio={val_ratio})')
    img_dir = osp.join(root, 'img')
    images = {osp.splitext(f)[0]: f for f in sorted(os.listdir(img_dir))
              if f.lower().endswith(_IMG_EXTS)}
    return [E2ESample(name, osp.join(img_dir, images[name]),
                      read_sroie_boxes(osp.join(root, 'box', f'{name}.csv')))
            for name in names]


def load_linejson_e2e(ann_file: str, img_prefix: str,
                      limit: int | None = None) -> list[E2ESample]:
    """The images of a line-json text detection annotation file (the format
    of ``tools/data/synth/gen_det.py`` and MMOCR's ``instances_*.txt``: one
    ``{"file_name", "annotations": [{"segmentation", "text", "iscrowd"}]}``
    per line) with their lines; crowd (ignored) instances are left out.

    Raises:
        ValueError: a line that is not such a record (named by file and
            line number), or no image at all.
    """
    samples = []
    with open(ann_file, encoding='utf-8') as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                gt = [(list(map(float, a['segmentation'][0])), a['text'])
                      for a in record['annotations'] if not a.get('iscrowd')]
                name = record['file_name']
            except (ValueError, KeyError, IndexError, TypeError) as err:
                raise InvalidValueError(f'{ann_file}:{line_no}: not a line-json '
                                        f'detection record ({err!r})') from None
            samples.append(E2ESample(osp.splitext(name)[0],
                                     osp.join(img_prefix, name), gt))
            if limit is not None and len(samples) >= limit:
                break
    if not samples:
        raise InvalidValueError(f'no image in {ann_file}')
    return samples


def mmocr_engine(ocr: Any, batch_mode: bool = False,
                 show_dir: str | None = None,
                 timings: dict[str, float] | None = None) -> Engine:
    """An engine reading with ``ocr`` (an :class:`mmocr.inference.MMOCR`
    with detection and recognition) through ``readtext(details=True)``.

    Args:
        ocr: The MMOCR object.
        batch_mode: ``readtext``'s batch mode (each call's images in one
            detection batch).
        show_dir: Folder for the drawings (``out_<name>.png``).
        timings: When given, ``ocr.timings`` (seconds of det, crop,
            recog) are added to it after each call.

    Returns:
        The engine (``readtext``'s results as they are).
    """
    def read(paths: Sequence[str]) -> list[dict]:
        results = ocr.readtext(list(paths), details=True, output=show_dir,
                               batch_mode=batch_mode)
        if timings is not None:
            for key, value in ocr.timings.items():
                timings[key] = timings.get(key, 0.0) + value
        return results
    return read


def evaluate_engine(engine: Engine, samples: Sequence[E2ESample],
                    chunk_size: int = 1, iou_thr: float = 0.5,
                    ignore_case: bool = True, ignore_space: bool = True,
                    desc: str = 'e2e', progress: bool = True) -> E2EReport:
    """Run ``engine`` over ``samples`` in chunks of ``chunk_size`` images
    and score it.

    Only the engine calls are timed. A chunk whose call raises is retried
    image by image when it has several (the failed call is not timed); an
    image that fails (raises, or has an ``error`` in its result) is
    recorded in ``errors`` and scored as an image without predictions.
    """
    from tqdm import tqdm
    if chunk_size < 1:
        raise InvalidValueError(f'chunk_size must be >= 1, got {chunk_size}')
    preds: list[list | None] = [None] * len(samples)
    errors: dict[str, str] = {}
    seconds = 0.0
    with tqdm(total=len(samples), desc=desc, unit='img', file=sys.stderr,
              disable=not progress) as bar:
        for start in range(0, len(samples), chunk_size):
            idx = list(range(start, min(start + chunk_size, len(samples))))
            seconds += _read_chunk(engine, samples, idx, preds, errors)
            bar.update(len(idx))
    matches = [match_e2e_lines(p or [], s.gt, iou_thr, ignore_case,
                               ignore_space, i)
               for i, (p, s) in enumerate(zip(preds, samples))]
    return E2EReport(summarize_e2e_matches(matches),
                     seconds / max(1, len(samples)), matches, errors)


def _read_chunk(engine: Engine, samples: Sequence[E2ESample], idx: list[int],
                preds: list, errors: dict[str, str]) -> float:
    """Fill ``preds[idx]``; return the seconds spent in the engine."""
    start = time.perf_counter()
    try:
        outputs = engine([samples[i].img_path for i in idx])
    except Exception as err:  # noqa: BLE001 - an engine failing on an image
        seconds = time.perf_counter() - start
        if len(idx) > 1:
            return sum(_read_chunk(engine, samples, [i], preds, errors)
                       for i in idx)
        errors[samples[idx[0]].name] = f'{type(err).__name__}: {err}'
        return seconds
    seconds = time.perf_counter() - start
    if len(outputs) != len(idx):
        raise RuntimeError(f'the engine returned {len(outputs)} results for '
                           f'{len(idx)} images')
    for i, out in zip(idx, outputs):
        if 'error' in out:
            errors[samples[i].name] = str(out['error'])
        preds[i] = out.get('result', [])
    return seconds


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]
                 ) -> str:
    """A plain-text table; floats with 4 decimals, columns aligned."""
    def cell(value: Any) -> str:
        return f'{value:.4f}' if isinstance(value, float) else str(value)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[j]) for r in cells])
              for j, h in enumerate(headers)]
    lines = ['  '.join(h.ljust(w) for h, w in zip(headers, widths)),
             '  '.join('-' * w for w in widths)]
    lines += ['  '.join(c.rjust(w) if j else c.ljust(w)
                        for j, (c, w) in enumerate(zip(row, widths)))
              for row in cells]
    return '\n'.join(line.rstrip() for line in lines)
