# A tiny FCENet (ResNet-18 at 1/16 width, an 8-channel FPN) on MMOCR's
# 10-image toy dataset at 320x192: trains and evaluates in seconds on a CPU.
# Used by the tests.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/toy_data.py'
]

# _base_/det_models/fcenet_r50_fpn.py, narrowed, on ResNet-18.
model = dict(
    type='FCENet',
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        base_channels=4,
        num_stages=4,
        out_indices=(1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,
        norm_eval=True,
        style='pytorch'),
    neck=dict(
        type='mmdet.FPN',
        in_channels=[8, 16, 32],
        out_channels=8,
        add_extra_convs='on_output',
        num_outs=3,
        relu_before_extra_convs=True,
        act_cfg=None),
    bbox_head=dict(
        type='FCEHead',
        in_channels=8,
        scales=(8, 16, 32),
        fourier_degree=5,
        loss=dict(type='FCELoss', num_sample=50),
        postprocessor=dict(
            type='FCEPostprocessor',
            text_repr_type='quad',
            num_reconstr_points=50,
            alpha=1.2,
            beta=1.0,
            score_thr=0.3)))

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
    dict(
        type='FCENetTargets',
        fourier_degree=5,
        level_proportion_range=((0, 0.4), (0.3, 0.7), (0.6, 1.0))),
    dict(
        type='CustomFormatBundle',
        keys=['p3_maps', 'p4_maps', 'p5_maps'],
        visualize=dict(flag=False, boundary_key=None)),
    dict(
        type='Collect',
        keys=['img', 'p3_maps', 'p4_maps', 'p5_maps'],
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
