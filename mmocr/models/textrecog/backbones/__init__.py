from .convnext import ConvNeXt
from .nrtr_modality_transformer import NRTRModalityTransform
from .resnet import ResNet
from .resnet31_ocr import ResNet31OCR
from .resnet_abi import ResNetABI
from .shallow_cnn import ShallowCNN
from .very_deep_vgg import VeryDeepVgg

__all__ = ['NRTRModalityTransform', 'ResNet', 'ResNet31OCR', 'ShallowCNN',
           'VeryDeepVgg', 'ResNetABI', 'ConvNeXt']
