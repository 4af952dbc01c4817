"""The model contract the runner, the test tools and the inference API use.

Every top-level model (text detector, recognizer, KIE or NER model) subclasses
:class:`BaseModel` and implements ``forward_train`` and ``simple_test``:

* ``forward_train(img, img_metas, **gt) -> dict[str, Tensor]``: named losses
  (any key containing ``loss`` is summed into the total).
* ``simple_test(img, img_metas, **kwargs) -> list[dict]``: one result dict per
  image, in MMOCR 0.x's result format.
* ``aug_test(imgs, img_metas, **kwargs)``: optional test-time augmentation,
  ``imgs`` being one batch tensor per augmented view.

``img`` is a float tensor ``(N, C, H, W)``; ``img_metas`` a list of N dicts
(``filename``, ``ori_shape``, ``img_shape``, ``scale_factor``, ...).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import torch
import torch.distributed as dist

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.utils.errors import InvalidTypeError, InvalidValueError


class BaseModel(BaseModule):
    """Shared ``forward`` dispatch, training step and loss parsing.

    A model's ``init_cfg`` (kept checked as ``self.init_cfg`` by the
    subclass) is applied by :meth:`init_weights`, after its components'
    own ``init_weights``; building the model does not apply it.
    """

    def forward(self, img, img_metas=None, return_loss: bool = True, **kwargs):
        if isinstance(img, torch.Tensor):
            # A channels-last batch (e.g. ``torch.from_numpy(nhwc).permute(0,
            # 3, 1, 2)``) corrupts the heap in the backward pass of a strided
            # 1x1 conv with few input channels (torch 2.13 CPU, one thread:
            # ResNet's downsample shortcut); the pipelines' batches are
            # contiguous already, for which this is free.
            img = img.contiguous()
        if return_loss:
            return self.forward_train(img, img_metas, **kwargs)
        return self.forward_test(img, img_metas, **kwargs)

    def forward_train(self, img, img_metas, **kwargs) -> dict[str, Any]:
        raise NotImplementedError(
            f'{type(self).__name__} does not implement forward_train')

    def simple_test(self, img, img_metas, **kwargs) -> list[dict]:
        raise NotImplementedError(
            f'{type(self).__name__} does not implement simple_test')

    def aug_test(self, imgs, img_metas, **kwargs) -> list[dict]:
        raise NotImplementedError(
            f'{type(self).__name__} has no test-time augmentation; use a test '
            'pipeline with a single view')

    def forward_test(self, imgs, img_metas, **kwargs) -> list[dict]:
        """Dispatch one view to ``simple_test`` and several to ``aug_test``.

        ``imgs`` is a batch tensor, or a list of batch tensors (one per
        augmented view) with ``img_metas`` a list of per-view meta lists.
        """
        if isinstance(imgs, torch.Tensor):
            return self.simple_test(imgs, img_metas, **kwargs)
        if len(imgs) == 1:
            kwargs = {k: v[0] if isinstance(v, list) and len(v) == 1 else v
                      for k, v in kwargs.items()}
            return self.simple_test(imgs[0], img_metas[0], **kwargs)
        return self.aug_test(imgs, img_metas, **kwargs)

    def default_init(self) -> None:
        """Initialise child modules that define ``init_weights``."""
        for module in self.children():
            if hasattr(module, 'init_weights'):
                module.init_weights()

    @staticmethod
    def parse_losses(losses: dict[str, Any]) -> tuple[torch.Tensor, dict]:
        """Sum the ``*loss*`` terms; return the total and float log values.

        Log values are averaged over ranks when training is distributed.
        """
        log_vars: dict[str, torch.Tensor] = OrderedDict()
        for name, value in losses.items():
            if isinstance(value, torch.Tensor):
                log_vars[name] = value.mean()
            elif isinstance(value, (list, tuple)):
                log_vars[name] = sum(v.mean() for v in value)
            elif isinstance(value, (int, float)):
                log_vars[name] = torch.tensor(float(value))
            else:
                raise InvalidTypeError(f'loss "{name}" is a {type(value).__name__}; '
                                       'expected a tensor or a list of tensors')
        loss = sum(v for k, v in log_vars.items() if 'loss' in k)
        if not isinstance(loss, torch.Tensor):
            raise InvalidValueError(f'no loss term among {list(losses)}: a key must '
                                    'contain "loss"')
        log_vars['loss'] = loss
        distributed = dist.is_available() and dist.is_initialized()
        out = OrderedDict()
        for name, value in log_vars.items():
            value = value.detach().float()
            if distributed:
                value = value.clone()
                dist.all_reduce(value.div_(dist.get_world_size()))
            out[name] = value.item()
        return loss, out

    def train_step(self, data: dict, optimizer=None) -> dict:
        """One training forward: ``dict(loss, log_vars, num_samples)``."""
        losses = self(**data)
        loss, log_vars = self.parse_losses(losses)
        return dict(loss=loss, log_vars=log_vars,
                    num_samples=len(data['img_metas']))

    def val_step(self, data: dict, optimizer=None) -> dict:
        return self.train_step(data, optimizer)
