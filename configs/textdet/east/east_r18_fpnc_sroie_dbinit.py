# EAST on SROIE receipts with its backbone and neck started from the shipped
# DBNet (`DB_r18w32_sroie`: the same half-width ResNet-18 and 64-channel FPNC,
# trained here from scratch on the SROIE training receipts and synthetic
# pages); the EAST head starts from scratch. No ImageNet weights exist here:
# this is the project's stand-in for a pretrained backbone.
#
# Trained on four of the five folds of the training receipts
# (`sroie_converter.py --folds 5`), so that fold 0 stays for choosing the
# post-processing (`tools/analysis/choose_det_postprocess.py`); the
# validation receipts are measured once, at the end.
# Train:  python tools/train.py configs/textdet/east/east_r18_fpnc_sroie_dbinit.py
_base_ = ['./east_r18_fpnc_sroie.py']

db_ckpt = 'mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth'
model = dict(
    # the base sets the backbone's init_cfg to None: replace it
    backbone=dict(init_cfg=dict(_delete_=True, type='Pretrained',
                                checkpoint=db_ckpt, prefix='backbone.')),
    neck=dict(init_cfg=dict(type='Pretrained', checkpoint=db_ckpt,
                            prefix='neck.')))

data = dict(train=dict(datasets=[dict(
    type='IcdarDataset',
    ann_file='data/sroie/instances_training_fold0.json',
    img_prefix='data/sroie/imgs',
    pipeline=None)]))

lr_config = dict(warmup_iters=100)
runner = dict(type='IterBasedRunner', max_iters=2000)
checkpoint_config = dict(interval=100, by_epoch=False, max_keep_ckpts=2)
evaluation = dict(interval=100000)
