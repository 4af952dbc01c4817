"""CRNN / SAR recognizers: building from the configs, training steps,
inference, test-time augmentation and drawing."""
import copy
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.models import build_detector
from mmocr.models.textrecog.recognizer import CRNNNet, EncodeDecodeRecognizer, SARNet
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
BASE = REPO / 'configs' / '_base_' / 'recog_models'


def _word_image(word: str, width: int = 100, channels: int = 1) -> torch.Tensor:
    img = np.full((32, width), 255, dtype=np.uint8)
    cv2.putText(img, word, (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    tensor = torch.from_numpy(img).float().div(127.5).sub(1.0)[None]
    return tensor.expand(channels, -1, -1)


def _batch(words, width=100, channels=1):
    img = torch.stack([_word_image(w, width, channels) for w in words])
    metas = [dict(text=w, resize_shape=(32, width, channels)) for w in words]
    return img, metas


def _tiny_sar_cfg(decoder_type='ParallelSARDecoder'):
    cfg = copy.deepcopy(Config.fromfile(str(BASE / 'sar.py')).model)
    cfg = cfg.to_dict() if hasattr(cfg, 'to_dict') else dict(cfg)
    cfg['backbone'] = dict(type='ResNet31OCR', base_channels=1,
                           layers=[1, 1, 1, 1],
                           channels=[8, 16, 16, 16, 32, 32, 32])
    cfg['encoder'].update(d_model=32, d_enc=32, enc_do_rnn=0.0)
    cfg['decoder'].update(type=decoder_type, d_model=32, d_enc=32, d_k=16,
                          pred_dropout=0.0)
    cfg['max_seq_len'] = 8
    return cfg


@pytest.mark.parametrize('name,cls', [('crnn.py', CRNNNet),
                                      ('crnn_tps.py', CRNNNet),
                                      ('sar.py', SARNet)])
def test_base_configs_build(name, cls):
    cfg = Config.fromfile(str(BASE / name))
    model = build_detector(cfg.model)
    assert type(model) is cls
    conv = model.label_convertor
    assert model.decoder.num_classes == conv.num_classes()
    if name == 'sar.py':
        assert conv.max_seq_len == 30 and model.decoder.max_seq_len == 30
        assert model.loss.loss_ce.ignore_index == conv.padding_idx


def test_recognizer_needs_components():
    with pytest.raises(ValueError, match='backbone'):
        EncodeDecodeRecognizer(decoder=dict(type='CRNNDecoder'))
    # init_cfg is mmcv's, applied by init_weights after the components
    model = build_detector(dict(_tiny_sar_cfg(), init_cfg=dict(
        type='Constant', layer='Conv2d', val=0.5)))
    model.init_weights()
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert convs and all((m.weight == 0.5).all() for m in convs)
    with pytest.raises(ValueError, match='init_cfg type'):
        build_detector(dict(_tiny_sar_cfg(),
                            init_cfg=dict(type='Orthogonal'))).init_weights()


def _train(model, img, metas, steps, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    losses = []
    for _ in range(steps):
        out = model.train_step(dict(img=img, img_metas=metas), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    return losses


def test_crnn_overfits_two_words():
    torch.manual_seed(0)
    cfg = Config.fromfile(str(BASE / 'crnn.py'))
    model = build_detector(cfg.model)
    img, metas = _batch(['ab', 'cd'])
    losses = _train(model, img, metas, steps=20, lr=1e-3)
    assert all(np.isfinite(losses))
    assert np.mean(losses[-3:]) < 0.5 * losses[0]
    model.eval()
    with torch.no_grad():
        results = model(img, metas, return_loss=False)
    assert len(results) == 2
    for res in results:
        assert isinstance(res['text'], str)
        assert len(res['score']) == len(res['text'])
        assert all(0 <= s <= 1 for s in res['score'])


@pytest.mark.parametrize('decoder_type', ['ParallelSARDecoder',
                                          'SequentialSARDecoder'])
def test_sar_overfits_two_words(decoder_type):
    torch.manual_seed(0)
    model = build_detector(_tiny_sar_cfg(decoder_type))
    img, metas = _batch(['ab', 'cd'], width=64)
    losses = _train(model, img, metas, steps=20, lr=3e-3)
    assert np.mean(losses[-3:]) < 0.5 * losses[0]
    model.eval()
    with torch.no_grad():
        results = model(img, metas, return_loss=False)
    assert [len(r['score']) for r in results] == [len(r['text'])
                                                  for r in results]


def test_valid_ratio_from_resize_shape():
    torch.manual_seed(0)
    model = build_detector(_tiny_sar_cfg()).eval()
    img, metas = _batch(['ab', 'cd'], width=64)
    metas[0]['resize_shape'] = (32, 40, 1)
    del metas[1]['resize_shape']
    metas[1]['valid_ratio'] = 0.5
    with_ratio = model.with_valid_ratio(img, metas)
    assert [m['valid_ratio'] for m in with_ratio] == [40 / 64, 0.5]
    with torch.no_grad():
        narrow = model.simple_test(img, metas)
        full = model.simple_test(img, [dict(valid_ratio=1.0)] * 2)
    assert narrow[0]['score'] != full[0]['score']
    assert 'valid_ratio' not in metas[0]  # caller's metas are not modified
    with pytest.raises(ValueError, match='img_metas'):
        model.simple_test(img, metas * 2)
    with pytest.raises(KeyError, match='text'):
        model.forward_train(img, [dict(resize_shape=(32, 64, 1))] * 2)


def test_aug_test_picks_highest_mean_score():
    views = [
        [dict(text='ab', score=[0.9, 0.5]), dict(text='x', score=[0.2])],
        [dict(text='abc', score=[0.8, 0.8, 0.8]), dict(text='y', score=[0.1])],
    ]
    merged = EncodeDecodeRecognizer.merge_aug_results(views)
    assert merged[0] == dict(text='abc', score=pytest.approx(0.8))
    assert merged[1] == dict(text='x', score=pytest.approx(0.2))

    torch.manual_seed(0)
    model = build_detector(_tiny_sar_cfg()).eval()
    img, metas = _batch(['ab', 'cd'], width=64)
    flipped = img.flip(-1)
    with torch.no_grad():
        per_view = [model.simple_test(img, metas),
                    model.simple_test(flipped, metas)]
        results = model(img=[img, flipped], img_metas=[metas, metas],
                        return_loss=False)
    assert results == EncodeDecodeRecognizer.merge_aug_results(per_view)


def test_pretrained_backbone_is_loaded(tmp_path):
    from mmocr.runner.checkpoint import save_checkpoint
    torch.manual_seed(0)
    cfg = _tiny_sar_cfg()
    source = build_detector(cfg)
    path = str(tmp_path / 'backbone.pth')
    save_checkpoint(source.backbone, path)
    model = build_detector(dict(cfg, pretrained=path))
    model.init_weights()
    for key, value in source.backbone.state_dict().items():
        assert torch.equal(model.backbone.state_dict()[key], value)


def test_show_result_draws_text(tmp_path):
    model = build_detector(_tiny_sar_cfg())
    img = np.full((20, 60, 3), 128, dtype=np.uint8)
    out_file = tmp_path / 'vis' / 'out.png'
    drawn = model.show_result(img, dict(text='hello', score=[1.0] * 5),
                              gt_label='hallo', out_file=str(out_file))
    assert out_file.is_file()
    assert drawn.shape[0] == 3 * 64 and drawn.dtype == np.uint8
    # prediction row (top) holds red ink, ground-truth row (bottom) blue ink
    top, bottom = drawn[:64], drawn[128:]
    assert ((top[..., 2] > 200) & (top[..., 0] < 50)).any()
    assert ((bottom[..., 0] > 200) & (bottom[..., 2] < 50)).any()
    with pytest.warns(UserWarning, match='out_file'):
        only = model.show_result(img, dict(text='a', score=[1.0]))
    assert only.shape[0] == 2 * 64


@pytest.mark.parametrize('right_pad,same', [(0, False), (32, True)])
def test_right_pad_reads_alone_as_in_a_padded_batch(right_pad, same):
    """With ``ResizeOCR(right_pad=...)`` a word's valid columns read the same
    alone as right-padded in a batch beside a wider word; without it the
    last columns see the convolutions' zero border instead of padding."""
    from mmocr.datasets import collate
    from mmocr.datasets.pipelines import Compose
    torch.manual_seed(0)
    cfg = copy.deepcopy(Config.fromfile(str(BASE / 'crnn.py')).model)
    cfg['backbone']['channels'] = (4, 8, 8, 8, 8, 8, 8)
    cfg['decoder'].update(in_channels=8, pack_valid=True)
    model = build_detector(cfg).eval()
    pipeline = Compose([
        dict(type='ResizeOCR', height=32, min_width=32,
             width_downsample_ratio=0.25, img_pad_value=127,
             right_pad=right_pad),
        dict(type='Normalize', mean=[127], std=[127]),
        dict(type='DefaultFormatBundle'),
        dict(type='Collect', keys=['img'],
             meta_keys=['resize_shape', 'valid_ratio']),
    ])

    def sample(word: str, width: int) -> dict:
        img = np.full((32, width), 220, dtype=np.uint8)
        cv2.putText(img, word, (2, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
        return pipeline({'img': img, 'img_shape': img.shape,
                         'ori_shape': img.shape})

    short, wide = sample('ab', 48), sample('abcdefg', 160)
    with torch.no_grad():
        logits = []
        for batch in (collate([short]), collate([short, wide])):
            metas = model.with_valid_ratio(batch['img'], batch['img_metas'])
            logits.append(model.decode_logits(batch['img'], metas)[0])
    steps = 48 // 4
    assert torch.allclose(logits[0][:steps], logits[1][:steps],
                          atol=1e-5) == same
