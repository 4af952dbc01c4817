"""Exported ONNX models run by ONNX Runtime behind the PyTorch test API.

``tools/deployment/pytorch2onnx.py`` exports a detector's raw head output
-- one map ``(N, C, H', W')`` (DBNet, PANet, PSENet) or a tuple of maps
(e.g. a score map and a geometry map), each a graph output -- or a
recognizer's per-step scores ``(N, T, num_classes)`` (CTC logits, or the
probabilities of an attention decoder's ``max_seq_len`` greedy steps; the
PyTorch models return these instead of decoded results while
``torch.onnx.is_in_onnx_export()``). The wrappers here feed such a graph and
decode its output with the very postprocessor / label convertor the PyTorch
model would use, so ``simple_test`` / ``forward(return_loss=False)`` return
the same result dicts and the wrappers plug into ``single_gpu_test``,
``model_inference`` and :class:`mmocr.inference.MMOCR`.
"""
from __future__ import annotations

import copy
import json
import os
from typing import Any, Sequence

import numpy as np
import torch

from mmocr.models.base import BaseModel
from mmocr.models.builder import build_convertor, build_head
from mmocr.models.kie.extractors import SDMGR
from mmocr.models.ner.classifiers import NerClassifier
from mmocr.models.textdet.detectors import DRRG, SingleStageTextDetector, ocr_mask_rcnn
from mmocr.models.textrecog.recognizer import EncodeDecodeRecognizer, SegRecognizer
from mmocr.models.textrecog.recognizer.base import BaseRecognizer
from mmocr.models.textrecog.recognizer.encode_decode_recognizer import (
    build_lexicon,
    decode_results,
)
from mmocr.registry import MODELS
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.fileio import check_file_exist
from mmocr.utils.nested_maps import Maps, image_maps

__all__ = ['ORTSession', 'inference_with_session', 'ONNXRuntimeDetector',
           'ONNXRuntimeRecognizer',
           'ONNXRuntimeKIE', 'ONNXRuntimeNER', 'KIE_INPUTS', 'NER_INPUTS',
           'model_kind', 'init_onnx_model', 'import_onnx_packages',
           'image_maps', 'flatten_maps', 'unflatten_maps',
           'OUTPUT_STRUCTURE_KEY']

#: ONNX metadata key of the nesting of the raw head output (JSON; see
#: :func:`flatten_maps`), written by ``pytorch2onnx.py``.
OUTPUT_STRUCTURE_KEY = 'mmocr_output_structure'

#: Inputs of an exported SDMGR graph (one document): ``relations (K, K, 5)``
#: float, ``texts (K, L)`` int64 char indices (-1 = padding).
KIE_INPUTS = ('relations', 'texts')
#: Inputs of an exported NER graph: ``(N, L)`` int64 each.
NER_INPUTS = ('input_ids', 'attention_masks', 'token_type_ids')

_INSTALL_HINT = 'install them with "pip install -r requirements/export.txt"'


def import_onnx_packages(*names: str) -> tuple:
    """Import ``names`` (default: onnx and onnxruntime) with a clear error
    saying how to install the ``export`` extra when one is missing."""
    import importlib
    names = names or ('onnx', 'onnxruntime')
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError as err:
            raise ImportError(f'ONNX export/inference needs {", ".join(names)}'
                              f' ({name} is missing): {_INSTALL_HINT}') from err
    return tuple(modules)


def _ort_errors(ort: Any) -> tuple[type[BaseException], ...]:
    """The exception classes ONNX Runtime raises for bad models / inputs."""
    state = ort.capi.onnxruntime_pybind11_state
    names = ('Fail', 'InvalidArgument', 'InvalidGraph', 'InvalidProtobuf',
             'NoSuchFile', 'NotImplemented', 'RuntimeException')
    return tuple(getattr(state, n) for n in names if hasattr(state, n))


