"""The shared skeleton of the detection dataset converters
(``tools/data/textdet/*_converter.py``): pair images with ground-truth
files, read each image's size and instances (in parallel, with a progress
bar) and write MMOCR's COCO ``instances_{split}.json`` and line-json
``instances_{split}.txt``. A converter supplies how a ground-truth file is
named and how it is read."""
from __future__ import annotations

import argparse
import json
import math
import os
import os.path as osp
import warnings
import xml.etree.ElementTree as ET
from functools import partial
from typing import Any, Callable, Iterator, Sequence

from mmocr.utils.data_convert_util import convert_annotations
from mmocr.utils.errors import ImageLoadError, InvalidValueError
from mmocr.utils.fileio import atomic_write_text
from mmocr.utils.img_util import imread
from mmocr.utils.parallel import parallel_map

from .det_annotations import det_info_to_line, make_det_annotation
from .errors import AnnotationParseError

__all__ = ['IMG_EXTS', 'collect_det_files', 'load_det_image_info',
           'convert_det_splits', 'write_det_split', 'gt_lines',
           'icdar_gt_name', 'load_ltrb_annos', 'det_converter_main',
           'val_split_every', 'load_json_annotation', 'convert_flat_det',
           'load_line_annos', 'convert_det_gt_files', 'check_folders',
           'check_val_ratio', 'val_split_head', 'load_xml_annotation',
           'convert_flat_images', 'xml_gt_name', 'image_size_info',
           'write_image_infos', 'write_det_pairs']

IMG_EXTS = ('.jpg', '.jpeg', '.png', '.gif', '.bmp')

#: ``gt_name(image stem, split) -> ground-truth file name``.
GtName = Callable[[str, str], str]
#: ``load_annos(gt_file, split) -> [COCO instance, ...]``.
LoadAnnos = Callable[[str, str], list]
#: ``convert(root, out_dir, **options) -> {split: number of images}``.
Convert = Callable[..., dict]


def icdar_gt_name(stem: str, split: str) -> str:
    """The ICDAR challenges' ground truth of image ``NAME.jpg``:
    ``gt_NAME.txt``."""
    return f'gt_{stem}.txt'


def gt_lines(gt_file: str, encoding: str = 'utf-8-sig'
             ) -> Iterator[tuple[int, str]]:
    """``(line number, stripped line)`` of each non-blank line of a text
    ground-truth file (utf-8 by default, BOM dropped, undecodable bytes
    replaced)."""
    with open(gt_file, encoding=encoding, errors='replace') as f:
        for line_no, line in enumerate(f, 1):
            line = line.strip()
            if line:
                yield line_no, line


def load_json_annotation(ann_file: str,
                         required: dict[str, type] | None = None) -> Any:
    """The parsed json annotation file of a converter; with ``required``
    (key -> ``list`` or ``dict``), it must be a json object holding those
    keys with values of those types.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not valid json, or not of the required shape
            (names the file).
    """
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'annotation file not found: {ann_file}')
    with open(ann_file, encoding='utf-8') as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as err:
            raise AnnotationParseError(f'{ann_file}: not valid json '
                                       f'({err})') from None
    if required and (not isinstance(data, dict) or not all(
            isinstance(data.get(k), t) for k, t in required.items())):
        kinds = {list: 'list', dict: 'object'}
        wanted = ', '.join(f'"{k}" ({kinds.get(t, t.__name__)})'
                           for k, t in required.items())
        raise AnnotationParseError(f'{ann_file}: expected a json object with '
                                   f'{wanted}')
    return data


def load_xml_annotation(ann_file: str) -> ET.Element:
    """The root element of an XML annotation file.

    Raises:
        FileNotFoundError: no such file.
        AnnotationParseError: not valid XML (names the file).
    """
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'annotation file not found: {ann_file}')
    try:
        return ET.parse(ann_file).getroot()
    except ET.ParseError as err:
        raise AnnotationParseError(f'{ann_file}: not valid XML '
                                   f'({err})') from None


