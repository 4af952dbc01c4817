"""ONNX Runtime vs PyTorch on the CPU, family by family: each model is
exported by ``tools/deployment/pytorch2onnx.py`` (dynamic axes) and its raw
network output (what the graph computes; pre- and post-processing, which
both share, left out) is timed in both runtimes on the same input (the
runs alternating between them, median), with the largest difference
printed.

The shipped models run with their weights (``DB_r18w32_sroie`` and
``PANet_sroie`` on the receipt ``demo/demo_kie.jpg``, ``CRNN_slim`` on the
word crop ``demo/demo_text_recog.jpg``); the other families with their
configs' full sizes and random weights (speed only), SDMGR on the toy KIE
set of ``../shared/data/mmocr_toy`` (skipped when absent), the NER model
on a generated sentence. DRRG and Mask R-CNN have no ONNX export: their
rows give ``pytorch2onnx.py``'s ``NotImplementedError``::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_onnx_vs_pytorch.py
    .venv/bin/python benchmarks/bench_onnx_vs_pytorch.py --families DBNet SAR \
        --repeat 3
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable, Sequence

import torch

from mmocr.apis import init_detector
from mmocr.deployment import init_onnx_model, model_kind
from mmocr.utils.config import Config
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[1]
RECEIPT = str(REPO / 'demo/demo_kie.jpg')
WORD = str(REPO / 'demo/demo_text_recog.jpg')
ZOO = REPO / 'mmocr/model_zoo'
TOY_KIE = REPO.parent / 'shared/data/mmocr_toy/kie_toy_dataset'
#: name -> (kind, config, checkpoint or None for random weights, image)
CASES = {
    'DBNet': ('det', 'textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py',
              'dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth', RECEIPT),
    'PANet': ('det', 'textdet/panet/panet_r18w32_fpem_ffm_sroie.py',
              'panet_r18w32_fpem_ffm_sroie_ft2-dadaf303.pth', RECEIPT),
    'PSENet': ('det', 'textdet/psenet/psenet_r50_fpnf_600e_icdar2015.py',
               None, RECEIPT),
    'FCENet': ('det', 'textdet/fcenet/fcenet_r50_fpn_1500e_icdar2015.py',
               None, RECEIPT),
    'EAST': ('det', 'textdet/east/east_r50_fpnc_600e_icdar2015.py', None,
             RECEIPT),
    'TextSnake': ('det',
                  'textdet/textsnake/textsnake_r50_fpn_unet_1200e_ctw1500.py',
                  None, RECEIPT),
    'DRRG': ('det', 'textdet/drrg/drrg_r50_fpn_unet_1200e_ctw1500.py', None,
             RECEIPT),
    'MaskRCNN': ('det', 'textdet/maskrcnn/mask_rcnn_r50_fpn_160e_icdar2015.py',
                 None, RECEIPT),
    'DBNetpp': ('det', 'textdet/dbnetpp/dbnetpp_r50dcnv2_fpnc_1200e_icdar2015.py',
                None, RECEIPT),
    'CRNN_slim': ('recog', 'textrecog/crnn/crnn_vggslim_sroie_synthpages_ft.py',
                  'crnn_vggslim_sroie_synthpages_soup-5ad6972f.pth', WORD),
    'CRNN': ('recog', 'textrecog/crnn/crnn_academic_dataset.py', None, WORD),
    'CRNN_TPS': ('recog', 'textrecog/tps/crnn_tps_academic_dataset.py', None,
                 WORD),
    'SAR': ('recog', 'textrecog/sar/sar_r31_parallel_decoder_academic.py',
            None, WORD),
    'NRTR': ('recog', 'textrecog/nrtr/nrtr_r31_1by16_1by8_academic.py', None,
             WORD),
    'SATRN': ('recog', 'textrecog/satrn/satrn_small.py', None, WORD),
    'MASTER': ('recog', 'textrecog/master/master_r31_12e_ST_MJ_SA.py', None,
               WORD),
    'RobustScanner': ('recog',
                      'textrecog/robust_scanner/robustscanner_r31_academic.py',
                      None, WORD),
    'ABINet': ('recog', 'textrecog/abinet/abinet_academic.py', None, WORD),
    'SVTR': ('recog', 'textrecog/svtr/svtr_tiny_academic.py', None, WORD),
    'ConvNextViT': ('recog', 'textrecog/convnextvit/convnextvit_tiny_chinese.py',
                    None, WORD),
    'SegOCR': ('recog', 'textrecog/seg/seg_r31_1by16_fpnocr_academic.py', None,
               WORD),
    'VisionLAN': ('recog', 'textrecog/visionlan/visionlan_resnet45_LA.py',
                  None, WORD),
    'RARE': ('recog', 'textrecog/rare/rare_tps_academic.py', None, WORD),
    'SDMGR': ('kie', 'kie/sdmgr/sdmgr_novisual_60e_wildreceipt.py', None,
              None),
    'NER': ('ner', 'ner/bert_softmax/bert_softmax_cluener_18e.py', None,
            None),
}
DEFAULT = ['DBNet', 'PANet', 'CRNN_slim', 'SDMGR', 'NER']


def load_tool(name: str):
    path = REPO / 'tools' / 'deployment' / f'{name}.py'
    return load_script(path, name)


def median_ms(fns: Sequence[Callable[[], object]], repeat: int
              ) -> list[float]:
    """The median milliseconds of each of ``fns`` over ``repeat`` rounds,
    one warm-up each; the rounds alternate between them, so that a change
    of the machine's load (other jobs) hits all alike."""
    for fn in fns:
        fn()  # warm-up
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def doc_config(name: str, cfg_file: Path, tmp: Path) -> Path | None:
    """A config whose test set exists: the toy KIE set, or one generated
    sentence for NER."""
    out = tmp / f'{name}_cfg.py'
    if name == 'SDMGR':
        if not TOY_KIE.is_dir():
            return None
        out.write_text(
            f"_base_ = ['{cfg_file}']\n"
            f"data_root = '{TOY_KIE}'\n"
            "test = dict(ann_file=f'{data_root}/wildreceipt/data.txt', "
            "img_prefix=data_root, dict_file=f'{data_root}/dict.txt', "
            "class_list=f'{data_root}/class_list.txt')\n"
            "data = dict(test=test)\n")
        return out
    text = '张三在北京的公司工作，李四去上海看了一场电影'
    (tmp / 'dev.json').write_text(json.dumps(
        {'text': text, 'label': {'name': {'张三': [[0, 1]]}}},
        ensure_ascii=False) + '\n', encoding='utf-8')
    vocab = ['[PAD]'] + [f'[unused{i}]' for i in range(99)] + [
        '[UNK]', '[CLS]', '[SEP]'] + sorted(set(text))
    (tmp / 'vocab.txt').write_text('\n'.join(vocab) + '\n', encoding='utf-8')
    convertor = dict(Config.fromfile(str(cfg_file)).model.label_convertor,
                     vocab_file=str(tmp / 'vocab.txt'))
    pipeline = [dict(type='NerTransform', label_convertor=convertor,
                     max_len=convertor['max_len']), dict(type='ToTensorNER')]
    out.write_text(
        f"_base_ = ['{cfg_file}']\n"
        f"model = dict(label_convertor={convertor!r})\n"
        f"data = dict(test=dict(ann_file='{tmp / 'dev.json'}', "
        f"pipeline={pipeline!r}))\n", encoding='utf-8')
    return out


