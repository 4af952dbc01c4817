"""mmcv's ``init_cfg`` taken where MMOCR 0.x takes it, and applied."""
from __future__ import annotations

import importlib
import inspect

import pytest
import torch
from torch import nn

import mmocr.models  # noqa: F401 (registers every component)
from mmocr.models.common.layers.weight_init import init_by_cfg
from mmocr.models.textrecog import (
    BasePreprocessor,
    CRNNDecoder,
    SARLoss,
    ShallowCNN,
    TPSPreprocessor,
)
from mmocr.registry import MODELS, UnknownKeyError, build_from_cfg


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(4, 2)


def test_init_by_cfg_types_layers_override():
    net = Net()
    init_by_cfg(net, [dict(type='Constant', layer='Conv2d', val=0.5, bias=2),
                      dict(type='Constant', layer=['_BatchNorm'], val=3)])
    assert (net.conv.weight == 0.5).all() and (net.conv.bias == 2).all()
    assert (net.bn.weight == 3).all() and (net.bn.bias == 0).all()
    fc = net.fc.weight.clone()
    assert torch.equal(net.fc.weight, fc)  # not named in layer: untouched
    init_by_cfg(net, dict(type='Uniform', layer='Linear', a=1, b=2))
    assert ((net.fc.weight >= 1) & (net.fc.weight <= 2)).all()
    init_by_cfg(net, dict(type='Constant', layer='Conv2d', val=1,
                          override=dict(name='fc', val=7)))
    assert (net.conv.weight == 1).all() and (net.fc.weight == 7).all()
    init_by_cfg(net, dict(type='Constant', layer='Linear', val=0,
                          bias_prob=0.01))
    assert net.fc.bias[0].item() == pytest.approx(-4.59512, abs=1e-4)
    for kind in ('Xavier', 'Kaiming', 'Normal', 'TruncNormal'):
        init_by_cfg(net, dict(type=kind, layer='Conv2d'))
    init_by_cfg(net, None)
    with pytest.raises(AssertionError, match='init_cfg type'):
        init_by_cfg(net, dict(type='Orthogonal', layer='Conv2d'))
    with pytest.raises(UnknownKeyError, match="'vall' .did you mean 'val'"):
        init_by_cfg(net, dict(type='Constant', layer='Conv2d', vall=1))
    with pytest.raises(AssertionError, match='override'):
        init_by_cfg(net, dict(type='Constant', override=dict(name='nope')))


def test_init_by_cfg_pretrained(tmp_path):
    src = Net()
    path = tmp_path / 'w.pth'
    torch.save({'state_dict': {f'backbone.{k}': v
                               for k, v in src.state_dict().items()}}, path)
    dst = Net()
    init_by_cfg(dst, dict(type='Pretrained', checkpoint=str(path),
                          prefix='backbone.'))
    assert torch.equal(dst.conv.weight, src.conv.weight)


def test_0x_components_take_init_cfg():
    const = dict(type='Constant', layer='Conv2d', val=0.25)
    cnn = ShallowCNN(init_cfg=const)
    convs = [m for m in cnn.modules() if isinstance(m, nn.Conv2d)]
    assert convs and all((m.weight == 0.25).all() for m in convs)
    dec = build_from_cfg(dict(type='CRNNDecoder', in_channels=4,
                              num_classes=5, init_cfg=const), MODELS)
    assert isinstance(dec, CRNNDecoder) and (dec.decoder.weight == 0.25).all()
    # None keeps the component's own (0.x default) initialisation
    assert ShallowCNN(init_cfg=None) is not None


def test_base_preprocessor_init_weights():
    pre = BasePreprocessor(init_cfg=dict(type='Constant', layer='Conv2d'))
    pre.init_weights()  # no layer of that kind: nothing to do
    x = torch.rand(1, 3, 4, 4)
    assert pre(x) is x
    tps = TPSPreprocessor(init_cfg=dict(type='Constant', layer='Conv2d',
                                        val=0.5))
    convs = [m for m in tps.modules() if isinstance(m, nn.Conv2d)]
    assert convs and all((m.weight == 0.5).all() for m in convs)


def test_sar_loss_0x_default():
    assert SARLoss().loss_ce.ignore_index == -1
    assert SARLoss().loss_ce.reduction == 'mean'


