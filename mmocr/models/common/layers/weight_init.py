"""Weight initialisation shared by several backbones, necks and heads."""
from __future__ import annotations

from typing import Sequence

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmocr.registry import UnknownKeyError
from mmocr.utils.errors import InvalidValueError

__all__ = ['kaiming_init_conv_bn', 'xavier_init_conv_bn', 'init_from_cfg',
           'check_init_cfg']


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


_INIT_LAYERS = {'Conv2d': nn.Conv2d, 'BatchNorm2d': _BatchNorm}
#: The keys each initialiser of an ``init_cfg`` takes (mmcv's names).
_INIT_KEYS = {
    'Xavier': ('type', 'layer', 'gain', 'bias', 'distribution'),
    'Kaiming': ('type', 'layer', 'a', 'mode', 'nonlinearity', 'bias',
                'distribution'),
    'Constant': ('type', 'layer', 'val', 'bias'),
}


def _init_module(module: nn.Module, cfg: dict) -> None:
    """One of mmcv's ``Xavier``, ``Kaiming`` or ``Constant`` initialisers
    (with mmcv's defaults) on ``module``, ``bias`` (default 0) on its bias."""
    kind = cfg['type']
    if kind == 'Xavier':
        init = (nn.init.xavier_uniform_ if cfg.get('distribution', 'normal')
                == 'uniform' else nn.init.xavier_normal_)
        init(module.weight, gain=cfg.get('gain', 1))
    elif kind == 'Kaiming':
        init = (nn.init.kaiming_uniform_ if cfg.get('distribution', 'normal')
                == 'uniform' else nn.init.kaiming_normal_)
        init(module.weight, a=cfg.get('a', 0), mode=cfg.get('mode', 'fan_out'),
             nonlinearity=cfg.get('nonlinearity', 'relu'))
    else:
        nn.init.constant_(module.weight, cfg['val'])
    if getattr(module, 'bias', None) is not None:
        nn.init.constant_(module.bias, cfg.get('bias', 0))


def check_init_cfg(init_cfg: dict | Sequence[dict] | None,
                   owner: str) -> list[dict]:
    """The initialisers of MMOCR 0.x's ``init_cfg`` (one or a list of mmcv's
    ``Xavier``, ``Kaiming`` or ``Constant`` on ``layer`` ``Conv2d`` or
    ``BatchNorm2d``), checked; errors name ``owner``. Components call it
    when built, so a bad ``init_cfg`` fails before training starts."""
    cfgs = [init_cfg] if isinstance(init_cfg, dict) else list(init_cfg or [])
    for cfg in cfgs:
        if cfg.get('type') not in _INIT_KEYS or \
                cfg.get('layer') not in _INIT_LAYERS:
            raise InvalidValueError(
                f'{owner}: init_cfg supports Xavier, Kaiming and Constant on '
                f'layer Conv2d or BatchNorm2d, got {cfg!r}')
        unknown = [k for k in cfg if k not in _INIT_KEYS[cfg['type']]]
        if unknown:
            raise UnknownKeyError(unknown, f'{cfg["type"]} ({owner} init_cfg)',
                                  list(_INIT_KEYS[cfg['type']]),
                                  owner_type=cfg['type'])
    return cfgs


def init_from_cfg(module: nn.Module, init_cfg: dict | Sequence[dict] | None,
                  owner: str) -> None:
    """Apply ``init_cfg`` (see :func:`check_init_cfg`) to every such layer
    inside ``module``."""
    for cfg in check_init_cfg(init_cfg, owner):
        for m in module.modules():
            if isinstance(m, _INIT_LAYERS[cfg['layer']]):
                _init_module(m, cfg)
