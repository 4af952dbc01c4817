"""Turn a training checkpoint into a release file: ``publish_model.py IN OUT``.

Keeps the weights and the meta (config text, CLASSES, versions), drops the
optimizer and RNG states, optionally stores float weights in half precision
(``--fp16``; tensors outside half precision's range stay float32), and
renames the output to ``<OUT stem>-<sha256[:8]>.pth`` as
MMOCR's release files are named. Prints the path and the full sha256.

Example::

    python tools/publish_model.py work_dirs/x/latest.pth \\
        mmocr/model_zoo/x.pth --fp16
"""
from __future__ import annotations

import argparse
import hashlib
import os
import os.path as osp
import sys

import torch

from mmocr.apis.utils import run_tool
from mmocr.runner.checkpoint import (
    CheckpointLoadError,
    checkpoint_state_dict,
    safe_torch_load,
)
from mmocr.utils.checkpoint_names import published_name
from mmocr.utils.fileio import atomic_open

KEEP_META = ('config', 'CLASSES', 'mmocr_version', 'epoch', 'iter', 'time',
             'seed', 'env_info', 'averaged_from')


def _fits_half(tensor: torch.Tensor) -> bool:
    """Whether a float tensor survives half precision: normalisation
    statistics (BatchNorm's running variance can exceed fp16's 65504) and
    other tensors out of fp16's range stay in float32."""
    return (tensor.is_floating_point()
            and bool(tensor.abs().max() < 6e4) if tensor.numel() else False)


def publish(in_file: str, out_file: str, fp16: bool = False,
            hash_suffix: bool = True) -> tuple[str, str]:
    """Write the slim checkpoint; return ``(path, sha256)``."""
    ckpt = safe_torch_load(in_file, map_location='cpu')
    state_dict = checkpoint_state_dict(ckpt, in_file)
    if not state_dict:
        raise CheckpointLoadError(f'{in_file} holds an empty state_dict')
    if fp16:
        state_dict = {k: v.half() if _fits_half(v) else v
                      for k, v in state_dict.items()}
    meta = {k: v for k, v in ckpt.get('meta', {}).items() if k in KEEP_META}
    meta['fp16_weights'] = fp16
    with atomic_open(out_file, 'wb') as f:
        torch.save(dict(meta=meta, state_dict=state_dict), f)
    with open(out_file, 'rb') as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    if hash_suffix:
        stem, ext = osp.splitext(out_file)
        final = published_name(stem, sha256, ext or '.pth')
        os.replace(out_file, final)
        out_file = final
    return out_file, sha256


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description='Publish a checkpoint')
    parser.add_argument('in_file', help='training checkpoint')
    parser.add_argument('out_file', help='output file (a hash suffix is added)')
    parser.add_argument('--fp16', action='store_true',
                        help='store float weights in half precision')
    parser.add_argument('--no-hash-suffix', action='store_true',
                        help='keep OUT as given, without -<sha256[:8]>')
    args = parser.parse_args(argv)
    path, sha256 = publish(args.in_file, args.out_file, args.fp16,
                           not args.no_hash_suffix)
    size = osp.getsize(path) / 2**20
    print(f'{path}  {size:.1f} MiB  sha256 {sha256}')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'publish_model.py'))
