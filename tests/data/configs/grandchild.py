_base_ = './child.py'
model = dict(neck=dict(lateral_channels=128))
total_epochs = 5
