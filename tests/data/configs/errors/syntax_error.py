model = dict(type='DBNet')
optimizer = dict(type='SGD', lr=0.1
lr_config = dict(policy='poly')