def run_case(name: str, tmp: Path, repeat: int, tool) -> str:
    kind, config, ckpt, img = CASES[name]
    cfg_file = REPO / 'configs' / config
    if kind in ('kie', 'ner'):
        cfg_file = doc_config(name, cfg_file, tmp)
        if cfg_file is None:
            return f'| {name} | skipped: {TOY_KIE} not found | | | | |'
    try:
        model_kind(Config.fromfile(str(cfg_file)))
    except NotImplementedError as err:  # DRRG, Mask R-CNN
        return f'| {name} | no ONNX export: {err} | | | | | |'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = init_detector(str(cfg_file), str(ZOO / ckpt) if ckpt
                              else None, device='cpu')
    opset = tool.min_opset(model.cfg, kind)[0]
    onnx_file = str(tmp / f'{name}.onnx')
    start = time.perf_counter()
    quiet = contextlib.redirect_stdout(io.StringIO())  # the export's line
    if kind in ('kie', 'ner'):
        batch = tool.doc_samples(model, 1)[0]
        with quiet:
            tool.export_doc(model, kind, batch, onnx_file, opset,
                            dynamic_export=True)
        inputs = tool.doc_inputs(kind, batch)
        wrapper = tool.DocGraph(model, kind)
        session = init_onnx_model(model.cfg, onnx_file, -1).session

        def torch_fn():
            with torch.no_grad():
                return tool.as_tuple(wrapper(*inputs))

        def ort_fn():
            return session.run(dict(zip(session.input_names, inputs)))
        shape = 'x'.join(str(s) for s in inputs[-1].shape)
    else:
        img_t, metas = tool.prepare_inputs(model, img)
        with quiet:
            tool.export(model, kind, img_t, metas, onnx_file, opset,
                        dynamic_export=True)
        session = init_onnx_model(model.cfg, onnx_file, -1).session
        valid = (tool.valid_ratio_input(model.with_valid_ratio(img_t, metas))
                 if session.takes_valid_ratio else None)

        def torch_fn():
            return tool.as_tuple(tool.raw_pytorch_output(model, kind, img_t,
                                                         metas))

        def ort_fn():
            return tool.as_tuple(session(img_t, valid))
        shape = 'x'.join(str(s) for s in img_t.shape[2:])
    export_s = time.perf_counter() - start
    expected, actual = torch_fn(), ort_fn()
    if kind == 'recog':
        actual = tuple(tool.greedy_steps(a, e)
                       for a, e in zip(actual, expected))
    diff = max((a - e).abs().max().item() for a, e in zip(actual, expected))
    torch_ms, ort_ms = median_ms([torch_fn, ort_fn], repeat)
    weights = 'shipped' if ckpt else 'random'
    return (f'| {name} | {shape} ({weights}) | {torch_ms:.1f} | {ort_ms:.1f}'
            f' | x{torch_ms / ort_ms:.2f} | {diff:.2g} | {export_s:.0f} s |')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--families', nargs='+', choices=sorted(CASES),
                        default=DEFAULT)
    parser.add_argument('--repeat', type=int, default=5)
    args = parser.parse_args()
    tool = load_tool('pytorch2onnx')
    print(f'OMP_NUM_THREADS={os.environ.get("OMP_NUM_THREADS", "(unset)")}, '
          f'torch threads {torch.get_num_threads()}, median of {args.repeat}')
    print('| family | input (weights) | PyTorch ms | ONNX Runtime ms | '
          'speed-up | max abs diff | export |')
    print('| --- | --- | --- | --- | --- | --- | --- |')
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.families:
            try:
                row = run_case(name, Path(tmp), args.repeat, tool)
            except Exception as err:  # noqa: BLE001 - report and go on
                row = f'| {name} | failed: {type(err).__name__}: {err} |'
            print(row, flush=True)


if __name__ == '__main__':
    main()
