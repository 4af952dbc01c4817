"""Every registered component taking ``init_cfg`` honours it: built with
``init_cfg=dict(type='Pretrained', checkpoint=...)``, its ``init_weights()``
leaves exactly the checkpoint's weights (over its own initialisation)."""
from __future__ import annotations

import inspect
import sys

import pytest
import torch

import mmocr.models  # noqa: F401 (registers every component)
from mmocr import registry
from mmocr.models.common.layers.weight_init import check_init_cfg

# Small constructor arguments of the components that do not build with
# their defaults, by registered class name (``module.Class`` where a name is
# registered twice). A component taking ``init_cfg`` that neither builds
# with its defaults nor is listed here fails ``test_every_component_built``.
_TINY_DB = dict(
    backbone=dict(type='mmdet.ResNet', depth=18, base_channels=4,
                  init_cfg=None),
    neck=dict(type='FPNC', in_channels=[4, 8, 16, 32], lateral_channels=4,
              out_channels=4),
    bbox_head=dict(type='DBHead', in_channels=16))
_TINY_CRNN = dict(
    backbone=dict(type='ShallowCNN', input_channels=1, hidden_dim=8),
    decoder=dict(type='CRNNDecoder', in_channels=8),
    loss=dict(type='CTCLoss'),
    label_convertor=dict(type='CTCConvertor', dict_type='DICT36'))
_ROI_HEAD = dict(
    bbox_roi_extractor=dict(type='SingleRoIExtractor',
                            roi_layer=dict(type='RoIAlign', output_size=7),
                            out_channels=4, featmap_strides=[4]),
    bbox_head=dict(type='Shared2FCBBoxHead', in_channels=4,
                   fc_out_channels=8, num_classes=1),
    mask_head=dict(type='FCNMaskHead', num_convs=1, in_channels=4,
                   conv_out_channels=4, num_classes=1),
    test_cfg=dict(score_thr=0.05, nms=dict(type='nms', iou_threshold=0.5),
                  max_per_img=10, mask_thr_binary=0.5))

