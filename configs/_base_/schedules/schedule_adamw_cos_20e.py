# optimizer (SVTR: AdamW, cosine decay after a linear warm-up)
optimizer = dict(
    type='AdamW', lr=5e-4, betas=(0.9, 0.99), eps=8e-8, weight_decay=0.05)
optimizer_config = dict(grad_clip=None)
# learning policy
lr_config = dict(
    policy='CosineAnnealing',
    min_lr=1e-6,
    warmup='linear',
    warmup_iters=2,
    warmup_ratio=0.5,
    warmup_by_epoch=True)
# running settings
runner = dict(type='EpochBasedRunner', max_epochs=20)
checkpoint_config = dict(interval=1)
