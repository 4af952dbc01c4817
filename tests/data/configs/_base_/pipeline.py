import os.path as osp  # modules are dropped from the config


def helper(x):  # functions are dropped too
    return x


class Helper:  # and so are classes
    pass


img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='Collect', keys=['img', 'gt_shrink']),
]
test_pipeline = [dict(type='LoadImageFromFile'), dict(type='Collect', keys=['img'])]
data_root = osp.join('data', 'icdar2015')
