"""Helpers of the recognition dataset converters
(``tools/data/textrecog/*_converter.py``): reading the word ground truth of
the ICDAR word-recognition tasks and writing MMOCR's recognition label files
(``filename text`` lines, or ``{"filename", "text"}`` json lines)."""
from __future__ import annotations

import argparse
import math
import os
import os.path as osp
import warnings
from functools import partial
from typing import Iterable, Sequence

import cv2

from mmocr.utils.crop import crop_img, warp_img
from mmocr.utils.errors import ImageLoadError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.lmdb_util import format_label_lines
from mmocr.utils.parallel import parallel_map

from .det_annotations import xywh_quad
from .det_convert import (
    check_folders,
    collect_det_files,
    gt_lines,
    val_split_every,
)
from .errors import AnnotationParseError

__all__ = ['read_icdar_word_gt', 'write_recog_labels',
           'convert_icdar_words', 'icdar_words_main', 'crop_image_words',
           'crop_words', 'coco_text_crop_jobs', 'recog_converter_parser',
           'print_label_counts', 'xywh_quad', 'word_crop_name',
           'labelled_crops', 'convert_flat_word_crops',
           'split_crop_converter_main', 'write_split_word_crops',
           'convert_flat_image_word_crops', 'points_bounds',
           'write_crop_labels']

#: One image's crop job: ``(image path, [(crop name, [x1, y1, ..., x4, y4],
#: text), ...])``; crop names are relative to the output folder.
CropJob = tuple[str, list[tuple[str, Sequence[float], str]]]


#: MMOCR 0.x's split names of the ICDAR word GT files -> ours.
ICDAR_WORD_SPLITS = {'Train': 'train', 'Test': 'test'}


def read_icdar_word_gt(gt_file: str, prefix: str = ''
                       ) -> list[tuple[str, str]]:
    """``(prefix + image name, word)`` of each line ``word_1.png, "word"`` of
    an ICDAR word-recognition ground-truth file (the word may hold commas
    and quotes; only the enclosing quotes are removed). A line without
    ``, "`` or with an empty word is skipped with a warning naming the file
    and line."""
    samples = []
    for line_no, line in gt_lines(gt_file):
        name, sep, word = line.partition(', "')
        word = word[:-1] if word.endswith('"') else word
        if not sep or not name or not word:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'(expected NAME, "WORD"): {line!r}', stacklevel=2)
            continue
        samples.append((prefix + name, word))
    return samples


def write_recog_labels(samples: Iterable[tuple[str, str]], out_file: str,
                       label_format: str) -> int:
    """Write ``(filename, text)`` samples as a label file in
    ``label_format`` (``'txt'`` or ``'jsonl'``; folders are created);
    returns the number of samples."""
    samples = list(samples)
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    atomic_write_text(out_file, format_label_lines(samples, label_format))
    return len(samples)


def convert_icdar_words(root: str, out_dir: str, challenge: int,
                        label_format: str = 'jsonl') -> dict[str, int]:
    """Convert ``root/annotations/Challenge{challenge}_{Train,Test}_Task3_GT
    .txt`` (ICDAR 2011: 1, ICDAR 2013: 2) into ``out_dir/{train,test}_label
    .{label_format}`` with file names ``{train,test}/word_N.png`` (the crops
    in ``root/crops/{train,test}``: use ``img_prefix=root/crops``). Both GT
    files are checked before anything is written. Returns the samples per
    split."""
    gt_files = {ours: osp.join(root, 'annotations',
                               f'Challenge{challenge}_{theirs}_Task3_GT.txt')
                for theirs, ours in ICDAR_WORD_SPLITS.items()}
    check_folders([osp.join(root, 'annotations')])
    for gt_file in gt_files.values():
        if not osp.isfile(gt_file):
            raise FileNotFoundError(f'ground truth not found: {gt_file}')
    return {split: write_recog_labels(
        read_icdar_word_gt(gt_file, f'{split}/'),
        osp.join(out_dir, f'{split}_label.{label_format}'), label_format)
        for split, gt_file in gt_files.items()}


def icdar_words_main(argv: list[str] | None, challenge: int,
                     dataset: str) -> int:
    """The command line of the ICDAR 2011/2013 word converters:
    ``root_path``, ``-o/--out-dir`` (default ``root_path``) and
    ``--format {jsonl,txt}`` (default jsonl)."""
    parser = recog_converter_parser(
        f'Convert {dataset} word recognition ground truth to MMOCR label '
        'files', 'jsonl', with_nproc=False)
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    print_label_counts(convert_icdar_words(args.root_path, out_dir,
                                           challenge, args.format),
                       out_dir, args.format)
    return 0


