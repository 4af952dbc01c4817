"""OCRMaskRCNN: 0.x state_dict names, training on a toy batch, result
format, empty and degenerate inputs, mask targets and pasting, ONNX."""
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.apis import init_detector, model_inference
from mmocr.core.mask import BitmapMasks, PolygonMasks
from mmocr.deployment import model_kind
from mmocr.models import build_detector
from mmocr.models.textdet.roi_heads.fcn_mask_head import mask_targets_of
from mmocr.runner import save_checkpoint
from mmocr.utils import Config
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[3]
TOY = REPO / 'configs/textdet/maskrcnn/mask_rcnn_r18_fpn_toy.py'
pytorch2onnx = load_script(REPO / 'tools/deployment/pytorch2onnx.py', 'pytorch2onnx')

# 0.x (mmdet 2.x) parameter names of the RPN and RoI heads.
HEAD_KEYS = [
    'rpn_head.rpn_conv.weight', 'rpn_head.rpn_conv.bias',
    'rpn_head.rpn_cls.weight', 'rpn_head.rpn_cls.bias',
    'rpn_head.rpn_reg.weight', 'rpn_head.rpn_reg.bias',
    'roi_head.bbox_head.shared_fcs.0.weight',
    'roi_head.bbox_head.shared_fcs.0.bias',
    'roi_head.bbox_head.shared_fcs.1.weight',
    'roi_head.bbox_head.shared_fcs.1.bias',
    'roi_head.bbox_head.fc_cls.weight', 'roi_head.bbox_head.fc_cls.bias',
    'roi_head.bbox_head.fc_reg.weight', 'roi_head.bbox_head.fc_reg.bias',
] + [f'roi_head.mask_head.convs.{i}.conv.{p}' for i in range(4)
     for p in ('weight', 'bias')] + [
    'roi_head.mask_head.upsample.weight', 'roi_head.mask_head.upsample.bias',
    'roi_head.mask_head.conv_logits.weight',
    'roi_head.mask_head.conv_logits.bias',
]


def _model_cfg(path):
    cfg = Config.fromfile(str(path)).model
    cfg.backbone.init_cfg = None
    return cfg


@pytest.mark.parametrize('base, num_classes', [
    ('ocr_mask_rcnn_r50_fpn_ohem.py', 1),
    ('ocr_mask_rcnn_r50_fpn_ohem_poly.py', 80)])
def test_state_dict_names_and_shapes_are_mmdets(base, num_classes):
    model = build_detector(_model_cfg(REPO / 'configs/_base_/det_models' / base))
    state = model.state_dict()
    heads = [k for k in state if k.startswith(('rpn_head.', 'roi_head.'))]
    assert heads == HEAD_KEYS
    assert {k.split('.')[0] for k in state} == {'backbone', 'neck', 'rpn_head',
                                                'roi_head'}
    for key in ('backbone.conv1.weight', 'backbone.layer4.2.conv3.weight',
                'neck.lateral_convs.3.conv.weight',
                'neck.fpn_convs.3.conv.weight'):
        assert key in state
    shapes = {k: tuple(v.shape) for k, v in state.items()}
    assert shapes['rpn_head.rpn_cls.weight'] == (5, 256, 1, 1)  # 5 anchors
    assert shapes['rpn_head.rpn_reg.weight'] == (20, 256, 1, 1)
    assert shapes['roi_head.bbox_head.shared_fcs.0.weight'] == (1024, 256 * 49)
    assert shapes['roi_head.bbox_head.fc_cls.weight'] == (num_classes + 1, 1024)
    assert shapes['roi_head.bbox_head.fc_reg.weight'] == (4 * num_classes, 1024)
    assert shapes['roi_head.mask_head.upsample.weight'] == (256, 256, 2, 2)
    assert shapes['roi_head.mask_head.conv_logits.weight'] == (
        num_classes, 256, 1, 1)
    fresh = build_detector(_model_cfg(REPO / 'configs/_base_/det_models' / base))
    fresh.load_state_dict(state, strict=True)


def _toy_model(**test_rcnn):
    cfg = _model_cfg(TOY)
    cfg.test_cfg.rcnn.update(test_rcnn)
    torch.manual_seed(0)
    return build_detector(cfg)


def _batch():
    """Two 96x128 images with dark text-like bars on a light background."""
    imgs = np.full((2, 96, 128, 3), 0.8, np.float32)
    polys = [[[10, 10, 70, 12, 70, 30, 10, 28]],
             [[20, 50, 110, 50, 110, 75, 20, 75], [5, 5, 40, 5, 40, 20, 5, 20]]]
    masks, boxes = [], []
    for i, inst in enumerate(polys):
        for p in inst:
            pts = np.array(p, np.int32).reshape(-1, 2)
            cv2.fillPoly(imgs[i], [pts], (0.1, 0.1, 0.1))
        masks.append(PolygonMasks([[np.array(p, float)] for p in inst], 96, 128))
        boxes.append(torch.tensor([[min(p[0::2]), min(p[1::2]), max(p[0::2]),
                                    max(p[1::2])] for p in inst], dtype=torch.float32))
    img = torch.from_numpy(imgs).permute(0, 3, 1, 2)
    meta = dict(img_shape=(96, 128, 3), pad_shape=(96, 128, 3),
                ori_shape=(96, 128, 3), scale_factor=np.ones(4, np.float32))
    labels = [torch.zeros(len(b), dtype=torch.long) for b in boxes]
    return img, [dict(meta), dict(meta)], boxes, labels, masks


