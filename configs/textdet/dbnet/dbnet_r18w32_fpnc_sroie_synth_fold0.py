# The shipped detector's recipe trained without training fold 0, in
# bfloat16: the model that post-processing choices (score thresholds, unclip
# ratio, line merging) are made with, on fold 0, which it never saw. The
# validation receipts stay out of it; the shipped detector (all training
# receipts) is measured on them once, with the chosen settings.
#
# Data: python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
#           -o data/sroie --val-ratio 0.1 --seed 0 --folds 5
#       (and data/synth_det as in the base config)
# Train (about 65 min on 2 CPU threads with AVX512-BF16):
#   python tools/train.py configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth_fold0.py \
#       --work-dir work_dirs/db_fold0 --no-validate --auto-resume
# Choose (maps computed once per image):
#   python tools/analysis/choose_det_postprocess.py --fold \
#       configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth_fold0.py \
#       work_dirs/db_fold0/latest.pth data/sroie/instances_fold0.json --grid ...
_base_ = ['./dbnet_r18w32_fpnc_sroie_synth.py']

data = dict(train=dict(datasets=[
    dict(type='TextDetDataset', ann_file='data/sroie/instances_training_fold0.txt',
         img_prefix='data/sroie/imgs', loader={{_base_.sroie_train.loader}},
         pipeline=None),
    {{_base_.synth_train}}]))
bf16 = dict()
