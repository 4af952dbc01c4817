from .resnet import ResNet, ResNetV1d
from .unet import UNet

__all__ = ['ResNet', 'ResNetV1d', 'UNet']
