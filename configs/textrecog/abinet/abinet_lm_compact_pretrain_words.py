# The first stage of the comparison's staged ABINet
# (docs/en/recog_comparison.md): its 128-wide language model pretrained to
# spell back misspelt words (TextCorpusDataset), on the English word list
# the synthetic words are drawn from (data/words.txt, make_wordlist.py) and,
# five times over, the words of the SROIE and IIIT5K training transcripts
# (the package's lexicon); DICT91, case kept. abinet_compact_sroie_iiit5k_synth.py
# starts its language model from this checkpoint.
# Train:  python tools/train.py configs/textrecog/abinet/abinet_lm_compact_pretrain_words.py \
#             --work-dir work_dirs/compare/abinet_lm_compact_pretrain_words
_base_ = ['./abinet_lm_pretrain_corpus.py']

num_chars = 92  # DICT91 and the end token, as the comparison's ABINet
max_seq_len = 40
label_convertor = dict(
    type='ABIConvertor', dict_type='DICT91', with_unknown=False,
    with_padding=False, lower=False)

model = dict(
    decoder=dict(d_model=128, n_head=4, d_inner=256, n_layers=2,
                 pad_idx=num_chars - 1, num_chars=num_chars,
                 max_seq_len=max_seq_len),
    loss=dict(num_classes=num_chars),
    label_convertor=label_convertor,
    max_seq_len=max_seq_len)

lexicon = 'mmocr/model_zoo/lexicons/sroie_iiit5k_train.txt'
train = dict(
    type='TextCorpusDataset',
    ann_file='data/words.txt',
    label_convertor=dict(label_convertor, max_seq_len=max_seq_len),
    corrupt_prob=0.1)
test = dict(train, ann_file=lexicon, test_mode=True)
data = dict(
    samples_per_gpu=128, workers_per_gpu=1,
    train=[train, dict(type='RepeatDataset', times=5,
                       dataset=dict(train, ann_file=lexicon))],
    val=test,
    test=test)

optimizer = dict(type='AdamW', lr=1e-3, weight_decay=1e-4)
optimizer_config = dict(grad_clip=dict(_delete_=True, max_norm=5))
lr_config = dict(_delete_=True, policy='CosineAnnealing', min_lr=1e-5,
                 by_epoch=False, warmup='linear', warmup_iters=100,
                 warmup_ratio=0.01)
runner = dict(max_iters=2000)
checkpoint_config = dict(interval=500, by_epoch=False, max_keep_ckpts=1)
evaluation = dict(interval=2000, by_epoch=False, metric='acc')
bf16 = dict()
