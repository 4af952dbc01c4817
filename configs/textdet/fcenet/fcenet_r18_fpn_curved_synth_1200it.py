# fcenet_r18_fpn_curved_synth.py on a CPU session's budget: 1200 iterations
# (fixed before the run, session 7) instead of 6000, validation off (the
# held-out seed-1 set is measured once, at the end).
_base_ = ['fcenet_r18_fpn_curved_synth.py']

lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=100, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=1200)
checkpoint_config = dict(interval=200, by_epoch=False, max_keep_ckpts=2)
log_config = dict(interval=20, hooks=[dict(type='TextLoggerHook')])
# Validation off: the first evaluation would come after the last iteration.
evaluation = dict(interval=100000)
