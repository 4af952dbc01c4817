"""DRRG's graph modules: adjacency normalisation, distances, the geometric
embedding, the GCN, training and test-time local graphs."""
import math

import numpy as np
import pytest
import torch

from mmocr.models.textdet.modules import (
    GCN,
    GraphConv,
    LocalGraphs,
    MeanAggregator,
    ProposalLocalGraphs,
    euclidean_distance_matrix,
    feature_embedding,
    normalize_adjacent_matrix,
)
from mmocr.models.textdet.modules.local_graph import (
    local_graph_members,
    pack_local_graphs,
)
from mmocr.models.textdet.modules.proposal_local_graph import quad_mean_scores
from mmocr.models.textdet.modules.utils import nearest_neighbours


def test_normalize_adjacent_matrix_hand_computed():
    path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], np.float32)
    # A + I = [[1, 1, 0], [1, 1, 1], [0, 1, 1]], degrees 2, 3, 2.
    ad = normalize_adjacent_matrix(path, mode='AD')
    assert torch.allclose(ad[1], torch.full((3, ), 1 / 3, dtype=ad.dtype))
    assert ad[0].tolist() == [0.5, 0.5, 0.0]
    dad = normalize_adjacent_matrix(path, mode='DAD')
    assert dad[0, 0].item() == pytest.approx(0.5)
    assert dad[0, 1].item() == pytest.approx(1 / math.sqrt(6))
    assert dad[0, 2].item() == 0 and torch.allclose(dad, dad.T)
    with pytest.raises(NotImplementedError, match='DDA'):
        normalize_adjacent_matrix(path, mode='DDA')
    with pytest.raises(ValueError, match='square'):
        normalize_adjacent_matrix(np.zeros((2, 3)))


def test_euclidean_distance_matrix():
    a = np.array([[0, 0], [3, 4]])
    d = euclidean_distance_matrix(a, np.array([[0, 0], [6, 8], [3, 4]]))
    assert np.allclose(d, [[0, 10, 5], [5, 5, 0]])
    with pytest.raises(ValueError, match='one width'):
        euclidean_distance_matrix(a, np.zeros((2, 3)))


def test_nearest_neighbours_are_the_first_columns_of_the_argsort():
    points = np.random.default_rng(0).uniform(0, 100, (50, 2))
    full = np.argsort(euclidean_distance_matrix(points, points), axis=1)
    assert (nearest_neighbours(points, 9) == full[:, :9]).all()
    assert nearest_neighbours(points[:3], 9).shape == (3, 3)


def test_feature_embedding_hand_computed():
    feats = np.array([[1.0, 2.0], [3.0, 4.0]])
    # 4 = 2 copies, both divided by 1000 ** 0; node 0 takes sin, node 1 cos.
    out = feature_embedding(feats, 4)
    assert out.dtype == np.float32 and out.shape == (2, 4)
    assert np.allclose(out[0], np.sin([1, 2, 1, 2]))
    assert np.allclose(out[1], np.cos([3, 4, 3, 4]))
    # 5 = 2 copies + the first column: waves 1000 ** 1, 1000 ** 1, 1000 ** 2.
    out = feature_embedding(feats, 5)
    assert np.allclose(out[0], np.sin([1e-3, 2e-3, 1e-3, 2e-3, 1e-6]))
    assert np.allclose(out[1], np.cos([3e-3, 4e-3, 3e-3, 4e-3, 3e-6]))
    with pytest.raises(ValueError, match='out_feat_len'):
        feature_embedding(feats, 1)