def flatten_maps(maps: Maps) -> tuple[tuple[torch.Tensor, ...], Any]:
    """The tensors of a head output in depth-first order (the ONNX graph's
    outputs) and its structure: ``0`` for one tensor, else nested lists of
    leaf indices (``[[0, 1], [2, 3]]`` for two levels of two maps)."""
    leaves: list[torch.Tensor] = []

    def walk(node: Maps) -> Any:
        if isinstance(node, torch.Tensor):
            leaves.append(node)
            return len(leaves) - 1
        if not isinstance(node, (list, tuple)):
            raise InvalidTypeError('a head output must be tensors in '
                                   f'(nested) lists/tuples, got {type(node)}')
        return [walk(child) for child in node]

    structure = walk(maps)
    return tuple(leaves), structure


def unflatten_maps(leaves: Sequence[torch.Tensor], structure: Any) -> Maps:
    """Inverse of :func:`flatten_maps`, with tuples for the lists."""
    if isinstance(structure, int):
        return leaves[structure]
    nested = [unflatten_maps(leaves, s) for s in structure]
    return tuple(nested)


def inference_with_session(sess: Any, io_binding: Any, input_name: str,
                           output_names: Sequence[str],
                           input_tensor: torch.Tensor) -> list[np.ndarray]:
    """Run the ONNX Runtime session ``sess`` on one float32 tensor through
    ``io_binding`` (``sess.io_binding()``), the input read in place from the
    tensor's memory on its device (MMOCR 0.x's helper).

    Args:
        sess: An ``onnxruntime.InferenceSession``.
        io_binding: Its ``IOBinding``.
        input_name: The graph input fed with ``input_tensor``.
        output_names: The graph outputs to return.
        input_tensor: A contiguous float32 tensor, e.g. ``(N, 3, H, W)``.

    Returns:
        The outputs as numpy arrays (copied to the CPU), in
        ``output_names``' order.
    """
    if input_tensor.dtype != torch.float32:
        raise InvalidTypeError(f'inference_with_session: input_tensor must be '
                               f'float32, got {input_tensor.dtype}')
    tensor = input_tensor.contiguous()
    io_binding.bind_input(
        name=input_name, device_type=tensor.device.type,
        device_id=tensor.device.index or 0, element_type=np.float32,
        shape=tuple(tensor.shape), buffer_ptr=tensor.data_ptr())
    for name in output_names:
        io_binding.bind_output(name)
    sess.run_with_iobinding(io_binding)
    return io_binding.copy_outputs_to_cpu()


