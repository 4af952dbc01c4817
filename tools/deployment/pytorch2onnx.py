#!/usr/bin/env python
"""Export a text detector, recognizer, SDMGR or NER model to ONNX
(experimental).

``python tools/deployment/pytorch2onnx.py CONFIG CHECKPOINT
{det,recog,kie,ner} [IMAGE] [--output-file tmp.onnx] [--device-id 0]
[--opset-version 11] [--verify] [--verbose] [--show] [--dynamic-export]
[--cfg-options KEY=VALUE ...]``

The graph maps the preprocessed image ``input (N, C, H, W)`` to ``output``:
a detector's raw head output -- its maps ``(N, C', H', W')`` (DBNet,
PANet, PSENet, EAST, TextSnake), or, for a head returning several maps (FCENet's
``[cls, reg]`` per level), ``output0``, ``output1``, ... depth first, their
nesting stored in the file's metadata (``mmocr_output_structure``) -- or a
recognizer's per-step scores ``(N, T, num_classes)``: CTC logits, or, for
attention recognizers (SAR, NRTR, SATRN, MASTER, RobustScanner, RARE), the
probabilities of greedy decoding run in the graph for ``max_seq_len`` steps
(ABINet: of its final fused reading; VisionLAN: of its parallel reading).
A recognizer that masks batch padding takes ``valid_ratio (N,)`` as a second
input. Decoding (the config's postprocessor, label convertor) stays in
Python, see :mod:`mmocr.deployment`.
SDMGR (``kie``, without the visual modality) maps one document's
``relations (K, K, 5)`` and ``texts (K, L)`` to ``nodes (K, C)`` and
``edges (K * K, 2)`` probabilities (opset >= 16: its graph attention takes
a ``scatter_reduce`` maximum; a TPS recognizer's ``grid_sample`` needs 16
too, the default for both); a NER classifier (``ner``) maps
``input_ids``, ``attention_masks``, ``token_type_ids`` ``(N, L)`` to tag
logits ``(N, L, num_labels)``. Both are traced on the first sample of the
config's ``data.test`` (IMAGE is not used) and take any number of boxes /
texts and lengths with ``--dynamic-export``.
``--dynamic-export`` makes the batch, the height and the width (a
recognizer's batch and width; its height is fixed by the backbone; the
batch only for recognizers reading one input size, ABINet, SVTR and
VisionLAN) dynamic.
The file is written atomically.

``--verify`` checks the file with ``onnx.checker``, runs it with ONNX Runtime
and the PyTorch model on IMAGE (and, with ``--dynamic-export``, on a batch
of two at another size), and compares the raw outputs
(``np.testing.assert_allclose``, printing the largest difference) and the
decoded results; the exit status is 1 when they differ.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import warnings
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mmocr.apis.inference import init_detector, model_inference
from mmocr.apis.utils import run_tool
from mmocr.datasets import build_dataset
from mmocr.datasets.collate import collate
from mmocr.deployment import (
    KIE_INPUTS,
    NER_INPUTS,
    OUTPUT_STRUCTURE_KEY,
    flatten_maps,
    import_onnx_packages,
    init_onnx_model,
    model_kind,
)
from mmocr.models.common.valid_steps import MetasWithRatios
from mmocr.utils.config import DictAction
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import atomic_open

MIN_OPSET = 11
#: SDMGR's graph attention takes a per-node maximum (scatter_reduce), a
#: TPS preprocessor samples with grid_sample: both from opset 16.
MIN_KIE_OPSET = MIN_TPS_OPSET = 16
#: Kinds traced on a sample of the config's test set rather than an image.
DOC_KINDS = ('kie', 'ner')
# Raw outputs (probability maps, logits) of fp32 ONNX Runtime vs PyTorch.
RTOL, ATOL = 1e-3, 1e-4
# Decoded boundary coordinates (pixels) and character scores.
BOUNDARY_ATOL, SCORE_ATOL = 1e-2, 1e-4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Convert an MMOCR model to ONNX and verify it with ONNX '
        'Runtime.')
    parser.add_argument('model_config', help='Model config file.')
    parser.add_argument('model_ckpt', help='Checkpoint file (path or URL).')
    parser.add_argument('model_type', choices=['det', 'recog', *DOC_KINDS],
                        help='Detection, recognition, KIE (SDMGR) or NER '
                        'model.')
    parser.add_argument('image_path', nargs='?', default=None,
                        help='Image used to trace (and verify) a det/recog '
                        'model; kie/ner models use the first samples of the '
                        "config's data.test.")
    parser.add_argument('--output-file', default='tmp.onnx',
                        help='Output ONNX file.')
    parser.add_argument('--device-id', type=int, default=0,
                        help='CUDA device of ONNX Runtime for --verify '
                        '(CPU when ONNX Runtime has no CUDA; -1 forces it).')
    parser.add_argument('--opset-version', type=int, default=None,
                        help=f'ONNX opset version (>= {MIN_OPSET}; default: '
                        f'the lowest the model needs, {MIN_OPSET}, or '
                        f'{MIN_KIE_OPSET} for SDMGR and TPS recognizers).')
    parser.add_argument('--verify', action='store_true',
                        help='Compare ONNX Runtime with PyTorch on the image.')
    parser.add_argument('--verbose', action='store_true',
                        help='Print the exported graph and tracer warnings.')
    parser.add_argument('--show', action='store_true',
                        help='Show the PyTorch and ONNX Runtime results '
                        '(with --verify).')
    parser.add_argument('--dynamic-export', action='store_true',
                        help='Dynamic batch/height/width axes.')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='Override config settings, KEY=VALUE pairs.')
    args = parser.parse_args(argv)
    if args.opset_version is not None and args.opset_version < MIN_OPSET:
        parser.error(f'--opset-version must be >= {MIN_OPSET}, got '
                     f'{args.opset_version}')
    if args.show and not args.verify:
        parser.error('--show needs --verify')
    if args.image_path is None and args.model_type not in DOC_KINDS:
        parser.error(f'a {args.model_type} model needs IMAGE_PATH')
    if args.show and args.model_type in DOC_KINDS:
        parser.error(f'--show draws images: not for {args.model_type} models')
    return args


def as_tuple(output) -> tuple[torch.Tensor, ...]:
    """A raw output (a tensor or nested lists/tuples of them) as the tuple
    of the graph's outputs, depth first."""
    return flatten_maps(output)[0]