def test_losses_fall_on_a_toy_batch_and_results_have_0x_format():
    model = _toy_model()
    img, metas, boxes, labels, masks = _batch()
    # channels-last, as a user's from_numpy(...).permute gives: the strided
    # 1x1 shortcut's backward crashed the process on it (torch 2.13 CPU)
    assert img.is_contiguous(memory_format=torch.channels_last)
    optim = torch.optim.Adam(model.parameters(), lr=1e-2)
    totals = []
    for _ in range(8):
        losses = model(img, metas, gt_bboxes=boxes, gt_labels=labels,
                       gt_masks=masks)
        assert {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'acc',
                'loss_bbox', 'loss_mask'} <= set(losses)
        loss, _ = model.parse_losses(losses)
        optim.zero_grad()
        loss.backward()
        optim.step()
        totals.append(loss.item())
    assert np.mean(totals[-3:]) < 0.7 * totals[0]
    model.eval()
    with torch.no_grad():
        results = model(img=[img], img_metas=[metas], return_loss=False,
                        rescale=True)
    assert len(results) == 2
    for res in results:
        assert set(res) == {'boundary_result'}
        for boundary in res['boundary_result']:
            assert len(boundary) == 9 and 0 <= boundary[-1] <= 1
            assert all(0 <= v <= 129 for v in boundary[:-1])
    model.text_repr_type = 'poly'
    with torch.no_grad():
        poly = model.simple_test(img, metas, rescale=True)
    for res in poly:
        for boundary in res['boundary_result']:
            assert len(boundary) % 2 == 1 and len(boundary) >= 9


def test_images_without_text_train_and_give_empty_results():
    model = _toy_model(score_thr=0.99)
    img, metas, _, _, _ = _batch()
    empty = [torch.zeros(0, 4), torch.zeros(0, 4)]
    labels = [torch.zeros(0, dtype=torch.long)] * 2
    masks = [PolygonMasks([], 96, 128), BitmapMasks([], 96, 128)]
    losses = model(img, metas, gt_bboxes=empty, gt_labels=labels, gt_masks=masks)
    loss, log = model.parse_losses(losses)
    assert torch.isfinite(loss) and log['loss_mask'] == 0
    loss.backward()
    model.eval()
    with torch.no_grad():
        results = model.simple_test(torch.zeros(1, 3, 64, 64), metas[:1])
    assert results == [{'boundary_result': []}]


def test_degenerate_and_inconsistent_targets():
    model = _toy_model()
    img, metas, boxes, labels, masks = _batch()
    # A polygon collapsed to a line has a zero-height box: dropped, warned.
    line = [np.array([30., 40., 60., 40., 90., 40.])]
    masks[0] = PolygonMasks(masks[0].masks + [line], 96, 128)
    boxes[0] = torch.cat([boxes[0], torch.tensor([[30., 40., 90., 40.]])])
    labels[0] = torch.zeros(2, dtype=torch.long)
    with pytest.warns(UserWarning, match='dropped 1 gt boxes without area'):
        losses = model(img, metas, gt_bboxes=boxes, gt_labels=labels,
                       gt_masks=masks)
    assert torch.isfinite(model.parse_losses(losses)[0])
    with pytest.raises(InvalidValueError, match='image 1.*2 labels and 2 masks'
                       '|image 1: gt_bboxes'):
        model(img, metas, gt_bboxes=boxes, gt_labels=labels,
              gt_masks=[masks[0], masks[1][[0]]])
    with pytest.raises(InvalidValueError, match='text_repr_type'):
        build_detector(dict(_model_cfg(TOY), text_repr_type='curve'))


def test_self_intersecting_polygon_trains_on_its_rasterised_mask():
    # As in MMOCR 0.x (mmdet's polygon masks): no check, the mask target is
    # the polygon's pixels, both lobes of a bow tie.
    box = torch.tensor([[10., 20., 38., 48.]])
    bow_tie = np.array([10., 20., 38., 48., 38., 20., 10., 48.])
    target = mask_targets_of(PolygonMasks([[bow_tie]], 64, 64), box,
                             torch.tensor([0]), 28)[0]
    assert target[14, 2] and target[14, 25]  # left and right lobes
    assert not target[2, 14] and not target[25, 14]  # above, below the cross
    model = _toy_model()
    img, metas, boxes, labels, masks = _batch()
    masks[0] = PolygonMasks(masks[0].masks + [[bow_tie]], 96, 128)
    boxes[0] = torch.cat([boxes[0], box])
    labels[0] = torch.zeros(2, dtype=torch.long)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        losses = model(img, metas, gt_bboxes=boxes, gt_labels=labels,
                       gt_masks=masks)
    assert torch.isfinite(model.parse_losses(losses)[0])
    assert losses['loss_mask'] > 0


