"""Synthetic text engine: recognition crops and detection pages rendered
from system fonts (see ``docs/en/synth.md`` and ``tools/data/synth``)."""
from .corpus import BUILTIN_CHARSETS, Charset, ReceiptContent, build_source
from .det import CLEAN_RECEIPT, DetConfig, DetGenerator, DetWriter, TextInstance
from .fonts import FontInfo, FontPool, find_font_files, glyph_coverage
from .parallel import run_generator
from .recog import (
                    LmdbRecogWriter,
                    RecogConfig,
                    RecogGenerator,
                    TxtRecogWriter,
                    encode_image,
)

__all__ = [
    'BUILTIN_CHARSETS', 'CLEAN_RECEIPT', 'Charset', 'ReceiptContent', 'build_source',
    'DetConfig', 'DetGenerator', 'DetWriter', 'TextInstance', 'FontInfo',
    'FontPool', 'find_font_files', 'glyph_coverage', 'run_generator',
    'LmdbRecogWriter', 'RecogConfig', 'RecogGenerator', 'TxtRecogWriter',
    'encode_image'
]
