"""PANet's bad input in a config: a wrong number of output maps gives one
message when the model is built; no text gives no boundary."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textdet.postprocess import PANPostprocessor
from mmocr.utils.config import Config


@pytest.mark.parametrize('out_channels', [5, 7])
def test_wrong_kernel_count_in_the_toy_config(repo_root, out_channels):
    cfg = Config.fromfile(str(
        repo_root / 'configs/textdet/panet/panet_r18_fpem_ffm_toy.py'))
    cfg.model.bbox_head.out_channels = out_channels
    with pytest.raises(ValueError, match=(
            rf'PANHead: out_channels={out_channels} but PANLoss needs 6 maps '
            r'\(text, kernel, 4-d embedding\): set '
            r'model.bbox_head.out_channels=6')):
        build_detector(cfg.model)


def test_no_text_gives_no_boundary():
    post = PANPostprocessor(text_repr_type='quad')
    # text everywhere below the threshold; a kernel without text; NaN-free
    maps = np.full((6, 20, 20), -3, np.float32)
    maps[1, 5:10, 5:10] = 5
    assert post(maps) == []
    assert post(torch.full((6, 1, 1), -1.0)) == []
    # extreme logits: no overflow warning
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert post(np.full((6, 8, 8), -1e4, np.float32)) == []
