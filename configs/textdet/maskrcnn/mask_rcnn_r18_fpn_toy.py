# A tiny Mask R-CNN (ResNet-18 at 1/16 width, an 8-channel FPN, fewer
# proposals and sampled RoIs) on MMOCR's 10-image toy dataset at 320x192:
# trains and evaluates in seconds on a CPU. Used by the tests.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_models/ocr_mask_rcnn_r50_fpn_ohem.py',
    '../../_base_/det_datasets/toy_data.py'
]

# _base_/det_models/ocr_mask_rcnn_r50_fpn_ohem.py, narrowed, on ResNet-18.
model = dict(
    backbone=dict(
        depth=18, base_channels=4, frozen_stages=-1, init_cfg=None,
        norm_eval=False),
    neck=dict(in_channels=[4, 8, 16, 32], out_channels=8),
    rpn_head=dict(in_channels=8, feat_channels=8),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=8),
        bbox_head=dict(in_channels=8, fc_out_channels=32),
        mask_roi_extractor=dict(out_channels=8),
        mask_head=dict(num_convs=2, in_channels=8, conv_out_channels=8)),
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=500, max_per_img=200),
        rcnn=dict(sampler=dict(num=64))),
    test_cfg=dict(
        rpn=dict(nms_pre=300, max_per_img=100),
        rcnn=dict(max_per_img=20)))

# Only the COCO-format copy (IcdarDataset): TextDetDataset keeps MMOCR 0.x's
# [x, y, w, h] boxes, which Mask R-CNN would read as [x1, y1, x2, y2].
train_list = [{{_base_.train2}}]

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
    dict(type='DefaultFormatBundle'),
    dict(
        type='Collect',
        keys=['img', 'gt_bboxes', 'gt_labels', 'gt_masks'],
        meta_keys=('filename', 'ori_filename', 'ori_shape', 'img_shape',
                   'pad_shape', 'scale_factor', 'img_norm_cfg'))
]

data = dict(train=dict(datasets=train_list, pipeline=train_pipeline))

optimizer = dict(type='Adam', lr=1e-3)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='fixed')
runner = dict(type='EpochBasedRunner', max_epochs=1)
checkpoint_config = dict(interval=1)
evaluation = dict(interval=1, metric='hmean-iou')
