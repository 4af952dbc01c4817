# EAST (ResNet-50, FPNC neck, RBOX geometry) on ICDAR 2015: the paper's recipe
# (512x512 crops, Adam 1e-3, dice score loss, lambda_theta = 10, score
# threshold 0.9, locality-aware NMS at IoU 0.2) on MMOCR's 600-epoch Adam
# schedule. Not in MMOCR 0.x: no published checkpoint.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/schedules/schedule_adam_600e.py',
    '../../_base_/det_models/east_r50_fpnc.py',
    '../../_base_/det_datasets/icdar2015.py',
    '../../_base_/det_pipelines/east_pipeline.py'
]

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

train_pipeline = {{_base_.train_pipeline}}
test_pipeline_1280_736 = {{_base_.test_pipeline_1280_736}}

data = dict(
    samples_per_gpu=16,
    workers_per_gpu=8,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(
        type='UniformConcatDataset',
        datasets=train_list,
        pipeline=train_pipeline),
    val=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline_1280_736),
    test=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline_1280_736))

evaluation = dict(interval=100, metric='hmean-iou')
