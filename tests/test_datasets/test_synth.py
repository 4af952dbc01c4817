"""Synthetic text engine: charsets, fonts, rendering, recognition output."""
from __future__ import annotations

import os.path as osp

import cv2
import numpy as np
import pytest

from mmocr.datasets.synth import (
    Charset,
    FontPool,
    LmdbRecogWriter,
    RecogConfig,
    RecogGenerator,
    TxtRecogWriter,
    find_font_files,
    glyph_coverage,
    run_generator,
)
from mmocr.datasets.synth.corpus import BUILTIN_CHARSETS, build_source
from mmocr.datasets.synth.render import (
    composite,
    contrast_colour,
    curve_mask,
    random_homography,
    render_line,
    warp_layout,
)
from mmocr.utils.errors import SynthError


@pytest.fixture(scope='module')
def font_files() -> tuple[str, ...]:
    """Two DejaVu faces (a sans and a mono) when installed."""
    files = [f for f in find_font_files()
             if osp.basename(f) in ('DejaVuSans.ttf', 'DejaVuSansMono.ttf')]
    if len(files) < 2:
        pytest.skip('DejaVu fonts not installed (fonts-dejavu-core)')
    return tuple(files)


@pytest.fixture(scope='module')
def font(font_files):
    return FontPool.load(FontPool('ABC', font_files=font_files,
                                  use_fontconfig=False).fonts[0], 32)


def _recog_cfg(font_files, **kwargs) -> RecogConfig:
    return RecogConfig(font_files=font_files, use_fontconfig=False, **kwargs)


