"""Weight initialisation shared by several backbones, necks and heads,
mmcv's ``init_cfg`` configs (:func:`init_by_cfg`) and the base of the
components that take one (:class:`BaseModule`)."""
from __future__ import annotations

import math
from typing import Any, Callable

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmocr.registry import UnknownKeyError
from mmocr.utils.checkpoint import load_checkpoint
from mmocr.utils.errors import InvalidTypeError, InvalidValueError

__all__ = ['kaiming_init_conv_bn', 'xavier_init_conv_bn', 'init_by_cfg',
           'check_init_cfg', 'BaseModule']


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


def _fill_bias(m: nn.Module, cfg: dict) -> None:
    if getattr(m, 'bias', None) is not None:
        bias = cfg.get('bias', 0)
        if cfg.get('bias_prob') is not None:  # prior probability -> logit
            prob = cfg['bias_prob']
            bias = -math.log((1 - prob) / prob)
        nn.init.constant_(m.bias, bias)


def _xavier(w, cfg):
    if cfg.get('distribution', 'normal') == 'uniform':
        nn.init.xavier_uniform_(w, gain=cfg.get('gain', 1))
    else:
        nn.init.xavier_normal_(w, gain=cfg.get('gain', 1))


def _kaiming(w, cfg):
    args = dict(a=cfg.get('a', 0), mode=cfg.get('mode', 'fan_out'),
                nonlinearity=cfg.get('nonlinearity', 'relu'))
    if cfg.get('distribution', 'normal') == 'uniform':
        nn.init.kaiming_uniform_(w, **args)
    else:
        nn.init.kaiming_normal_(w, **args)


#: mmcv's init types -> how a layer's weight is filled.
_WEIGHT_INITS: dict[str, Callable[[Any, dict], Any]] = {
    'Constant': lambda w, c: nn.init.constant_(w, c.get('val', 0)),
    'Xavier': _xavier,
    'Normal': lambda w, c: nn.init.normal_(w, c.get('mean', 0),
                                           c.get('std', 1)),
    'TruncNormal': lambda w, c: nn.init.trunc_normal_(
        w, c.get('mean', 0), c.get('std', 1), c.get('a', -2), c.get('b', 2)),
    'Uniform': lambda w, c: nn.init.uniform_(w, c.get('a', 0), c.get('b', 1)),
    'Kaiming': _kaiming,
}
_KEYS = {'type', 'layer', 'override', 'bias', 'bias_prob', 'val', 'mean',
         'std', 'a', 'b', 'gain', 'distribution', 'mode', 'nonlinearity',
         'checkpoint', 'prefix', 'map_location', 'name'}


def _layer_names(m: nn.Module) -> set[str]:
    """The class names of ``m`` and its bases (mmcv matches ``layer``
    against them, so ``'Conv2d'`` takes subclasses too)."""
    return {c.__name__ for c in type(m).__mro__}


def check_init_cfg(init_cfg: dict | list | None,
                   owner: str = 'init_cfg') -> list[dict]:
    """The dicts of an ``init_cfg`` (see :func:`init_by_cfg`), checked:
    a component calls it when built, so that a bad ``init_cfg`` fails
    before training starts; errors name ``owner``.

    Raises:
        InvalidTypeError: an entry is not a dict with a ``type``.
        InvalidValueError: an unknown init ``type``.
        UnknownKeyError: a key mmcv's initialisers do not take.
    """
    cfgs = list(init_cfg) if isinstance(init_cfg, (list, tuple)) else (
        [] if init_cfg is None else [init_cfg])
    for cfg in cfgs:
        if not isinstance(cfg, dict) or 'type' not in cfg:
            raise InvalidTypeError(f'{owner}: an init_cfg must be a dict with a '
                                   f'"type", got {cfg!r}')
        if cfg['type'] not in (*_WEIGHT_INITS, 'Pretrained'):
            raise InvalidValueError(f'{owner}: init_cfg type must be one of '
                                    f'{sorted([*_WEIGHT_INITS, "Pretrained"])}, '
                                    f'got {cfg["type"]!r}')
        unknown = sorted(set(cfg) - _KEYS)
        if unknown:
            raise UnknownKeyError(unknown, f'{cfg["type"]} ({owner} init_cfg)',
                                  sorted(_KEYS), owner_type=cfg['type'])
    return cfgs


