"""End-to-end OCR in one call or one command (MMOCR 0.x's ``ocr.py``).

Python::

    >>> from mmocr.inference import MMOCR
    >>> ocr = MMOCR(det='DB_r18', recog='CRNN')
    >>> results = ocr.readtext('demo/demo_text_ocr.jpg', print_result=True)

Command line (:mod:`mmocr.inference.cli`, also installed as ``mmocr-ocr``)::

    python mmocr/utils/ocr.py demo/demo_text_ocr.jpg --print-result \\
        --output out.jpg

Results (one dict per image, MMOCR 0.x's shapes):

* detection + recognition: ``{'filename', 'text': [str, ...]}`` (KIE adds
  ``labels``, the class name of each text); with ``details``
  ``{'filename', 'result': [{'box', 'box_score', 'text', 'text_score'},
  ...]}`` (KIE adds ``label`` and ``label_score``);
* detection only: ``{'filename', 'boundary_result': [[x1, y1, ..., score],
  ...]}``;
* recognition only: ``{'text', 'score'}``.

An image that cannot be read or processed is logged and gets the empty
result of its kind plus an ``error`` message; the other images are
processed.
"""
from __future__ import annotations

import os
import os.path as osp
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import cv2
import numpy as np
import torch
from tqdm import tqdm

from mmocr.apis.inference import model_inference, resolve_device
from mmocr.core.visualize import show_image
from mmocr.utils.box_util import (
    clip_boundary,
    reading_order,
    rectify_crop,
    stitch_boxes_into_lines,
)
from mmocr.utils.errors import InvalidTypeError, InvalidValueError
from mmocr.utils.fileio import repo_path
from mmocr.utils.logger import get_root_logger

from .export import EXPORT_FORMATS, draw_result, dump_result, to_builtin
from .loading import (
    build_kie_dataset,
    build_ocr_model,
    disabled,
    kie_class_names,
    load_image,
)
from .model_zoo import DEFAULT_DET, DEFAULT_RECOG

__all__ = ['MMOCR', 'AUTO_RECOG_BATCH']

_IMAGE_EXTS = ('.png', '.jpg', '.jpeg')
# Crops per recognition batch when recog_batch_size is 0: sorted by aspect
# ratio, batches this small pad little (the widest crop sets the width).
AUTO_RECOG_BATCH = 32


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    size = size if size > 0 else max(len(items), 1)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _text_score(result: dict) -> float:
    """A recognizer's score as one number (the mean character score)."""
    score = result.get('score', 0.0)
    if isinstance(score, torch.Tensor):
        score = score.detach().cpu().tolist()
    if isinstance(score, (list, tuple, np.ndarray)):
        score = [float(s) for s in score]
        return float(sum(score) / max(1, len(result.get('text', ''))))
    return float(score)


def _quad(box: Sequence[float]) -> list[float]:
    """A boundary ``[x1, y1, ..., xn, yn]`` as 4 points (min-area rectangle
    of a polygon), for the KIE model."""
    pts = np.asarray(box, dtype=np.float32).reshape(-1, 2)
    if len(pts) != 4:
        pts = cv2.boxPoints(cv2.minAreaRect(pts))
    return [float(v) for v in pts.reshape(-1)]


@dataclass
class _Input:
    """One image to read: its result name and where it comes from."""

    name: str
    source: str | np.ndarray

    @property
    def where(self) -> str:
        if isinstance(self.source, str):
            return self.source
        return f'array #{self.name} {self.source.shape}'


@dataclass
class _Options:
    """The options of one :meth:`MMOCR.readtext` call."""

    details: bool
    export_format: str
    batch_mode: bool
    recog_batch_size: int
    det_batch_size: int
    single_batch_size: int
    imshow: bool
    print_result: bool
    merge: bool
    merge_xdist: float


