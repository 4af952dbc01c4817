"""Shapes and behaviour of the recognition backbones, preprocessor,
encoders, decoders and losses (tiny tensors)."""
import math

import pytest
import torch

from mmocr.models.builder import build_model
from mmocr.models.textrecog.backbones import ResNet31OCR, VeryDeepVgg
from mmocr.models.textrecog.decoders import (
    CRNNDecoder,
    ParallelSARDecoder,
    SequentialSARDecoder,
)
from mmocr.models.textrecog.encoders import (
    BaseEncoder,
    ChannelReductionEncoder,
    SAREncoder,
)
from mmocr.models.textrecog.losses import CELoss, CTCLoss, SARLoss
from mmocr.models.textrecog.preprocessor import TPSPreprocessor
from mmocr.utils.errors import InvalidValueError

TINY_R31 = dict(layers=[1, 1, 1, 1], channels=[4, 8, 8, 8, 16, 16, 16])


def test_very_deep_vgg_shape():
    model = VeryDeepVgg(leaky_relu=False, input_channels=1)
    assert model(torch.rand(1, 1, 32, 100)).shape == (1, 512, 1, 26)
    assert model.out_channels() == 512
    assert 'cnn.conv6.weight' in model.state_dict()
    with pytest.raises(ValueError, match='N, C, H, W'):
        model(torch.rand(1, 32, 100))
    with pytest.raises(ValueError, match='ResizeOCR'):
        model(torch.rand(1, 1, 32, 1))


def test_very_deep_vgg_slim_variant():
    model = VeryDeepVgg(input_channels=1, channels=(4, 8, 8, 8, 16, 16, 24),
                        with_bn=(True,) * 7)
    assert model(torch.rand(2, 1, 32, 64)).shape == (2, 24, 1, 17)
    assert model.out_channels() == 24
    bns = [k for k in model.state_dict() if k.endswith('running_mean')]
    assert len(bns) == 7
    with pytest.raises(ValueError, match='7 entries'):
        VeryDeepVgg(channels=(8, 8))


def test_resnet31_ocr_shapes():
    model = ResNet31OCR(base_channels=1, **TINY_R31)
    assert model(torch.rand(2, 1, 48, 160)).shape == (2, 16, 6, 40)
    outs = ResNet31OCR(base_channels=1, out_indices=[0, 3], **TINY_R31)(
        torch.rand(1, 1, 32, 64))
    assert [tuple(o.shape) for o in outs] == [(1, 8, 16, 32), (1, 16, 4, 16)]
    pooled = ResNet31OCR(base_channels=1, last_stage_pool=True, **TINY_R31)
    assert pooled(torch.rand(1, 1, 32, 64)).shape == (1, 16, 2, 8)
    with pytest.raises(ValueError, match='out_indices'):
        ResNet31OCR(out_indices=[4])


def test_tps_identity_at_init_and_trainable():
    torch.manual_seed(0)
    tps = TPSPreprocessor(num_fiducial=6, img_size=(16, 40),
                          rectified_img_size=(16, 40), num_img_channel=1)
    tps.eval()
    img = torch.rand(2, 1, 16, 40)
    assert torch.allclose(tps(img), img, atol=2e-3)
    # other input sizes are rectified to rectified_img_size
    assert tps(torch.rand(1, 1, 20, 60)).shape == (1, 1, 16, 40)
    tps.train()
    tps(img).sum().backward()
    assert tps.LocalizationNetwork.localization_fc2.weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match='num_fiducial'):
        TPSPreprocessor(num_fiducial=5)
    with pytest.raises(ValueError, match='N, 1, H, W'):
        tps(torch.rand(1, 3, 16, 40))


def test_tps_moves_image_when_points_move():
    tps = TPSPreprocessor(num_fiducial=4, img_size=(8, 8),
                          rectified_img_size=(8, 8)).eval()
    # Shift every fiducial point right by one pixel (2/8 in [-1, 1] units):
    # the output samples one pixel to the right.
    with torch.no_grad():
        bias = tps.LocalizationNetwork.localization_fc2.bias.view(-1, 2)
        bias[:, 0] += 2 / 8
    img = torch.arange(64.).view(1, 1, 8, 8)
    out = tps(img)
    assert torch.allclose(out[..., :7], img[..., 1:], atol=1e-2)


