# optimizer
optimizer = dict(type='Adam', weight_decay=0.0001)
optimizer_config = dict(grad_clip=None)
# learning policy
lr_config = dict(
    policy='step',
    warmup='linear',
    warmup_iters=1,
    warmup_ratio=1,
    step=[40, 50])
# running settings
runner = dict(type='EpochBasedRunner', max_epochs=60)
checkpoint_config = dict(interval=1)
