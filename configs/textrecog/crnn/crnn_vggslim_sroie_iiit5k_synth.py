# The shipped default text recognizer: a compact CRNN (slim VGG with
# BatchNorm, two BiLSTMs, CTC) trained from scratch on SROIE line crops, the
# IIIT5K training split and synthetic words and receipt lines.
#
# Data (see docs/en/default_models.md for the full recipe):
#   python tools/data/textrecog/sroie_crops_converter.py ../shared/data/sroie \
#       -o data/sroie_crops --val-ratio 0.1 --seed 0
#   python tools/data/textrecog/iiit5k_converter.py ../shared/data/iiit5k_train \
#       -o data/iiit5k --val-ratio 0.1
#   python tools/data/synth/gen_recog.py --out data/synth_recog/words.lmdb \
#       --num 30000 --corpus words.txt --charset DICT91 --height 32 --seed 2
#   python tools/data/synth/gen_recog.py --out data/synth_recog/receipt.lmdb \
#       --num 10000 --corpus receipt --charset DICT91 --height 32 --seed 3
# Train:  python tools/train.py configs/textrecog/crnn/crnn_vggslim_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
]

label_convertor = dict(
    type='CTCConvertor', dict_type='DICT91', with_unknown=True, lower=False)

model = dict(
    type='CRNNNet',
    preprocessor=None,
    backbone=dict(
        type='VeryDeepVgg',
        leaky_relu=False,
        input_channels=1,
        channels=(32, 64, 96, 96, 128, 128, 128),
        with_bn=(True, ) * 7),
    encoder=None,
    decoder=dict(type='CRNNDecoder', in_channels=128, rnn_flag=True),
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
# the synthetic sets are image lmdbs: same steps, images decoded from the db
train_pipeline_lmdb = [
    dict(type='LoadImageFromLMDB', color_type='grayscale'),
    *train_pipeline[1:]
]
# Every test image gets 32 columns of padding (grey 127, 0 once
# normalised: the batch padding's value) after it, so that its last
# characters are read as in the right-padded training batches; without it a
# crop read alone (or the widest of a batch) loses trailing characters.
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='grayscale'),
    dict(
        type='ResizeOCR',
        height=32,
        min_width=32,
        max_width=None,
        keep_aspect_ratio=True,
        width_downsample_ratio=0.25,
        img_pad_value=127,
        right_pad=32),
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

# the datasets of synth_words_sroie_iiit5k.py in this config's pipelines
data = dict(
    samples_per_gpu=16,
    train=dict(pipeline=[train_pipeline, train_pipeline_lmdb]),
    val=dict(pipeline=test_pipeline),
    test=dict(pipeline=test_pipeline))

optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=5))
lr_config = dict(policy='CosineAnnealing', min_lr=1e-5, by_epoch=False,
                 warmup='linear', warmup_iters=500, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=12500)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=4000, by_epoch=False, metric='acc')