def test_gcn_0x_parameters_and_vectorised_gather():
    torch.manual_seed(0)
    gcn = GCN(10)
    assert list(gcn.state_dict()) == [
        'bn0.running_mean', 'bn0.running_var', 'bn0.num_batches_tracked',
        'conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias',
        'conv3.weight', 'conv3.bias', 'conv4.weight', 'conv4.bias',
        'classifier.0.weight', 'classifier.0.bias', 'classifier.1.weight',
        'classifier.2.weight', 'classifier.2.bias']
    assert gcn.conv1.weight.shape == (20, 512)
    assert isinstance(gcn.conv1.aggregator, MeanAggregator)
    x, adj = torch.randn(3, 5, 10), torch.rand(3, 5, 5)
    knn = torch.tensor([[1, 2], [0, 4], [3, 3]])
    gcn.eval()
    out = gcn(x, adj, knn)
    assert out.shape == (6, 2)
    # The same as gathering graph by graph.
    h = gcn.bn0(x.view(-1, 10)).view(3, 5, 10)
    for conv in (gcn.conv1, gcn.conv2, gcn.conv3, gcn.conv4):
        h = conv(h, adj)
    loop = torch.cat([gcn.classifier(h[g, knn[g]]) for g in range(3)])
    assert torch.allclose(out, loop, atol=1e-6)
    conv = GraphConv(2, 1)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([[1.0], [0.0], [0.0], [-1.0]]))
    # relu(x_0 - (A x)_1): A averages the two nodes, (A x)_1 = -2.
    feats = torch.tensor([[[1.0, 2.0], [-3.0, -6.0]]])
    a = torch.full((1, 2, 2), 0.5)
    assert conv(feats, a).flatten().tolist() == [3.0, 0.0]
    with pytest.raises(ValueError, match=r'\(G, M, 2\)'):
        conv(torch.zeros(1, 2, 3), a)


def _line_sorted_inds(n):
    points = np.stack([np.arange(n), np.zeros(n)], 1)
    return np.argsort(euclidean_distance_matrix(points, points), axis=1,
                      kind='stable')


def test_local_graphs_hand_computed_on_a_line():
    inds = _line_sorted_inds(10)  # ties: the lower index first
    members, knn = local_graph_members(inds, (2, 1))
    assert knn[5].tolist() == [4, 6]
    # pivot 5: neighbours 4, 6; their nearest: 3 (of 4), 5 (of 6, dropped)
    assert members[5].tolist() == [3, 4, 6, -1]
    assert members[0].tolist() == [1, 2, -1, -1]
    feats = torch.arange(10, dtype=torch.float32)[:, None].repeat(1, 3)
    graph_feats, adj, knn_inds, nodes = pack_local_graphs(
        feats, inds, members, knn, np.array([5, 0]), 1, 5)
    assert nodes.tolist() == [[5, 3, 4, 6, 0], [0, 1, 2, 0, 0]]
    assert knn_inds.tolist() == [[2, 3], [1, 2]]
    assert graph_feats[0, :, 0].tolist() == [0, -2, -1, 1, 0]
    assert graph_feats[1, 3:].abs().sum() == 0
    # Nearest-neighbour links 3-4, 4-5, 5-6 (3's nearest is 2, outside):
    # degrees with self loops: 5: 3, 3: 2, 4: 3, 6: 2.
    assert adj[0, 0, 2].item() == pytest.approx(1 / 3)
    assert adj[0, 1, 2].item() == pytest.approx(1 / math.sqrt(6))
    assert adj[0, 1, 3].item() == 0 and adj[0, 4].abs().sum() == 0


def test_local_graphs_drop_redundant_pivots_and_label_links():
    lg = LocalGraphs((2, 1), 1, 6, 1.0, (2, 2), 0.0)
    inds = _line_sorted_inds(10)
    _, _, kept = lg.generate_local_graphs(inds, np.ones(10, int))
    # 1 and 2 are nearest neighbours of kept 0, 4 of kept 3 (knn 2, 4) ...
    assert kept.tolist()[:3] == [0, 3, 5]
    _, _, kept = lg.generate_local_graphs(inds, np.zeros(10, int))
    assert kept.tolist() == list(range(10))  # label 0: never redundant
    attribs = np.zeros((2, 12, 8), np.float32)
    for b in range(2):
        attribs[b, :10, 0] = 10
        attribs[b, :10, 1] = np.arange(10) * 4 + 5  # x
        attribs[b, :10, 2] = 8                      # y
        attribs[b, :10, 3:5] = (4, 2)               # h, w
        attribs[b, :10, 5] = 1                      # cos
        attribs[b, :10, 7] = [1] * 5 + [2] * 5
    node_feats, adj, knn_inds, linkage = LocalGraphs(
        (2, 1), 1, 6, 1.0, (2, 2), 0.5)(torch.randn(2, 3, 16, 48), attribs)
    assert node_feats.shape[2] == 3 * 4 + 6 and knn_inds.shape[1] == 2
    assert len(node_feats) == len(adj) == len(linkage)
    assert set(linkage.flatten().tolist()) == {0, 1}
    with pytest.raises(ValueError, match='1 text components'):
        LocalGraphs((2, 1), 1, 6, 1.0, (2, 2), 0.5)(
            torch.randn(1, 3, 8, 8), np.ones((1, 3, 8), np.float32))
    with pytest.raises(ValueError, match='k_at_hops'):
        LocalGraphs((2, ), 1, 6, 1.0, (2, 2), 0.5)


