"""BertEncoder, FCDecoder, masked losses and NerClassifier."""
from __future__ import annotations

import math

import pytest
import torch

from mmocr.datasets import collate
from mmocr.datasets.pipelines import Compose
from mmocr.models import build_loss, build_model
from mmocr.models.ner.utils import GeluNew
from mmocr.models.ner.utils.bert import (
    BertEncoder,
    BertOutput,
    BertSelfOutput,
    convert_bert_state_dict,
)

CATEGORIES = ['address', 'name']
MAX_LEN = 12


@pytest.fixture
def vocab_file(tmp_path):
    path = tmp_path / 'vocab.txt'
    tokens = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + list('abcdefgh')
    path.write_text('\n'.join(tokens) + '\n')
    return str(path)


def _tiny_bert(**kwargs):
    return dict(type='BertEncoder', num_hidden_layers=1, vocab_size=111,
                hidden_size=16, max_position_embeddings=MAX_LEN,
                num_attention_heads=2, intermediate_size=32,
                hidden_dropout_prob=0., attention_probs_dropout_prob=0.,
                **kwargs)


def _model(vocab_file, loss='MaskedCrossEntropyLoss'):
    return build_model(dict(
        type='NerClassifier', encoder=_tiny_bert(),
        decoder=dict(type='FCDecoder', hidden_size=16, hidden_dropout_prob=0.),
        loss=dict(type=loss),
        label_convertor=dict(type='NerConvertor', annotation_type='bio',
                             vocab_file=vocab_file, categories=CATEGORIES,
                             max_len=MAX_LEN)))


def _batch(vocab_file, texts, labels):
    conv_cfg = dict(type='NerConvertor', vocab_file=vocab_file,
                    categories=CATEGORIES, max_len=MAX_LEN)
    pipeline = Compose([dict(type='NerTransform', label_convertor=conv_cfg,
                             max_len=MAX_LEN), dict(type='ToTensorNER')])
    return collate([pipeline(dict(text=t, label=lab))
                    for t, lab in zip(texts, labels)])


def test_encoder_decoder_shapes(vocab_file):
    model = _model(vocab_file)
    batch = _batch(vocab_file, ['abc', 'defgh'], [{}, {}])
    assert batch['img'] == []
    assert batch['img_metas']['input_ids'].shape == (2, MAX_LEN)
    outputs = model.encoder(batch['img_metas'])
    assert outputs[0].shape == (2, MAX_LEN, 16) and outputs[1].shape == (2, 16)
    logits, preds = model.decoder(outputs)
    assert logits.shape == (2, MAX_LEN, model.label_convertor.num_labels)
    assert preds.shape == (2, MAX_LEN)


def test_attention_mask_blocks_padding(vocab_file):
    encoder = build_model(_tiny_bert()).eval()
    ids = torch.tensor([[101, 103, 102, 0, 0]])
    masks = torch.tensor([[1, 1, 1, 0, 0]])
    changed = ids.clone()
    changed[0, 3:] = 105  # different tokens in the masked positions
    inputs = dict(input_ids=ids, attention_masks=masks,
                  token_type_ids=torch.zeros_like(ids))
    out_a = encoder(inputs)[0][:, :3]
    out_b = encoder(dict(inputs, input_ids=changed))[0][:, :3]
    assert torch.allclose(out_a, out_b, atol=1e-5)


def test_masked_cross_entropy_hand_computed():
    loss = build_loss(dict(type='MaskedCrossEntropyLoss', num_labels=3))
    logits = torch.zeros(1, 3, 3)
    logits[0, 0] = torch.tensor([2., 0., 0.])
    metas = dict(labels=torch.tensor([[0, 1, 2]]),
                 attention_masks=torch.tensor([[1, 1, 0]]))
    # label 0 ignored, position 2 masked: only uniform logits with label 1
    assert loss(logits, metas)['loss_cls'].item() == pytest.approx(math.log(3))
    focal = build_loss(dict(type='MaskedFocalLoss', num_labels=3, gamma=2))
    expected = (1 - 1 / 3)**2 * math.log(3)
    assert focal(logits, metas)['loss_cls'].item() == pytest.approx(expected)
    with pytest.raises(ValueError, match='num_labels=4'):
        build_loss(dict(type='MaskedCrossEntropyLoss', num_labels=4))(logits, metas)


