"""TensorRT engines (built by ``tools/deployment/onnx2tensorrt.py`` from a
``pytorch2onnx.py`` export) behind the PyTorch models' test API.

:class:`TRTSession` runs an engine on CUDA tensors with the interface of
:class:`~mmocr.deployment.ORTSession` (``session(img[, valid_ratio])``), so
:class:`TensorRTDetector` / :class:`TensorRTRecognizer` decode its output
with the ONNX Runtime models' code (the config's postprocessor / label
convertor) and return the same result dicts.

Needs the ``tensorrt`` wheel (``pip install -r requirements/tensorrt.txt``,
TensorRT 10's Python API) and a CUDA GPU; without either, building a
session raises a one-line :class:`TensorRTUnavailable`.
"""
from __future__ import annotations

import os
from typing import Any

import torch

from mmocr.registry import DETECTORS
from mmocr.utils.config import Config
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.fileio import check_file_exist

from .deploy_utils import ONNXRuntimeDetector, ONNXRuntimeRecognizer, model_kind

__all__ = ['TensorRTUnavailable', 'import_tensorrt', 'TRTSession',
           'TensorRTDetector', 'TensorRTRecognizer', 'init_trt_model']

_INSTALL_HINT = ('pip install -r requirements/tensorrt.txt (the tensorrt '
                 'wheel, on a machine with an NVIDIA GPU and driver)')


class TensorRTUnavailable(ImportError):
    """TensorRT cannot run here: the wheel or a CUDA GPU is missing (an
    ``ImportError``, as for other missing optional backends)."""


def import_tensorrt(device_id: int = 0) -> Any:
    """The ``tensorrt`` module, once a CUDA GPU ``device_id`` is known to
    be there.

    Raises:
        TensorRTUnavailable: ``tensorrt`` does not import, or torch sees no
            CUDA GPU (or not that many), in one line saying which.
    """
    try:
        import tensorrt
    except ImportError as err:
        raise TensorRTUnavailable(f'TensorRT is not installed ({err}): '
                                  f'{_INSTALL_HINT}') from None
    if not torch.cuda.is_available():
        raise TensorRTUnavailable('TensorRT needs a CUDA GPU: torch sees none '
                                  '(torch.cuda.is_available() is False); use '
                                  'the onnxruntime backend on this machine')
    if not 0 <= device_id < torch.cuda.device_count():
        raise TensorRTUnavailable(f'no CUDA device {device_id}: torch sees '
                                  f'{torch.cuda.device_count()}')
    return tensorrt


def _trt_dtypes(trt: Any) -> dict:
    return {trt.float32: torch.float32, trt.float16: torch.float16,
            trt.int32: torch.int32, trt.int64: torch.int64,
            trt.bool: torch.bool, trt.int8: torch.int8}


