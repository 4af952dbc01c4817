"""The BERT encoder architecture (Devlin et al., 2018) in plain torch.

Module names follow MMOCR 0.x (``layer_norm``); :func:`convert_bert_state_dict`
also accepts Hugging Face / Google checkpoints (``LayerNorm``,
``gamma``/``beta``) and drops their pre-training heads.
"""
from __future__ import annotations

import math
import re
from typing import Callable

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.utils.errors import InvalidValueError

from .activations import GeluNew

__all__ = ['BertModel', 'convert_bert_state_dict', 'get_activation',
           'BertEmbeddings', 'BertSelfAttention', 'BertSelfOutput',
           'BertAttention', 'BertIntermediate', 'BertOutput', 'BertLayer',
           'BertEncoder', 'BertPooler']

_ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    'gelu': F.gelu,
    'gelu_new': GeluNew(),
    'geluNew': GeluNew(),
    'GeluNew': GeluNew(),
    'GELU': F.gelu,
    'relu': F.relu,
    'ReLU': F.relu,
    'swish': F.silu,
    'silu': F.silu,
    'tanh': torch.tanh,
}


def get_activation(name: str) -> Callable[[torch.Tensor], torch.Tensor]:
    """Activation function by name (``gelu``, ``gelu_new``/``GeluNew``,
    ``relu``, ``swish``, ``tanh``)."""
    if name not in _ACTIVATIONS:
        raise KeyError(f'unknown activation {name!r}; choose one of '
                       f'{sorted(_ACTIVATIONS)}')
    return _ACTIVATIONS[name]


class BertEmbeddings(nn.Module):
    """Word + position + token type embeddings, layer norm, dropout:
    ``input_ids (N, L)`` -> ``(N, L, hidden)``."""

    def __init__(self, vocab_size: int, hidden_size: int,
                 max_position_embeddings: int, type_vocab_size: int,
                 layer_norm_eps: float, hidden_dropout_prob: float):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, hidden_size,
                                            padding_idx=0)
        self.position_embeddings = nn.Embedding(max_position_embeddings,
                                                hidden_size)
        self.token_type_embeddings = nn.Embedding(type_vocab_size, hidden_size)
        self.layer_norm = nn.LayerNorm(hidden_size, eps=layer_norm_eps)
        self.dropout = nn.Dropout(hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor,
                token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        seq_len = input_ids.size(1)
        if seq_len > self.position_embeddings.num_embeddings:
            raise InvalidValueError(
                f'sequence length {seq_len} exceeds max_position_embeddings='
                f'{self.position_embeddings.num_embeddings}')
        positions = torch.arange(seq_len, device=input_ids.device)[None]
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        embeddings = (self.word_embeddings(input_ids) +
                      self.position_embeddings(positions) +
                      self.token_type_embeddings(token_type_ids))
        return self.dropout(self.layer_norm(embeddings))


class BertSelfAttention(nn.Module):
    """Multi-head scaled dot-product self-attention:
    ``(N, L, hidden)`` and an additive mask ``(N, 1, 1, L)`` -> context
    ``(N, L, hidden)`` and attention probabilities ``(N, heads, L, L)``."""

    def __init__(self, hidden_size: int, num_attention_heads: int,
                 attention_probs_dropout_prob: float):
        super().__init__()
        if hidden_size % num_attention_heads:
            raise InvalidValueError(f'hidden_size {hidden_size} is not a multiple of '
                                    f'num_attention_heads {num_attention_heads}')
        self.num_heads = num_attention_heads
        self.head_dim = hidden_size // num_attention_heads
        self.query = nn.Linear(hidden_size, hidden_size)
        self.key = nn.Linear(hidden_size, hidden_size)
        self.value = nn.Linear(hidden_size, hidden_size)
        self.dropout = nn.Dropout(attention_probs_dropout_prob)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        n, length, _ = x.shape
        return x.view(n, length, self.num_heads, self.head_dim).transpose(1, 2)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor]:
        q, k, v = (self._heads(f(hidden))
                   for f in (self.query, self.key, self.value))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + mask
        probs = F.softmax(scores, dim=-1)
        context = self.dropout(probs) @ v
        n, _, length, _ = context.shape
        return context.transpose(1, 2).reshape(n, length, -1), probs


