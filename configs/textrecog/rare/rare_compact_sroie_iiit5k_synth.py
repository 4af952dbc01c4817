# RARE in the recognition comparison (docs/en/recog_comparison.md): TPS
# rectification, the slim VGG of CRNN_slim, a 128-wide GRU encoder and
# sequential attention decoder; data, pipeline and schedule shared by
# every family.
# Train:  python tools/train.py configs/textrecog/rare/rare_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='AttnConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='RARE',
    preprocessor=dict(type='TPSPreprocessor', num_fiducial=20,
                      img_size=(32, 128), rectified_img_size=(32, 128),
                      num_img_channel=3),
    backbone=dict(type='VeryDeepVgg', leaky_relu=False, input_channels=3,
                  channels=(32, 64, 96, 96, 128, 128, 128),
                  with_bn=(True, ) * 7),
    encoder=dict(type='SAREncoder', enc_bi_rnn=True, enc_do_rnn=0.1,
                 enc_gru=True, d_model=128, d_enc=128),
    decoder=dict(type='SequentialSARDecoder', enc_bi_rnn=True, dec_gru=True,
                 d_model=128, d_enc=128, d_k=128, pred_dropout=0.1,
                 pred_concat=True),
    loss=dict(type='SARLoss'),
    label_convertor=label_convertor,
    max_seq_len=40)

data = {{_base_.fixed_size_data}}