def output_names(num_outputs: int) -> list[str]:
    """``['output']``, or ``output0, output1, ...`` for several outputs."""
    if num_outputs == 1:
        return ['output']
    return [f'output{i}' for i in range(num_outputs)]


class RawOutputModel(nn.Module):
    """``forward(img[, valid_ratio])`` -> the model's raw output (a tensor
    or a tuple of tensors): a detector's head maps (what ``simple_test``
    returns while ONNX export is in progress), a recognizer's per-step
    scores ``(N, T, C)`` with ``valid_ratio (N,)`` as the images' valid
    ratios (:class:`~mmocr.models.common.valid_steps.MetasWithRatios`), so
    the masks of padded columns follow the input instead of being traced
    as constants. The metas only serve the checks (``img``
    ``(len(img_metas), C, H, W)``)."""

    def __init__(self, model: nn.Module, img_metas: list[dict]):
        super().__init__()
        self.model = model
        self.img_metas = img_metas
        # The exporter restores the wrapper's mode afterwards, recursively:
        # keep the model's.
        self.train(model.training)

    def forward(self, img: torch.Tensor,
                valid_ratio: torch.Tensor | None = None
                ) -> torch.Tensor | tuple[torch.Tensor, ...]:
        if valid_ratio is not None:  # a recognizer
            metas = MetasWithRatios(
                self.model.with_valid_ratio(img, self.img_metas), valid_ratio)
            return self.model.decode_logits(img, metas)
        return self.model.simple_test(img, self.img_metas)


def drop_unused_inputs(proto) -> list[str]:
    """Remove the graph inputs no node reads (``valid_ratio`` of a model
    that never looks at it: a CRNN reading all columns, MASTER); returns
    the names of the inputs kept."""
    used = {name for node in proto.graph.node for name in node.input}
    for graph_input in list(proto.graph.input):
        if graph_input.name != 'input' and graph_input.name not in used:
            proto.graph.input.remove(graph_input)
    return [i.name for i in proto.graph.input]


