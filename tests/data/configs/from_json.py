_base_ = 'base.json'
model = dict(backbone=dict(leaky_relu=True))
