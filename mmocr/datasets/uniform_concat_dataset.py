"""``UniformConcatDataset``: several datasets as one, optionally sharing one
pipeline, evaluated separately with optional mean scores."""
from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any, Sequence

import numpy as np
from torch.utils.data import ConcatDataset, Dataset

from mmocr.registry import DATASETS, UnknownKeyError, build_from_cfg, check_kwargs
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.logger import print_log

from .samplers import concat_sample_lengths

__all__ = ['UniformConcatDataset']


def _is_2dlist(x: Any) -> bool:
    return isinstance(x, list) and len(x) > 0 and all(
        isinstance(item, list) for item in x)


@DATASETS.register_module()
class UniformConcatDataset(ConcatDataset):
    """Concatenate datasets, applying one pipeline to them.

    ``datasets`` is a list of dataset configs (or built datasets), or a list
    of such lists (groups). ``pipeline`` is one pipeline (a list of dicts)
    for every dataset, or, with grouped datasets, a list of pipelines, one per
    group. A dataset config gets the pipeline when its own ``pipeline`` is
    ``None`` (or always with ``force_apply``).

    ``evaluate`` evaluates each dataset on its slice of the results and
    returns ``{'{i}_{metric}': value}``, plus ``{'mean_{metric}': ...}`` over
    the datasets when ``show_mean_scores`` (``'auto'``: when there are several
    datasets, all of one type).

    Args:
        datasets: Dataset configs / datasets, flat or grouped.
        separate_eval: Must be True (joint evaluation is not supported).
        show_mean_scores: True, False or ``'auto'``.
        pipeline: One pipeline, or one per group of datasets.
        force_apply: Replace the datasets' own pipelines too.
        **kwargs: Default arguments for building the dataset configs (each
            dataset's build checks them).
    """

    forwards_kwargs = True

    def __init__(self, datasets: list, separate_eval: bool = True,
                 show_mean_scores: bool | str = 'auto',
                 pipeline: list | None = None, force_apply: bool = False,
                 **kwargs: Any):
        if not separate_eval:
            raise NotImplementedError(
                'evaluating the concatenated datasets as a whole is not '
                'supported; use separate_eval=True')
        if not (isinstance(show_mean_scores, bool) or show_mean_scores == 'auto'):
            raise InvalidValueError(f'show_mean_scores must be True, False or '
                                    f'"auto", got {show_mean_scores!r}')
        if not isinstance(datasets, list) or not datasets:
            raise InvalidValueError('datasets must be a non-empty list')
        # Each config copied on its own: one dict listed twice (in two
        # groups) gets each group's pipeline.
        datasets = [[copy.deepcopy(d) for d in g] if isinstance(g, list)
                    else copy.deepcopy(g) for g in datasets]
        # (dataset, where its pipeline comes from: the index of the shared
        # pipeline group it got, -1 for the one shared pipeline, None for
        # its own).
        flat: list[tuple[Any, int | None]] = []
        if pipeline is None:
            groups = datasets if _is_2dlist(datasets) else [datasets]
            for group in groups:
                flat.extend((d, None) for d in group)
        elif not isinstance(pipeline, list):
            raise InvalidTypeError('pipeline must be a list of dicts or a list of '
                                   'lists of dicts')
        elif _is_2dlist(pipeline):
            if not _is_2dlist(datasets) or len(datasets) != len(pipeline):
                raise InvalidValueError(
                    f'{len(pipeline)} pipelines need as many groups of '
                    'datasets (datasets must be a list of lists)')
            for g, (group, group_pipeline) in enumerate(zip(datasets, pipeline)):
                applied = self._apply_pipeline(group, group_pipeline, force_apply)
                flat.extend((d, g if a else None) for d, a in zip(group, applied))
        else:
            groups = datasets if _is_2dlist(datasets) else [datasets]
            for group in groups:
                applied = self._apply_pipeline(group, pipeline, force_apply)
                flat.extend((d, -1 if a else None) for d, a in zip(group, applied))
        built = [d if isinstance(d, Dataset) else self._build(d, source, kwargs)
                 for d, source in flat]
        super().__init__(built)
        self.separate_eval = separate_eval
        same_type = len({type(d) for d in self.datasets}) == 1
        if show_mean_scores == 'auto':
            show_mean_scores = len(self.datasets) > 1 and same_type
        if show_mean_scores and not same_type:
            raise NotImplementedError(
                'mean evaluation scores need datasets of one type, got '
                f'{sorted({type(d).__name__ for d in self.datasets})}')
        self.show_mean_scores = show_mean_scores
        self.CLASSES = getattr(self.datasets[0], 'CLASSES', None)
        self.flag = np.concatenate([
            getattr(d, 'flag', np.zeros(len(d), dtype=np.uint8))
            for d in self.datasets
        ])

    def sample_lengths(self) -> np.ndarray:
        """The datasets' sample lengths, concatenated."""
        return concat_sample_lengths(self.datasets)

    @staticmethod
    def _apply_pipeline(datasets: Sequence, pipeline: list,
                        force_apply: bool) -> list[bool]:
        """Give ``pipeline`` to the dataset configs without their own (to
        all with ``force_apply``); returns which got it."""
        if not all(isinstance(p, dict) for p in pipeline):
            raise InvalidTypeError('a pipeline must be a list of dicts')
        applied = []
        for dataset in datasets:
            if not isinstance(dataset, dict):
                raise InvalidTypeError('a shared pipeline can only be applied to '
                                       f'dataset configs, got {type(dataset).__name__}')
            applied.append(dataset.get('pipeline') is None or force_apply)
            if applied[-1]:
                dataset['pipeline'] = copy.deepcopy(pipeline)
        return applied

    @staticmethod
    def _build(cfg: dict, source: int | None, default_args: dict) -> Dataset:
        """Build one dataset config; an unknown key in the shared pipeline
        it got is named in this dataset's ``pipeline`` (``pipeline[k]``, or
        ``pipeline[g][k]`` for group ``g``)."""
        try:
            return build_from_cfg(cfg, DATASETS, default_args)
        except UnknownKeyError as err:
            if source is not None and err.path[:1] == ['pipeline']:
                group = [] if source < 0 else [source]
                err.path = ['pipeline'] + group + err.path[1:]
                err.owner_type = 'UniformConcatDataset'
            raise

    def evaluate(self, results: list, logger: Any = None,
                 **kwargs: Any) -> dict[str, float]:
        """Evaluate each dataset on its slice of ``results``."""
        if len(results) != self.cumulative_sizes[-1]:
            raise InvalidValueError(f'{len(results)} results for '
                                    f'{self.cumulative_sizes[-1]} samples')
        for dataset in self.datasets:
            if not hasattr(dataset, 'evaluate'):
                raise NotImplementedError(
                    f'{type(dataset).__name__} has no evaluate')
            check_kwargs(dataset.evaluate, kwargs,
                         f'{type(dataset).__name__}.evaluate')
        total: dict[str, float] = {}
        per_metric: dict[str, list[float]] = defaultdict(list)
        start = 0
        for i, (end, dataset) in enumerate(
                zip(self.cumulative_sizes, self.datasets)):
            print_log(f'Evaluating {getattr(dataset, "ann_file", i)} with '
                      f'{end - start} images now', logger)
            scores = dataset.evaluate(results[start:end], logger=logger,
                                      **kwargs)
            for key, value in scores.items():
                total[f'{i}_{key}'] = value
                per_metric[key].append(value)
            start = end
        if self.show_mean_scores:
            for key, values in per_metric.items():
                total[f'mean_{key}'] = sum(values) / len(values)
        return total
