# Mask R-CNN (OCRMaskRCNN, OHEM, polygon output) on curved synthetic scenes
# at 640 px, with the backbone of the shipped DBNet (`DB_r18w32_sroie`, the
# project's stand-in for ImageNet weights, as for FCE_curved_synth); the FPN
# (64 channels), the RPN and the RoI heads start from scratch. One class
# (text) instead of 0.x's 80. The schedule is fixed before the run; the
# held-out seed-1 set is measured once, at the end.
# Data: the two gen_det.py --curved commands in
#   configs/_base_/det_datasets/curved_synth.py
# Train:  python tools/train.py configs/textdet/maskrcnn/mask_rcnn_r18w32_fpn_curved_synth_dbinit.py
# Test:   python tools/test.py configs/textdet/maskrcnn/mask_rcnn_r18w32_fpn_curved_synth_dbinit.py \
#             CKPT --eval hmean-iou
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_models/ocr_mask_rcnn_r50_fpn_ohem_poly.py',
    '../../_base_/det_datasets/curved_synth.py',
    '../../_base_/det_pipelines/curved_synth_640.py',
    '../../_base_/schedules/schedule_adamw_poly_1200it.py'
]

db_ckpt = 'mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth'
model = dict(
    backbone=dict(
        depth=18, base_channels=32, frozen_stages=-1, norm_eval=False,
        init_cfg=dict(type='Pretrained', checkpoint=db_ckpt,
                      prefix='backbone.')),
    neck=dict(in_channels=[32, 64, 128, 256], out_channels=64),
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=dict(in_channels=64, fc_out_channels=256, num_classes=1),
        mask_roi_extractor=dict(out_channels=64),
        mask_head=dict(in_channels=64, conv_out_channels=64,
                       num_classes=1)),
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=1000, max_per_img=500),
        rcnn=dict(sampler=dict(num=256))),
    test_cfg=dict(
        rpn=dict(nms_pre=500, max_per_img=300),
        rcnn=dict(max_per_img=100)))

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
# _base_/det_pipelines/maskrcnn_pipeline.py's training pipeline with the
# scale range of 640-px scenes (0.x: 640-2560 px for CTW1500's larger
# images).
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(
        type='ScaleAspectJitter',
        img_scale=None,
        keep_ratio=False,
        resize_type='indep_sample_in_range',
        scale_range=(480, 1280)),
    dict(type='RandomFlip', flip_ratio=0.5),
    dict(type='Normalize', **img_norm_cfg),
    dict(
        type='RandomCropInstances',
        target_size=(640, 640),
        mask_type='union_all',
        instance_key='gt_masks'),
    dict(type='Pad', size_divisor=32),
    dict(type='DefaultFormatBundle'),
    dict(type='Collect', keys=['img', 'gt_bboxes', 'gt_labels', 'gt_masks']),
]
test_pipeline = {{_base_.test_pipeline}}

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
log_config = dict(interval=20, hooks=[dict(type='TextLoggerHook')])
