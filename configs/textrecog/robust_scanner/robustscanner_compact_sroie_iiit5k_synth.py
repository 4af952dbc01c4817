# RobustScanner in the recognition comparison (docs/en/recog_comparison.md):
# ResNet31 at a quarter of its width, 64-wide hybrid and position branches;
# data, pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/robust_scanner/robustscanner_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='RobustScanner',
    backbone=dict(type='ResNet31OCR',
                  channels=(16, 32, 64, 64, 128, 128, 128)),
    encoder=dict(type='ChannelReductionEncoder', in_channels=128,
                 out_channels=64),
    decoder=dict(
        type='RobustScannerDecoder', dim_input=128, dim_model=64,
        hybrid_decoder=dict(type='SequenceAttentionDecoder'),
        position_decoder=dict(type='PositionAttentionDecoder')),
    loss=dict(type='SARLoss'),
    label_convertor=label_convertor,
    max_seq_len=40)
