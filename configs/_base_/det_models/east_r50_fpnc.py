# EAST (Zhou et al. 2017) with a ResNet-50 backbone. The paper's U-shaped
# feature-merging branch is replaced by the existing FPNC neck (DBNet's FPN:
# top-down additions, the 4 levels upsampled to 1/4 and concatenated) with
# conv_after_concat=True, a 3x3 conv + BN + ReLU on the concatenation, which
# plays the part of the merging branch's last 3x3 conv; EASTHead then puts
# its 1x1 score and geometry convs on that 256-channel 1/4-scale map.
model = dict(
    type='EAST',
    backbone=dict(
        type='mmdet.ResNet',
        depth=50,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50'),
        norm_eval=False,
        style='caffe'),
    neck=dict(
        type='FPNC',
        in_channels=[256, 512, 1024, 2048],
        lateral_channels=256,
        out_channels=64,
        conv_after_concat=True),
    bbox_head=dict(
        type='EASTHead',
        in_channels=256,
        geometry='RBOX',
        scale=512,
        downsample_ratio=0.25,
        loss=dict(type='EASTLoss', score_loss='dice', angle_weight=10.0),
        postprocessor=dict(
            type='EASTPostprocessor', score_thr=0.9, nms_thr=0.2)),
    train_cfg=None,
    test_cfg=None)
