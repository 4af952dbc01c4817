# VisionLAN, step 2 of 3 (language-free, with the MLM), from step 1's
# weights: set load_from to its last checkpoint.
_base_ = ['visionlan_resnet45_LF_1.py']

model = dict(decoder=dict(training_step='LF_2'))

load_from = 'work_dirs/visionlan_resnet45_LF_1/latest.pth'
