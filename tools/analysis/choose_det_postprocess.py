#!/usr/bin/env python
"""Choose a text detector's post-processing settings by cross-validation.

Each ``--fold CONFIG CHECKPOINT ANN_FILE`` is a model trained without the
images of ANN_FILE (e.g. trained on ``instances_training_fold{f}.json`` and
held out on ``instances_fold{f}.json``, both written by
``tools/data/textdet/sroie_converter.py --folds K``). Every model runs once
over its held-out images and the head's raw maps are kept; then every
setting of the grid is decoded from those maps and scored by hmean-iou
pooled over all folds. ``--grid KEY=V1,V2,...`` ranges over an argument of
the head's post-processor (``unclip_ratio``, ``min_text_score``, ...);
``min_score_thr=...`` keeps the boxes scoring at least that much (the
threshold ``tools/test.py`` would otherwise sweep on the test set itself;
named as the evaluation option, so that a post-processor's own
``score_thr``, e.g. EAST's or FCENet's, can be ranged over too).

With a recognizer (``--recog NAME`` or ``--recog-config``/``--recog-ckpt``)
and the transcribed lines of the held-out images (``--box-dir``: a box file
per image, SROIE's ``<image stem>.csv`` (or ``.txt``) or ICDAR's
``gt_<image stem>.txt``, lines ``x1,y1,...,x4,y4,text``), every setting is
also read end to end as ``MMOCR()`` reads it (crops, batched recognition,
lexicon) and scored by line hmean (a line counts when IoU > 0.5 and the
texts agree, case and spaces ignored); ``--criterion line_hmean`` then
ranks by it.

The validation images belong to no fold: measure them once, at the end,
with the chosen setting (``--cfg-options`` of ``tools/test.py``, printed
here). ``min_score_thr`` is a filter only ``tools/test.py`` applies; each
row counts the boxes it drops, and when the best row drops some, the best
row that drops none (the setting ``MMOCR()`` reproduces) is printed too::

    python tools/analysis/choose_det_postprocess.py \\
        --fold CFG work_dirs/fold0/latest.pth data/sroie/instances_fold0.json \\
        --fold CFG work_dirs/fold1/latest.pth data/sroie/instances_fold1.json \\
        --grid unclip_ratio=1.5,1.8,2.1 --grid min_score_thr=0.3,0.5,0.7 \\
        --out work_dirs/chosen.json
    # end to end, ranked by line hmean
    python tools/analysis/choose_det_postprocess.py \\
        --fold CFG work_dirs/fold0/latest.pth data/sroie/instances_fold0.json \\
        --grid unclip_ratio=1.8,2.1,2.4 --recog CRNN_slim \\
        --box-dir ../shared/data/sroie/box --criterion line_hmean
"""
from __future__ import annotations

import argparse
import ast
import itertools
import json
import os.path as osp
import sys
from typing import Any, Sequence

if __package__ in (None, ''):  # python tools/analysis/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

import torch  # noqa: E402
from tqdm import tqdm  # noqa: E402

from mmocr.apis import init_model  # noqa: E402
from mmocr.apis.utils import load_tool_config, run_tool  # noqa: E402
from mmocr.core.evaluation import eval_hmean  # noqa: E402
from mmocr.core.evaluation.e2e_metric import (  # noqa: E402
    match_e2e_lines,
    summarize_e2e_matches,
)
from mmocr.datasets import build_dataloader, build_dataset  # noqa: E402
from mmocr.datasets.utils.sroie import read_sroie_boxes  # noqa: E402
from mmocr.inference import MMOCR  # noqa: E402
from mmocr.inference.loading import load_image  # noqa: E402
from mmocr.inference.model_zoo import DEFAULT_RECOG  # noqa: E402
from mmocr.models import build_model  # noqa: E402
from mmocr.registry import POSTPROCESSOR  # noqa: E402
from mmocr.utils import DictAction  # noqa: E402
from mmocr.utils.errors import InvalidValueError  # noqa: E402
from mmocr.utils.fileio import atomic_write_text, check_output_file  # noqa: E402
from mmocr.utils.nested_maps import image_maps, map_tensors  # noqa: E402

SCORE_KEY = 'min_score_thr'
CRITERIA = ('hmean', 'line_hmean')


def parse_grid(items: Sequence[str]) -> dict[str, list[Any]]:
    """``['unclip_ratio=1.5,2', 'min_score_thr=0.3']`` -> ``{'unclip_ratio':
    [1.5, 2], 'min_score_thr': [0.3]}`` (values read as Python literals, else
    kept as strings)."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        key, sep, values = item.partition('=')
        if not sep or not key or not values:
            raise InvalidValueError(f'--grid expects KEY=V1,V2,..., got {item!r}')
        if key in grid:
            raise InvalidValueError(f'--grid names {key!r} twice')
        grid[key] = [_literal(v) for v in values.split(',')]
    return grid


def _literal(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def settings(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values, in the order given."""
    keys = list(grid)
    return [dict(zip(keys, values))
            for values in itertools.product(*(grid[k] for k in keys))]


