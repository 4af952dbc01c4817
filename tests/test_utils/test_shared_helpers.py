"""Helpers shared by several tools: SROIE image lookup, recognition label
lines, image loading results and Kaiming conv/BN initialisation."""
import numpy as np
import pytest
import torch
from torch import nn

from mmocr.datasets.pipelines.loading import check_image_args, store_image
from mmocr.datasets.utils.sroie import sroie_image
from mmocr.models.common.layers import kaiming_init_conv_bn
from mmocr.runner.base_runner import check_workflow
from mmocr.utils.lmdb_util import format_label_lines, parse_label_line
from mmocr.utils.parallel import parallel_map


def test_sroie_image_any_case_and_missing(tmp_path):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'img' / 'a.JPG').write_bytes(b'x')
    (tmp_path / 'img' / 'b.png').write_bytes(b'x')
    assert sroie_image(str(tmp_path), 'a').endswith('a.JPG')
    assert sroie_image(str(tmp_path), 'b').endswith('b.png')
    with pytest.raises(FileNotFoundError, match="'c'"):
        sroie_image(str(tmp_path), 'c')


@pytest.mark.parametrize('fmt', ['txt', 'jsonl'])
def test_format_label_lines_round_trip(fmt):
    samples = [('a.jpg', 'HELLO'), ('b.jpg', 'two words')]
    text = format_label_lines(samples, fmt)
    assert text.endswith('\n') and text.count('\n') == 2
    parsed = [parse_label_line(line, fmt, f'x:{i}')
              for i, line in enumerate(text.splitlines(), 1)]
    assert parsed == samples
    with pytest.raises(ValueError, match='label_format'):
        format_label_lines(samples, 'csv')


def test_store_image_and_checks():
    img = np.zeros((4, 6, 3), np.uint8)
    results = store_image({}, img, 'dir/a.jpg', 'a.jpg', to_float32=True)
    assert results['img'].dtype == np.float32
    assert results['img_shape'] == results['ori_shape'] == (4, 6, 3)
    assert (results['filename'], results['ori_filename']) == ('dir/a.jpg',
                                                              'a.jpg')
    assert results['img_fields'] == ['img']
    check_image_args('grayscale', 'rgb')
    with pytest.raises(ValueError, match='color_type'):
        check_image_args('colour', 'bgr')
    with pytest.raises(ValueError, match='channel_order'):
        check_image_args('color', 'brg')


def test_kaiming_init_conv_bn():
    torch.manual_seed(0)
    module = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4),
                           nn.ConvTranspose2d(4, 2, 2), nn.Linear(3, 3))
    linear_before = module[3].weight.clone()
    kaiming_init_conv_bn(module, bn_bias=1e-4)
    assert torch.all(module[0].bias == 0) and torch.all(module[2].bias == 0)
    assert torch.all(module[1].weight == 1)
    assert torch.allclose(module[1].bias, torch.full((4, ), 1e-4))
    assert torch.equal(module[3].weight, linear_before)
    # fan-out Kaiming: std = sqrt(2 / (out_channels * k * k))
    std = module[0].weight.std().item()
    assert 0.5 * (2 / 36) ** 0.5 < std < 1.5 * (2 / 36) ** 0.5


def test_check_workflow():
    check_workflow([object(), object()], [('train', 1), ('val', 1)])
    with pytest.raises(ValueError, match='no train stage'):
        check_workflow([object()], [('val', 1)])
    with pytest.raises(ValueError, match='2 stages but 1 data loaders'):
        check_workflow([object()], [('train', 1), ('val', 1)])
    with pytest.raises(TypeError, match='list of DataLoaders'):
        check_workflow(object(), [('train', 1)])


def _square(x):
    return x * x


@pytest.mark.parametrize('nproc', [1, 2])
def test_parallel_map_keeps_order(nproc, capsys):
    assert parallel_map(_square, range(5), nproc, chunksize=2) == [
        0, 1, 4, 9, 16]
    assert capsys.readouterr().err == ''  # no bar without desc
    assert parallel_map(_square, [3], nproc, desc='sq') == [9]
    assert 'sq' in capsys.readouterr().err