def _rasterise(quads: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    canvas = np.zeros(shape, np.uint8)
    cv2.fillPoly(canvas, [np.round(q).astype(np.int32) for q in quads], 1)
    return canvas.astype(bool)


def test_builtin_charsets_match_convertor():
    from mmocr.models.textrecog.convertors.base import DICT36, DICT90, DICT91
    assert BUILTIN_CHARSETS['DICT36'] == DICT36
    assert BUILTIN_CHARSETS['DICT90'] == DICT90
    assert BUILTIN_CHARSETS['DICT91'] == DICT91


def test_charset_normalize(tmp_path):
    assert Charset.from_spec('DICT36').normalize('Hello, World 42!') == \
        'helloworld42'
    assert Charset.from_spec('DICT91').normalize('  Hi,  there é ') == \
        'Hi, there'
    dict_file = tmp_path / 'dict.txt'
    dict_file.write_text('A\nB\n \n1\n')
    charset = Charset.from_spec(str(dict_file))
    assert charset.case == 'upper' and charset.has_space
    assert charset.normalize('ab 1c2') == 'AB 1'
    dict_file.write_text('AB\n')
    with pytest.raises(ValueError, match='dict.txt:1'):
        Charset.from_spec(str(dict_file))
    with pytest.raises(FileNotFoundError, match='DICT99'):
        Charset.from_spec('DICT99')


def test_glyph_coverage(font):
    covered = glyph_coverage(font, 'Ab1 \u4e2d\U0010fffd')
    assert covered == frozenset('Ab1 ')


def test_font_pool_candidates(font_files):
    pool = FontPool(BUILTIN_CHARSETS['DICT91'], font_files=font_files,
                    use_fontconfig=False)
    assert len(pool) == 2
    assert [f.monospace for f in pool.fonts] == [False, True]
    assert [f.name for f in pool.candidates('X', 'mono')] == \
        ['DejaVu Sans Mono Book']
    assert pool.choose(np.random.default_rng(0), 'abc\u4e2d') is None
    with pytest.raises(SynthError, match='no usable font'):
        FontPool('A', font_files=(), use_fontconfig=False)


def test_render_line_quads_cover_ink(font):
    layout = render_line('Hello, gyp 42', font, tracking=1.5, stroke=1,
                         pad=3)
    assert layout.words == ['Hello,', 'gyp', '42']
    xs = layout.word_quads[:, 0, 0]
    assert np.all(np.diff(xs) > 0)  # left to right
    ink = layout.mask > 0.2
    inside = _rasterise(layout.word_quads, ink.shape)
    assert ink.sum() > 100 and np.all(inside[ink])
    # The line quad holds every word quad; the baseline is under the caps.
    lx0, ly0 = layout.line_quad.min(0)
    lx1, ly1 = layout.line_quad.max(0)
    assert lx0 <= layout.word_quads[..., 0].min()
    assert ly1 >= layout.word_quads[..., 1].max()
    assert ly0 < layout.baseline < ly1
    with pytest.raises(ValueError, match='nothing to draw'):
        render_line('   ', font)


def test_warp_keeps_ink_inside_quads(font):
    layout = render_line('Warp me', font, pad=2)
    rng = np.random.default_rng(0)
    h, w = layout.mask.shape
    matrix, ow, oh = random_homography(rng, w, h, 20.0, 0.2, 0.1)
    corners = cv2.perspectiveTransform(
        np.float64([[[0, 0], [w, 0], [w, h], [0, h]]]), matrix)[0]
    assert corners.min() >= -1e-3
    assert corners[:, 0].max() <= ow and corners[:, 1].max() <= oh
    warped = warp_layout(layout, matrix, ow, oh)
    assert warped.mask.shape == (oh, ow)
    ink = warped.mask > 0.5
    inside = _rasterise(warped.word_quads, ink.shape)
    assert inside[ink].mean() > 0.99


def test_curve_mask_zero_amplitude_is_identity():
    mask = np.random.default_rng(0).random((10, 30)).astype(np.float32)
    np.testing.assert_allclose(curve_mask(mask, 0.0, 20.0, 0.0), mask,
                               atol=1e-5)
    bent = curve_mask(mask, 3.0, 20.0, 0.0)
    assert bent.shape == (16, 30)


def test_contrast_colour_and_composite():
    rng = np.random.default_rng(1)
    white = np.full((4, 4, 3), 250, np.uint8)
    for _ in range(20):
        colour = contrast_colour(rng, white, 100.0)
        lum = colour @ np.float32([0.299, 0.587, 0.114])
        assert lum <= 150.0 + 1e-3
    mask = np.zeros((4, 4), np.float32)
    mask[1, 1] = 1.0
    mask[2, 2] = 0.5
    out = composite(white, mask, np.float32([0, 0, 0]))
    assert out[1, 1].tolist() == [0, 0, 0]
    assert out[2, 2].tolist() == [125, 125, 125]
    assert out[0, 0].tolist() == [250, 250, 250]


def test_build_source_samples_are_deterministic(tmp_path):
    charset = Charset.from_spec('DICT91')
    words = tmp_path / 'words.txt'
    words.write_text('alpha\n\nbeta\n')
    for spec in ('words', 'receipt', 'random', 'numbers', 'dates', 'prices',
                 'mixed', str(words)):
        source = build_source(spec, charset)
        a = [source.sample(np.random.default_rng([7, i])) for i in range(5)]
        b = [source.sample(np.random.default_rng([7, i])) for i in range(5)]
        assert a == b and all(isinstance(t, str) and t for t in a)
    assert set(build_source(str(words), charset).sample(
        np.random.default_rng(0)) for _ in range(3)) <= {'alpha', 'beta'}
    with pytest.raises(ValueError, match='--corpus'):
        build_source('nope', charset)
    # a byte-order mark and Windows line ends: plain lines
    words.write_bytes(b'\xef\xbb\xbfalpha\r\n\r\nbeta\r\n')
    assert build_source(str(words), charset).lines == ['alpha', 'beta']


def test_recog_generator_deterministic_and_in_charset(font_files):
    gen = RecogGenerator(_recog_cfg(font_files, seed=3, charset='DICT36'))
    again = RecogGenerator(_recog_cfg(font_files, seed=3, charset='DICT36'))
    samples = [gen(i) for i in range(12)]
    assert samples == [again(i) for i in range(12)]
    assert samples != [RecogGenerator(_recog_cfg(
        font_files, seed=4, charset='DICT36'))(i) for i in range(12)]
    for img_bytes, text in samples:
        assert text and set(text) <= set(BUILTIN_CHARSETS['DICT36'])
        img = cv2.imdecode(np.frombuffer(img_bytes, np.uint8),
                           cv2.IMREAD_COLOR)
        assert img.shape[0] == 32 and img.shape[1] >= 1


def test_run_generator_independent_of_workers(font_files):
    gen = RecogGenerator(_recog_cfg(font_files, seed=5, corpus='receipt'))
    one: list = []
    two: list = []
    run_generator(gen, 6, lambda i, s: one.append((i, s)), workers=1,
                  progress=False)
    rate = run_generator(gen, 6, lambda i, s: two.append((i, s)), workers=2,
                         progress=False, chunksize=1)
    assert one == two and [i for i, _ in one] == list(range(6))
    assert rate > 0


def test_lmdb_output_readable(font_files, tmp_path):
    import lmdb
    gen = RecogGenerator(_recog_cfg(font_files, seed=0, corpus='words'))
    out = str(tmp_path / 'recog_lmdb')
    writer = LmdbRecogWriter(out, batch_size=2)
    samples = [gen(i) for i in range(5)]
    for img_bytes, text in samples:
        writer.add(img_bytes, text)
    writer.close()
    env = lmdb.open(out, readonly=True, lock=False)
    with env.begin() as txn:
        assert txn.get(b'num-samples') == b'5'
        assert txn.get(b'label-000000003').decode() == samples[2][1]
        assert txn.get(b'image-000000005') == samples[4][0]
    env.close()
    with pytest.raises(FileExistsError, match='already holds'):
        LmdbRecogWriter(out)

    from mmocr.datasets import OCRDataset
    ds = OCRDataset(
        ann_file=out, img_prefix=out,
        loader=dict(type='AnnFileLoader', repeat=1, file_format='lmdb',
                    parser=dict(type='LineJsonParser',
                                keys=['filename', 'text'])),
        pipeline=[dict(type='LoadImageFromLMDB')], test_mode=True)
    assert len(ds) == 5
    item = ds[1]
    assert item['text'] == samples[1][1]
    assert item['img'].shape[0] == 32 and item['img'].ndim == 3


def test_txt_output(font_files, tmp_path):
    gen = RecogGenerator(_recog_cfg(font_files, seed=0, img_format='png',
                                    height=0, line_prob=1.0))
    writer = TxtRecogWriter(str(tmp_path), 'png')
    writer.add(*gen(0))
    writer.close()
    line = (tmp_path / 'labels.txt').read_text().splitlines()[0]
    name, text = line.split(' ', 1)
    assert name == 'imgs/000000001.png' and text == gen(0)[1]
    assert ' ' in text  # line_prob=1 gives multi-word lines
    assert cv2.imread(str(tmp_path / name)) is not None


def test_unreadable_backgrounds_are_reported_once(tmp_path):
    from mmocr.datasets.synth.backgrounds import BackgroundSource
    (tmp_path / 'corrupt.jpg').write_bytes(b'\xff\xd8 not a jpeg')
    (tmp_path / 'empty.png').write_bytes(b'')
    source = BackgroundSource([str(tmp_path)], image_prob=1.0)
    rng = np.random.default_rng(0)
    with pytest.warns(UserWarning) as record:
        imgs = [source.sample(rng, 8, 12) for _ in range(20)]
    assert all(img.shape == (8, 12, 3) for img in imgs)  # synthetic fallback
    messages = sorted(str(w.message) for w in record
                      if 'background image' in str(w.message))
    assert len(messages) == 2  # once per file, not once per draw
    assert 'cannot decode image' in messages[0] and 'corrupt.jpg' in messages[0]
    assert 'image file is empty' in messages[1] and 'empty.png' in messages[1]
