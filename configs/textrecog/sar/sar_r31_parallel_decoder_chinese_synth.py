# SAR_CN's model and pipelines trained from scratch on the synthetic Chinese
# lines of ConvNextViT's config (same data, same held-out set, so their
# line_acc compare), with the shipped Chinese level-1 + ASCII dictionary.
# Data: see configs/textrecog/convnextvit/convnextvit_tiny_chinese.py.
# Train:  python tools/train.py configs/textrecog/sar/sar_r31_parallel_decoder_chinese_synth.py
_base_ = ['sar_r31_parallel_decoder_chinese.py']

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

train = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/train.lmdb',
    ann_file='data/chinese_synth/train.lmdb',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='lmdb',
        parser=dict(type='LineJsonParser', keys=['filename', 'text'])),
    pipeline=None,
    test_mode=False)
test = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/val',
    ann_file='data/chinese_synth/val/labels.txt',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='txt',
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' ')),
    pipeline=None,
    test_mode=True)

data = dict(
    train=dict(datasets=[train], pipeline=train_pipeline_lmdb),
    val=dict(datasets=[test]),
    test=dict(datasets=[test]))

evaluation = dict(interval=1, metric=['line_acc', 'one_minus_ned'])
