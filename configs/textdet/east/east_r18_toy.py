# A tiny EAST (ResNet-18 at 1/16 width, 16-channel FPNC, RBOX geometry) on
# MMOCR's 10-image toy dataset at 320x192: trains and evaluates in seconds on
# a CPU. Used by the tests.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/toy_data.py'
]

# _base_/det_models/east_r50_fpnc.py's model, with a narrow ResNet-18.
model = dict(
    type='EAST',
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        base_channels=4,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,
        norm_eval=False,
        style='caffe'),
    neck=dict(
        type='FPNC',
        in_channels=[4, 8, 16, 32],
        lateral_channels=8,
        out_channels=4,
        conv_after_concat=True),
    bbox_head=dict(
        type='EASTHead',
        in_channels=16,
        geometry='RBOX',
        scale=256,
        loss=dict(type='EASTLoss'),
        postprocessor=dict(type='EASTPostprocessor', score_thr=0.9)),
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
    dict(type='Pad', size_divisor=32),
    # the toy texts are a few pixels tall at this scale
    dict(type='EASTTargets', geometry='RBOX', min_text_size=3),
    dict(
        type='CustomFormatBundle',
        keys=['gt_score', 'gt_geo', 'gt_mask'],
        visualize=dict(flag=False, boundary_key='gt_score')),
    dict(
        type='Collect',
        keys=['img', 'gt_score', 'gt_geo', 'gt_mask'],
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
