# Pretraining ABINet's language model on a text corpus (one word per line):
# each word is misspelt at random (TextCorpusDataset) and the model learns to
# spell it back. The checkpoint's decoder.* keys are ABINet's language model:
# start ABINet from it with `tools/train.py
# configs/textrecog/abinet/abinet_academic.py --cfg-options
# load_from=WORK_DIR/latest.pth` (load_from is non-strict). Replace `corpus`
# with a large word list (ABINet's authors used WikiText-103); the default is
# the word list shipped with the package.
_base_ = ['../../_base_/default_runtime.py']

num_chars = 37
max_seq_len = 26
corpus = 'mmocr/model_zoo/lexicons/sroie_iiit5k_train.txt'

label_convertor = dict(
    type='ABIConvertor',
    dict_type='DICT36',
    with_unknown=False,
    with_padding=False,
    lower=True,
)

model = dict(
    type='ABILanguageModel',
    decoder=dict(
        type='ABILanguageDecoder',
        d_model=512,
        n_head=8,
        d_inner=2048,
        n_layers=4,
        dropout=0.1,
        detach_tokens=True,
        use_self_attn=False,
        pad_idx=num_chars - 1,
        num_chars=num_chars,
        max_seq_len=max_seq_len,
        init_cfg=None),
    loss=dict(
        type='ABILoss',
        enc_weight=1.0,
        dec_weight=1.0,
        fusion_weight=1.0,
        num_classes=num_chars),
    label_convertor=label_convertor,
    max_seq_len=max_seq_len)

train = dict(
    type='TextCorpusDataset',
    ann_file=corpus,
    # the model's convertor: its max_seq_len sets the reading length
    label_convertor=dict(label_convertor, max_seq_len=max_seq_len),
    corrupt_prob=0.1)
test = dict(train, test_mode=True)

data = dict(
    samples_per_gpu=256,
    workers_per_gpu=2,
    val_dataloader=dict(samples_per_gpu=64),
    test_dataloader=dict(samples_per_gpu=64),
    train=train,
    val=test,
    test=test)

optimizer = dict(type='Adam', lr=1e-4)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='step', step=[60000, 80000], by_epoch=False)
runner = dict(type='IterBasedRunner', max_iters=100000)
checkpoint_config = dict(interval=5000, by_epoch=False)
evaluation = dict(interval=5000, by_epoch=False, metric='acc')
log_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])
