_base_ = ['./sdmgr_novisual_60e_wildreceipt.py']

# MMOCR 0.x's 2-receipt toy KIE dataset (WildReceipt format), read from the
# shared data folder next to the repository; run from the repository root.
# Trains in seconds on a CPU: used by the tests.
data_root = '../shared/data/mmocr_toy/kie_toy_dataset'

train = dict(
    ann_file=f'{data_root}/wildreceipt/data.txt',
    img_prefix=data_root,
    dict_file=f'{data_root}/dict.txt',
    class_list=f'{data_root}/class_list.txt')
test = dict(
    ann_file=f'{data_root}/wildreceipt/data.txt',
    img_prefix=data_root,
    dict_file=f'{data_root}/dict.txt',
    class_list=f'{data_root}/class_list.txt')

data = dict(samples_per_gpu=2, workers_per_gpu=0, train=train, val=test,
            test=test)

model = dict(
    bbox_head=dict(node_embed=32, edge_embed=32, fusion_dim=80),
    class_list=f'{data_root}/class_list.txt')

optimizer = dict(lr=0.01)
lr_config = dict(step=[50])
runner = dict(max_epochs=60)
checkpoint_config = dict(interval=60)
evaluation = dict(interval=20)
log_config = dict(interval=10)
