# VisionLAN (Wang et al. 2021): ResNet45 maps a 64x256 image to 8x32x512
# features; VisionLANDecoder's VRM reads them in parallel, its MLM (training
# only) learns to occlude one character. max_seq_len: 25 characters + end.
label_convertor = dict(
    type='AttnConvertor', dict_type='DICT36', with_unknown=False, lower=True)

model = dict(
    type='VisionLAN',
    backbone=dict(
        type='ResNet',
        in_channels=3,
        stem_channels=32,
        block_cfgs=dict(type='BasicBlock', use_conv1x1=True),
        arch_layers=[3, 4, 6, 6, 3],
        arch_channels=[64, 128, 256, 512, 512],
        strides=[2, 2, 2, 1, 1]),
    encoder=None,
    decoder=dict(
        type='VisionLANDecoder',
        training_step='LA',
        n_layers=3,
        n_position=256,
        n_dim=512),
    loss=dict(type='VisionLANLoss', weight_res=0.5, weight_mas=0.5),
    label_convertor=label_convertor,
    max_seq_len=26)
