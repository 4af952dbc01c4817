"""VisionLAN's decoder (Wang et al. 2021, "From Two to One: A New Scene Text
Recognizer with Visual Language Modeling Network"): the masked
language-aware module (MLM, training only) and the visual reasoning module
(VRM: a transformer unit and a parallel prediction layer)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from mmocr.models.common.layers import TFEncoderLayer
from mmocr.models.common.modules import PositionalEncoding
from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidValueError

from .base_decoder import BaseDecoder

__all__ = ['VisionLANDecoder', 'occlusion_targets']

TRAINING_STEPS = ('LF_1', 'LF_2', 'LA')


def occlusion_targets(targets: Sequence[torch.Tensor], label_pos: torch.Tensor,
                      steps: int, end_idx: int, padding_idx: int
                      ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-step targets ``(N, steps)`` of the whole word, of the word
    without its character at ``label_pos (N,)`` (the remaining string) and
    of that character alone: each is the characters, ``end_idx``, then
    ``padding_idx`` (cut at ``steps``; an empty word's occluded character is
    padding)."""
    seqs: tuple[list, list, list] = ([], [], [])
    for chars, pos in zip(targets, label_pos.tolist()):
        chars = chars.tolist()
        seqs[0].append(chars + [end_idx])
        seqs[1].append(chars[:pos] + chars[pos + 1:] + [end_idx])
        seqs[2].append(chars[pos:pos + 1] + [end_idx] if chars else [])
    out = []
    for rows in seqs:
        padded = torch.full((len(rows), steps), padding_idx, dtype=torch.long)
        for i, row in enumerate(rows):
            row = row[:steps]
            padded[i, :len(row)] = torch.tensor(row, dtype=torch.long)
        out.append(padded)
    return out[0], out[1], out[2]


