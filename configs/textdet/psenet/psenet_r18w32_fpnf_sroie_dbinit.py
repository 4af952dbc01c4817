# PSENet on SROIE receipts with the shipped DBNet's backbone (`DB_r18w32_sroie`:
# a half-width ResNet-18 trained here from scratch on the SROIE training
# receipts and synthetic pages; the project's stand-in for ImageNet weights)
# and a 64-channel FPNF and PSE head from scratch: psenet_r50_fpnf_sroie.py's
# pipeline and head on a backbone a CPU trains in an hour.
#
# Trained on four of the five folds of the training receipts
# (`sroie_converter.py --folds 5`); fold 0 is kept for choosing the
# post-processing (`tools/analysis/choose_det_postprocess.py`), and the
# validation receipts are measured once, at the end.
# Train:  python tools/train.py configs/textdet/psenet/psenet_r18w32_fpnf_sroie_dbinit.py
_base_ = ['./psenet_r50_fpnf_sroie.py']

db_ckpt = 'mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth'
model = dict(
    backbone=dict(depth=18,
                  # the base sets the backbone's init_cfg to None: replace it
                  init_cfg=dict(_delete_=True, type='Pretrained',
                                checkpoint=db_ckpt, prefix='backbone.')),
    neck=dict(in_channels=[32, 64, 128, 256]))

data = dict(train=dict(datasets=[dict(
    type='IcdarDataset',
    ann_file='data/sroie/instances_training_fold0.json',
    img_prefix='data/sroie/imgs',
    pipeline=None)]))

optimizer = dict(type='AdamW', lr=2e-3, weight_decay=1e-4)
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=100, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=1000)
checkpoint_config = dict(interval=100, by_epoch=False, max_keep_ckpts=2)
evaluation = dict(interval=100000, by_epoch=False, metric='hmean-iou')
