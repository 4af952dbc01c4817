import json
import logging

import numpy as np
import pytest

from mmocr.core.evaluation import eval_hmean
from mmocr.core.evaluation.hmean import extract_boundary, get_gt_masks, score_thresholds
from mmocr.registry import UnknownKeyError

A = [0, 0, 10, 0, 10, 10, 0, 10]
B = [20, 0, 30, 0, 30, 10, 20, 10]
C = [40, 0, 50, 0, 50, 10, 40, 10]


def make_inputs():
    # image 0: two gts; true positives scored 0.95 and 0.55, a false
    # positive at 0.45. image 1: one gt found at 0.35, one ignored gt with a
    # prediction on it (never counted), a false positive at 0.75.
    results = [
        dict(boundary_result=[A + [0.95], B + [0.55], C + [0.45]]),
        dict(boundary_result=[A + [0.35], B + [0.99], C + [0.75]]),
    ]
    img_infos = [dict(file_name='img_0.jpg'), dict(filename='img_1.jpg')]
    ann_infos = [dict(masks=[[A], [B]], masks_ignore=[]),
                 dict(masks=[[A]], masks_ignore=[[B]])]
    return results, img_infos, ann_infos


def test_score_thresholds():
    assert score_thresholds(0.3, 0.9, 0.1) == [0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
                                                0.9]
    assert score_thresholds(0.5, 0.5, 0.1) == [0.5]
    with pytest.raises(ValueError):
        score_thresholds(0.6, 0.5, 0.1)
    with pytest.raises(ValueError):
        score_thresholds(0.1, 0.5, 0)


def test_threshold_sweep_picks_best_hmean(capsys):
    results, img_infos, ann_infos = make_inputs()
    # thr 0.3: 3 gts, 5 dets, 3 matches -> hmean 0.75
    # thr 0.4: matches 2 of 3 gts, 4 dets -> hmean 4/7
    # thr 0.5: 2 matches, 3 dets (0.95, 0.55, 0.75) -> hmean 2/3
    # thr 0.6, 0.7: 1 match, 2 dets -> hmean 0.4
    # thr 0.8, 0.9: 1 match, 1 det -> hmean 0.5
    out = eval_hmean(results, img_infos, ann_infos)
    assert set(out) == {'hmean-iou:recall', 'hmean-iou:precision',
                        'hmean-iou:hmean'}
    assert out['hmean-iou:recall'] == pytest.approx(1.0)
    assert out['hmean-iou:precision'] == pytest.approx(0.6)
    assert out['hmean-iou:hmean'] == pytest.approx(0.75)
    assert 'best thr 0.30' in capsys.readouterr().out
    out = eval_hmean(results, img_infos, ann_infos, min_score_thr=0.4,
                     max_score_thr=0.9, logger='silent')
    assert out['hmean-iou:hmean'] == pytest.approx(2 / 3)
    assert out['hmean-iou:recall'] == pytest.approx(2 / 3)


def test_deprecated_score_thr_sets_minimum():
    results, img_infos, ann_infos = make_inputs()
    with pytest.warns(DeprecationWarning, match='score_thr'):
        out = eval_hmean(results, img_infos, ann_infos, score_thr=0.6,
                         logger='silent')
    assert out['hmean-iou:hmean'] == pytest.approx(0.5)
    assert out['hmean-iou:precision'] == 1.0


def test_both_metrics_and_kwargs(caplog):
    results, img_infos, ann_infos = make_inputs()
    logger = logging.getLogger('test_eval_hmean')
    with caplog.at_level(logging.INFO, logger='test_eval_hmean'):
        out = eval_hmean(results, img_infos, ann_infos,
                         metrics={'hmean-iou', 'hmean-ic13'}, logger=logger)
    assert out['hmean-ic13:hmean'] == pytest.approx(0.75)
    assert 'Evaluating hmean-ic13' in caplog.text
    # iou_thr reaches eval_hmean_iou only; ic13 ignores it
    out = eval_hmean(results, img_infos, ann_infos,
                     metrics={'hmean-iou', 'hmean-ic13'}, iou_thr=1.0,
                     logger='silent')
    assert out['hmean-iou:hmean'] == 0.0
    assert out['hmean-ic13:hmean'] == pytest.approx(0.75)


def test_rank_list_written_worst_first(tmp_path):
    results, img_infos, ann_infos = make_inputs()
    path = tmp_path / 'sub' / 'rank.json'
    eval_hmean(results, img_infos, ann_infos, rank_list=str(path),
               logger='silent')
    ranked = json.loads(path.read_text())
    # best threshold 0.3: image 0 has P = 2/3 (hmean 0.8), image 1 P = 1/2
    # (hmean 2/3); worst first
    assert [r['file_name'] for r in ranked] == ['img_1.jpg', 'img_0.jpg']
    assert ranked[0]['hmean'] == pytest.approx(2 / 3)
    assert ranked[1]['hmean'] == pytest.approx(0.8)
    assert ranked[1]['num_dets'] == 3
    with pytest.raises(ValueError, match='json'):
        eval_hmean(results, img_infos, ann_infos, rank_list=str(tmp_path / 'x'),
                   logger='silent')


