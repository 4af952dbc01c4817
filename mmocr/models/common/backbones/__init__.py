from .resnet import ResNet, ResNetV1d
from .unet import UNet
