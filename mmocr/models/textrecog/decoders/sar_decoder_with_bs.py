"""SAR's parallel decoder with beam search at test time."""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F

from mmocr.registry import DECODERS
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

from .sar_decoder import ParallelSARDecoder

__all__ = ['ParallelSARDecoderWithBS', 'DecodeNode']


class DecodeNode:
    """One prefix of a beam search (MMOCR 0.x's record): its character
    ``indexes`` and their ``scores``; :meth:`eval` is the prefix's score,
    the sum of its character probabilities -- the rule the batched search of
    :class:`ParallelSARDecoderWithBS` ranks its prefixes by (it keeps them as
    tensors, not as ``DecodeNode`` objects).
    """

    def __init__(self, indexes: Sequence[int] = (1, ),
                 scores: Sequence[float] = (0.9, )):
        if len(indexes) != len(scores):
            raise InvalidValueError(f'DecodeNode: {len(indexes)} indexes and '
                                    f'{len(scores)} scores')
        self.indexes = list(indexes)
        self.scores = list(scores)

    def eval(self) -> float:
        return float(sum(self.scores))


@DECODERS.register_module()
class ParallelSARDecoderWithBS(ParallelSARDecoder):
    """:class:`ParallelSARDecoder` (same layers, same training) decoding by
    beam search at test time.

    Each image keeps the ``beam_width`` best prefixes; a prefix's score is,
    as in MMOCR 0.x, the sum of the probabilities of its characters, and
    every prefix runs all ``max_seq_len`` steps (the convertor reads up to
    the first end token). The first step expands the start token only. The
    whole batch is searched at once (MMOCR 0.x: one image at a time).
    With ``beam_width=1`` the result is greedy decoding's.

    ``forward_test`` returns ``(N, max_seq_len, num_classes - 1)``: zero
    except, at each step, the probability of the best prefix's character
    (what :class:`~mmocr.models.textrecog.convertors.AttnConvertor` decodes,
    as MMOCR 0.x's output).

    Args:
        beam_width: Prefixes kept per image, ``1 <= beam_width <
            num_classes``.
        Others: See :class:`ParallelSARDecoder` (MMOCR 0.x's defaults of
            this class: ``padding_idx=0``).
    """

    def __init__(self, beam_width: int = 5, num_classes: int = 37,
                 enc_bi_rnn: bool = False, dec_bi_rnn: bool = False,
                 dec_do_rnn: float = 0.0, dec_gru: bool = False,
                 d_model: int = 512, d_enc: int = 512, d_k: int = 64,
                 pred_dropout: float = 0.0, max_seq_len: int = 40,
                 mask: bool = True, start_idx: int = 0, padding_idx: int = 0,
                 pred_concat: bool = False,
                 init_cfg: dict | list | None = None):
        super().__init__(num_classes, enc_bi_rnn, dec_bi_rnn, dec_do_rnn,
                         dec_gru, d_model, d_enc, d_k, pred_dropout,
                         max_seq_len, mask, start_idx, padding_idx,
                         pred_concat)
        if not isinstance(beam_width, int) or isinstance(beam_width, bool):
            raise InvalidTypeError(f'beam_width must be an int, got '
                                   f'{beam_width!r}')
        if not 1 <= beam_width < num_classes:
            raise InvalidValueError(f'beam_width must be in [1, num_classes = '
                                    f'{num_classes}), got {beam_width}')
        self.beam_width = beam_width
        self.setup_init(init_cfg)

    def forward_test(self, feat: torch.Tensor, out_enc: torch.Tensor,
                     img_metas: Sequence[dict] | None = None) -> torch.Tensor:
        if torch.jit.is_tracing():
            raise NotImplementedError(
                'ParallelSARDecoderWithBS cannot be exported to ONNX: the '
                'beam search is not traced; export the same checkpoint with '
                "--cfg-options model.decoder.type=ParallelSARDecoder "
                '(greedy decoding, the same weights)')
        mask, key = self._prepare(feat, out_enc, img_metas)
        n, beams, steps = feat.size(0), self.beam_width, self.max_seq_len
        device = feat.device

        def rows(x):  # one row per (image, beam): (N * beams, ...)
            return None if x is None else x.repeat_interleave(beams, dim=0)

        feat, key, mask, out_enc = rows(feat), rows(key), rows(mask), \
            rows(out_enc)
        tokens = torch.full((n * beams, ), self.start_idx, dtype=torch.long,
                            device=device)
        # the beams of an image start as copies: only the first is expanded
        scores = torch.full((n, beams), float('-inf'), device=device)
        scores[:, 0] = 0
        chars = tokens.new_zeros((n * beams, 0))
        char_probs = feat.new_zeros((n * beams, 0))
        if self.dec_bi_rnn:  # re-run over [holistic, prefix, start...]
            dec_input = torch.cat((out_enc.unsqueeze(1), self.embedding(
                tokens).unsqueeze(1).expand(-1, steps, -1)), 1)
        else:  # carry the RNN state, one token per step
            _, state = self.rnn_decoder(out_enc.unsqueeze(1))
        offsets = torch.arange(n, device=device)[:, None] * beams
        for i in range(1, steps + 1):
            if self.dec_bi_rnn:
                y = self.rnn_decoder(dec_input)[0][:, i:i + 1]
            else:
                y, state = self.rnn_decoder(
                    self.embedding(tokens).unsqueeze(1), state)
            probs = F.softmax(self._attend(y, key, feat, out_enc, mask)[:, 0],
                              -1)  # (N * beams, C)
            classes = probs.size(-1)
            total = scores[:, :, None] + probs.view(n, beams, classes)
            scores, best = total.view(n, beams * classes).topk(beams, dim=1)
            src = (offsets + best // classes).view(-1)  # parent rows
            tokens = (best % classes).view(-1)
            chars = torch.cat((chars[src], tokens[:, None]), 1)
            char_probs = torch.cat(
                (char_probs[src], probs[src, tokens][:, None]), 1)
            if self.dec_bi_rnn:
                dec_input = dec_input[src]
                if i < steps:
                    dec_input[:, i + 1] = self.embedding(tokens)
            else:
                state = (tuple(s[:, src] for s in state)
                         if isinstance(state, tuple) else state[:, src])
        # topk sorts: the first beam of each image is its best
        best_rows = offsets[:, 0]
        outputs = probs.new_zeros((n, steps, probs.size(-1)))
        outputs.scatter_(2, chars[best_rows][:, :, None],
                         char_probs[best_rows][:, :, None])
        return outputs
