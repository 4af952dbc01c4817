"""SegOCR: SegConvertor, FPNOCR, SegHead, SegLoss and SegRecognizer, with
MMOCR 0.x's parameter names, hand-built maps, and the toy config trained for
one epoch (on MMOCR's toy char-box data when ../shared/data is there, and on
a tiny fixture written under tmp_path)."""
from __future__ import annotations

import inspect
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmocr.apis import single_gpu_test, train_detector
from mmocr.core.mask import BitmapMasks
from mmocr.datasets.builder import build_dataloader, build_dataset
from mmocr.datasets.pipelines import OCRSegTargets
from mmocr.inference import MMOCR
from mmocr.inference.model_zoo import get_model_entry
from mmocr.models import build_detector
from mmocr.models.textrecog import (
    FPNOCR,
    SegConvertor,
    SegHead,
    SegLoss,
    SegRecognizer,
)
from mmocr.runner.checkpoint import save_checkpoint
from mmocr.utils.config import Config

REPO = Path(__file__).resolve().parents[3]
TOY_CONFIG = REPO / 'configs/textrecog/seg/seg_r31_1by16_fpnocr_toy_dataset.py'
ACADEMIC_CONFIG = REPO / 'configs/textrecog/seg/seg_r31_1by16_fpnocr_academic.py'
TOY_PREFIX = '../shared/data/mmocr_toy/ocr_char_ann_toy_dataset'


def _conv_bn_keys(prefix: str, bias: bool = False) -> list[str]:
    keys = [f'{prefix}.conv.weight'] + ([f'{prefix}.conv.bias'] if bias
                                        else [])
    return keys + [f'{prefix}.bn.{name}' for name in (
        'weight', 'bias', 'running_mean', 'running_var',
        'num_batches_tracked')]


def test_neck_and_head_state_dict_names_match_mmocr_0x():
    # 0.x: FPNOCR's ModuleLists of ConvModule(norm_cfg=BN) (conv without
    # bias, norm named 'bn'); SegHead's seg_conv (ConvModule) and pred_conv.
    neck = FPNOCR(in_channels=[4, 8, 8], out_channels=6)
    expected = []
    for i in range(3):
        expected += _conv_bn_keys(f'lateral_convs.{i}')
    for i in range(2):
        expected += _conv_bn_keys(f'smooth_convs_1x1.{i}')
    for i in range(2):
        expected += _conv_bn_keys(f'smooth_convs_3x3.{i}')
    assert list(neck.state_dict()) == expected
    head = SegHead(in_channels=6, num_classes=5)
    assert list(head.state_dict()) == _conv_bn_keys('seg_conv') + [
        'pred_conv.weight', 'pred_conv.bias']


def test_seg_model_state_dict_layout():
    cfg = Config.fromfile(str(TOY_CONFIG))
    model = build_detector(cfg.model)
    keys = list(model.state_dict())
    assert {k.split('.')[0] for k in keys} == {'backbone', 'neck', 'head'}
    assert sum(k.startswith('neck.') for k in keys) == 6 * (4 + 3 + 3)
    assert keys[-2:] == ['head.pred_conv.weight', 'head.pred_conv.bias']
    # DICT36 + <BG> + <UKN>
    assert model.head.pred_conv.out_channels == 38
    assert model.state_dict()['neck.lateral_convs.0.conv.weight'].shape == (
        256, 128, 1, 1)
    assert 'backbone.block5.2.conv2.weight' in keys


