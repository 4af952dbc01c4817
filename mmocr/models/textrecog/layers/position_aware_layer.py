"""RobustScanner's position-aware module."""
from __future__ import annotations

import torch
from torch import nn

__all__ = ['PositionAwareLayer']


class PositionAwareLayer(nn.Module):
    """An LSTM along each row of the map, then two 3x3 convs (``mixer``):
    ``(N, dim_model, H, W)`` -> ``(N, dim_model, H, W)``.

    Args:
        dim_model: Channels.
        rnn_layers: LSTM layers.
    """

    def __init__(self, dim_model: int, rnn_layers: int = 2):
        super().__init__()
        self.dim_model = dim_model
        self.rnn = nn.LSTM(input_size=dim_model, hidden_size=dim_model,
                           num_layers=rnn_layers, batch_first=True)
        self.mixer = nn.Sequential(
            nn.Conv2d(dim_model, dim_model, kernel_size=3, stride=1,
                      padding=1), nn.ReLU(True),
            nn.Conv2d(dim_model, dim_model, kernel_size=3, stride=1,
                      padding=1))

    def forward(self, img_feature: torch.Tensor) -> torch.Tensor:
        n, c, h, w = img_feature.shape
        rows = img_feature.permute(0, 2, 3, 1).reshape(n * h, w, c)
        rows, _ = self.rnn(rows)
        return self.mixer(rows.reshape(n, h, w, c).permute(0, 3, 1, 2))
