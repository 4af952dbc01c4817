# Synthetic printed Chinese (+ ASCII) text lines, 32 pixels high, from the
# shipped level-1 dictionary (fonts: `make fonts` installs Debian's CJK
# fonts). Made by
#   python tools/data/synth/gen_recog.py --out data/chinese_synth/train.lmdb \
#       --num 200000 --corpus chinese \
#       --charset mmocr/model_zoo/dicts/chinese_level1_ascii.txt \
#       --height 32 --seed 0 --workers 8
#   python tools/data/synth/gen_recog.py --out data/chinese_synth/val \
#       --num 2000 --corpus chinese \
#       --charset mmocr/model_zoo/dicts/chinese_level1_ascii.txt \
#       --height 32 --seed 1 --format txt
# ``chinese_synth_train`` is the seed-0 lmdb, ``chinese_synth_test`` the
# held-out seed-1 lines (image files); generated lines hold no spaces, so
# the labels are 'imgs/000000001.jpg TEXT' lines. Every Chinese-line config trains and
# tests on these two, so their line_acc compare.
chinese_synth_train = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/train.lmdb',
    ann_file='data/chinese_synth/train.lmdb',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='lmdb',
        parser=dict(type='LineJsonParser', keys=['filename', 'text'])),
    pipeline=None,
    test_mode=False)
chinese_synth_test = dict(
    type='OCRDataset',
    img_prefix='data/chinese_synth/val',
    ann_file='data/chinese_synth/val/labels.txt',
    loader=dict(
        type='AnnFileLoader', repeat=1, file_format='txt',
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' ')),
    pipeline=None,
    test_mode=True)