def _init_one(module: nn.Module, cfg: dict, whole: bool = False) -> None:
    kind = cfg['type']
    if kind == 'Pretrained':
        load_checkpoint(module, cfg['checkpoint'],
                        map_location=cfg.get('map_location', 'cpu'),
                        prefix=cfg.get('prefix'))
        return
    layers = cfg.get('layer') or []
    layers = {layers} if isinstance(layers, str) else set(layers)
    targets = [module] if whole else [
        m for m in module.modules() if layers & _layer_names(m)]
    for m in targets:
        if getattr(m, 'weight', None) is not None:
            _WEIGHT_INITS[kind](m.weight, cfg)
        _fill_bias(m, cfg)
    override = cfg.get('override')
    for sub in ([override] if isinstance(override, dict) else override or []):
        name = sub.get('name')
        if not hasattr(module, str(name)):
            raise InvalidValueError(f'init_cfg override names {name!r}, which '
                                    f'{type(module).__name__} does not have')
        sub = {k: v for k, v in sub.items() if k != 'name'}
        _init_one(getattr(module, name), {'type': kind, **cfg, **sub,
                                          'override': None}, whole=True)


def init_by_cfg(module: nn.Module, init_cfg: dict | list | None) -> None:
    """Initialise ``module`` in place as mmcv's ``init_cfg`` says.

    ``init_cfg`` is a dict or a list of dicts, applied in order, of type
    ``Constant`` (``val``), ``Xavier`` (``gain``, ``distribution``),
    ``Normal`` (``mean``, ``std``), ``TruncNormal``, ``Uniform`` (``a``,
    ``b``), ``Kaiming`` (``a``, ``mode``, ``nonlinearity``,
    ``distribution``) on the submodules whose class (or a base class) is
    named in ``layer``, with ``bias`` (or ``bias_prob``) filling biases;
    ``override=dict(name=..., ...)`` initialises a named child as a whole.
    ``Pretrained`` loads ``checkpoint`` (``prefix``: a sub-dict of it).
    ``None`` does nothing.
    """
    for cfg in check_init_cfg(init_cfg, type(module).__name__):
        _init_one(module, cfg)


class BaseModule(nn.Module):
    """A component taking MMOCR 0.x's (mmcv's) ``init_cfg``.

    Its weights are the class's own initialisation (:meth:`default_init`)
    followed by ``init_cfg`` (:func:`init_by_cfg`):

    * a constructor ends with :meth:`setup_init`, which keeps the checked
      ``init_cfg``, runs :meth:`default_init` and the ``init_cfg``
      initialisers (``Constant``, ``Xavier``, ...), so that a built
      component is initialised;
    * :meth:`init_weights` (which ``tools/train.py`` calls on the model, and
      a model on its components) runs both again and also loads the
      ``Pretrained`` entries, which building alone never reads. (The second
      :meth:`default_init` draws new random weights: the seeded initial
      weights of a training, and so its reproducibility, depend on both.)

    ``init_cfg=None`` keeps :meth:`default_init`'s weights, which are MMOCR
    0.x's default ``init_cfg`` where the class documents one.
    """

    init_cfg: list[dict] = []

    def default_init(self) -> None:
        """The class's own initialisation, in place (here none: PyTorch's
        layer defaults)."""

    def setup_init(self, init_cfg: dict | list | None) -> None:
        """Keep ``init_cfg`` (checked, see :func:`check_init_cfg`), then
        initialise: :meth:`default_init` and the initialisers of
        ``init_cfg`` other than ``Pretrained``."""
        self.init_cfg = check_init_cfg(init_cfg, type(self).__name__)
        self.default_init()
        for cfg in self.init_cfg:  # checked above: applied as they are
            if cfg['type'] != 'Pretrained':
                _init_one(self, cfg)

    def init_weights(self) -> None:
        """:meth:`default_init`, then the whole ``init_cfg`` (``Pretrained``
        checkpoints loaded; checked again, as ``self.init_cfg`` may have
        been replaced since the component was built)."""
        self.default_init()
        init_by_cfg(self, self.init_cfg)
