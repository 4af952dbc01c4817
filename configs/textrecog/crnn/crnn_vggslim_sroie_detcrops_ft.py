# Second stage of the shipped default recognizer: the compact CRNN of
# crnn_vggslim_sroie_iiit5k_synth.py fine-tuned with SROIE crops cut along
# the default detector's boxes, so that it reads what the detector hands it
# at inference (margins, skew and clipped characters of detected boxes
# differ from the ground-truth boxes' crops), and with small-font synthetic
# receipt lines (the blur of low-resolution crops). Its BiLSTMs read only
# each image's valid columns (pack_valid), so a crop reads the same alone
# or padded in a batch: the first stage, trained on padded batches, dropped
# characters on unpadded crops.
#
# Data (see docs/en/default_models.md): the first stage's data plus
#   python tools/data/textrecog/sroie_det_crops.py ../shared/data/sroie \
#       -o data/sroie_det_crops --split train \
#       --det-config configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py \
#       --det-ckpt mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth
#   python tools/data/synth/gen_recog.py --out data/synth_recog/receipt_small.lmdb \
#       --num 15000 --corpus receipt --charset DICT91 --height 32 \
#       --font-size 10 18 --document-prob 1.0 --seed 4
# Train:  python tools/train.py configs/textrecog/crnn/crnn_vggslim_sroie_detcrops_ft.py
_base_ = ['crnn_vggslim_sroie_iiit5k_synth.py']

# (the first stage is no longer shipped, to keep the package under 40 MiB:
# train crnn_vggslim_sroie_iiit5k_synth.py first, or point load_from at it)
load_from = 'work_dirs/crnn_vggslim_sroie_iiit5k_synth/latest.pth'

# Readings are corrected with the words of the training transcripts
# (CTCLexicon: an out-of-lexicon word becomes a lexicon word within edit
# distance 1-2 when the model's CTC likelihood drops by less than 5 nats):
#   python tools/data/textrecog/make_lexicon.py \
#       data/sroie_crops/train_label.jsonl data/iiit5k/train_label.txt \
#       -o mmocr/model_zoo/lexicons/sroie_iiit5k_train.txt
model = dict(
    decoder=dict(pack_valid=True),
    test_cfg=dict(lexicon=dict(
        lexicon_file='mmocr/model_zoo/lexicons/sroie_iiit5k_train.txt',
        max_nll_gap=5.0)))

sroie_det_train = dict(
    type='OCRDataset', img_prefix='data/sroie_det_crops',
    ann_file='data/sroie_det_crops/train_label.jsonl',
    loader={{_base_.json_loader}}, pipeline=None, test_mode=False)
synth_receipt_small = dict(
    type='OCRDataset', img_prefix='data/synth_recog/receipt_small.lmdb',
    ann_file='data/synth_recog/receipt_small.lmdb',
    loader={{_base_.lmdb_loader}}, pipeline=None, test_mode=False)

data = dict(
    train=dict(datasets=[[
        {{_base_.sroie_train}}, sroie_det_train, {{_base_.iiit5k_train}}
    ], [{{_base_.synth_words}}, {{_base_.synth_receipt}}, synth_receipt_small]]))

optimizer = dict(lr=5e-4)
lr_config = dict(warmup_iters=200)
runner = dict(max_iters=40000)
evaluation = dict(interval=10000)