class ORTSession:
    """An ONNX Runtime session with one input (and, for CRNNs reading valid
    columns only, ``valid_ratio``) and one or more outputs, called on torch
    tensors.

    ``session(img[, valid_ratio])``: ``img`` a float tensor (any device),
    e.g. ``(N, C, H, W)``, ``valid_ratio`` N floats when
    :attr:`takes_valid_ratio`; returns the graph's output as a CPU float
    tensor, or a tuple of them (in graph order) when it has several.
    ``session.run({name: tensor})`` feeds named inputs (KIE, NER graphs) and
    returns the tuple of outputs.

    Args:
        onnx_file: Path of the ``.onnx`` model.
        device_id: CUDA device of the ``CUDAExecutionProvider`` when the
            installed ONNX Runtime has it; a negative id, or a CPU-only
            ONNX Runtime, runs on the CPU.
        num_threads: Intra-op threads; ``None`` follows ``OMP_NUM_THREADS``
            when set (as PyTorch's CPU ops do), else ONNX Runtime's default.
        input_names: The inputs the graph may have (it must have the
            first); ``None``: an image ``input`` and optionally
            ``valid_ratio``.
    """

    def __init__(self, onnx_file: str | os.PathLike, device_id: int = 0,
                 num_threads: int | None = None,
                 input_names: Sequence[str] | None = None):
        (ort, ) = import_onnx_packages('onnxruntime')
        self.onnx_file = str(onnx_file)
        check_file_exist(self.onnx_file, 'ONNX model "{}" does not exist')
        self._errors = _ort_errors(ort)
        options = ort.SessionOptions()
        if num_threads is None and os.environ.get('OMP_NUM_THREADS', '').isdigit():
            num_threads = int(os.environ['OMP_NUM_THREADS'])
        if num_threads:
            options.intra_op_num_threads = num_threads
            options.inter_op_num_threads = 1
        providers: list = ['CPUExecutionProvider']
        if device_id >= 0 and \
                'CUDAExecutionProvider' in ort.get_available_providers():
            providers.insert(0, ('CUDAExecutionProvider',
                                 {'device_id': device_id}))
        try:
            self.session = ort.InferenceSession(self.onnx_file, options,
                                                providers=providers)
        except self._errors as err:
            raise InvalidValueError(f'ONNX Runtime cannot load "{self.onnx_file}": '
                                    f'{err}') from err
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        names = [i.name for i in inputs]
        expected = ('one input (and valid_ratio)' if input_names is None
                    else f'inputs among {list(input_names)}')
        if not outputs or (names[1:] not in ([], ['valid_ratio'])
                           if input_names is None else
                           not names or names[0] != input_names[0]
                           or not set(names) <= set(input_names)):
            raise InvalidValueError(
                f'"{self.onnx_file}" has inputs {names} and outputs '
                f'{[o.name for o in outputs]}; expected {expected} and '
                'outputs (a model exported by '
                'tools/deployment/pytorch2onnx.py)')
        #: the graph's input names, in order
        self.input_names = names
        self.input_name = inputs[0].name
        self.output_names = [o.name for o in outputs]
        structure = self.session.get_modelmeta().custom_metadata_map.get(
            OUTPUT_STRUCTURE_KEY)
        #: nesting of the outputs (:func:`flatten_maps`); ``None`` for files
        #: without it (one tensor, or a flat tuple of several)
        self.output_structure = (json.loads(structure) if structure
                                 else None)
        self.input_shape = list(inputs[0].shape)
        #: whether the graph takes ``valid_ratio (N,)`` (a CRNN reading
        #: each image's valid columns only)
        self.takes_valid_ratio = 'valid_ratio' in names
        # float32 since the valid-step rule is computed in float32; graphs
        # exported before take float64
        self._ratio_dtype = next(
            (np.float64 if i.type == 'tensor(double)' else np.float32
             for i in inputs if i.name == 'valid_ratio'), np.float32)

    def __call__(self, img: torch.Tensor,
                 valid_ratio: torch.Tensor | None = None
                 ) -> torch.Tensor | tuple[torch.Tensor, ...]:
        array = np.ascontiguousarray(img.detach().float().cpu().numpy())
        feed = {self.input_name: array}
        if self.takes_valid_ratio:
            if valid_ratio is None:
                raise InvalidValueError(f'"{self.onnx_file}" needs the valid_ratio '
                                        'of each image')
            feed['valid_ratio'] = np.asarray(valid_ratio,
                                             dtype=self._ratio_dtype)
        tensors = self.run(feed)
        if self.output_structure is not None:
            return unflatten_maps(tensors, self.output_structure)
        return tensors[0] if len(tensors) == 1 else tensors

    def run(self, feed: dict[str, torch.Tensor | np.ndarray]
            ) -> tuple[torch.Tensor, ...]:
        """The graph's outputs (CPU tensors, graph order) for the named
        inputs ``feed`` (inputs the graph lacks are left out)."""
        arrays = {name: np.ascontiguousarray(
            value.detach().cpu().numpy() if isinstance(value, torch.Tensor)
            else value) for name, value in feed.items()
            if name in self.input_names}
        try:
            outputs = self.session.run(self.output_names, arrays)
        except self._errors as err:
            shapes = {k: list(v.shape) for k, v in arrays.items()}
            raise InvalidValueError(
                f'ONNX Runtime failed on inputs of shape {shapes} (the model '
                f'"{self.onnx_file}" takes {self.input_shape} as its first '
                'input; export with --dynamic-export for varying sizes): '
                f'{err}') from err
        return tuple(torch.from_numpy(o) for o in outputs)


def _model_cfg(cfg: Config | dict) -> dict:
    if not isinstance(cfg, (Config, dict)) or 'model' not in cfg:
        raise KeyError(f'config {getattr(cfg, "filename", "")} has no "model" '
                       'key')
    return cfg['model']


