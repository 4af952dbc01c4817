# Grey lines 32 pixels high, the aspect ratio kept, 32 to 800 pixels wide
# (at most 200 encoder columns); batches are right-padded and the padding
# is hidden from the encoder's attention and from CTC (valid_ratio).
img_norm_cfg = dict(mean=[127], std=[127])
resize = dict(
    type='ResizeOCR',
    height=32,
    min_width=32,
    max_width=800,
    keep_aspect_ratio=True,
    width_downsample_ratio=0.25)
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='grayscale'), resize,
    dict(type='Normalize', **img_norm_cfg),
    dict(type='DefaultFormatBundle'),
    dict(
        type='Collect',
        keys=['img'],
        meta_keys=['filename', 'resize_shape', 'text', 'valid_ratio']),
]
# the same steps on images decoded from an image lmdb (synthetic sets)
train_pipeline_lmdb = [
    dict(type='LoadImageFromLMDB', color_type='grayscale'), resize,
    *train_pipeline[2:]
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='grayscale'), resize,
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
