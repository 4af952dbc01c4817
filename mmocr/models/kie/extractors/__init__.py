from .sdmgr import SDMGR

__all__ = ['SDMGR']
