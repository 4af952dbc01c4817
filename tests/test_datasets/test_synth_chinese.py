"""Chinese synthetic lines: the dictionary (its generator on a fake Unihan
database, the shipped file), ``--corpus chinese``, dictionary files with a
byte-order mark or CRLF line ends, rendering with a CJK font (the
``cjk_font`` fixture skips without one: ``make fonts``)."""
from __future__ import annotations

import bz2
import glob
import os.path as osp
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.datasets.synth import (
    Charset,
    FontPool,
    RecogConfig,
    RecogGenerator,
    find_font_files,
)
from mmocr.datasets.synth.corpus import ChineseLineSource, build_source
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
DICT = REPO / 'mmocr/model_zoo/dicts/chinese_level1_ascii.txt'
SYSTEM_UNIHAN = '/usr/share/unicode'


def _load_tool():
    path = REPO / 'tools/data/synth/make_chinese_dict.py'
    return load_script(path, 'make_chinese_dict')


make_chinese_dict = _load_tool()


@pytest.fixture(scope='module')
def font_files() -> tuple[str, ...]:
    """Two DejaVu faces (Latin fonts) when installed."""
    files = [f for f in find_font_files()
             if osp.basename(f) in ('DejaVuSans.ttf', 'DejaVuSansMono.ttf')]
    if len(files) < 2:
        pytest.skip('DejaVu fonts not installed (fonts-dejavu-core)')
    return tuple(files)


def test_dictionary_generator_on_a_fake_unihan(tmp_path):
    # 3600 ideographs from U+4E00 in table order; U+4E05 and U+4E09 the most
    # frequent, U+4E00 of class 2; index 3501+ is level 2 (left out)
    lines = [f'U+{0x4E00 + i:04X}\tkTGH\t2013:{i + 1}' for i in range(3600)]
    (tmp_path / 'Unihan_OtherMappings.txt').write_text(
        '# comment\n' + '\n'.join(lines) + '\n', encoding='utf-8')
    freq = 'U+4E09\tkFrequency\t1\nU+4E05\tkFrequency\t1\nU+4E00\tkFrequency\t2\n'
    with bz2.open(tmp_path / 'Unihan_DictionaryLikeData.txt.bz2', 'wt',
                  encoding='utf-8') as f:
        f.write(freq)
    chars = make_chinese_dict.chinese_dict(str(tmp_path))
    assert chars[:4] == ['\u4e05', '\u4e09', '\u4e00', '\u4e01']
    assert len(chars) == 3500 + 95 + 22
    assert chr(0x4E00 + 3499) in chars and chr(0x4E00 + 3500) not in chars
    assert ''.join(chars[3500:3595]).startswith('0123456789abc')
    assert ' ' in chars[3500:3595] and chars[-1] == '％'
    out = tmp_path / 'dict.txt'
    make_chinese_dict.main([str(out), '--unihan-dir', str(tmp_path)])
    assert out.read_text(encoding='utf-8').split('\n')[:2] == ['\u4e05', '\u4e09']
    with pytest.raises(FileNotFoundError, match='unicode-data'):
        make_chinese_dict.chinese_dict(str(tmp_path / 'none'))
    (tmp_path / 'Unihan_DictionaryLikeData.txt.bz2').unlink()
    with pytest.raises(InvalidValueError, match='no kFrequency'):
        make_chinese_dict.chinese_dict(str(tmp_path))


def test_shipped_dictionary():
    chars = Charset.from_spec(str(DICT)).chars
    assert len(chars) == 3617 and chars.index(' ') == 3500 + 94
    # the 93 of kFrequency class 1 first, in the table's (stroke) order
    assert chars[:3] == '一人了' and set('的是在有我') <= set(chars[:93])
    assert set('中文国人年月日元号') <= set(chars[:3500])
    if not glob.glob(osp.join(SYSTEM_UNIHAN, 'Unihan_*.txt*')):
        pytest.skip('unicode-data not installed: the shipped file is not '
                    'regenerated')
    try:
        regenerated = make_chinese_dict.chinese_dict(SYSTEM_UNIHAN)
    except InvalidValueError as err:  # a Unihan without kFrequency
        pytest.skip(str(err))
    assert list(chars) == regenerated


