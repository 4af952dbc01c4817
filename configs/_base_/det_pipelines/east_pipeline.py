# EAST's pipelines. EASTTargets computes geometry (distances, angles), so it
# comes after every geometric transform and after Pad, and writes its maps at
# the head's 1/4 resolution.
img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)

# for icdar2015: 512x512 crops of rescaled images (as in the paper)
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
        args=[['Fliplr', 0.5],
              dict(cls='Affine', rotate=[-10, 10]), ['Resize', [0.5, 3.0]]]),
    dict(type='EastRandomCrop', target_size=(512, 512)),
    dict(type='Pad', size_divisor=32),
    dict(
        type='EASTTargets',
        geometry='RBOX',
        downsample_ratio=0.25,
        shrink_ratio=0.3,
        min_text_size=10),
    dict(
        type='CustomFormatBundle',
        keys=['gt_score', 'gt_geo', 'gt_mask'],
        visualize=dict(flag=False, boundary_key='gt_score')),
    dict(type='Collect', keys=['img', 'gt_score', 'gt_geo', 'gt_mask'])
]

# ICDAR 2015's 1280x720 images at their own size (padded to 1280x736)
test_pipeline_1280_736 = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='MultiScaleFlipAug',
        img_scale=(1280, 736),  # used by Resize
        flip=False,
        transforms=[
            dict(type='Resize', keep_ratio=True),
            dict(type='Normalize', **img_norm_cfg),
            dict(type='Pad', size_divisor=32),
            dict(type='ImageToTensor', keys=['img']),
            dict(type='Collect', keys=['img']),
        ])
]
