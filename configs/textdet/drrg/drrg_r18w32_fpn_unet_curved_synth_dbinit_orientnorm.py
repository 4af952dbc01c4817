# drrg_r18w32_fpn_unet_curved_synth_dbinit.py with DRRGLoss's
# orientation-norm term (weight 0.1, fixed before the run): session 17
# found the plain run's sin/cos maps collapsed to one orientation (raw
# length 20-30 under AdamW, loss_cos flat at ~0.12 for 1000+ iterations);
# the term keeps the raw (sin, cos) vector near unit length. 1200
# iterations, fixed before the run; the held-out seed-1 set is measured
# once, at the end, with 0.x's post-processing defaults.
# Train:  python tools/train.py configs/textdet/drrg/drrg_r18w32_fpn_unet_curved_synth_dbinit_orientnorm.py
# Test:   python tools/test.py configs/textdet/drrg/drrg_r18w32_fpn_unet_curved_synth_dbinit_orientnorm.py \
#             CKPT --eval hmean-iou --eval-options min_score_thr=0.3 max_score_thr=0.3
_base_ = ['drrg_r18w32_fpn_unet_curved_synth_dbinit.py']

model = dict(bbox_head=dict(loss=dict(orientation_norm_weight=0.1)))
runner = dict(max_iters=1200)
