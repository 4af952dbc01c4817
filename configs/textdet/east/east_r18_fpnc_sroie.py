# EAST (half-width ResNet-18, 64-channel FPNC, RBOX geometry) on SROIE
# receipts, trained from scratch (no ImageNet weights here) on the training
# split written by tools/data/textdet/sroie_converter.py and validated on its
# held-out split (see configs/_base_/det_datasets/sroie.py for the converter
# command). A CPU-sized iteration schedule, as DBNet's receipt model.
# Train:  python tools/train.py configs/textdet/east/east_r18_fpnc_sroie.py
# Test:   python tools/test.py configs/textdet/east/east_r18_fpnc_sroie.py \
#             CKPT --eval hmean-iou
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/sroie.py',
    '../../_base_/det_pipelines/east_pipeline.py'
]

# _base_/det_models/east_r50_fpnc.py's model with a narrower backbone and
# neck, spelled out.
model = dict(
    type='EAST',
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        base_channels=32,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,
        norm_eval=False,
        style='caffe'),
    neck=dict(
        type='FPNC',
        in_channels=[32, 64, 128, 256],
        lateral_channels=64,
        out_channels=16,
        conv_after_concat=True),
    bbox_head=dict(
        type='EASTHead',
        in_channels=64,
        geometry='RBOX',
        scale=512,
        downsample_ratio=0.25,
        loss=dict(type='EASTLoss', score_loss='dice', angle_weight=10.0),
        postprocessor=dict(
            type='EASTPostprocessor', score_thr=0.9, nms_thr=0.2)),
    train_cfg=None,
    test_cfg=None)

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)

# Receipts are upright: small rotations, no mirroring; scales matched to the
# 1333x736 test resize; receipt text is small, so only texts under 6 pixels
# are masked out.
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='LoadTextAnnotations',
        with_bbox=True,
        with_mask=True,
        poly2mask=False),
    dict(type='ColorJitter', brightness=32.0 / 255, saturation=0.5),
    dict(type='Normalize', **img_norm_cfg),
    dict(
        type='ImgAug',
        args=[dict(cls='Affine', rotate=[-5, 5]), ['Resize', [0.8, 1.8]]]),
    dict(type='EastRandomCrop', target_size=(512, 512)),
    dict(type='Pad', size_divisor=32),
    dict(type='EASTTargets', geometry='RBOX', min_text_size=6),
    dict(
        type='CustomFormatBundle',
        keys=['gt_score', 'gt_geo', 'gt_mask'],
        visualize=dict(flag=False, boundary_key='gt_score')),
    dict(type='Collect', keys=['img', 'gt_score', 'gt_geo', 'gt_mask'])
]

test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='MultiScaleFlipAug',
        img_scale=(1333, 736),  # used by Resize
        flip=False,
        transforms=[
            dict(type='Resize', keep_ratio=True),
            dict(type='Normalize', **img_norm_cfg),
            dict(type='Pad', size_divisor=32),
            dict(type='ImageToTensor', keys=['img']),
            dict(type='Collect', keys=['img']),
        ])
]

data = dict(
    samples_per_gpu=4,
    workers_per_gpu=1,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(
        type='UniformConcatDataset',
        datasets={{_base_.train_list}},
        pipeline=train_pipeline),
    val=dict(
        type='UniformConcatDataset',
        datasets={{_base_.test_list}},
        pipeline=test_pipeline),
    test=dict(
        type='UniformConcatDataset',
        datasets={{_base_.test_list}},
        pipeline=test_pipeline))

optimizer = dict(type='AdamW', lr=2e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=300, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=6000)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=2000, by_epoch=False, metric='hmean-iou',
                  save_best='0_hmean-iou:hmean', rule='greater')
