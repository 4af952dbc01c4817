# The scene-word recognizer's second candidate (issue 20): the shipped
# CRNN_slim fine-tuned on the scene data of crnn_vggslim_scene_words.py
# (synthetic scene words, IIIT5K train without its choice part) for 2000
# iterations at 3e-4. CRNN_slim trained on the whole IIIT5K training list,
# so the choice split cannot choose this model's lexicon: it takes the
# setting chosen for the from-scratch model. Which candidate serves scene
# words is decided as that config says (2000 synthetic scene words of
# seed 5, which neither trained on).
# Train:  python tools/train.py configs/textrecog/crnn/crnn_vggslim_scene_words_ft.py --no-validate
_base_ = ['crnn_vggslim_scene_words.py']

load_from = 'mmocr/model_zoo/crnn_vggslim_sroie_synthpages_soup-5ad6972f.pth'

optimizer = dict(lr=3e-4)
lr_config = dict(warmup_iters=200)
runner = dict(max_iters=2000)

# Chosen (session 12) on the IIIT5K choice split with the from-scratch
# model (tools/analysis/choose_recog_lexicon.py; none, the 944 IIIT5K
# training words, or those plus the English word list, x max_nll_gap 2/5/10):
# the English words (data/words.txt of make_wordlist.py, runs of letters
# only) plus the IIIT5K training words, 5 nats.
model = dict(test_cfg=dict(lexicon=dict(
    lexicon_file='mmocr/model_zoo/lexicons/english_words_iiit5k_train.txt.gz',
    max_nll_gap=5.0)))
