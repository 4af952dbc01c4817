"""SROIE loading, engine timing/scoring and table formatting of
``mmocr.inference.e2e_eval`` on a tiny synthetic SROIE folder and fake
engines."""
import pytest

from mmocr.datasets.utils.splits import kfold_split
from mmocr.inference.e2e_eval import (
    evaluate_engine,
    format_table,
    load_sroie_e2e,
    mmocr_engine,
)


@pytest.fixture
def sroie(tmp_path):
    """10 receipts ``r0..r9``, each with one line ``TEXT<i>`` at
    ``[0, 0, 10, 10]``; plus an image without a box file."""
    (tmp_path / 'img').mkdir()
    (tmp_path / 'box').mkdir()
    for i in range(10):
        (tmp_path / 'img' / f'r{i}.jpg').write_bytes(b'')
        (tmp_path / 'box' / f'r{i}.csv').write_text(
            f'0,0,10,0,10,10,0,10,TEXT,{i}\n')
    (tmp_path / 'img' / 'orphan.jpg').write_bytes(b'')
    return tmp_path


def test_load_sroie_folds_are_the_converters(sroie):
    # The folds partition the training part as kfold_split (the converter's
    # --folds) deals it, with the same seed.
    train = [s.name for s in load_sroie_e2e(str(sroie), 'train', 0.2, seed=3)]
    folds = [[s.name for s in load_sroie_e2e(str(sroie), f'fold{f}', 0.2,
                                             seed=3, folds=4)]
             for f in range(4)]
    assert folds == kfold_split(train, 4, seed=3)
    assert sorted(sum(folds, [])) == sorted(train)


def test_load_sroie_splits(sroie):
    val = load_sroie_e2e(str(sroie), 'val', val_ratio=0.2, seed=0)
    train = load_sroie_e2e(str(sroie), 'train', val_ratio=0.2, seed=0)
    assert len(val) == 2 and len(train) == 8
    assert not {s.name for s in val} & {s.name for s in train}
    everything = load_sroie_e2e(str(sroie), 'all')
    assert [s.name for s in everything] == [f'r{i}' for i in range(10)]
    first = everything[0]
    assert first.img_path == str(sroie / 'img' / 'r0.jpg')
    assert first.gt == [([0, 0, 10, 0, 10, 10, 0, 10], 'TEXT,0')]
    assert len(load_sroie_e2e(str(sroie), 'all', limit=3)) == 3
    with pytest.raises(ValueError, match='split'):
        load_sroie_e2e(str(sroie), 'test')
    with pytest.raises(ValueError, match='fold0 .. fold3'):
        load_sroie_e2e(str(sroie), 'fold4', val_ratio=0.2, folds=4)
    with pytest.raises(ValueError, match='no SROIE image'):
        load_sroie_e2e(str(sroie), 'val', val_ratio=0.0)
    with pytest.raises(FileNotFoundError, match='img'):
        load_sroie_e2e(str(sroie / 'missing'))


def test_evaluate_engine_scores_and_isolates_failures(sroie):
    samples = load_sroie_e2e(str(sroie), 'all', limit=4)
    calls = []

    def engine(paths):
        calls.append(len(paths))
        if any(p.endswith('r2.jpg') for p in paths):
            raise RuntimeError('cannot read r2')
        out = []
        for p in paths:
            i = p[-5]
            if i == '3':
                out.append({'result': [], 'error': 'broken image'})
            else:  # r0 right, r1 wrong text
                out.append({'result': [{'box': [0, 0, 10, 0, 10, 10, 0, 10],
                                        'text': 'text, 0' if i == '0'
                                        else 'TEXT,7'}]})
        return out

    report = evaluate_engine(engine, samples, chunk_size=2, progress=False)
    # chunk [r0, r1], then chunk [r2, r3] fails and is retried one by one
    assert calls == [2, 2, 1, 1]
    assert report.errors == {'r2': 'RuntimeError: cannot read r2',
                             'r3': 'broken image'}
    assert report.metrics['num_gt'] == 4 and report.metrics['num_pred'] == 2
    assert report.metrics['num_correct'] == 1
    assert report.metrics['line_acc'] == 0.25
    assert report.metrics['line_precision'] == 0.5
    assert report.seconds_per_image >= 0
    per_image = report.per_image(samples)
    assert per_image[1]['misread'] == [['TEXT,1', 'TEXT,7']]
    assert per_image[2]['missed'] == ['TEXT,2']
    with pytest.raises(ValueError, match='chunk_size'):
        evaluate_engine(engine, samples, chunk_size=0)


def test_mmocr_engine_passes_options_and_sums_timings():
    class FakeOCR:
        timings = {'det': 0.5, 'recog': 1.0}

        def readtext(self, img, **kwargs):
            self.kwargs = kwargs
            return [{'filename': 'a', 'result': []} for _ in img]

    ocr, timings = FakeOCR(), {}
    read = mmocr_engine(ocr, batch_mode=True, show_dir='vis', timings=timings)
    assert read(['a.jpg', 'b.jpg']) == [{'filename': 'a', 'result': []}] * 2
    read(['c.jpg'])
    assert ocr.kwargs == dict(details=True, output='vis', batch_mode=True)
    assert timings == {'det': 1.0, 'recog': 2.0}


def test_format_table():
    table = format_table(['engine', 'acc'], [('ours', 0.5), ('x', 12)])
    assert table.splitlines() == ['engine  acc', '------  ------',
                                  'ours    0.5000', 'x           12']
