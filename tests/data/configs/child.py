# Uses every inheritance feature; tests/test_utils/test_config.py checks it.
_base_ = [
    './_base_/default_runtime.py', './_base_/schedule.py',
    './_base_/models/det_model.py', './_base_/pipeline.py'
]
model = dict(backbone=dict(depth=34), bbox_head=dict(in_channels=128))
optimizer = dict(_delete_=True, type='Adam', lr=1e-3)
workflow = [('train', 1), ('val', 1)]
train_pipeline = {{_base_.train_pipeline}}
backbone_copy = {{ _base_.model.backbone }}
first_step = '{{_base_.test_pipeline.0}}'
data = dict(
    samples_per_gpu=8,
    train=dict(
        type='IcdarDataset',
        img_prefix={{_base_.data_root}},
        pipeline=train_pipeline),
    test=dict(type='IcdarDataset', pipeline={{_base_.test_pipeline}}))
work_dir = './work_dirs/{{ fileBasenameNoExtension }}'
config_ext = '{{ fileExtname }}'
