# SROIE receipts for text detection. Prepare them (deterministic train/val
# split, written to data/sroie/{train,val}_list.txt; data/sroie/imgs links to
# the images) with
#   python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
#       -o data/sroie --val-ratio 0.1 --seed 0
# The validation images are never in instances_training.json.
dataset_type = 'IcdarDataset'
data_root = 'data/sroie'

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
