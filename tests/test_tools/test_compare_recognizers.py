"""tools/analysis/compare_recognizers.py and the comparison configs it
reads (``configs/textrecog/*/*_sroie_iiit5k_synth.py`` on the comparison's
schedule)."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from mmocr.apis import init_model, model_inference
from mmocr.apis.utils import run_tool
from mmocr.core.evaluation import eval_ocr_metric
from mmocr.runner import save_checkpoint
from mmocr.utils import Config
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
compare = load_script(REPO / 'tools/analysis/compare_recognizers.py',
                      'compare_recognizers_tool')
SCHEDULE = '_base_/schedules/schedule_adamw_cos_4k_iters.py'
COMPARISON = sorted(
    p for p in (REPO / 'configs/textrecog').glob('*/*_sroie_iiit5k_synth.py')
    if SCHEDULE in p.read_text() or p.name.startswith('abinet_compact'))
CRNN = REPO / 'configs/textrecog/crnn/crnn_compact_sroie_iiit5k_synth.py'
STAGED_ABINET = 'abinet_compact_sroie_iiit5k_synth.py'


def test_comparison_configs_share_data_and_schedule():
    assert len(COMPARISON) >= 10
    cfgs = {p.name: Config.fromfile(str(p)) for p in COMPARISON}
    first = cfgs[CRNN.name]
    for name, cfg in cfgs.items():
        assert cfg.bf16 == first.bf16 == {}, name
        if name == STAGED_ABINET:
            continue  # its last stage: below
        for key in ('optimizer', 'optimizer_config', 'lr_config', 'runner'):
            assert cfg[key] == first[key], (name, key)
        assert cfg.data.train.datasets == first.data.train.datasets, name
        assert cfg.data.test.datasets == first.data.test.datasets, name
        assert cfg.data.samples_per_gpu == 32, name
        # every family reads 32 px high RGB images normalised alike
        for pipeline in (*cfg.data.train.pipeline, cfg.data.test.pipeline):
            steps = {step['type']: step for step in pipeline}
            assert steps['ResizeOCR']['height'] == 32, name
            assert steps['Normalize']['mean'] == [127.5] * 3, name
            assert 'color_type' not in pipeline[0], name
        assert cfg.data.train.pipeline[1][0]['type'] == 'LoadImageFromLMDB'


def test_staged_abinet_starts_from_its_vision_and_language_stages():
    staged = Config.fromfile(str(REPO / 'configs/textrecog/abinet' /
                                 STAGED_ABINET))
    vision = Config.fromfile(str(REPO / 'configs/textrecog/abinet' /
                                 'abinet_vision_compact_sroie_iiit5k_synth.py'))
    lm = Config.fromfile(str(REPO / 'configs/textrecog/abinet' /
                             'abinet_lm_compact_pretrain_words.py'))
    assert staged.load_from == ('work_dirs/compare/'
                                'abinet_vision_compact_sroie_iiit5k_synth/'
                                'latest.pth')
    init = staged.model.decoder.init_cfg
    assert (init.type, init.prefix) == ('Pretrained', 'decoder.')
    assert init.checkpoint == ('work_dirs/compare/'
                               'abinet_lm_compact_pretrain_words/latest.pth')
    # the language model has the staged decoder's shape and dictionary
    for key in ('d_model', 'n_head', 'd_inner', 'n_layers', 'num_chars',
                'max_seq_len', 'pad_idx'):
        assert lm.model.decoder[key] == staged.model.decoder[key], key
    assert lm.model.label_convertor == staged.model.label_convertor
    # the last stage: a quarter of the lr, 1000 iterations, same optimizer
    assert staged.optimizer.lr == vision.optimizer.lr / 4
    assert staged.runner.max_iters == 1000
    assert staged.optimizer_config == vision.optimizer_config


@pytest.fixture
def word_set(tmp_path) -> Path:
    """A config on three rendered words (the compact CRNN's pipeline)."""
    lines = []
    for i, word in enumerate(('OCR', 'text', 'A12')):
        img = np.full((32, 24 * len(word) + 8, 3), 255, np.uint8)
        cv2.putText(img, word, (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (0, 0, 0), 2)
        cv2.imwrite(str(tmp_path / f'{i}.png'), img)
        lines.append(f'{i}.png {word}')
    (tmp_path / 'words').mkdir()
    (tmp_path / 'words/label.txt').write_text('\n'.join(lines) + '\n')
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(f"""_base_ = [{str(CRNN)!r}]
data = dict(test=dict(datasets=[dict(
    type='OCRDataset', img_prefix={str(tmp_path)!r},
    ann_file={str(tmp_path / 'words/label.txt')!r}, test_mode=True,
    pipeline=None, loader=dict(
        type='AnnFileLoader', repeat=1, file_format='txt',
        parser=dict(type='LineStrParser', keys=['filename', 'text'],
                    keys_idx=[0, 1], separator=' ')))]))
""")
    return cfg


def test_row_matches_inference_one_image_at_a_time(word_set, tmp_path):
    torch.manual_seed(0)
    model = init_model(str(word_set), device='cpu')
    ckpt = tmp_path / 'work/latest.pth'
    save_checkpoint(model, str(ckpt))
    (tmp_path / 'work/run.log.json').write_text(
        json.dumps(dict(env_info='x')) + '\n' + '\n'.join(
            json.dumps(dict(mode='train', iter=it, time=t))
            for it, t in ((50, 2.0), (100, 1.0), (150, 4.0))) + '\n')
    out = tmp_path / 'table.md'
    assert compare.main([f'{word_set}:{ckpt}', '--batch-size', '1',
                         '--threads', '1', '--out', str(out)]) == 0
    row, = json.loads(out.with_suffix('.json').read_text())
    # the same images read one by one through the inference API
    preds = [r['text'] for r in model_inference(
        model, [str(tmp_path / f'{i}.png') for i in range(3)])]
    expected = eval_ocr_metric(preds, ['OCR', 'text', 'A12'])
    assert row['datasets'] == {'words/label': {
        m: expected[m] for m in compare.METRICS}}
    assert row['params'] == sum(p.numel() for p in model.parameters())
    assert row['ms_per_word'] > 0
    # (50 * 2 + 50 * 1 + 50 * 4) s of logged iterations
    assert row['train_hours'] == pytest.approx(350 / 3600)
    table = out.read_text()
    assert '| `cfg` |' in table and '0.10 |' in table
    assert 'words/label acc | words/label 1-N.E.D' in table


def _write_log(work_dir: Path, entries) -> None:
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / 'run.log.json').write_text(
        json.dumps(dict(env_info='x')) + '\n' + '\n'.join(
            json.dumps(dict(mode='train', iter=it, time=t))
            for it, t in entries) + '\n')


def test_staged_training_counts_the_stages_it_starts_from(word_set, tmp_path):
    torch.manual_seed(0)
    model = init_model(str(word_set), device='cpu')
    # a vision stage (load_from) and a pretrained part (init_cfg), each
    # with its own log; a URL and a repeated stage are not counted twice
    for stage, entries in (('vision', ((100, 3.0), )),
                           ('lm', ((10, 6.0), (20, 6.0)))):
        save_checkpoint(model, str(tmp_path / stage / 'latest.pth'))
        _write_log(tmp_path / stage, entries)
    staged = tmp_path / 'staged.py'
    staged.write_text(f"""_base_ = [{str(word_set)!r}]
load_from = {str(tmp_path / 'vision/latest.pth')!r}
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained',
                                checkpoint={str(tmp_path / 'lm/latest.pth')!r})),
    decoder=dict(init_cfg=[dict(type='Pretrained',
                                checkpoint='https://x.org/a.pth'),
                           dict(type='Pretrained',
                                checkpoint={str(tmp_path / 'vision/x.pth')!r})]))
""")
    cfg = Config.fromfile(str(staged))
    assert compare.stage_work_dirs(cfg) == [str(tmp_path / 'vision'),
                                            str(tmp_path / 'lm')]
    ckpt = tmp_path / 'work/latest.pth'
    save_checkpoint(model, str(ckpt))
    _write_log(tmp_path / 'work', ((50, 2.0), ))
    out = tmp_path / 'table.md'
    assert compare.main([f'{staged}:{ckpt}', '--batch-size', '1',
                         '--threads', '1', '--out', str(out)]) == 0
    row, = json.loads(out.with_suffix('.json').read_text())
    # 50 * 2 s of its own, 100 * 3 s of the vision stage, 20 * 6 s of the lm
    assert row['train_hours'] == pytest.approx(520 / 3600)
    # a config without stages has none
    assert compare.stage_work_dirs(Config.fromfile(str(word_set))) == []
    # a stage in the checkpoint's own work dir is counted once
    cfg.load_from = str(tmp_path / 'work/iter_50.pth')
    cfg.model.backbone.init_cfg = None
    cfg.model.decoder.init_cfg = None
    assert compare.staged_training_hours(cfg, str(ckpt)) == pytest.approx(
        100 / 3600)


def test_training_hours_of_a_resumed_run(tmp_path):
    # killed after its log line at 300, resumed from the checkpoint at 250:
    # the second log starts again at 260 (interval 10)
    (tmp_path / 'a').mkdir()
    _write_log(tmp_path / 'a', ((100, 1.0), (200, 1.0), (300, 1.0)))
    (tmp_path / 'a/run.log.json').rename(tmp_path / 'a/20260101_1.log.json')
    _write_log(tmp_path / 'a', ((260, 2.0), (270, 2.0), (280, 2.0)))
    (tmp_path / 'a/run.log.json').rename(tmp_path / 'a/20260101_2.log.json')
    assert compare.training_hours(str(tmp_path / 'a')) == pytest.approx(
        (300 * 1.0 + 30 * 2.0) / 3600)
    # a run continued past the previous log: counted from where it ended
    _write_log(tmp_path / 'a', ((320, 4.0), ))
    (tmp_path / 'a/run.log.json').rename(tmp_path / 'a/20260101_3.log.json')
    assert compare.training_hours(str(tmp_path / 'a')) == pytest.approx(
        (300 * 1.0 + 30 * 2.0 + 40 * 4.0) / 3600)
    assert compare.training_hours(str(tmp_path / 'none')) is None


def test_missing_checkpoint_is_one_clear_line(word_set, tmp_path, capsys):
    assert run_tool(compare.main, 'compare_recognizers.py',
                    [str(word_set), '--work-root', str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count('\n') == 1
    assert f"checkpoint {tmp_path / 'cfg' / 'latest.pth'} does not exist" in err
