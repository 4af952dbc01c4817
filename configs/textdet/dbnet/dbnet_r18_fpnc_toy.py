# A tiny DBNet (ResNet-18 at 1/16 width) on MMOCR's 10-image toy dataset at
# 320x192: trains and evaluates in seconds on a CPU. Used by the tests.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_models/dbnet_r18_fpnc.py',
    '../../_base_/det_datasets/toy_data.py'
]

model = dict(
    backbone=dict(base_channels=4, init_cfg=None),
    neck=dict(
        in_channels=[4, 8, 16, 32], lateral_channels=16, out_channels=4),
    bbox_head=dict(in_channels=16))

train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='LoadTextAnnotations',
        with_bbox=True,
        with_mask=True,
        poly2mask=False),
    dict(type='Resize', img_scale={{_base_.img_scale}}, keep_ratio=True),
    dict(
        type='Normalize',
        mean={{_base_.img_norm_cfg.mean}},
        std={{_base_.img_norm_cfg.std}},
        to_rgb={{_base_.img_norm_cfg.to_rgb}}),
    dict(type='DBNetTargets', shrink_ratio=0.4),
    dict(type='Pad', size_divisor=32),
    dict(
        type='CustomFormatBundle',
        keys=['gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask'],
        visualize=dict(flag=False, boundary_key='gt_shrink')),
    dict(
        type='Collect',
        keys=['img', 'gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask'],
        meta_keys=('filename', 'ori_filename', 'ori_shape', 'img_shape',
                   'pad_shape', 'scale_factor', 'img_norm_cfg'))
]

data = dict(train=dict(pipeline=train_pipeline))

optimizer = dict(type='Adam', lr=1e-3)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='fixed')
runner = dict(type='EpochBasedRunner', max_epochs=1)
checkpoint_config = dict(interval=1)
evaluation = dict(interval=1, metric='hmean-iou')
