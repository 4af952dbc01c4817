"""MMDetection-style single-stage detector: backbone -> neck -> head."""
from __future__ import annotations

import warnings

import torch

from mmocr.models.base import BaseModel
from mmocr.models.builder import build_backbone, build_head, build_neck
from mmocr.models.common.layers.weight_init import check_init_cfg
from mmocr.registry import DETECTORS
from mmocr.utils.errors import InvalidValueError

__all__ = ['SingleStageDetector']


@DETECTORS.register_module()
class SingleStageDetector(BaseModel):
    """Backbone, optional neck and a dense head, built from configs.

    ``extract_feat(img)`` maps ``(N, C, H, W)`` images to the neck's output
    (or the backbone's when there is no neck); ``forward_dummy`` also runs the
    head. ``backbone=None`` is for models that read no pixels (SDMGR without
    its visual modality). Subclasses implement ``forward_train`` and ``simple_test``.
    ``init_cfg`` (mmcv's) is applied to the whole model by ``init_weights``
    after the components' own; ``pretrained`` (deprecated) becomes the
    backbone's ``init_cfg=dict(type='Pretrained', checkpoint=...)``.
    """

    def __init__(self, backbone: dict | None, neck: dict | None = None,
                 bbox_head: dict | None = None, train_cfg: dict | None = None,
                 test_cfg: dict | None = None, pretrained: str | None = None,
                 init_cfg: dict | None = None):
        super().__init__()
        if pretrained:
            if backbone is None:
                raise InvalidValueError(
                    f'{type(self).__name__}: pretrained={pretrained!r} needs '
                    'a backbone config')
            warnings.warn('pretrained is deprecated, set init_cfg in the '
                          'backbone config instead', DeprecationWarning,
                          stacklevel=2)
            backbone = dict(backbone, init_cfg=dict(type='Pretrained',
                                                    checkpoint=pretrained))
        if bbox_head is None:
            raise InvalidValueError(f'{type(self).__name__} needs a bbox_head config')
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)
        self.backbone = None if backbone is None else build_backbone(backbone)
        if neck is not None:
            self.neck = build_neck(neck)
        # The head gets the model's train_cfg/test_cfg if it takes them and
        # does not set its own.
        self.bbox_head = build_head(bbox_head, optional_args={
            key: value for key, value in (('train_cfg', train_cfg),
                                          ('test_cfg', test_cfg))
            if key not in bbox_head})
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg

    @property
    def with_neck(self) -> bool:
        return hasattr(self, 'neck') and self.neck is not None

    def extract_feat(self, img: torch.Tensor):
        """Backbone (and neck) features of ``img`` ``(N, C, H, W)``."""
        if self.backbone is None:
            raise InvalidValueError(f'{type(self).__name__} was built without '
                                    'a backbone: it has no image features')
        x = self.backbone(img)
        if self.with_neck:
            x = self.neck(x)
        return x

    def forward_dummy(self, img: torch.Tensor):
        """Raw head output, e.g. for FLOPs counting and export."""
        return self.bbox_head(self.extract_feat(img))
