from .bert_encoder import BertEncoder

__all__ = ['BertEncoder']
