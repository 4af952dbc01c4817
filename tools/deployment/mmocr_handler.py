"""TorchServe handler of an MMOCR model archive (``mmocr2torchserve.py``).

A request's body is an encoded image (JPEG, PNG...: the raw bytes, a
multipart form field, or base64 text). The answer is the result dict of
MMOCR 0.x, as JSON:

* a text detector: ``{'boundary_result': [[x1, y1, ..., xn, yn, score],
  ...]}``, as :func:`mmocr.apis.model_inference`;
* a text recognizer: ``{'text': str, 'score': [per-character scores]}``
  (or a float, as the recognizer gives);
* an end-to-end archive (a detector and ``recog_config.py`` +
  ``recog_checkpoint.pth``): ``{'filename', 'result': [{'box', 'box_score',
  'text', 'text_score'}, ...]}``, as ``MMOCR.readtext(img, details=True)``.

A request with an empty body or bytes that do not decode as an image gets
HTTP 400 and ``{'code': 400, 'type': 'InvalidImage', 'message': ...}``; the
other requests of the same batch are answered normally.
"""
from __future__ import annotations

import os.path as osp
from typing import Any

import numpy as np
import torch
from ts.torch_handler.base_handler import BaseHandler

from mmocr.apis import init_detector, model_inference
from mmocr.deployment import model_kind
from mmocr.deployment.serve_utils import (
    ARCHIVE_CONFIG,
    ARCHIVE_RECOG_CHECKPOINT,
    ARCHIVE_RECOG_CONFIG,
    SERVED_KINDS,
    RequestError,
    request_image,
)
from mmocr.inference.export import to_builtin
from mmocr.inference.model_zoo import DEFAULT_DET, DEFAULT_RECOG
from mmocr.inference.ocr import MMOCR
from mmocr.utils.config import Config


class MMOCRHandler(BaseHandler):
    """Detection, recognition or end-to-end OCR behind TorchServe (see the
    module docstring for the requests and answers)."""

    def initialize(self, context: Any) -> None:
        properties = context.system_properties
        gpu_id = properties.get('gpu_id')
        self.device = torch.device(
            f'cuda:{gpu_id or 0}' if torch.cuda.is_available() else 'cpu')
        self.manifest = context.manifest
        model_dir = properties.get('model_dir')
        checkpoint = osp.join(model_dir,
                              self.manifest['model']['serializedFile'])
        config = osp.join(model_dir, ARCHIVE_CONFIG)
        recog_config = osp.join(model_dir, ARCHIVE_RECOG_CONFIG)
        if osp.exists(recog_config):
            self.task = 'e2e'
            # The zoo names only label the steps: configs and checkpoints
            # are the archive's.
            self.model = MMOCR(
                det=DEFAULT_DET, det_config=config, det_ckpt=checkpoint,
                recog=DEFAULT_RECOG, recog_config=recog_config,
                recog_ckpt=osp.join(model_dir, ARCHIVE_RECOG_CHECKPOINT),
                device=self.device)
        else:
            self.task = model_kind(Config.fromfile(config))
            if self.task not in SERVED_KINDS:
                raise NotImplementedError(
                    f'{self.task} models cannot be served: a request holds '
                    'an image only')
            self.model = init_detector(config, checkpoint, device=self.device)
        self.initialized = True

    def preprocess(self, data: list[dict]) -> list[np.ndarray | RequestError]:
        """One image per request, or the :class:`RequestError` it raised
        (that request is answered 400)."""
        images: list[np.ndarray | RequestError] = []
        for idx, row in enumerate(data):
            try:
                images.append(request_image(row))
            except RequestError as err:
                self.context.set_response_status(err.code, 'Bad Request', idx)
                images.append(err)
        return images

    def inference(self, data: list[np.ndarray | RequestError], *args: Any,
                  **kwargs: Any) -> list[dict]:
        valid = [i for i, img in enumerate(data)
                 if not isinstance(img, RequestError)]
        imgs = [data[i] for i in valid]
        if not imgs:
            results: list[dict] = []
        elif self.task == 'e2e':
            # one image at a time: each answer names its image "0", as for
            # a batch of one
            results = [self.model.readtext([img], details=True)[0]
                       for img in imgs]
        else:
            results = model_inference(self.model, imgs)
        answers: list[dict] = [item.answer() if isinstance(item, RequestError)
                               else {} for item in data]
        for i, res in zip(valid, results):
            answers[i] = res
        return answers

    def postprocess(self, data: list[dict]) -> list[dict]:
        """JSON-ready answers (numpy/torch values as Python numbers)."""
        return [to_builtin(res) for res in data]