class MMOCR:
    """Text detection, recognition and key information extraction in one
    object.

    Args:
        det: Detection model-zoo name (``None`` disables detection).
        det_config: Detection config; overrides the zoo entry's.
        det_ckpt: Detection checkpoint (path or URL); overrides the zoo
            entry's.
        recog: Recognition model-zoo name (``None`` disables recognition).
        recog_config, recog_ckpt: As for detection.
        kie: KIE model-zoo name (``''``/``None``: no KIE); needs both
            ``det`` and ``recog``.
        kie_config, kie_ckpt: As for detection.
        config_dir: Folder of the zoo's configs (default: the
            ``configs`` folder of the checkout or the installed package).
        device: ``'cpu'``, ``'cuda:0'``...; ``None`` picks CUDA when
            available.
        **kwargs: Ignored (MMOCR 0.x passes every command-line option);
            logged when not an option of :meth:`readtext` or the CLI.
    """

    def __init__(self, det: str | None = DEFAULT_DET, det_config: str = '',
                 det_ckpt: str = '', recog: str | None = DEFAULT_RECOG,
                 recog_config: str = '', recog_ckpt: str = '',
                 kie: str | None = '', kie_config: str = '',
                 kie_ckpt: str = '',
                 config_dir: str | None = None,
                 device: str | torch.device | None = None, **kwargs: Any):
        _check_unknown(kwargs, 'MMOCR()')
        self.logger = get_root_logger()
        self.config_dir = config_dir or repo_path('configs')
        self.device = resolve_device(device)
        if disabled(det) and disabled(recog):
            raise InvalidValueError('MMOCR needs a detection or a recognition model: '
                                    'det and recog are both None')
        if not disabled(kie) and (disabled(det) or disabled(recog)):
            raise InvalidValueError('kie can only be used with both det and recog '
                                    f'(got det={det!r}, recog={recog!r})')
        self.detect_model = self._build('textdet', det, det_config, det_ckpt)
        self.recog_model = self._build('textrecog', recog, recog_config,
                                       recog_ckpt)
        self.kie_model = self._build('kie', kie, kie_config, kie_ckpt)
        self.kie_dataset = build_kie_dataset(self.kie_model) if self.kie_model else None
        self.timings: dict[str, float] = {}

    # ------------------------------------------------------------------
    # Models
    # ------------------------------------------------------------------
    def _build(self, task: str, name: str | None, config: str, ckpt: str):
        return build_ocr_model(task, name, config, ckpt, self.config_dir,
                               self.device, self.logger)

    def _run(self, model, imgs: list[np.ndarray], batch_size: int,
             batch_mode: bool) -> list[dict]:
        """Results of ``model`` (a network or a Tesseract backend) for
        ``imgs``: batches of ``batch_size`` in batch mode, else one by
        one."""
        if hasattr(model, 'inference'):
            return model.inference(imgs)
        if not batch_mode:
            return [model_inference(model, img) for img in imgs]
        results: list[dict] = []
        for chunk in _chunks(imgs, batch_size):
            results += model_inference(model, list(chunk), batch_mode=True)
        return results

    def _recognize(self, crops: list[np.ndarray], batch_size: int
                   ) -> list[dict]:
        """Recognize crops in batches of similar aspect ratio (little
        padding), returning the results in the crops' order."""
        if not crops:
            return []
        order = np.argsort([c.shape[1] / c.shape[0] for c in crops],
                           kind='stable')
        results = self._run(self.recog_model, [crops[i] for i in order],
                            batch_size or AUTO_RECOG_BATCH, batch_mode=True)
        ordered: list[dict] = [{}] * len(crops)
        for i, res in zip(order.tolist(), results):
            ordered[i] = res
        return ordered

    def _timed(self, key: str, fn: Callable, *args) -> Any:
        start = time.perf_counter()
        out = fn(*args)
        self.timings[key] = self.timings.get(key, 0.0) + \
            time.perf_counter() - start
        return out

    # ------------------------------------------------------------------
    # Pipelines of one chunk of images
    # ------------------------------------------------------------------
    def _crops(self, arrays: list[np.ndarray], det_results: list[dict]
               ) -> tuple[list[list[list[float]]], list[np.ndarray]]:
        boundaries, crops = [], []
        for arr, det in zip(arrays, det_results):
            kept = []
            for b in det.get('boundary_result', []):
                if len(b) < 9:
                    self.logger.warning(f'skipping a detected boundary with '
                                        f'{len(b)} values (needs >= 9)')
                    continue
                kept.append(b)
            # results in reading order, whatever order the detector found
            kept = [kept[i] for i in reading_order([b[:-1] for b in kept])]
            crops += [rectify_crop(arr, b[:-1]) for b in kept]
            boundaries.append(kept)
        return boundaries, crops

    def read_boundaries(self, arrays: list[np.ndarray],
                        det_results: list[dict], recog_batch_size: int = 0
                        ) -> list[list[dict]]:
        """Read the detected text of images: what ``readtext(details=True)``
        does after detection (crops, batched recognition, reading order).

        Args:
            arrays: The images, ``(H, W, 3)`` BGR.
            det_results: Per image, a detector's result (its
                ``boundary_result``: ``[x1, y1, ..., xn, yn, score]`` lists).
            recog_batch_size: Crops per recognition batch (0: automatic).

        Returns:
            Per image, ``[{'box', 'box_score', 'text', 'text_score'}]`` in
            reading order, boxes clipped to the image.
        """
        if self.recog_model is None:
            raise InvalidValueError('read_boundaries needs a recognition model '
                                    '(recog=None was given)')
        boundaries, crops = self._timed('crop', self._crops, arrays,
                                        det_results)
        recog_results = self._timed('recog', self._recognize, crops,
                                    recog_batch_size)
        lines, k = [], 0
        for arr, bounds in zip(arrays, boundaries):
            result = []
            for b in bounds:
                rec = recog_results[k]
                k += 1
                result.append(dict(box=clip_boundary(b[:-1], arr.shape),
                                   box_score=float(b[-1]),
                                   text=rec['text'],
                                   text_score=_text_score(rec)))
            lines.append(result)
        return lines

    def _end2end(self, arrays: list[np.ndarray], names: list[str],
                 opts: _Options) -> list[dict]:
        det_results = self._timed('det', self._run, self.detect_model, arrays,
                                  opts.det_batch_size, opts.batch_mode)
        lines = self.read_boundaries(arrays, det_results,
                                     opts.recog_batch_size)
        outputs = []
        for arr, name, result in zip(arrays, names, lines):
            if opts.merge:
                result = stitch_boxes_into_lines(result, opts.merge_xdist, 0.5)
            if self.kie_model is not None and result:
                self._timed('kie', self._kie, arr, result)
            outputs.append(dict(filename=name, result=result))
        return outputs

    def _kie(self, arr: np.ndarray, result: list[dict]) -> None:
        """Add ``label``/``label_score`` to each box of ``result``."""
        ann = self.kie_dataset._parse_anno_info(
            [dict(box=_quad(r['box']), text=r['text']) for r in result])
        kie_result = model_inference(self.kie_model, arr, ann=ann)
        scores, labels = kie_result['nodes'].detach().cpu().max(dim=-1)
        names = kie_class_names(self.kie_model)
        for res, label, score in zip(result, labels.tolist(), scores.tolist()):
            res['label'] = names.get(str(label), label)
            res['label_score'] = float(score)

    def _single(self, arrays: list[np.ndarray], names: list[str],
                opts: _Options) -> list[dict]:
        if self.detect_model is not None:
            results = self._timed('det', self._run, self.detect_model, arrays,
                                  opts.single_batch_size, opts.batch_mode)
            return [{'filename': name, **{k: v for k, v in res.items()
                                          if k != 'filename'}}
                    for name, res in zip(names, results)]
        return self._timed('recog', self._run, self.recog_model, arrays,
                           opts.single_batch_size, opts.batch_mode)

    def _process(self, arrays: list[np.ndarray], names: list[str],
                 opts: _Options) -> list[dict]:
        if self.detect_model is not None and self.recog_model is not None:
            return self._end2end(arrays, names, opts)
        return self._single(arrays, names, opts)

    # ------------------------------------------------------------------
    # Output of one image
    # ------------------------------------------------------------------
    def _empty_result(self, name: str, details: bool, error: str) -> dict:
        if self.detect_model is not None and self.recog_model is not None:
            key = 'result' if details else 'text'
            return {'filename': name, key: [], 'error': error}
        if self.detect_model is not None:
            return {'filename': name, 'boundary_result': [], 'error': error}
        return {'text': '', 'score': 0.0, 'error': error}

    def _finish(self, arr: np.ndarray, res: dict, output: str | None,
                export: str | None, opts: _Options) -> dict:
        """Draw, export and print one image's result; return its final
        form."""
        if output or opts.imshow:
            drawn = draw_result(arr, res, self.detect_model or
                                self.recog_model, output)
            if opts.imshow:
                show_image(drawn, 'inference results')
        final = res
        if 'result' in res and not opts.details:
            final = dict(filename=res['filename'],
                         text=[r['text'] for r in res['result']])
            if self.kie_model is not None:
                final['labels'] = [r.get('label') for r in res['result']]
        final = to_builtin(final)
        if export:
            dump_result(final, export, opts.export_format)
        if opts.print_result:
            print(final, end='\n\n')
        return final

    # ------------------------------------------------------------------
    # Inputs and paths
    # ------------------------------------------------------------------
    def _collect_inputs(self, img: Any) -> list[_Input]:
        items = list(img) if isinstance(img, (list, tuple)) else [img]
        if not items:
            raise InvalidValueError('readtext got an empty list of images')
        inputs: list[_Input] = []
        for idx, item in enumerate(items):
            if isinstance(item, np.ndarray):
                inputs.append(_Input(str(idx), item))
            elif isinstance(item, (str, os.PathLike)):
                path = os.fspath(item)
                if osp.isdir(path):
                    files = sorted(
                        osp.join(path, f) for f in os.listdir(path)
                        if not f.startswith('.')
                        and osp.isfile(osp.join(path, f)))
                    if not files:
                        self.logger.warning(f'{path}: the folder has no files')
                    inputs += [_Input(osp.splitext(osp.basename(f))[0], f)
                               for f in files]
                else:
                    inputs.append(_Input(
                        osp.splitext(osp.basename(path))[0], path))
            else:
                raise InvalidTypeError(f'img #{idx} must be a path, a folder or a '
                                       f'uint8 array, got {type(item).__name__}')
        return inputs

    @staticmethod
    def _file_names(inputs: list[_Input]) -> list[str]:
        """Names for output/export files, unique even when two inputs share
        a stem (``a.jpg`` and ``a.png``)."""
        seen: dict[str, int] = {}
        names = []
        for item in inputs:
            count = seen.get(item.name, 0)
            seen[item.name] = count + 1
            names.append(item.name if count == 0 else f'{item.name}_{count}')
        return names

    @staticmethod
    def _output_paths(names: list[str], output: str | None) -> list:
        if not output:
            return [None] * len(names)
        output = os.fspath(output)
        is_file = not osp.isdir(output) and \
            osp.splitext(output)[1].lower() in _IMAGE_EXTS + (
                '.bmp', '.tif', '.tiff', '.webp')
        if is_file and len(names) > 1:
            raise InvalidValueError(f'output {output} is a file but {len(names)} '
                                    'images are read: give a folder')
        if is_file:
            return [output]
        return [osp.join(output, f'out_{n}.png') for n in names]

    @staticmethod
    def _make_folders(paths: list) -> None:
        """Create the folders of the output files before reading any image,
        so that an unwritable output stops the call at once."""
        for folder in sorted({osp.dirname(osp.abspath(p)) for p in paths if p}):
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as err:
                raise type(err)(err.errno, f'cannot create output folder '
                                f'{folder}: {err.strerror}') from None

    @staticmethod
    def _export_paths(names: list[str], export: str | None,
                      export_format: str) -> list:
        if not export:
            return [None] * len(names)
        return [osp.join(os.fspath(export), f'out_{n}.{export_format}')
                for n in names]

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    def readtext(self, img, output: str | None = None, details: bool = False,
                 export: str | None = None, export_format: str = 'json',
                 batch_mode: bool = False, recog_batch_size: int = 0,
                 det_batch_size: int = 0, single_batch_size: int = 0,
                 imshow: bool = False, print_result: bool = False,
                 merge: bool = False, merge_xdist: float = 20,
                 **kwargs: Any) -> list[dict]:
        """Read the text of images.

        Args:
            img: An image path, a folder, a BGR ``uint8`` array, or a list
                of them.
            output: File (one image) or folder for the drawings.
            details: End-to-end results with boxes and scores.
            export: Folder for one result file per image
                (``out_<name>.<export_format>``).
            export_format: ``json`` (default), ``pkl`` or ``yaml``.
            batch_mode: Batch images through the models (detection in
                batches of ``det_batch_size``, a single model in batches of
                ``single_batch_size``; 0 = all images at once).
            recog_batch_size: Crops per recognition batch (0 = automatic:
                batches of at most ``AUTO_RECOG_BATCH`` crops). Crops are
                always batched, sorted by aspect ratio so that a batch pads
                its crops little.
            det_batch_size, single_batch_size: See ``batch_mode``.
            imshow: Show each drawing in a window (when a display exists).
            print_result: Print each result.
            merge: Stitch the boxes of a line into one (end-to-end only).
            merge_xdist: Largest gap in pixels between stitched boxes.

        Returns:
            One result per image (see the module docstring); an image that
            cannot be read or processed gets an ``error`` entry and does
            not stop the others.

        Raises:
            OSError: the folder of ``output`` or ``export`` cannot be
                created (checked before any image is read).
        """
        _check_unknown(kwargs, 'readtext()')
        if export_format not in EXPORT_FORMATS:
            raise InvalidValueError(f'export_format must be one of {EXPORT_FORMATS}, '
                                    f'got {export_format!r}')
        for key, value in (('recog_batch_size', recog_batch_size),
                           ('det_batch_size', det_batch_size),
                           ('single_batch_size', single_batch_size)):
            if not isinstance(value, int) or value < 0:
                raise InvalidValueError(f'{key} must be an int >= 0, got {value!r}')
        opts = _Options(details, export_format, batch_mode, recog_batch_size,
                        det_batch_size, single_batch_size, imshow,
                        print_result, merge, merge_xdist)
        if merge and (self.detect_model is None or self.recog_model is None):
            self.logger.warning('merge only applies to detection + '
                                'recognition: ignored')
        inputs = self._collect_inputs(img)
        names = self._file_names(inputs)
        outputs = self._output_paths(names, output)
        exports = self._export_paths(names, export, export_format)
        self._make_folders(outputs + exports)
        self.timings = {}
        e2e = self.detect_model is not None and self.recog_model is not None
        chunk = (det_batch_size if e2e else single_batch_size) \
            if batch_mode else 1
        results: list[dict | None] = [None] * len(inputs)
        with tqdm(total=len(inputs), disable=len(inputs) <= 1, unit='img',
                  desc='readtext', file=sys.stderr) as bar:
            for idx in _chunks(list(range(len(inputs))), chunk):
                self._read_chunk(inputs, list(idx), outputs, exports, opts,
                                 results)
                bar.update(len(idx))
        failed = sum('error' in r for r in results)
        if failed:
            self.logger.warning(f'{failed} of {len(inputs)} images could not '
                                'be read (see the errors above)')
        return results

    def _read_chunk(self, inputs: list[_Input], idx: list[int],
                    outputs: list, exports: list, opts: _Options,
                    results: list) -> None:
        """Load, process and finish the images ``idx``; a failing batch is
        retried image by image so that one bad image spoils only itself."""
        loaded = []
        for i in idx:
            try:
                loaded.append((i, load_image(inputs[i].source)))
            except (OSError, ValueError) as err:
                self._fail(inputs[i], err, opts, results, i)
        if not loaded:
            return
        try:
            processed = self._process([a for _, a in loaded],
                                      [inputs[i].name for i, _ in loaded],
                                      opts)
        except Exception as err:  # noqa: BLE001 - isolate the bad image
            if len(loaded) == 1:
                self._fail(inputs[loaded[0][0]], err, opts, results,
                           loaded[0][0])
                return
            for i, _ in loaded:
                self._read_chunk(inputs, [i], outputs, exports, opts, results)
            return
        for (i, arr), res in zip(loaded, processed):
            try:
                results[i] = self._finish(arr, res, outputs[i], exports[i],
                                          opts)
            except (OSError, ValueError) as err:
                self._fail(inputs[i], err, opts, results, i)

    def _fail(self, item: _Input, err: Exception, opts: _Options,
              results: list, i: int) -> None:
        message = f'{type(err).__name__}: {err}'
        self.logger.error(f'{item.where}: skipped ({message})')
        results[i] = self._empty_result(item.name, opts.details, message)


_READTEXT_KEYS = ('img', 'output', 'details', 'export', 'export_format',
                  'batch_mode', 'recog_batch_size', 'det_batch_size',
                  'single_batch_size', 'imshow', 'print_result', 'merge',
                  'merge_xdist')
_INIT_KEYS = ('det', 'det_config', 'det_ckpt', 'recog', 'recog_config',
              'recog_ckpt', 'kie', 'kie_config', 'kie_ckpt', 'config_dir',
              'device')


def _check_unknown(kwargs: dict, where: str) -> None:
    unknown = sorted(set(kwargs) - set(_READTEXT_KEYS) - set(_INIT_KEYS))
    if unknown:
        get_root_logger().warning(f'{where}: ignoring unknown argument(s) '
                                  f'{unknown}')


