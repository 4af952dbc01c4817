from .sdmgr_head import SDMGRHead

__all__ = ['SDMGRHead']
