"""Bidirectional LSTM followed by a linear projection (CRNN's sequence model)."""
from __future__ import annotations

import torch
from torch import nn

__all__ = ['BidirectionalLSTM']


class BidirectionalLSTM(nn.Module):
    """BiLSTM + linear layer over a time-major sequence.

    Input ``(T, N, in_channels)``, output ``(T, N, out_channels)``.

    Args:
        nIn: Input feature size.
        nHidden: Hidden size of each direction.
        nOut: Output feature size.
    """

    def __init__(self, nIn: int, nHidden: int, nOut: int):  # noqa: N803
        super().__init__()
        self.rnn = nn.LSTM(nIn, nHidden, bidirectional=True)
        self.embedding = nn.Linear(nHidden * 2, nOut)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        recurrent, _ = self.rnn(x)
        return self.embedding(recurrent)
