"""``OCRDataset``: cropped text images with their transcriptions."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np

from mmocr.core.evaluation import eval_ocr_metric
from mmocr.registry import DATASETS, strict_kwargs
from mmocr.utils.errors import InvalidValueError

from .base_dataset import BaseDataset
from .utils.errors import AnnotationParseError

__all__ = ['OCRDataset']

_EMPTY_LABEL_MODES = ('keep', 'skip', 'error')


@DATASETS.register_module()
class OCRDataset(BaseDataset):
    """Text recognition dataset.

    Each annotation gives ``filename`` and ``text``: ``filename text`` lines
    (``LineStrParser``), json lines (``LineJsonParser``), or a label lmdb
    (``file_format='lmdb'``; with an image lmdb the filenames are its keys,
    ``image-000000001``, ..., and ``LoadImageFromLMDB`` reads them from
    ``img_prefix``).

    ``ds[i]`` runs the pipeline on ``{'img_info': {'filename', 'text'},
    'img_prefix', 'text'}``.

    Args:
        ann_file: Label file (txt/jsonl) or label lmdb directory.
        loader: Loader config (see :class:`BaseDataset`).
        pipeline: Pipeline step configs.
        img_prefix: Image folder (or image lmdb directory).
        test_mode: Evaluation mode.
        empty_label: What a training sample whose text is empty (or blank)
            does: ``'skip'`` (replaced by another sample; a warning counts
            them), ``'error'`` (raise, naming the file and line) or
            ``'keep'``. Test mode always keeps them.
        **kwargs: Passed to :class:`BaseDataset` (``skip_broken``, ...).
    """

    def __init__(self, ann_file: str, loader: dict,
                 pipeline: Sequence[dict] | None, img_prefix: str = '',
                 test_mode: bool = False, empty_label: str = 'skip',
                 **kwargs: Any):
        if empty_label not in _EMPTY_LABEL_MODES:
            raise InvalidValueError(f'empty_label must be one of '
                                    f'{_EMPTY_LABEL_MODES}, got {empty_label!r}')
        super().__init__(ann_file, loader, pipeline, img_prefix=img_prefix,
                         test_mode=test_mode, **kwargs)
        self.empty_label = empty_label
        self.num_empty_skipped = 0

    def _where(self, index: int) -> str:
        """``'ann_file, line N'`` of sample ``index`` (repeats folded)."""
        lines = getattr(self.data_infos, 'ori_data_infos', None)
        unit = getattr(lines, 'unit', 'line')
        line = index % len(lines) if lines else index
        return f'{self.ann_file}, {unit} {line + 1}'

    def _text_of(self, img_info: dict[str, Any], index: int) -> str:
        if 'text' not in img_info:
            raise AnnotationParseError(
                f'{self._where(index)}: annotation has no "text" (got keys '
                f'{sorted(img_info)}); set the parser keys to '
                "['filename', 'text']")
        return img_info['text']

    def sample_lengths(self) -> np.ndarray:
        """Length of each sample's ``text`` (``int64``, one per item), read
        from the annotations without loading images (used by
        ``group_by_length`` batching).

        The annotation lines (txt/jsonl lines or lmdb records) are parsed
        once each; a loader's ``repeat`` tiles the result.
        """
        infos = self.data_infos
        lines = getattr(infos, 'ori_data_infos', None)
        parser = getattr(infos, 'parser', None)
        if lines is None or parser is None:
            return np.fromiter(
                (len(str(self._text_of(infos[i], i)))
                 for i in range(len(infos))), dtype=np.int64, count=len(infos))
        unique = np.fromiter(
            (len(str(self._text_of(parser.get_item(lines, i), i)))
             for i in range(len(lines))), dtype=np.int64, count=len(lines))
        return np.tile(unique, len(infos) // max(len(lines), 1))

    def pre_pipeline(self, results: dict[str, Any]) -> None:
        results['img_prefix'] = self.img_prefix
        results['text'] = results['img_info']['text']

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        img_info = self.data_infos[index]
        text = self._text_of(img_info, index)
        if not self.test_mode and not str(text).strip():
            if self.empty_label == 'error':
                raise AnnotationParseError(
                    f'{self._where(index)}: empty text label (set '
                    "empty_label='skip' to skip such samples)")
            if self.empty_label == 'skip':
                self._count_empty(index)
                return None
        results = dict(img_info=img_info)
        self.pre_pipeline(results)
        return self.pipeline(results)

    def _count_empty(self, index: int) -> None:
        self.num_empty_skipped += 1
        count = self.num_empty_skipped
        # Warn on the 1st, 10th, 100th, ... skip to keep logs short.
        if count == 1 or str(count).rstrip('0') == '1':
            warnings.warn(f'{type(self).__name__}: skipped {count} sample(s) '
                          f'with an empty text label so far (latest: '
                          f'{self._where(index)})', UserWarning,
                          stacklevel=3)

    @strict_kwargs
    def evaluate(self, results: list[dict[str, Any]],
                 metric: str | list[str] = 'acc', logger: Any = None
                 ) -> dict[str, float]:
        """Compare ``results[i]['text']`` with the ground truth texts.

        Args:
            results: One ``{'text': str, ...}`` per sample, in order.
            metric: ``'acc'`` (all six metrics) or metric names (see
                :func:`mmocr.core.evaluation.eval_ocr_metric`).
            logger: Unused (MMOCR API compatibility).

        Returns:
            ``word_acc``, ``word_acc_ignore_case``,
            ``word_acc_ignore_case_symbol``, ``char_recall``,
            ``char_precision`` and ``1-N.E.D`` (those requested).
        """
        if len(results) != len(self):
            raise InvalidValueError(f'{len(results)} results for {len(self)} '
                                    f'samples of {self.ann_file}')
        gt_texts, pred_texts = [], []
        for i, result in enumerate(results):
            if not isinstance(result, dict) or 'text' not in result:
                raise InvalidValueError(f'result {i} must be a dict with a "text" '
                                        f'key, got {result!r}')
            gt_texts.append(self._text_of(self.data_infos[i], i))
            pred_texts.append(result['text'])
        return eval_ocr_metric(pred_texts, gt_texts, metric=metric)
