from .abi import ABIConvertor
from .attn import AttnConvertor
from .base import DICT36, DICT90, DICT91, BaseConvertor
from .ctc import CTCConvertor
from .lexicon import CTCLexicon, ctc_align_scores
from .seg import SegConvertor

__all__ = ['BaseConvertor', 'CTCConvertor', 'CTCLexicon', 'AttnConvertor',
           'ctc_align_scores', 'DICT36', 'DICT90', 'DICT91', 'SegConvertor',
           'ABIConvertor']
