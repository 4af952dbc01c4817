# A chain: det_model.py inherits backbone.py.
_base_ = './backbone.py'
model = dict(
    type='DBNet',
    neck=dict(type='FPNC', in_channels=[64, 128, 256, 512], lateral_channels=256),
    bbox_head=dict(type='DBHead', in_channels=256),
    train_cfg=None,
    test_cfg=None)
