"""KIEDataset, OpensetKIEDataset and the KIE pipeline steps."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from mmocr.datasets import KIEDataset, OpensetKIEDataset
from mmocr.datasets.kie_dataset import sort_vertex8
from mmocr.datasets.pipelines import KIEFormatBundle, ResizeNoImg
from mmocr.datasets.utils import AnnotationParseError

LOADER = dict(type='AnnFileLoader', repeat=1,
              parser=dict(type='LineJsonParser',
                          keys=['file_name', 'height', 'width', 'annotations']))


def _write(path, docs):
    path.write_text(''.join(json.dumps(d) + '\n' for d in docs))
    return str(path)


@pytest.fixture
def dict_file(tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_text('\n'.join('abcdefghij') + '\n')
    return str(path)


def _box(x1, y1, x2, y2):
    return [x1, y1, x2, y1, x2, y2, x1, y2]


def _doc(name, anns):
    return dict(file_name=name, height=100, width=200, annotations=anns)


def test_sort_vertex8_starts_top_left_clockwise():
    assert sort_vertex8([9, 4, 0, 4, 0, 0, 9, 0]) == [0, 0, 9, 0, 9, 4, 0, 4]
    assert sort_vertex8([0, 4, 9, 4, 9, 0, 0, 0]) == [0, 0, 9, 0, 9, 4, 0, 4]


def test_relations_hand_computed(tmp_path, dict_file):
    # A: w = 10, h = 5 at (0, 0), vertices scrambled; B: w = 20, h = 10 at (20, 10)
    ann = _write(tmp_path / 'a.txt', [_doc('x.jpg', [
        dict(box=[9, 4, 0, 4, 0, 0, 9, 0], text='ab', label=1),
        dict(box=_box(20, 10, 39, 19), text='c?a', label=2),
        dict(box=_box(0, 30, 9, 34), text='j', label=0)])])
    ds = KIEDataset(ann, LOADER, dict_file=dict_file, norm=10.)
    info = ds._parse_anno_info(ds.data_infos[0]['annotations'])
    rel = info['relations']
    assert rel.shape == (3, 3, 5)
    np.testing.assert_allclose(rel[0, 0], [0, 0, 2, 1, 2])
    np.testing.assert_allclose(rel[0, 1], [2, 1, 2, 2, 4])
    np.testing.assert_allclose(rel[1, 0], [-2, -1, 2, 0.5, 1])
    np.testing.assert_allclose(info['bboxes'][:2],
                               [[0, 0, 9, 4], [20, 10, 39, 19]])
    # unknown '?' dropped, 1-based indices, -1 padding
    assert info['texts'].tolist() == [[1, 2], [3, 1], [10, -1]]
    # close-set: node label then edges (all linked, diagonal ignored)
    assert info['labels'].tolist() == [[1, -1, 1, 1], [2, 1, -1, 1],
                                       [0, 1, 1, -1]]


def test_toy_dataset_item_for_item(toy_root):
    root = toy_root / 'kie_toy_dataset'
    ds = KIEDataset(str(root / 'wildreceipt' / 'data.txt'), LOADER,
                    dict_file=str(root / 'dict.txt'),
                    pipeline=[dict(type='LoadTextAnnotations'),
                              dict(type='KIEFormatBundle'),
                              dict(type='Collect',
                                   keys=['img', 'relations', 'texts',
                                         'gt_bboxes', 'gt_labels'],
                                   meta_keys=['filename', 'ori_texts'])])
    assert len(ds) == 2 and len(ds.dict) == 92
    lines = (root / 'wildreceipt' / 'data.txt').read_text().splitlines()
    for i, line in enumerate(lines):
        doc = json.loads(line)
        anns = doc['annotations']
        item = ds[i]
        k = len(anns)
        assert item['img_metas'].data['ori_texts'] == [a['text'] for a in anns]
        assert item['relations'].data.shape == (k, k, 5)
        assert item['gt_labels'].data.shape == (k, k + 1)
        assert item['gt_labels'].data[:, 0].tolist() == [a['label'] for a in anns]
        texts = item['texts'].data
        for j, ann in enumerate(anns):
            expected = [ds.dict[c] for c in ann['text'] if c in ds.dict]
            assert texts[j, :len(expected)].tolist() == expected
            assert (texts[j, len(expected):] == -1).all()
            xs, ys = ann['box'][0::2], ann['box'][1::2]
            assert item['gt_bboxes'].data[j].tolist() == [min(xs), min(ys),
                                                          max(xs), max(ys)]
    first = ds[0]
    assert first['img_metas'].data['ori_texts'][0] == 'SAFEWAY'
    assert first['gt_bboxes'].data[0].tolist() == [550, 104, 937, 190]


def test_macro_f1_hand_computed(tmp_path, dict_file):
    ann = _write(tmp_path / 'a.txt', [
        _doc('1.jpg', [dict(box=_box(0, 0, 5, 5), text='a', label=1),
                       dict(box=_box(9, 0, 15, 5), text='b', label=1)]),
        _doc('2.jpg', [dict(box=_box(0, 0, 5, 5), text='c', label=2)])])
    ds = KIEDataset(ann, LOADER, dict_file=dict_file)
    one_hot = torch.eye(3)
    results = [dict(nodes=one_hot[[1, 2]]), dict(nodes=one_hot[[2]])]
    # class 1: P = 1, R = 1/2; class 2: P = 1/2, R = 1 -> F1 2/3 each
    out = ds.evaluate(results, metric_options=dict(macro_f1=dict(ignores=[0])))
    assert out['macro_f1'] == pytest.approx(2 / 3)
    with pytest.raises(KeyError, match='not supported'):
        ds.evaluate(results, metric='hmean')


@pytest.mark.parametrize('bad_ann,match', [
    (dict(box=[0, 0, 5, 0, 5, 5], text='ab', label=1), 'box must be 8 numbers'),
    (dict(box=_box(0, 0, 5, 5), text='ab', label=7), r'label 7 .*0\.\.2'),
])
def test_bad_lines_name_file_and_line(tmp_path, dict_file, bad_ann, match):
    class_list = tmp_path / 'class_list.txt'
    class_list.write_text('0 Ignore\n1 Key\n2 Value\n')
    good = _doc('1.jpg', [dict(box=_box(0, 0, 5, 5), text='a', label=1)])
    ann = _write(tmp_path / 'bad.txt', [good, _doc('2.jpg', [bad_ann])])
    ds = KIEDataset(ann, LOADER, dict_file=dict_file,
                    class_list=str(class_list),
                    pipeline=[dict(type='LoadTextAnnotations')])
    ds[0]
    with pytest.raises(AnnotationParseError, match=match) as err:
        ds[1]
    assert 'bad.txt, line 2' in str(err.value)


def test_empty_receipt_is_reported(tmp_path, dict_file):
    ann = _write(tmp_path / 'empty.txt', [_doc('1.jpg', [])])
    ds = KIEDataset(ann, LOADER, dict_file=dict_file)
    with pytest.raises(AnnotationParseError, match=r'empty.txt, line 1.*empty receipt'):
        ds[0]


def test_resize_no_img_and_format_bundle_scale_relations():
    relations = np.ones((2, 2, 5), np.float32)
    results = dict(img_info=dict(height=1200, width=1600),
                   img=np.zeros((0, 0, 0), np.uint8),
                   gt_bboxes=np.array([[0, 0, 1600, 1200], [10, 20, 30, 40]],
                                      np.float32),
                   bbox_fields=['gt_bboxes'],
                   ann_info=dict(relations=relations,
                                 texts=np.array([[1, -1], [2, 3]], np.int32)))
    results = ResizeNoImg(img_scale=(1024, 512), keep_ratio=True)(results)
    # factor = min(1024 / 1600, 512 / 1200) -> 683 x 512
    assert results['img_shape'] == (512, 683, 3)
    sx, sy = 683 / 1600, 512 / 1200
    np.testing.assert_allclose(results['gt_bboxes'][1],
                               [10 * sx, 20 * sy, 30 * sx, 40 * sy], rtol=1e-6)
    results = KIEFormatBundle()(results)
    rel = results['relations'].data
    assert torch.allclose(rel[0, 0], torch.tensor([sx, sy, sx / sy, 1., sx / sy]))
    assert results['texts'].data.tolist() == [[1, -1], [2, 3]]


def _openset_docs():
    # keys 0 and 2, values 1 and 3; pairs (0, 1) and (2, 3); node 4 others
    return [_doc('o.jpg', [
        dict(box=_box(0, 0, 5, 5), text='a', label=1, edge=1),
        dict(box=_box(9, 0, 15, 5), text='b', label=2, edge=1),
        dict(box=_box(0, 9, 5, 15), text='c', label=1, edge=2),
        dict(box=_box(9, 9, 15, 15), text='d', label=2, edge=2),
        dict(box=_box(0, 20, 5, 25), text='e', label=3, edge=3)])]


def test_openset_labels_and_f1(tmp_path, dict_file):
    ann = _write(tmp_path / 'open.txt', _openset_docs())
    ds = OpensetKIEDataset(ann, LOADER, dict_file=dict_file,
                           link_type='one-to-one')
    labels = ds._parse_anno_info(ds.data_infos[0]['annotations'])['labels']
    assert labels[:, 0].tolist() == [1, 2, 1, 2, 3]
    assert labels[0, 1:].tolist() == [-1, 1, 0, 0, 0]
    assert labels[3, 1:].tolist() == [0, 0, 1, -1, 0]
    nodes = torch.eye(4)[[1, 2, 1, 2, 3]]
    link = torch.zeros(5, 5)
    link[0, 1] = 0.9  # (0, 1) found; (2, 3) missed
    link[2, 1] = 0.6  # lower than (0, 1): dropped by one-to-one decoding
    edges = torch.stack([1 - link, link], -1).view(25, 2)
    result = dict(img_metas=[dict(ori_filename='o.jpg')], nodes=nodes,
                  edges=edges)
    out = ds.evaluate([result])
    assert out['edge_openset_f1'] == pytest.approx(2 / 3)
    assert out['node_openset_micro_f1'] == pytest.approx(1.0)
    assert out['node_openset_macro_f1'] == pytest.approx(1.0)
    # many-to-many keeps every link above the threshold: (0, 1) and (2, 1)
    ds.link_type = 'many-to-many'
    pairs, _ = ds._decode_pairs_pred(nodes, nodes.argmax(-1), link)
    assert sorted(pairs) == [(0, 1), (2, 1)]


def test_directed_edges_start_at_keys(tmp_path, dict_file):
    ann = _write(tmp_path / 'open.txt', _openset_docs())
    ds = KIEDataset(ann, LOADER, dict_file=dict_file, directed=True)
    labels = ds._parse_anno_info(ds.data_infos[0]['annotations'])['labels']
    assert labels[0, 1:].tolist() == [-1, 1, 0, 0, 0]
    assert labels[1, 1:].tolist() == [0, -1, 0, 0, 0]  # value: no out-edge


def test_dataset_without_annotations_encodes_ocr_results(dict_file):
    with pytest.warns(UserWarning, match='without annotations'):
        ds = KIEDataset(dict_file=dict_file)
    info = ds._parse_anno_info([dict(box=_box(0, 0, 9, 4), text='abc'),
                                dict(box=_box(0, 9, 9, 14), text='j')])
    assert info['texts'].tolist() == [[1, 2, 3], [10, -1, -1]]
    assert info['relations'].shape == (2, 2, 5)
    with pytest.raises(AnnotationParseError, match='box must be 8 numbers'):
        ds._parse_anno_info([dict(box=[0, 0, 1, 1], text='a')])