def valid_ratio_input(img_metas: list[dict]) -> torch.Tensor:
    """The ``valid_ratio`` graph input of ``img_metas`` (as
    ``EncodeDecodeRecognizer.with_valid_ratio`` sets them)."""
    return torch.tensor([float(m.get('valid_ratio', 1.0)) for m in img_metas],
                        dtype=torch.float32)


def raw_pytorch_output(model: nn.Module, model_type: str, img: torch.Tensor,
                       img_metas: list[dict]
                       ) -> torch.Tensor | tuple[torch.Tensor, ...]:
    """What the exported graph computes, run eagerly by PyTorch."""
    with torch.no_grad():
        if model_type == 'det':
            return model.forward_dummy(img)
        return model.decode_logits(img, model.with_valid_ratio(img, img_metas))


def prepare_inputs(model: nn.Module, img_path: str
                   ) -> tuple[torch.Tensor, list[dict]]:
    """``img (1, C, H, W)`` and its metas from the config's test pipeline
    (the first view when it has several)."""
    _, data = model_inference(model, img_path, batch_mode=True,
                              return_data=True)
    batch = collate([data])
    img, img_metas = batch['img'], batch['img_metas']
    if isinstance(img, (list, tuple)):
        img, img_metas = img[0], img_metas[0]
    return img, list(img_metas)


def dynamic_axes(model_type: str, outputs: Sequence[torch.Tensor] = (),
                 fixed_width: bool = False) -> dict[str, dict[int, str]]:
    """Dynamic axes of the graph's inputs and of ``outputs`` (a detector's
    raw maps, named by :func:`output_names`: batch, and the last two axes as
    height and width; a recognizer's batch and, unless ``fixed_width``, its
    input width)."""
    if model_type == 'det':
        axes = {'input': {0: 'batch', 2: 'height', 3: 'width'}}
        for name, out in zip(output_names(len(outputs)), outputs):
            axes[name] = ({0: 'batch', out.dim() - 2: 'height',
                           out.dim() - 1: 'width'} if out.dim() >= 3
                          else {0: 'batch'})
        return axes
    # a recognizer's per-step scores (N, T, C), or a segmentation
    # recognizer's class maps (N, C, H, W)
    seg_maps = bool(outputs) and outputs[0].dim() == 4
    width = {} if fixed_width else {3: 'width'}
    return {'input': {0: 'batch', **width}, 'valid_ratio': {0: 'batch'},
            'output': {0: 'batch', **width} if seg_maps else
            {0: 'batch', 1: 'seq_len'}}


def write_graph(wrapper: nn.Module, args: tuple, input_names: list[str],
                outputs: Sequence[torch.Tensor], output_names_: list[str],
                axes: dict | None, output_file: str, opset_version: int,
                verbose: bool, structure=None) -> None:
    """Trace ``wrapper`` on ``args`` and write ``output_file`` atomically
    (unused inputs dropped, the output nesting ``structure`` stored in the
    metadata); check it with ``onnx.checker``. ``outputs`` are the
    wrapper's outputs on ``args`` (for the dynamic axes' filter)."""
    (onnx, ) = import_onnx_packages('onnx')
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated in favour of torch.export,
        # which cannot trace the models' Python-side checks.
        warnings.simplefilter('ignore', DeprecationWarning)
        if not verbose:
            warnings.simplefilter('ignore', torch.jit.TracerWarning)
            # Traced with a batch of one, the LSTMs take any batch size.
            warnings.filterwarnings('ignore', 'Exporting a model to ONNX '
                                    'with a batch_size other than 1')
        try:
            torch.onnx.export(
                wrapper, args, buffer, dynamo=False,
                input_names=input_names, output_names=output_names_,
                export_params=True, keep_initializers_as_inputs=False,
                verbose=verbose, opset_version=opset_version,
                do_constant_folding=True,
                dynamic_axes={k: v for k, v in axes.items()
                              if k in input_names or k in output_names_}
                if axes else None)
        except torch.onnx.errors.UnsupportedOperatorError as err:
            # e.g. TPS's grid_sample before opset 16: say which opset works
            reason = str(err).splitlines()[0]  # not the graph dump after it
            raise NotImplementedError(
                f'cannot export at opset {opset_version}: {reason} (pass '
                '--opset-version)') from err
    proto = onnx.load_from_string(buffer.getvalue())
    drop_unused_inputs(proto)
    if structure is not None:
        # how ONNX Runtime's flat outputs nest back into the head's output
        entry = proto.metadata_props.add()
        entry.key, entry.value = OUTPUT_STRUCTURE_KEY, json.dumps(structure)
    onnx.checker.check_model(proto)
    with atomic_open(output_file, 'wb') as f:
        f.write(proto.SerializeToString())
    print(f'Successfully exported ONNX model: {output_file}')