def test_quad_mean_scores():
    score = np.arange(16, dtype=np.float64).reshape(4, 4)
    quads = np.array([[[1, 1], [2, 1], [2, 2], [1, 2]],        # pixels 5, 6, 9, 10
                      [[-5, -5], [0, -5], [0, 0], [-5, 0]]])   # clipped: pixel 0
    assert np.allclose(quad_mean_scores(score, quads), [7.5, 0.0])
    # chunked: the same means
    assert np.allclose(quad_mean_scores(score, quads, max_pixels=1), [7.5, 0.0])
    assert quad_mean_scores(score, np.zeros((0, 4, 2))).shape == (0, )


def _proposals(**kw):
    args = dict(k_at_hops=(2, 1), num_adjacent_linkages=1, node_geo_feat_len=6,
                pooling_scale=1.0, pooling_output_size=(2, 2), nms_thr=0.3,
                min_width=4.0, max_width=8.0, comp_shrink_ratio=1.0,
                comp_w_h_ratio=0.5, comp_score_thr=0.3, text_region_thr=0.2,
                center_region_thr=0.2, center_region_area_thr=5)
    args.update(kw)
    return ProposalLocalGraphs(**args)


def test_proposal_local_graphs_on_a_horizontal_text():
    preds = torch.zeros(1, 6, 32, 64)
    preds[:, :2] = -10
    preds[0, 0, 10:22, 8:56] = 10       # text region
    preds[0, 1, 15:17, 12:52] = 10      # center band
    preds[0, 2] = -1                    # sin: the top is up
    preds[0, 4:6] = 6                   # top and bottom heights
    none_flag, (feats, adj, knn_inds, nodes, comps) = _proposals()(
        preds, torch.randn(1, 5, 32, 64))
    assert not none_flag and comps.shape[1] == 9 and len(comps) >= 3
    boxes = comps[:, :8].reshape(-1, 4, 2)
    # 12 high (6 above, 6 below rows 15-16), 6 wide, within the band.
    assert np.allclose(boxes[:, 3, 1] - boxes[:, 0, 1], 12, atol=0.5)
    assert np.allclose(boxes[:, 1, 0] - boxes[:, 0, 0], 6, atol=0.5)
    assert boxes[..., 0].min() >= 12 - 4 and boxes[..., 0].max() <= 52 + 4
    # mean text probability: 12 of the 13 rows a box covers are text
    assert np.allclose(comps[:, 8], 12 / 13, atol=1e-3)
    assert len(feats) == len(comps) and nodes[:, 0].tolist() == list(
        range(len(comps)))
    assert feats.shape[2] == 5 * 4 + 6 and knn_inds.shape == (len(comps), 2)


def test_proposal_local_graphs_without_text():
    preds = torch.full((6, 16, 16), -10.0)
    assert _proposals()(preds, torch.zeros(1, 2, 16, 16))[0] is True
    # a region smaller than center_region_area_thr
    preds[:2, 4:6, 4:6] = 10
    assert _proposals()(preds, torch.zeros(1, 2, 16, 16))[0] is True
    # components mostly off the text (heights 30 on a 12-row text): dropped
    preds = torch.full((6, 64, 64), -10.0)
    preds[0, 26:38, 8:56] = 10
    preds[1, 31:33, 12:52] = 10
    preds[2], preds[3], preds[4:6] = -1, 0, 30
    assert _proposals()(preds, torch.zeros(1, 2, 64, 64))[0] is True
    preds[4:6] = 6
    assert _proposals()(preds, torch.zeros(1, 2, 64, 64))[0] is False
    with pytest.raises(ValueError, match='min_width'):
        _proposals(min_width=9.0)
