# The shipped detector's recipe trained without training fold 0, in
# bfloat16: the model that post-processing choices (score thresholds, unclip
# ratio, line merging) are made with, on fold 0, which it never saw. The
# validation receipts stay out of it; the shipped detector (all training
# receipts) is measured on them once, with the chosen settings.
#
# Data: python tools/data/textdet/sroie_converter.py ../shared/data/sroie \
#           -o data/sroie --val-ratio 0.1 --seed 0 --folds 5
#       (and data/synth_det as in the base config)
# Train (about 90 min on 2 CPU threads, bfloat16):
#   python tools/train.py configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth_fold0.py \
#       --work-dir work_dirs/db_fold0 --no-validate --auto-resume
# The choice, fixed before this model was trained: the grid below, scored by
# hmean-iou on fold 0 (90 receipts); ties go to the earlier setting, and
# each list starts with the shipped value, so a setting must do better to
# replace it. min_text_score is the post-processor's own box-score filter
# (what MMOCR() applies), merge_line_gap joins the boxes of one line
# (DBPostprocessor, None: off).
#   python tools/analysis/choose_det_postprocess.py --fold \
#       configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth_fold0.py \
#       work_dirs/db_fold0/latest.pth data/sroie/instances_fold0.json \
#       --grid unclip_ratio=1.8,1.5,2.1 \
#       --grid merge_line_gap=None,0.5,1.0,1.5,2.5 \
#       --grid min_text_score=0.3,0.5,0.7 --out work_dirs/db_fold0/choice.json
# The same grid at two larger test scales (added before any scale was
# measured: training resizes receipts by 0.8-1.8, the 1333x736 test resize
# shrinks a 2000-pixel receipt to 0.67), each a run with
#   --cfg-options "data.test.pipeline.1.img_scale=(1600,900)"   (or 2000,1100)
# A larger scale replaces 1333x736 only if its best hmean beats the best at
# 1333x736 by at least 0.005 (about 25 of fold 0's 4800 lines) and the
# pipeline stays within issue 20's time budget (0.6x RapidOCR's 1.55 s per
# receipt of session 12: at most 0.93 s, `tools/eval_e2e.py --split fold0
# --batch-mode`).
# The shipped detector (all training receipts) is then measured on the 50
# validation receipts once, with the chosen setting.
#
# A second choice, added after the first (session 13), end to end: the
# unclip ratio changes the crops the recognizer reads far more than it
# changes hmean-iou (1.8 and 2.1 tie at 0.939). With min_text_score=0.5
# fixed, unclip_ratio in 1.8 (shipped), 2.1 (measured first, as a
# diagnostic), 2.4, 2.7, scored by the end-to-end line hmean on fold 0
#   python tools/eval_e2e.py --split fold0 --batch-mode --det-config CFG \
#       --det-ckpt work_dirs/db_fold0/latest.pth
# (CRNN_slim trained on fold 0's ground-truth crops, so only the
# differences count); a ratio replaces 1.8 only if it is better by at
# least 0.005, and the best one wins.
_base_ = ['./dbnet_r18w32_fpnc_sroie_synth.py']

data = dict(train=dict(datasets=[
    dict(type='TextDetDataset', ann_file='data/sroie/instances_training_fold0.txt',
         img_prefix='data/sroie/imgs', loader={{_base_.sroie_train.loader}},
         pipeline=None),
    {{_base_.synth_train}}]))
bf16 = dict()