def export(model: nn.Module, model_type: str, img: torch.Tensor,
           img_metas: list[dict], output_file: str, opset_version: int = 11,
           dynamic_export: bool = False, verbose: bool = False) -> None:
    """Trace a detector / recognizer ``model`` on ``img`` and write
    ``output_file`` (:func:`write_graph`)."""
    args, names = (img, ), ['input']
    if model_type == 'recog':  # dropped when nothing reads it
        metas = model.with_valid_ratio(img, img_metas)
        args, names = (img, valid_ratio_input(metas)), names + ['valid_ratio']
    outputs, structure = flatten_maps(raw_pytorch_output(
        model, model_type, img, img_metas))
    write_graph(RawOutputModel(model, img_metas), args, names, outputs,
                output_names(len(outputs)),
                dynamic_axes(model_type, outputs, fixed_width(model))
                if dynamic_export else None,
                output_file, opset_version, verbose, structure)


class DocGraph(nn.Module):
    """``forward(*inputs)`` -> the raw outputs of a KIE / NER model: for
    SDMGR, ``(relations (K, K, 5), texts (K, L))`` of one document ->
    ``(nodes (K, C), edges (K * K, 2))`` probabilities; for a NER
    classifier, :data:`~mmocr.deployment.NER_INPUTS` ``(N, L)`` -> tag
    logits ``(N, L, num_labels)``."""

    def __init__(self, model: nn.Module, kind: str):
        super().__init__()
        self.model, self.kind = model, kind
        self.train(model.training)

    def forward(self, *inputs: torch.Tensor
                ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        if self.kind == 'kie':
            relations, texts = inputs
            return self.model.node_edge_probs(None, [relations], [texts],
                                              None)
        feats = dict(zip(NER_INPUTS, inputs))
        return self.model.decoder(self.model.encoder(feats))[0]


#: Graph outputs and dynamic axes of the KIE / NER graphs.
DOC_OUTPUTS = {'kie': ['nodes', 'edges'], 'ner': ['output']}
DOC_AXES = {
    'kie': {'relations': {0: 'boxes', 1: 'boxes'},
            'texts': {0: 'boxes', 1: 'chars'}, 'nodes': {0: 'boxes'},
            'edges': {0: 'pairs'}},
    'ner': {**{name: {0: 'batch', 1: 'length'} for name in NER_INPUTS},
            'output': {0: 'batch', 1: 'length'}}}


def check_exportable(model: nn.Module, kind: str) -> None:
    """Raise ``NotImplementedError`` for a model whose graph would be
    wrong: SDMGR with the visual modality."""
    if kind == 'kie' and model.visual_modality:
        raise NotImplementedError(
            'SDMGR with visual_modality=True cannot export: its RoIAlign '
            'samples each box on an adaptive grid whose size depends on the '
            'box (sampling_ratio=0), a data-dependent loop length that a '
            'traced graph would freeze; export a visual_modality=False model')


def doc_samples(model: nn.Module, count: int = 2) -> list[dict]:
    """The first ``count`` samples of the config's ``data.test``, each
    collated as a batch of one."""
    dataset = build_dataset(model.cfg.data.test, dict(test_mode=True))
    if len(dataset) == 0:
        raise InvalidValueError(f'the test set of {model.cfg.filename} is '
                                'empty: nothing to trace the model on')
    return [collate([dataset[i]]) for i in range(min(count, len(dataset)))]


def doc_inputs(kind: str, batch: dict) -> tuple[torch.Tensor, ...]:
    """The graph inputs of a collated KIE / NER ``batch`` (its first
    document for KIE)."""
    if kind == 'kie':
        return batch['relations'][0].float(), batch['texts'][0].long()
    return tuple(batch['img_metas'][name].long() for name in NER_INPUTS)


def export_doc(model: nn.Module, kind: str, batch: dict, output_file: str,
               opset_version: int = MIN_KIE_OPSET,
               dynamic_export: bool = False, verbose: bool = False) -> None:
    """Trace a KIE / NER ``model`` on ``batch`` (:func:`doc_samples`) and
    write ``output_file`` (:func:`write_graph`)."""
    check_exportable(model, kind)
    inputs = doc_inputs(kind, batch)
    wrapper = DocGraph(model, kind)
    with torch.no_grad():
        outputs = as_tuple(wrapper(*inputs))
    names = list(KIE_INPUTS if kind == 'kie' else NER_INPUTS)
    write_graph(wrapper, inputs, names, outputs, DOC_OUTPUTS[kind],
                DOC_AXES[kind] if dynamic_export else None, output_file,
                opset_version, verbose)


def second_doc_input(kind: str, batches: list[dict]) -> dict:
    """Another size for the dynamic axes: the second test sample (KIE) or
    both samples as a batch of two (NER); without a second sample, the
    first half of the first document's boxes (KIE) or the text twice
    (NER)."""
    first = batches[0]
    if kind == 'kie':
        if len(batches) > 1:
            return batches[1]
        k = max(1, first['texts'][0].size(0) // 2)
        return dict(first, relations=[first['relations'][0][:k, :k]],
                    texts=[first['texts'][0][:k]])
    other = batches[1] if len(batches) > 1 else first
    return dict(first, img_metas={
        key: torch.cat([first['img_metas'][key], other['img_metas'][key]])
        for key in first['img_metas']})


def decoded_doc_differences(kind: str, ort_results: list,
                            torch_results: list) -> list[str]:
    """Differences between decoded KIE (node classes) / NER (entities)
    results."""
    problems = []
    for i, (ours, ref) in enumerate(zip(ort_results, torch_results)):
        if kind == 'kie':
            same = torch.equal(ours['nodes'].argmax(-1), ref['nodes'].argmax(-1))
        else:
            same = ours == ref
        if not same:
            problems.append(f'document {i}: ONNX Runtime and PyTorch '
                            f'{"node classes" if kind == "kie" else "entities"}'
                            ' differ')
    return problems


def verify_doc(model: nn.Module, kind: str, onnx_file: str,
               batches: list[dict], device_id: int = 0) -> bool:
    """Run PyTorch and ONNX Runtime on each collated ``batch``; compare the
    raw outputs and the decoded results. Returns whether all agree."""
    ort_model = init_onnx_model(model.cfg, onnx_file, device_id)
    wrapper = DocGraph(model, kind)
    same = True
    for batch in batches:
        inputs = doc_inputs(kind, batch)
        shape = [list(t.shape) for t in inputs]
        with torch.no_grad():
            expected = as_tuple(wrapper(*inputs))
            actual = ort_model.session.run(dict(zip(
                ort_model.session.input_names, inputs)))
        try:
            for ours, ref in zip(actual, expected):
                np.testing.assert_allclose(ours.numpy(), ref.numpy(),
                                           rtol=RTOL, atol=ATOL)
            diff = max((a - e).abs().max().item()
                       for a, e in zip(actual, expected))
            print(f'inputs {shape}: raw outputs match, max abs difference '
                  f'{diff:.3g}')
        except AssertionError as err:
            same = False
            print(f'inputs {shape}: raw outputs differ:{err}')
        with torch.no_grad():
            torch_results = model(return_loss=False, **batch)
            ort_results = ort_model(return_loss=False, **batch)
        problems = decoded_doc_differences(kind, ort_results, torch_results)
        same = same and not problems
        for problem in problems:
            print(f'inputs {shape}: decoded results differ: {problem}')
    print(f'The outputs are {"same" if same else "different"} between '
          'PyTorch and ONNX')
    return same


def fixed_width(model: nn.Module) -> bool:
    """Whether the recognizer reads one input size only
    (``fixed_input_width``: ABINet, SVTR, VisionLAN): its graph keeps the
    width static."""
    return bool(getattr(model, 'fixed_input_width', False))


def second_input(model_type: str, img: torch.Tensor, img_metas: list[dict],
                 keep_width: bool = False) -> tuple[torch.Tensor, list[dict]]:
    """A batch of two (the image and its mirror) at about half the width
    (and, for detectors, half the height, kept a multiple of 32; at the same
    size with ``keep_width``): checks the dynamic axes. The metas follow the
    new size."""
    _, _, h, w = img.shape
    if model_type == 'det':
        new_h, new_w = (max(32, (s // 2) // 32 * 32) for s in (h, w))
    else:
        new_h, new_w = h, w if keep_width else max(4, w // 2)
    small = F.interpolate(img, size=(new_h, new_w), mode='bilinear',
                          align_corners=False)
    batch = torch.cat([small, small.flip(-1)])
    ratio_w, ratio_h = new_w / w, new_h / h
    meta = dict(img_metas[0])
    if model_type == 'det':
        meta['scale_factor'] = np.asarray(meta['scale_factor'], np.float32) * \
            np.array([ratio_w, ratio_h, ratio_w, ratio_h], np.float32)
        for key in ('img_shape', 'pad_shape'):
            if key in meta:
                meta[key] = (new_h, new_w, *meta[key][2:])
    elif 'resize_shape' in meta:
        rh, rw = meta['resize_shape'][:2]
        meta['resize_shape'] = (rh, max(1, round(rw * ratio_w)),
                                *meta['resize_shape'][2:])
    return batch, [meta, dict(meta)]


def greedy_steps(graph_output: torch.Tensor, torch_output: torch.Tensor
                 ) -> torch.Tensor:
    """The first steps of a recognizer graph's output ``(N, max_seq_len,
    C)``, as many as PyTorch's ``(N, T', C)``: an autoregressive decoder
    stops once every sequence has emitted the end token, while the graph
    always runs ``max_seq_len`` steps (the convertor stops at the end token,
    so the extra steps do not change the text)."""
    if graph_output.dim() == 3 and torch_output.dim() == 3 and \
            torch_output.size(1) < graph_output.size(1):
        return graph_output[:, :torch_output.size(1)]
    return graph_output


def compare_results(model_type: str, ort_results: Sequence[dict],
                    torch_results: Sequence[dict]) -> list[str]:
    """Differences between decoded results (empty when they agree)."""
    problems = []
    for i, (ort_res, torch_res) in enumerate(zip(ort_results, torch_results)):
        if model_type == 'recog':
            if ort_res['text'] != torch_res['text'] or not np.allclose(
                    ort_res['score'], torch_res['score'], atol=SCORE_ATOL):
                problems.append(f'image {i}: ONNX Runtime {ort_res} vs '
                                f'PyTorch {torch_res}')
            continue
        ort_b, torch_b = ort_res['boundary_result'], torch_res['boundary_result']
        if len(ort_b) != len(torch_b) or not all(
                len(a) == len(b) and np.allclose(a, b, atol=BOUNDARY_ATOL)
                for a, b in zip(ort_b, torch_b)):
            problems.append(f'image {i}: {len(ort_b)} ONNX Runtime boundaries '
                            f'vs {len(torch_b)} PyTorch ones differ')
    return problems


def verify(model: nn.Module, model_type: str, onnx_file: str,
           inputs: list[tuple[torch.Tensor, list[dict]]],
           device_id: int = 0) -> tuple[bool, list[tuple[list, list]]]:
    """Run PyTorch and ONNX Runtime on each ``(img, img_metas)``.

    Returns:
        Whether all outputs agree, and ``(onnx_results, torch_results)``
        per input.
    """
    ort_model = init_onnx_model(model.cfg, onnx_file, device_id)
    same, results = True, []
    for img, img_metas in inputs:
        expected = as_tuple(raw_pytorch_output(model, model_type, img,
                                               img_metas))
        valid_ratio = (valid_ratio_input(model.with_valid_ratio(img, img_metas))
                       if ort_model.session.takes_valid_ratio else None)
        actual = as_tuple(ort_model.session(img, valid_ratio))
        shape = list(img.shape)
        if model_type == 'recog':
            actual = tuple(greedy_steps(a, e) for a, e in zip(actual, expected))
        try:
            if len(actual) != len(expected):
                raise AssertionError(f' {len(actual)} ONNX Runtime outputs, '
                                     f'{len(expected)} PyTorch ones')
            for ours, ref in zip(actual, expected):
                np.testing.assert_allclose(ours.numpy(), ref.numpy(),
                                           rtol=RTOL, atol=ATOL)
            diff = max((a - e).abs().max().item()
                       for a, e in zip(actual, expected))
            print(f'input {shape}: raw outputs match, max abs difference '
                  f'{diff:.3g}')
        except AssertionError as err:
            same = False
            print(f'input {shape}: raw outputs differ:{err}')
        with torch.no_grad():
            torch_results = model.simple_test(img, img_metas, rescale=True)
            ort_results = ort_model.simple_test(img, img_metas, rescale=True)
        problems = compare_results(model_type, ort_results, torch_results)
        same = same and not problems
        for problem in problems:
            print(f'input {shape}: decoded results differ: {problem}')
        results.append((ort_results, torch_results))
    print(f'The outputs are {"same" if same else "different"} between '
          'PyTorch and ONNX')
    return same, results


def min_opset(cfg, kind: str) -> tuple[int, str]:
    """The lowest opset ``cfg``'s model exports at, and why."""
    if kind == 'kie':
        return MIN_KIE_OPSET, 'SDMGR\'s graph attention uses scatter_reduce'
    preprocessor = cfg.model.get('preprocessor') or {}
    if kind == 'recog' and preprocessor.get('type') == 'TPSPreprocessor':
        return MIN_TPS_OPSET, 'the TPS preprocessor samples with grid_sample'
    return MIN_OPSET, ''


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import_onnx_packages()
    model = init_detector(args.model_config, args.model_ckpt, device='cpu',
                          cfg_options=args.cfg_options)
    kind = model_kind(model.cfg)
    if kind != args.model_type:
        raise ValueError(f'MODEL_TYPE is {args.model_type} but '
                         f'{args.model_config} builds a {kind} model '
                         f'({model.cfg.model.type})')
    required, why = min_opset(model.cfg, kind)
    if args.opset_version is None:
        args.opset_version = required
    elif args.opset_version < required:
        raise InvalidValueError(f'{model.cfg.model.type} needs --opset-version '
                                f'>= {required} ({why}), got '
                                f'{args.opset_version}')
    if kind in DOC_KINDS:
        batches = doc_samples(model)
        export_doc(model, kind, batches[0], args.output_file,
                   args.opset_version, args.dynamic_export, args.verbose)
        if not args.verify:
            return 0
        checks = batches[:1] + ([second_doc_input(kind, batches)]
                                if args.dynamic_export else [])
        return 0 if verify_doc(model, kind, args.output_file, checks,
                               args.device_id) else 1
    img, img_metas = prepare_inputs(model, args.image_path)
    export(model, args.model_type, img, img_metas, args.output_file,
           args.opset_version, args.dynamic_export, args.verbose)
    if not args.verify:
        return 0
    inputs = [(img, img_metas)]
    if args.dynamic_export:
        inputs.append(second_input(args.model_type, img, img_metas,
                                   fixed_width(model)))
    same, results = verify(model, args.model_type, args.output_file, inputs,
                           args.device_id)
    if args.show:
        ort_results, torch_results = results[0]
        model.show_result(args.image_path, torch_results[0], show=True,
                          win_name='PyTorch')
        model.show_result(args.image_path, ort_results[0], show=True,
                          win_name='ONNXRuntime')
    return 0 if same else 1


if __name__ == '__main__':
    sys.exit(run_tool(main, 'pytorch2onnx.py'))