def postprocessors(base_cfg: dict, grid_settings: list[dict]) -> list:
    """One post-processor per setting, built through the registry so that a
    key the post-processor does not take is an ``UnknownKeyError`` before
    any model runs."""
    built = []
    for setting in grid_settings:
        cfg = dict(base_cfg)
        cfg.update({k: v for k, v in setting.items() if k != SCORE_KEY})
        built.append(POSTPROCESSOR.build(cfg))
    return built


def held_out_maps(config: str, checkpoint: str, ann_file: str,
                  cfg_options: dict | None, device: str,
                  img_prefix: str | None = None):
    """Run one fold's model over its held-out images: those of
    ``ann_file``, read from ``img_prefix`` (default: the config's test
    ``img_prefix``).

    Returns:
        ``(model, maps, img_infos, ann_infos)``: ``maps`` holds one
        ``(head output of the image, its img_meta)`` per image (tensors on
        the CPU); the infos are what :func:`eval_hmean` scores against
        (``img_infos`` also hold each image's ``path``).
    """
    model = init_model(config, checkpoint, device=device,
                       cfg_options=cfg_options)
    test_cfg = model.cfg.data.test
    if 'datasets' in test_cfg:  # a concatenation: the first one's pipeline
        test_cfg = dict(test_cfg.datasets[0],
                        pipeline=test_cfg.get('pipeline',
                                              test_cfg.datasets[0].pipeline))
    if img_prefix is not None:
        test_cfg = dict(test_cfg, img_prefix=img_prefix)
    dataset = build_dataset(dict(test_cfg, ann_file=ann_file),
                            dict(test_mode=True))
    loader = build_dataloader(dataset, samples_per_gpu=1, workers_per_gpu=0,
                              shuffle=False)
    maps = []
    for data in tqdm(loader, desc=osp.basename(ann_file), unit='img',
                     dynamic_ncols=True):
        img, metas = data['img'], data['img_metas']
        if isinstance(img, (list, tuple)):  # test-time views: the single one
            img, metas = img[0], metas[0]
        with torch.no_grad():
            outs = model.bbox_head(model.extract_feat(img.to(device)))
        outs = map_tensors(lambda t: t.detach().cpu(), outs)
        maps.extend((image_maps(outs, i), meta) for i, meta in enumerate(metas))
    img_infos = [{'filename': info['file_name'],
                  'path': osp.join(dataset.img_prefix or '', info['file_name'])}
                 for info in dataset.data_infos]
    ann_infos = [dataset.get_ann_info(i) for i in range(len(dataset))]
    return model, maps, img_infos, ann_infos


class EndToEnd:
    """Reads a setting's boundaries as ``MMOCR()`` does and scores them
    against the held-out images' transcribed lines.

    Args:
        ocr: An ``MMOCR`` with a recognizer.
        img_infos: The held-out images (their ``filename`` and ``path``).
        box_dir: Folder of the images' box files (``NAME.csv``,
            ``NAME.txt`` or ``gt_NAME.txt``, tried in that order).
    """

    def __init__(self, ocr: MMOCR, img_infos: list[dict], box_dir: str):
        self.ocr = ocr
        self.gts = []
        for info in img_infos:
            stem = osp.splitext(osp.basename(info['filename']))[0]
            # SROIE's NAME.csv (or .txt), ICDAR's gt_NAME.txt
            names = [osp.join(box_dir, f'{prefix}{stem}{ext}')
                     for prefix, ext in (('', '.csv'), ('', '.txt'),
                                         ('gt_', '.txt'))]
            box_file = next((n for n in names if osp.isfile(n)), None)
            if box_file is None:
                raise FileNotFoundError(
                    f'--box-dir: no box file for the held-out image '
                    f'{info["filename"]} (tried {", ".join(names)})')
            self.gts.append(read_sroie_boxes(box_file))
        self.images = [load_image(info['path']) for info in img_infos]

    def __call__(self, results: list[dict], thr: float) -> dict:
        """``line_hmean``, ``line_acc``, ``line_precision`` of the results
        (boxes scoring under ``thr`` dropped)."""
        kept = [dict(boundary_result=[b for b in r['boundary_result']
                                      if b[-1] >= thr]) for r in results]
        lines = self.ocr.read_boundaries(self.images, kept)
        matches = [match_e2e_lines(pred, gt, img_idx=i)
                   for i, (pred, gt) in enumerate(zip(lines, self.gts))]
        metrics = summarize_e2e_matches(matches)
        return {k: metrics[k] for k in ('line_hmean', 'line_acc',
                                        'line_precision')}


