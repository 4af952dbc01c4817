# IIIT5K word images. Label files are made from the dataset's .tags lists by
#   python tools/data/textrecog/iiit5k_converter.py ../shared/data/iiit5k_train \
#       -o data/iiit5k --val-ratio 0.1
# (filenames in them are relative to the IIIT5K root, img_root here).

img_root = '../shared/data/iiit5k_train'
label_root = 'data/iiit5k'

train = dict(
    type='OCRDataset',
    img_prefix=img_root,
    ann_file=f'{label_root}/train_label.txt',
    loader=dict(
        type='AnnFileLoader',
        repeat=1,
        file_format='txt',
        parser=dict(
            type='LineStrParser',
            keys=['filename', 'text'],
            keys_idx=[0, 1],
            separator=' ')),
    pipeline=None,
    test_mode=False)

test = {key: value for key, value in train.items()}
test['ann_file'] = f'{label_root}/val_label.txt'
test['test_mode'] = True

train_list = [train]

test_list = [test]
