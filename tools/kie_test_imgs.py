#!/usr/bin/env python
"""Key information extraction on the test set of a config, drawn (MMOCR
0.x's script)::

    python tools/kie_test_imgs.py CONFIG CHECKPOINT [--show] \\
        [--show-dir DIR] [--device cpu] [--cfg-options KEY=VALUE ...]

The receipts are those of ``data.test`` (a ``KIEDataset``: ``ann_file``,
one json line of boxes and texts per image under ``img_prefix``); point it
at other ones with ``--cfg-options data.test.ann_file=LIST
data.test.img_prefix=FOLDER``. At least one of ``--show`` (display each
drawing) and ``--show-dir`` is needed. Under ``--show-dir``:

* ``FILE_NAME`` (the image's ``file_name``, sub-folders kept): the image
  with its boxes beside the predicted class and score of each box;
* ``results.txt``: the annotation file again, one json line per receipt,
  each box with its predicted ``label`` (class index) and ``score``.

``--device`` takes ``cpu`` (the default), a CUDA device (``cuda:0``) or
0.x's GPU index (``0``). A receipt whose image or annotation is broken is
skipped and named on stderr; the exit status is then 1.
"""
from __future__ import annotations

import argparse
import json
import os.path as osp
import sys

from mmocr.apis import init_detector, model_inference
from mmocr.apis.batch import finish, run_each
from mmocr.apis.utils import load_tool_config, run_tool
from mmocr.datasets import KIEDataset, build_dataset
from mmocr.utils import DictAction
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import list_to_file, mkdir_or_exist
from mmocr.utils.img_util import imread

PROG = 'kie_test_imgs.py'


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description='Draw a KIE model\'s results on its test set')
    parser.add_argument('config', help='KIE config file (data.test is read)')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--show', action='store_true',
                        help='display each drawing')
    parser.add_argument('--show-dir',
                        help='where the drawings and results.txt go')
    parser.add_argument('--device', default=None,
                        help='cpu, cuda:N or a GPU index N [cpu]')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, KEY=VALUE pairs')
    args = parser.parse_args(argv)
    if not (args.show or args.show_dir):
        raise InvalidValueError('give --show (display the results) and/or '
                                '--show-dir DIR (save them)')
    return args


def torch_device(device: str | None) -> str:
    """0.x's ``--device`` (``None``: the CPU; a GPU index or a list of them,
    ``'0'`` / ``'0,1'``: the first GPU) as a torch device string; other
    values (``cpu``, ``cuda:1``) are kept."""
    if device is None:
        return 'cpu'
    first = device.split(',')[0].strip()
    return f'cuda:{first}' if first.isdigit() else device


def result_line(info: dict, labels: list[int], scores: list[float]) -> str:
    """The json line of one receipt: its annotation line ``info`` with each
    box's ``label`` replaced by the predicted class index and its ``score``
    (4 decimals) added."""
    annotations = [dict(ann, label=label, score=round(score, 4))
                   for ann, label, score in zip(info['annotations'], labels,
                                                scores)]
    return json.dumps(dict(info, annotations=annotations), ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = load_tool_config(args.config, args.cfg_options)
    model = init_detector(cfg, args.checkpoint,
                          device=torch_device(args.device))
    dataset = build_dataset(cfg.data.test, cfg_path='data.test')
    if not isinstance(dataset, KIEDataset):
        raise InvalidValueError(f'{args.config}: data.test is a '
                                f'{type(dataset).__name__}, not a KIEDataset')
    if args.show_dir:
        mkdir_or_exist(args.show_dir)
    lines = []

    def process(index: int) -> None:
        ann = dataset.get_ann_info(index)
        info = dataset.data_infos[index]
        img = imread(osp.join(dataset.img_prefix, info['file_name']))
        result = model_inference(model, img, ann=ann)
        if 'nodes' not in result:
            raise InvalidValueError(
                f'{args.config} is not a KIE config: its '
                f'{type(model).__name__} gives {sorted(result)}, not nodes')
        model.show_result(img, result, ann['bboxes'].tolist(),
                          show=args.show,
                          out_file=osp.join(args.show_dir, info['file_name'])
                          if args.show_dir else None)
        scores, labels = result['nodes'].detach().cpu().max(dim=-1)
        lines.append(result_line(info, labels.tolist(), scores.tolist()))

    def name(index: int) -> str:
        return osp.join(dataset.img_prefix,
                        str(dataset.data_infos[index].get('file_name')))

    skipped = run_each(range(len(dataset)), process, name, PROG)
    if args.show_dir:
        list_to_file(osp.join(args.show_dir, 'results.txt'), lines)
    return finish(len(dataset), skipped, args.show_dir)


if __name__ == '__main__':
    sys.exit(run_tool(main, PROG))
