from .conv_module import (
                          ConvModule,
                          build_activation_layer,
                          build_conv_layer,
                          build_norm_layer,
)
from .dcn import ModulatedDeformConv2dPack
from .drop_path import DropPath
from .plugin import build_plugin_layer, infer_abbr
from .roi_align import RoIAlign
from .roi_align_rotated import RoIAlignRotated
from .single_roi_extractor import SingleRoIExtractor
from .transformer_layers import (
    BaseTransformerLayer,
    TFDecoderLayer,
    TFEncoderLayer,
    get_pad_mask,
    get_subsequent_mask,
)
from .weight_init import (
    BaseModule,
    check_init_cfg,
    init_by_cfg,
    kaiming_init_conv_bn,
    xavier_init_conv_bn,
)

__all__ = ['ConvModule', 'build_conv_layer', 'build_norm_layer',
           'build_activation_layer', 'ModulatedDeformConv2dPack',
           'kaiming_init_conv_bn', 'xavier_init_conv_bn', 'TFEncoderLayer',
           'TFDecoderLayer', 'get_pad_mask', 'get_subsequent_mask',
           'build_plugin_layer', 'infer_abbr', 'DropPath', 'init_by_cfg',
           'check_init_cfg', 'BaseTransformerLayer', 'BaseModule', 'RoIAlign',
           'RoIAlignRotated', 'SingleRoIExtractor']