def check_val_ratio(val_ratio: float) -> None:
    """Raise ``InvalidValueError`` unless ``0 <= val_ratio < 1``."""
    if not 0 <= val_ratio < 1:
        raise InvalidValueError(f'val_ratio must be in [0, 1), got '
                                f'{val_ratio}')


def val_split_head(names: list, val_ratio: float) -> tuple[list, list]:
    """MMOCR 0.x's other ``--val-ratio`` split (BID, IIIT-ILST): the first
    ``int(val_ratio * len(names))`` items are validation. Returns
    ``(train, val)``.

    Raises:
        InvalidValueError: ``val_ratio`` is not in ``[0, 1)``.
    """
    check_val_ratio(val_ratio)
    offset = int(len(names) * val_ratio)
    return list(names[offset:]), list(names[:offset])


def val_split_every(names: list[str], val_ratio: float
                    ) -> tuple[list[str], list[str]]:
    """MMOCR 0.x's ``--val-ratio`` split of the converters of datasets
    without a validation set: with ``k = floor(1 / val_ratio)``, every
    ``k``-th name (the 0th, the ``k``-th, ...) goes to validation; with
    ``val_ratio == 0`` all are training. Returns ``(train, val)``.

    Raises:
        InvalidValueError: ``val_ratio`` is not in ``[0, 1)``.
    """
    check_val_ratio(val_ratio)
    if val_ratio == 0:
        return list(names), []
    step = math.floor(1 / val_ratio)
    return ([n for i, n in enumerate(names) if i % step],
            [n for i, n in enumerate(names) if not i % step])


def xml_gt_name(stem: str, split: str) -> str:
    """The ground truth of image ``NAME.jpg`` is ``NAME.xml`` (KAIST,
    IIIT-ILST)."""
    return f'{stem}.xml'


def load_line_annos(gt_file: str, split: str,
                    parse: Callable[[str], tuple[list, str, bool]]
                    ) -> list[dict]:
    """The instances of a text ground-truth file with one polygon per line:
    ``parse(line) -> (coordinates, text, ignored)`` (raising ``ValueError``
    for a malformed line, which is skipped with a warning naming file and
    line); coordinates are clipped to 0 and the text kept as ``text``."""
    anno_info = []
    for line_no, line in gt_lines(gt_file):
        try:
            coords, text, ignored = parse(line)
        except ValueError as err:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'({err}): {line!r}', stacklevel=2)
            continue
        anno_info.append(dict(make_det_annotation(
            [max(0, v) for v in coords], ignored), text=text))
    return anno_info


def _ltrb_box(parts: list[str], separator: str
              ) -> tuple[list[int], str | None]:
    """``([left, top, right, bottom], None)`` from a line's fields (left/top
    clipped to 0), or ``([], why not)``."""
    if len(parts) < 4:
        return [], (f'expected left{separator}top{separator}right'
                    f'{separator}bottom')
    try:
        left, top, right, bottom = (int(v) for v in parts[:4])
    except ValueError:
        return [], 'non-integer coordinate'
    left, top = max(0, left), max(0, top)
    if right <= left or bottom <= top:
        return [], 'empty box'
    return [left, top, right, bottom], None


def load_ltrb_annos(gt_file: str, split: str, separator: str = ','
                    ) -> list[dict]:
    """The instances of a ground-truth file with one axis-aligned box per
    line, ``left{sep}top{sep}right{sep}bottom{sep}"transcript"`` (ICDAR 2011
    and 2013), all kept as text (``iscrowd=0``). Negative ``left``/``top``
    are clipped to 0. A line without 4 integer coordinates, or whose box is
    empty, is skipped with a warning naming the file and line."""
    anno_info = []
    for line_no, line in gt_lines(gt_file):
        box, problem = _ltrb_box(line.split(separator, 4), separator)
        if problem:
            warnings.warn(f'{gt_file}:{line_no}: skipped malformed line '
                          f'({problem}): {line!r}', stacklevel=2)
            continue
        left, top, right, bottom = box
        anno_info.append(make_det_annotation(
            [left, top, right, top, right, bottom, left, bottom], 0))
    return anno_info