def test_hf_style_checkpoint_loads(vocab_file):
    encoder = build_model(_tiny_bert())
    ours = encoder.state_dict()
    hf = {}
    for key, value in ours.items():
        key = key.replace('.layer_norm.', '.LayerNorm.')
        key = key.replace('LayerNorm.weight', 'LayerNorm.gamma').replace(
            'LayerNorm.bias', 'LayerNorm.beta')
        hf[key] = torch.randn_like(value)
    hf['cls.predictions.bias'] = torch.zeros(3)
    hf['bert.embeddings.position_ids'] = torch.arange(MAX_LEN)
    result = encoder.load_state_dict(hf, strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    loaded = encoder.state_dict()['bert.embeddings.layer_norm.weight']
    assert torch.equal(loaded, hf['bert.embeddings.LayerNorm.gamma'])
    assert 'bert.pooler.dense.weight' in convert_bert_state_dict(
        {'pooler.dense.weight': torch.zeros(1)})


def test_pretrained_init_cfg(tmp_path, vocab_file):
    source = build_model(_tiny_bert())
    path = tmp_path / 'bert.pth'
    torch.save({'state_dict': source.state_dict()}, path)
    encoder = build_model(_tiny_bert(init_cfg=dict(type='Pretrained',
                                                   checkpoint=str(path))))
    encoder.init_weights()
    for key, value in source.state_dict().items():
        assert torch.equal(encoder.state_dict()[key], value)


@pytest.mark.parametrize('loss', ['MaskedCrossEntropyLoss', 'MaskedFocalLoss'])
def test_short_overfit_then_predict_entities(vocab_file, loss):
    torch.manual_seed(0)
    model = _model(vocab_file, loss)
    texts = ['abcdef', 'ghabc']
    labels = [{'name': {'bc': [[1, 2]]}}, {'address': {'gha': [[0, 2]]}}]
    batch = _batch(vocab_file, texts, labels)
    optim = torch.optim.Adam(model.parameters(), lr=5e-3)
    first = None
    for _ in range(40):
        out = model.train_step(batch)
        optim.zero_grad()
        out['loss'].backward()
        optim.step()
        first = out['loss'].item() if first is None else first
    assert out['num_samples'] == 2
    assert out['loss'].item() < 0.2 * first
    model.eval()
    with torch.no_grad():
        entities = model(batch['img'], batch['img_metas'], return_loss=False)
    assert entities == [[['name', 1, 2]], [['address', 0, 2]]]


def test_wrong_input_is_reported(vocab_file):
    model = _model(vocab_file)
    with pytest.raises(TypeError, match='ToTensorNER'):
        model([], [{}], return_loss=True)


def test_bert_parts_at_0x_paths():
    """0.x's ``bert.BertEncoder`` (the layer stack), ``BertOutput`` /
    ``BertSelfOutput`` and the ``GeluNew`` layer."""
    x = torch.linspace(-3, 3, 7)
    expected = 0.5 * x * (1 + torch.tanh((2 / torch.pi) ** 0.5 *
                                         (x + 0.044715 * x ** 3)))
    torch.testing.assert_close(GeluNew()(x), expected)
    assert BertOutput(8, 4).dense.weight.shape == (4, 8)
    assert set(BertSelfOutput(4).state_dict()) == {
        'dense.weight', 'dense.bias', 'layer_norm.weight', 'layer_norm.bias'}
    stack = BertEncoder(output_attentions=True, output_hidden_states=True,
                        num_hidden_layers=2, hidden_size=8,
                        num_attention_heads=2, intermediate_size=16).eval()
    hidden = torch.randn(1, 3, 8)
    last, all_hidden, all_probs = stack(hidden)
    assert last.shape == (1, 3, 8) and len(all_hidden) == 3
    assert all_hidden[0] is hidden and all_probs[0].shape == (1, 2, 3, 3)
    stack.output_attentions = stack.output_hidden_states = False
    assert len(stack(hidden)) == 1
