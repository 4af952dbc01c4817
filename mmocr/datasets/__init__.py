from mmocr.registry import DATASETS

from . import utils
from .base_dataset import BaseDataset
from .builder import (
    ConcatDataset,
    RepeatDataset,
    build_dataloader,
    build_dataset,
    build_loader,
    build_parser,
)
from .collate import DataContainer, collate, to_device
from .icdar_dataset import IcdarDataset
from .kie_dataset import KIEDataset
from .ner_dataset import NerDataset
from .ocr_dataset import OCRDataset
from .ocr_seg_dataset import OCRSegDataset
from .openset_kie_dataset import OpensetKIEDataset
from .pipelines import *  # noqa: F401,F403
from .pipelines import __all__ as _pipelines_all
from .samplers import LengthGroupedBatchSampler
from .text_corpus_dataset import TextCorpusDataset
from .text_det_dataset import TextDetDataset
from .uniform_concat_dataset import UniformConcatDataset
from .utils import *  # noqa: F401,F403
from .utils import __all__ as _utils_all

__all__ = ['build_dataset', 'build_dataloader', 'build_loader', 'build_parser',
           'ConcatDataset',
           'RepeatDataset', 'KIEDataset', 'OpensetKIEDataset', 'BaseDataset',
           'DataContainer', 'collate', 'to_device', 'OCRDataset',
           'OCRSegDataset', 'IcdarDataset', 'TextDetDataset',
           'UniformConcatDataset', 'NerDataset', 'LengthGroupedBatchSampler',
           'TextCorpusDataset', 'DATASETS'] + _pipelines_all + _utils_all