class _ORTModel(BaseModel):
    """Inference-only model around an :class:`ORTSession`; ``cfg`` is kept
    as ``self.cfg`` (what ``model_inference`` reads the test pipeline
    from)."""

    #: the graph inputs (see :class:`ORTSession`); ``None``: an image
    input_names: tuple[str, ...] | None = None

    def __init__(self, onnx_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, num_threads: int | None = None):
        super().__init__()
        self.cfg = cfg
        self.session = self._open_session(onnx_file, device_id, num_threads)

    def _open_session(self, model_file: str | os.PathLike, device_id: int,
                      num_threads: int | None) -> ORTSession:
        """The session running the exported graph (the TensorRT models
        open an engine instead)."""
        return ORTSession(model_file, device_id, num_threads,
                          self.input_names)

    def forward_train(self, img, img_metas, **kwargs):
        raise NotImplementedError(
            f'{type(self).__name__} runs an exported ONNX model: inference '
            'only (call it with return_loss=False)')

    @staticmethod
    def _check_batch(img: torch.Tensor, img_metas: Sequence[dict]) -> None:
        if img.dim() != 4:
            raise InvalidValueError(f'expected images (N, C, H, W), got '
                                    f'{tuple(img.shape)}')
        if img_metas is None or len(img_metas) != img.size(0):
            raise InvalidValueError(f'{None if img_metas is None else len(img_metas)}'
                                    f' img_metas for a batch of {img.size(0)} images')


@MODELS.register_module()
class ONNXRuntimeDetector(_ORTModel):
    """A text detector exported to ONNX, run by ONNX Runtime.

    The session maps ``img (N, 3, H, W)`` to the head's raw maps (one
    tensor, or a tuple for a head with several outputs), which the head's
    own ``get_boundary`` (its postprocessor, e.g. ``DBPostprocessor``,
    ``PANPostprocessor``) decodes image by image (:func:`image_maps`):
    ``simple_test(img, img_metas, rescale)`` returns one
    ``{'boundary_result': [[x1, y1, ..., xn, yn, score], ...]}`` per image,
    exactly as the PyTorch detector does.

    Args:
        onnx_file: The exported model.
        cfg: The model's config (``cfg.model.bbox_head`` gives the
            postprocessor; ``cfg.data.test`` the test pipeline).
        device_id: See :class:`ORTSession`.
        show_score: Draw the boundary scores in :meth:`show_result` (also
            on when the config's model sets ``show_score``).
        num_threads: See :class:`ORTSession`.
    """

    def __init__(self, onnx_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, show_score: bool = False,
                 num_threads: int | None = None):
        super().__init__(onnx_file, cfg, device_id, num_threads)
        model_cfg = _model_cfg(cfg)
        if 'bbox_head' not in model_cfg:
            raise KeyError(f'config {getattr(cfg, "filename", "")}: model '
                           f'{model_cfg.get("type")} has no bbox_head (is it '
                           'a text detector?)')
        head_cfg = copy.deepcopy(dict(model_cfg['bbox_head']))
        head_cfg.setdefault('train_cfg', model_cfg.get('train_cfg'))
        head_cfg.setdefault('test_cfg', model_cfg.get('test_cfg'))
        # The head's layers stay unused: only its postprocessor decodes.
        self.bbox_head = build_head(head_cfg).eval()
        self.show_score = bool(show_score or model_cfg.get('show_score', False))

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    rescale: bool = False) -> list[dict]:
        self._check_batch(img, img_metas)
        maps = self.session(img)
        return [self.bbox_head.get_boundary(image_maps(maps, i),
                                            [img_metas[i]], rescale)
                for i in range(len(img_metas))]

    def show_result(self, img, result: dict, **kwargs) -> np.ndarray:
        """Draw ``result`` as the PyTorch detector does (same arguments)."""
        return SingleStageTextDetector.show_result(self, img, result, **kwargs)


