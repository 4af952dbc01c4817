"""Box ops of the two-stage detectors: hand-computed overlaps, coding,
NMS, anchors, assignment and sampling."""
import math
from types import SimpleNamespace

import pytest
import torch

from mmocr.models.common.bbox import (
    AnchorGenerator,
    DeltaXYWHBBoxCoder,
    MaxIoUAssigner,
    OHEMSampler,
    RandomSampler,
    batched_nms,
    bbox_overlaps,
    check_nms_cfg,
    nms,
)
from mmocr.registry import UnknownKeyError
from mmocr.utils.errors import InvalidValueError


def test_overlaps_by_hand():
    a = torch.tensor([[0., 0., 10., 10.]])
    b = torch.tensor([[5., 5., 15., 15.], [20., 20., 30., 30.],
                      [0., 0., 10., 10.]])
    assert torch.allclose(bbox_overlaps(a, b), torch.tensor([[25 / 175, 0, 1]]))
    assert torch.allclose(bbox_overlaps(a, b, mode='iof'),
                          torch.tensor([[0.25, 0, 1]]))
    aligned = bbox_overlaps(b, b.flip(0), is_aligned=True)
    assert torch.allclose(aligned, torch.tensor([25 / 175, 1, 25 / 175]))
    # A zero-area box gives 0, not NaN.
    zero = torch.tensor([[3., 3., 3., 3.]])
    assert bbox_overlaps(zero, zero).item() == 0
    assert bbox_overlaps(a, b[:0]).shape == (1, 0)
    with pytest.raises(InvalidValueError, match='mode'):
        bbox_overlaps(a, b, mode='giou')


def test_delta_coder_by_hand_and_round_trip():
    coder = DeltaXYWHBBoxCoder(target_stds=[0.1, 0.1, 0.2, 0.2])
    anchor = torch.tensor([[0., 0., 10., 10.]])
    gt = torch.tensor([[5., 5., 25., 15.]])
    # centre (5, 5) -> (15, 10), size 10x10 -> 20x10
    expected = torch.tensor([[1.0 / 0.1, 0.5 / 0.1, math.log(2) / 0.2, 0.]])
    assert torch.allclose(coder.encode(anchor, gt), expected)
    torch.manual_seed(0)
    xy = torch.rand(50, 2) * 100
    boxes = torch.cat([xy, xy + 1 + torch.rand(50, 2) * 50], 1)
    gts = torch.cat([xy + 3, xy + 5 + torch.rand(50, 2) * 40], 1)
    assert torch.allclose(coder.decode(boxes, coder.encode(boxes, gts)), gts,
                          atol=1e-4)
    # Several classes at once, clipped to (h, w).
    deltas = torch.zeros(1, 8)
    deltas[0, 4] = 100  # class 1 moves far right
    out = coder.decode(anchor, deltas, max_shape=(8, 12))
    assert out.tolist() == [[0, 0, 10, 8, 12, 0, 12, 8]]


def _naive_nms(boxes, scores, thr):
    order = scores.argsort(descending=True).tolist()
    keep = []
    for i in order:
        if all(bbox_overlaps(boxes[i:i + 1], boxes[j:j + 1]).item() <= thr
               for j in keep):
            keep.append(i)
    return keep


def test_nms_by_hand_and_against_a_greedy_loop():
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.],
                          [20., 20., 30., 30.], [2., 2., 12., 12.]])
    scores = torch.tensor([0.9, 0.8, 0.7, 0.6])
    # B overlaps A by 0.68: gone. D overlaps A by 0.47 and only the
    # suppressed B by more: kept (greedy, not "any overlap").
    dets, keep = nms(boxes, scores, 0.5)
    assert keep.tolist() == [0, 2, 3]
    assert torch.equal(dets[:, 4], scores[[0, 2, 3]])
    assert nms(boxes, scores, 0.5, max_num=2)[1].tolist() == [0, 2]
    assert nms(boxes[:0], scores[:0], 0.5)[0].shape == (0, 5)
    gen = torch.Generator().manual_seed(1)
    for _ in range(5):
        xy = torch.rand(60, 2, generator=gen) * 50
        b = torch.cat([xy, xy + 5 + torch.rand(60, 2, generator=gen) * 20], 1)
        s = torch.rand(60, generator=gen)
        assert nms(b, s, 0.3)[1].tolist() == _naive_nms(b, s, 0.3)


