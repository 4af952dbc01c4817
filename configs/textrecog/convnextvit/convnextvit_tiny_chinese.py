# ConvNextViT-Tiny for printed Chinese, English and digit text lines (the
# ModelScope card's model), trained on synthetic Chinese lines; metric
# line_acc (whole-line exact match).
#
# Data: the commands in configs/_base_/recog_datasets/chinese_synth.py.
# Train:  python tools/train.py configs/textrecog/convnextvit/convnextvit_tiny_chinese.py
# Test:   python tools/test.py configs/textrecog/convnextvit/convnextvit_tiny_chinese.py \
#             work_dirs/convnextvit_tiny_chinese/latest.pth --eval line_acc
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_models/convnextvit.py',
    '../../_base_/recog_pipelines/convnextvit_pipeline.py',
    '../../_base_/recog_datasets/chinese_synth.py',
    '../../_base_/schedules/schedule_adamw_cos_20e.py'
]

train_pipeline_lmdb = {{_base_.train_pipeline_lmdb}}
test_pipeline = {{_base_.test_pipeline}}

data = dict(
    samples_per_gpu=64,
    workers_per_gpu=4,
    train_dataloader=dict(group_by_length=True),
    val_dataloader=dict(samples_per_gpu=64),
    test_dataloader=dict(samples_per_gpu=64),
    train=dict(
        type='UniformConcatDataset',
        datasets=[{{_base_.chinese_synth_train}}],
        pipeline=train_pipeline_lmdb),
    val=dict(
        type='UniformConcatDataset',
        datasets=[{{_base_.chinese_synth_test}}],
        pipeline=test_pipeline),
    test=dict(
        type='UniformConcatDataset',
        datasets=[{{_base_.chinese_synth_test}}],
        pipeline=test_pipeline))

evaluation = dict(interval=1, metric=['line_acc', 'one_minus_ned'])
