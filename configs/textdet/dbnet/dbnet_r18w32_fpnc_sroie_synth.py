# The shipped default text detector: DBNet with a half-width ResNet-18
# (base_channels=32, 2.9M parameters in all: fast on CPU) and a 64-channel
# FPNC, trained from scratch on the SROIE training split plus synthetic
# receipts and scenes.
#
# Data (see docs/en/default_models.md for the full recipe):
#   python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
#       -o data/sroie --val-ratio 0.1 --seed 0
#   python tools/data/synth/gen_det.py --out data/synth_det --num 300 \
#       --kind mixed --level line --max-size 1024 --ann-format txt --seed 1
# Train:  python tools/train.py configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py
# Test:   python tools/test.py configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py \
#             CKPT --eval hmean-iou
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/det_models/dbnet_r18_fpnc.py',
    '../../_base_/det_datasets/sroie.py',
    '../../_base_/det_pipelines/dbnet_pipeline.py'
]

# No ImageNet weights exist here: train the backbone from scratch.
model = dict(
    backbone=dict(base_channels=32, init_cfg=None),
    neck=dict(in_channels=[32, 64, 128, 256], lateral_channels=64,
              out_channels=16),
    bbox_head=dict(
        in_channels=64,
        # a wider unclip than DBNet's 1.5 leaves the margins that recognition
        # reads best (SROIE val: +3.5 points of line accuracy, same hmean);
        # near-square kernels (single characters: quantities, colons) get a
        # narrower one, which 1.8 expands to twice the glyph (chosen on the
        # first 120 SROIE training receipts: 1.4/1.5/1.6/1.8 read 5616/5618/
        # 5620/5599 lines end to end). Session 13 chose on training fold 0,
        # with a model that never saw it (dbnet_r18w32_fpnc_sroie_synth_fold0.py):
        # the box-score filter min_text_score 0.5 (DBNet's 0.3 before) by
        # hmean-iou (0.929 -> 0.939, precision 0.918 -> 0.938; no line
        # merging, larger test scales worse), then unclip_ratio 2.1 (1.8
        # before) by the end-to-end line hmean (1.8/2.1/2.4/2.7: 0.834/
        # 0.851/0.833/0.790; hmean-iou 0.939 for both 1.8 and 2.1).
        postprocessor=dict(unclip_ratio=2.1, square_unclip_ratio=1.6,
                           min_text_score=0.5)))

img_norm_cfg = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
test_pipeline = {{_base_.test_pipeline_1333_736}}

# Receipts are upright: small rotations, no mirroring; scales matched to the
# 1333x736 test resize.
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(
        type='LoadTextAnnotations',
        with_bbox=True,
        with_mask=True,
        poly2mask=False),
    dict(type='ColorJitter', brightness=32.0 / 255, saturation=0.5),
    dict(type='Normalize', **img_norm_cfg),
    dict(
        type='ImgAug',
        args=[dict(cls='Affine', rotate=[-5, 5]), ['Resize', [0.8, 1.8]]]),
    dict(type='EastRandomCrop', target_size=(512, 512)),
    dict(type='DBNetTargets', shrink_ratio=0.4),
    dict(type='Pad', size_divisor=32),
    dict(
        type='CustomFormatBundle',
        keys=['gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask'],
        visualize=dict(flag=False, boundary_key='gt_shrink')),
    dict(
        type='Collect',
        keys=['img', 'gt_shrink', 'gt_shrink_mask', 'gt_thr', 'gt_thr_mask'])
]

line_json_loader = dict(
    type='AnnFileLoader', repeat=1, file_format='txt',
    parser=dict(type='LineJsonParser',
                keys=['file_name', 'height', 'width', 'annotations']))
sroie_train = dict(
    type='TextDetDataset',
    ann_file='data/sroie/instances_training.txt',
    img_prefix='data/sroie/imgs',
    loader=dict(line_json_loader, repeat=2),
    pipeline=None)
synth_train = dict(
    type='TextDetDataset',
    ann_file='data/synth_det/instances_training.txt',
    img_prefix='data/synth_det/imgs',
    loader=line_json_loader,
    pipeline=None)

data = dict(
    samples_per_gpu=4,
    workers_per_gpu=1,
    val_dataloader=dict(samples_per_gpu=1),
    test_dataloader=dict(samples_per_gpu=1),
    train=dict(
        type='UniformConcatDataset',
        datasets=[sroie_train, synth_train],
        pipeline=train_pipeline),
    val=dict(
        type='UniformConcatDataset',
        datasets={{_base_.test_list}},
        pipeline=test_pipeline),
    test=dict(
        type='UniformConcatDataset',
        datasets={{_base_.test_list}},
        pipeline=test_pipeline))

optimizer = dict(type='AdamW', lr=2e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=300, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=6500)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=2000, by_epoch=False, metric='hmean-iou',
                  save_best='0_hmean-iou:hmean', rule='greater')
