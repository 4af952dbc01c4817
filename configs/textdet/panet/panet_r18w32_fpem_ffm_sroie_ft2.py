# PANet on SROIE, third stage: 1000 more iterations from the second stage
# (panet_r18w32_fpem_ffm_sroie_ft.py, 1300 + 600 iterations) with a fresh
# poly schedule at a quarter of the first stage's peak learning rate. The
# length and the decision to ship this stage were fixed before the run; the
# validation receipts are measured once, at the end (session 8).
_base_ = ['panet_r18w32_fpem_ffm_sroie.py']

# Shipped as PANet_sroie since session 9 (the second stage's file is no
# longer shipped: train panet_r18w32_fpem_ffm_sroie_ft.py, or point
# load_from at its weights).
load_from = 'work_dirs/panet_r18w32_fpem_ffm_sroie_ft/latest.pth'
optimizer = dict(type='AdamW', lr=5e-4, weight_decay=1e-4)
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=50, warmup_ratio=0.1)
runner = dict(type='IterBasedRunner', max_iters=1000)
checkpoint_config = dict(interval=50, by_epoch=False, max_keep_ckpts=2)