class BertOutput(nn.Module):
    """A layer's feed-forward output: ``layer_norm(dropout(dense(x)) +
    residual)``, ``x (N, L, intermediate_size)`` and ``residual (N, L,
    hidden_size)`` -> ``(N, L, hidden_size)``."""

    def __init__(self, intermediate_size: int = 3072, hidden_size: int = 768,
                 layer_norm_eps: float = 1e-12,
                 hidden_dropout_prob: float = 0.1):
        super().__init__()
        self.dense = nn.Linear(intermediate_size, hidden_size)
        self.layer_norm = nn.LayerNorm(hidden_size, eps=layer_norm_eps)
        self.dropout = nn.Dropout(hidden_dropout_prob)

    def forward(self, hidden_states: torch.Tensor,
                input_tensor: torch.Tensor) -> torch.Tensor:
        return self.layer_norm(self.dropout(self.dense(hidden_states)) +
                               input_tensor)


class BertSelfOutput(BertOutput):
    """The attention's output block: :class:`BertOutput` from
    ``hidden_size`` to ``hidden_size``."""

    def __init__(self, hidden_size: int = 768, layer_norm_eps: float = 1e-12,
                 hidden_dropout_prob: float = 0.1):
        super().__init__(hidden_size, hidden_size, layer_norm_eps,
                         hidden_dropout_prob)


class BertAttention(nn.Module):
    """Self-attention followed by its residual output block."""

    def __init__(self, hidden_size: int, num_attention_heads: int,
                 attention_probs_dropout_prob: float, layer_norm_eps: float,
                 hidden_dropout_prob: float):
        super().__init__()
        self.self = BertSelfAttention(hidden_size, num_attention_heads,
                                      attention_probs_dropout_prob)
        self.output = BertSelfOutput(hidden_size, layer_norm_eps,
                                     hidden_dropout_prob)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor]:
        context, probs = self.self(hidden, mask)
        return self.output(context, hidden), probs


class BertIntermediate(nn.Module):
    """``act(dense(x))``: ``(N, L, hidden)`` -> ``(N, L, intermediate)``."""

    def __init__(self, hidden_size: int, intermediate_size: int,
                 activation: Callable[[torch.Tensor], torch.Tensor]):
        super().__init__()
        self.dense = nn.Linear(hidden_size, intermediate_size)
        self.activation = activation

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation(self.dense(x))


class BertLayer(nn.Module):
    """One transformer block: attention then the feed-forward network."""

    def __init__(self, hidden_size: int, num_attention_heads: int,
                 intermediate_size: int,
                 activation: Callable[[torch.Tensor], torch.Tensor],
                 attention_probs_dropout_prob: float, layer_norm_eps: float,
                 hidden_dropout_prob: float):
        super().__init__()
        self.attention = BertAttention(hidden_size, num_attention_heads,
                                       attention_probs_dropout_prob,
                                       layer_norm_eps, hidden_dropout_prob)
        self.intermediate = BertIntermediate(hidden_size, intermediate_size,
                                             activation)
        self.output = BertOutput(intermediate_size, hidden_size,
                                 layer_norm_eps, hidden_dropout_prob)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor]:
        attended, probs = self.attention(hidden, mask)
        return self.output(self.intermediate(attended), attended), probs


class BertEncoder(nn.Module):
    """``num_hidden_layers`` :class:`BertLayer` (``BertModel.encoder``).

    ``forward(hidden_states (N, L, hidden), attention_mask (N, 1, 1, L)
    additive, 0 or -10000)`` -> ``(last hidden (N, L, hidden)[, the input and
    every layer's hidden states][, every layer's attention probabilities
    (N, heads, L, L)])``, the optional parts as ``output_hidden_states`` /
    ``output_attentions`` say (MMOCR 0.x's order).
    """

    def __init__(self, output_attentions: bool = False,
                 output_hidden_states: bool = False,
                 num_hidden_layers: int = 12, hidden_size: int = 768,
                 num_attention_heads: int = 12,
                 attention_probs_dropout_prob: float = 0.1,
                 layer_norm_eps: float = 1e-12,
                 hidden_dropout_prob: float = 0.1,
                 intermediate_size: int = 3072, hidden_act: str = 'gelu_new'):
        super().__init__()
        self.output_attentions = output_attentions
        self.output_hidden_states = output_hidden_states
        activation = get_activation(hidden_act)
        self.layer = nn.ModuleList([
            BertLayer(hidden_size, num_attention_heads, intermediate_size,
                      activation, attention_probs_dropout_prob,
                      layer_norm_eps, hidden_dropout_prob)
            for _ in range(num_hidden_layers)])

    def forward(self, hidden_states: torch.Tensor,
                attention_mask: torch.Tensor | None = None) -> tuple:
        mask = 0.0 if attention_mask is None else attention_mask
        all_hidden, all_probs = [hidden_states], []
        for layer in self.layer:
            hidden_states, probs = layer(hidden_states, mask)
            all_hidden.append(hidden_states)
            all_probs.append(probs)
        outputs: tuple = (hidden_states,)
        if self.output_hidden_states:
            outputs += (tuple(all_hidden),)
        if self.output_attentions:
            outputs += (tuple(all_probs),)
        return outputs


