# drrg_r18w32_fpn_unet_curved_synth_dbinit.py with DRRGLoss's
# orientation-norm term (weight 0.1, fixed before any run). The plain
# config's sin/cos maps stayed on one orientation (raw length 10-20 under
# AdamW): in an A/B of session 18 (320-px crops, 2 images a batch, 1200
# iterations, the same seed and data order) the term made the predicted
# orientation follow the target (correlation of cos 0.53, against 0.01
# without it). Not trained at 640 px yet: its 2400 iterations take ~8 h on
# 2 CPU threads; a job for a lent GPU:
#   bash tools/misc/device_job.sh THIS_CONFIG MINUTES hmean-iou
# The held-out seed-1 set is measured once, at the end, with 0.x's
# post-processing defaults.
# Train:  python tools/train.py configs/textdet/drrg/drrg_r18w32_fpn_unet_curved_synth_dbinit_orientnorm.py
# Test:   python tools/test.py configs/textdet/drrg/drrg_r18w32_fpn_unet_curved_synth_dbinit_orientnorm.py \
#             CKPT --eval hmean-iou --eval-options min_score_thr=0.3 max_score_thr=0.3
_base_ = ['drrg_r18w32_fpn_unet_curved_synth_dbinit.py']

model = dict(bbox_head=dict(loss=dict(orientation_norm_weight=0.1)))
