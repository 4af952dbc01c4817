# DBNet with a ResNet-18 (from scratch) on curved synthetic scenes at
# 640 px, for comparison with the curved-text detectors (FCENet, ...):
# polygon output, the same data and schedule as
# configs/textdet/fcenet/fcenet_r18_fpn_curved_synth.py.
#
# Data: the two gen_det.py --curved commands in
#   configs/_base_/det_datasets/curved_synth.py
# Train:  python tools/train.py configs/textdet/dbnet/dbnet_r18_fpnc_curved_synth.py
# Test:   python tools/test.py configs/textdet/dbnet/dbnet_r18_fpnc_curved_synth.py \
#             CKPT --eval hmean-iou
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_models/dbnet_r18_fpnc.py',
    '../../_base_/det_datasets/curved_synth.py',
    '../../_base_/det_pipelines/dbnet_pipeline.py'
]

# No ImageNet weights here: train the backbone from scratch; curved text
# needs polygon boundaries.
model = dict(
    backbone=dict(init_cfg=None),
    bbox_head=dict(postprocessor=dict(text_repr_type='poly')))

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
train_pipeline = {{_base_.train_pipeline_r18}}
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='MultiScaleFlipAug',
        img_scale=(640, 640),  # used by Resize
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
    workers_per_gpu=2,
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

optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=200, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=6000)
checkpoint_config = dict(interval=500, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=1000, by_epoch=False, metric='hmean-iou',
                  save_best='0_hmean-iou:hmean', rule='greater')
