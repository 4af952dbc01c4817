# SROIE receipt text lines, cropped and rectified by
#   python tools/data/textrecog/sroie_crops_converter.py ../shared/data/sroie \
#       -o data/sroie_crops --val-ratio 0.1 --seed 0
# (json labels: the texts contain blanks). The train/val split is the one of
# the SROIE detection converter.

data_root = 'data/sroie_crops'

train = dict(
    type='OCRDataset',
    img_prefix=data_root,
    ann_file=f'{data_root}/train_label.jsonl',
    loader=dict(
        type='AnnFileLoader',
        repeat=1,
        file_format='txt',
        parser=dict(type='LineJsonParser', keys=['filename', 'text'])),
    pipeline=None,
    test_mode=False)

test = dict(
    type='OCRDataset',
    img_prefix=data_root,
    ann_file=f'{data_root}/val_label.jsonl',
    loader=dict(
        type='AnnFileLoader',
        repeat=1,
        file_format='txt',
        parser=dict(type='LineJsonParser', keys=['filename', 'text'])),
    pipeline=None,
    test_mode=True)

train_list = [train]

test_list = [test]