KWARGS: dict[str, dict] = {
    'CRNNDecoder': dict(in_channels=4, num_classes=5),
    'ChannelReductionEncoder': dict(in_channels=4, out_channels=2),
    'DBHead': dict(in_channels=8),
    'DRRGHead': dict(in_channels=8),
    'EASTHead': dict(in_channels=8),
    'FCDecoder': dict(num_labels=3, hidden_size=8),
    'FCEHead': dict(in_channels=8, scales=(8, 16, 32)),
    'FPEM_FFM': dict(in_channels=[4, 4, 4, 4], conv_out=4),
    'FPN': dict(in_channels=[4, 8], out_channels=4, num_outs=2),
    'FPNC': dict(in_channels=[4, 4, 4, 4], lateral_channels=4,
                 out_channels=4),
    'FPNOCR': dict(in_channels=[4, 4, 4, 4], out_channels=4),
    'FPN_UNet': dict(in_channels=[4, 4, 4, 4], out_channels=4),
    'MasterDecoder': dict(start_idx=0, padding_idx=1, num_classes=5,
                          n_layers=1, n_head=2, d_model=8, feat_size=8,
                          d_inner=16),
    'PANHead': dict(in_channels=[4, 4], out_channels=6),
    'PSEHead': dict(in_channels=[4], out_channels=7),
    'ParallelSARDecoder': dict(num_classes=5, padding_idx=4, d_model=8,
                               d_enc=8, d_k=8),
    'SequentialSARDecoder': dict(num_classes=5, padding_idx=4, d_model=8,
                                 d_enc=8, d_k=8),
    'PositionAttentionDecoder': dict(num_classes=5, dim_input=8,
                                     dim_model=8),
    'RobustScannerDecoder': dict(
        num_classes=5, dim_input=8, dim_model=8, padding_idx=4,
        hybrid_decoder=dict(type='SequenceAttentionDecoder'),
        position_decoder=dict(type='PositionAttentionDecoder')),
    'SequenceAttentionDecoder': dict(num_classes=5, dim_input=8,
                                     dim_model=8),
    'RPNHead': dict(in_channels=4, feat_channels=4),
    'mmocr.models.textrecog.backbones.resnet.ResNet': dict(
        in_channels=1, stem_channels=4, block_cfgs=dict(type='BasicBlock'),
        arch_layers=[1], arch_channels=[4], strides=[1]),
    'mmocr.models.common.backbones.resnet.ResNet': dict(depth=18,
                                                         base_channels=4),
    'SingleRoIExtractor': {k: v for k, v in
                           _ROI_HEAD['bbox_roi_extractor'].items()
                           if k != 'type'},
    'StandardRoIHead': _ROI_HEAD,
    'TextSnakeHead': dict(in_channels=8),
    'SingleStageDetector': _TINY_DB,
    'SingleStageTextDetector': _TINY_DB,
    'DRRG': dict(
        backbone=_TINY_DB['backbone'],
        neck=dict(type='FPN_UNet', in_channels=[4, 8, 16, 32],
                  out_channels=8),
        bbox_head=dict(type='DRRGHead', in_channels=8)),
    'OCRMaskRCNN': dict(
        backbone=_TINY_DB['backbone'],
        neck=dict(type='mmdet.FPN', in_channels=[4, 8, 16, 32],
                  out_channels=4, num_outs=4),
        rpn_head=dict(type='RPNHead', in_channels=4, feat_channels=4),
        roi_head=dict(_ROI_HEAD, type='StandardRoIHead',
                      bbox_roi_extractor=dict(
                          _ROI_HEAD['bbox_roi_extractor'],
                          featmap_strides=[4, 8, 16, 32])),
        train_cfg=None,
        test_cfg=dict(rpn=dict(nms_pre=10, max_per_img=10,
                               nms=dict(type='nms', iou_threshold=0.7),
                               min_bbox_size=0),
                      rcnn=_ROI_HEAD['test_cfg'])),
    'EncodeDecodeRecognizer': _TINY_CRNN,
    'SegRecognizer': dict(
        backbone=dict(type='ShallowCNN', input_channels=1, hidden_dim=8),
        neck=dict(type='FPNOCR', in_channels=[4, 8], out_channels=4),
        head=dict(type='SegHead', in_channels=4),
        loss=dict(type='SegLoss'),
        label_convertor=dict(type='SegConvertor', dict_type='DICT36',
                             with_unknown=True)),
    'ABINet': dict(
        backbone=dict(type='ShallowCNN', input_channels=3, hidden_dim=8),
        encoder=dict(
            type='ABIVisionModel',
            encoder=dict(type='TransformerEncoder', n_layers=1, n_head=2,
                         d_model=8, d_inner=16),
            decoder=dict(type='ABIVisionDecoder', in_channels=8,
                         num_channels=4, attn_height=2, attn_width=8,
                         num_chars=37, max_seq_len=5)),
        loss=dict(type='ABILoss', num_classes=37),
        label_convertor=dict(type='ABIConvertor', dict_type='DICT36'),
        max_seq_len=5),
    'SDMGR': dict(backbone=dict(type='UNet', base_channels=4),
                  bbox_head=dict(type='SDMGRHead', visual_dim=4,
                                 node_embed=8, edge_embed=8, fusion_dim=20),
                  visual_modality=False),
}


def _components() -> dict[str, type]:
    """Every class of every registry in :mod:`mmocr.registry` whose
    constructor takes ``init_cfg``, by the key of :data:`KWARGS` (the
    package's own: other tests register toy classes in the same process)."""
    registries = {id(r): r for r in vars(registry).values()
                  if isinstance(r, registry.Registry)}
    classes = {cls for r in registries.values()
               for cls in r.module_dict.values()
               if inspect.isclass(cls) and cls.__module__.startswith('mmocr.')
               and 'init_cfg' in inspect.signature(cls).parameters}
    names = [cls.__name__ for cls in classes]
    return {(cls.__name__ if names.count(cls.__name__) == 1
             else f'{cls.__module__}.{cls.__name__}'): cls
            for cls in classes}


COMPONENTS = _components()


def _kwargs(name: str, tmp_path) -> dict:
    """The constructor arguments of ``name`` (NER needs a vocabulary file:
    written under ``tmp_path``)."""
    if name == 'NerClassifier':
        vocab = tmp_path / 'vocab.txt'
        vocab.write_text('\n'.join(['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a']))
        return dict(
            encoder=dict(type='BertEncoder', num_hidden_layers=1,
                         hidden_size=8, num_attention_heads=2,
                         intermediate_size=8, max_position_embeddings=8,
                         vocab_size=5),
            decoder=dict(type='FCDecoder', hidden_size=8),
            loss=dict(type='MaskedCrossEntropyLoss'),
            label_convertor=dict(type='NerConvertor', annotation_type='bio',
                                 vocab_file=str(vocab), categories=['x'],
                                 max_len=8))
    return KWARGS.get(name, {})


