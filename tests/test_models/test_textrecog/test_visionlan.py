"""VisionLAN: occlusion targets by hand, the decoder's three training steps
and test output, state_dict names, a toy batch learnt, bad input."""
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog.decoders import VisionLANDecoder
from mmocr.models.textrecog.decoders.visionlan_decoder import occlusion_targets
from mmocr.models.textrecog.losses import VisionLANLoss
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError

CONFIGS = Path(__file__).resolve().parents[3] / 'configs' / 'textrecog' / 'visionlan'
END, PAD = 9, 10


def _model(name: str = 'visionlan_toy_dataset.py'):
    return build_detector(Config.fromfile(str(CONFIGS / name)).model)


def _decoder(step: str = 'LA') -> VisionLANDecoder:
    return VisionLANDecoder(training_step=step, n_layers=1, n_position=6,
                            n_dim=8, n_head=2, d_inner=16, num_classes=11,
                            end_idx=END, padding_idx=PAD, max_seq_len=5)


def test_occlusion_targets_by_hand():
    words = [torch.tensor([1, 2, 3]), torch.tensor([4]),
             torch.tensor([], dtype=torch.long), torch.tensor([1, 2, 3, 4, 5, 6])]
    vis, rem, sub = occlusion_targets(words, torch.tensor([1, 0, 0, 5]), 5,
                                      END, PAD)
    assert vis.tolist() == [[1, 2, 3, END, PAD], [4, END, PAD, PAD, PAD],
                            [END, PAD, PAD, PAD, PAD], [1, 2, 3, 4, 5]]
    assert rem.tolist() == [[1, 3, END, PAD, PAD], [END, PAD, PAD, PAD, PAD],
                            [END, PAD, PAD, PAD, PAD], [1, 2, 3, 4, 5]]
    assert sub.tolist() == [[2, END, PAD, PAD, PAD], [4, END, PAD, PAD, PAD],
                            [PAD] * 5, [6, END, PAD, PAD, PAD]]


def test_training_steps_and_test_output():
    torch.manual_seed(0)
    feat = torch.randn(2, 8, 2, 3)
    targets = dict(targets=[torch.tensor([1, 2]), torch.tensor([3, 4, 5])])
    outs = {}
    for step in ('LF_1', 'LF_2', 'LA'):
        torch.manual_seed(1)
        dec = _decoder(step).eval()  # no dropout: the steps compare
        torch.manual_seed(2)  # the same occluded characters
        outs[step] = dec(feat, None, targets, None, train_mode=True)
    assert set(outs['LF_1']) == {'out_vis', 'targets_vis'}
    assert outs['LF_1']['out_vis'].shape == (2, 5, 10)
    assert set(outs['LA']) == {'out_vis', 'out_rem', 'out_sub', 'targets_vis',
                               'targets_rem', 'targets_sub', 'mask'}
    assert outs['LA']['mask'].shape == (2, 6, 1)
    assert 0 <= outs['LA']['mask'].min() and outs['LA']['mask'].max() <= 1
    # LA occludes the VRM's features of the first half of the batch only
    diff = (outs['LA']['out_vis'] - outs['LF_2']['out_vis']).abs()
    diff = diff.flatten(1).amax(1)
    assert diff[0] > 1e-4 and diff[1] < 1e-6
    torch.testing.assert_close(outs['LA']['out_rem'], outs['LF_2']['out_rem'])
    probs = dec(feat, None, None, None, train_mode=False)
    assert probs.shape == (2, 5, 10)
    torch.testing.assert_close(probs.sum(-1), torch.ones(2, 5))
    loss = VisionLANLoss(ignore_index=PAD)(outs['LA'])
    assert set(loss) == {'loss_vis', 'loss_rem', 'loss_sub'}
    assert set(VisionLANLoss(ignore_index=PAD)(outs['LF_1'])) == {'loss_vis'}


def test_state_dict_names():
    model = _model()
    keys = set(model.state_dict())
    for key in ('backbone.stem_layers.0.conv.weight',
                'backbone.layer1.0.conv1.weight', 'backbone.layer5.0.conv2.weight',
                'decoder.MLM.MLM_SequenceModeling_mask.layer_stack.1.attn.linear_q.weight',
                'decoder.MLM.MLM_SequenceModeling_WCL.layer_stack.0.mlp.w_1.weight',
                'decoder.MLM.MLM_SequenceModeling_WCL.position_enc.position_table',
                'decoder.MLM.pos_embedding.weight', 'decoder.MLM.w0_linear.weight',
                'decoder.MLM.wv.weight', 'decoder.MLM.we.weight',
                'decoder.SequenceModeling.layer_stack.0.norm2.weight',
                'decoder.SequenceModeling.layer_norm.weight',
                'decoder.Prediction.pp.f0_embedding.weight',
                'decoder.Prediction.pp.w0.weight',
                'decoder.Prediction.pp_share.we.weight',
                'decoder.Prediction.w_vrm.weight',
                'decoder.Prediction.w_share.bias'):
        assert key in keys, key
    assert not any('layer_stack.1' in k for k in keys if 'SequenceModeling.' in k
                   and 'MLM' not in k)  # n_layers=1 in the toy config
    again = _model()
    again.load_state_dict(model.state_dict(), strict=True)
    full = _model('visionlan_resnet45_LA.py')
    assert full.backbone(torch.zeros(1, 3, 64, 256)).shape == (1, 512, 8, 32)


def test_loss_falls_on_a_toy_batch():
    torch.manual_seed(0)
    model = _model()
    model.init_weights()
    img = torch.randn(2, 3, 64, 256)
    metas = [dict(resize_shape=(64, 256, 3), text='lan'),
             dict(resize_shape=(64, 256, 3), text='vision')]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(25):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['log_vars']['loss_vis'])
    assert losses[-1] < 0.5 * losses[0]


def test_bad_input_is_named():
    dec = _decoder()
    with pytest.raises(InvalidValueError,
                       match=r'3x3 = 9 positions, n_position is 6'):
        dec(torch.randn(1, 8, 3, 3), None, None, None, train_mode=False)
    with pytest.raises(InvalidValueError, match="training_step.*'LB'"):
        VisionLANDecoder(training_step='LB', num_classes=5, end_idx=3,
                         padding_idx=4)
    with pytest.raises(InvalidValueError, match='end_idx'):
        VisionLANDecoder(num_classes=5)
    with pytest.raises(InvalidValueError, match='out_vis'):
        VisionLANLoss()(torch.randn(1, 5, 10))