def test_input_errors():
    results, img_infos, ann_infos = make_inputs()
    with pytest.raises(KeyError, match='hmean-foo'):
        eval_hmean(results, img_infos, ann_infos, metrics={'hmean-foo'})
    with pytest.raises(ValueError, match='must match'):
        eval_hmean(results[:1], img_infos, ann_infos)
    with pytest.raises(KeyError, match='masks_ignore'):
        get_gt_masks([dict(masks=[])])
    with pytest.raises(ValueError, match=r'\["masks"\]\[0\]'):
        get_gt_masks([dict(masks=[[[0, 0, 1]]], masks_ignore=[])])
    with pytest.raises(ValueError, match=r'results\[3\]\["boundary_result"\]'):
        extract_boundary(dict(boundary_result=[A]), 'results[3]')
    with pytest.raises(KeyError, match='boundary_result'):
        extract_boundary(dict(boundaries=[]))
    _, polys, scores = extract_boundary(dict(boundary_result=[A + [0.5]]))
    assert polys == [A] and scores == [0.5]
    gts, ignored = get_gt_masks([dict(masks=[A], masks_ignore=[[B]])])
    assert gts == [[A]] and ignored == [[B]]


def test_sweep_equals_direct_evaluation_at_each_threshold():
    from mmocr.core.evaluation import eval_hmean_ic13, eval_hmean_iou
    rng = np.random.default_rng(3)
    results, ann_infos = [], []
    for _ in range(6):
        gts = [[x, y, x + 20, y, x + 20, y + 8, x, y + 8]
               for x, y in rng.uniform(0, 200, (5, 2))]
        preds = [list(np.array(g) + rng.normal(0, 3, 8)) + [rng.uniform()]
                 for g in gts]
        results.append(dict(boundary_result=preds))
        ann_infos.append(dict(masks=[[g] for g in gts[1:]],
                              masks_ignore=[[gts[0]]]))
    img_infos = [dict(file_name=f'{i}.jpg') for i in range(6)]
    out = eval_hmean(results, img_infos, ann_infos,
                     metrics={'hmean-iou', 'hmean-ic13'}, logger='silent')
    for metric, fn in (('hmean-iou', eval_hmean_iou),
                       ('hmean-ic13', eval_hmean_ic13)):
        direct = []
        for thr in score_thresholds(0.3, 0.9, 0.1):
            preds = [[b[:-1] for b in r['boundary_result'] if b[-1] >= thr]
                     for r in results]
            direct.append(fn(preds, [[m[0] for m in a['masks']]
                                     for a in ann_infos],
                             [[m[0] for m in a['masks_ignore']]
                              for a in ann_infos])[0]['hmean'])
        assert out[f'{metric}:hmean'] == max(direct)
    assert 0 < out['hmean-iou:hmean'] < 1


@pytest.mark.shared_data
def test_toy_icdar_annotations_evaluate_to_one(toy_root):
    """Real ICDAR 2015 toy annotations: predicting every gt and every ignored
    ("###") region gives recall = precision = 1 (ignored hits discarded)."""
    coco = json.loads(
        (toy_root / 'toy_dataset' / 'instances_test.json').read_text())
    images = sorted(coco['images'], key=lambda im: im['id'])
    anns = {im['id']: dict(masks=[], masks_ignore=[]) for im in images}
    for ann in coco['annotations']:
        key = 'masks_ignore' if ann.get('iscrowd') else 'masks'
        anns[ann['image_id']][key].append(ann['segmentation'])
    ann_infos = [anns[im['id']] for im in images]
    results = [dict(boundary_result=[m[0] + [0.95] for m in
                                     a['masks'] + a['masks_ignore']])
               for a in ann_infos]
    out = eval_hmean(results, images, ann_infos,
                     metrics={'hmean-iou', 'hmean-ic13'}, logger='silent')
    assert sum(len(a['masks_ignore']) for a in ann_infos) > 0
    assert out == {f'{m}:{k}': 1.0 for m in ('hmean-iou', 'hmean-ic13')
                   for k in ('recall', 'precision', 'hmean')}


def test_kwargs_no_metric_accepts_are_rejected():
    results, img_infos, ann_infos = make_inputs()
    with pytest.raises(UnknownKeyError) as info:
        eval_hmean(results, img_infos, ann_infos, metrics='hmean-ic13',
                   iou_thr=0.5, logger='silent')
    message = str(info.value)
    # iou_thr belongs to hmean-iou only: with hmean-ic13 alone it is unknown
    assert "'iou_thr'" in message and 'hmean-ic13' in message
    assert 'precision_thr' in message and 'min_score_thr' in message
    with pytest.raises(UnknownKeyError, match="'iou_thrr' \\(did you mean "
                       "'iou_thr'"):
        eval_hmean(results, img_infos, ann_infos, iou_thrr=0.5,
                   logger='silent')
    with pytest.raises(TypeError):  # UnknownKeyError is also a TypeError
        eval_hmean(results, img_infos, ann_infos, bogus=1, logger='silent')
