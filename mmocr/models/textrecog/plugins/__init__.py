from .common import GCAModule, Maxpool2d

__all__ = ['GCAModule', 'Maxpool2d']
