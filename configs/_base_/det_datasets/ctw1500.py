# CTW1500 in COCO format (instances_training.json, instances_test.json):
#   python tools/data/textdet/ctw1500_converter.py data/ctw1500 \
#       -o data/ctw1500 --split-list training test
dataset_type = 'IcdarDataset'
data_root = 'data/ctw1500'

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
