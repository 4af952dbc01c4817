# SAR_CN's model and pipelines trained from scratch on the synthetic Chinese
# lines of ConvNextViT's config (same data, same held-out set, so their
# line_acc compare), with the shipped Chinese level-1 + ASCII dictionary.
# Data: see configs/textrecog/convnextvit/convnextvit_tiny_chinese.py.
# Train:  python tools/train.py configs/textrecog/sar/sar_r31_parallel_decoder_chinese_synth.py
_base_ = ['sar_r31_parallel_decoder_chinese.py']

dict_file = 'mmocr/model_zoo/dicts/chinese_level1_ascii.txt'
model = dict(label_convertor=dict(dict_file=dict_file))

train_pipeline = {{_base_.train_pipeline}}
test_pipeline = {{_base_.test_pipeline}}
train_pipeline_lmdb = [dict(type='LoadImageFromLMDB'), *train_pipeline[1:]]

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