def test_batched_nms_keeps_groups_apart():
    boxes = torch.tensor([[0., 0., 10., 10.]] * 3)
    scores = torch.tensor([0.5, 0.9, 0.7])
    cfg = dict(type='nms', iou_threshold=0.5)
    dets, keep = batched_nms(boxes, scores, torch.tensor([0, 1, 0]), cfg)
    assert keep.tolist() == [1, 2]
    assert batched_nms(boxes, scores, torch.tensor([0, 1, 0]), cfg,
                       class_agnostic=True)[1].tolist() == [1]
    assert batched_nms(boxes, scores, torch.zeros(3), None)[1].tolist() == [
        1, 2, 0]
    with pytest.raises(UnknownKeyError, match='iou_thr'):
        check_nms_cfg(dict(type='nms', iou_threshold=0.5, iou_thr=0.5))
    with pytest.raises(NotImplementedError, match='soft_nms'):
        check_nms_cfg(dict(type='soft_nms', iou_threshold=0.5))


def test_anchor_generator_shapes_order_and_counts():
    gen = AnchorGenerator(strides=[4, 8], ratios=[1.0, 4.0], scales=[8])
    assert gen.num_base_anchors == [2, 2]
    # ratio = h / w: 1 -> 32x32, 4 -> 16 wide, 64 tall; centred on (0, 0)
    assert gen.base_anchors[0].tolist() == [[-16, -16, 16, 16],
                                            [-8, -32, 8, 32]]
    assert gen.base_anchors[1][0].tolist() == [-32, -32, 32, 32]
    level0, level1 = gen.grid_priors([(3, 5), (2, 3)])
    assert level0.shape == (3 * 5 * 2, 4) and level1.shape == (2 * 3 * 2, 4)
    # anchor a of location (y, x) is row (y * W + x) * A + a
    y, x, a = 2, 3, 1
    assert level0[(y * 5 + x) * 2 + a].tolist() == [
        -8 + 4 * x, -32 + 4 * y, 8 + 4 * x, 32 + 4 * y]
    flags = gen.valid_flags([(3, 5), (2, 3)], pad_shape=(8, 12, 3))
    # stride 4: 2 rows x 3 columns of the 3 x 5 grid are inside (8, 12)
    assert flags[0].view(3, 5, 2)[..., 0].tolist() == [
        [True] * 3 + [False] * 2, [True] * 3 + [False] * 2, [False] * 5]
    # stride 8: ceil(8 / 8) = 1 row, ceil(12 / 8) = 2 columns of 2 x 3
    assert flags[1].view(2, 3, 2)[..., 1].tolist() == [[True, True, False],
                                                       [False] * 3]
    # the 0.x text config: 5 ratios x 1 scale per location
    text = AnchorGenerator(strides=[4, 8, 16, 32, 64], scales=[4],
                           ratios=[0.17, 0.44, 1.13, 2.90, 7.46])
    sizes = [(160 // s, 160 // s) for s in (4, 8, 16, 32, 64)]
    assert sum(p.size(0) for p in text.grid_priors(sizes)) == 5 * sum(
        h * w for h, w in sizes)
    with pytest.raises(InvalidValueError, match='octave'):
        AnchorGenerator(strides=[4], ratios=[1.0])


def test_max_iou_assigner_by_hand():
    gts = torch.tensor([[0., 0., 10., 10.], [20., 20., 30., 30.]])
    boxes = torch.tensor([
        [0., 0., 10., 10.],     # IoU 1 with gt 0: positive
        [0., 0., 10., 5.],      # IoU 0.5 with gt 0: ignored (0.3 .. 0.7)
        [50., 50., 60., 60.],   # no overlap: negative
        [20., 20., 30., 28.],   # IoU 0.8 with gt 1: positive
    ])
    assigner = MaxIoUAssigner(pos_iou_thr=0.7, neg_iou_thr=0.3, min_pos_iou=0.3,
                              match_low_quality=False)
    res = assigner.assign(boxes, gts, gt_labels=torch.tensor([3, 4]))
    assert res.gt_inds.tolist() == [1, -1, 0, 2]
    assert res.labels.tolist() == [3, -1, -1, 4]
    assert torch.allclose(res.max_overlaps, torch.tensor([1, 0.5, 0, 0.8]))
    # A gt whose best box is only at 0.5 still gets it with match_low_quality.
    low = MaxIoUAssigner(pos_iou_thr=0.7, neg_iou_thr=0.3, min_pos_iou=0.3)
    res = low.assign(boxes[1:3], gts[:1])
    assert res.gt_inds.tolist() == [1, 0]
    # No gt: every box negative; no box: empty.
    assert low.assign(boxes, gts[:0]).gt_inds.tolist() == [0, 0, 0, 0]
    assert low.assign(boxes[:0], gts).gt_inds.numel() == 0


def test_random_sampler_counts_and_gt_proposals():
    torch.manual_seed(0)
    gts = torch.tensor([[0., 0., 10., 10.]])
    boxes = torch.cat([gts.repeat(10, 1),
                       torch.tensor([[50., 50., 60., 60.]]).repeat(30, 1)])
    assigner = MaxIoUAssigner(pos_iou_thr=0.5, neg_iou_thr=0.5)
    sampler = RandomSampler(num=16, pos_fraction=0.25, add_gt_as_proposals=True)
    res = sampler.sample(assigner.assign(boxes, gts, gt_labels=torch.tensor([0])),
                         boxes, gts, torch.tensor([0]))
    assert res.pos_inds.numel() == 4 and res.neg_inds.numel() == 12
    assert res.bboxes.shape == (16, 4)
    assert torch.equal(res.pos_gt_bboxes, gts.repeat(4, 1))
    assert res.pos_gt_labels.tolist() == [0] * 4
    # the gt box is candidate 0; it is flagged as such when drawn
    assert (res.pos_is_gt == (res.pos_inds == 0).to(torch.uint8)).all()
    ub = RandomSampler(num=16, pos_fraction=0.25, neg_pos_ub=2,
                       add_gt_as_proposals=False)
    res = ub.sample(assigner.assign(boxes, gts), boxes, gts)
    assert res.neg_inds.numel() == 2 * res.pos_inds.numel() == 8


def test_ohem_sampler_keeps_the_hardest():
    # A stand-in RoI head whose "loss" of a RoI is its x1.
    head = SimpleNamespace(num_classes=1)
    head.loss = lambda cls_score, **kwargs: dict(loss_cls=cls_score[:, 0])
    context = SimpleNamespace(bbox_head=head)
    context._bbox_forward = lambda feats, rois: dict(cls_score=rois[:, 1:2])
    gts = torch.tensor([[0., 0., 10., 10.]])
    negs = torch.stack([torch.tensor([50. + i, 50., 60. + i, 60.])
                        for i in range(10)])
    boxes = torch.cat([gts, negs])
    sampler = OHEMSampler(num=4, pos_fraction=0.25, context=context,
                          add_gt_as_proposals=False)
    assign = MaxIoUAssigner(pos_iou_thr=0.5, neg_iou_thr=0.5).assign(boxes, gts)
    res = sampler.sample(assign, boxes, gts, feats=[torch.zeros(1, 1, 4, 4)])
    assert res.pos_inds.tolist() == [0]
    assert sorted(res.neg_inds.tolist()) == [8, 9, 10]  # largest x1
    with pytest.raises(InvalidValueError, match='context'):
        OHEMSampler(num=4, pos_fraction=0.25)
    with pytest.raises(InvalidValueError, match='feats'):
        sampler.sample(assign, boxes, gts)
