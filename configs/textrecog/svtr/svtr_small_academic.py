# SVTR-Small: wider and deeper stages of the same encoder.
_base_ = ['svtr_tiny_academic.py']

model = dict(
    encoder=dict(
        embed_dims=[96, 192, 256],
        depth=[3, 6, 6],
        num_heads=[3, 6, 8],
        mixer_types=['Local'] * 8 + ['Global'] * 7))
