"""Base class of recognition decoders."""
from __future__ import annotations

from typing import Any, Sequence

import torch

from mmocr.models.common.layers.weight_init import BaseModule, check_init_cfg
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

__all__ = ['BaseDecoder']


@DECODERS.register_module()
class BaseDecoder(BaseModule):
    """Dispatch to ``forward_train`` (teacher forcing, logits) or
    ``forward_test`` (inference) and remember which in ``self.train_mode``.

    ``feat`` is the backbone output ``(N, C, H, W)``, ``out_enc`` the
    encoder output (or ``None``), ``targets_dict`` the convertor's
    ``str2tensor`` output. Decoders return ``(N, T, num_classes)``.

    Args:
        init_cfg: mmcv's init config (see
            :class:`~mmocr.models.common.layers.weight_init.BaseModule`);
            checked here for the class itself; subclasses call
            ``super().__init__()`` without it and end their constructor
            with ``setup_init(init_cfg)``, which checks it.
    """

    train_mode = True

    def __init__(self, init_cfg: dict | list | None = None):
        super().__init__()
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)

    def check_num_classes(self, num_classes: Any) -> int:
        """``num_classes`` (the recognizer sets it from its label
        convertor) if it is an int >= 2, else an error naming the decoder."""
        if (isinstance(num_classes, bool) or not isinstance(num_classes, int)
                or num_classes < 2):
            raise InvalidValueError(f'{type(self).__name__}: num_classes must be an '
                                    f'int >= 2, got {num_classes!r}')
        return num_classes

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                      targets_dict: dict, img_metas: Sequence[dict] | None):
        raise NotImplementedError(
            f'{type(self).__name__} does not implement forward_train')

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                     img_metas: Sequence[dict] | None):
        raise NotImplementedError(
            f'{type(self).__name__} does not implement forward_test')

    def forward(self, feat: torch.Tensor, out_enc: torch.Tensor | None = None,
                targets_dict: dict | None = None,
                img_metas: Sequence[dict] | None = None,
                train_mode: bool = True) -> torch.Tensor:
        self.train_mode = train_mode
        if train_mode:
            if targets_dict is None:
                raise InvalidValueError(f'{type(self).__name__}: targets_dict is '
                                        'required when train_mode=True')
            return self.forward_train(feat, out_enc, targets_dict, img_metas)
        return self.forward_test(feat, out_enc, img_metas)
