# A tiny PSENet (ResNet-50 at 1/16 width, 8-channel FPNF) on MMOCR's 10-image
# toy dataset at 320x192: trains and evaluates in seconds on a CPU. Used by
# the tests.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/toy_data.py'
]

# _base_/det_models/psenet_r50_fpnf.py's model_quad, narrowed, with BN.
model = dict(
    type='PSENet',
    backbone=dict(
        type='mmdet.ResNet',
        depth=50,
        base_channels=4,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,
        norm_eval=True,
        style='pytorch'),
    neck=dict(
        type='FPNF',
        in_channels=[16, 32, 64, 128],
        out_channels=8,
        fusion_type='concat'),
    bbox_head=dict(
        type='PSEHead',
        in_channels=[8],
        out_channels=7,
        loss=dict(type='PSELoss'),
        postprocessor=dict(type='PSEPostprocessor', text_repr_type='quad')),
    train_cfg=None,
    test_cfg=None)

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
    dict(type='PSENetTargets'),
    dict(type='Pad', size_divisor=32),
    dict(
        type='CustomFormatBundle',
        keys=['gt_kernels', 'gt_mask'],
        visualize=dict(flag=False, boundary_key='gt_kernels')),
    dict(
        type='Collect',
        keys=['img', 'gt_kernels', 'gt_mask'],
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