def test_encoders():
    feat = torch.rand(2, 8, 3, 5)
    assert BaseEncoder()(feat) is feat
    assert ChannelReductionEncoder(8, 4)(feat).shape == (2, 4, 3, 5)
    enc = SAREncoder(enc_bi_rnn=True, d_model=8, d_enc=6).eval()
    assert enc(feat).shape == (2, 12)
    # valid_ratio picks the RNN state at the last valid column, so columns
    # after it do not matter.
    metas = [dict(valid_ratio=0.4), dict(valid_ratio=1.0)]
    enc = SAREncoder(d_model=8, d_enc=6).eval()
    changed = feat.clone()
    changed[0, :, :, 2:] = 5.0
    assert torch.allclose(enc(feat, metas)[0], enc(changed, metas)[0])
    assert not torch.allclose(enc(feat)[0], enc(changed)[0])


def test_crnn_decoder():
    feat = torch.rand(2, 8, 1, 7)
    rnn = CRNNDecoder(in_channels=8, num_classes=5, rnn_flag=True,
                      start_idx=0, padding_idx=0, max_seq_len=40)
    assert rnn(feat, None, {}, None).shape == (2, 7, 5)
    conv = CRNNDecoder(in_channels=8, num_classes=5)
    assert conv(feat, train_mode=False).shape == (2, 7, 5)
    with pytest.raises(ValueError, match='height 1'):
        conv(torch.rand(2, 8, 2, 7), train_mode=False)
    with pytest.raises(ValueError, match='in_channels'):
        CRNNDecoder(num_classes=5)
    # a misspelled key is an error, not silently ignored
    with pytest.raises(TypeError, match='pack_vald'):
        build_model(dict(type='CRNNDecoder', in_channels=8, num_classes=5,
                         pack_vald=True))


def test_crnn_decoder_pack_valid_ignores_batch_padding():
    torch.manual_seed(0)
    alone = torch.rand(1, 8, 1, 6)
    padded = torch.cat([alone, torch.rand(1, 8, 1, 4)], dim=3)  # 4 pad cols
    batch = torch.cat([padded, torch.rand(1, 8, 1, 10)])
    metas = [dict(valid_ratio=0.6), dict(valid_ratio=1.0)]
    dec = CRNNDecoder(in_channels=8, num_classes=5, rnn_flag=True,
                      pack_valid=True).eval()
    with torch.no_grad():
        ref = dec(alone, None, img_metas=[dict(valid_ratio=1.0)],
                  train_mode=False)
        out = dec(batch, None, img_metas=metas, train_mode=False)
        # without packing the backward LSTM starts inside the padding
        plain = CRNNDecoder(in_channels=8, num_classes=5, rnn_flag=True)
        plain.load_state_dict(dec.state_dict())
        plain.eval()
        unpacked = plain(batch, None, img_metas=metas, train_mode=False)
    assert out.shape == (2, 10, 5)
    assert torch.allclose(out[0, :6], ref[0], atol=1e-6)
    assert not torch.allclose(unpacked[0, :6], ref[0], atol=1e-4)
    # the full-width image is unaffected by packing
    assert torch.allclose(out[1], unpacked[1], atol=1e-6)


def _sar_kwargs(**kwargs):
    cfg = dict(num_classes=7, d_model=8, d_enc=6, d_k=5, max_seq_len=4,
               start_idx=5, padding_idx=6, pred_concat=True)
    cfg.update(kwargs)
    return cfg


@pytest.mark.parametrize('decoder_cls', [ParallelSARDecoder,
                                         SequentialSARDecoder])
def test_sar_decoders_shapes_and_mask(decoder_cls):
    torch.manual_seed(0)
    decoder = decoder_cls(**_sar_kwargs()).eval()
    feat, out_enc = torch.rand(2, 8, 2, 5), torch.rand(2, 6)
    targets = dict(padded_targets=torch.tensor([[5, 0, 1, 5], [5, 2, 5, 6]]))
    metas = [dict(valid_ratio=0.6), dict(valid_ratio=1.0)]
    logits = decoder(feat, out_enc, targets, metas, train_mode=True)
    assert logits.shape == (2, 4, 6)
    probs = decoder(feat, out_enc, None, metas, train_mode=False)
    assert probs.shape == (2, 4, 6)
    assert torch.allclose(probs.sum(-1), torch.ones(2, 4), atol=1e-5)
    # columns 3-4 are masked; column 4 is also outside the 3x3 key conv's
    # reach from the valid columns 0-2, so changing it changes nothing
    changed = feat.clone()
    changed[0, :, :, 4:] = 9.0
    assert torch.allclose(decoder(changed, out_enc, None, metas, False)[0],
                          probs[0], atol=1e-5)
    with pytest.raises(ValueError, match='targets_dict'):
        decoder(feat, out_enc, None, metas, train_mode=True)


