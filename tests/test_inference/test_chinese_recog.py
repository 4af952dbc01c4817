"""``MMOCR(det=None, recog='ConvNextViT', recog_config=..., recog_ckpt=...)``
reads generated Chinese lines: the toy ConvNextViT (Chinese level-1 +
ASCII dictionary) trained a few iterations on two rendered lines, saved,
and loaded through the model zoo's name with a config and checkpoint,
reads them as the trained model does (no accuracy target: a tiny model
needs about a hundred iterations to leave CTC's all-blank plateau on these
lines)."""
from __future__ import annotations

from pathlib import Path

import cv2
import pytest
import torch

from mmocr.apis import init_detector
from mmocr.apis.inference import model_inference
from mmocr.datasets.collate import collate
from mmocr.datasets.synth import RecogConfig, RecogGenerator
from mmocr.inference import MMOCR
from mmocr.runner.checkpoint import save_checkpoint

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / 'configs/textrecog/convnextvit/convnextvit_toy_dataset.py'
DICT = REPO / 'mmocr/model_zoo/dicts/chinese_level1_ascii.txt'


@pytest.mark.slow
def test_mmocr_reads_a_generated_chinese_line(cjk_font, tmp_path):
    gen = RecogGenerator(RecogConfig(
        corpus='chinese', charset=str(DICT), seed=0, font_files=(cjk_font, ),
        use_fontconfig=False, document_prob=1.0))
    paths, texts = [], []
    for i in range(2):
        img, text = gen.sample(i)
        paths.append(str(tmp_path / f'line{i}.png'))
        cv2.imwrite(paths[-1], img[..., ::-1])
        texts.append(text)

    torch.manual_seed(0)
    model = init_detector(str(CONFIG), None, device='cpu')
    _, datas = model_inference(model, paths, batch_mode=True, return_data=True)
    batch = collate(list(datas))
    metas = [dict(meta, text=text)
             for meta, text in zip(batch['img_metas'], texts)]
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    losses = []
    for _ in range(20):
        loss = model.train_step(dict(img=batch['img'], img_metas=metas),
                                optimizer)['loss']
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
    model.eval()
    expected = model_inference(model, paths, batch_mode=True)
    ckpt = tmp_path / 'convnextvit_toy.pth'
    save_checkpoint(model, str(ckpt))

    ocr = MMOCR(det=None, recog='ConvNextViT', recog_config=str(CONFIG),
                recog_ckpt=str(ckpt), device='cpu')
    loaded = ocr.recog_model.state_dict()
    assert all(torch.equal(loaded[k], v) for k, v in model.state_dict().items())
    results = ocr.readtext(paths)
    assert [r['text'] for r in results] == [r['text'] for r in expected]
    assert all(isinstance(r['text'], str) for r in results)
    assert all(any('\u4e00' <= c <= '\u9fff' for c in t) for t in texts)