def test_every_component_known():
    """The listed kwargs name components that exist (no stale entries), and
    the set is not empty."""
    assert len(COMPONENTS) > 40
    assert not set(KWARGS) - set(COMPONENTS), set(KWARGS) - set(COMPONENTS)


@pytest.mark.parametrize('name', sorted(COMPONENTS))
def test_every_component_built(name, tmp_path):
    """``name`` builds with its defaults or its :data:`KWARGS` entry."""
    try:
        COMPONENTS[name](**_kwargs(name, tmp_path))
    except Exception as err:  # the message must name the component
        pytest.fail(f'{name} takes init_cfg but does not build with its '
                    f'defaults: add it to KWARGS ({type(err).__name__}: '
                    f'{err})')


@pytest.mark.parametrize('name', sorted(COMPONENTS))
def test_pretrained_init_cfg_loads(name, tmp_path):
    cls = COMPONENTS[name]
    kwargs = _kwargs(name, tmp_path)
    try:
        source = cls(**kwargs)
    except Exception:
        pytest.skip('reported by test_every_component_built')
    saved = {k: v + 1 if v.is_floating_point() else v.clone()
             for k, v in source.state_dict().items()}
    path = tmp_path / 'perturbed.pth'
    torch.save({'state_dict': saved}, path)
    model = cls(**dict(kwargs, init_cfg=dict(type='Pretrained',
                                             checkpoint=str(path))))
    floats = [k for k, v in saved.items() if v.is_floating_point()]
    # building alone does not read the checkpoint
    assert not floats or not all(
        torch.equal(model.state_dict()[k], saved[k]) for k in floats), name
    if hasattr(model, 'init_weights'):
        model.init_weights()
    state = model.state_dict()
    assert state.keys() == saved.keys()
    wrong = [k for k in saved if not torch.equal(state[k], saved[k])]
    assert not wrong, f'{name}: init_cfg Pretrained did not set {wrong[:5]}'


def test_default_init_kept_without_init_cfg():
    """``init_cfg=None`` keeps a head's own (0.x default) initialisation:
    the same seeded weights as the class's default init alone."""
    cls = COMPONENTS['FCEHead']
    torch.manual_seed(0)
    head = cls(**KWARGS['FCEHead'])
    head.init_weights()
    torch.manual_seed(0)
    ref = cls(**KWARGS['FCEHead'])
    ref.default_init()  # again: init_weights() without init_cfg does this
    for a, b in zip(head.state_dict().values(), ref.state_dict().values()):
        assert torch.equal(a, b)
    assert head.out_conv_cls.weight.std().item() == pytest.approx(0.01,
                                                                  rel=0.3)


def test_init_cfg_after_default_init():
    """A ``Constant`` init_cfg overrides the own initialisation when built
    and again after ``init_weights()``; other layers keep the own one."""
    head = COMPONENTS['PANHead'](in_channels=[4], out_channels=6,
                                 init_cfg=dict(type='Constant', val=0.5,
                                               layer='Conv2d'))
    assert (head.out_conv.weight == 0.5).all()
    torch.nn.init.zeros_(head.out_conv.weight)
    head.init_weights()
    assert (head.out_conv.weight == 0.5).all()


# Components with their own init_cfg rule (mmdet's ResNet: Pretrained only).
OWN_INIT_CFG_CHECK = {'mmocr.models.common.backbones.resnet.ResNet'}


@pytest.mark.parametrize('name', sorted(COMPONENTS))
def test_init_cfg_checked_once_when_built(name, tmp_path, monkeypatch):
    """Building a component checks its ``init_cfg`` once (not in a base
    class and again in ``setup_init``, nor again when applying it)."""
    init_cfg = dict(type='Constant', val=0.5, layer='NoSuchLayer')
    seen = []

    def counting(cfg, *args, **kwargs):
        if cfg is init_cfg or (isinstance(cfg, list) and init_cfg in cfg):
            seen.append(cfg)
        return check_init_cfg(cfg, *args, **kwargs)

    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith('mmocr.') and \
                getattr(module, 'check_init_cfg', None) is check_init_cfg:
            monkeypatch.setattr(module, 'check_init_cfg', counting)
    try:
        COMPONENTS[name](**dict(_kwargs(name, tmp_path), init_cfg=init_cfg))
    except Exception:
        pytest.skip('reported by test_every_component_built')
    expected = 0 if name in OWN_INIT_CFG_CHECK else 1
    assert len(seen) == expected, f'{name}: init_cfg checked {len(seen)} times'
