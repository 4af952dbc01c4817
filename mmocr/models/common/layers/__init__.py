from .conv_module import (ConvModule, build_activation_layer,
                          build_conv_layer, build_norm_layer)

__all__ = ['ConvModule', 'build_conv_layer', 'build_norm_layer',
           'build_activation_layer']
