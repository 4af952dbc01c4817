import pytest

from mmocr.core.evaluation import eval_ner_f1


def test_entity_level_prf_hand_computed():
    gt_infos = [
        dict(text='张三在北京和上海', label={
            'name': {'张三': [[0, 1]]},
            'address': {'北京': [[3, 4]], '上海': [[6, 7]]}
        }),
        dict(text='无', label={}),
    ]
    results = [[['name', 0, 1], ['address', 3, 4], ['address', 5, 7],
                ('company', 9, 10)], []]
    info = eval_ner_f1(results, gt_infos)
    assert set(info) == {'name', 'address', 'all'}  # no entry for 'company'
    assert info['name'] == {'precision': 1.0, 'recall': 1.0, 'f1-score': 1.0}
    assert info['address'] == {'precision': 0.5, 'recall': 0.5,
                               'f1-score': 0.5}
    assert info['all']['recall'] == pytest.approx(2 / 3)
    assert info['all']['precision'] == pytest.approx(0.5)
    assert info['all']['f1-score'] == pytest.approx(4 / 7)


def test_span_and_type_must_both_match():
    gt_infos = [dict(text='abc', label={'name': {'ab': [[0, 1]]}})]
    info = eval_ner_f1([[['name', 0, 2], ['org', 0, 1]]], gt_infos)
    assert info['all'] == {'precision': 0.0, 'recall': 0.0, 'f1-score': 0.0}


def test_errors():
    with pytest.raises(ValueError, match='1 results but 2'):
        eval_ner_f1([[]], [dict(label={}), dict(label={})])
    with pytest.raises(KeyError, match='label'):
        eval_ner_f1([[]], [dict(text='a')])
    with pytest.raises(ValueError, match=r'results\[0\]\[0\]'):
        eval_ner_f1([[['name', 0]]], [dict(label={})])
