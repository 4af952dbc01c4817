"""``NerDataset``: CLUENER-style named entity recognition data."""
from __future__ import annotations

from typing import Any

from mmocr.core.evaluation import eval_ner_f1
from mmocr.registry import DATASETS, strict_kwargs
from mmocr.utils.errors import InvalidValueError

from .base_dataset import BaseDataset
from .utils.errors import AnnotationParseError

__all__ = ['NerDataset']


@DATASETS.register_module()
class NerDataset(BaseDataset):
    """Texts with entity annotations, one json object per line::

        {"text": "浙商银行企业信贷部叶老桂博士...",
         "label": {"name": {"叶老桂": [[9, 11]]}, ...}}

    (spans are character offsets, end inclusive; ``label`` may be absent in
    unlabelled test files). Use ``loader=dict(type='AnnFileLoader',
    parser=dict(type='LineJsonParser', keys=['text', 'label']))``.

    ``ds[i]`` runs the pipeline (``NerTransform``, ``ToTensorNER``) on
    ``{'text', 'label'}``. ``evaluate`` returns entity-level ``precision``,
    ``recall`` and ``f1-score`` over all categories plus
    ``<category>_precision`` / ``_recall`` / ``_f1-score`` for each.
    """

    def _where(self, index: int) -> str:
        lines = getattr(self.data_infos, 'ori_data_infos', None)
        line = index % len(lines) if lines else index
        return f'{self.ann_file}, line {line + 1}'

    def _checked_info(self, index: int) -> dict[str, Any]:
        info = dict(self.data_infos[index])
        where = self._where(index)
        text = info.get('text')
        if not isinstance(text, str):
            raise AnnotationParseError(f'{where}: "text" must be a string, '
                                       f'got {text!r}')
        label = info.setdefault('label', {})
        if not isinstance(label, dict):
            raise AnnotationParseError(f'{where}: "label" must be a dict '
                                       f'{{category: {{entity: [[start, end]]}}}}'
                                       f', got {label!r}')
        for category, entities in label.items():
            if not isinstance(entities, dict):
                raise AnnotationParseError(
                    f'{where}: label["{category}"] must map entity texts to '
                    f'span lists, got {entities!r}')
            for spans in entities.values():
                for span in spans:
                    if (len(span) != 2 or not 0 <= span[0] <= span[1] < len(text)):
                        raise AnnotationParseError(
                            f'{where}: span {span!r} of "{category}" is not '
                            f'[start, end] inside the text (length {len(text)})')
        return info

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        return self.pipeline(self._checked_info(index))

    @strict_kwargs
    def evaluate(self, results: list[list], metric: str | list[str] | None = None,
                 logger: Any = None) -> dict[str, float]:
        """Entity-level precision/recall/F1 of ``results`` (per text, a list
        of ``[category, start, end]``)."""
        if len(results) != len(self):
            raise InvalidValueError(f'{len(results)} results for {len(self)} texts '
                                    f'of {self.ann_file}')
        gt_infos = [self._checked_info(i) for i in range(len(self))]
        info = eval_ner_f1(results, gt_infos)
        flat = {key: float(value) for key, value in info.pop('all').items()}
        for category, scores in info.items():
            flat.update({f'{category}_{key}': float(value)
                         for key, value in scores.items()})
        return flat
