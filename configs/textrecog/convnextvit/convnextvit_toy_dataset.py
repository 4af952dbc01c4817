# A small ConvNextViT (one block a stage, one encoder layer) trained on the
# toy data, with the Chinese + ASCII dictionary of the full model.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_models/convnextvit.py',
    '../../_base_/recog_pipelines/convnextvit_pipeline.py',
    '../../_base_/recog_datasets/toy_data.py',
    '../../_base_/schedules/schedule_adamw_cos_20e.py'
]

model = dict(
    backbone=dict(depths=[1, 1, 1, 1], dims=[8, 16, 16, 32]),
    encoder=dict(in_channels=32, d_model=32, n_layers=1, n_head=2,
                 d_inner=64),
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

evaluation = dict(interval=1, metric=['acc', 'line_acc'])
