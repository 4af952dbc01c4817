from .box_utils import sort_vertex, sort_vertex8
from .compose import Compose
from .crop import box_jitter, crop_img, warp_img
from .dbnet_transforms import EastRandomCrop, ImgAug
from .formatting import (
    Collect,
    CustomFormatBundle,
    DefaultFormatBundle,
    ImageToTensor,
    ToTensor,
    Transpose,
    to_tensor,
)
from .kie_transforms import KIEFormatBundle, ResizeNoImg
from .loading import (
    LoadAnnotations,
    LoadImageFromFile,
    LoadImageFromLMDB,
    LoadImageFromNdarray,
    LoadTextAnnotations,
)
from .ner_transforms import NerTransform, ToTensorNER
from .ocr_seg_targets import OCRSegTargets
from .ocr_transforms import (
    FancyPCA,
    NormalizeOCR,
    OnlineCropOCR,
    OpencvToPil,
    PilToOpencv,
    RandomPaddingOCR,
    RandomRotateImageBox,
    ResizeOCR,
    ToTensorOCR,
)
from .test_time_aug import MultiScaleFlipAug
from .test_time_aug_ocr import MultiRotateAugOCR
from .textdet_targets import (
    BaseTextDetTargets,
    DBNetTargets,
    DRRGTargets,
    EASTTargets,
    FCENetTargets,
    PANetTargets,
    PSENetTargets,
    TextSnakeTargets,
)
from .transform_wrappers import Albu, OneOfWrapper, RandomWrapper, TorchVisionWrapper
from .transforms import (
    AffineJitter,
    ColorJitter,
    Normalize,
    Pad,
    PyramidRescale,
    RandomCropFlip,
    RandomCropInstances,
    RandomCropPolyInstances,
    RandomFlip,
    RandomRotatePolyInstances,
    RandomRotateTextDet,
    RandomScaling,
    Resize,
    ScaleAspectJitter,
    SquareResizePad,
)

__all__ = [
    'KIEFormatBundle', 'ResizeNoImg', 'NerTransform', 'ToTensorNER',
    'Compose', 'Collect', 'CustomFormatBundle', 'DefaultFormatBundle',
    'ImageToTensor', 'ToTensor', 'Transpose', 'to_tensor', 'LoadImageFromFile',
    'LoadImageFromNdarray', 'LoadTextAnnotations', 'LoadAnnotations',
    'EastRandomCrop', 'ImgAug',
    'MultiScaleFlipAug', 'BaseTextDetTargets', 'DBNetTargets', 'ColorJitter',
    'EASTTargets', 'PANetTargets', 'PSENetTargets', 'TextSnakeTargets',
    'DRRGTargets',
    'RandomCropInstances',
    'ScaleAspectJitter',
    'Normalize', 'Pad', 'RandomCropPolyInstances', 'RandomFlip',
    'RandomRotateTextDet', 'RandomScaling', 'Resize',
    'box_jitter', 'crop_img', 'warp_img', 'LoadImageFromLMDB', 'OCRSegTargets',
    'FancyPCA', 'NormalizeOCR', 'OnlineCropOCR', 'OpencvToPil', 'PilToOpencv',
    'RandomPaddingOCR', 'RandomRotateImageBox', 'ResizeOCR', 'ToTensorOCR',
    'MultiRotateAugOCR', 'Albu', 'OneOfWrapper', 'RandomWrapper',
    'TorchVisionWrapper', 'SquareResizePad', 'FCENetTargets', 'RandomCropFlip',
    'RandomRotatePolyInstances', 'AffineJitter', 'PyramidRescale',
    'sort_vertex', 'sort_vertex8'
]
