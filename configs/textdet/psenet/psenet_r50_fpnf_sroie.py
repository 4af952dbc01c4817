# PSENet on SROIE receipts, trained from scratch (no ImageNet weights here):
# trained on the training split written by tools/data/textdet/sroie_converter.py,
# validated on its held-out split (see configs/_base_/det_datasets/sroie.py for
# the converter command).
#   python tools/train.py configs/textdet/psenet/psenet_r50_fpnf_sroie.py
#   python tools/test.py configs/textdet/psenet/psenet_r50_fpnf_sroie.py \
#       CKPT --eval hmean-iou
# MMOCR 0.x's quad model, sized for a CPU: ResNet-50 at half width
# (base_channels=32) and a 64-channel FPNF (the 0.x model's fused 3x3 conv
# over 1024 channels at 1/4 scale dominates its cost). BatchNorm, not SyncBN.
# One iteration (4 crops of 512x512) took 12 s on one shared CPU thread: the
# 6000 iterations are a GPU run, or about a day on a CPU.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/sroie.py'
]

model = dict(
    type='PSENet',
    backbone=dict(
        type='mmdet.ResNet',
        depth=50,
        base_channels=32,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,
        norm_eval=False,
        style='pytorch'),
    neck=dict(
        type='FPNF',
        in_channels=[128, 256, 512, 1024],
        out_channels=64,
        fusion_type='concat'),
    bbox_head=dict(
        type='PSEHead',
        in_channels=[64],
        out_channels=7,
        loss=dict(type='PSELoss'),
        postprocessor=dict(type='PSEPostprocessor', text_repr_type='quad')),
    train_cfg=None,
    test_cfg=None)

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)

# Receipt lines are about 20 px high at the 1333x736 test scale: 0.x's
# smallest ratio 0.4 leaves them a kernel of about 1 px at the head's 1/4
# scale, so the 7 ratios stop at 0.7 (a kernel of about 2.5 px). Upright
# receipts: small rotations, no mirroring; scales around the test scale.
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
        type='ScaleAspectJitter',
        img_scale=[(1333, 736)],  # not used by 'long_short_bound' (as 0.x)
        ratio_range=(0.7, 1.3),
        aspect_ratio_range=(0.9, 1.1),
        multiscale_mode='value',
        long_size_bound=1333,
        short_size_bound=400,
        resize_type='long_short_bound',
        keep_ratio=False),
    dict(
        type='PSENetTargets',
        shrink_ratio=(1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7)),
    dict(type='RandomRotateTextDet', max_angle=5),
    dict(
        type='RandomCropInstances',
        target_size=(512, 512),
        instance_key='gt_kernels'),
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
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='MultiScaleFlipAug',
        img_scale=(1333, 736),
        flip=False,
        transforms=[
            dict(type='Resize', img_scale=(1333, 736), keep_ratio=True),
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

optimizer = dict(type='AdamW', lr=2e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=300, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=6000)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=2000, by_epoch=False, metric='hmean-iou',
                  save_best='0_hmean-iou:hmean', rule='greater')