def print_label_counts(counts: dict[str, int], out_dir: str,
                       label_format: str) -> None:
    """Print the samples written to each ``out_dir/{split}_label.*``."""
    for split, num in counts.items():
        print(f'{split}: {num} samples -> '
              f'{osp.join(out_dir, f"{split}_label.{label_format}")}')


def crop_image_words(job: CropJob, out_root: str,
                     resize: tuple[int, int] | None = None,
                     pad: tuple[float, float] = (0., 0.),
                     warp: bool = False) -> list[tuple[str, str]]:
    """Cut the bounding rectangles of the boxes of one image (clipped to
    it, padded by ``pad`` ``(long edge, short edge)`` ratios:
    :func:`mmocr.utils.crop.crop_img`) or, with ``warp``, rectify the
    quadrilaterals (:func:`mmocr.utils.crop.warp_img`), optionally resize
    them to
    ``resize`` ``(width, height)``, and save each as ``out_root/crop name``.
    Returns ``(crop name, text)`` of the crops written; an image without
    words is not read; an unreadable image, or a box with no pixel inside
    the image, is skipped with a warning.

    Raises:
        OSError: a crop cannot be written.
    """
    img_file, words = job
    if not words:
        return []
    try:
        img = imread(img_file)
    except ImageLoadError as err:
        warnings.warn(f'{err}; its {len(words)} words skipped', stacklevel=2)
        return []
    samples = []
    for name, quad, text in words:
        crop = warp_img(img, quad) if warp else crop_img(img, quad, *pad)
        if crop.size == 0:
            warnings.warn(f'{img_file}: box {list(quad)} ({text!r}) has no '
                          'pixel inside the image; skipped', stacklevel=2)
            continue
        if resize is not None:
            crop = cv2.resize(crop, resize)
        out_file = osp.join(out_root, name)
        if not cv2.imwrite(out_file, crop):
            raise OSError(f'cannot write {out_file}')
        samples.append((name, text))
    return samples


def crop_words(jobs: list[CropJob], out_root: str, nproc: int = 1,
               resize: tuple[int, int] | None = None,
               desc: str | None = None,
               pad: tuple[float, float] = (0., 0.),
               warp: bool = False) -> list[tuple[str, str]]:
    """:func:`crop_image_words` for every job (in ``nproc`` processes, with
    a progress bar labelled ``desc``); the folders of the crop names are
    created first. Returns ``(crop name, text)`` in job order."""
    for folder in {osp.dirname(n) for _, words in jobs for n, _, _ in words}:
        os.makedirs(osp.join(out_root, folder), exist_ok=True)
    worker = partial(crop_image_words, out_root=out_root, resize=resize,
                     pad=pad, warp=warp)
    return [s for samples in parallel_map(worker, jobs, nproc, desc=desc)
            for s in samples]


def coco_text_crop_jobs(infos: list[dict], img_root: str, name_prefix: str,
                        start: int = 0) -> list[CropJob]:
    """Crop jobs of :func:`~.coco_text.coco_text_image_infos` image infos
    read with ``keep_keys=('utf8_string',)``: the words not ignored
    (``iscrowd=0``) of the ``k``-th image are cut into
    ``{name_prefix}img_{start + k}_{j}.jpg``."""
    return [(osp.join(img_root, info['file_name']),
             [(f'{name_prefix}img_{start + k}_{j}.jpg',
               xywh_quad(ann['bbox']), ann['utf8_string'])
              for j, ann in enumerate(info['anno_info'])
              if not ann['iscrowd']])
            for k, info in enumerate(infos)]