# The classes of MMOCR 0.6.3 taking init_cfg that exist here, at their 0.x
# module (read from its source).
INIT_CFG_0X = [
    ('mmocr.models.common.backbones.unet', 'UNet'),
    ('mmocr.models.common.detectors.single_stage', 'SingleStageDetector'),
    ('mmocr.models.kie.extractors.sdmgr', 'SDMGR'),
    ('mmocr.models.kie.heads.sdmgr_head', 'SDMGRHead'),
    ('mmocr.models.ner.classifiers.ner_classifier', 'NerClassifier'),
    ('mmocr.models.ner.decoders.fc_decoder', 'FCDecoder'),
    ('mmocr.models.ner.encoders.bert_encoder', 'BertEncoder'),
    ('mmocr.models.textdet.dense_heads.db_head', 'DBHead'),
    ('mmocr.models.textdet.dense_heads.fce_head', 'FCEHead'),
    ('mmocr.models.textdet.dense_heads.pan_head', 'PANHead'),
    ('mmocr.models.textdet.dense_heads.pse_head', 'PSEHead'),
    ('mmocr.models.textdet.detectors.dbnet', 'DBNet'),
    ('mmocr.models.textdet.detectors.fcenet', 'FCENet'),
    ('mmocr.models.textdet.detectors.panet', 'PANet'),
    ('mmocr.models.textdet.detectors.psenet', 'PSENet'),
    ('mmocr.models.textdet.detectors.single_stage_text_detector',
     'SingleStageTextDetector'),
    ('mmocr.models.textdet.necks.fpem_ffm', 'FPEM'),
    ('mmocr.models.textdet.necks.fpem_ffm', 'FPEM_FFM'),
    ('mmocr.models.textdet.necks.fpem_ffm', 'SeparableConv2d'),
    ('mmocr.models.textdet.necks.fpn_cat', 'FPNC'),
    ('mmocr.models.textdet.necks.fpn_cat', 'ScaleChannelSpatialAttention'),
    ('mmocr.models.textdet.necks.fpnf', 'FPNF'),
    ('mmocr.models.textrecog.backbones.nrtr_modality_transformer',
     'NRTRModalityTransform'),
    ('mmocr.models.textrecog.backbones.resnet', 'ResNet'),
    ('mmocr.models.textrecog.backbones.resnet31_ocr', 'ResNet31OCR'),
    ('mmocr.models.textrecog.backbones.shallow_cnn', 'ShallowCNN'),
    ('mmocr.models.textrecog.backbones.very_deep_vgg', 'VeryDeepVgg'),
    ('mmocr.models.textrecog.decoders.base_decoder', 'BaseDecoder'),
    ('mmocr.models.textrecog.decoders.crnn_decoder', 'CRNNDecoder'),
    ('mmocr.models.textrecog.decoders.master_decoder', 'MasterDecoder'),
    ('mmocr.models.textrecog.decoders.nrtr_decoder', 'NRTRDecoder'),
    ('mmocr.models.textrecog.decoders.position_attention_decoder',
     'PositionAttentionDecoder'),
    ('mmocr.models.textrecog.decoders.robust_scanner_decoder', 'RobustScannerDecoder'),
    ('mmocr.models.textrecog.decoders.sar_decoder', 'ParallelSARDecoder'),
    ('mmocr.models.textrecog.decoders.sar_decoder', 'SequentialSARDecoder'),
    ('mmocr.models.textrecog.decoders.sar_decoder_with_bs', 'ParallelSARDecoderWithBS'),
    ('mmocr.models.textrecog.decoders.sequence_attention_decoder',
     'SequenceAttentionDecoder'),
    ('mmocr.models.textrecog.encoders.channel_reduction_encoder',
     'ChannelReductionEncoder'),
    ('mmocr.models.textrecog.encoders.nrtr_encoder', 'NRTREncoder'),
    ('mmocr.models.textrecog.encoders.sar_encoder', 'SAREncoder'),
    ('mmocr.models.textrecog.encoders.satrn_encoder', 'SatrnEncoder'),
    ('mmocr.models.textrecog.layers.robust_scanner_fusion_layer',
     'RobustScannerFusionLayer'),
    ('mmocr.models.textrecog.layers.satrn_layers', 'Adaptive2DPositionalEncoding'),
    ('mmocr.models.textrecog.layers.satrn_layers', 'LocalityAwareFeedforward'),
    ('mmocr.models.textrecog.layers.satrn_layers', 'SatrnEncoderLayer'),
    ('mmocr.models.textrecog.preprocessor.tps_preprocessor', 'TPSPreprocessor'),
    ('mmocr.models.textrecog.recognizer.base', 'BaseRecognizer'),
    ('mmocr.models.textrecog.recognizer.encode_decode_recognizer',
     'EncodeDecodeRecognizer'),
]


@pytest.mark.parametrize('module, name', INIT_CFG_0X,
                         ids=[n for _, n in INIT_CFG_0X])
def test_init_cfg_taken_where_0x_takes_it(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert 'init_cfg' in inspect.signature(cls).parameters
