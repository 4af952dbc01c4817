"""hmean-iou on many-point curved polygons agrees with the per-pair shapely
loop of benchmarks/bench_hmean.py (on the data of bench_hmean_curved.py)."""

import numpy as np

from mmocr.core.evaluation import eval_hmean_iou
from mmocr.utils.scripts import load_script


def test_curved_hmean_matches_the_per_pair_loop(repo_root, monkeypatch):
    monkeypatch.syspath_prepend(str(repo_root / 'benchmarks'))
    path = repo_root / 'benchmarks' / 'bench_hmean_curved.py'
    bench = load_script(path, 'bench_hmean_curved')
    rng = np.random.default_rng(3)
    preds, gts, ignored = map(list, zip(*(bench.synthetic_image(rng, 6)
                                          for _ in range(8))))
    assert {len(g) for img in gts for g in img} == {28}
    assert {len(p) for img in preds for p in img} == {100}
    from bench_hmean import baseline_hmean_iou  # on the path set above
    ours, per_image = eval_hmean_iou(preds, gts, ignored)
    assert ours == baseline_hmean_iou(preds, gts, ignored)
    assert 0 < ours['num_match'] < ours['num_gts']
    assert sum(r['num_match'] for r in per_image) == ours['num_match']
