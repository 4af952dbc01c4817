"""SDMGR model, head and loss."""
from __future__ import annotations

import pytest
import torch

from mmocr.models import build_detector, build_loss
from mmocr.models.common.detectors import SingleStageDetector
from mmocr.models.kie.heads.sdmgr_head import Block, GNNLayer, _pair_indices


def _tiny_cfg(visual: bool, num_classes: int = 4) -> dict:
    return dict(type='SDMGR',
                backbone=dict(type='UNet', base_channels=4, num_stages=2,
                              strides=(1, 1), enc_num_convs=(1, 1),
                              dec_num_convs=(1,), downsamples=(True,),
                              enc_dilations=(1, 1), dec_dilations=(1,)),
                bbox_head=dict(type='SDMGRHead', visual_dim=4, num_chars=8,
                               node_input=8, node_embed=16, edge_embed=16,
                               fusion_dim=40, num_classes=num_classes),
                visual_modality=visual)


def _batch():
    gen = torch.Generator().manual_seed(0)
    relations = [torch.randn(3, 3, 5, generator=gen),
                 torch.randn(2, 2, 5, generator=gen)]
    texts = [torch.tensor([[1, 2, -1], [3, -1, -1], [-1, -1, -1]]),
             torch.tensor([[4, 5], [6, 7]])]
    bboxes = [torch.tensor([[0., 0., 10., 10.], [5., 5., 15., 14.],
                            [1., 2., 3., 4.]]),
              torch.tensor([[0., 0., 15., 15.], [2., 2., 8., 8.]])]
    labels = [torch.tensor([[1, -1, 1, 0], [2, 1, -1, 0], [0, 0, 0, -1]]),
              torch.tensor([[3, -1, 1], [1, 1, -1]])]
    return torch.randn(2, 3, 16, 16, generator=gen), relations, texts, bboxes, labels


def test_pair_indices_are_graph_local_and_i_major():
    src, dst = _pair_indices([2, 1], torch.device('cpu'))
    assert src.tolist() == [0, 0, 1, 1, 2]
    assert dst.tolist() == [0, 1, 0, 1, 2]


def test_gnn_layer_attention_ignores_self_pairs():
    layer = GNNLayer(node_dim=4, edge_dim=3)
    nodes = torch.randn(3, 4)
    src, dst = _pair_indices([3], torch.device('cpu'))
    out, pair_feats = layer(nodes, torch.randn(9, 3), src, dst)
    assert out.shape == (3, 4) and pair_feats.shape == (9, 4)
    # a single-node graph attends to itself only and stays finite
    out1, _ = layer(torch.randn(1, 4), torch.randn(1, 3),
                    *_pair_indices([1], torch.device('cpu')))
    assert torch.isfinite(out1).all()


def test_block_fusion_shape_and_chunks():
    assert Block.chunk_sizes(1024, 20) == [52] * 19 + [36]
    block = Block([4, 6], 5, mm_dim=30, chunks=4, rank=2)
    assert block([torch.randn(7, 4), torch.randn(7, 6)]).shape == (7, 5)


@pytest.mark.parametrize('visual', [False, True])
def test_forward_train_and_test(visual):
    model = build_detector(_tiny_cfg(visual))
    img, relations, texts, bboxes, labels = _batch()
    losses = model(img, [{}, {}], relations=relations, texts=texts,
                   gt_bboxes=bboxes, gt_labels=labels)
    assert set(losses) == {'loss_node', 'loss_edge', 'acc_node', 'acc_edge'}
    assert all(torch.isfinite(v) for v in losses.values())
    model.eval()
    with torch.no_grad():
        results = model(img, [{'filename': 'a'}, {'filename': 'b'}],
                        return_loss=False, relations=relations, texts=texts,
                        gt_bboxes=bboxes)
    assert [r['nodes'].shape for r in results] == [(3, 4), (2, 4)]
    assert [r['edges'].shape for r in results] == [(9, 2), (4, 2)]
    assert results[1]['img_metas'] == [{'filename': 'b'}]
    assert torch.allclose(results[0]['nodes'].sum(-1), torch.ones(3))


