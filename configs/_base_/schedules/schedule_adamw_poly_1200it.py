# The CPU schedule of the detectors trained on curved synthetic scenes
# from the shipped DBNet's backbone: AdamW with a linear warm-up and poly
# decay over 1200 iterations (fixed before each run), bfloat16 autocast, a
# checkpoint every 200 iterations, validation off (the held-out set is
# measured once, after the last iteration).
optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=10))
lr_config = dict(policy='poly', power=0.9, min_lr=1e-6, by_epoch=False,
                 warmup='linear', warmup_iters=100, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=1200)
checkpoint_config = dict(interval=200, by_epoch=False, max_keep_ckpts=2)
evaluation = dict(interval=100000)
bf16 = dict()
