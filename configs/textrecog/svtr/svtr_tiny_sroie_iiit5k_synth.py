# SVTR in the recognition comparison (docs/en/recog_comparison.md): SVTR-T
# (MMOCR's tiny size) on 32x128 inputs; data, pipeline and schedule shared
# by every family.
# Train:  python tools/train.py configs/textrecog/svtr/svtr_tiny_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='CTCConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='SVTR',
    preprocessor=None,
    backbone=None,
    encoder=dict(
        type='SVTREncoder', img_size=[32, 128], in_channels=3,
        out_channels=192, embed_dims=[64, 128, 256], depth=[3, 6, 3],
        num_heads=[2, 4, 8], mixer_types=['Local'] * 6 + ['Global'] * 6,
        window_size=[[7, 11], [7, 11], [7, 11]], merging_types='Conv',
        prenorm=False, max_seq_len=32),
    decoder=dict(type='SVTRDecoder', in_channels=192),
    loss=dict(type='CTCLoss', zero_infinity=True),
    label_convertor=label_convertor,
    pretrained=None)

data = {{_base_.fixed_size_data}}