def score_grid(head, maps: list, img_infos: list[dict], ann_infos: list[dict],
               grid_settings: list[dict], built: list,
               end_to_end: EndToEnd | None = None) -> list[dict]:
    """hmean-iou (and with ``end_to_end`` the line metrics) of every
    setting over the pooled held-out images.

    Args:
        head: A detection head (its ``boundary_results`` rescales to the
            original images).
        maps: ``(maps, img_meta)`` per image, as :func:`held_out_maps`.
        grid_settings, built: The settings and their post-processors.
        end_to_end: Reads and scores each setting's boundaries.

    Returns:
        One ``dict(setting, precision, recall, hmean, dropped)`` per
        setting, plus ``line_hmean``, ``line_acc`` and ``line_precision``
        with ``end_to_end``.
    """
    rows = []
    original = head.postprocessor
    try:
        for setting, postprocessor in tqdm(list(zip(grid_settings, built)),
                                           desc='settings', dynamic_ncols=True):
            # the head decodes as at test time (FCENet's levels and NMS too)
            head.postprocessor = postprocessor
            results = [head.get_boundary(m, [meta], True) for m, meta in maps]
            row = _scored(setting, results, img_infos, ann_infos)
            if end_to_end is not None:
                row.update(end_to_end(results,
                                      float(setting.get(SCORE_KEY, 0.0))))
            rows.append(row)
    finally:
        head.postprocessor = original
    return rows


def _scored(setting: dict, results: list[dict], img_infos: list[dict],
            ann_infos: list[dict]) -> dict:
    """``dict(setting, precision, recall, hmean)`` of one setting."""
    thr = float(setting.get(SCORE_KEY, 0.0))
    scores = eval_hmean(results, img_infos, ann_infos, metrics='hmean-iou',
                        min_score_thr=thr, max_score_thr=thr, logger='silent')
    # boxes the score filter drops: MMOCR() has no such filter, so a row
    # that drops any is what tools/test.py measures, not what inference does
    dropped = sum(b[-1] < thr for r in results for b in r['boundary_result'])
    return dict(setting=setting, precision=scores['hmean-iou:precision'],
                recall=scores['hmean-iou:recall'],
                hmean=scores['hmean-iou:hmean'], dropped=int(dropped))


def best_row(rows: list[dict], inference: bool = False,
             criterion: str = 'hmean') -> dict | None:
    """The highest ``criterion`` (a key of the rows: ``hmean`` or
    ``line_hmean``); ties go to the earliest setting of the grid.

    With ``inference``, only the rows whose ``min_score_thr`` drops no box
    (what ``MMOCR()`` and the shipped config reproduce); None if none.
    """
    if inference:
        rows = [r for r in rows if r['dropped'] == 0]
    return max(rows, key=lambda r: r[criterion]) if rows else None


def cfg_options_text(setting: dict) -> str:
    """The ``tools/test.py`` arguments applying a chosen setting."""
    opts = ' '.join(f'model.bbox_head.postprocessor.{k}={v!r}'
                    for k, v in setting.items() if k != SCORE_KEY)
    score = setting.get(SCORE_KEY)
    parts = ([f'--cfg-options {opts}'] if opts else []) + (
        [f'--eval-options min_score_thr={score} max_score_thr={score}']
        if score is not None else [])
    return ' '.join(parts)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fold', nargs=3, action='append', required=True,
                        metavar=('CONFIG', 'CHECKPOINT', 'ANN_FILE'),
                        help='a model and the annotations it was not '
                        'trained on (repeat per fold)')
    parser.add_argument('--img-prefix', help='the folder of the ANN_FILEs\' '
                        'images (default: the config\'s test img_prefix, '
                        'right when ANN_FILE is a fold of the test set\'s '
                        'folder; a set in another folder needs this)')
    parser.add_argument('--grid', action='append', default=[],
                        metavar='KEY=V1,V2', help='post-processor argument '
                        f'(or {SCORE_KEY}) and its values (repeatable)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='overrides of every fold\'s config')
    parser.add_argument('--recog', help='recognition model-zoo name: also '
                        'score every setting end to end')
    parser.add_argument('--recog-config', default='',
                        help='recognition config (overrides the zoo)')
    parser.add_argument('--recog-ckpt', default='',
                        help='recognition checkpoint (overrides the zoo)')
    parser.add_argument('--box-dir', help='the held-out images\' transcribed '
                        'lines: a box file per image, NAME.csv / NAME.txt / '
                        'gt_NAME.txt (x1,y1,...,x4,y4,text lines; SROIE\'s '
                        'box/ folder, ICDAR 2015\'s ground truth)')
    parser.add_argument('--criterion', choices=CRITERIA, default='hmean',
                        help='what ranks the settings (line_hmean needs a '
                        'recognizer and --box-dir)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--top', type=int, default=10,
                        help='rows of the table to print')
    parser.add_argument('--out', help='write every row and the choice here '
                        '(.json)')
    return parser.parse_args(argv)


