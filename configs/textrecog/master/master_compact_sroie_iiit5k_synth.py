# MASTER in the recognition comparison (docs/en/recog_comparison.md): the
# GCA ResNet at a quarter of its width, a 128-wide 2-layer decoder; data,
# pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/master/master_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

gca = dict(type='GCAModule', ratio=0.0625, n_head=1, pooling_type='att',
           is_att_scale=False, fusion_type='channel_add')
model = dict(
    type='MASTER',
    backbone=dict(
        type='ResNet',
        in_channels=3,
        stem_channels=[16, 32],
        block_cfgs=dict(type='BasicBlock',
                        plugins=dict(cfg=gca, position='after_conv2')),
        arch_layers=[1, 2, 5, 3],
        arch_channels=[64, 64, 128, 128],
        strides=[1, 1, 1, 1],
        plugins=[
            dict(cfg=dict(type='Maxpool2d', kernel_size=2, stride=(2, 2)),
                 stages=(True, True, False, False), position='before_stage'),
            dict(cfg=dict(type='Maxpool2d', kernel_size=(2, 1),
                          stride=(2, 1)),
                 stages=(False, False, True, False), position='before_stage'),
            dict(cfg=dict(type='ConvModule', kernel_size=3, stride=1,
                          padding=1, norm_cfg=dict(type='BN'),
                          act_cfg=dict(type='ReLU')),
                 stages=(True, True, True, True), position='after_stage')
        ],
        init_cfg=[
            dict(type='Kaiming', layer='Conv2d'),
            dict(type='Constant', val=1, layer='BatchNorm2d'),
        ]),
    encoder=None,
    decoder=dict(type='MasterDecoder', d_model=128, n_head=4, attn_drop=0.,
                 ffn_drop=0., d_inner=256, n_layers=2, feat_pe_drop=0.2,
                 feat_size=4 * 40),
    loss=dict(type='TFLoss', reduction='mean'),
    label_convertor=label_convertor,
    max_seq_len=40)
