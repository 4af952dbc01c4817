"""DRRG's head, loss, postprocessor and detector, MMOCR 0.x parameter names,
images without text."""
import numpy as np
import pytest
import torch

from mmocr.core.mask import PolygonMasks
from mmocr.datasets.pipelines import DRRGTargets
from mmocr.models import build_detector
from mmocr.models.textdet.dense_heads import DRRGHead
from mmocr.models.textdet.detectors import DRRG
from mmocr.models.textdet.losses import DRRGLoss
from mmocr.models.textdet.postprocess import DRRGPostprocessor
from mmocr.models.textdet.postprocess.utils import (
    Node,
    clusters2labels,
    comps2boundaries,
    connected_components,
    filter_instance,
    fix_corner,
    graph_propagation,
    in_contour,
    link_scores,
    min_connect_path,
    norm2,
    remove_single,
)
from mmocr.utils import Config

FIELDS = ('gt_text_mask', 'gt_center_region_mask', 'gt_mask',
          'gt_top_height_map', 'gt_bot_height_map', 'gt_sin_map', 'gt_cos_map')

# MMOCR 0.x's DRRGHead(in_channels=32) (configs/_base_/det_models/
# drrg_r50_fpn_unet.py): out_conv, then gcn (GCN(4 * 3 * (32 + 6) + 120)).
HEAD_0X_SHAPES = {
    'out_conv.weight': (6, 32, 1, 1), 'out_conv.bias': (6, ),
    'gcn.bn0.running_mean': (576, ), 'gcn.bn0.running_var': (576, ),
    'gcn.bn0.num_batches_tracked': (),
    'gcn.conv1.weight': (1152, 512), 'gcn.conv1.bias': (512, ),
    'gcn.conv2.weight': (1024, 256), 'gcn.conv2.bias': (256, ),
    'gcn.conv3.weight': (512, 128), 'gcn.conv3.bias': (128, ),
    'gcn.conv4.weight': (256, 64), 'gcn.conv4.bias': (64, ),
    'gcn.classifier.0.weight': (32, 64), 'gcn.classifier.0.bias': (32, ),
    'gcn.classifier.1.weight': (32, ),
    'gcn.classifier.2.weight': (2, 32), 'gcn.classifier.2.bias': (2, ),
}


def _targets(img_shape=(64, 96), polys=None):
    h, w = img_shape
    polys = [[np.array([8, 16, 88, 16, 88, 40, 8, 40], float)]] \
        if polys is None else polys
    results = dict(img_shape=(h, w, 3), mask_fields=[],
                   gt_masks=PolygonMasks(polys, h, w),
                   gt_masks_ignore=PolygonMasks([], h, w))
    return DRRGTargets(min_width=4.0, max_width=8.0, jitter_level=0.0,
                       num_min_comps=9, num_max_comps=60,
                       min_rand_half_height=2.0,
                       max_rand_half_height=6.0)(results)


def _small_head(**kw):
    return DRRGHead(in_channels=4, node_geo_feat_len=6, min_width=4.0,
                    max_width=8.0, center_region_area_thr=5, **kw)


def test_head_0x_state_dict_and_training_output():
    head = DRRGHead(in_channels=32)
    assert {k: tuple(v.shape) for k, v in head.state_dict().items()} == \
        HEAD_0X_SHAPES
    assert list(head.state_dict()) == list(HEAD_0X_SHAPES)
    torch.manual_seed(0)
    np.random.seed(0)
    small = _small_head()
    attribs = [_targets()['gt_comp_attribs'] for _ in range(2)]
    pred_maps, (gcn_pred, gt_labels) = small(torch.randn(2, 4, 64, 96),
                                             attribs)
    assert pred_maps.shape == (2, 6, 64, 96)
    assert gcn_pred.shape == (gt_labels.numel(), 2) and gt_labels.shape[1] == 8
    with pytest.raises(TypeError, match='gt_comp_attribs'):
        small(torch.randn(1, 4, 8, 8), None)
    with pytest.raises(ValueError, match=r'\(N, 4, H, W\)'):
        small.single_test(torch.randn(1, 3, 8, 8))


def _bitmaps(results, n=1):
    return {k: [results[k]] * n for k in FIELDS}


