"""RoIAlignRotated against hand-computed values and a naive per-sample
transcription of mmcv's kernel."""
from __future__ import annotations

import math

import pytest
import torch

from mmocr.models.common.layers import RoIAlignRotated
from mmocr.models.common.layers.roi_align_rotated import roi_align_rotated
from mmocr.registry import MODELS


def _bilinear(feat: torch.Tensor, y: float, x: float) -> torch.Tensor:
    """mmcv's bilinear_interpolate: 0 beyond one pixel outside, edge
    pixels repeated within it."""
    height, width = feat.shape[-2:]
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return feat.new_zeros(feat.size(0))
    y = min(max(y, 0.0), height - 1.0)
    x = min(max(x, 0.0), width - 1.0)
    y0, x0 = int(y), int(x)
    y1, x1 = min(y0 + 1, height - 1), min(x0 + 1, width - 1)
    ly, lx = y - y0, x - x0
    return ((1 - ly) * (1 - lx) * feat[:, y0, x0] + (1 - ly) * lx * feat[:, y0, x1]
            + ly * (1 - lx) * feat[:, y1, x0] + ly * lx * feat[:, y1, x1])


def _reference(feats, rois, out_size, scale, ratio, aligned, clockwise):
    ph, pw = out_size
    out = feats.new_zeros(len(rois), feats.size(1), ph, pw)
    offset = 0.5 if aligned else 0.0
    for n, (b, cx, cy, w, h, theta) in enumerate(rois.tolist()):
        cx, cy = cx * scale - offset, cy * scale - offset
        w, h = w * scale, h * scale
        theta = -theta if clockwise else theta
        if not aligned:
            w, h = max(w, 1.0), max(h, 1.0)
        gh = ratio if ratio > 0 else math.ceil(h / ph)
        gw = ratio if ratio > 0 else math.ceil(w / pw)
        count = max(gh * gw, 1)
        cos, sin = math.cos(theta), math.sin(theta)
        for p in range(ph):
            for q in range(pw):
                acc = feats.new_zeros(feats.size(1))
                for iy in range(gh):
                    yy = -h / 2 + p * h / ph + (iy + 0.5) * h / ph / gh
                    for ix in range(gw):
                        xx = -w / 2 + q * w / pw + (ix + 0.5) * w / pw / gw
                        y = yy * cos - xx * sin + cy
                        x = yy * sin + xx * cos + cx
                        acc += _bilinear(feats[int(b)], y, x)
                out[n, :, p, q] = acc / count
    return out


def _ramps(height: int = 8, width: int = 10) -> torch.Tensor:
    ys, xs = torch.meshgrid(torch.arange(height, dtype=torch.float32),
                            torch.arange(width, dtype=torch.float32),
                            indexing='ij')
    return torch.stack([ys, xs])[None]  # channel 0: y, channel 1: x


def test_hand_computed_rotations():
    feats = _ramps()
    layer = RoIAlignRotated((1, 2), sampling_ratio=1)
    # Centre (5.5, 4.5) -> (5, 4) aligned; 4 wide, 2 high; the two bins'
    # samples at xx = -1 and +1 of the RoI frame, yy = 0.
    upright = layer(feats, torch.tensor([[0, 5.5, 4.5, 4, 2, 0.0]]))
    assert upright[0, 0].tolist() == [[4.0, 4.0]]           # y
    assert upright[0, 1].tolist() == [[4.0, 6.0]]           # x
    # theta = 90 degrees: x = yy sin + xx cos + cx, y = yy cos - xx sin + cy,
    # so the bins sit at y = 5 and y = 3 on the vertical through x = 5.
    turned = layer(feats, torch.tensor([[0, 5.5, 4.5, 4, 2, math.pi / 2]]))
    assert torch.allclose(turned[0, 0], torch.tensor([[5.0, 3.0]]), atol=1e-5)
    assert torch.allclose(turned[0, 1], torch.tensor([[5.0, 5.0]]), atol=1e-5)
    clockwise = RoIAlignRotated((1, 2), sampling_ratio=1, clockwise=True)(
        feats, torch.tensor([[0, 5.5, 4.5, 4, 2, math.pi / 2]]))
    assert torch.allclose(clockwise[0, 0], torch.tensor([[3.0, 5.0]]), atol=1e-5)


def test_matches_the_naive_kernel_with_adaptive_grids_and_borders():
    torch.manual_seed(0)
    feats = torch.randn(2, 3, 9, 11)
    rois = torch.tensor([[0, 5.0, 4.0, 6.0, 3.0, 0.3],
                         [1, 1.0, 1.0, 9.0, 7.0, -2.0],      # over the border
                         [1, 10.5, 8.5, 2.5, 12.0, 1.2],
                         [0, 3.3, 6.1, 0.4, 0.2, 3.0],       # tiny
                         [1, 30.0, 30.0, 4.0, 4.0, 0.0]])    # outside: 0
    for ratio, aligned, clockwise, scale in ((0, True, False, 1.0),
                                             (2, False, True, 0.5),
                                             (0, False, False, 0.75)):
        ours = roi_align_rotated(feats, rois, (4, 3), scale, ratio, aligned,
                                 clockwise)
        ref = _reference(feats, rois, (4, 3), scale, ratio, aligned, clockwise)
        assert torch.allclose(ours, ref, atol=1e-5), (ratio, aligned, clockwise)
    outside = roi_align_rotated(feats, rois[4:], (4, 3))
    assert outside.abs().sum() == 0


def test_bf16_features_under_autocast_stay_bf16():
    # DRRG's graph features in a bf16-autocast training step: grid_sample
    # runs in float32 there, the pooled values keep the features' dtype.
    torch.manual_seed(1)
    feats = torch.randn(1, 2, 9, 11)
    rois = torch.tensor([[0, 5.0, 4.0, 6.0, 3.0, 0.3],
                         [0, 3.0, 5.0, 4.0, 2.0, -1.0]])
    with torch.autocast('cpu', dtype=torch.bfloat16):
        ours = roi_align_rotated(feats.bfloat16(), rois, (4, 3))
    ref = _reference(feats.bfloat16().float(), rois, (4, 3), 1.0, 0, True,
                     False)
    assert ours.dtype == torch.bfloat16
    assert torch.allclose(ours.float(), ref, atol=3e-2)


def test_gradients_empty_rois_and_bad_input():
    feats = torch.randn(1, 2, 6, 6, requires_grad=True)
    layer = MODELS.build(dict(type='RoIAlignRotated', output_size=(2, 2)))
    layer(feats, torch.tensor([[0, 3.0, 3.0, 4.0, 2.0, 0.5]])).sum().backward()
    assert feats.grad is not None and feats.grad.abs().sum() > 0
    assert layer(feats, torch.zeros(0, 6)).shape == (0, 2, 2, 2)
    with pytest.raises(ValueError, match=r'rois \(N, 6\)'):
        layer(feats, torch.zeros(1, 5))
    with pytest.raises(ValueError, match='output_size'):
        RoIAlignRotated((0, 2))
