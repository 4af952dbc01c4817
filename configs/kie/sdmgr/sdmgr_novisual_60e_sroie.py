_base_ = ['./sdmgr_novisual_60e_wildreceipt.py']

# SDMGR (text + layout) on SROIE receipts, each text line labelled
# Other/Company/Address/Date/Total. Make the annotations (same train/val
# split as the SROIE detection and recognition converters) with
#   python tools/data/kie/sroie_to_kie.py ../shared/data/sroie \
#       -o data/sroie_kie --val-ratio 0.1 --seed 0
data_root = 'data/sroie_kie'

train = dict(
    ann_file=f'{data_root}/train.txt',
    img_prefix=data_root,
    dict_file=f'{data_root}/dict.txt',
    class_list=f'{data_root}/class_list.txt')
test = dict(
    ann_file=f'{data_root}/test.txt',
    img_prefix=data_root,
    dict_file=f'{data_root}/dict.txt',
    class_list=f'{data_root}/class_list.txt')

data = dict(train=train, val=test, test=test)

# macro F1 over Company, Address, Date and Total (class 0 is Other)
evaluation = dict(
    interval=1, metric='macro_f1', metric_options=dict(macro_f1=dict(ignores=[0])))

model = dict(
    bbox_head=dict(num_classes=5),
    class_list=f'{data_root}/class_list.txt')
