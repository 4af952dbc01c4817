"""Segmentation-based text recognizer (SegOCR)."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.core.mask import BitmapMasks
from mmocr.models.builder import (
    build_backbone,
    build_convertor,
    build_head,
    build_loss,
    build_neck,
    build_preprocessor,
)
from mmocr.registry import RECOGNIZERS
from mmocr.utils.errors import InvalidValueError

from .base import BaseRecognizer
from .encode_decode_recognizer import decode_results

__all__ = ['SegRecognizer']


@RECOGNIZERS.register_module()
class SegRecognizer(BaseRecognizer):
    """Recognizer reading text from a per-pixel character class map:
    optional preprocessor -> backbone (several stages, e.g. ResNet-31 with
    ``out_indices``) -> neck (:class:`FPNOCR`) -> head (:class:`SegHead`,
    class logits ``(N, C, H, W)``) -> loss (:class:`SegLoss`) in training,
    the label convertor (:class:`SegConvertor`: connected components read
    left to right) at test time.

    The head receives the convertor's ``num_classes``, as in MMOCR 0.x.
    Training batches carry ``gt_kernels`` (N :class:`BitmapMasks` from
    :class:`~mmocr.datasets.pipelines.OCRSegTargets`); ``img_metas[i]
    ['resize_shape']`` (from ``ResizeOCR``) sets the image's
    ``valid_ratio``, the columns read at test time.

    Args:
        preprocessor, backbone, neck, head, loss, label_convertor:
            Component configs (``preprocessor`` optional).
        train_cfg, test_cfg: Kept for config compatibility; unused.
        pretrained: Checkpoint (path or URL) loaded into the backbone by
            :meth:`init_weights`.
        init_cfg: mmcv's init config, applied by :meth:`init_weights` after
            the components' own initialisation
            (``dict(type='Pretrained', checkpoint=...)`` loads a whole
            recognizer checkpoint).
    """

    def __init__(self, preprocessor: dict | None = None,
                 backbone: dict | None = None, neck: dict | None = None,
                 head: dict | None = None, loss: dict | None = None,
                 label_convertor: dict | None = None,
                 train_cfg: dict | None = None, test_cfg: dict | None = None,
                 pretrained: str | None = None, init_cfg: dict | None = None):
        super().__init__()
        for name, cfg in (('backbone', backbone), ('neck', neck),
                          ('head', head), ('loss', loss),
                          ('label_convertor', label_convertor)):
            if cfg is None:
                raise InvalidValueError(f'SegRecognizer needs a {name} config')
        self.set_pretrained(pretrained, init_cfg)
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        self.label_convertor = build_convertor(label_convertor)
        self.preprocessor = (build_preprocessor(preprocessor)
                             if preprocessor is not None else None)
        self.backbone = build_backbone(backbone)
        self.neck = build_neck(neck)
        self.head = build_head(dict(
            head, num_classes=self.label_convertor.num_classes()))
        self.loss = build_loss(loss)

    def extract_feat(self, img: torch.Tensor) -> Sequence[torch.Tensor]:
        """``(N, C, H, W)`` image -> the backbone's feature maps."""
        if self.preprocessor is not None:
            img = self.preprocessor(img)
        return self.backbone(img)

    def decode_logits(self, img: torch.Tensor,
                      img_metas: Sequence[dict] | None = None
                      ) -> torch.Tensor:
        """Class logits ``(N, num_classes, H', W')`` of ``img`` (``H' x W'``
        the input size with the SEG configs). ``img_metas`` are unused (the
        network reads padding like image columns); the recognizer ONNX
        export calls this."""
        return self.head(self.neck(self.extract_feat(img)))

    def forward_train(self, img: torch.Tensor, img_metas: Sequence[dict],
                      gt_kernels: Sequence[BitmapMasks] | None = None
                      ) -> dict[str, torch.Tensor]:
        """``dict(loss_seg=...)`` for a batch with its ``gt_kernels``."""
        if gt_kernels is None:
            raise InvalidValueError(
                'SegRecognizer needs gt_kernels to train: add OCRSegTargets '
                "to the pipeline and 'gt_kernels' to Collect's keys")
        feats = self.extract_feat(img)
        out_neck = self.neck(feats)
        return self.loss(out_neck, self.head(out_neck), gt_kernels)

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    **kwargs) -> list[dict]:
        """One ``{'text', 'score'}`` per image (``score``: per character)."""
        img_metas = self.with_valid_ratio(img, img_metas)
        out_head = self.decode_logits(img, img_metas)
        if torch.onnx.is_in_onnx_export():
            return out_head
        return decode_results(out_head, img_metas, self.label_convertor)