def test_mask_targets_from_polygons_and_bitmaps_agree():
    box = torch.tensor([[10., 20., 38., 48.]])  # 28 x 28 pixels
    left = [np.array([10., 20., 24., 20., 24., 48., 10., 48.])]  # left half
    poly = mask_targets_of(PolygonMasks([left], 64, 64), box, torch.tensor([0]),
                           28)
    assert poly.shape == (1, 28, 28)
    assert poly[0, :, :13].all() and not poly[0, :, 16:].any()
    bitmap = np.zeros((1, 64, 64), np.uint8)
    bitmap[0, 20:48, 10:24] = 1
    bits = mask_targets_of(BitmapMasks(bitmap, 64, 64), box, torch.tensor([0]), 28)
    assert (bits != poly).float().mean() < 0.05
    assert mask_targets_of(BitmapMasks(bitmap, 64, 64), box[:0],
                           torch.tensor([], dtype=torch.long), 28).shape == (0, 28, 28)


def test_masks_are_pasted_into_their_boxes():
    head = _toy_model().roi_head.mask_head
    logits = torch.full((1, 1, 28, 28), 10.)
    (mask, x0, y0), = head.get_seg_masks(logits, torch.tensor([[20., 10., 50., 30.]]),
                                         torch.tensor([0]), (40, 60))
    full = np.zeros((40, 60), bool)
    full[y0:y0 + mask.shape[0], x0:x0 + mask.shape[1]] = mask
    ys, xs = np.nonzero(full)
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (20, 49, 10, 29)


def test_onnx_export_is_refused_with_the_reason(tmp_path):
    cfg = Config.fromfile(str(TOY))
    with pytest.raises(NotImplementedError, match='data-dependent'):
        model_kind(cfg)
    model = _toy_model()
    ckpt = tmp_path / 'toy.pth'
    save_checkpoint(model, str(ckpt))
    img = tmp_path / 'img.png'
    cv2.imwrite(str(img), np.full((64, 96, 3), 200, np.uint8))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        with pytest.raises(NotImplementedError, match='OCRMaskRCNN cannot be '
                           'exported to ONNX'):
            pytorch2onnx.main([str(TOY), str(ckpt), 'det', str(img),
                               '--output-file', str(tmp_path / 'x.onnx')])
    assert not (tmp_path / 'x.onnx').exists()


def test_model_inference_and_drawing():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = init_detector(str(TOY), None, device='cpu')
    img = np.random.RandomState(0).randint(0, 255, (100, 150, 3)).astype(np.uint8)
    result = model_inference(model, img)
    assert set(result) == {'boundary_result'}
    assert len(model_inference(model, [img, img], batch_mode=True)) == 2
    drawn = model.show_result(img, result)
    assert drawn.shape == img.shape


@pytest.mark.parametrize('show_score', [False, True])
def test_show_result_draws_the_boundaries_like_single_stage(show_score,
                                                            tmp_path):
    model = build_detector(dict(_model_cfg(TOY), show_score=show_score))
    img = np.zeros((60, 80, 3), np.uint8)
    result = {'boundary_result': [[10, 20, 50, 20, 50, 40, 10, 40, 0.9],
                                  [60, 5, 70, 5, 70, 15, 60, 15, 0.2]]}
    out_file = tmp_path / 'vis/drawn.png'
    drawn = model.show_result(img, result, out_file=str(out_file))
    green = (drawn == (0, 255, 0)).all(-1)
    assert green[20, 10:51].all() and green[40, 10:51].all()
    assert not green[5:16, 60:71].any()  # under score_thr 0.5
    assert not green[25:36, 15:46].any()  # outline only
    assert green[:18].any() == show_score  # the score above the first point
    np.testing.assert_array_equal(cv2.imread(str(out_file)), drawn)
    assert not img.any()  # drawn on a copy


def test_det_test_imgs_draws_mask_rcnn_results(tmp_path, capsys):
    det_test_imgs = load_script(REPO / 'tools/det_test_imgs.py', 'det_test_imgs')
    ckpt = tmp_path / 'toy.pth'
    save_checkpoint(_toy_model(), str(ckpt))
    imgs = tmp_path / 'imgs'
    imgs.mkdir()
    img = np.random.RandomState(0).randint(0, 255, (64, 96, 3), np.uint8)
    cv2.imwrite(str(imgs / 'a.png'), img)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        status = det_test_imgs.main([str(imgs), str(TOY), str(ckpt),
                                     '--out-dir', str(tmp_path / 'out'),
                                     '--device', 'cpu'])
    assert status == 0
    drawn = cv2.imread(str(tmp_path / 'out/out_vis_dir/a.png'))
    assert drawn is not None and drawn.shape == img.shape
    assert (tmp_path / 'out/out_txt_dir/a.txt').exists()
