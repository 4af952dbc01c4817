_base_ = '../_base_/models/det_model.py'
model = dict(train_cfg=dict(x=1))