def check_folders(folders: list[str]) -> None:
    """Raise ``FileNotFoundError`` naming the first of ``folders`` that is
    not a folder."""
    for folder in folders:
        if not osp.isdir(folder):
            raise FileNotFoundError(f'folder not found: {folder}')


def collect_det_files(img_dir: str, gt_dir: str, split: str,
                      gt_name: GtName) -> list[tuple[str, str]]:
    """``(image, gt file)`` pairs, sorted by image name; images without a
    gt file are skipped with a warning."""
    check_folders([img_dir, gt_dir])
    pairs = []
    for name in sorted(os.listdir(img_dir)):
        stem, ext = osp.splitext(name)
        if ext.lower() not in IMG_EXTS:
            continue
        gt_file = osp.join(gt_dir, gt_name(stem, split))
        if not osp.isfile(gt_file):
            warnings.warn(f'no ground truth {gt_file} for image '
                          f'{osp.join(img_dir, name)}; skipped', stacklevel=2)
            continue
        pairs.append((osp.join(img_dir, name), gt_file))
    return pairs


def load_det_image_info(files: tuple[str, str], split: str,
                        load_annos: LoadAnnos,
                        prefix: str | None = None) -> dict | None:
    """Image info (``file_name`` ``{prefix}NAME``, size, ``segm_file``
    ``{prefix}GT_NAME``, ``anno_info``), or ``None`` with a warning if the
    image is missing or unreadable or the gt file does not parse
    (``AnnotationParseError``). ``prefix`` defaults to ``{split}/``."""
    img_file, gt_file = files
    prefix = f'{split}/' if prefix is None else prefix
    try:
        img = imread(img_file, 'unchanged')
        anno_info = load_annos(gt_file, split)
    except (ImageLoadError, AnnotationParseError) as err:
        warnings.warn(f'{err}; skipped', stacklevel=2)
        return None
    return dict(file_name=f'{prefix}{osp.basename(img_file)}',
                height=int(img.shape[0]), width=int(img.shape[1]),
                segm_file=f'{prefix}{osp.basename(gt_file)}',
                anno_info=anno_info)


def write_det_split(infos: list[dict], out_dir: str, split: str) -> None:
    """Write the image infos of ``split`` as ``out_dir/instances_{split}.json``
    (COCO) and ``out_dir/instances_{split}.txt`` (line-json)."""
    os.makedirs(out_dir, exist_ok=True)
    convert_annotations(infos, osp.join(out_dir, f'instances_{split}.json'))
    atomic_write_text(osp.join(out_dir, f'instances_{split}.txt'),
                      ''.join(det_info_to_line(i) + '\n' for i in infos))


def image_size_info(item: tuple[str, list], img_dir: str,
                    segm_file: str) -> dict | None:
    """Image info of ``(file name, instances)`` (its size read from
    ``img_dir/file name``), or ``None`` with a warning when the image is
    missing or unreadable."""
    name, anno_info = item
    try:
        img = imread(osp.join(img_dir, name), 'unchanged')
    except ImageLoadError as err:
        warnings.warn(f'{err}; skipped', stacklevel=2)
        return None
    return dict(file_name=name, height=int(img.shape[0]),
                width=int(img.shape[1]), segm_file=segm_file,
                anno_info=anno_info)


