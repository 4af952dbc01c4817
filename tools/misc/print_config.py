"""Print the complete (merged) config: ``print_config.py CONFIG``.

Example::

    python tools/misc/print_config.py configs/textdet/dbnet/xxx.py \\
        --cfg-options model.backbone.depth=50
"""
from __future__ import annotations

import argparse
import sys

from mmocr.apis.utils import run_tool
from mmocr.utils import Config, DictAction


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Print the whole config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options',
        '--options',
        dest='cfg_options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, KEY=VALUE pairs, e.g. '
        'model.backbone.depth=50 data.train.pipeline.0.type=X '
        'workflow="[(train,1),(val,1)]" (no white space inside quotes)')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    print(f'Config:\n{cfg.pretty_text}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'print_config.py'))