def test_fpnocr_and_head_shapes():
    neck = FPNOCR(in_channels=[4, 8, 8, 8], out_channels=6,
                  last_stage_only=False)
    feats = [torch.rand(2, c, 16 // 2**i, 32 // 2**i)
             for i, c in enumerate([4, 8, 8, 8])]
    outs = neck(feats)
    assert [tuple(o.shape) for o in outs] == [(2, 6, 4, 8), (2, 6, 8, 16),
                                              (2, 6, 16, 32)]
    neck.last_stage_only = True
    (last, ) = neck(feats)
    assert last.shape == (2, 6, 16, 32)
    head = SegHead(in_channels=6, num_classes=5,
                   upsample_param=dict(scale_factor=2.0, mode='nearest'))
    assert head([last]).shape == (2, 5, 32, 64)
    assert SegHead(in_channels=6, num_classes=5)([last]).shape == (2, 5, 16,
                                                                    32)
    with pytest.raises(ValueError, match='num_classes'):
        SegHead(num_classes=0)
    with pytest.raises(ValueError, match='expects 4 maps'):
        neck(feats[:3])


def test_seg_convertor_dictionary():
    conv = SegConvertor(dict_type='DICT36', with_unknown=True, lower=True)
    assert conv.idx2char[0] == '<BG>' and conv.idx2char[-1] == '<UKN>'
    assert conv.num_classes() == 38 and conv.unknown_idx == 37
    assert conv.str2idx(['Ab:']) == [[11, 12, 37]]
    assert SegConvertor(dict_list=['x'], with_unknown=False).idx2char == [
        '<BG>', 'x']
    with pytest.raises(TypeError, match='lower'):
        SegConvertor(lower=1)


def _map_with(boxes: list[tuple[int, int, int, int, int]], h: int = 10,
              w: int = 40, num_classes: int = 5) -> torch.Tensor:
    """Logits (1, C, h, w) whose arg-max is class c over each (x1, y1, x2,
    y2, c) box (exclusive ends), background elsewhere."""
    cls = np.zeros((h, w), np.int64)
    for x1, y1, x2, y2, c in boxes:
        cls[y1:y2, x1:x2] = c
    return F.one_hot(torch.from_numpy(cls), num_classes).permute(
        2, 0, 1)[None].float()


def test_seg_convertor_reads_components_left_to_right():
    conv = SegConvertor(dict_list=['a', 'b', 'c'], with_unknown=True)
    # classes: 1 a, 2 b, 3 c, 4 <UKN>
    logits = _map_with([
        (20, 2, 25, 7, 2),    # 'b', 25 px, right
        (2, 2, 7, 7, 1),      # 'a', 25 px, left
        (9, 2, 13, 7, 3),     # 'c': 4x5 = 20 px of c ...
        (13, 2, 14, 7, 1),    # ... touching 5 px of 'a': one component
        (30, 0, 33, 3, 3),    # 9 px: below min_char_area, dropped
        (35, 2, 40, 7, 4),    # <UKN>: dropped
    ])
    indexes, scores = conv.tensor2idx(logits)
    assert conv.idx2str(indexes) == ['acb']
    np.testing.assert_allclose(scores[0], [1.0, 20 / 25, 1.0])
    # valid_ratio 0.5 reads int(40 * 0.5 + 1) = 21 columns: 'b' starts at 20
    # and keeps 1 column (5 px < 20): dropped.
    indexes, _ = conv.tensor2idx(logits, [dict(valid_ratio=0.5)])
    assert conv.idx2str(indexes) == ['ac']
    with pytest.raises(ValueError, match='expected class maps'):
        conv.tensor2idx(logits[:, :3])
    with pytest.raises(ValueError, match='2 img_metas'):
        conv.tensor2idx(logits, [{}, {}])


def _naive_read(conv: SegConvertor, seg_res: np.ndarray):
    """MMOCR 0.x's loop over components and classes (its reference)."""
    _, labels, _, centroids = cv2.connectedComponentsWithStats(
        np.where(seg_res == 0, 0, 255).astype(np.uint8))
    found = []
    for i in range(labels.max() + 1):
        values = seg_res[labels == i]
        best_num, best_cls, total = 0, -1, 0
        for c in range(conv.num_classes()):
            num = int(np.sum(values == c))
            total += num
            if num > best_num:
                best_num, best_cls = num, c
        if best_cls == 0:
            continue
        found.append((best_cls, centroids[i][0], best_num, best_num / total))
    found.sort(key=lambda r: r[1])
    keep = [r for r in found if r[2] >= 20 and r[0] != conv.unknown_idx]
    return [r[0] for r in keep], [r[3] for r in keep]


def test_seg_convertor_matches_the_0x_loop_on_random_maps():
    conv = SegConvertor(dict_list=list('abcdef'), with_unknown=True)
    rng = np.random.default_rng(0)
    for _ in range(5):
        coarse = rng.integers(0, conv.num_classes(), (1, 1, 4, 16))
        coarse[rng.random(coarse.shape) < 0.5] = 0
        seg = torch.from_numpy(coarse).float()
        seg = F.interpolate(seg, scale_factor=6, mode='nearest').long()[0, 0]
        seg[rng.random(seg.shape) < 0.05] = 0
        logits = F.one_hot(seg, conv.num_classes()).permute(2, 0, 1)[None]
        indexes, scores = conv.tensor2idx(logits.float())
        ref_idx, ref_scores = _naive_read(conv, seg.numpy())
        assert indexes[0] == ref_idx
        np.testing.assert_allclose(scores[0], ref_scores)


def _kernels(seg: np.ndarray) -> BitmapMasks:
    h, w = seg.shape
    return BitmapMasks([np.clip(seg, 0, 1), seg, np.ones_like(seg)], h, w)


def test_seg_loss_weights_by_hand():
    target = np.zeros((4, 6), np.int32)
    target[1:3, 1:3] = 2  # 4 character pixels
    target[:, 5] = 255    # padding: ignored
    logits = torch.randn(1, 3, 4, 6)
    loss = SegLoss(seg_downsample_ratio=1.0)(None, logits,
                                             [_kernels(target)])['loss_seg']
    # 16 background pixels, 4 character pixels -> character weight 4
    expected = F.cross_entropy(logits, torch.from_numpy(target).long()[None],
                               weight=torch.tensor([1., 4., 4.]),
                               ignore_index=255)
    assert torch.isclose(loss, expected)
    plain = SegLoss(seg_downsample_ratio=1.0, seg_with_loss_weight=False)(
        None, logits, [_kernels(target)])['loss_seg']
    assert torch.isclose(plain, F.cross_entropy(
        logits, torch.from_numpy(target).long()[None], ignore_index=255))
    # half-size logits against targets rescaled by 0.5
    half = SegLoss(seg_downsample_ratio=0.5)(None, torch.randn(1, 3, 2, 3),
                                             [_kernels(target)])
    assert torch.isfinite(half['loss_seg'])
    # no character pixel: finite (0.x divided by zero)
    empty = SegLoss()(None, torch.randn(1, 3, 2, 3),
                      [_kernels(np.zeros((4, 6), np.int32))])
    assert torch.isfinite(empty['loss_seg'])
    with pytest.raises(ValueError, match='differ in size'):
        SegLoss(seg_downsample_ratio=1.0)(None, torch.randn(1, 3, 2, 3),
                                          [_kernels(target)])
    with pytest.raises(ValueError, match='seg_downsample_ratio'):
        SegLoss(seg_downsample_ratio=0)


def _tiny_model_cfg(cfg: Config) -> dict:
    model = cfg.model
    model['backbone'].update(layers=[1, 1, 1, 1],
                             channels=[8, 16, 16, 16, 32, 32])
    model['neck'].update(in_channels=[16, 16, 32, 32], out_channels=16)
    model['head'].update(in_channels=16)
    return model


def test_seg_recognizer_learns_a_toy_batch_and_reads_it():
    torch.manual_seed(0)
    cfg = Config.fromfile(str(TOY_CONFIG))
    model = build_detector(_tiny_model_cfg(cfg))
    model.init_weights()
    # two 16x48 images: a bright square left ('a'), right ('b')
    img = torch.full((2, 3, 16, 48), -1.0)
    seg = np.zeros((2, 16, 48), np.int32)
    img[0, :, 3:13, 4:14] = 1
    seg[0, 3:13, 4:14] = model.label_convertor.str2idx(['a'])[0][0]
    img[1, :, 3:13, 32:42] = 1
    seg[1, 3:13, 32:42] = model.label_convertor.str2idx(['b'])[0][0]
    metas = [dict(filename=f'{i}.png', ori_shape=(16, 48, 3),
                  resize_shape=(16, 48, 3)) for i in range(2)]
    kernels = [_kernels(s) for s in seg]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    losses = []
    for _ in range(60):
        out = model.train_step(dict(img=img, img_metas=metas,
                                    gt_kernels=kernels), optimizer)
        optimizer.zero_grad()
        out['loss'].backward()
        optimizer.step()
        losses.append(out['loss'].item())
    assert losses[-1] < 0.2 * losses[0]
    model.eval()
    with torch.no_grad():
        results = model(img, metas, return_loss=False)
        merged = model([img, img], [metas, metas], return_loss=False)
    assert [r['text'] for r in results] == ['a', 'b']
    assert all(len(r['score']) == 1 and 0 < r['score'][0] <= 1
               for r in results)
    # test-time views merged: the mean character score, a float (0.x)
    assert [m['text'] for m in merged] == ['a', 'b']
    assert isinstance(merged[0]['score'], float)
    with pytest.raises(ValueError, match='gt_kernels'):
        model(img, metas)


def _point_to(datasets: list, root: Path) -> None:
    for sub in datasets:
        sub['img_prefix'] = sub['img_prefix'].replace(TOY_PREFIX, str(root))
        sub['ann_file'] = sub['ann_file'].replace(TOY_PREFIX, str(root))
        sub['loader']['repeat'] = 1


def _train_toy_config_one_epoch(root: Path, work_dir: Path,
                                num_images: int) -> dict:
    torch.manual_seed(0)
    np.random.seed(0)
    cfg = Config.fromfile(str(TOY_CONFIG))
    cfg.merge_from_dict({
        'data.samples_per_gpu': 5, 'data.workers_per_gpu': 0,
        'total_epochs': 1, 'log_config.interval': 1})
    # as in 0.x, the seg configs save no checkpoint unless told
    cfg.checkpoint_config = dict(interval=1)
    _tiny_model_cfg(cfg)
    for split in ('train', 'test'):
        _point_to(cfg.data[split]['datasets'], root)
    cfg.work_dir = str(work_dir)
    cfg.gpu_ids = [0]
    cfg.seed = 0
    model = build_detector(cfg.model)
    model.init_weights()
    train_set = build_dataset(cfg.data.train)
    assert len(train_set) == num_images
    sample = train_set[0]
    assert sample['gt_kernels'].data.masks.shape[0] == 3
    train_detector(model, train_set, cfg, validate=False)
    assert (work_dir / 'epoch_1.pth').is_file()
    test_set = build_dataset(cfg.data.test, dict(test_mode=True))
    loader = build_dataloader(test_set, samples_per_gpu=2, workers_per_gpu=0,
                              shuffle=False)
    results = single_gpu_test(model, loader)
    assert len(results) == num_images
    assert all(isinstance(r['text'], str) and len(r['score']) == len(
        r['text']) for r in results)
    metrics = test_set.evaluate(results, metric='acc')
    assert {'0_word_acc', '0_1-N.E.D'} <= set(metrics)
    return metrics


@pytest.mark.slow
def test_toy_config_trains_one_epoch_on_mmocr_toy_data(toy_root, tmp_path):
    _train_toy_config_one_epoch(toy_root / 'ocr_char_ann_toy_dataset',
                                tmp_path, num_images=10)


def _write_fixture(root: Path) -> None:
    """Two word images with character quads, as MMOCR's char-box toy data."""
    (root / 'imgs').mkdir(parents=True)
    train, test = [], []
    for i, word in enumerate(['ab', 'cab']):
        img = np.full((24, 20 * len(word), 3), 255, np.uint8)
        anns = []
        for k, char in enumerate(word):
            x1, x2 = 20 * k + 3, 20 * k + 17
            cv2.putText(img, char, (x1, 19), cv2.FONT_HERSHEY_SIMPLEX, 0.7,
                        (0, 0, 0), 2)
            anns.append(dict(char_text=char, char_box=[
                x1, 3, x2, 3, x2, 21, x1, 21]))
        name = f'w{i}.png'
        cv2.imwrite(str(root / 'imgs' / name), img)
        train.append(json.dumps(dict(file_name=name, annotations=anns,
                                     text=word)))
        test.append(f'{name} {word}')
    (root / 'instances_train.txt').write_text('\n'.join(train) + '\n')
    (root / 'instances_test.txt').write_text('\n'.join(test) + '\n')


def test_toy_config_trains_one_epoch_on_a_tmp_fixture(tmp_path):
    root = tmp_path / 'data'
    _write_fixture(root)
    _train_toy_config_one_epoch(root, tmp_path / 'work', num_images=2)


def test_academic_config_matches_0x():
    cfg = Config.fromfile(str(ACADEMIC_CONFIG))
    assert cfg.model['type'] == 'SegRecognizer'
    assert cfg.data.train['datasets'][0]['type'] == 'OCRSegDataset'
    steps = [s['type'] for s in cfg.data.train['pipeline']]
    assert steps[:5] == ['LoadImageFromFile', 'RandomPaddingOCR',
                         'OpencvToPil', 'RandomRotateImageBox', 'PilToOpencv']
    assert cfg.data.train['pipeline'][-2] == dict(
        type='CustomFormatBundle', keys=['gt_kernels'],
        visualize=dict(flag=False, boundary_key=None), call_super=False)
    assert cfg.total_epochs == 5 and cfg.optimizer['lr'] == 1e-4


def test_seg_zoo_entry_is_the_0x_checkpoint():
    entry = get_model_entry('SEG', 'textrecog')
    assert entry.checkpoint == (
        'https://download.openmmlab.com/mmocr/textrecog/seg/'
        'seg_r31_1by16_fpnocr_academic-72235b11.pth')
    assert entry.sha256 == '72235b11'
    assert (REPO / 'configs' / entry.config) == ACADEMIC_CONFIG


@pytest.mark.parametrize('cls,params', [
    (SegRecognizer, ('preprocessor', 'backbone', 'neck', 'head', 'loss',
                     'label_convertor', 'train_cfg', 'test_cfg', 'pretrained',
                     'init_cfg')),
    # 0.x's init_cfg (mmcv BaseModule) is taken (None: PyTorch's default
    # init); SegLoss and SegConvertor drop 0.x's swallowed kwargs.
    (FPNOCR, ('in_channels', 'out_channels', 'last_stage_only', 'init_cfg')),
    (SegHead, ('in_channels', 'num_classes', 'upsample_param', 'init_cfg')),
    (SegLoss, ('seg_downsample_ratio', 'seg_with_loss_weight',
               'ignore_index')),
    (SegConvertor, ('dict_type', 'dict_file', 'dict_list', 'with_unknown',
                    'lower')),
    (OCRSegTargets, ('label_convertor', 'attn_shrink_ratio',
                     'seg_shrink_ratio', 'box_type', 'pad_val')),
])
def test_signatures_and_defaults_follow_0x(cls, params):
    signature = inspect.signature(cls.__init__)
    assert tuple(signature.parameters)[1:] == params
    defaults = {
        SegHead: dict(in_channels=128, num_classes=37, upsample_param=None),
        SegLoss: dict(seg_downsample_ratio=0.5, seg_with_loss_weight=True,
                      ignore_index=255),
        SegConvertor: dict(dict_type='DICT36', with_unknown=True,
                           lower=False),
        OCRSegTargets: dict(attn_shrink_ratio=0.5, seg_shrink_ratio=0.25,
                            box_type='char_rects', pad_val=255),
        FPNOCR: dict(last_stage_only=True),
    }.get(cls, {})
    for name, value in defaults.items():
        assert signature.parameters[name].default == value, name


def test_mmocr_reads_words_with_the_seg_zoo_name(tmp_path):
    """``MMOCR(det=None, recog='SEG')`` with a local (tiny) config and
    checkpoint, one image at a time and in batch mode: 0.x's
    ``{'text', 'score'}`` per image."""
    cfg = tmp_path / 'seg_tiny.py'
    cfg.write_text(
        f"_base_ = ['{TOY_CONFIG}']\n"
        'model = dict(\n'
        '    backbone=dict(layers=[1, 1, 1, 1],\n'
        '                  channels=[4, 8, 8, 8, 16, 16]),\n'
        '    neck=dict(in_channels=[8, 8, 16, 16], out_channels=8),\n'
        '    head=dict(in_channels=8))\n')
    torch.manual_seed(0)
    model = build_detector(Config.fromfile(str(cfg)).model)
    with torch.no_grad():  # random weights that read some characters
        model.head.pred_conv.bias[1:] += 3.0
    ckpt = tmp_path / 'seg_tiny.pth'
    save_checkpoint(model, str(ckpt))
    ocr = MMOCR(det=None, recog='SEG', recog_config=str(cfg),
                recog_ckpt=str(ckpt), device='cpu')
    rng = np.random.default_rng(0)
    imgs = [cv2.GaussianBlur(rng.integers(0, 256, (32, w, 3), np.uint8),
                             (5, 5), 0) for w in (100, 160)]
    single = ocr.readtext(imgs)
    batch = ocr.readtext(imgs, batch_mode=True)
    assert [r['text'] for r in single] == [r['text'] for r in batch]
    assert any(r['text'] for r in single)
    for result in single:
        assert set(result) >= {'text', 'score'}
        assert len(result['score']) == len(result['text'])
