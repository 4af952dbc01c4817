# NRTR in the recognition comparison (docs/en/recog_comparison.md): the
# modality transform (512 features per column at 32 px), 3 encoder and 2
# decoder layers; data, pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/nrtr/nrtr_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='NRTR',
    backbone=dict(type='NRTRModalityTransform', input_channels=3),
    encoder=dict(type='NRTREncoder', n_layers=3),
    decoder=dict(type='NRTRDecoder', n_layers=2),
    loss=dict(type='TFLoss'),
    label_convertor=label_convertor,
    max_seq_len=40)
