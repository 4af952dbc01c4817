from .attn import AttnConvertor
from .base import DICT36, DICT90, DICT91, BaseConvertor
from .ctc import CTCConvertor

__all__ = ['BaseConvertor', 'CTCConvertor', 'AttnConvertor', 'DICT36',
           'DICT90', 'DICT91']
