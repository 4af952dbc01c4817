# VisionLAN, step 3 of 3 (language-aware: the MLM's mask occludes the VRM's
# features of half of each batch), from step 2's weights.
_base_ = ['visionlan_resnet45_LF_1.py']

model = dict(decoder=dict(training_step='LA'))

load_from = 'work_dirs/visionlan_resnet45_LF_2/latest.pth'