def test_parallel_sar_incremental_decoding_matches_full_rerun():
    torch.manual_seed(0)
    decoder = ParallelSARDecoder(**_sar_kwargs(max_seq_len=5)).eval()
    feat, out_enc = torch.rand(3, 8, 2, 5), torch.rand(3, 6)
    fast = decoder(feat, out_enc, None, None, train_mode=False)
    mask, key = decoder._prepare(feat, out_enc, None)
    slow = decoder._test_bidirectional(feat, out_enc, mask, key)
    assert torch.allclose(fast, slow, atol=1e-5)
    bi = ParallelSARDecoder(**_sar_kwargs(dec_bi_rnn=True)).eval()
    assert bi(feat, out_enc, None, None, False).shape == (3, 4, 6)


def test_sequential_sar_rejects_bidirectional():
    with pytest.raises(ValueError, match='dec_bi_rnn'):
        SequentialSARDecoder(**_sar_kwargs(dec_bi_rnn=True))


def test_ctc_loss_hand_values():
    loss = CTCLoss()
    targets = dict(targets=[torch.tensor([1])])
    uniform = torch.zeros(1, 2, 2)  # T=2, classes {blank, a}
    # paths for "a": aa, a-, -a -> 3 * 0.25
    out = loss(uniform, targets)['loss_ctc']
    assert out.item() == pytest.approx(-math.log(0.75), abs=1e-5)
    # valid_ratio 0.5 -> one step: p(a) = 0.5
    out = loss(uniform, targets, [dict(valid_ratio=0.5)])['loss_ctc']
    assert out.item() == pytest.approx(math.log(2), abs=1e-5)
    logits = torch.randn(3, 6, 4)
    batch = dict(targets=[torch.tensor([1, 2]), torch.tensor([3]),
                          torch.tensor([1, 1, 2, 3, 2, 1, 3, 3])])
    flat = CTCLoss(flatten=True, zero_infinity=True)(logits, batch)['loss_ctc']
    padded = CTCLoss(flatten=False, zero_infinity=True)(logits, batch)[
        'loss_ctc']
    assert torch.isclose(flat, padded)


def test_ctc_loss_accepts_empty_label():
    targets = dict(targets=[torch.tensor([], dtype=torch.long),
                            torch.tensor([1, 2])])
    logits = torch.zeros(2, 3, 3, requires_grad=True)
    loss = CTCLoss(reduction='none')(logits, targets)['loss_ctc']
    # empty label: the all-blank path, (1/3)^3
    assert loss[0].item() == pytest.approx(3 * math.log(3), abs=1e-4)
    loss.sum().backward()
    assert torch.isfinite(logits.grad).all()


def test_ce_and_sar_loss_hand_values():
    # classes 0..2; targets [start=2, 1, pad=0]: only target 1 counts
    outputs = torch.zeros(1, 3, 3)
    outputs[0, 1] = torch.tensor([50.0, -50.0, -50.0])  # ignored step
    targets = dict(padded_targets=torch.tensor([[2, 1, 0]]))
    sar = build_model(dict(type='SARLoss', ignore_index=0))
    assert sar(outputs, targets)['loss_ce'].item() == pytest.approx(
        math.log(3), abs=1e-5)
    ce = CELoss(ignore_index=0, reduction='none')
    per_step = ce(outputs, targets)['loss_ce']
    assert per_step.shape == (1, 3)
    # without the shift: step 0 vs the start token (uniform logits), step 1
    # vs target 1 (logit gap 100), the padding step contributes 0
    assert per_step[0].tolist() == pytest.approx([math.log(3), 100, 0],
                                                 abs=1e-4)
    first = CELoss(ignore_index=0, ignore_first_char=True, reduction='mean')
    assert first(outputs, targets)['loss_ce'].item() == pytest.approx(
        math.log(3), abs=1e-5)
    assert isinstance(SARLoss(), CELoss)


def test_losses_reject_bad_reduction():
    with pytest.raises(ValueError):
        CTCLoss(reduction='avg')
    with pytest.raises(ValueError):
        CELoss(reduction='avg')


@pytest.mark.parametrize('decoder', [
    'ParallelSARDecoder', 'SequentialSARDecoder', 'NRTRDecoder',
    'MasterDecoder', 'PositionAttentionDecoder', 'SequenceAttentionDecoder',
    'RobustScannerDecoder'])
@pytest.mark.parametrize('num_classes', [None, 1, True, 2.5])
def test_attention_decoders_check_num_classes_one_way(decoder, num_classes):
    with pytest.raises(InvalidValueError,
                       match=f'{decoder}: num_classes must be an int >= 2'):
        extra = (dict(start_idx=0, padding_idx=1)
                 if decoder == 'MasterDecoder' else {})  # required there
        build_model(dict(type=decoder, num_classes=num_classes, **extra))