def write_image_infos(items: list[tuple[str, list]], img_dir: str,
                      segm_file: str, out_dir: str, split: str,
                      nproc: int = 1) -> int:
    """Read the sizes of the images ``(file name, instances)`` of ``items``
    (in ``nproc`` processes, with a progress bar) and write them as
    ``instances_{split}.*`` (:func:`write_det_split`), leaving out missing or
    unreadable images with a warning; returns the number written."""
    worker = partial(image_size_info, img_dir=img_dir, segm_file=segm_file)
    infos = [i for i in parallel_map(worker, items, nproc, desc=split)
             if i is not None]
    write_det_split(infos, out_dir, split)
    return len(infos)


def write_det_pairs(pairs: list[tuple[str, str]], split: str, out_dir: str,
                    load_annos: LoadAnnos, nproc: int = 1,
                    prefix: str | None = '') -> int:
    """Read the ``(image, gt file)`` pairs (:func:`load_det_image_info`, in
    ``nproc`` processes with a progress bar; file names ``{prefix}NAME``,
    ``prefix=None`` meaning ``{split}/``) and write them as
    ``instances_{split}.*``; returns the number of images written."""
    worker = partial(load_det_image_info, split=split, load_annos=load_annos,
                     prefix=prefix)
    infos = [i for i in parallel_map(worker, pairs, nproc, desc=split)
             if i is not None]
    write_det_split(infos, out_dir, split)
    return len(infos)


def convert_det_splits(root: str, out_dir: str, splits: list[str],
                       gt_name: GtName, load_annos: LoadAnnos,
                       nproc: int = 1, flat_gt: bool = False
                       ) -> dict[str, int]:
    """Convert ``root/imgs/{split}`` + ``root/annotations/{split}`` (with
    ``flat_gt``: ``root/annotations`` for every split) for each split;
    returns the number of images per split. ``gt_name`` and ``load_annos``
    must be picklable (module-level functions or partials of them) when
    ``nproc > 1``. Every split's folders are checked before anything is
    converted (``FileNotFoundError`` naming the missing one)."""
    folders = {split: (osp.join(root, 'imgs', split),
                       osp.join(root, 'annotations',
                                '' if flat_gt else split).rstrip('/'))
               for split in splits}
    check_folders([f for pair in folders.values() for f in pair])
    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for split in splits:
        counts[split] = write_det_pairs(
            collect_det_files(*folders[split], split, gt_name), split,
            out_dir, load_annos, nproc, prefix=None)
    return counts


def convert_det_gt_files(img_dir: str, gt_dir: str, gt_names: list[str],
                         split: str, out_dir: str, load_annos: LoadAnnos,
                         nproc: int = 1, img_ext: str = '.jpg') -> int:
    """Convert the ground-truth files ``gt_dir/NAME.*`` of ``gt_names``,
    each with its image ``img_dir/NAME{img_ext}``, into
    ``instances_{split}.*`` with file names ``NAME{img_ext}`` (use
    ``img_prefix=img_dir``); a gt file whose image is missing or unreadable,
    or that does not parse, is skipped with a warning. Returns the number of
    images written."""
    return write_det_pairs([(osp.join(img_dir, osp.splitext(n)[0] + img_ext),
                             osp.join(gt_dir, n)) for n in gt_names],
                           split, out_dir, load_annos, nproc)


def convert_flat_images(root: str, out_dir: str, gt_name: GtName,
                        load_annos: LoadAnnos, val_ratio: float = 0.,
                        nproc: int = 1,
                        split: Callable[[list, float], tuple[list, list]]
                        = val_split_every) -> dict[str, int]:
    """Convert a dataset without splits whose images drive the pairing,
    ``root/imgs/NAME.*`` + ``root/annotations/gt_name(NAME)`` (KAIST, BID,
    IIIT-ILST), into ``instances_training.*`` and, with ``val_ratio > 0``,
    ``instances_val.*``: ``split(sorted pairs, val_ratio) -> (train, val)``.
    File names are ``NAME.*`` (use ``img_prefix=root/imgs``); images without
    ground truth, or unreadable, are skipped with a warning. Returns the
    number of images per split."""
    img_dir, gt_dir = osp.join(root, 'imgs'), osp.join(root, 'annotations')
    check_folders([img_dir, gt_dir])
    train, val = split(collect_det_files(img_dir, gt_dir, 'training',
                                         gt_name), val_ratio)
    counts = {}
    for name, files in (('training', train), ('val', val)):
        if name == 'val' and val_ratio <= 0:
            continue
        counts[name] = write_det_pairs(files, name, out_dir, load_annos,
                                       nproc)
    return counts


