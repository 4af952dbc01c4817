# ABINet's vision model in the recognition comparison
# (docs/en/recog_comparison.md): ResNetABI and its transformer 128 wide;
# data, pipeline and schedule shared by every family.
# Train:  python tools/train.py configs/textrecog/abinet/abinet_vision_compact_sroie_iiit5k_synth.py
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/recog_datasets/synth_words_sroie_iiit5k.py',
    '../../_base_/schedules/schedule_adamw_cos_4k_iters.py',
]

num_chars = 92  # DICT91 and the end token
max_seq_len = 40
label_convertor = dict(
    type='ABIConvertor', dict_type='DICT91', with_unknown=False,
    with_padding=False, lower=False)

model = dict(
    type='ABINet',
    backbone=dict(type='ResNetABI', stem_channels=8,
                  arch_settings=(1, 2, 2, 2, 1), strides=(2, 1, 2, 1, 1)),
    encoder=dict(
        type='ABIVisionModel',
        encoder=dict(type='TransformerEncoder', n_layers=2, n_head=4,
                     d_model=128, d_inner=256, dropout=0.1, max_len=8 * 32),
        decoder=dict(type='ABIVisionDecoder', in_channels=128,
                     num_channels=32, attn_height=8, attn_width=32,
                     attn_mode='nearest', use_result='feature',
                     num_chars=num_chars, max_seq_len=max_seq_len,
                     init_cfg=dict(type='Xavier', layer='Conv2d'))),
    loss=dict(type='ABILoss', enc_weight=1.0, dec_weight=1.0,
              fusion_weight=1.0, num_classes=num_chars),
    label_convertor=label_convertor,
    max_seq_len=max_seq_len,
    iter_size=1)

data = {{_base_.fixed_size_data}}
