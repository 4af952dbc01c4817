# RARE (Shi et al. 2016): a thin-plate-spline transformer rectifies the
# image, then a sequence recognition network reads it: CRNN's VGG, a
# bidirectional GRU encoder and a GRU decoder attending over the columns.
label_convertor = dict(
    type='AttnConvertor', dict_type='DICT36', with_unknown=True, lower=True)

model = dict(
    type='RARE',
    preprocessor=dict(
        type='TPSPreprocessor',
        num_fiducial=20,
        img_size=(32, 100),
        rectified_img_size=(32, 100),
        num_img_channel=3),
    backbone=dict(type='VeryDeepVgg', leaky_relu=False, input_channels=3),
    encoder=dict(
        type='SAREncoder',
        enc_bi_rnn=True,
        enc_do_rnn=0.1,
        enc_gru=True,
        d_enc=256),
    decoder=dict(
        type='SequentialSARDecoder',
        enc_bi_rnn=True,
        dec_gru=True,
        d_enc=256,
        d_k=512,
        pred_dropout=0.1,
        pred_concat=True),
    loss=dict(type='SARLoss'),
    label_convertor=label_convertor,
    max_seq_len=25)
