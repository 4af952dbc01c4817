# Curved synthetic scenes (mmocr.datasets.synth, kind='curved'): lines bent
# along arcs, sine waves, partial circles and bent lines on scene-like
# backgrounds, with CTW1500-style 14-point boundaries, in COCO format.
# The test set comes from another seed, so none of its images (sample i of
# seed s uses numpy.random.default_rng([s, i])) is ever trained on:
#   python tools/data/synth/gen_det.py --curved --out data/curved_synth/train \
#       --num 2000 --seed 0 --max-size 640 --ann-format coco --workers 2
#   python tools/data/synth/gen_det.py --curved --out data/curved_synth/test \
#       --num 200 --seed 1 --max-size 640 --ann-format coco --split test
# (add --poly-style totaltext --level word for Total-Text-style polygons).
dataset_type = 'IcdarDataset'
data_root = 'data/curved_synth'

train = dict(
    type=dataset_type,
    ann_file=f'{data_root}/train/instances_training.json',
    img_prefix=f'{data_root}/train/imgs',
    pipeline=None)

test = dict(
    type=dataset_type,
    ann_file=f'{data_root}/test/instances_test.json',
    img_prefix=f'{data_root}/test/imgs',
    pipeline=None)

train_list = [train]

test_list = [test]
