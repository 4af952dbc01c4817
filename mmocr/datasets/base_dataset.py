"""``BaseDataset``: annotations from an :class:`AnnFileLoader`, a pipeline,
and the sample-dropping rule shared by the text datasets."""
from __future__ import annotations

import random
import warnings
from typing import Any, Sequence

import numpy as np
from torch.utils.data import Dataset

from mmocr.registry import DATASETS, LOADERS, build_from_cfg
from mmocr.utils.errors import InvalidTypeError

from .pipelines.compose import Compose
from .utils.errors import BrokenDataError

__all__ = ['BaseDataset', 'SampleRetryMixin']


class SampleRetryMixin:
    """``__getitem__`` with the text datasets' sample-dropping rule.

    In test mode ``prepare_test_img(index)`` is returned (a dropped sample is
    an error). In training, a sample the pipeline drops (``None``) is
    replaced by a random one, at most ``max_retries`` times; a broken sample
    (:class:`BrokenDataError`: missing/corrupt image, bad annotation) raises,
    or is replaced with a warning naming it when ``skip_broken``.
    """

    test_mode: bool = False
    skip_broken: bool = False
    max_retries: int = 50
    ann_file: str = ''

    def _get_next_index(self, index: int) -> int:
        return random.randrange(len(self))

    def __getitem__(self, index: int) -> dict[str, Any]:
        if self.test_mode:
            data = self.prepare_test_img(index)
            if data is None:
                raise RuntimeError(
                    f'{type(self).__name__}: the test pipeline dropped sample '
                    f'{index} of {self.ann_file}; test pipelines must not '
                    'return None')
            return data
        first = index
        for _ in range(self.max_retries + 1):
            try:
                data = self.prepare_train_img(index)
            except BrokenDataError as err:
                if not self.skip_broken:
                    raise
                warnings.warn(f'skipping broken sample {index} of '
                              f'{self.ann_file}: {err}', stacklevel=2)
                data = None
            if data is not None:
                return data
            index = self._get_next_index(index)
        raise RuntimeError(
            f'{type(self).__name__}: no valid sample after {self.max_retries} '
            f'retries starting from index {first} of {self.ann_file}; the '
            'pipeline drops (returns None for) too many samples')


@DATASETS.register_module()
class BaseDataset(SampleRetryMixin, Dataset):
    """Dataset of annotation lines read by a loader and run through a
    pipeline.

    ``ds[i]`` builds ``results = {'img_info': data_infos[i], 'img_prefix':
    img_prefix, ...}`` and returns ``pipeline(results)``; dropped and broken
    samples follow :class:`SampleRetryMixin`.

    Args:
        ann_file: Annotation file path.
        loader: Loader config, e.g. ``dict(type='AnnFileLoader', repeat=1,
            parser=dict(type='LineStrParser', keys=['filename', 'text']))``;
            ``ann_file`` is filled in.
        pipeline: Pipeline step configs (``None``: no processing).
        img_prefix: Directory prepended to image file names.
        test_mode: Evaluation mode: no sample replacement.
        skip_broken: In training, replace broken samples instead of raising.
        max_retries: Bound on replacements for one ``__getitem__``.
    """

    def __init__(self, ann_file: str, loader: dict, pipeline: Sequence[dict]
                 | None, img_prefix: str = '', test_mode: bool = False,
                 skip_broken: bool = False, max_retries: int = 50):
        super().__init__()
        self.test_mode = test_mode
        self.img_prefix = img_prefix
        self.ann_file = ann_file
        self.skip_broken = skip_broken
        self.max_retries = max_retries
        if not isinstance(loader, dict):
            raise InvalidTypeError(f'loader must be a config dict, got {loader!r}')
        # The pipeline first: a config error shows before the annotations load.
        self.pipeline = Compose(pipeline)
        loader = dict(loader, ann_file=ann_file)
        self.data_infos = build_from_cfg(loader, LOADERS)
        self._set_group_flag()
        self.CLASSES = 0

    def __len__(self) -> int:
        return len(self.data_infos)

    def _set_group_flag(self) -> None:
        """All samples in one aspect-ratio group (used by group samplers)."""
        self.flag = np.zeros(len(self), dtype=np.uint8)

    def pre_pipeline(self, results: dict[str, Any]) -> None:
        """Add the dataset-level fields a pipeline needs."""
        results['img_prefix'] = self.img_prefix
        results.setdefault('bbox_fields', [])
        results.setdefault('mask_fields', [])
        results.setdefault('seg_fields', [])

    def prepare_train_img(self, index: int) -> dict[str, Any] | None:
        """Pipeline output for sample ``index`` (``None`` if dropped)."""
        results = dict(img_info=self.data_infos[index])
        self.pre_pipeline(results)
        return self.pipeline(results)

    def prepare_test_img(self, index: int) -> dict[str, Any] | None:
        """Pipeline output for sample ``index`` in test mode."""
        return self.prepare_train_img(index)

    def format_results(self, results: list, **kwargs: Any) -> None:
        """Dataset-specific result formatting (nothing by default)."""

    def evaluate(self, results: list, metric: str | list[str] | None = None,
                 logger: Any = None) -> dict[str, float]:
        """Evaluate ``results``; implemented by the concrete datasets."""
        raise NotImplementedError(
            f'{type(self).__name__} does not implement evaluate')
