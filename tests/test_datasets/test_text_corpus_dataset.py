"""TextCorpusDataset (ABINet language-model samples from a word list) and
the language-model pretraining config through tools/train.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import mmocr.models  # noqa: F401 (registers the convertors)
from mmocr.datasets import TextCorpusDataset, build_dataloader, build_dataset
from mmocr.utils.errors import InvalidValueError

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / 'configs/textrecog/abinet/abinet_lm_pretrain_corpus.py'
CONVERTOR = dict(type='ABIConvertor', dict_type='DICT36', with_unknown=False,
                 lower=True, max_seq_len=8)


def _corpus(tmp_path: Path, text: str) -> str:
    path = tmp_path / 'words.txt'
    path.write_text(text, encoding='utf-8')
    return str(path)


def test_samples_are_corrupted_one_hot_readings(tmp_path):
    ds = TextCorpusDataset(_corpus(tmp_path, 'Hello\n\n  world \nab\n'),
                           CONVERTOR, corrupt_prob=0., test_mode=True)
    assert ds.words == ['hello', 'world', 'ab'] and len(ds) == 3
    sample = ds[0]
    img, meta = sample['img'].data, sample['img_metas'].data
    assert img.shape == (8, 37)  # max_seq_len x (DICT36 + <BOS/EOS>)
    assert meta['text'] == meta['corrupted_text'] == 'hello'
    conv = ds.convertor
    assert img.argmax(-1).tolist() == conv.str2idx(['hello'])[0] + [36] * 3
    assert torch.equal(img.sum(-1), torch.ones(8))


def test_corruption_changes_spelling_and_is_fixed_in_test_mode(tmp_path):
    path = _corpus(tmp_path, '\n'.join(['recognition'] * 50))
    ds = TextCorpusDataset(path, CONVERTOR, corrupt_prob=0.5, test_mode=True)
    corrupted = [ds[i]['img_metas'].data['corrupted_text'] for i in range(50)]
    assert sum(c != 'recognition' for c in corrupted) > 40
    assert corrupted == [ds[i]['img_metas'].data['corrupted_text']
                         for i in range(50)]
    assert all(set(c) <= set(ds.charset) for c in corrupted)


def test_batches_and_evaluation(tmp_path):
    ds = build_dataset(dict(type='TextCorpusDataset',
                            ann_file=_corpus(tmp_path, 'ab\ncd\nef\n'),
                            label_convertor=CONVERTOR, test_mode=True))
    batch = next(iter(build_dataloader(ds, samples_per_gpu=3,
                                       workers_per_gpu=0, shuffle=False)))
    assert batch['img'].shape == (3, 8, 37)
    assert [m['text'] for m in batch['img_metas']] == ['ab', 'cd', 'ef']
    metrics = ds.evaluate([dict(text='ab'), dict(text='cd'), dict(text='x')])
    assert metrics['word_acc'] == pytest.approx(2 / 3, abs=1e-4)


def test_empty_or_missing_corpus_names_the_file(tmp_path):
    empty = _corpus(tmp_path, '\n  \n\n')
    with pytest.raises(InvalidValueError, match=f'{empty} has no words'):
        TextCorpusDataset(empty, CONVERTOR)
    with pytest.raises(FileNotFoundError, match='nowhere.txt'):
        TextCorpusDataset(str(tmp_path / 'nowhere.txt'), CONVERTOR)
    with pytest.raises(InvalidValueError, match='corrupt_prob'):
        TextCorpusDataset(_corpus(tmp_path, 'a\n'), CONVERTOR,
                          corrupt_prob=1.5)


@pytest.mark.parametrize('data', [
    b'\xef\xbb\xbfHello\nworld\n',          # UTF-8 byte-order mark
    b'Hello\r\nworld\r\n',                   # Windows line ends
    b'\xef\xbb\xbfHello\r\n\r\nworld',        # both, a blank line, no end
    b'Hello\rworld\r'])                      # old Mac line ends
def test_bom_and_crlf_corpus_reads_as_plain_lines(tmp_path, data):
    path = tmp_path / 'words.txt'
    path.write_bytes(data)
    assert TextCorpusDataset(str(path), CONVERTOR).words == ['hello', 'world']


def test_non_utf8_corpus_names_the_line(tmp_path):
    path = tmp_path / 'latin1.txt'
    path.write_bytes('hello\ncaf\xe9\n'.encode('latin-1'))
    with pytest.raises(InvalidValueError, match=r'latin1.txt:2: not UTF-8'):
        TextCorpusDataset(str(path), CONVERTOR)


def _run_tool(tmp_path: Path, corpus: str, tool: str, *args: str
              ) -> subprocess.CompletedProcess:
    tiny = ('model.decoder.d_model=32 model.decoder.n_head=2 '
            'model.decoder.d_inner=32 model.decoder.n_layers=1 '
            f'data.train.ann_file={corpus} data.val.ann_file={corpus} '
            f'data.test.ann_file={corpus} data.samples_per_gpu=16 '
            'data.workers_per_gpu=0 runner.max_iters=4 '
            'checkpoint_config.interval=4 evaluation.interval=4 '
            'log_config.interval=2 optimizer.lr=0.003').split()
    env = dict(os.environ, OMP_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join(
                   p for p in (str(REPO), os.environ.get('PYTHONPATH')) if p))
    return subprocess.run(
        [sys.executable, str(REPO / 'tools' / tool), str(CONFIG), *args,
         '--cfg-options', *tiny],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def _train(tmp_path: Path, corpus: str) -> subprocess.CompletedProcess:
    return _run_tool(tmp_path, corpus, 'train.py',
                     '--work-dir', str(tmp_path / 'work'))


@pytest.mark.slow
def test_language_model_pretrains_with_tools_train(tmp_path):
    words = ['hello', 'world', 'text', 'model', 'spell', 'corpus'] * 20
    out = _train(tmp_path, _corpus(tmp_path, '\n'.join(words)))
    assert out.returncode == 0, out.stderr[-3000:]
    ckpt = torch.load(tmp_path / 'work' / 'iter_4.pth', weights_only=True)
    assert sorted(ckpt['state_dict'])[0].startswith('decoder.')
    log = out.stdout + out.stderr
    assert 'loss_lang' in log and 'word_acc' in log
    # tools/test.py evaluates the checkpoint (it sets model.train_cfg=None,
    # which the language model accepts as every recognizer does)
    out = _run_tool(tmp_path, _corpus(tmp_path, '\n'.join(words)), 'test.py',
                    str(tmp_path / 'work' / 'iter_4.pth'), '--eval', 'acc')
    assert out.returncode == 0, out.stderr[-3000:]
    assert 'word_acc' in out.stdout + out.stderr


@pytest.mark.slow
def test_tools_train_on_an_empty_corpus_names_it(tmp_path):
    empty = _corpus(tmp_path, '\n')
    out = _train(tmp_path, empty)
    assert out.returncode != 0
    assert f'{empty} has no words' in out.stderr
