_base_ = [
    '../../_base_/default_runtime.py', '../../_base_/recog_models/svtr.py',
    '../../_base_/recog_pipelines/svtr_pipeline.py',
    '../../_base_/recog_datasets/toy_data.py',
    '../../_base_/schedules/schedule_adamw_cos_20e.py'
]

# a small SVTR (one block a stage) for the toy data
model = dict(
    encoder=dict(
        embed_dims=[16, 32, 32],
        depth=[1, 1, 1],
        num_heads=[2, 2, 2],
        mixer_types=['Local', 'Local', 'Global'],
        out_channels=32),
    decoder=dict(in_channels=32))

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

train_pipeline = {{_base_.train_pipeline}}
test_pipeline = {{_base_.test_pipeline}}

runner = dict(max_epochs=5)

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
