"""MMOCR 0.x helpers of mmocr.apis: pipeline updates for batched testing,
gray image de-normalisation, the image/meta retrieval of single_gpu_test
and text_model_inference (NER)."""
import numpy as np
import pytest
import torch

from mmocr.apis import (
    init_model,
    retrieve_img_tensor_and_meta,
    tensor2grayimgs,
    text_model_inference,
    update_pipeline,
    update_pipeline_recog,
)
from mmocr.utils.config import Config, ConfigDict

NER_CFG = 'configs/ner/bert_softmax/bert_softmax_toy_dataset.py'


def test_update_pipeline_single_and_indexed():
    cfg = ConfigDict(pipeline=[dict(type='LoadImageFromFile'),
                               dict(type='ImageToTensor', keys=['img'])])
    with pytest.warns(UserWarning, match='DefaultFormatBundle'):
        update_pipeline(cfg)
    assert cfg.pipeline[1] == dict(type='DefaultFormatBundle')
    cfg = ConfigDict(pipeline=[[dict(type='ImageToTensor')],
                               [dict(type='ImageToTensor')]])
    with pytest.warns(UserWarning):
        update_pipeline(cfg, idx=1)
    assert cfg.pipeline[0][0]['type'] == 'ImageToTensor'
    assert cfg.pipeline[1][0]['type'] == 'DefaultFormatBundle'


def test_update_pipeline_recog_one_rotation():
    def aug(degrees):
        return dict(type='MultiRotateAugOCR', rotate_degrees=degrees,
                    transforms=[])
    cfg = ConfigDict(pipeline=[dict(type='LoadImageFromFile'),
                               aug([0, 90, 270])])
    with pytest.warns(UserWarning, match='rotate_degrees=\\[0\\]'):
        update_pipeline_recog(cfg)
    assert cfg.pipeline[1]['rotate_degrees'] == [0]
    pipelines = [[dict(type='LoadImageFromFile'), aug([0])],
                 [dict(type='LoadImageFromFile'), aug([0, 90])]]
    update_pipeline_recog(pipelines, idx=0)  # already one view: no warning
    with pytest.warns(UserWarning):
        update_pipeline_recog(pipelines, idx=1)
    assert pipelines[1][1]['rotate_degrees'] == [0]


def test_tensor2grayimgs_undoes_normalize():
    gray = np.array([[0, 127, 254]], dtype=np.uint8)
    tensor = torch.from_numpy((gray.astype(np.float32) - 127) / 127)[None, None]
    imgs = tensor2grayimgs(tensor, to_rgb=False)
    assert len(imgs) == 1 and imgs[0].shape == (1, 3, 1)
    assert imgs[0].dtype == np.uint8 and imgs[0][..., 0].tolist() == gray.tolist()
    with pytest.raises(AssertionError, match='one channel'):
        tensor2grayimgs(torch.zeros(1, 3, 2, 2))


def test_retrieve_img_tensor_and_meta():
    meta = dict(img_norm_cfg=dict(mean=[0.5], std=[0.5], to_rgb=False),
                ori_filename='a.jpg', img_shape=(4, 4, 1), ori_shape=(8, 8, 1))
    img = torch.zeros(1, 1, 4, 4)
    out, metas, norm = retrieve_img_tensor_and_meta(
        dict(img=img, img_metas=[meta]))
    assert out is img and metas == [meta]
    assert norm['mean'] == [127.5] and norm['std'] == [127.5]
    assert meta['img_norm_cfg']['mean'] == [0.5]  # the batch is not changed
    views = dict(img=[img, img + 1], img_metas=[[meta], [meta]])
    assert retrieve_img_tensor_and_meta(views)[0] is img
    with pytest.raises(KeyError, match='ori_shape.*meta_keys'):
        retrieve_img_tensor_and_meta(dict(
            img=img, img_metas=[{k: v for k, v in meta.items()
                                 if k != 'ori_shape'}]))


def _repoint(node, old, new):
    if isinstance(node, dict):
        return {k: _repoint(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_repoint(v, old, new) for v in node]
    return node.replace(old, new) if isinstance(node, str) else node


def test_text_model_inference_ner(repo_root, tmp_path):
    text = '张三在北京工作'
    vocab = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + sorted(set(text))
    (tmp_path / 'vocab.txt').write_text('\n'.join(vocab) + '\n', encoding='utf-8')
    cfg = Config.fromfile(str(repo_root / NER_CFG))
    cfg.data = _repoint(dict(cfg.data), 'data/cluener_toy', str(tmp_path))
    cfg.model = _repoint(dict(cfg.model), 'data/cluener_toy', str(tmp_path))
    torch.manual_seed(0)
    model = init_model(cfg, device='cpu')
    result = text_model_inference(model, text)
    assert isinstance(result, list) and len(result) == 1
    for category, start, end in result[0]:
        assert isinstance(category, str) and 0 <= start <= end < len(text)
    with pytest.raises(TypeError, match='must be a str'):
        text_model_inference(model, [text])