class TransformerUnit(nn.Module):
    """Sinusoidal positions, dropout, ``n_layers`` post-norm transformer
    encoder layers (ReLU feed-forward) and a layer norm:
    ``(N, L, n_dim)`` -> same."""

    def __init__(self, n_layers: int, n_dim: int, n_head: int, d_inner: int,
                 n_position: int, dropout: float):
        super().__init__()
        self.position_enc = PositionalEncoding(n_dim, n_position=n_position)
        self.dropout = nn.Dropout(dropout)
        self.layer_stack = nn.ModuleList(TFEncoderLayer(
            n_dim, d_inner, n_head, n_dim // n_head, n_dim // n_head,
            dropout=dropout, qkv_bias=True, act_cfg=dict(type='ReLU'),
            operation_order=('self_attn', 'norm', 'ffn', 'norm'))
            for _ in range(n_layers))
        self.layer_norm = nn.LayerNorm(n_dim, eps=1e-6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.dropout(self.position_enc(x))
        for layer in self.layer_stack:
            x = layer(x)
        return self.layer_norm(x)


class PPLayer(nn.Module):
    """Parallel prediction: each of ``steps`` reading-order embeddings
    attends over the ``n_position`` features: ``(N, L, n_dim)`` ->
    glimpses ``(N, steps, n_dim)``."""

    def __init__(self, n_dim: int, steps: int, n_position: int):
        super().__init__()
        self.steps = steps
        self.f0_embedding = nn.Embedding(steps, n_dim)
        self.w0 = nn.Linear(steps, n_position)
        self.wv = nn.Linear(n_dim, n_dim)
        self.we = nn.Linear(n_dim, steps)

    def forward(self, enc: torch.Tensor) -> torch.Tensor:
        order = self.f0_embedding(torch.arange(self.steps, device=enc.device))
        query = self.w0(order.t()).t()  # (L, n_dim)
        scores = self.we(torch.tanh(query + self.wv(enc)))  # (N, L, steps)
        return scores.transpose(1, 2).softmax(dim=-1) @ enc


class MLM(nn.Module):
    """Masked language-aware module: from the features ``(N, L, n_dim)``
    and the occluded character's index ``label_pos (N,)``, the character's
    mask ``(N, L, 1)`` in ``[0, 1]`` and the features of the remaining
    string and of the occluded character (weakly supervised
    complementary learning), each ``(N, L, n_dim)``."""

    def __init__(self, n_dim: int, n_head: int, d_inner: int, n_position: int,
                 steps: int, dropout: float):
        super().__init__()
        self.MLM_SequenceModeling_mask = TransformerUnit(
            2, n_dim, n_head, d_inner, n_position, dropout)
        self.MLM_SequenceModeling_WCL = TransformerUnit(
            1, n_dim, n_head, d_inner, n_position, dropout)
        self.pos_embedding = nn.Embedding(steps, n_dim)
        self.w0_linear = nn.Linear(1, n_position)
        self.wv = nn.Linear(n_dim, n_dim)
        self.we = nn.Linear(n_dim, 1)

    def forward(self, feat: torch.Tensor, label_pos: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        seq = self.MLM_SequenceModeling_mask(feat)
        pos = self.w0_linear(self.pos_embedding(label_pos)[..., None])
        mask = torch.sigmoid(self.we(torch.tanh(pos.transpose(1, 2) + self.wv(seq))))
        f_res = self.MLM_SequenceModeling_WCL(feat * (1 - mask))
        f_sub = self.MLM_SequenceModeling_WCL(feat * mask)
        return f_res, f_sub, mask


class Prediction(nn.Module):
    """The VRM's parallel prediction (``pp``, ``w_vrm``) and the one shared
    by the MLM's two branches (``pp_share``, ``w_share``)."""

    def __init__(self, n_dim: int, steps: int, n_position: int, n_class: int):
        super().__init__()
        self.pp = PPLayer(n_dim, steps, n_position)
        self.pp_share = PPLayer(n_dim, steps, n_position)
        self.w_vrm = nn.Linear(n_dim, n_class)
        self.w_share = nn.Linear(n_dim, n_class)


@DECODERS.register_module()
class VisionLANDecoder(BaseDecoder):
    """VisionLAN's MLM and VRM over a backbone feature map.

    Input ``feat (N, n_dim, H, W)`` with ``H * W = n_position`` (ResNet45
    maps 64x256 images to 8x32), read column by column. Testing returns the
    VRM's class probabilities ``(N, max_seq_len, num_classes - 1)`` (no
    padding class; the AttnConvertor stops at the end token). Training
    returns a dict: ``out_vis`` (VRM logits) and, in the ``LF_2`` and
    ``LA`` steps, ``out_rem`` / ``out_sub`` (the MLM branches' logits of
    the remaining string and of the occluded character), all
    ``(N, max_seq_len, num_classes - 1)``, with their targets
    ``targets_vis`` / ``targets_rem`` / ``targets_sub`` ``(N,
    max_seq_len)`` (:func:`occlusion_targets`; the occluded character is
    drawn uniformly per word) and ``mask`` ``(N, n_position, 1)``.

    Args:
        training_step: ``'LF_1'`` (language-free: VRM only), ``'LF_2'``
            (with the MLM) or ``'LA'`` (language-aware: the MLM's mask
            also occludes the VRM's features of the first half of the
            batch).
        n_layers: Transformer layers of the VRM.
        n_position: Feature positions ``H * W``.
        n_dim: Feature channels.
        n_head, d_inner, dropout: The transformer layers' heads,
            feed-forward size and dropout.
        num_classes, end_idx, padding_idx, max_seq_len: Set by the
            recognizer from its AttnConvertor (``max_seq_len``: the
            predicted steps, the end token included).
        start_idx: Passed by the recognizer; unused (parallel decoding).
    """

    #: The VRM reads exactly ``n_position`` features (a 64x256 image for
    #: ResNet45), so the input size is fixed (ONNX export keeps the width
    #: static).
    fixed_input_width = True

    def __init__(self, training_step: str = 'LA', n_layers: int = 3,
                 n_position: int = 256, n_dim: int = 512, n_head: int = 8,
                 d_inner: int = 2048, dropout: float = 0.1,
                 num_classes: int | None = None, end_idx: int | None = None,
                 padding_idx: int | None = None, max_seq_len: int = 26,
                 start_idx: int | None = None):
        super().__init__()
        if training_step not in TRAINING_STEPS:
            raise InvalidValueError(
                f'training_step must be one of {TRAINING_STEPS}, got {training_step!r}')
        if num_classes is None or end_idx is None or padding_idx is None:
            raise InvalidValueError(
                'VisionLANDecoder needs num_classes, end_idx and padding_idx '
                f'(from an AttnConvertor), got {num_classes}, {end_idx}, {padding_idx}')
        if n_dim % n_head:
            raise InvalidValueError(
                f'n_dim {n_dim} must be divisible by n_head {n_head}')
        self.training_step = training_step
        self.num_classes = num_classes
        self.n_position = n_position
        self.end_idx = end_idx
        self.padding_idx = padding_idx
        self.max_seq_len = max_seq_len
        self.MLM = MLM(n_dim, n_head, d_inner, n_position, max_seq_len, dropout)
        self.SequenceModeling = TransformerUnit(n_layers, n_dim, n_head, d_inner,
                                                n_position, dropout)
        self.Prediction = Prediction(n_dim, max_seq_len, n_position,
                                     num_classes - 1)

    def _sequence(self, feat: torch.Tensor) -> torch.Tensor:
        """``(N, C, H, W)`` -> ``(N, W*H, C)``, column by column."""
        n, c, h, w = feat.shape
        if h * w != self.n_position:
            raise InvalidValueError(
                f'VisionLANDecoder: the feature map is {h}x{w} = {h * w} '
                f'positions, n_position is {self.n_position}; resize the '
                'images (64x256 for ResNet45) or set n_position')
        return feat.transpose(2, 3).reshape(n, c, w * h).transpose(1, 2)

    def vrm(self, seq: torch.Tensor) -> torch.Tensor:
        """The visual reasoning module: features ``(N, L, n_dim)`` ->
        logits ``(N, max_seq_len, num_classes - 1)``."""
        pred = self.Prediction
        return pred.w_vrm(pred.pp(self.SequenceModeling(seq)))

    def forward_train(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                      targets_dict: dict,
                      img_metas: Sequence[dict] | None = None) -> dict:
        seq = self._sequence(feat)
        pred = self.Prediction
        targets = targets_dict['targets']
        lengths = torch.tensor([len(t) for t in targets], dtype=torch.float)
        label_pos = (torch.rand(len(targets)) * lengths).long().clamp(
            max=self.max_seq_len - 1)
        t_vis, t_rem, t_sub = occlusion_targets(
            targets, label_pos, self.max_seq_len, self.end_idx,
            self.padding_idx)
        out = dict(targets_vis=t_vis.to(feat.device))
        if self.training_step == 'LF_1':
            out['out_vis'] = self.vrm(seq)
            return out
        f_res, f_sub, mask = self.MLM(seq, label_pos.to(feat.device))
        if self.training_step == 'LA':
            # the first half of the batch (a batch of one: that image)
            occluded = torch.arange(seq.size(0), device=seq.device) < max(
                1, seq.size(0) // 2)
            seq = seq * (1 - mask * occluded[:, None, None])
        out.update(
            out_vis=self.vrm(seq),
            out_rem=pred.w_share(pred.pp_share(f_res)),
            out_sub=pred.w_share(pred.pp_share(f_sub)),
            targets_rem=t_rem.to(feat.device), targets_sub=t_sub.to(feat.device),
            mask=mask)
        return out

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor | None,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        return self.vrm(self._sequence(feat)).softmax(dim=-1)
