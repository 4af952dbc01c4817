"""RoIAlign against hand-computed values and a naive per-sample reference."""
from __future__ import annotations

import importlib
import math

import pytest
import torch

from mmocr.models.common.bbox import bbox2roi
from mmocr.models.common.layers import RoIAlign, SingleRoIExtractor

roi_align_module = importlib.import_module('mmocr.models.common.layers.roi_align')


def _bilinear(feat: torch.Tensor, y: float, x: float) -> torch.Tensor:
    """mmcv's bilinear_interpolate for one (C, H, W) map and one point."""
    height, width = feat.shape[-2:]
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return feat.new_zeros(feat.size(0))
    y, x = max(y, 0.0), max(x, 0.0)
    y_low, x_low = int(y), int(x)
    if y_low >= height - 1:
        y_low = y_high = height - 1
        y = float(y_low)
    else:
        y_high = y_low + 1
    if x_low >= width - 1:
        x_low = x_high = width - 1
        x = float(x_low)
    else:
        x_high = x_low + 1
    ly, lx = y - y_low, x - x_low
    hy, hx = 1 - ly, 1 - lx
    return (hy * hx * feat[:, y_low, x_low] + hy * lx * feat[:, y_low, x_high]
            + ly * hx * feat[:, y_high, x_low] + ly * lx * feat[:, y_high, x_high])


def _reference(feats, rois, out_size, scale, ratio, aligned):
    ph, pw = out_size
    out = feats.new_zeros(len(rois), feats.size(1), ph, pw)
    offset = 0.5 if aligned else 0.0
    for n, (b, x1, y1, x2, y2) in enumerate(rois.tolist()):
        sx, sy = x1 * scale - offset, y1 * scale - offset
        rw, rh = x2 * scale - offset - sx, y2 * scale - offset - sy
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / ph, rw / pw
        gh = ratio if ratio > 0 else max(math.ceil(rh / ph), 0)
        gw = ratio if ratio > 0 else max(math.ceil(rw / pw), 0)
        count = max(gh * gw, 1)
        for i in range(ph):
            for j in range(pw):
                acc = feats.new_zeros(feats.size(1))
                for iy in range(gh):
                    y = sy + i * bh + (iy + 0.5) * bh / gh
                    for ix in range(gw):
                        x = sx + j * bw + (ix + 0.5) * bw / gw
                        acc += _bilinear(feats[int(b)], y, x)
                out[n, :, i, j] = acc / count
    return out


@pytest.fixture(autouse=True)
def _plain_torch(monkeypatch):
    """Test the plain-torch path even where torchvision is installed."""
    monkeypatch.setattr(roi_align_module, '_tv_roi_align', None)


def test_linear_ramp_hand_computed():
    # f(y, x) = 10 y + x is reproduced exactly by bilinear sampling, so each
    # bin averages to f at the bin centre.
    ys, xs = torch.meshgrid(torch.arange(4.), torch.arange(4.), indexing='ij')
    feats = (10 * ys + xs)[None, None]
    layer = RoIAlign(output_size=2, sampling_ratio=2, aligned=True)
    out = layer(feats, torch.tensor([[0., 1., 1., 3., 3.]]))
    # box [1, 3] shifted by -0.5 -> [0.5, 2.5]; bin centres 1.0 and 2.0
    assert torch.allclose(out[0, 0], torch.tensor([[11., 12.], [21., 22.]]))


def test_single_peak_hand_computed():
    feats = torch.zeros(1, 1, 3, 3)
    feats[0, 0, 1, 1] = 1.0
    rois = torch.tensor([[0., 1., 1., 2., 2.]])
    # not aligned: the single sample sits at (1.5, 1.5): a quarter of the peak
    out = RoIAlign(1, sampling_ratio=1, aligned=False)(feats, rois)
    assert out.item() == pytest.approx(0.25)
    # aligned: the sample sits exactly on pixel (1, 1)
    out = RoIAlign(1, sampling_ratio=1, aligned=True)(feats, rois)
    assert out.item() == pytest.approx(1.0)
    # far outside the map: every sample is dropped
    out = RoIAlign(1, sampling_ratio=1)(feats, torch.tensor([[0., 9., 9., 11., 11.]]))
    assert out.item() == 0.0


@pytest.mark.parametrize('ratio,aligned,scale', [(0, True, 1.0), (2, False, 0.5),
                                                 (0, False, 0.5), (3, True, 1.0)])