@MODELS.register_module()
class ONNXRuntimeRecognizer(_ORTModel, BaseRecognizer):
    """A text recognizer exported to ONNX, run by ONNX Runtime: CTC (CRNN),
    attention (SAR, NRTR, SATRN, MASTER, RobustScanner, greedy decoding
    in the graph) or segmentation (SegOCR).

    The session maps ``img (N, C, H, W)`` (and, for a model masking batch
    padding, ``valid_ratio (N,)``, computed from ``resize_shape``) to
    per-step scores ``(N, T, num_classes)`` -- CTC logits, or the
    probabilities of ``max_seq_len`` greedy steps -- or, for SegOCR, class
    maps ``(N, num_classes, H, W)``, which the config's label convertor
    decodes (CTC: ``valid_ratio`` limits the steps and
    ``test_cfg.lexicon`` corrects the readings; attention: up to the end
    token; SegOCR: connected components of the valid columns), as in
    PyTorch:
    ``simple_test(img, img_metas)`` returns one ``{'text', 'score'}`` per
    image; several test-time views are merged like the PyTorch recognizer.

    Args:
        onnx_file: The exported model.
        cfg: The model's config (``cfg.model.label_convertor`` and
            ``max_seq_len``; ``cfg.data.test`` the test pipeline).
        device_id: See :class:`ORTSession`.
        show_score: Kept for MMOCR 0.x's signature (recognition results are
            drawn without scores).
        num_threads: See :class:`ORTSession`.
    """

    def __init__(self, onnx_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, show_score: bool = False,
                 num_threads: int | None = None):
        super().__init__(onnx_file, cfg, device_id, num_threads)
        self.show_score = show_score
        model_cfg = _model_cfg(cfg)
        if 'label_convertor' not in model_cfg:
            raise KeyError(f'config {getattr(cfg, "filename", "")}: model '
                           f'{model_cfg.get("type")} has no label_convertor '
                           '(is it a text recognizer?)')
        self.label_convertor = build_convertor(
            model_cfg['label_convertor'],
            optional_args=dict(max_seq_len=model_cfg.get('max_seq_len', 40)))
        self.lexicon = build_lexicon(model_cfg.get('test_cfg'),
                                     self.label_convertor)

    def simple_test(self, img: torch.Tensor, img_metas: Sequence[dict],
                    **kwargs) -> list[dict]:
        self._check_batch(img, img_metas)
        img_metas = self.with_valid_ratio(img, img_metas)
        valid_ratio = [float(m.get('valid_ratio', 1.0)) for m in img_metas]
        return decode_results(self.session(img, valid_ratio), img_metas,
                              self.label_convertor, self.lexicon)


class ONNXRuntimeKIE(_ORTModel):
    """An SDMGR key information extractor exported to ONNX (without the
    visual modality), run by ONNX Runtime.

    The session maps one document's ``relations (K, K, 5)`` and ``texts
    (K, L)`` (:data:`KIE_INPUTS`) to the softmax probabilities ``nodes
    (K, C)`` and ``edges (K * K, 2)``; ``forward_test`` runs it on each
    document of the batch and returns, as :class:`~mmocr.models.kie.SDMGR`,
    one ``dict(img_metas=[meta], nodes, edges)`` per document.

    Args:
        onnx_file: The exported model.
        cfg: The model's config (``cfg.model.class_list`` and ``openset``
            for drawing; ``cfg.data.test`` the test pipeline).
        device_id: See :class:`ORTSession`.
        num_threads: See :class:`ORTSession`.
    """

    input_names = KIE_INPUTS
    _class_names = SDMGR._class_names

    def __init__(self, onnx_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, num_threads: int | None = None):
        super().__init__(onnx_file, cfg, device_id, num_threads)
        model_cfg = _model_cfg(cfg)
        self.class_list = model_cfg.get('class_list')
        self.openset = bool(model_cfg.get('openset', False))

    def forward_test(self, img, img_metas, relations, texts, gt_bboxes=None,
                     rescale: bool = False) -> list[dict]:
        results = []
        for meta, rel, text in zip(img_metas, relations, texts):
            nodes, edges = self.session.run(dict(relations=rel.float(),
                                                 texts=text.long()))
            results.append(dict(img_metas=[meta], nodes=nodes, edges=edges))
        return results

    simple_test = forward_test

    def show_result(self, img, result: dict, boxes, **kwargs) -> np.ndarray:
        """Draw ``result`` as SDMGR does (same arguments)."""
        return SDMGR.show_result(self, img, result, boxes, **kwargs)


