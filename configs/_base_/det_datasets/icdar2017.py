# ICDAR 2017 MLT in COCO format: prepare it with
#   python tools/data/textdet/icdar_converter.py data/icdar2017 \
#       -o data/icdar2017 -d icdar2017 --split-list training val
dataset_type = 'IcdarDataset'
data_root = 'data/icdar2017'

train = dict(
    type=dataset_type,
    ann_file=f'{data_root}/instances_training.json',
    img_prefix=f'{data_root}/imgs',
    pipeline=None)

test = dict(
    type=dataset_type,
    ann_file=f'{data_root}/instances_val.json',
    img_prefix=f'{data_root}/imgs',
    pipeline=None)

train_list = [train]

test_list = [test]
