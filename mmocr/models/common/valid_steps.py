"""The valid time-step rule of sequence recognisers.

Images of a batch are right-padded to the widest one; ``img_metas[i]
['valid_ratio']`` is the share of the batch width that holds image ``i``.
Of ``T`` feature columns (time steps), image ``i`` then covers the first
``ceil(T * valid_ratio)``: the CTC convertor decodes them, the CTC loss
counts them as the input length, CRNN's BiLSTMs read them and SAR masks the
others.
"""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.utils.errors import InvalidValueError

__all__ = ['get_valid_ratios', 'valid_steps', 'INTEGER_TOLERANCE',
           'MetasWithRatios']

#: ``T * valid_ratio`` within this of an integer counts as that integer.
#: Ratios are ``w / W`` quotients with rounding error (``T * fl(7 / 25)`` is
#: ``7.000000000000001`` for ``T = 25``), and they are float32 (what an ONNX
#: graph or a TensorRT engine takes), whose product with ``T <= 4096``
#: columns is off by at most ``4096 * 2**-23 < 5e-4``. An image that really
#: ends inside a column ends at least ``T / W >= 1 / 32`` of a column (the
#: downsampling of the widest backbone) before its boundary, far above it.
INTEGER_TOLERANCE = 1e-3


class MetasWithRatios(list):
    """``img_metas`` (a list of dicts) whose valid ratios are the tensor
    ``valid_ratios (N,)`` rather than their ``'valid_ratio'`` entries: an
    ONNX export feeds them as a graph input, so the masks computed from
    them (:func:`get_valid_ratios`) stay in the graph instead of being
    traced as constants of the traced image."""

    def __init__(self, img_metas: Sequence[dict], valid_ratios: torch.Tensor):
        super().__init__(img_metas)
        self.valid_ratios = valid_ratios


def get_valid_ratios(img_metas: Sequence[dict] | None,
                 batch_size: int) -> torch.Tensor:
    """``(N,)`` float32 ``valid_ratio`` of each image (1 when a meta has
    none, or when ``img_metas`` is None; ``img_metas.valid_ratios`` for
    :class:`MetasWithRatios`).

    Raises:
        ValueError: ``img_metas`` does not hold ``batch_size`` dicts.
    """
    if isinstance(img_metas, MetasWithRatios):
        return img_metas.valid_ratios.float()
    if img_metas is None:
        return torch.ones(batch_size, dtype=torch.float32)
    if len(img_metas) != batch_size:
        raise InvalidValueError(f'{len(img_metas)} img_metas for a batch of '
                                f'{batch_size}')
    return torch.tensor([float(m.get('valid_ratio', 1.0)) for m in img_metas],
                        dtype=torch.float32)


def valid_steps(num_steps: int | torch.Tensor,
                ratios: torch.Tensor | Sequence[float]) -> torch.Tensor:
    """``(N,)`` LongTensor: ``ceil(num_steps * ratio)`` per image, at least
    1 and at most ``num_steps``.

    The product is taken in float32 and counts as an integer within
    :data:`INTEGER_TOLERANCE` of one. Float32 tensor operations only, so
    ONNX exports (and TensorRT engines, which have no float64) can take the
    ratios as a graph input (``num_steps`` may be a traced size); the
    result is on the device of ``ratios``.

    Args:
        num_steps: ``T``, the number of time steps (feature columns).
        ratios: ``(N,)`` valid ratios in (0, 1].
    """
    ratios = torch.as_tensor(ratios).float()
    steps = torch.ceil(ratios * num_steps - INTEGER_TOLERANCE)
    # clamped in float32: ONNX Runtime's Clip-11 is float only
    return steps.clamp(1, num_steps).long()
