#!/usr/bin/env python
"""Choose a CTC recognizer's lexicon correction on a split used only for
choices.

The model reads the config's ``data.test`` (the choice split, e.g.
``data/iiit5k_choice/choice_label.txt`` of ``iiit5k_converter.py
--choice-ratio``) once, in its test pipeline and batches, and keeps the
decoder's per-step scores; then every setting is decoded from them and
scored with the dataset's ``acc`` metrics (the mean over the parts of a
concatenated test set): no lexicon, and each
``--lexicon FILE`` with each ``--gap`` (``max_nll_gap`` nats). The best
setting by word accuracy ignoring case and symbols wins (ties: the earlier
row, so no lexicon before a lexicon and a smaller gap before a larger
one), and the ``--cfg-options`` that set it are printed. Measure the
validation split once, at the end, with that setting::

    python tools/analysis/choose_recog_lexicon.py \\
        configs/textrecog/crnn/crnn_vggslim_scene_words.py \\
        work_dirs/crnn_vggslim_scene_words/latest.pth \\
        --lexicon lexicon_a.txt --lexicon lexicon_b.txt --gap 2,5,10 \\
        --out work_dirs/crnn_vggslim_scene_words/lexicon_choice.json
"""
from __future__ import annotations

import argparse
import json
import os.path as osp
import sys
from typing import Any

if __package__ in (None, ''):  # python tools/analysis/... from anywhere
    sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
        osp.abspath(__file__)))))

import torch  # noqa: E402
from tqdm import tqdm  # noqa: E402

from mmocr.apis import init_model  # noqa: E402
from mmocr.apis.utils import (  # noqa: E402
    disable_text_recog_aug_test,
    load_tool_config,
    replace_image_to_tensor,
    run_tool,
)
from mmocr.datasets import build_dataloader, build_dataset  # noqa: E402
from mmocr.models.textrecog.convertors import CTCConvertor  # noqa: E402
from mmocr.models.textrecog.recognizer.encode_decode_recognizer import (  # noqa: E402
    build_lexicon,
    decode_results,
)
from mmocr.registry import CONVERTORS  # noqa: E402
from mmocr.utils import DictAction  # noqa: E402
from mmocr.utils.errors import InvalidTypeError, InvalidValueError  # noqa: E402
from mmocr.utils.fileio import atomic_write_text, check_output_file  # noqa: E402

#: The metric that ranks the settings, as ``OCRDataset.evaluate`` names it.
RANK_KEY = 'word_acc_ignore_case_symbol'
METRICS = (RANK_KEY, 'word_acc', '1-N.E.D')


def parse_gaps(text: str) -> list[float]:
    """``'2,5,10'`` -> ``[2.0, 5.0, 10.0]`` (each > 0)."""
    try:
        gaps = [float(x) for x in text.split(',') if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'--gap takes comma-separated numbers, got {text!r}') from None
    if not gaps or any(g <= 0 for g in gaps):
        raise argparse.ArgumentTypeError(
            f'--gap values must be > 0, got {text!r}')
    return gaps


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='CTC recognizer config')
    parser.add_argument('checkpoint', help='its weights')
    parser.add_argument('--lexicon', action='append', default=[],
                        help='lexicon file, one word per line (repeatable)')
    parser.add_argument('--gap', type=parse_gaps, default=[5.0],
                        help='max_nll_gap values, comma-separated '
                        '(default 5)')
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--out', help='write the rows and the choice (.json)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys (key=value)')
    args = parser.parse_args(argv)
    for path in args.lexicon:
        if not osp.isfile(path):
            parser.error(f'--lexicon {path} does not exist')
    return args


def settings(lexicons: list[str], gaps: list[float]) -> list[dict | None]:
    """``None`` (no lexicon), then each lexicon with each gap."""
    return [None] + [dict(lexicon_file=f, max_nll_gap=g)
                     for f in lexicons for g in gaps]


def read_logits(model: torch.nn.Module, loader) -> list[tuple[Any, list]]:
    """``(per-step scores (N, T, C), img_metas with valid_ratio)`` of each
    batch, in the loader's order."""
    batches = []
    with torch.no_grad():
        for data in tqdm(loader, desc='reading', unit='batch'):
            img, metas = data['img'], data['img_metas']
            if isinstance(img, (list, tuple)):  # test-time views: the one
                img, metas = img[0], metas[0]
            metas = model.with_valid_ratio(img, metas)
            batches.append((model.decode_logits(img, metas), metas))
    return batches


def score(dataset, batches: list, convertor: CTCConvertor,
          setting: dict | None) -> dict[str, float]:
    """The ``acc`` metrics of decoding ``batches`` with ``setting`` (for a
    concatenation of test sets, the mean over its parts)."""
    lexicon = build_lexicon(None if setting is None else
                            dict(lexicon=setting), convertor)
    results = [r for logits, metas in batches
               for r in decode_results(logits, metas, convertor, lexicon)]
    scores = dataset.evaluate(results, metric='acc')
    if all(key in scores for key in METRICS):
        return {key: scores[key] for key in METRICS}
    parts = {key.split('_', 1)[0] for key in scores if key[0].isdigit()}
    return {key: sum(scores[f'{p}_{key}'] for p in parts) / len(parts)
            for key in METRICS}


def cfg_options(setting: dict | None) -> str:
    """The ``--cfg-options`` of ``tools/test.py`` that apply ``setting``."""
    if setting is None:
        return 'model.test_cfg=None'
    return ' '.join(f'model.test_cfg.lexicon.{k}={v}'
                    for k, v in setting.items())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.out:
        check_output_file(args.out, '--out')
    cfg = load_tool_config(args.config, args.cfg_options)
    cfg = replace_image_to_tensor(disable_text_recog_aug_test(cfg))
    convertor_type = (cfg.model.get('label_convertor') or {}).get('type')
    convertor_cls = CONVERTORS.get(convertor_type) if convertor_type else None
    if convertor_cls is None or not issubclass(convertor_cls, CTCConvertor):
        raise InvalidTypeError(
            f'{args.config}: a lexicon corrects CTC readings; the model\'s '
            f'label_convertor is {convertor_type}')
    model = init_model(cfg, args.checkpoint, device='cpu')
    convertor = model.label_convertor
    dataset = build_dataset(cfg.data.test)
    if len(dataset) == 0:
        raise InvalidValueError(f'{args.config}: data.test is empty')
    loader = build_dataloader(dataset, samples_per_gpu=args.batch_size,
                              workers_per_gpu=0, dist=False, shuffle=False)
    batches = read_logits(model.eval(), loader)
    rows = [dict(setting=s, **score(dataset, batches, convertor, s))
            for s in settings(args.lexicon, args.gap)]
    best = max(rows, key=lambda r: r[RANK_KEY])  # first of the ties
    print(f'{len(dataset)} images of {cfg.data.test.get("ann_file")}')
    print('| lexicon | max_nll_gap | ' + ' | '.join(METRICS) + ' |')
    print('| --- | --- | ' + ' | '.join('---' for _ in METRICS) + ' |')
    for row in rows:
        s = row['setting']
        print(f"| {'-' if s is None else s['lexicon_file']} | "
              f"{'-' if s is None else s['max_nll_gap']} | "
              + ' | '.join(f'{row[k]:.4f}' for k in METRICS) + ' |')
    print(f'chosen: {cfg_options(best["setting"])}')
    if args.out:
        atomic_write_text(args.out, json.dumps(
            dict(rows=rows, chosen=best['setting'],
                 cfg_options=cfg_options(best['setting'])), indent=2) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'choose_recog_lexicon.py'))