def test_loss_hand_computed_and_decreasing():
    np.random.seed(0)
    results = _targets()
    gt = _bitmaps(results)
    loss = DRRGLoss()
    maps = torch.zeros(1, 6, 64, 96)
    maps[:, 3] = 1  # sin 0, cos 1
    gcn_pred = torch.zeros(4, 2)
    out = loss((maps, (gcn_pred, torch.tensor([[0, 1], [1, 1]]))), 1.0, **gt)
    assert set(out) == {'loss_text', 'loss_center', 'loss_height', 'loss_sin',
                        'loss_cos', 'loss_gcn'}
    ln2 = float(np.log(2))
    assert out['loss_gcn'].item() == pytest.approx(ln2)
    assert out['loss_text'].item() == pytest.approx(ln2, rel=1e-4)
    assert out['loss_center'].item() == pytest.approx(1.5 * ln2, rel=1e-4)
    # predicted heights 0: smooth L1 of 0 against 1 is 0.5, twice, weighted
    # by log(h + 1); gt sin -1, cos 0 against 0, 1: smooth L1 0.5 each.
    center = results['gt_center_region_mask'].masks[0] > 0
    height = (results['gt_top_height_map'].masks[0]
              + results['gt_bot_height_map'].masks[0])[center]
    assert out['loss_height'].item() == pytest.approx(
        float(np.log(height + 1).mean()), rel=1e-4)
    assert out['loss_sin'].item() == pytest.approx(0.5, rel=1e-4)
    assert out['loss_cos'].item() == pytest.approx(0.5, rel=1e-4)

    torch.manual_seed(0)
    head = _small_head()
    feats = torch.randn(1, 4, 64, 96)
    attribs = [results['gt_comp_attribs']]
    optim = torch.optim.Adam(head.parameters(), lr=1e-2)
    totals = []
    for _ in range(6):
        losses = head.loss(head(feats, attribs), **gt)
        total = sum(v for v in losses.values())
        optim.zero_grad()
        total.backward()
        optim.step()
        totals.append(total.item())
    assert totals[-1] < totals[0]


def test_loss_orientation_norm_term():
    results = _targets()
    maps = torch.zeros(1, 6, 64, 96)
    maps[:, 3] = 3  # sin 0, cos 1 at raw length 3
    preds = (maps, (torch.zeros(4, 2), torch.tensor([[0, 1], [1, 1]])))
    plain = DRRGLoss()(preds, 1.0, **_bitmaps(results))
    out = DRRGLoss(orientation_norm_weight=0.5)(preds, 1.0, **_bitmaps(results))
    assert set(out) == set(plain) | {'loss_orient_norm'}
    assert out['loss_orient_norm'].item() == pytest.approx(0.5 * (3 - 1)**2)
    assert out['loss_cos'].item() == pytest.approx(plain['loss_cos'].item())
    with pytest.raises(AssertionError, match='DRRGLoss: orientation_norm'):
        DRRGLoss(orientation_norm_weight=-1)


def test_loss_without_text_and_bad_input():
    results = _targets(polys=[])
    maps = torch.zeros(1, 6, 64, 96)
    out = DRRGLoss()((maps, (torch.zeros(2, 2), torch.zeros(2))), 1.0,
                     **_bitmaps(results))
    assert out['loss_height'] == 0 and out['loss_sin'] == 0
    assert torch.isfinite(out['loss_center'])
    with pytest.raises(ValueError, match=r'\(N, 6, H, W\)'):
        DRRGLoss()((torch.zeros(1, 5, 4, 4), (None, None)), 1.0,
                   **_bitmaps(results))
    with pytest.raises(TypeError, match='pred_maps'):
        DRRGLoss()(maps, 1.0, **_bitmaps(results))


def _box(x, y=0, w=8, h=10, score=1.0):
    return [x, y, x + w, y, x + w, y + h, x, y + h, score]


