# SAR in the recognition comparison (docs/en/recog_comparison.md): ResNet31
# at a quarter of its width, 128-wide LSTM encoder and parallel decoder;
# data, pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/sar/sar_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='SARNet',
    backbone=dict(type='ResNet31OCR',
                  channels=(16, 32, 64, 64, 128, 128, 128)),
    encoder=dict(type='SAREncoder', enc_bi_rnn=False, enc_do_rnn=0.1,
                 enc_gru=False, d_model=128, d_enc=128),
    decoder=dict(
        type='ParallelSARDecoder', enc_bi_rnn=False, dec_bi_rnn=False,
        dec_do_rnn=0, dec_gru=False, pred_dropout=0.1, d_model=128,
        d_enc=128, d_k=128, pred_concat=True),
    loss=dict(type='SARLoss'),
    label_convertor=label_convertor,
    max_seq_len=40)
