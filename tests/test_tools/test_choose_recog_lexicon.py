"""tools/analysis/choose_recog_lexicon.py: the lexicon settings decoded
from one reading of the choice split score as the model itself reads
with each setting."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.apis import init_model, model_inference
from mmocr.apis.utils import run_tool
from mmocr.core.evaluation import eval_ocr_metric
from mmocr.datasets import build_dataset
from mmocr.models.textrecog.convertors import CTCConvertor
from mmocr.runner import save_checkpoint
from mmocr.utils import Config
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
choose = load_script(REPO / 'tools/analysis/choose_recog_lexicon.py',
                     'choose_recog_lexicon_tool')
CRNN = REPO / 'configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py'
WORDS = ('OCR', 'text', 'A12', 'hello')


@pytest.fixture
def model_and_words(tmp_path):
    lines = []
    for i, word in enumerate(WORDS):
        img = np.full((32, 24 * len(word) + 8, 3), 255, np.uint8)
        cv2.putText(img, word, (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (0, 0, 0), 2)
        cv2.imwrite(str(tmp_path / f'{i}.png'), img)
        lines.append(f'{i}.png {word}')
    (tmp_path / 'label.txt').write_text('\n'.join(lines) + '\n')
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(f"""_base_ = [{str(CRNN)!r}]
data = dict(test=dict(_delete_=True,
    type='OCRDataset', img_prefix={str(tmp_path)!r},
    ann_file={str(tmp_path / 'label.txt')!r}, test_mode=True,
    pipeline={{{{_base_.test_pipeline}}}}, loader=dict(
        type='AnnFileLoader', repeat=1, file_format='txt',
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' '))))
""")
    torch.manual_seed(0)
    model = init_model(str(cfg), device='cpu')
    ckpt = tmp_path / 'model.pth'
    save_checkpoint(model, str(ckpt))
    return cfg, ckpt


def _read_with(cfg, ckpt, tmp_path, lexicon: dict | None) -> dict:
    """What the model reads one image at a time with ``lexicon``."""
    options = {'model.test_cfg': None if lexicon is None else
               dict(lexicon=lexicon)}
    model = init_model(str(cfg), str(ckpt), device='cpu',
                       cfg_options=options)
    preds = [r['text'] for r in model_inference(
        model, [str(tmp_path / f'{i}.png') for i in range(len(WORDS))])]
    return eval_ocr_metric(preds, list(WORDS))


def test_rows_match_the_model_reading_with_each_setting(model_and_words,
                                                        tmp_path, capsys):
    cfg, ckpt = model_and_words
    lexicon = tmp_path / 'lexicon.txt'
    lexicon.write_text('hello\ntext\nOCR\n')
    out = tmp_path / 'choice.json'
    assert choose.main([str(cfg), str(ckpt), '--lexicon', str(lexicon),
                        '--gap', '2,1000', '--batch-size', '1',
                        '--out', str(out)]) == 0
    printed = capsys.readouterr().out
    result = json.loads(out.read_text())
    rows = result['rows']
    assert [r['setting'] for r in rows] == [
        None, dict(lexicon_file=str(lexicon), max_nll_gap=2.0),
        dict(lexicon_file=str(lexicon), max_nll_gap=1000.0)]
    for row in rows:
        expected = _read_with(cfg, ckpt, tmp_path, row['setting'])
        for key in choose.METRICS:
            assert row[key] == pytest.approx(expected[key]), (row, key)
    best = max(r[choose.RANK_KEY] for r in rows)
    first_best = next(r for r in rows if r[choose.RANK_KEY] == best)
    assert result['chosen'] == first_best['setting']
    assert f"chosen: {result['cfg_options']}" in printed
    assert '4 images of' in printed


def test_settings_and_options():
    assert choose.settings([], [5.0]) == [None]
    assert choose.settings(['a', 'b'], [1.0, 2.0])[1:] == [
        dict(lexicon_file=f, max_nll_gap=g) for f in 'ab' for g in (1.0, 2.0)]
    assert choose.cfg_options(None) == 'model.test_cfg=None'
    assert choose.cfg_options(dict(lexicon_file='l.txt', max_nll_gap=5.0)) == (
        'model.test_cfg.lexicon.lexicon_file=l.txt '
        'model.test_cfg.lexicon.max_nll_gap=5.0')


def test_bad_arguments_are_one_line(model_and_words, tmp_path, capsys):
    cfg, ckpt = model_and_words
    with pytest.raises(SystemExit):
        choose.main([str(cfg), str(ckpt), '--lexicon', 'missing.txt'])
    assert '--lexicon missing.txt does not exist' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        choose.main([str(cfg), str(ckpt), '--gap', '0'])
    assert '--gap values must be > 0' in capsys.readouterr().err
    sar = tmp_path / 'sar.py'
    sar_base = REPO / 'configs/textrecog/sar/sar_compact_sroie_iiit5k_synth.py'
    sar.write_text(f'_base_ = [{str(sar_base)!r}]\n')
    assert run_tool(choose.main, 'choose_recog_lexicon.py',
                    [str(sar), str(ckpt)]) == 1
    err = capsys.readouterr().err.strip()
    assert 'a lexicon corrects CTC readings' in err and '\n' not in err


def test_score_applies_each_setting(model_and_words, tmp_path):
    """Scores that read ``hallo`` with a close ``e``: a lexicon holding
    ``hello`` corrects it within a gap of 2 nats, not within 0.01."""
    cfg, _ = model_and_words
    (tmp_path / 'hello.txt').write_text('3.png hello\n')
    test = Config.fromfile(str(cfg)).data.test
    dataset = build_dataset(dict(test, ann_file=str(tmp_path / 'hello.txt')))
    convertor = CTCConvertor(dict_type='DICT91', with_unknown=True,
                             lower=False)
    probs = torch.full((1, 9, convertor.num_classes()), 1e-4)
    for t, chars in enumerate(['h', '', {'a': 0.55, 'e': 0.45}, '', 'l', '',
                               'l', '', 'o']):
        chars = {chars: 1.0} if isinstance(chars, str) else chars
        for char, p in chars.items():
            idx = convertor.blank_idx if char == '' else \
                convertor.str2idx([char])[0][0]
            probs[0, t, idx] = p
    batches = [(torch.log(probs), [{'valid_ratio': 1.0}])]
    lexicon = tmp_path / 'lexicon.txt'
    lexicon.write_text('hello\n')
    plain = choose.score(dataset, batches, convertor, None)
    tight, loose = (choose.score(dataset, batches, convertor,
                                 dict(lexicon_file=str(lexicon),
                                      max_nll_gap=gap))
                    for gap in (0.01, 2.0))
    assert plain['word_acc'] == tight['word_acc'] == 0.0
    assert loose['word_acc'] == 1.0