def test_no_backbone_without_visual_modality():
    """``backbone=None``: same head outputs as with an unused backbone, and
    no backbone weights in the state dict."""
    with_unet = build_detector(_tiny_cfg(False))
    without = build_detector(dict(_tiny_cfg(False), backbone=None))
    head = {k: v for k, v in with_unet.state_dict().items()
            if not k.startswith('backbone.')}
    assert set(without.state_dict()) == set(head)
    without.load_state_dict(head, strict=True)
    img, relations, texts, bboxes, _ = _batch()
    outs = []
    for model in (with_unet.eval(), without.eval()):
        with torch.no_grad():
            outs.append(model(img, [{}, {}], return_loss=False,
                              relations=relations, texts=texts,
                              gt_bboxes=bboxes))
    for a, b in zip(*outs):
        assert torch.equal(a['nodes'], b['nodes'])
        assert torch.equal(a['edges'], b['edges'])
    with pytest.raises(AssertionError, match='visual_modality=True needs a '
                       'backbone config'):
        build_detector(dict(_tiny_cfg(True), backbone=None))
    with pytest.raises(AssertionError, match='built without a backbone'):
        SingleStageDetector.extract_feat(without, img)


def test_state_dict_keys_follow_mmocr():
    keys = set(build_detector(_tiny_cfg(True)).state_dict())
    for key in ('bbox_head.node_embed.weight', 'bbox_head.rnn.weight_ih_l0',
                'bbox_head.edge_embed.weight',
                'bbox_head.gnn_layers.1.coef_fc.weight',
                'bbox_head.fusion.merge_linears0.0.weight',
                'bbox_head.node_cls.weight', 'bbox_head.edge_cls.bias',
                'backbone.encoder.0.0.convs.0.conv.weight'):
        assert key in keys


def test_short_overfit_decreases_loss():
    torch.manual_seed(0)
    model = build_detector(_tiny_cfg(False))
    img, relations, texts, bboxes, labels = _batch()
    optim = torch.optim.Adam(model.parameters(), lr=1e-2)
    first = None
    for _ in range(30):
        out = model.train_step(dict(img=img, img_metas=[{}, {}],
                                    relations=relations, texts=texts,
                                    gt_bboxes=bboxes, gt_labels=labels))
        optim.zero_grad()
        out['loss'].backward()
        optim.step()
        first = out['loss'].item() if first is None else first
    assert out['loss'].item() < 0.3 * first
    assert out['log_vars']['acc_node'] == pytest.approx(100.0)


def test_loss_ignores_and_is_finite_when_everything_is_ignored():
    loss = build_loss(dict(type='SDMGRLoss', ignore=0))
    node_preds = torch.tensor([[5., 0.], [0., 5.], [5., 0.]])
    edge_preds = torch.zeros(5, 2, requires_grad=True)
    gts = [torch.tensor([[0, -1, 1], [1, 0, -1]]), torch.tensor([[0, -1]])]
    out = loss(node_preds, edge_preds, gts)
    # only node 1 (label 1) counts, and it is predicted right
    assert out['acc_node'].item() == pytest.approx(100.0)
    assert out['loss_edge'].item() == pytest.approx(torch.log(torch.tensor(2.)).item())
    all_ignored = loss(node_preds[:1], edge_preds[:1],
                       [torch.tensor([[0, -1]])])
    assert all_ignored['loss_node'].item() == 0.0
    assert all_ignored['loss_edge'].item() == 0.0
    with pytest.raises(ValueError, match=r'\(K, K \+ 1\)'):
        loss(node_preds, edge_preds, [torch.zeros(3, 2)])
    with pytest.raises(ValueError, match='node label 5 is out of range'):
        loss(node_preds, edge_preds,
             [torch.tensor([[5, -1, 1], [1, 0, -1]]), torch.tensor([[0, -1]])])


def test_char_index_out_of_vocabulary_is_reported():
    model = build_detector(_tiny_cfg(False))
    img, relations, texts, bboxes, labels = _batch()
    texts[0][0, 0] = 99
    with pytest.raises(ValueError, match='num_chars'):
        model(img, [{}, {}], relations=relations, texts=texts,
              gt_bboxes=bboxes, gt_labels=labels)


def test_show_result_draws_nodes_and_links(tmp_path):
    class_list = tmp_path / 'classes.txt'
    class_list.write_text('0 Bg\n1 Key\n2 Value\n3 Others\n')
    model = build_detector(dict(_tiny_cfg(False), openset=True,
                                class_list=str(class_list)))
    img = torch.zeros(40, 60, 3, dtype=torch.uint8).numpy()
    link = torch.tensor([[0., 0.9], [0.9, 0.]])
    result = dict(nodes=torch.tensor([[0., 1., 0., 0.], [0., 0., 1., 0.]]),
                  edges=torch.stack([1 - link, link], -1).view(4, 2))
    out_file = tmp_path / 'vis.png'
    drawn = model.show_result(img, result, [[2, 2, 20, 12], [30, 20, 55, 35]],
                              out_file=str(out_file))
    assert drawn.shape == (40, 120, 3) and out_file.is_file()
    assert (drawn[:, 60:] < 255).any()  # class names written on the panel
    assert (drawn[:, :60, 1] == 200).any()  # the green key-value link
