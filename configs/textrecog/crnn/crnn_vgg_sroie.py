# CRNN (VGG + BiLSTM + CTC) on SROIE receipt text lines.
#
# Prepare the line crops first (same train/val split as the detection data):
#   python tools/data/textrecog/sroie_crops_converter.py ../shared/data/sroie \
#       -o data/sroie_crops --val-ratio 0.1 --seed 0
# which writes data/sroie_crops/{train,val}/*.jpg and
# data/sroie_crops/{train,val}_label.jsonl.
#
# Receipt lines hold upper and lower case letters, digits, punctuation and
# spaces: DICT91 (DICT90 + space); the few other characters (^ | { }) map to
# <UKN>. Lines keep their aspect ratio at height 32 (no fixed width, so no
# padding to a maximum width): DefaultFormatBundle lets the collate function
# right-pad each batch to its widest line, and the recognizer derives each
# line's valid_ratio from resize_shape so that CTC decoding and the loss
# ignore the padding.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/sroie_crops.py',
    '../../_base_/schedules/schedule_adadelta_5e.py'
]

label_convertor = dict(
    type='CTCConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='CRNNNet',
    preprocessor=None,
    backbone=dict(type='VeryDeepVgg', leaky_relu=False, input_channels=1),
    encoder=None,
    decoder=dict(type='CRNNDecoder', in_channels=512, rnn_flag=True),
    loss=dict(type='CTCLoss', zero_infinity=True),
    label_convertor=label_convertor,
    pretrained=None)

img_norm_cfg = dict(mean=[127], std=[127])

train_pipeline = [
    dict(type='LoadImageFromFile', color_type='grayscale'),
    dict(
        type='ResizeOCR',
        height=32,
        min_width=32,
        max_width=None,
        keep_aspect_ratio=True,
        width_downsample_ratio=0.25),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='DefaultFormatBundle'),
    dict(
        type='Collect',
        keys=['img'],
        meta_keys=['filename', 'resize_shape', 'text', 'valid_ratio']),
]

test_pipeline = [
    dict(type='LoadImageFromFile', color_type='grayscale'),
    dict(
        type='ResizeOCR',
        height=32,
        min_width=32,
        max_width=None,
        keep_aspect_ratio=True,
        width_downsample_ratio=0.25),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='DefaultFormatBundle'),
    dict(
        type='Collect',
        keys=['img'],
        meta_keys=[
            'filename', 'resize_shape', 'valid_ratio', 'img_norm_cfg',
            'ori_filename', 'img_shape', 'ori_shape'
        ]),
]

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

data = dict(
    samples_per_gpu=32,
    workers_per_gpu=2,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(
        type='UniformConcatDataset',
        datasets=train_list,
        pipeline=train_pipeline),
    val=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline),
    test=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline))

evaluation = dict(interval=1, metric='acc')
