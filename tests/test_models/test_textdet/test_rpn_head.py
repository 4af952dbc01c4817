"""RPNHead: anchor targets by hand, losses, proposal selection."""
import torch

from mmocr.models.builder import build_head

TRAIN = dict(
    assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.7, neg_iou_thr=0.3,
                  min_pos_iou=0.3, match_low_quality=True, ignore_iof_thr=-1),
    sampler=dict(type='RandomSampler', num=256, pos_fraction=0.5,
                 neg_pos_ub=-1, add_gt_as_proposals=False),
    allowed_border=-1, pos_weight=-1, debug=False)
TEST = dict(nms_across_levels=False, nms_pre=50, nms_post=20, max_per_img=20,
            nms=dict(type='nms', iou_threshold=0.7), min_bbox_size=0)


def _head():
    torch.manual_seed(0)
    return build_head(dict(
        type='RPNHead', in_channels=4, feat_channels=4,
        anchor_generator=dict(type='AnchorGenerator', scales=[4],
                              ratios=[1.0, 4.0], strides=[4, 8]),
        bbox_coder=dict(type='DeltaXYWHBBoxCoder'),
        loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=True),
        loss_bbox=dict(type='L1Loss'), train_cfg=TRAIN, test_cfg=TEST))


def test_an_anchor_equal_to_a_gt_is_positive_with_zero_deltas():
    head = _head()
    # 32x32 image: stride-4 level 8x8 locations x 2 anchors, stride-8 4x4 x 2
    sizes = [(8, 8), (4, 4)]
    anchors = torch.cat(head.prior_generator.grid_priors(sizes))
    assert anchors.shape == (8 * 8 * 2 + 4 * 4 * 2, 4)
    target = (3 * 8 + 5) * 2  # level 0, location (y=3, x=5), anchor 0
    gt = anchors[target:target + 1]  # [20-8, 12-8, 20+8, 12+8]
    assert gt.tolist() == [[12., 4., 28., 20.]]
    valid = torch.ones(anchors.size(0), dtype=torch.bool)
    labels, label_w, deltas, delta_w, num_pos, num_neg = head.get_targets(
        anchors, valid, gt)
    assert labels[target] == 0 and delta_w[target].tolist() == [1, 1, 1, 1]
    assert deltas[target].abs().max() < 1e-6
    assert num_pos >= 1 and num_pos + num_neg <= 256
    assert (labels[label_w > 0] <= 1).all() and (labels[delta_w[:, 0] == 0] == 1).all()


def test_losses_and_proposals():
    head = _head()
    feats = [torch.randn(2, 4, 8, 8), torch.randn(2, 4, 4, 4)]
    metas = [dict(img_shape=(32, 32, 3), pad_shape=(32, 32, 3))] * 2
    gts = [torch.tensor([[12., 4., 28., 20.]]), torch.zeros(0, 4)]
    losses, proposals = head.forward_train(feats, metas, gts, proposal_cfg=TEST)
    assert set(losses) == {'loss_rpn_cls', 'loss_rpn_bbox'}
    assert all(torch.isfinite(v) for v in losses.values())
    sum(losses.values()).backward()
    assert head.rpn_cls.weight.grad is not None
    for props in proposals:
        assert props.shape[1] == 5 and 0 < props.size(0) <= 20
        assert (props[:-1, 4] >= props[1:, 4]).all()  # by decreasing score
        assert props[:, :4].min() >= 0 and props[:, :4].max() <= 32
    assert len(head.simple_test_rpn(feats, metas)) == 2
