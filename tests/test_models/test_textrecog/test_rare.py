"""RARE: the registered name builds a recognizer from the existing TPS
preprocessor, VGG, SAR encoder / sequential attention decoder and
AttnConvertor; shapes, state_dict names, a toy batch learnt."""
from pathlib import Path

import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog.convertors import AttnConvertor
from mmocr.models.textrecog.decoders import SequentialSARDecoder
from mmocr.models.textrecog.preprocessor import TPSPreprocessor
from mmocr.models.textrecog.recognizer import EncodeDecodeRecognizer
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError

CONFIGS = Path(__file__).resolve().parents[3] / 'configs' / 'textrecog' / 'rare'


def _model(name: str = 'rare_toy_dataset.py') -> EncodeDecodeRecognizer:
    return build_detector(Config.fromfile(str(CONFIGS / name)).model)


def test_rare_is_a_registered_name_of_the_recognizer():
    model = _model('rare_tps_academic.py')
    assert type(model) is EncodeDecodeRecognizer
    assert isinstance(model.preprocessor, TPSPreprocessor)
    assert isinstance(model.decoder, SequentialSARDecoder)
    assert isinstance(model.label_convertor, AttnConvertor)
    assert 14e6 < sum(p.numel() for p in model.parameters()) < 17e6


def test_shapes_and_state_dict_names():
    torch.manual_seed(0)
    model = _model().eval()
    img = torch.randn(2, 3, 32, 100)
    metas = [dict(resize_shape=(32, 100, 3), text='abc'),
             dict(resize_shape=(32, 100, 3), text='de')]
    with torch.no_grad():
        rectified = model.preprocessor(img)
        feat = model.extract_feat(img)
        logits = model.decode_logits(
            img, model.with_valid_ratio(img, metas),
            model.label_convertor.str2tensor(['abc', 'de']))
        results = model.simple_test(img, metas)
    assert rectified.shape == (2, 3, 32, 100)
    assert feat.shape == (2, 32, 1, 26)
    # teacher forcing: max_seq_len steps over the classes but padding
    num_classes = model.label_convertor.num_classes()
    assert logits.shape == (2, 12, num_classes - 1)
    assert len(results) == 2 and all(isinstance(r['text'], str)
                                     for r in results)
    # the components' own names, under MMOCR 0.x's prefixes
    keys = set(model.state_dict())
    tps = {f'preprocessor.{k}' for k in TPSPreprocessor(
        num_fiducial=20, num_img_channel=3).state_dict()}
    assert {k for k in keys if k.startswith('preprocessor.')} == tps
    assert {'preprocessor.LocalizationNetwork.localization_fc2.weight',
            'preprocessor.GridGenerator.inv_delta_C',
            'preprocessor.GridGenerator.P_hat', 'backbone.cnn.conv0.weight',
            'encoder.rnn_encoder.weight_ih_l0_reverse',
            'decoder.rnn_decoder_layer1.weight_ih',
            'decoder.embedding.weight', 'decoder.prediction.weight'} <= keys
    again = _model()
    again.load_state_dict(model.state_dict(), strict=True)


def test_loss_falls_on_a_toy_batch():
    torch.manual_seed(0)
    model = _model()
    model.init_weights()
    img = torch.randn(2, 3, 32, 100)
    metas = [dict(resize_shape=(32, 100, 3), text='rare'),
             dict(resize_shape=(32, 100, 3), text='tps')]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(25):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    assert losses[-1] < 0.4 * losses[0]


def test_bad_input_is_named():
    model = _model().eval()
    with pytest.raises(InvalidValueError, match=r'\(N, 3, H, W\)'):
        model.simple_test(torch.randn(1, 1, 32, 100), [dict()])