class TRTSession:
    """A deserialized TensorRT engine called on torch tensors.

    ``session(img[, valid_ratio])``: ``img`` ``(N, C, H, W)`` (moved to the
    engine's GPU, as float32), ``valid_ratio`` ``N`` floats when the engine
    has that input; returns the engine's output as a CPU float tensor, or a
    tuple of them in engine order, like
    :class:`~mmocr.deployment.ORTSession`.

    Args:
        trt_file: The serialized engine (``onnx2tensorrt.py``).
        device_id: CUDA device to run on.

    Raises:
        TensorRTUnavailable: no ``tensorrt`` or no GPU.
        FileNotFoundError: ``trt_file`` is missing.
        InvalidValueError: the file is not an engine of this TensorRT
            version.
    """

    def __init__(self, trt_file: str | os.PathLike, device_id: int = 0):
        self.trt_file = str(trt_file)
        check_file_exist(self.trt_file, 'TensorRT engine "{}" does not exist')
        trt = import_tensorrt(device_id)
        self.device = torch.device('cuda', device_id)
        self._dtypes = _trt_dtypes(trt)
        logger = trt.Logger(trt.Logger.ERROR)
        with open(self.trt_file, 'rb') as f, torch.cuda.device(self.device):
            self.engine = trt.Runtime(logger).deserialize_cuda_engine(f.read())
            if self.engine is None:
                raise InvalidValueError(
                    f'"{self.trt_file}" is not a TensorRT {trt.__version__} '
                    'engine (engines are tied to the TensorRT version and the '
                    'GPU they were built with: rebuild it with '
                    'tools/deployment/onnx2tensorrt.py)')
            self.context = self.engine.create_execution_context()
        names = [self.engine.get_tensor_name(i)
                 for i in range(self.engine.num_io_tensors)]
        is_input = {n: self.engine.get_tensor_mode(n) == trt.TensorIOMode.INPUT
                    for n in names}
        self.input_names = [n for n in names if is_input[n]]
        self.output_names = [n for n in names if not is_input[n]]
        #: whether the engine takes ``valid_ratio (N,)``
        self.takes_valid_ratio = 'valid_ratio' in self.input_names

    def _dtype(self, name: str) -> torch.dtype:
        trt_type = self.engine.get_tensor_dtype(name)
        if trt_type not in self._dtypes:
            raise InvalidValueError(f'"{self.trt_file}": tensor {name} has the '
                                    f'unsupported type {trt_type}')
        return self._dtypes[trt_type]

    def __call__(self, img: torch.Tensor,
                 valid_ratio: Any = None
                 ) -> torch.Tensor | tuple[torch.Tensor, ...]:
        feed = {self.input_names[0]: img}
        if self.takes_valid_ratio:
            if valid_ratio is None:
                raise InvalidValueError(f'"{self.trt_file}" needs the '
                                        'valid_ratio of each image')
            feed['valid_ratio'] = torch.as_tensor(valid_ratio)
        outputs = self.run(feed)
        return outputs[0] if len(outputs) == 1 else outputs

    def run(self, feed: dict[str, torch.Tensor]) -> tuple[torch.Tensor, ...]:
        """The engine's outputs for the named inputs ``feed``."""
        with torch.cuda.device(self.device):
            stream = torch.cuda.current_stream(self.device)
            keep = []
            for name in self.input_names:
                tensor = feed[name].to(self.device, self._dtype(name))
                tensor = tensor.contiguous()
                keep.append(tensor)
                if not self.context.set_input_shape(name, tuple(tensor.shape)):
                    raise InvalidValueError(
                        f'"{self.trt_file}" does not take {name} of shape '
                        f'{list(tensor.shape)}: outside the optimisation '
                        'profile (rebuild with a wider --min-shape/'
                        '--max-shape)')
                self.context.set_tensor_address(name, tensor.data_ptr())
            outputs = []
            for name in self.output_names:
                out = torch.empty(tuple(self.context.get_tensor_shape(name)),
                                  dtype=self._dtype(name), device=self.device)
                self.context.set_tensor_address(name, out.data_ptr())
                outputs.append(out)
            if not self.context.execute_async_v3(stream.cuda_stream):
                raise RuntimeError(f'TensorRT failed to run "{self.trt_file}"')
            stream.synchronize()
        # CPU float tensors, as ORTSession gives (the decoders use numpy)
        return tuple(o.float().cpu() for o in outputs)


@DETECTORS.register_module()
class TensorRTDetector(ONNXRuntimeDetector):
    """A text detector's TensorRT engine: the head's raw maps come from a
    :class:`TRTSession` and are decoded as :class:`ONNXRuntimeDetector`
    does (``simple_test(img (N, 3, H, W), img_metas, rescale)`` -> one
    ``{'boundary_result': ...}`` per image).

    Args:
        trt_file: The engine (``onnx2tensorrt.py``).
        cfg: The model's config.
        device_id: CUDA device.
        show_score: Draw the boundary scores in :meth:`show_result`.
    """

    def __init__(self, trt_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, show_score: bool = False):
        super().__init__(trt_file, cfg, device_id, show_score)

    def _open_session(self, model_file: str | os.PathLike, device_id: int,
                      num_threads: int | None) -> TRTSession:
        return TRTSession(model_file, device_id)


@DETECTORS.register_module()
class TensorRTRecognizer(ONNXRuntimeRecognizer):
    """A text recognizer's TensorRT engine: per-step scores ``(N, T, C)``
    from a :class:`TRTSession`, decoded as :class:`ONNXRuntimeRecognizer`
    does (``simple_test(img, img_metas)`` -> one ``{'text', 'score'}`` per
    image).

    Args:
        trt_file: The engine (``onnx2tensorrt.py``).
        cfg: The model's config.
        device_id: CUDA device.
        show_score: Kept for MMOCR 0.x's signature (recognition results are
            drawn without scores).
    """

    def __init__(self, trt_file: str | os.PathLike, cfg: Config,
                 device_id: int = 0, show_score: bool = False):
        super().__init__(trt_file, cfg, device_id, show_score)

    def _open_session(self, model_file: str | os.PathLike, device_id: int,
                      num_threads: int | None) -> TRTSession:
        return TRTSession(model_file, device_id)


def init_trt_model(cfg: Config, trt_file: str | os.PathLike,
                   device_id: int = 0
                   ) -> TensorRTDetector | TensorRTRecognizer:
    """:class:`TensorRTDetector` or :class:`TensorRTRecognizer` for
    ``cfg``'s model, in eval mode.

    Raises:
        NotImplementedError: a KIE / NER model (TensorRT wrappers exist for
            text detectors and recognizers, as in MMOCR 0.x).
    """
    kind = model_kind(cfg)
    if kind not in ('det', 'recog'):
        raise NotImplementedError(
            f'no TensorRT wrapper for {kind} models (only text detectors and '
            'recognizers, as in MMOCR 0.x): run their ONNX export with the '
            'onnxruntime backend')
    cls = TensorRTDetector if kind == 'det' else TensorRTRecognizer
    return cls(trt_file, cfg, device_id).eval()
