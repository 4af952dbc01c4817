_base_ = ['./bert_softmax_cluener_18e.py']

# A 2-layer, 64-wide BERT on a small CLUENER-format dataset: trains in
# seconds on a CPU. There is no CLUENER data in the repository: point
# data_root at a folder holding train.json, dev.json (CLUENER json lines)
# and vocab.txt (the tests generate such a folder).
data_root = 'data/cluener_toy'
max_len = 32

categories = [
    'address', 'book', 'company', 'game', 'government', 'movie', 'name',
    'organization', 'position', 'scene'
]
ner_convertor = dict(
    type='NerConvertor',
    annotation_type='bio',
    vocab_file=f'{data_root}/vocab.txt',
    categories=categories,
    max_len=max_len)
train_pipeline = [
    dict(type='NerTransform', label_convertor=ner_convertor, max_len=max_len),
    dict(type='ToTensorNER')
]
test_pipeline = train_pipeline

train = dict(ann_file=f'{data_root}/train.json', pipeline=train_pipeline)
test = dict(ann_file=f'{data_root}/dev.json', pipeline=test_pipeline)
data = dict(samples_per_gpu=4, workers_per_gpu=0, train=train, val=test,
            test=test)

model = dict(
    encoder=dict(
        num_hidden_layers=2,
        hidden_size=64,
        num_attention_heads=4,
        intermediate_size=128,
        max_position_embeddings=max_len),
    decoder=dict(hidden_size=64),
    label_convertor=ner_convertor)

optimizer = dict(_delete_=True, type='Adam', lr=1e-3)
optimizer_config = dict(grad_clip=None)
lr_config = dict(_delete_=True, policy='fixed')
runner = dict(max_epochs=5)
checkpoint_config = dict(interval=5)
log_config = dict(interval=1)
