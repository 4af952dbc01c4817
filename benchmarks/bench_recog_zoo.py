"""Parameters and CPU time per word of every recognizer family, one
representative config each, random weights.

Usage::

    OMP_NUM_THREADS=2 python benchmarks/bench_recog_zoo.py [--threads 2]
        [--batch-size 16] [--repeat 3] [--families CRNN SAR ...]
        [--word-size 32 100]

Each model is built from its config (``init_model``, no checkpoint). A
batch of ``--batch-size`` word images (``--word-size`` H W, random pixels)
goes through the config's own test pipeline (its resize: e.g. 48 px high up
to 160 wide for SAR, a fixed 32x128 for ABINet) and one batched forward
pass (``model_inference(..., batch_mode=True)``: pipeline, network and
decoding); the time per word is the best of ``--repeat`` passes after a
warm-up, divided by the batch size; the passes run round robin (every model
once per round) so that a change of load hits all alike. Random weights
rarely emit the end token, so the attention decoders run all their
``max_seq_len`` steps, as on the longest words. A config's ``dict_file``
that is not on this machine (a dataset's own file) points at the shipped
``chinese_common.txt``, as in ``tests/test_registry_configs.py``. The table
gives the input tensor shape, parameters, ms per word and the ratio to CRNN
measured in the same run (the machine may be shared: compare ratios across
runs).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from mmocr.apis import init_model, model_inference
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[1]
SHIPPED_DICT = REPO / 'mmocr/model_zoo/dicts/chinese_common.txt'
CONFIGS = {
    'CRNN': 'crnn/crnn_academic_dataset.py',
    'CRNN-TPS': 'tps/crnn_tps_academic_dataset.py',
    'RARE': 'rare/rare_tps_academic.py',
    'SAR': 'sar/sar_r31_parallel_decoder_academic.py',
    'NRTR': 'nrtr/nrtr_modality_transform_academic.py',
    'SATRN': 'satrn/satrn_small.py',
    'MASTER': 'master/master_r31_12e_ST_MJ_SA.py',
    'RobustScanner': 'robust_scanner/robustscanner_r31_academic.py',
    'SegOCR': 'seg/seg_r31_1by16_fpnocr_academic.py',
    'ABINet-Vision': 'abinet/abinet_vision_only_academic.py',
    'ABINet': 'abinet/abinet_academic.py',
    'SVTR-T': 'svtr/svtr_tiny_academic.py',
    'VisionLAN': 'visionlan/visionlan_resnet45_LF_2.py',
    'ConvNextViT': 'convnextvit/convnextvit_tiny_chinese.py',
}


def ship_dict_files(node):
    """``node`` (a config tree) with every ``dict_file`` missing here
    pointing at :data:`SHIPPED_DICT`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'dict_file' and isinstance(value, str) and not (
                    Path(value).is_file() or (REPO / value).is_file()):
                node[key] = str(SHIPPED_DICT)
            else:
                ship_dict_files(value)
    elif isinstance(node, list):
        for value in node:
            ship_dict_files(value)
    return node


def build_family(config: str, words: list[np.ndarray]
                 ) -> tuple[torch.nn.Module, dict]:
    """The model of ``config`` (random weights) after one warm-up pass, and
    ``dict(shape, params)``: its input tensor shape and parameter count."""
    torch.manual_seed(0)
    cfg = Config.fromfile(str(REPO / 'configs/textrecog' / config))
    ship_dict_files(cfg.model)
    model = init_model(cfg, device='cpu')
    _, datas = model_inference(model, words, batch_mode=True,
                               return_data=True)
    img = datas[0]['img']
    img = img.data if hasattr(img, 'data') else img
    return model, dict(shape='x'.join(map(str, img.shape)),
                       params=sum(p.numel() for p in model.parameters()))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--word-size', type=int, nargs=2, default=(32, 100),
                        metavar=('H', 'W'))
    parser.add_argument('--families', nargs='+', default=list(CONFIGS),
                        choices=list(CONFIGS))
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    h, w = args.word_size
    words = [rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
             for _ in range(args.batch_size)]
    families = ['CRNN'] + [f for f in args.families if f != 'CRNN']
    models, rows = {}, []
    for fam in families:
        models[fam], info = build_family(CONFIGS[fam], words)
        rows.append(dict(family=fam, config=CONFIGS[fam], ms=float('inf'),
                         **info))
    # Round robin: each round times every model once, so a change of the
    # machine's load affects all of them alike; each keeps its best round.
    for _ in range(args.repeat):
        for row in rows:
            start = time.perf_counter()
            model_inference(models[row['family']], words, batch_mode=True)
            row['ms'] = min(row['ms'], (time.perf_counter() - start) * 1000
                            / len(words))
    base = rows[0]['ms']
    print(f'batch of {args.batch_size} {h}x{w} words, {args.threads} '
          f'thread(s), best of {args.repeat} rounds, random weights')
    print('| family | config | input (C x H x W) | parameters | CPU ms / word '
          '| x CRNN |')
    print('| --- | --- | --- | --- | --- | --- |')
    for row in rows:
        row['ratio'] = row['ms'] / base
        print(f"| {row['family']} | `{row['config']}` | {row['shape']} | "
              f"{row['params'] / 1e6:.2f} M | {row['ms']:.2f} | "
              f"{row['ratio']:.2f} |")
    return rows


if __name__ == '__main__':
    main()
