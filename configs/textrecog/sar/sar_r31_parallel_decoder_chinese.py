# SAR (ResNet-31, parallel decoder) for printed Chinese, English and digits,
# as MMOCR 0.x's config of the same name (zoo name SAR_CN).
_base_ = [
    '../../_base_/default_runtime.py', '../../_base_/recog_models/sar.py',
    '../../_base_/schedules/schedule_adam_step_5e.py'
]

# MMOCR 0.x's dictionary (one character per line, from its Chinese OCR data
# preparation): the published SAR_CN checkpoint's classes are its lines, so
# the checkpoint loads only with this file. To train a model of your own,
# point dict_file at another dictionary, e.g. the small one shipped in
# mmocr/model_zoo/dicts/chinese_common.txt.
dict_file = 'data/chineseocr/labels/dict_printed_chinese_english_digits.txt'
label_convertor = dict(
    type='AttnConvertor', dict_file=dict_file, with_unknown=True)

model = dict(label_convertor=label_convertor)

img_norm_cfg = dict(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])
resize = dict(type='ResizeOCR', height=48, min_width=48, max_width=256,
              keep_aspect_ratio=True, width_downsample_ratio=0.25)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    resize,
    dict(type='ToTensorOCR'),
    dict(type='NormalizeOCR', **img_norm_cfg),
    dict(type='Collect', keys=['img'],
         meta_keys=['filename', 'ori_shape', 'resize_shape', 'text',
                    'valid_ratio']),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='MultiRotateAugOCR', rotate_degrees=[0, 90, 270],
         transforms=[
             resize,
             dict(type='ToTensorOCR'),
             dict(type='NormalizeOCR', **img_norm_cfg),
             dict(type='Collect', keys=['img'],
                  meta_keys=['filename', 'ori_shape', 'resize_shape',
                             'valid_ratio']),
         ])
]

dataset_type = 'OCRDataset'
line_parser = dict(type='LineStrParser', keys=['filename', 'text'],
                   keys_idx=[0, 1], separator=' ')
train_prefix = 'data/chinese/'
train = dict(
    type=dataset_type,
    img_prefix=train_prefix,
    ann_file=train_prefix + 'labels/train.txt',
    loader=dict(type='HardDiskLoader', repeat=1, parser=line_parser),
    pipeline=None,
    test_mode=False)
test_prefix = 'data/chineseocr/'
test = dict(
    type=dataset_type,
    img_prefix=test_prefix,
    ann_file=test_prefix + 'labels/test.txt',
    loader=dict(type='HardDiskLoader', repeat=1, parser=line_parser),
    pipeline=None,
    test_mode=False)

data = dict(
    samples_per_gpu=40,
    workers_per_gpu=2,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(type='UniformConcatDataset', datasets=[train],
               pipeline=train_pipeline),
    val=dict(type='UniformConcatDataset', datasets=[test],
             pipeline=test_pipeline),
    test=dict(type='UniformConcatDataset', datasets=[test],
              pipeline=test_pipeline))

evaluation = dict(interval=1, metric='acc')
