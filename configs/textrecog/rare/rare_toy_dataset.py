_base_ = [
    '../../_base_/default_runtime.py', '../../_base_/recog_models/rare.py',
    '../../_base_/recog_pipelines/rare_pipeline.py',
    '../../_base_/recog_datasets/toy_data.py',
    '../../_base_/schedules/schedule_adam_step_5e.py'
]

# a narrow RARE for the toy data
model = dict(
    backbone=dict(channels=[8, 16, 16, 32, 32, 32, 32]),
    encoder=dict(d_model=32, d_enc=16),
    decoder=dict(d_model=32, d_enc=16, d_k=16),
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