def test_postprocessor_links_chains_and_drops_singles():
    comps = np.array([_box(10 * i) for i in range(5)]
                     + [_box(200, 100), _box(210, 100), _box(400, 400)])
    edges = np.array([[0, 1], [1, 2], [2, 3], [3, 4], [1, 0],  # text 1
                      [5, 6],                                  # text 2
                      [4, 5],                                  # weak
                      [6, 7]])                                 # too long
    scores = np.array([0.9, 0.9, 0.9, 0.9, 0.7, 0.95, 0.3, 0.99])
    post = DRRGPostprocessor(link_thr=0.8)
    pairs, pair_scores = link_scores(edges, scores, comps)
    assert pairs.tolist()[0] == [0, 1] and pair_scores[0] == pytest.approx(0.8)
    assert pair_scores[pairs.tolist().index([6, 7])] == 0  # 200 px apart
    boundaries = post(edges, scores, comps)
    assert len(boundaries) == 2
    # Chained from box 0 outwards (box 4 first); the top and bottom lines
    # through the edge mid-points, extended by the outer corners.
    top = [(48, 0)] + [(10 * i + 4, 0) for i in range(4, -1, -1)] + [(0, 0)]
    bot = [(48, 10)] + [(10 * i + 4, 10) for i in range(4, -1, -1)] + [(0, 10)]
    expected = [c for p in top + bot[::-1] for c in p] + [1.0]
    assert boundaries[0] == expected
    assert len(boundaries[1]) == 2 * 8 + 1  # two boxes, both ends extended
    assert post(np.zeros((0, 2)), np.zeros(0), comps) == []
    with pytest.raises(ValueError, match=r'\(n, 9\)'):
        post(edges, scores, comps[:, :8])
    with pytest.raises(ValueError, match='link_thr'):
        DRRGPostprocessor(link_thr=1.5)


def test_min_connect_path_grows_from_both_ends():
    points = np.array([[10, 0], [0, 0], [20, 0], [5, 0], [30, 0]])
    assert min_connect_path(points) == [1, 3, 0, 2, 4]
    assert min_connect_path(points.tolist()) == [1, 3, 0, 2, 4]


def test_0x_graph_steps_give_the_postprocessor_result():
    """0.x's Node graph, clusters and labels, then remove_single and
    comps2boundaries: the boundaries DRRGPostprocessor gives."""
    comps = np.array([_box(10 * i) for i in range(3)]
                     + [_box(200, 100), _box(210, 100), _box(400, 400)],
                     dtype=np.float64)
    edges = np.array([[0, 1], [1, 0], [1, 2], [3, 4], [4, 5]])
    scores = np.array([0.9, 0.7, 0.95, 0.85, 0.2])
    nodes, score_dict = graph_propagation(edges, scores, comps, 500.0)
    assert [n.ind for n in nodes] == list(range(6))
    assert {n.ind for n in nodes[1].links} == {0, 2}
    assert score_dict[0, 1] == pytest.approx(0.8)
    clusters = connected_components(nodes, score_dict, 0.8)
    assert sorted(sorted(n.ind for n in c) for c in clusters) == [
        [0, 1, 2], [3, 4], [5]]
    labels = clusters2labels(clusters, 7)  # component 6 on no edge
    assert labels[0] == labels[2] != labels[3] == labels[4]
    assert len(set(labels.tolist())) == 4
    kept, kept_labels = remove_single(np.vstack([comps, comps[:1]]), labels)
    assert len(kept) == 5 and 5 not in kept_labels.tolist()
    boundaries = comps2boundaries(kept, kept_labels)
    post = DRRGPostprocessor(link_thr=0.8, edge_len_thr=500.0)
    assert sorted(boundaries) == sorted(post(edges, scores, comps))
    # one component: its four corners
    assert comps2boundaries(comps[5:], np.array([0])) == [
        [400, 400, 408, 400, 408, 410, 400, 410, 1.0]]
    assert connected_components([], {}, 0.5) == []
    with pytest.raises(TypeError, match='Node'):
        connected_components([1], {}, 0.5)


