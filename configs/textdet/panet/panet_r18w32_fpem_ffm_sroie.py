# A compact PANet for receipts: a half-width ResNet-18 (base_channels=32)
# and 64-channel FPEM_FFM, trained from scratch on the SROIE training split
# with the shipped DBNet's augmentation and test resize, so that the two
# families compare on the same data (README's results table).
#
# Data:   python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
#             -o data/sroie --val-ratio 0.1 --seed 0
# Train:  python tools/train.py configs/textdet/panet/panet_r18w32_fpem_ffm_sroie.py
#             (resumable: add --auto-resume after a stop)
# Test:   python tools/test.py configs/textdet/panet/panet_r18w32_fpem_ffm_sroie.py \
#             CKPT --eval hmean-iou
# The post-processing keeps MMOCR 0.x's PANPostprocessor defaults: nothing
# was tuned on the validation receipts.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_datasets/sroie.py',
]

model = dict(
    type='PANet',
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=None,  # no ImageNet weights here: trained from scratch
        norm_eval=False,
        style='caffe',
        base_channels=32),
    neck=dict(type='FPEM_FFM', in_channels=[32, 64, 128, 256], conv_out=64),
    bbox_head=dict(
        type='PANHead',
        in_channels=[64, 64, 64, 64],
        out_channels=6,
        loss=dict(type='PANLoss'),
        postprocessor=dict(type='PANPostprocessor', text_repr_type='quad')),
    train_cfg=None,
    test_cfg=None)

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)

# Receipts are upright: small rotations, no mirroring.
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
    dict(type='PANetTargets', shrink_ratio=(1.0, 0.5)),
    dict(type='Pad', size_divisor=32),
    dict(
        type='CustomFormatBundle',
        keys=['gt_kernels', 'gt_mask'],
        visualize=dict(flag=False, boundary_key='gt_kernels')),
    dict(type='Collect', keys=['img', 'gt_kernels', 'gt_mask'])
]

test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='MultiScaleFlipAug',
        img_scale=(1333, 736),
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
                 warmup='linear', warmup_iters=200, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=1300)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
# No evaluation during training: the validation receipts are measured once,
# at the end (tools/test.py).
evaluation = dict(interval=100000, by_epoch=False, metric='hmean-iou')
