"""Bidirectional LSTM followed by a linear projection (CRNN's sequence model)."""
from __future__ import annotations

import torch
from torch import nn

__all__ = ['BidirectionalLSTM']


class BidirectionalLSTM(nn.Module):
    """BiLSTM + linear layer over a time-major sequence.

    Input ``(T, N, in_channels)``, output ``(T, N, out_channels)``. With
    ``lengths`` ``(N,)``, each sequence is read over its first
    ``lengths[i]`` steps only (packed), so the backward direction starts at
    the sequence's own end rather than in the batch padding; the outputs of
    the padded steps are then the projection of zeros.

    Args:
        nIn: Input feature size.
        nHidden: Hidden size of each direction.
        nOut: Output feature size.
    """

    def __init__(self, nIn: int, nHidden: int, nOut: int):  # noqa: N803
        super().__init__()
        self.rnn = nn.LSTM(nIn, nHidden, bidirectional=True)
        self.embedding = nn.Linear(nHidden * 2, nOut)

    def forward(self, x: torch.Tensor,
                lengths: torch.Tensor | None = None) -> torch.Tensor:
        # (exported with lengths, the graph always packs: the lengths are
        # an input of the graph, unknown when it is traced)
        if lengths is None or (not torch.onnx.is_in_onnx_export()
                               and bool((lengths >= x.size(0)).all())):
            recurrent, _ = self.rnn(x)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths.cpu(), enforce_sorted=False)
            recurrent, _ = nn.utils.rnn.pad_packed_sequence(
                self.rnn(packed)[0], total_length=x.size(0))
        return self.embedding(recurrent)
