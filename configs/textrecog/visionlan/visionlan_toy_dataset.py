_base_ = [
    '../../_base_/default_runtime.py', '../../_base_/recog_models/visionlan.py',
    '../../_base_/recog_pipelines/visionlan_pipeline.py',
    '../../_base_/recog_datasets/toy_data.py',
    '../../_base_/schedules/schedule_adam_step_5e.py'
]

# a narrow VisionLAN (one block a stage, 32 channels) for the toy data
model = dict(
    backbone=dict(
        stem_channels=8,
        arch_layers=[1, 1, 1, 1, 1],
        arch_channels=[16, 16, 32, 32, 32]),
    decoder=dict(n_layers=1, n_dim=32, n_head=2, d_inner=64),
    max_seq_len=12)

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

train_pipeline = {{_base_.train_pipeline}}
test_pipeline = {{_base_.test_pipeline}}

data = dict(
    samples_per_gpu=16,
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

evaluation = dict(interval=1, metric='acc')
