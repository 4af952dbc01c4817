from .sdmgr_loss import SDMGRLoss

__all__ = ['SDMGRLoss']
