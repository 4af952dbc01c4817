# ABINet (vision model, language model, fuser, 3 correction rounds) in the
# recognition comparison (docs/en/recog_comparison.md), staged as MMOCR 0.x
# trains it: the vision model of abinet_vision_compact_sroie_iiit5k_synth.py
# (load_from, its 4000 iterations) and the 128-wide language model of
# abinet_lm_compact_pretrain_words.py (the decoder's init_cfg) are trained
# first, then the whole model 1000 iterations on the comparison's data at a
# quarter of its lr.
# Train:  python tools/train.py configs/textrecog/abinet/abinet_compact_sroie_iiit5k_synth.py
_base_ = ['./abinet_vision_compact_sroie_iiit5k_synth.py']

stages = 'work_dirs/compare'
num_chars = 92  # as in the vision model's config
max_seq_len = 40
model = dict(
    decoder=dict(type='ABILanguageDecoder', d_model=128, n_head=4,
                 d_inner=256, n_layers=2, dropout=0.1, detach_tokens=True,
                 use_self_attn=False, pad_idx=num_chars - 1,
                 num_chars=num_chars, max_seq_len=max_seq_len,
                 init_cfg=dict(
                     type='Pretrained', prefix='decoder.',
                     checkpoint=f'{stages}/abinet_lm_compact_pretrain_words/'
                     'latest.pth')),
    fuser=dict(type='ABIFuser', d_model=128, num_chars=num_chars,
               init_cfg=None, max_seq_len=max_seq_len),
    iter_size=3)
load_from = f'{stages}/abinet_vision_compact_sroie_iiit5k_synth/latest.pth'

optimizer = dict(lr=2.5e-4)
lr_config = dict(warmup_iters=50)
runner = dict(max_iters=1000)
evaluation = dict(interval=1000)
