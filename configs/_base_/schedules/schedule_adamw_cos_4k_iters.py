# The recognition comparison's schedule, one for every family: AdamW with
# cosine decay after a linear warm-up, 4000 iterations of 32 samples (a
# CPU budget: 20 to 60 min per compact model on one thread in bfloat16; on a GPU raise
# runner.max_iters), gradients clipped at 5. The lr is the shipped
# CRNN_slim's (session 10's 5e-4 over 1000 iterations left every family
# before its first learning phase). bfloat16 autocast (``bf16``): about
# twice as fast on CPUs with AVX512-BF16/AMX and on GPUs
# (benchmarks/bench_amp_train.py); drop it on older CPUs, where bfloat16 is
# emulated: ``--cfg-options bf16=None``.
optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(max_norm=5))
lr_config = dict(policy='CosineAnnealing', min_lr=1e-5, by_epoch=False,
                 warmup='linear', warmup_iters=200, warmup_ratio=0.01)
runner = dict(type='IterBasedRunner', max_iters=4000)
checkpoint_config = dict(interval=250, by_epoch=False, max_keep_ckpts=2)
evaluation = dict(interval=4000, by_epoch=False, metric='acc')
bf16 = dict()
