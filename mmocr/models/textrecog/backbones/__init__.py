from .resnet31_ocr import ResNet31OCR
from .very_deep_vgg import VeryDeepVgg

__all__ = ['ResNet31OCR', 'VeryDeepVgg']
