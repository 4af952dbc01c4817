# PANet on SROIE, second stage: 600 more iterations from the shipped
# 1300-iteration weights (PANet_sroie, session 6) with a fresh poly
# schedule at half the first stage's peak learning rate. The length was
# fixed before the run; the validation receipts are measured once, at the
# end (session 7).
_base_ = ['panet_r18w32_fpem_ffm_sroie.py']

# The first stage's weights are no longer shipped (the package stays under
# 40 MiB): train panet_r18w32_fpem_ffm_sroie.py first, or point load_from
# at its checkpoint.
load_from = 'work_dirs/panet_r18w32_fpem_ffm_sroie/latest.pth'
optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=50, warmup_ratio=0.1)
runner = dict(type='IterBasedRunner', max_iters=600)
checkpoint_config = dict(interval=50, by_epoch=False, max_keep_ckpts=2)