class ONNXRuntimeNER(_ORTModel):
    """A NER classifier (Bert-softmax) exported to ONNX, run by ONNX
    Runtime.

    The session maps ``input_ids``, ``attention_masks``, ``token_type_ids``
    ``(N, L)`` (:data:`NER_INPUTS`, from ``NerTransform`` + ``ToTensorNER``)
    to the tag logits ``(N, L, num_labels)``; their arg-max is decoded by
    the config's ``NerConvertor``: ``forward_test(imgs, img_metas)`` returns
    per text a list of ``[category, start, end]`` entities, as
    :class:`~mmocr.models.ner.NerClassifier`.

    Args:
        onnx_file: The exported model.
        cfg: The model's config (``cfg.model.label_convertor``).
        device_id: See :class:`ORTSession`.
        num_threads: See :class:`ORTSession`.
    """

    input_names = NER_INPUTS

    def __init__(self, onnx_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, num_threads: int | None = None):
        super().__init__(onnx_file, cfg, device_id, num_threads)
        model_cfg = _model_cfg(cfg)
        if 'label_convertor' not in model_cfg:
            raise KeyError(f'config {getattr(cfg, "filename", "")}: model '
                           f'{model_cfg.get("type")} has no label_convertor')
        self.label_convertor = build_convertor(model_cfg['label_convertor'])

    def forward_test(self, imgs, img_metas: dict, **kwargs) -> list[list]:
        NerClassifier._check_inputs(img_metas)
        (logits, ) = self.session.run(
            {k: img_metas[k].long() for k in NER_INPUTS})
        return self.label_convertor.convert_pred2entities(
            logits.argmax(-1), img_metas['attention_masks'])

    simple_test = forward_test


#: ``model_kind`` -> the ONNX Runtime model class.
ORT_MODELS = {'det': ONNXRuntimeDetector, 'recog': ONNXRuntimeRecognizer,
              'kie': ONNXRuntimeKIE, 'ner': ONNXRuntimeNER}


def model_kind(cfg: Config) -> str:
    """``'det'`` for a config whose model is a single-stage text detector,
    ``'recog'`` for an encoder-decoder or segmentation (SegOCR) text
    recognizer, ``'kie'`` for SDMGR, ``'ner'`` for a NER classifier.

    Raises:
        NotImplementedError: Other models (the two-stage ``OCRMaskRCNN``,
            whose proposal count is data-dependent; DRRG, whose graphs depend
            on the data) have no ONNX path.
    """
    model_type = _model_cfg(cfg).get('type')
    cls = MODELS.get(model_type) if isinstance(model_type, str) else None
    if cls is None:
        raise KeyError(f'model type {model_type!r} of config '
                       f'{getattr(cfg, "filename", "")} is not registered')
    if issubclass(cls, DRRG):
        raise NotImplementedError(
            f'{model_type} cannot be exported to ONNX: its graph depends on the '
            'data (the text components proposed from the predicted maps, their '
            'number, their k-nearest-neighbour local graphs and the GCN over '
            'them change with every image); run it in PyTorch')
    if issubclass(cls, ocr_mask_rcnn.OCRMaskRCNN):
        raise NotImplementedError(ocr_mask_rcnn.ONNX_UNSUPPORTED)
    for kind, base in (('det', SingleStageTextDetector),
                       ('recog', (EncodeDecodeRecognizer, SegRecognizer)),
                       ('kie', SDMGR), ('ner', NerClassifier)):
        if issubclass(cls, base):
            return kind
    raise NotImplementedError(f'{model_type} models cannot run from ONNX: only'
                              ' single-stage text detectors, encoder-decoder '
                              'or segmentation text recognizers, SDMGR and '
                              'NER classifiers are supported')


def init_onnx_model(cfg: Config, onnx_file: str | os.PathLike,
                    device_id: int = 0) -> _ORTModel:
    """The ONNX Runtime model of ``cfg``'s kind (:data:`ORT_MODELS`, see
    :func:`model_kind`), in eval mode."""
    return ORT_MODELS[model_kind(cfg)](onnx_file, cfg, device_id).eval()
