# ConvNextViT (ModelScope's Chinese and English text line recognizer):
# ConvNeXt-Tiny on grey 32-pixel lines (stride 4 stem, then 2x1
# downsampling: one row of W / 4 columns), a 12-layer ViT encoder over the
# columns, a linear CTC head over the dictionary.
# the shipped dictionary, found from any working directory
dict_file = ('{{ fileDirname }}/../../../mmocr/model_zoo/dicts/'
             'chinese_level1_ascii.txt')
label_convertor = dict(
    type='CTCConvertor', dict_file=dict_file, with_unknown=True, lower=False)

model = dict(
    type='ConvNextViT',
    preprocessor=None,
    backbone=dict(
        type='ConvNeXt',
        in_channels=1,
        depths=[3, 3, 8, 3],
        dims=[96, 192, 256, 512],
        stem_stride=4,
        strides=[[2, 1], [2, 1], [2, 1]]),
    encoder=dict(
        type='ConvNextViTEncoder',
        in_channels=512,
        d_model=192,
        n_layers=12,
        n_head=3,
        d_inner=768,
        max_seq_len=256),
    decoder=dict(type='SVTRDecoder', in_channels=192),
    loss=dict(type='CTCLoss', zero_infinity=True),
    label_convertor=label_convertor,
    pretrained=None)
