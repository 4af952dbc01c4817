"""PSENet's head: :class:`PANHead` with PSENet's defaults."""
from __future__ import annotations

from typing import Sequence

from mmocr.registry import HEADS

from .pan_head import PANHead

__all__ = ['PSEHead']


@HEADS.register_module()
class PSEHead(PANHead):
    """Head of PSENet (https://arxiv.org/abs/1903.12473): :class:`PANHead`'s
    1x1 conv (``out_conv``) over the neck's map(s), giving ``(N,
    out_channels, H, W)`` logits: channel 0 the text region, then the
    ``out_channels - 1`` shrunk kernels, largest first (``out_channels=7``
    for ``PSENetTargets``' 7 shrink ratios).

    Differs from :class:`PANHead` only in its defaults (``PSELoss``,
    ``PSEPostprocessor``) and, as MMOCR 0.x (``init_cfg=None``), in keeping
    PyTorch's default initialisation of ``out_conv``.

    Args:
        in_channels: Channels of each input map (``[256]`` after ``FPNF``).
        out_channels: Output channels: 1 text map + the kernel maps.
        downsample_ratio: Output map size / input image size, in [0, 1].
        loss: Config of the loss (``PSELoss``).
        postprocessor: Config of the postprocessor (``PSEPostprocessor``).
        init_cfg: mmcv's init config, applied after ``out_conv``'s
            initialisation when built and by ``init_weights`` (e.g.
            ``Pretrained``).
        text_repr_type, decoding_type: MMOCR 0.x's deprecated head arguments
            (a warning; ``text_repr_type`` is moved into ``postprocessor``).
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int,
                 downsample_ratio: float = 0.25,
                 loss: dict = dict(type='PSELoss'),
                 postprocessor: dict = dict(type='PSEPostprocessor',
                                            text_repr_type='poly'),
                 train_cfg: dict | None = None,
                 test_cfg: dict | None = None,
                 init_cfg=None,
                 text_repr_type: str | None = None,
                 decoding_type: str | None = None):
        super().__init__(in_channels, out_channels,
                         downsample_ratio=downsample_ratio, loss=loss,
                         postprocessor=postprocessor, train_cfg=train_cfg,
                         test_cfg=test_cfg, init_cfg=init_cfg,
                         text_repr_type=text_repr_type,
                         decoding_type=decoding_type)

    def default_init(self) -> None:
        """``out_conv``: PyTorch's default conv initialisation."""
        self.out_conv.reset_parameters()