class BertPooler(nn.Module):
    """``tanh(dense(hidden[:, 0]))``: the ``[CLS]`` summary ``(N, hidden)``."""

    def __init__(self, hidden_size: int):
        super().__init__()
        self.dense = nn.Linear(hidden_size, hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.activation(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    """BERT: embeddings, transformer stack, pooler.

    ``forward(input_ids (N, L), attention_masks (N, L) of 0/1,
    token_type_ids (N, L))`` -> ``(sequence_output (N, L, hidden),
    pooled_output (N, hidden)[, all hidden states][, all attentions])``.
    """

    def __init__(self, num_hidden_layers: int = 12,
                 initializer_range: float = 0.02, vocab_size: int = 21128,
                 hidden_size: int = 768, max_position_embeddings: int = 128,
                 type_vocab_size: int = 2, layer_norm_eps: float = 1e-12,
                 hidden_dropout_prob: float = 0.1,
                 output_attentions: bool = False,
                 output_hidden_states: bool = False,
                 num_attention_heads: int = 12,
                 attention_probs_dropout_prob: float = 0.1,
                 intermediate_size: int = 3072, hidden_act: str = 'gelu'):
        super().__init__()
        self.initializer_range = initializer_range
        self.embeddings = BertEmbeddings(vocab_size, hidden_size,
                                         max_position_embeddings,
                                         type_vocab_size, layer_norm_eps,
                                         hidden_dropout_prob)
        self.encoder = BertEncoder(
            output_attentions, output_hidden_states, num_hidden_layers,
            hidden_size, num_attention_heads, attention_probs_dropout_prob,
            layer_norm_eps, hidden_dropout_prob, intermediate_size,
            hidden_act)
        self.pooler = BertPooler(hidden_size)
        self.init_weights()

    def init_weights(self) -> None:
        """Normal(0, initializer_range) weights, zero biases, unit norms."""
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, 0.0, self.initializer_range)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.LayerNorm):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, input_ids: torch.Tensor,
                attention_masks: torch.Tensor | None = None,
                token_type_ids: torch.Tensor | None = None) -> tuple:
        if attention_masks is None:
            attention_masks = torch.ones_like(input_ids)
        embeddings = self.embeddings(input_ids, token_type_ids)
        mask = (1.0 - attention_masks[:, None, None, :].to(embeddings.dtype)) \
            * -10000.0
        encoded = self.encoder(embeddings, mask)
        return (encoded[0], self.pooler(encoded[0])) + encoded[1:]


_DROPPED_PREFIXES = ('cls.', 'bert.embeddings.position_ids',
                     'embeddings.position_ids')


def convert_bert_state_dict(state_dict: dict[str, torch.Tensor]
                            ) -> dict[str, torch.Tensor]:
    """Map a BERT checkpoint to :class:`BertModel` keys with a ``bert.``
    prefix (the layout inside ``BertEncoder``).

    Accepts MMOCR's keys, Hugging Face's (``bert.embeddings.LayerNorm.weight``,
    with or without the ``bert.`` prefix) and Google's converted ones
    (``LayerNorm.gamma``/``beta``); pre-training heads (``cls.*``) and the
    ``position_ids`` buffer are dropped.
    """
    out = {}
    for key, value in state_dict.items():
        if key.startswith('module.'):
            key = key[len('module.'):]
        if key.startswith(_DROPPED_PREFIXES):
            continue
        if key.startswith(('embeddings.', 'encoder.', 'pooler.')):
            key = 'bert.' + key
        key = key.replace('.LayerNorm.', '.layer_norm.')
        key = re.sub(r'\.layer_norm\.gamma$', '.layer_norm.weight', key)
        key = re.sub(r'\.layer_norm\.beta$', '.layer_norm.bias', key)
        out[key] = value
    return out
