"""Language-model training samples from a text corpus (ABINet's language
model pretraining; MMOCR 0.x had none)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import Dataset

from mmocr.core.evaluation import eval_ocr_metric
from mmocr.registry import CONVERTORS, DATASETS, build_from_cfg
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.string_util import read_text_lines

from .collate import DataContainer

__all__ = ['TextCorpusDataset']


@DATASETS.register_module()
class TextCorpusDataset(Dataset):
    """Words of a corpus file (one word per line, UTF-8; blank lines
    skipped; a byte-order mark and Windows or old Mac line ends accepted,
    :func:`~mmocr.utils.string_util.read_text_lines`), each turned into a
    misspelt reading to correct.

    A sample's input is the one-hot spelling of a corrupted copy of the word
    as a vision model's reading would look: ``img`` ``(max_seq_len,
    num_chars)`` float, the characters (at most ``max_seq_len - 1``), then
    ``<EOS>`` on every remaining step; ``num_chars`` is the convertor's
    classes before ``<PAD>`` (``ABIConvertor``: dictionary, ``<BOS/EOS>``).
    Its target is the word: ``img_metas['text']`` (also
    ``corrupted_text``). Each character is corrupted with probability
    ``corrupt_prob``: replaced by a random dictionary character, deleted,
    doubled, or swapped with the next one (equally likely). Training draws
    new corruptions each time; ``test_mode`` fixes them per index.

    Args:
        ann_file: The corpus file.
        label_convertor: Convertor config (built from the registry), the
            recognizer's: its dictionary, ``max_seq_len``, ``lower``.
        corrupt_prob: Per-character probability of a corruption.
        test_mode: Deterministic corruptions (validation).
    """

    def __init__(self, ann_file: str, label_convertor: dict,
                 corrupt_prob: float = 0.1, test_mode: bool = False):
        if not 0. <= corrupt_prob <= 1.:
            raise InvalidValueError('TextCorpusDataset: corrupt_prob must be in '
                                    f'[0, 1], got {corrupt_prob!r}')
        # the config first (a bad key is named before any file is read)
        self.convertor = build_from_cfg(label_convertor, CONVERTORS)
        path = Path(ann_file)
        if not path.is_file():
            raise FileNotFoundError(f'TextCorpusDataset: corpus not found: '
                                    f'{ann_file}')
        self.ann_file = ann_file
        self.corrupt_prob = corrupt_prob
        self.test_mode = test_mode
        words = [line.strip() for line in read_text_lines(path)]
        if self.convertor.lower:
            words = [w.lower() for w in words]
        self.words = [w for w in words if w]
        if not self.words:
            raise InvalidValueError(
                f'TextCorpusDataset: the corpus {ann_file} has no words '
                '(expected one word per line)')
        self.charset = [c for c in self.convertor.idx2char if len(c) == 1]
        self.max_seq_len = self.convertor.max_seq_len
        self.num_chars = self.convertor.padding_idx

    def __len__(self) -> int:
        return len(self.words)

    def corrupt(self, word: str, rng: np.random.Generator) -> str:
        """``word`` with each character corrupted with ``corrupt_prob``."""
        chars, out, i = list(word), [], 0
        while i < len(chars):
            char = chars[i]
            if rng.random() >= self.corrupt_prob:
                out.append(char)
            else:
                kind = rng.integers(4)  # replace, delete, double, swap
                if kind == 0:
                    out.append(self.charset[rng.integers(len(self.charset))])
                elif kind == 2:
                    out += [char, char]
                elif kind == 3 and i + 1 < len(chars):
                    out += [chars[i + 1], char]
                    i += 1
                elif kind == 3:
                    out.append(char)
            i += 1
        return ''.join(out)

    def __getitem__(self, index: int) -> dict[str, Any]:
        word = self.words[index]
        rng = np.random.default_rng(index if self.test_mode else None)
        corrupted = self.corrupt(word, rng)
        index_seq = self.convertor.str2idx([corrupted])[0][:self.max_seq_len - 1]
        end = self.convertor.end_idx
        steps = torch.full((self.max_seq_len,), end, dtype=torch.long)
        steps[:len(index_seq)] = torch.tensor(index_seq, dtype=torch.long)
        onehot = torch.nn.functional.one_hot(steps, self.num_chars).float()
        meta = dict(text=word, corrupted_text=corrupted, filename=self.ann_file,
                    ori_filename=f'{self.ann_file}:{index + 1}')
        return dict(img=DataContainer(onehot, stack=True, pad_dims=None),
                    img_metas=DataContainer(meta, cpu_only=True))

    def evaluate(self, results: list[dict[str, Any]],
                 metric: str | list[str] = 'acc', logger: Any = None
                 ) -> dict[str, float]:
        """Word and character metrics of the corrected ``results[i]['text']``
        against the corpus words (see
        :func:`mmocr.core.evaluation.eval_ocr_metric`)."""
        if len(results) != len(self):
            raise InvalidValueError(f'{len(results)} results for {len(self)} '
                                    f'words of {self.ann_file}')
        return eval_ocr_metric([r['text'] for r in results], self.words,
                               metric=metric)
