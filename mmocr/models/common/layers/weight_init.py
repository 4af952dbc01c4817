"""Weight initialisation shared by several backbones, necks and heads."""
from __future__ import annotations

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

__all__ = ['kaiming_init_conv_bn', 'xavier_init_conv_bn']


def kaiming_init_conv_bn(module: nn.Module, bn_bias: float = 0.) -> None:
    """Initialise every conv and batch norm inside ``module`` in place.

    ``Conv2d`` / ``ConvTranspose2d`` weights get Kaiming-normal (fan-out,
    ReLU) values and zero biases; batch norms weight 1 and bias ``bn_bias``
    (DBNet's head and neck use ``1e-4``). Other layers are left as they are.
    """
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                    nonlinearity='relu')
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, _BatchNorm):
            nn.init.ones_(m.weight)
            nn.init.constant_(m.bias, bn_bias)


def xavier_init_conv_bn(module: nn.Module,
                        conv_types: tuple[type, ...] = (nn.Conv2d,)) -> None:
    """Initialise every conv of ``conv_types`` inside ``module`` in place
    with Xavier-uniform weights and zero biases (mmcv's ``Xavier`` init of
    the 0.x necks; ``FPN_UNet`` adds ``nn.ConvTranspose2d``), and batch
    norms with weight 1 and bias 0."""
    for m in module.modules():
        if isinstance(m, conv_types):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, _BatchNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
