model = dict(
    backbone=dict(
        type='mmdet.ResNet',
        depth=18,
        out_indices=(0, 1, 2, 3),
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet18')))