def test_matches_naive_reference(ratio, aligned, scale):
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(2, 3, 7, 9, generator=gen)
    rois = torch.tensor([[0., 0., 0., 8., 6.], [1., 2.5, 1.0, 13.0, 11.0],
                         [1., -3., -2., 4., 3.], [0., 5., 5., 5., 5.],
                         [0., 1., 2., 17., 13.5]])
    out = roi_align_module.roi_align(feats, rois, (2, 3), scale, ratio, aligned)
    ref = _reference(feats, rois, (2, 3), scale, ratio, aligned)
    assert out.shape == (5, 3, 2, 3)
    assert torch.allclose(out, ref, atol=1e-5)


def test_float_maps_under_bf16_autocast_keep_their_dtype():
    # Mask targets RoI-align float32 masks inside a bf16-autocast training
    # step: the products run in bf16, the result stays in the maps' dtype.
    gen = torch.Generator().manual_seed(2)
    feats = torch.rand(1, 2, 12, 12, generator=gen)
    rois = torch.tensor([[0., 1., 2., 9., 10.], [0., 0., 0., 12., 12.]])
    with torch.autocast('cpu', dtype=torch.bfloat16):
        out = roi_align_module.roi_align(feats, rois, (3, 3), 1.0, 0, True)
    ref = _reference(feats, rois, (3, 3), 1.0, 0, True)
    assert out.dtype == torch.float32
    assert torch.allclose(out, ref, atol=2e-2)


def test_many_small_rois_on_a_large_map_match_the_reference():
    # More RoIs than one chunk of windows, of mixed sizes, some off the map.
    gen = torch.Generator().manual_seed(1)
    feats = torch.randn(2, 2, 40, 50, generator=gen, requires_grad=True)
    xy = torch.rand(150, 2, generator=gen) * torch.tensor([55., 45.]) - 3
    wh = torch.rand(150, 2, generator=gen) * 12 + 0.5
    batch = torch.randint(2, (150, 1), generator=gen).float()
    rois = torch.cat([batch, xy, xy + wh], 1)
    out = roi_align_module.roi_align(feats, rois, (2, 2), 1.0, 0, True)
    ref = _reference(feats.detach(), rois, (2, 2), 1.0, 0, True)
    assert torch.allclose(out, ref, atol=1e-5)
    weights = torch.randn(out.shape, generator=gen)
    (out * weights).sum().backward()
    dense = feats.detach().clone().requires_grad_()
    # Gradients match autograd through the per-sample reference.
    grad_ref = torch.autograd.grad(
        (_reference(dense, rois[:20], (2, 2), 1.0, 0, True) *
         weights[:20]).sum(), dense)[0]
    feats.grad = None
    (roi_align_module.roi_align(feats, rois[:20], (2, 2), 1.0, 0, True) *
     weights[:20]).sum().backward()
    assert torch.allclose(feats.grad, grad_ref, atol=1e-5)


def test_gradient_flows_to_features():
    feats = torch.randn(1, 2, 5, 5, requires_grad=True)
    out = RoIAlign(2)(feats, torch.tensor([[0., 0., 0., 4., 4.]]))
    out.sum().backward()
    assert feats.grad is not None and feats.grad.abs().sum() > 0


def test_max_pool_mode_is_rejected():
    with pytest.raises(NotImplementedError, match='avg'):
        RoIAlign(7, pool_mode='max')


def test_single_roi_extractor_levels():
    extractor = SingleRoIExtractor(dict(type='RoIAlign', output_size=2),
                                   out_channels=1, featmap_strides=[1, 2],
                                   finest_scale=4)
    feats = [torch.ones(1, 1, 16, 16), 2 * torch.ones(1, 1, 8, 8)]
    rois = bbox2roi([torch.tensor([[2., 2., 5., 5.], [0., 0., 12., 12.]])])
    assert rois.tolist()[0] == [0., 2., 2., 5., 5.]
    # scale 3 -> level 0, scale 12 -> floor(log2(3)) = 1
    assert extractor.map_roi_levels(rois, 2).tolist() == [0, 1]
    out = extractor(feats, rois)
    assert out.shape == (2, 1, 2, 2)
    assert torch.allclose(out[0], torch.ones(1, 2, 2))
    assert torch.allclose(out[1], 2 * torch.ones(1, 2, 2))
