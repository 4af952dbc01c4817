# ConvNextViT-Tiny for printed Chinese, English and digit text lines (the
# ModelScope card's model), trained on synthetic Chinese lines; metric
# line_acc (whole-line exact match).
#
# Data (fonts: `make fonts` installs Debian's CJK fonts):
#   python tools/data/synth/gen_recog.py --out data/chinese_synth/train.lmdb \
#       --num 200000 --corpus chinese \
#       --charset mmocr/model_zoo/dicts/chinese_level1_ascii.txt \
#       --height 32 --seed 0 --workers 8
#   python tools/data/synth/gen_recog.py --out data/chinese_synth/val \
#       --num 2000 --corpus chinese \
#       --charset mmocr/model_zoo/dicts/chinese_level1_ascii.txt \
#       --height 32 --seed 1 --format txt
# Train:  python tools/train.py configs/textrecog/convnextvit/convnextvit_tiny_chinese.py
# Test:   python tools/test.py configs/textrecog/convnextvit/convnextvit_tiny_chinese.py \
#             work_dirs/convnextvit_tiny_chinese/latest.pth --eval line_acc
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_models/convnextvit.py',
    '../../_base_/recog_pipelines/convnextvit_pipeline.py',
    '../../_base_/schedules/schedule_adamw_cos_20e.py'
]

train_pipeline_lmdb = {{_base_.train_pipeline_lmdb}}
test_pipeline = {{_base_.test_pipeline}}

train = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/train.lmdb',
    ann_file='data/chinese_synth/train.lmdb',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='lmdb',
        parser=dict(type='LineJsonParser', keys=['filename', 'text'])),
    pipeline=None,
    test_mode=False)
# generated Chinese lines hold no spaces: 'imgs/000000001.jpg TEXT' lines
test = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/val',
    ann_file='data/chinese_synth/val/labels.txt',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='txt',
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' ')),
    pipeline=None,
    test_mode=True)

data = dict(
    samples_per_gpu=64,
    workers_per_gpu=4,
    train_dataloader=dict(group_by_length=True),
    val_dataloader=dict(samples_per_gpu=64),
    test_dataloader=dict(samples_per_gpu=64),
    train=dict(type='UniformConcatDataset', datasets=[train],
               pipeline=train_pipeline_lmdb),
    val=dict(type='UniformConcatDataset', datasets=[test],
             pipeline=test_pipeline),
    test=dict(type='UniformConcatDataset', datasets=[test],
              pipeline=test_pipeline))

evaluation = dict(interval=1, metric=['line_acc', 'one_minus_ned'])
