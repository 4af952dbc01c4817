"""ABINet's language model trained alone on a text corpus."""
from __future__ import annotations

from typing import Sequence

import torch

from mmocr.models.builder import build_convertor, build_decoder, build_loss
from mmocr.registry import RECOGNIZERS
from mmocr.utils.errors import InvalidValueError

from .base import BaseRecognizer
from .encode_decode_recognizer import decode_results

__all__ = ['ABILanguageModel']


@RECOGNIZERS.register_module()
class ABILanguageModel(BaseRecognizer):
    """Pretrains ABINet's language model (``ABILanguageDecoder``) to spell
    words from misspelt readings
    (:class:`~mmocr.datasets.TextCorpusDataset`).

    ``img`` is the reading ``(N, max_seq_len, num_chars)`` (character
    probabilities, one-hot from the corpus dataset); ``img_metas[i]['text']``
    the word. Training returns ``loss_lang`` (``ABILoss`` on the decoder's
    logits); testing one ``{'text', 'score'}`` per reading, its correction.
    The state dict is ``decoder.*``, the keys of
    :class:`~mmocr.models.textrecog.recognizer.ABINet`'s language model: a
    checkpoint loads into ABINet with ``strict=False`` (the rest of ABINet
    missing).

    Args:
        decoder: ``ABILanguageDecoder`` config (given ``max_seq_len``).
        loss: ``ABILoss`` config.
        label_convertor: ``ABIConvertor`` config (given ``max_seq_len``).
        max_seq_len: Sequence length.
        train_cfg: Kept for config compatibility (``tools/test.py`` sets it
            to None, as for every recognizer); unused.
        test_cfg: Kept for config compatibility; unused.
    """

    def __init__(self, decoder: dict | None = None, loss: dict | None = None,
                 label_convertor: dict | None = None, max_seq_len: int = 40,
                 train_cfg: dict | None = None, test_cfg: dict | None = None):
        super().__init__()
        self.train_cfg = train_cfg
        self.test_cfg = test_cfg
        for name, cfg in (('decoder', decoder), ('loss', loss),
                          ('label_convertor', label_convertor)):
            if cfg is None:
                raise InvalidValueError(f'ABILanguageModel needs a {name} config')
        self.max_seq_len = max_seq_len
        self.label_convertor = build_convertor(
            label_convertor, optional_args=dict(max_seq_len=max_seq_len))
        self.decoder = build_decoder(decoder, optional_args=dict(
            max_seq_len=max_seq_len))
        self.loss = build_loss(loss)

    def correct(self, img: torch.Tensor, img_metas: Sequence[dict] | None,
                targets_dict: dict | None = None) -> torch.Tensor:
        """The language model's logits ``(N, T, C)`` for readings ``img``."""
        logits = torch.log(img.clamp_min(1e-6))
        return self.decoder(None, logits, targets_dict, img_metas,
                            train_mode=targets_dict is not None)['logits']

    def forward_train(self, img: torch.Tensor,
                      img_metas: Sequence[dict]) -> dict:
        targets_dict = self.label_convertor.str2tensor(
            self.gt_texts(img_metas))
        logits = self.correct(img, img_metas, targets_dict)
        return self.loss(dict(out_decs=[dict(logits=logits)]), targets_dict,
                         img_metas)

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    **kwargs) -> list[dict]:
        probs = torch.softmax(self.correct(img, img_metas), dim=-1)
        return decode_results(probs, img_metas, self.label_convertor)
