# CTW1500 in COCO format (instances_training.json, instances_test.json), as
# MMOCR 0.x's tools/data/textdet/ctw1500_converter.py writes it (that converter
# is not part of this repository yet).
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
