# CRNN in the recognition comparison (docs/en/recog_comparison.md): the
# shipped CRNN_slim's network (slim VGG with BatchNorm, two BiLSTMs, CTC)
# on the comparison's RGB inputs; data, pipeline and schedule shared by
# every family.
# Train:  python tools/train.py configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

label_convertor = dict(
    type='CTCConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='CRNNNet',
    preprocessor=None,
    backbone=dict(
        type='VeryDeepVgg', leaky_relu=False, input_channels=3,
        channels=(32, 64, 96, 96, 128, 128, 128), with_bn=(True, ) * 7),
    encoder=None,
    decoder=dict(type='CRNNDecoder', in_channels=128, rnn_flag=True),
    loss=dict(type='CTCLoss', zero_infinity=True),
    label_convertor=label_convertor,
    pretrained=None)