def test_0x_small_geometry_helpers():
    a, b = Node(0), Node(1)
    a.add_link(b)
    assert a.links == {b} and b.links == {a} and a.links is not a.links
    assert norm2((0, 0), (3, 4)) == 5.0
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]])
    assert in_contour(square, (5, 5)) and not in_contour(square, (10, 5))
    assert filter_instance(5, 0.9, 10, 0.5)
    assert filter_instance(20, 0.4, 10, 0.5)
    assert not filter_instance(20, 0.5, 10, 0.5)
    # the end boxes stick out of the polygon of the mid-points: the start
    # box's left corners, the end box's right ones (its left mid-point is in)
    box0 = np.array([[0, 0], [8, 0], [8, 10], [0, 10]])
    box1 = box0 + [10, 0]
    top, bot = [[4, 0], [14, 0]], [[4, 10], [14, 10]]
    assert fix_corner(top, bot, box0, box1) == (
        [[0, 0], [4, 0], [14, 0], [18, 0]], [[0, 10], [4, 10], [14, 10],
                                             [18, 10]])
    assert top[0] == [0, 0]  # in place, as 0.x
    with pytest.raises(ValueError, match=r'\(4, 2\)'):
        fix_corner([], [], box0[:3], box1)


def test_drrg_detector_trains_and_tests_without_text(repo_root):
    cfg = Config.fromfile(str(repo_root / 'configs/textdet/drrg/'
                              'drrg_r18_fpn_unet_toy.py'))
    model = build_detector(cfg.model)
    assert type(model) is DRRG
    np.random.seed(0)
    results = _targets(img_shape=(64, 96))
    gt = _bitmaps(results, 2)
    img = torch.randn(2, 3, 64, 96)
    metas = [dict(img_shape=(64, 96, 3), ori_shape=(64, 96, 3),
                  scale_factor=np.ones(4), filename=f'{i}.png')
             for i in range(2)]
    losses = model(img, metas, gt_comp_attribs=[results['gt_comp_attribs']] * 2,
                   **gt)
    assert torch.isfinite(sum(losses.values()))
    with pytest.raises(KeyError, match='gt_comp_attribs'):
        model.forward_train(img, metas, **gt)
    model.eval()
    with torch.no_grad():
        out = model(img, metas, return_loss=False, rescale=True)
        blank = model(torch.zeros(1, 3, 64, 96), metas[:1], return_loss=False)
    assert len(out) == 2 and all('boundary_result' in r for r in out)
    assert blank[0]['boundary_result'] == []


def test_head_single_test_gives_edges_of_proposed_components():
    torch.manual_seed(0)
    head = _small_head()
    with torch.no_grad():
        # text logits 20 * channel 0 - 10, center 20 * channel 1 - 10,
        # sin -1, cos 0, heights 6
        head.out_conv.weight.zero_()
        head.out_conv.weight[0, 0] = 20
        head.out_conv.weight[1, 1] = 20
        head.out_conv.bias.copy_(torch.tensor([-10, -10, -1, 0, 6, 6.0]))
    feats = torch.zeros(1, 4, 32, 96)
    feats[0, 0, 8:24, 8:88] = 1
    feats[0, 1, 15:17, 12:84] = 1
    head.eval()
    with torch.no_grad():
        edges, scores, comps = head.single_test(feats)
    assert edges.shape == (len(comps) * 8, 2) and scores.shape == (len(edges), )
    assert ((scores >= 0) & (scores <= 1)).all()
    # each component is the pivot of its 8 nearest neighbours' edges
    assert (edges[:, 0] == np.repeat(np.arange(len(comps)), 8)).all()
    assert (edges[:, 0] != edges[:, 1]).all()
    head.postprocessor.link_thr = 0.0  # link everything: one text
    result = head.get_boundary(edges, scores, comps, [dict(scale_factor=2.0)],
                               rescale=True)
    assert len(result['boundary_result']) == 1
    xs = np.array(result['boundary_result'][0][:-1:2])
    assert xs.min() >= 3 and xs.max() <= 48
    assert head.get_boundary(None, None, None, [{}], False) == dict(
        boundary_result=[])


def test_ctw1500_config_builds_drrg_with_0x_head_keys(repo_root):
    cfg = Config.fromfile(str(repo_root / 'configs/textdet/drrg/'
                              'drrg_r50_fpn_unet_1200e_ctw1500.py'))
    model = build_detector(cfg.model)
    assert type(model) is DRRG
    head = {k[len('bbox_head.'):]: tuple(v.shape)
            for k, v in model.state_dict().items()
            if k.startswith('bbox_head.')}
    assert head == HEAD_0X_SHAPES
    assert model.bbox_head.graph_test.text_region_thr == 0.3
    assert model.bbox_head.postprocessor.link_thr == 0.8
