"""Check a TorchServe answer against local inference with the same model.

    python tools/deployment/test_torchserve.py IMG CONFIG CHECKPOINT MODEL_NAME \
        [--inference-addr 127.0.0.1:8080] [--device cpu] \
        [--recog-config C --recog-checkpoint P] [--atol 1e-4]

posts IMG to ``http://<inference-addr>/predictions/<MODEL_NAME>``, runs the
model locally (``model_inference``; with ``--recog-config`` end-to-end
``MMOCR.readtext(img, details=True)``, as the end-to-end handler) and
compares the two results: equal keys and texts, numbers within ``--atol``.
Exit status 0 when they agree, 1 with the first difference otherwise.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from mmocr.apis import init_detector, model_inference
from mmocr.deployment.serve_utils import post_image, results_differ
from mmocr.inference.export import to_builtin
from mmocr.inference.loading import load_image
from mmocr.inference.model_zoo import DEFAULT_DET, DEFAULT_RECOG
from mmocr.inference.ocr import MMOCR


def local_result(img: str, config: str, checkpoint: str, device: str,
                 recog_config: str | None = None,
                 recog_checkpoint: str | None = None) -> dict:
    """The result the handler computes for ``img``, in JSON values."""
    arr = load_image(img)
    if recog_config is not None:
        ocr = MMOCR(det=DEFAULT_DET, det_config=config, det_ckpt=checkpoint,
                    recog=DEFAULT_RECOG, recog_config=recog_config,
                    recog_ckpt=recog_checkpoint, device=device)
        # The handler names its images by their place in the batch.
        return to_builtin(ocr.readtext([arr], details=True)[0])
    model = init_detector(config, checkpoint, device=device)
    return to_builtin(model_inference(model, [arr])[0])


def served_result(img: str, model_name: str, inference_addr: str,
                  timeout: float = 60.0) -> tuple[int, Any]:
    """The server's HTTP status and answer for ``img``."""
    address = inference_addr if inference_addr.startswith('http') \
        else f'http://{inference_addr}'
    with open(img, 'rb') as f:
        return post_image(f'{address}/predictions/{model_name}', f.read(),
                          timeout)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Compare a TorchServe answer with local inference.')
    parser.add_argument('img', help='image file')
    parser.add_argument('config', help='config file of the served model')
    parser.add_argument('checkpoint', help='its checkpoint file')
    parser.add_argument('model_name', help='the model name in the server')
    parser.add_argument('--inference-addr', default='127.0.0.1:8080',
                        help='address and port of the inference server')
    parser.add_argument('--device', default='cuda:0',
                        help='device of local inference (the CPU when CUDA '
                        'is missing)')
    parser.add_argument('--recog-config', default=None,
                        help='recognizer config of an end-to-end archive')
    parser.add_argument('--recog-checkpoint', default=None,
                        help='recognizer checkpoint of an end-to-end archive')
    parser.add_argument('--atol', type=float, default=1e-4,
                        help='tolerance of the numbers (coordinates, scores)')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        status, served = served_result(args.img, args.model_name,
                                       args.inference_addr)
    except OSError as err:
        print(f'test_torchserve: cannot reach {args.inference_addr}: {err}',
              file=sys.stderr)
        return 1
    if status != 200:
        print(f'test_torchserve: the server answered {status}: {served}',
              file=sys.stderr)
        return 1
    expected = local_result(args.img, args.config, args.checkpoint,
                            args.device, args.recog_config,
                            args.recog_checkpoint)
    diff = results_differ(expected, served, args.atol)
    if diff:
        print(f'test_torchserve: the served result differs: {diff}',
              file=sys.stderr)
        return 1
    print(f'test_torchserve: the served result equals local inference '
          f'(atol {args.atol})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
