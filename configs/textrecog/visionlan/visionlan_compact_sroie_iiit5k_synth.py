# VisionLAN in the recognition comparison (docs/en/recog_comparison.md): a
# ResNet45 at a quarter of its width on 32x128 inputs (4x16 positions), the
# LF_2 step (VRM and MLM) from scratch; data, pipeline and schedule shared
# by every family.
# Train:  python tools/train.py configs/textrecog/visionlan/visionlan_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=False, lower=False)

model = dict(
    type='VisionLAN',
    backbone=dict(
        type='ResNet', in_channels=3, stem_channels=16,
        block_cfgs=dict(type='BasicBlock', use_conv1x1=True),
        arch_layers=[3, 4, 6, 6, 3], arch_channels=[16, 32, 64, 128, 128],
        strides=[2, 2, 2, 1, 1]),
    encoder=None,
    decoder=dict(type='VisionLANDecoder', training_step='LF_2', n_layers=2,
                 n_position=64, n_dim=128, n_head=4, d_inner=256),
    loss=dict(type='VisionLANLoss', weight_res=0.5, weight_mas=0.5),
    label_convertor=label_convertor,
    max_seq_len=41)

data = {{_base_.fixed_size_data}}
