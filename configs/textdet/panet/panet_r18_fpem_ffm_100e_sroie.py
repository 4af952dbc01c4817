# PANet (ResNet-18, FPEM_FFM) on SROIE receipts: trained on the training split
# written by tools/data/textdet/sroie_converter.py, validated on its held-out
# split (see configs/_base_/det_datasets/sroie.py for the converter command).
# MMOCR 0.x's ICDAR 2015 model (quadrilateral boxes) and pipeline; SyncBN
# becomes BatchNorm outside distributed CUDA training.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/schedules/schedule_adam_600e.py',
    '../../_base_/det_models/panet_r18_fpem_ffm.py',
    '../../_base_/det_datasets/sroie.py',
    '../../_base_/det_pipelines/panet_pipeline.py'
]

model = {{_base_.model_quad}}

train_list = {{_base_.train_list}}
test_list = {{_base_.test_list}}

train_pipeline_icdar2015 = {{_base_.train_pipeline_icdar2015}}
test_pipeline_icdar2015 = {{_base_.test_pipeline_icdar2015}}

runner = dict(type='EpochBasedRunner', max_epochs=100)
checkpoint_config = dict(interval=10)

data = dict(
    samples_per_gpu=8,
    workers_per_gpu=4,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(
        type='UniformConcatDataset',
        datasets=train_list,
        pipeline=train_pipeline_icdar2015),
    val=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline_icdar2015),
    test=dict(
        type='UniformConcatDataset',
        datasets=test_list,
        pipeline=test_pipeline_icdar2015))

evaluation = dict(
    interval=10,
    metric='hmean-iou',
    save_best='0_hmean-iou:hmean',
    rule='greater')
