# ABINet (vision model, language model, fuser, 3 correction rounds) in the
# recognition comparison (docs/en/recog_comparison.md): the compact vision
# model of abinet_vision_compact_sroie_iiit5k_synth.py plus a 128-wide
# language model, trained end to end from scratch on the same data with the
# same schedule.
# Train:  python tools/train.py configs/textrecog/abinet/abinet_compact_sroie_iiit5k_synth.py
_base_ = ['./abinet_vision_compact_sroie_iiit5k_synth.py']

num_chars = 92  # as in the vision model's config
max_seq_len = 40
model = dict(
    decoder=dict(type='ABILanguageDecoder', d_model=128, n_head=4,
                 d_inner=256, n_layers=2, dropout=0.1, detach_tokens=True,
                 use_self_attn=False, pad_idx=num_chars - 1,
                 num_chars=num_chars, max_seq_len=max_seq_len, init_cfg=None),
    fuser=dict(type='ABIFuser', d_model=128, num_chars=num_chars,
               init_cfg=None, max_seq_len=max_seq_len),
    iter_size=3)
