# The training and validation data of the recognition comparison (one set
# for every family; the shipped CRNN_slim's first stage uses the same):
# SROIE line crops and the IIIT5K training split (image files) and
# synthetic scene-style words and receipt lines (lmdbs). Made by
#   python tools/data/textrecog/sroie_crops_converter.py ../shared/data/sroie \
#       -o data/sroie_crops --val-ratio 0.1 --seed 0
#   python tools/data/textrecog/iiit5k_converter.py ../shared/data/iiit5k_train \
#       -o data/iiit5k --val-ratio 0.1
#   python tools/data/synth/make_wordlist.py data/words.txt
#   python tools/data/synth/gen_recog.py --out data/synth_recog/words.lmdb \
#       --num 30000 --corpus data/words.txt --charset DICT91 --height 32 --seed 2
#   python tools/data/synth/gen_recog.py --out data/synth_recog/receipt.lmdb \
#       --num 10000 --corpus receipt --charset DICT91 --height 32 --seed 3
# ``data`` trains on ``[train_file_list, train_lmdb_list]`` (image files,
# lmdbs) and tests on ``test_list`` (SROIE val crops, IIIT5K val) in the
# comparison's aspect-keeping pipelines; a family whose encoder reads a
# fixed number of positions sets ``data = {{_base_.fixed_size_data}}`` (the
# same sets, every image resized to 32x128).
_base_ = ['../recog_pipelines/words_32px_pipeline.py']

json_loader = dict(
    type='AnnFileLoader', repeat=1, file_format='txt',
    parser=dict(type='LineJsonParser', keys=['filename', 'text']))
tags_loader = dict(
    type='AnnFileLoader', repeat=1, file_format='txt',
    parser=dict(type='LineStrParser', keys=['filename', 'text'],
                keys_idx=[0, 1], separator=' '))
lmdb_loader = dict(
    type='AnnFileLoader', repeat=1, file_format='lmdb',
    parser=dict(type='LineJsonParser', keys=['filename', 'text']))

sroie_train = dict(
    type='OCRDataset', img_prefix='data/sroie_crops',
    ann_file='data/sroie_crops/train_label.jsonl', loader=json_loader,
    pipeline=None, test_mode=False)
iiit5k_train = dict(
    type='OCRDataset', img_prefix='../shared/data/iiit5k_train',
    ann_file='data/iiit5k/train_label.txt',
    loader=dict(tags_loader, repeat=5), pipeline=None, test_mode=False)
synth_words = dict(
    type='OCRDataset', img_prefix='data/synth_recog/words.lmdb',
    ann_file='data/synth_recog/words.lmdb', loader=lmdb_loader,
    pipeline=None, test_mode=False)
synth_receipt = dict(
    synth_words, img_prefix='data/synth_recog/receipt.lmdb',
    ann_file='data/synth_recog/receipt.lmdb')

sroie_val = dict(
    type='OCRDataset', img_prefix='data/sroie_crops',
    ann_file='data/sroie_crops/val_label.jsonl', loader=json_loader,
    pipeline=None, test_mode=True)
iiit5k_val = dict(
    type='OCRDataset', img_prefix='../shared/data/iiit5k_train',
    ann_file='data/iiit5k/val_label.txt', loader=tags_loader,
    pipeline=None, test_mode=True)

train_file_list = [sroie_train, iiit5k_train]
train_lmdb_list = [synth_words, synth_receipt]
test_list = [sroie_val, iiit5k_val]

data = dict(
    samples_per_gpu=32,
    workers_per_gpu=1,
    train_dataloader=dict(group_by_length=True),
    val_dataloader=dict(samples_per_gpu=64),
    test_dataloader=dict(samples_per_gpu=64),
    train=dict(
        type='UniformConcatDataset',
        datasets=[train_file_list, train_lmdb_list],
        pipeline=[{{_base_.train_pipeline}}, {{_base_.train_pipeline_lmdb}}]),
    val=dict(type='UniformConcatDataset', datasets=test_list,
             pipeline={{_base_.test_pipeline}}),
    test=dict(type='UniformConcatDataset', datasets=test_list,
              pipeline={{_base_.test_pipeline}}))
fixed_size_data = dict(
    data,
    train=dict(data['train'], pipeline=[{{_base_.fixed_train_pipeline}},
                                        {{_base_.fixed_train_pipeline_lmdb}}]),
    val=dict(data['val'], pipeline={{_base_.fixed_test_pipeline}}),
    test=dict(data['test'], pipeline={{_base_.fixed_test_pipeline}}))