def _check_folder(path: str, flag: str) -> None:
    if not osp.isdir(path):
        raise FileNotFoundError(f'{flag} {path}: no such folder')


def _end_to_end_reader(args: argparse.Namespace) -> MMOCR | None:
    """The recognizer of ``--recog``/``--recog-config`` (checked against
    ``--box-dir`` and ``--criterion``), or None without one."""
    wants_recog = bool(args.recog or args.recog_config)
    if wants_recog != bool(args.box_dir):
        raise InvalidValueError('end-to-end scoring needs both a recognizer '
                                '(--recog or --recog-config) and --box-dir')
    if args.criterion == 'line_hmean' and not wants_recog:
        raise InvalidValueError('--criterion line_hmean needs a recognizer '
                                '(--recog or --recog-config) and --box-dir')
    if not wants_recog:
        return None
    _check_folder(args.box_dir, '--box-dir')
    # a config (and checkpoint) override the zoo entry, as in MMOCR()
    return MMOCR(det=None, recog=args.recog or DEFAULT_RECOG,
                 recog_config=args.recog_config,
                 recog_ckpt=args.recog_ckpt, device=args.device)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.out:
        check_output_file(args.out, '--out')
    if args.img_prefix is not None:  # before any model loads
        _check_folder(args.img_prefix, '--img-prefix')
    grid = parse_grid(args.grid)
    grid_settings = settings(grid) if grid else [{}]
    # The grid is checked against the first fold's post-processor before
    # any model runs.
    first = load_tool_config(args.fold[0][0], args.cfg_options)
    # the head's own post-processor config (with what the head adds to it,
    # e.g. FCENet's fourier_degree); building the model loads no weights
    pp_cfg = build_model(first.model).bbox_head.postprocessor_cfg
    built = postprocessors(pp_cfg, grid_settings)
    ocr = _end_to_end_reader(args)
    pooled_maps, img_infos, ann_infos = [], [], []
    head = None
    for config, checkpoint, ann_file in args.fold:
        model, maps, infos, anns = held_out_maps(
            config, checkpoint, ann_file, args.cfg_options, args.device,
            args.img_prefix)
        kind = model.bbox_head.postprocessor_cfg.get('type')
        if kind != pp_cfg.get('type'):
            raise InvalidValueError(f'{config}: post-processor {kind} differs '
                                    f'from the first fold\'s {pp_cfg.get("type")}')
        head = head or model.bbox_head
        pooled_maps += maps
        img_infos += infos
        ann_infos += anns
    end_to_end = EndToEnd(ocr, img_infos, args.box_dir) if ocr else None
    rows = score_grid(head, pooled_maps, img_infos, ann_infos, grid_settings,
                      built, end_to_end)
    key = args.criterion
    ranked = sorted(rows, key=lambda r: -r[key])
    print(f'{len(pooled_maps)} held-out images in {len(args.fold)} folds, '
          f'{len(rows)} settings, ranked by {key}')
    line_cols = end_to_end is not None
    print(f'{"hmean":>7} {"prec":>7} {"recall":>7} {"dropped":>7}'
          + (f' {"line_h":>7} {"line_acc":>8}' if line_cols else '')
          + '  setting')
    for row in ranked[:args.top]:
        print(f'{row["hmean"]:7.4f} {row["precision"]:7.4f} '
              f'{row["recall"]:7.4f} {row["dropped"]:7d}'
              + (f' {row["line_hmean"]:7.4f} {row["line_acc"]:8.4f}'
                 if line_cols else '')
              + f'  {row["setting"]}')
    best = best_row(rows, criterion=key)
    print(f'chosen: {best["setting"]} ({key} {best[key]:.4f}); '
          f'tools/test.py {cfg_options_text(best["setting"])}')
    inference = best_row(rows, inference=True, criterion=key)
    if inference is not best:
        print('chosen for inference (its min_score_thr drops no box; '
              'MMOCR() applies no box-score filter): ' + (
                  f'{inference["setting"]} ({key} {inference[key]:.4f})'
                  if inference else 'none of the settings'))
    if args.out:
        atomic_write_text(args.out, json.dumps(
            dict(folds=[list(f) for f in args.fold], grid=grid,
                 criterion=key, num_images=len(pooled_maps), rows=rows,
                 chosen=best, chosen_for_inference=inference), indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'choose_det_postprocess.py'))
