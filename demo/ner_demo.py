#!/usr/bin/env python
"""Named entity recognition demo: print the entities of a sentence.

    python demo/ner_demo.py CONFIG CHECKPOINT [--device cpu] [--text TEXT]

Without ``--text`` the sentence is read from the terminal (as in MMOCR 0.x).
A bad config or checkpoint gives one ``ner_demo.py: error: ...`` line and
exit status 1 (``MMOCR_DEBUG=1`` shows the traceback).
"""
from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Sequence

from mmocr.apis.inference import init_detector, text_model_inference
from mmocr.apis.utils import run_tool
from mmocr.models.ner import NerClassifier


def format_entities(text: str, entities: list[list]) -> list[str]:
    """``category: span text`` lines."""
    return [f'{category}: {text[start:end + 1]}'
            for category, start, end in entities]


def main(argv: Sequence[str] | None = None) -> int:
    parser = ArgumentParser(description='NER demo (Bert-softmax).')
    parser.add_argument('config', help='Config file.')
    parser.add_argument('checkpoint', help='Checkpoint file.')
    parser.add_argument('--device', default='cuda:0',
                        help='Device used for inference.')
    parser.add_argument('--text', help='Sentence to analyse (else read from '
                        'the terminal).')
    args = parser.parse_args(argv)
    model = init_detector(args.config, args.checkpoint, device=args.device)
    if not isinstance(model, NerClassifier):
        raise ValueError(f'{args.config} builds a {type(model).__name__}, '
                         'not a NER model (NerClassifier)')
    text = args.text if args.text is not None else input(
        'Please enter a sentence you want to test: ')
    for line in format_entities(text, text_model_inference(model, text)[0]):
        print(line)
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'ner_demo.py'))