def recog_converter_parser(description: str, default_format: str,
                           with_nproc: bool = True
                           ) -> argparse.ArgumentParser:
    """The options shared by the recognition converters: ``root_path``,
    ``-o/--out-dir`` (default ``root_path``), ``--format {jsonl,txt}`` and,
    unless ``with_nproc=False`` (converters that only rewrite labels),
    ``--nproc``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('root_path', help='dataset root')
    parser.add_argument('-o', '--out-dir', help='output directory for the '
                        'labels (and crops) (default: root_path)')
    if with_nproc:
        parser.add_argument('--nproc', default=1, type=int,
                            help='number of processes')
    parser.add_argument('--format', default=default_format,
                        choices=['jsonl', 'txt'], help='label file format')
    return parser


def word_crop_name(name: str, bbox: Sequence[float], crop_dir: str,
                   vertical_dir: str | None = None,
                   keep_vertical: bool = True) -> str | None:
    """Where the crop ``name`` of a word with box ``[x, y, w, h]`` goes:
    ``crop_dir/name``; a vertical word (more than twice as high as wide)
    goes to ``vertical_dir/name`` (cut, but not labelled) or, without a
    ``vertical_dir``, nowhere (``None``) unless ``keep_vertical``."""
    if keep_vertical or bbox[3] <= 2 * bbox[2]:
        return f'{crop_dir}/{name}'
    return None if vertical_dir is None else f'{vertical_dir}/{name}'


def labelled_crops(samples: list[tuple[str, str]], crop_dir: str
                   ) -> list[tuple[str, str]]:
    """The samples cut into ``crop_dir``, named relative to it."""
    prefix = f'{crop_dir}/'
    return [(n[len(prefix):], t) for n, t in samples if n.startswith(prefix)]


def write_split_word_crops(pairs: list[tuple[str, str]], load_annos,
                           split: str, label_stem: str, out_dir: str,
                           crop_dir: str, label_format: str = 'jsonl',
                           keep_vertical: bool = False,
                           vertical_dir: str | None = None, nproc: int = 1,
                           pad: tuple[float, float] = (0., 0.)) -> int:
    """Crop the texts of the ``(image, gt file)`` pairs of one split (each
    gt file read by ``load_annos(gt_file, split)``, see
    :func:`~.det_convert.load_line_annos`): each instance not ignored, with a
    non-empty ``text``, is cut along its bounding rectangle (padded by
    ``pad``) into ``out_dir/crop_dir/{split}/NAME_K.png`` (``K`` from 1 per
    image) and listed as ``{split}/NAME_K.png`` in
    ``out_dir/{label_stem}_label.{label_format}``; vertical texts go as
    :func:`word_crop_name` says. A gt file that does not parse is skipped
    with a warning. Returns the number of samples."""
    jobs = []
    for img_file, gt_file in pairs:
        name = osp.splitext(osp.basename(img_file))[0]
        try:
            annos = load_annos(gt_file, split)
        except AnnotationParseError as err:
            warnings.warn(f'{err}; skipped', stacklevel=2)
            continue
        kept = [a for a in annos if not a['iscrowd'] and a.get('text')]
        places = [(word_crop_name(f'{split}/{name}_{k}.png', a['bbox'],
                                  crop_dir, vertical_dir, keep_vertical), a)
                  for k, a in enumerate(kept, 1)]
        jobs.append((img_file, [(p, xywh_quad(a['bbox']), a['text'])
                                for p, a in places if p is not None]))
    samples = crop_words(jobs, out_dir, nproc, desc=split, pad=pad)
    return write_recog_labels(
        labelled_crops(samples, crop_dir),
        osp.join(out_dir, f'{label_stem}_label.{label_format}'), label_format)


def convert_flat_word_crops(root: str, out_dir: str, load_annos,
                            crop_dir: str, val_ratio: float = 0.,
                            label_format: str = 'jsonl',
                            preserve_vertical: bool = False,
                            vertical_dir: str | None = None,
                            nproc: int = 1,
                            gt_ext: str = '.txt') -> dict[str, int]:
    """Crop the texts of a dataset without splits, ``root/imgs/NAME.jpg`` +
    ``root/annotations/NAME{gt_ext}`` (RCTW, MTWI, ReCTS; read by
    ``load_annos(gt_file, split)``), split as
    :func:`~.det_convert.val_split_every` over the sorted gt files, with
    :func:`write_split_word_crops` (splits ``training`` and ``val``, label
    files ``train_label.*`` and ``val_label.*``). Returns the samples per
    label file stem."""
    img_dir, gt_dir = osp.join(root, 'imgs'), osp.join(root, 'annotations')
    check_folders([img_dir, gt_dir])
    gt_files = sorted(f for f in os.listdir(gt_dir) if f.endswith(gt_ext))
    train, val = val_split_every(gt_files, val_ratio)
    counts = {}
    for split, stem, names in (('training', 'train', train),
                               ('val', 'val', val)):
        if split == 'val' and val_ratio <= 0:
            continue
        pairs = [(osp.join(img_dir, f'{osp.splitext(gt)[0]}.jpg'),
                  osp.join(gt_dir, gt)) for gt in names]
        counts[stem] = write_split_word_crops(
            pairs, load_annos, split, stem, out_dir, crop_dir, label_format,
            preserve_vertical, vertical_dir, nproc)
    return counts


def convert_flat_image_word_crops(root: str, out_dir: str, gt_name,
                                  load_annos, crop_dir: str,
                                  val_ratio: float = 0.,
                                  label_format: str = 'txt',
                                  preserve_vertical: bool = False,
                                  nproc: int = 1, split=val_split_every,
                                  label_stems: tuple[str, str] = ('train',
                                                                  'val'),
                                  vertical_dir: str | None = None,
                                  pad: tuple[float, float] = (0., 0.)
                                  ) -> dict[str, int]:
    """Crop the texts of a dataset without splits whose images drive the
    pairing, ``root/imgs/NAME.*`` + ``root/annotations/gt_name(NAME)``
    (KAIST, BID, IIIT-ILST), split by ``split(sorted pairs, val_ratio)``
    (default :func:`~.det_convert.val_split_every`), with
    :func:`write_split_word_crops` (splits ``training``/``val``, label files
    ``{label_stems}_label.*``; vertical texts as :func:`word_crop_name`
    says). Returns the samples per label file stem."""
    img_dir, gt_dir = osp.join(root, 'imgs'), osp.join(root, 'annotations')
    check_folders([img_dir, gt_dir])
    train, val = split(
        collect_det_files(img_dir, gt_dir, 'training', gt_name), val_ratio)
    counts = {}
    for name, stem, pairs in (('training', label_stems[0], train),
                              ('val', label_stems[1], val)):
        if name == 'val' and val_ratio <= 0:
            continue
        counts[stem] = write_split_word_crops(
            pairs, load_annos, name, stem, out_dir, crop_dir, label_format,
            preserve_vertical, vertical_dir, nproc, pad)
    return counts


def split_crop_converter_main(argv: list[str] | None, description: str,
                              convert, with_val_ratio: bool = True,
                              label_format: str = 'jsonl',
                              val_ratio_default: float = 0.) -> int:
    """The command line of the cropping converters that may set vertical
    texts aside: :func:`recog_converter_parser`'s options (``label_format`` by
    default), ``--preserve-vertical`` and, with ``with_val_ratio`` (datasets
    without a validation set: LSVT, RCTW, MTWI, ...), ``--val-ratio``
    (default ``val_ratio_default``; both also spelt with ``_`` as in 0.x).
    Runs ``convert(root, out_dir,
    label_format=..., preserve_vertical=..., nproc=...[, val_ratio=...])``
    and prints the samples per label file."""
    parser = recog_converter_parser(description, label_format)
    if with_val_ratio:
        parser.add_argument('--val-ratio', '--val_ratio', dest='val_ratio',
                            default=val_ratio_default, type=float,
                            help='share of the images held out as val')
    parser.add_argument('--preserve-vertical', '--preserve_vertical',
                        dest='preserve_vertical', action='store_true',
                        help='label the vertical texts too')
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.root_path
    options = dict(label_format=args.format,
                   preserve_vertical=args.preserve_vertical, nproc=args.nproc)
    if with_val_ratio:
        options['val_ratio'] = args.val_ratio
    print_label_counts(convert(args.root_path, out_dir, **options), out_dir,
                       args.format)
    return 0


def points_bounds(points: Sequence[float]) -> tuple[list[int], list[int]]:
    """The bounding rectangle of a flat polygon ``[x1, y1, x2, y2, ...]``
    as MMOCR 0.x's recognition converters cut it: corner floored and clipped
    to 0, far corner ceiled. Returns ``(quad [x1, y1, ..., x4, y4],
    bbox [x, y, w, h])``."""
    xs, ys = points[0::2], points[1::2]
    x, y = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
    right, bottom = math.ceil(max(xs)), math.ceil(max(ys))
    w, h = max(0, right - x), max(0, bottom - y)
    return xywh_quad([x, y, w, h]), [x, y, w, h]


def write_crop_labels(jobs: list[CropJob], out_dir: str,
                      crop_dir: str | None, label_file: str,
                      label_format: str, nproc: int = 1,
                      desc: str | None = None) -> int:
    """Cut the crops of ``jobs`` (:func:`crop_words`, names relative to
    ``out_dir``) and list those under ``crop_dir`` (named relative to it)
    in ``out_dir/label_file``; crops elsewhere (vertical texts set aside)
    are cut but not listed. With ``crop_dir=None`` every crop is listed as
    named. Returns the number of samples listed."""
    samples = crop_words(jobs, out_dir, nproc, desc=desc)
    if crop_dir is not None:
        samples = labelled_crops(samples, crop_dir)
    return write_recog_labels(samples,
                              osp.join(out_dir, label_file), label_format)
