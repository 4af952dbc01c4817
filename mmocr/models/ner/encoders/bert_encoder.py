"""``BertEncoder``: the BERT backbone of the NER classifier."""
from __future__ import annotations

from typing import Any

import torch

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.models.ner.utils.bert import BertModel, convert_bert_state_dict
from mmocr.registry import ENCODERS
from mmocr.utils.device import model_device

__all__ = ['BertEncoder']


@ENCODERS.register_module()
class BertEncoder(BaseModule):
    """BERT encoder (plain torch; trained from scratch unless a checkpoint is
    given).

    ``forward(results)`` with ``results`` holding ``input_ids``,
    ``attention_masks`` and ``token_type_ids`` ``(N, L)`` -> the
    :class:`~mmocr.models.ner.utils.bert.BertModel` outputs, first
    ``sequence_output (N, L, hidden_size)``.

    Args:
        num_hidden_layers, initializer_range, vocab_size, hidden_size,
        max_position_embeddings, type_vocab_size, layer_norm_eps,
        hidden_dropout_prob, attention_probs_dropout_prob, intermediate_size,
        num_attention_heads: The BERT configuration.
        hidden_act: Feed-forward activation (``'gelu'``, ``'gelu_new'``, ...).
        output_attentions, output_hidden_states: Also return the attention
            maps / hidden states of every layer.
        hidden_act_cfg: MMOCR 0.x's form of ``hidden_act``, e.g.
            ``dict(type='GeluNew')``; overrides ``hidden_act``.
        init_cfg: ``dict(type='Pretrained', checkpoint=path_or_url)`` loads a
            BERT checkpoint in :meth:`init_weights` (MMOCR, Hugging Face or
            Google key names, see
            :func:`~mmocr.models.ner.utils.bert.convert_bert_state_dict`).
            Such key names are also accepted by ``load_state_dict``.
    """

    def __init__(self, num_hidden_layers: int = 12,
                 initializer_range: float = 0.02, vocab_size: int = 21128,
                 hidden_size: int = 768, max_position_embeddings: int = 128,
                 type_vocab_size: int = 2, layer_norm_eps: float = 1e-12,
                 hidden_dropout_prob: float = 0.1,
                 attention_probs_dropout_prob: float = 0.1,
                 intermediate_size: int = 3072, hidden_act: str = 'gelu',
                 num_attention_heads: int = 12,
                 output_attentions: bool = False,
                 output_hidden_states: bool = False,
                 hidden_act_cfg: dict | None = None,
                 init_cfg: dict | list | None = None):
        super().__init__()
        if hidden_act_cfg is not None:
            hidden_act = hidden_act_cfg['type']
        self.bert = BertModel(
            num_hidden_layers=num_hidden_layers,
            initializer_range=initializer_range, vocab_size=vocab_size,
            hidden_size=hidden_size,
            max_position_embeddings=max_position_embeddings,
            type_vocab_size=type_vocab_size, layer_norm_eps=layer_norm_eps,
            hidden_dropout_prob=hidden_dropout_prob,
            output_attentions=output_attentions,
            output_hidden_states=output_hidden_states,
            num_attention_heads=num_attention_heads,
            attention_probs_dropout_prob=attention_probs_dropout_prob,
            intermediate_size=intermediate_size, hidden_act=hidden_act)
        self._register_load_state_dict_pre_hook(self._convert_keys)
        self.setup_init(init_cfg)

    @staticmethod
    def _convert_keys(state_dict: dict, prefix: str, *args: Any) -> None:
        """Rename foreign BERT keys under ``prefix`` in place."""
        own = {k[len(prefix):]: state_dict.pop(k)
               for k in [k for k in state_dict if k.startswith(prefix)]}
        for key, value in convert_bert_state_dict(own).items():
            state_dict[prefix + key] = value

    def default_init(self) -> None:
        """BERT's random initialisation (see ``BertModel.init_weights``)."""
        self.bert.init_weights()

    def forward(self, results: dict[str, torch.Tensor]) -> tuple:
        device = model_device(self.bert)
        missing = [k for k in ('input_ids', 'attention_masks', 'token_type_ids')
                   if k not in results]
        if missing:
            raise KeyError(f'BertEncoder: inputs lack {missing}; use the '
                           'NerTransform + ToTensorNER pipeline')
        return self.bert(input_ids=results['input_ids'].to(device),
                         attention_masks=results['attention_masks'].to(device),
                         token_type_ids=results['token_type_ids'].to(device))
