from .db_loss import DBLoss

__all__ = ['DBLoss']
