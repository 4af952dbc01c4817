from .conv_module import (
                          ConvModule,
                          build_activation_layer,
                          build_conv_layer,
                          build_norm_layer,
)
from .dcn import ModulatedDeformConv2dPack

__all__ = ['ConvModule', 'build_conv_layer', 'build_norm_layer',
           'build_activation_layer', 'ModulatedDeformConv2dPack']
