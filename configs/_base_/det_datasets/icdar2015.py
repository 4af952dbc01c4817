# ICDAR 2015 in COCO format: prepare it with
#   python tools/data/textdet/icdar_converter.py data/icdar2015 \
#       -o data/icdar2015 -d icdar2015 --split-list training test
dataset_type = 'IcdarDataset'
data_root = 'data/icdar2015'

train = dict(
    type=dataset_type,
    ann_file=f'{data_root}/instances_training.json',
    img_prefix=f'{data_root}/imgs',
    pipeline=None)

test = dict(
    type=dataset_type,
    ann_file=f'{data_root}/instances_test.json',
    img_prefix=f'{data_root}/imgs',
    pipeline=None)

train_list = [train]

test_list = [test]
