# SATRN in the recognition comparison (docs/en/recog_comparison.md): a
# compact SATRN (128-wide, 3 encoder and 2 decoder layers), the
# comparison's data, pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/satrn/satrn_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

d_model = 128
model = dict(
    type='SATRN',
    backbone=dict(type='ShallowCNN', input_channels=3, hidden_dim=d_model),
    encoder=dict(
        type='SatrnEncoder', n_layers=3, n_head=4, d_k=d_model // 4,
        d_v=d_model // 4, d_model=d_model, n_position=100,
        d_inner=d_model * 4, dropout=0.1),
    decoder=dict(
        type='NRTRDecoder', n_layers=2, d_embedding=d_model, n_head=4,
        d_model=d_model, d_inner=d_model * 4, d_k=d_model // 4,
        d_v=d_model // 4),
    loss=dict(type='TFLoss'),
    label_convertor=label_convertor,
    max_seq_len=40)
