# The recognition comparison's pipelines: every family reads the same RGB
# pixels, 32 px high, normalised to [-1, 1], no augmentation. The
# ``train_pipeline`` / ``test_pipeline`` keep the aspect ratio (32 to 160
# px wide, the batch padded to its widest image); the ``fixed_*`` ones
# resize every image to 32x128, for the families whose encoder reads a
# fixed number of positions (ABINet, SVTR, VisionLAN, RARE's TPS). The
# ``*_lmdb`` variants decode the images from an lmdb (the synthetic sets).
img_norm_cfg = dict(mean=[127.5, 127.5, 127.5], std=[127.5, 127.5, 127.5])
train_meta_keys = ['filename', 'resize_shape', 'text', 'valid_ratio']
test_meta_keys = [
    'filename', 'resize_shape', 'valid_ratio', 'img_norm_cfg', 'ori_filename',
    'img_shape', 'ori_shape'
]
keep_ratio_resize = dict(type='ResizeOCR', height=32, min_width=32,
                         max_width=160, keep_aspect_ratio=True,
                         width_downsample_ratio=0.25)
fixed_resize = dict(type='ResizeOCR', height=32, min_width=128,
                    max_width=128, keep_aspect_ratio=False)
normalize_and_format = [dict(type='Normalize', **img_norm_cfg),
                        dict(type='DefaultFormatBundle')]

train_pipeline = [
    dict(type='LoadImageFromFile'), keep_ratio_resize, *normalize_and_format,
    dict(type='Collect', keys=['img'], meta_keys=train_meta_keys)
]
train_pipeline_lmdb = [dict(type='LoadImageFromLMDB'), *train_pipeline[1:]]
test_pipeline = [
    dict(type='LoadImageFromFile'), keep_ratio_resize, *normalize_and_format,
    dict(type='Collect', keys=['img'], meta_keys=test_meta_keys)
]
fixed_train_pipeline = [
    dict(type='LoadImageFromFile'), fixed_resize, *normalize_and_format,
    dict(type='Collect', keys=['img'], meta_keys=train_meta_keys)
]
fixed_train_pipeline_lmdb = [
    dict(type='LoadImageFromLMDB'), *fixed_train_pipeline[1:]
]
fixed_test_pipeline = [
    dict(type='LoadImageFromFile'), fixed_resize, *normalize_and_format,
    dict(type='Collect', keys=['img'], meta_keys=test_meta_keys)
]
