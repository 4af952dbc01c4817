# SAR_CN's model and pipelines trained from scratch on the synthetic Chinese
# lines of ConvNextViT's config (same data, same held-out set, so their
# line_acc compare), with the shipped Chinese level-1 + ASCII dictionary.
# Data: the commands in configs/_base_/recog_datasets/chinese_synth.py.
# Train:  python tools/train.py configs/textrecog/sar/sar_r31_parallel_decoder_chinese_synth.py
_base_ = [
    'sar_r31_parallel_decoder_chinese.py',
    '../../_base_/recog_datasets/chinese_synth.py'
]

dict_file = ('{{ fileDirname }}/../../../mmocr/model_zoo/dicts/'
             'chinese_level1_ascii.txt')
# generated lines hold up to 40 characters (gen_recog.py's max_chars)
model = dict(label_convertor=dict(dict_file=dict_file), max_seq_len=40)

# the base's train pipeline, images decoded from the training lmdb
train_pipeline_lmdb = [
    dict(type='LoadImageFromLMDB'), {{_base_.resize}},
    dict(type='ToTensorOCR'),
    dict(type='NormalizeOCR', mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5]),
    dict(type='Collect', keys=['img'],
         meta_keys=['filename', 'ori_shape', 'resize_shape', 'text',
                    'valid_ratio']),
]

data = dict(
    train=dict(datasets=[{{_base_.chinese_synth_train}}],
               pipeline=train_pipeline_lmdb),
    val=dict(datasets=[{{_base_.chinese_synth_test}}]),
    test=dict(datasets=[{{_base_.chinese_synth_test}}]))

evaluation = dict(interval=1, metric=['line_acc', 'one_minus_ned'])