def test_chinese_lines_are_deterministic_frequency_weighted_and_spaceless():
    charset = Charset.from_spec(str(DICT))
    source = build_source('chinese', charset)
    assert isinstance(source, ChineseLineSource) and source.whole_lines
    lines = [source.sample(np.random.default_rng([3, i])) for i in range(300)]
    assert lines[:20] == [source.sample(np.random.default_rng([3, i]))
                          for i in range(20)]
    assert all(line and ' ' not in line for line in lines)
    # dates, prices, codes and Latin words only use dictionary characters
    assert all(set(line) <= set(charset.chars) for line in lines)
    assert any('年' in line for line in lines) and \
        any(c.isascii() for line in lines for c in line)
    hanzi = [c for line in lines for c in line if c in source.hanzi]
    top = set(source.hanzi[:100])
    # 1 / (rank + 20): about 35% of draws from the 100 most frequent (2.9%
    # under uniform draws)
    assert 0.25 < sum(c in top for c in hanzi) / len(hanzi) < 0.5
    assert np.mean([len(line) for line in lines]) < 16
    with pytest.raises(InvalidValueError, match='needs a charset with Chinese'):
        build_source('chinese', Charset.from_spec('DICT91'))


def test_charset_file_with_bom_and_crlf(tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_bytes('\ufeff中\r\n文\r\n \r\nA\r\n'.encode('utf-8'))
    assert Charset.from_spec(str(path)).chars == '中文 A'
    path.write_bytes('中\r\n中文\r\n'.encode())
    with pytest.raises(InvalidValueError, match=r'dict.txt:2: expected one '
                       r"character per line, got 2 characters '中文'"):
        Charset.from_spec(str(path))
    path.write_bytes('中\n中\n'.encode())
    with pytest.raises(InvalidValueError, match="dict.txt:2: character '中' is "
                       'already on line 1'):
        Charset.from_spec(str(path))


def test_chinese_lines_render_with_a_cjk_font(cjk_font, tmp_path):
    gen = RecogGenerator(RecogConfig(
        corpus='chinese', charset=str(DICT), seed=0, font_files=(cjk_font, ),
        use_fontconfig=False, line_prob=1.0))
    assert len(gen.fonts) == 1
    samples = [gen.sample(i) for i in range(4)]
    for img, text in samples:
        assert img.shape[0] == 32 and img.ndim == 3 and img.dtype == np.uint8
        assert text and ' ' not in text and set(text) <= set(gen.charset.chars)
        assert any('\u4e00' <= c <= '\u9fff' for c in text)
        assert img.std() > 5  # something is drawn
    assert [t for _, t in samples] == [gen.sample(i)[1] for i in range(4)]
    # a written held-out set reads back with LineStrParser
    from mmocr.datasets import OCRDataset
    from mmocr.datasets.synth import TxtRecogWriter
    writer = TxtRecogWriter(str(tmp_path), 'png')
    for i in range(3):
        writer.add(*gen(i))
    writer.close()
    ds = OCRDataset(
        ann_file=str(tmp_path / 'labels.txt'), img_prefix=str(tmp_path),
        loader=dict(type='AnnFileLoader', repeat=1, file_format='txt',
                    parser=dict(type='LineStrParser', keys=['filename', 'text'],
                                keys_idx=[0, 1], separator=' ')),
        pipeline=[dict(type='LoadImageFromFile')], test_mode=True)
    assert [ds[i]['text'] for i in range(3)] == [gen.sample(i)[1] for i in range(3)]
    assert cv2.imread(str(tmp_path / 'imgs/000000001.png')).shape[0] == 32


def test_cjk_fonts_draw_only_cjk_texts(cjk_font, font_files):
    """Installing a CJK font leaves Latin-only texts to the Latin fonts (and
    so their samples unchanged); a text with Chinese goes to CJK fonts."""
    pool = FontPool('ABC中文元', font_files=(cjk_font, *font_files),
                    use_fontconfig=False)
    cjk = [f for f in pool.fonts if f.cjk]
    assert [f.path for f in cjk] == [cjk_font]
    assert not any(f.cjk for f in pool.fonts if f.path != cjk_font)
    latin = FontPool('ABC', font_files=font_files, use_fontconfig=False)
    assert [f.path for f in pool.candidates('ABC 12')] == \
        [f.path for f in latin.candidates('ABC 12')]
    assert pool.candidates('中文') == pool.candidates('ABC 中元') == cjk
    gen = RecogGenerator(RecogConfig(seed=2, charset='DICT91',
                                     font_files=(cjk_font, *font_files),
                                     use_fontconfig=False))
    ref = RecogGenerator(RecogConfig(seed=2, charset='DICT91',
                                     font_files=font_files,
                                     use_fontconfig=False))
    assert [gen(i) for i in range(4)] == [ref(i) for i in range(4)]
