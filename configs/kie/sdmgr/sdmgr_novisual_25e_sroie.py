_base_ = ['./sdmgr_novisual_60e_sroie.py']

# The shipped SROIE key-field model: the 60-epoch recipe shortened to 25
# epochs (learning rate divided by 10 after epochs 18 and 23), which is
# enough on the 450 training receipts. Train with
#   python tools/train.py configs/kie/sdmgr/sdmgr_novisual_25e_sroie.py
lr_config = dict(step=[18, 23])
runner = dict(max_epochs=25)
evaluation = dict(interval=5)

# The character dictionary and class names ship beside the weights (the same
# files tools/data/kie/sroie_to_kie.py writes), so the released model needs
# no dataset at inference time.
vocab_root = 'mmocr/model_zoo/sroie_kie'
data = dict(
    train=dict(dict_file=f'{vocab_root}/dict.txt',
               class_list=f'{vocab_root}/class_list.txt'),
    val=dict(dict_file=f'{vocab_root}/dict.txt',
             class_list=f'{vocab_root}/class_list.txt'),
    test=dict(dict_file=f'{vocab_root}/dict.txt',
              class_list=f'{vocab_root}/class_list.txt'))
# No visual modality, so no backbone: MMOCR 0.x's novisual configs build a
# U-Net they never run (1.8 M unused weights, 3.6 MB of the checkpoint).
model = dict(backbone=None, class_list=f'{vocab_root}/class_list.txt')