def convert_flat_det(root: str, out_dir: str, load_annos: LoadAnnos,
                     val_ratio: float = 0., nproc: int = 1,
                     img_ext: str = '.jpg',
                     gt_ext: str = '.txt') -> dict[str, int]:
    """Convert a dataset without splits, ``root/imgs/NAME{img_ext}`` and
    ``root/annotations/NAME{gt_ext}`` (RCTW, MTWI, ReCTS), into
    ``instances_training.*`` and, with ``val_ratio > 0``,
    ``instances_val.*`` (:func:`val_split_every` over the sorted ground-truth
    files), as :func:`convert_det_gt_files` does. Returns the number of
    images per split."""
    img_dir, gt_dir = osp.join(root, 'imgs'), osp.join(root, 'annotations')
    check_folders([img_dir, gt_dir])
    gt_files = sorted(f for f in os.listdir(gt_dir) if f.endswith(gt_ext))
    train, val = val_split_every(gt_files, val_ratio)
    counts = {'training': convert_det_gt_files(
        img_dir, gt_dir, train, 'training', out_dir, load_annos, nproc,
        img_ext)}
    if val_ratio > 0:
        counts['val'] = convert_det_gt_files(img_dir, gt_dir, val, 'val',
                                             out_dir, load_annos, nproc,
                                             img_ext)
    return counts


def det_converter_main(argv: list[str] | None, description: str,
                       convert: Convert,
                       splits: Sequence[str] | None = None,
                       with_nproc: bool = True,
                       with_val_ratio: bool = False,
                       val_ratio_default: float = 0.) -> int:
    """The command line shared by the detection converters: ``root_path``,
    ``-o/--out-dir`` (default: ``root_path``), ``--nproc`` (unless
    ``with_nproc=False``: converters that read no image) and, with
    ``with_val_ratio``, ``--val-ratio`` (default ``val_ratio_default``).
    The splits are ``splits`` when given (MMOCR 0.x's fixed ones), else a
    required ``--split-list``; with ``with_val_ratio`` they follow from the
    ratio.
    Runs ``convert(root, out_dir, splits=..., nproc=..., val_ratio=...)``
    (the keywords its options give) and prints the images per split."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('root_path', help='dataset root (imgs/, '
                        'annotations/)')
    parser.add_argument('-o', '--out-dir', help='output directory '
                        '(default: root_path)')
    if splits is None and not with_val_ratio:
        parser.add_argument('--split-list', nargs='+', required=True,
                            help='splits to convert, e.g. training test')
    if with_nproc:
        parser.add_argument('--nproc', default=1, type=int,
                            help='number of processes')
    if with_val_ratio:
        parser.add_argument('--val-ratio', '--val_ratio',
                            default=val_ratio_default, type=float,
                            dest='val_ratio',
                            help='share of the images held out as val')
    args = parser.parse_args(argv)
    options = {}
    if not with_val_ratio:
        options['splits'] = list(splits or args.split_list)
    if with_nproc:
        options['nproc'] = args.nproc
    if with_val_ratio:
        options['val_ratio'] = args.val_ratio
    out_dir = args.out_dir or args.root_path
    counts = convert(args.root_path, out_dir, **options)
    for split, num in counts.items():
        print(f'{split}: {num} images -> '
              f'{osp.join(out_dir, f"instances_{split}.json")}')
    return 0
