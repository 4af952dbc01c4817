"""The model zoo: short names (``DB_r18``, ``CRNN``, ``SDMGR``...) for a
config and a checkpoint, as used by :class:`mmocr.inference.MMOCR` and
``mmocr/utils/ocr.py``.

Each :class:`ModelZooEntry` names a config (relative to the ``configs``
folder) and a checkpoint *location*, one of:

* an ``http(s)://`` URL: downloaded once (with a progress bar) into
  ``$MMOCR_HOME/checkpoints`` and sha256-verified
  (:func:`mmocr.utils.checkpoint.download_checkpoint`);
* a file name: looked up first among the checkpoints shipped with the
  package (``mmocr/model_zoo/<name>``), then in the cache folder
  ``$MMOCR_HOME/checkpoints/<basename>`` (``MMOCR_HOME`` defaults to
  ``~/.cache/mmocr``), where users put checkpoints they trained or fetched;
* an absolute path.

MMOCR 0.x's names are all listed. Those whose architecture is implemented
here and whose weights MMOCR 0.x published (``PANet_IC15``, ``PANet_CTW``,
``PS_IC15``, ``PS_CTW``, ``FCE_IC15``, ``FCE_CTW_DCNv2``, ``TextSnake``,
``MaskRCNN_CTW``, ``MaskRCNN_IC15``, ``MaskRCNN_IC17``, ``DRRG``,
``NRTR_1/16-1/8``,
``NRTR_1/8-1/4``, ``SATRN``, ``SATRN_sm``, ``MASTER``, ``RobustScanner``,
``SAR_CN``, ``SEG``, ``ABINet``, ``ABINet_Vision``) point to the published URL:
downloaded with a network, else a one-line :class:`ModelZooError` saying
how to pass a local checkpoint. The others carry the file names of MMOCR
0.x's checkpoints, which the project does not ship: resolving such a name
without the file in place raises
:class:`ModelZooError` saying how to train the model (``tools/train.py``
with its config) or where to put a checkpoint.
A name whose architecture this project does not implement (its config does
not exist) says so.
"""
from __future__ import annotations

import hashlib
import os
import os.path as osp
from dataclasses import dataclass
from typing import Iterable

from mmocr.utils.checkpoint import download_checkpoint, get_mmocr_home
from mmocr.utils.checkpoint_names import hash_prefix
from mmocr.utils.errors import InvalidValueError, ModelZooError

__all__ = [
    'ModelZooEntry', 'ModelZooError', 'MODEL_ZOO', 'DEFAULT_DET',
    'DEFAULT_RECOG', 'SHIPPED_DIR', 'register_model', 'get_model_entry',
    'list_models', 'resolve_config', 'resolve_checkpoint', 'checkpoint_cache_dir',
    'file_sha256'
]

#: Folder of the checkpoints shipped inside the package.
SHIPPED_DIR = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
                       'model_zoo')
TASKS = ('textdet', 'textrecog', 'kie')


@dataclass(frozen=True)
class ModelZooEntry:
    """One model of the zoo.

    Attributes:
        name: The short name (``'DB_r18'``).
        task: ``'textdet'``, ``'textrecog'`` or ``'kie'``.
        config: Config path relative to the configs folder, ``None`` for
            backends without a config (Tesseract).
        checkpoint: Checkpoint location (see the module docstring), ``None``
            for backends without weights.
        sha256: Expected sha256 of the checkpoint (a prefix of at least 8 hex
            digits is accepted), ``None`` to skip the check.
        description: One line for listings and messages.
    """

    name: str
    task: str
    config: str | None
    checkpoint: str | None
    sha256: str | None = None
    description: str = ''

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise InvalidValueError(f'model-zoo entry {self.name!r}: task must be one '
                                    f'of {TASKS}, got {self.task!r}')
        if self.sha256 is not None and (
                len(self.sha256) < 8
                or any(c not in '0123456789abcdef' for c in self.sha256)):
            raise InvalidValueError(f'model-zoo entry {self.name!r}: sha256 must be '
                                    f'at least 8 lower-case hex digits, got '
                                    f'{self.sha256!r}')

    @property
    def is_backend(self) -> bool:
        """An external engine (Tesseract), not a config + checkpoint."""
        return self.config is None


def _zoo(task: str, rows: Iterable[tuple[str, str, str, str]]
         ) -> dict[str, ModelZooEntry]:
    return {name: ModelZooEntry(name, task, f'{task}/{config}', ckpt,
                                hash_prefix(ckpt), description)
            for name, config, ckpt, description in rows}


#: Where MMOCR 0.x published its checkpoints.
_OPENMMLAB = 'https://download.openmmlab.com/mmocr'

# MMOCR 0.x's names, configs and checkpoints: their published URLs for the
# architectures this project implements, else the file names.
_TEXTDET = _zoo('textdet', [
    ('DB_r18', 'dbnet/dbnet_r18_fpnc_1200e_icdar2015.py',
     'dbnet_r18_fpnc_sbn_1200e_icdar2015_20210329-ba3ab597.pth',
     'DBNet, ResNet-18, ICDAR 2015'),
    ('DB_r50', 'dbnet/dbnet_r50dcnv2_fpnc_1200e_icdar2015.py',
     'dbnet_r50dcnv2_fpnc_sbn_1200e_icdar2015_20211025-9fe3b590.pth',
     'DBNet, ResNet-50 with DCNv2, ICDAR 2015'),
    ('DBPP_r50', 'dbnetpp/dbnetpp_r50dcnv2_fpnc_1200e_icdar2015.py',
     'dbnetpp_r50dcnv2_fpnc_1200e_icdar2015-20220502-d7a76fff.pth',
     'DBNet++, ResNet-50 with DCNv2, ICDAR 2015'),
    ('DRRG', 'drrg/drrg_r50_fpn_unet_1200e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/drrg/'
     'drrg_r50_fpn_unet_1200e_ctw1500_20211022-fb30b001.pth',
     'DRRG, ResNet-50, CTW1500'),
    ('FCE_IC15', 'fcenet/fcenet_r50_fpn_1500e_icdar2015.py',
     f'{_OPENMMLAB}/textdet/fcenet/'
     'fcenet_r50_fpn_1500e_icdar2015_20211022-daefb6ed.pth',
     'FCENet, ResNet-50, ICDAR 2015'),
    ('FCE_CTW_DCNv2', 'fcenet/fcenet_r50dcnv2_fpn_1500e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/fcenet/'
     'fcenet_r50dcnv2_fpn_1500e_ctw1500_20211022-e326d7ec.pth',
     'FCENet, ResNet-50 with DCNv2, CTW1500'),
    ('MaskRCNN_CTW', 'maskrcnn/mask_rcnn_r50_fpn_160e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/maskrcnn/'
     'mask_rcnn_r50_fpn_160e_ctw1500_20210219-96497a76.pth',
     'Mask R-CNN, ResNet-50, CTW1500'),
    ('MaskRCNN_IC15', 'maskrcnn/mask_rcnn_r50_fpn_160e_icdar2015.py',
     f'{_OPENMMLAB}/textdet/maskrcnn/'
     'mask_rcnn_r50_fpn_160e_icdar2015_20210219-8eb340a3.pth',
     'Mask R-CNN, ResNet-50, ICDAR 2015'),
    ('MaskRCNN_IC17', 'maskrcnn/mask_rcnn_r50_fpn_160e_icdar2017.py',
     f'{_OPENMMLAB}/textdet/maskrcnn/'
     'mask_rcnn_r50_fpn_160e_icdar2017_20210218-c6ec3ebb.pth',
     'Mask R-CNN, ResNet-50, ICDAR 2017'),
    ('PANet_CTW', 'panet/panet_r18_fpem_ffm_600e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/panet/'
     'panet_r18_fpem_ffm_sbn_600e_ctw1500_20210219-3b3a9aa3.pth',
     'PANet, ResNet-18, CTW1500'),
    ('PANet_IC15', 'panet/panet_r18_fpem_ffm_600e_icdar2015.py',
     f'{_OPENMMLAB}/textdet/panet/'
     'panet_r18_fpem_ffm_sbn_600e_icdar2015_20210219-42dbe46a.pth',
     'PANet, ResNet-18, ICDAR 2015'),
    ('PS_CTW', 'psenet/psenet_r50_fpnf_600e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/psenet/'
     'psenet_r50_fpnf_600e_ctw1500_20210401-216fed50.pth',
     'PSENet, ResNet-50, CTW1500'),
    ('PS_IC15', 'psenet/psenet_r50_fpnf_600e_icdar2015.py',
     f'{_OPENMMLAB}/textdet/psenet/'
     'psenet_r50_fpnf_600e_icdar2015_pretrain-eefd8fe6.pth',
     'PSENet, ResNet-50, ICDAR 2015'),
    ('TextSnake', 'textsnake/textsnake_r50_fpn_unet_1200e_ctw1500.py',
     f'{_OPENMMLAB}/textdet/textsnake/'
     'textsnake_r50_fpn_unet_1200e_ctw1500-27f65b64.pth',
     'TextSnake, ResNet-50, CTW1500'),
    # Our own default, trained on SROIE receipts.
    ('DB_r18_sroie', 'dbnet/dbnet_r18_fpnc_100e_sroie.py',
     'dbnet_r18_fpnc_100e_sroie.pth', 'DBNet, ResNet-18, SROIE receipts'),
    ('DB_r18w32_sroie', 'dbnet/dbnet_r18w32_fpnc_sroie_synth.py',
     'dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth',
     'DBNet, half-width ResNet-18, SROIE receipts + synthetic pages '
     '(default)'),
    ('PANet_sroie', 'panet/panet_r18w32_fpem_ffm_sroie_ft2.py',
     'panet_r18w32_fpem_ffm_sroie_ft2-dadaf303.pth',
     'PANet, half-width ResNet-18, SROIE receipts (1300 + 600 + 1000 '
     'iterations)'),
    ('PANet_sroie_stage2', 'panet/panet_r18w32_fpem_ffm_sroie_ft.py',
     'panet_r18w32_fpem_ffm_sroie_ft-f28735f0.pth',
     'PANet_sroie\'s first 1900 iterations (its third stage starts there); '
     'not shipped: train it with the config'),
    ('PANet_sroie_stage1', 'panet/panet_r18w32_fpem_ffm_sroie.py',
     'panet_r18w32_fpem_ffm_sroie-9fdcb389.pth',
     'PANet_sroie\'s first 1300 iterations (its second stage starts there)'),
    ('EAST_sroie', 'east/east_r18_fpnc_sroie_dbinit.py',
     'east_r18_fpnc_sroie_dbinit-4c0da28f.pth',
     'EAST (RBOX), half-width ResNet-18 + FPNC from DB_r18w32_sroie, SROIE '
     'receipts (folds 1-4)'),
    ('PS_sroie', 'psenet/psenet_r18w32_fpnf_sroie_dbinit.py',
     'psenet_r18w32_fpnf_sroie_dbinit-0600a6ad.pth',
     'PSENet, half-width ResNet-18 from DB_r18w32_sroie + FPNF, SROIE '
     'receipts (folds 1-4); not shipped: train it with the config'),
    ('FCE_curved_synth', 'fcenet/fcenet_r18w32_fpn_curved_synth_dbinit.py',
     'fcenet_r18w32_fpn_curved_synth_dbinit-2599374a.pth',
     'FCENet, half-width ResNet-18 from DB_r18w32_sroie + FPN, curved '
     'synthetic scenes (gen_det.py --curved)'),
])

_TEXTRECOG = _zoo('textrecog', [
    ('CRNN', 'crnn/crnn_academic_dataset.py', 'crnn_academic-a723a1c5.pth',
     'CRNN, VGG, MJSynth'),
    ('SAR', 'sar/sar_r31_parallel_decoder_academic.py',
     'sar_r31_parallel_decoder_academic-dba3a4a3.pth',
     'SAR, ResNet-31, parallel decoder, academic data'),
    ('SAR_CN', 'sar/sar_r31_parallel_decoder_chinese.py',
     f'{_OPENMMLAB}/textrecog/sar/'
     'sar_r31_parallel_decoder_chineseocr_20210507-b4be8214.pth',
     'SAR, ResNet-31, Chinese'),
    ('NRTR_1/16-1/8', 'nrtr/nrtr_r31_1by16_1by8_academic.py',
     f'{_OPENMMLAB}/textrecog/nrtr/'
     'nrtr_r31_1by16_1by8_academic_20211124-f60cebf4.pth',
     'NRTR, ResNet-31 1/16-1/8, academic data'),
    ('NRTR_1/8-1/4', 'nrtr/nrtr_r31_1by8_1by4_academic.py',
     f'{_OPENMMLAB}/textrecog/nrtr/'
     'nrtr_r31_1by8_1by4_academic_20211123-e1fdb322.pth',
     'NRTR, ResNet-31 1/8-1/4, academic data'),
    ('RobustScanner', 'robust_scanner/robustscanner_r31_academic.py',
     f'{_OPENMMLAB}/textrecog/robustscanner/'
     'robustscanner_r31_academic-5f05874f.pth',
     'RobustScanner, ResNet-31, academic data'),
    ('SATRN', 'satrn/satrn_academic.py',
     f'{_OPENMMLAB}/textrecog/satrn/satrn_academic_20211009-cb8b1580.pth',
     'SATRN, academic data'),
    ('SATRN_sm', 'satrn/satrn_small.py',
     f'{_OPENMMLAB}/textrecog/satrn/satrn_small_20211009-2cf13355.pth',
     'SATRN small, academic data'),
    ('ABINet', 'abinet/abinet_academic.py',
     f'{_OPENMMLAB}/textrecog/abinet/abinet_academic-f718abf6.pth',
     'ABINet, academic data'),
    ('ABINet_Vision', 'abinet/abinet_vision_only_academic.py',
     f'{_OPENMMLAB}/textrecog/abinet/'
     'abinet_vision_only_academic-e6b9ea89.pth',
     'ABINet vision model only, academic data'),
    ('SEG', 'seg/seg_r31_1by16_fpnocr_academic.py',
     f'{_OPENMMLAB}/textrecog/seg/seg_r31_1by16_fpnocr_academic-72235b11.pth',
     'SegOCR, ResNet-31, academic data'),
    ('CRNN_TPS', 'tps/crnn_tps_academic_dataset.py',
     'crnn-tps_academic_dataset_20210510-d221a905.pth',
     'CRNN with a TPS rectifier, MJSynth'),
    ('MASTER', 'master/master_r31_12e_ST_MJ_SA.py',
     f'{_OPENMMLAB}/textrecog/master/master_r31_12e_ST_MJ_SA-787edd36.pth',
     'MASTER, ResNet-31 with GCAModule, SynthText + SynthAdd + Syn90k'),
    # Our own default, trained on SROIE text-line crops.
    ('CRNN_sroie', 'crnn/crnn_vgg_sroie.py', 'crnn_vgg_sroie.pth',
     'CRNN, VGG, SROIE receipt lines'),
    ('CRNN_slim', 'crnn/crnn_vggslim_sroie_synthpages_ft.py',
     'crnn_vggslim_sroie_synthpages_soup-5ad6972f.pth',
     'compact CRNN (slim VGG + BiLSTM, CTC, DICT91), SROIE lines and '
     'detector crops + IIIT5K + synthetic words, lines and receipt pages, '
     'lexicon-corrected (default)'),
    ('CRNN_scene', 'crnn/crnn_vggslim_scene_words_ft.py',
     'crnn_vggslim_scene_words_ft-c3e9e76c.pth',
     'CRNN_slim fine-tuned on synthetic scene words and IIIT5K train, '
     'lexicon of English words: cropped scene words (session 12)'),
    ('CRNN_slim_stage2', 'crnn/crnn_vggslim_sroie_detcrops_ft.py',
     'crnn_vggslim_sroie_detcrops_ft-78518223.pth',
     'second stage of CRNN_slim (SROIE detector crops; half of its weight '
     'average); not shipped: train it with the config'),
    ('CRNN_slim_stage1', 'crnn/crnn_vggslim_sroie_iiit5k_synth.py',
     'crnn_vggslim_sroie_iiit5k_synth-799332d4.pth',
     'first stage of CRNN_slim (its fine-tuning starts from these weights); '
     'not shipped: train it with the config'),
    # ModelScope's line recognizer, trained here on synthetic Chinese lines.
    ('ConvNextViT', 'convnextvit/convnextvit_tiny_chinese.py',
     'convnextvit_tiny_chinese.pth',
     'ConvNextViT, ConvNeXt-Tiny + ViT encoder, CTC, Chinese level-1 + '
     'ASCII, synthetic Chinese lines'),
])

_KIE = _zoo('kie', [
    ('SDMGR', 'sdmgr/sdmgr_unet16_60e_wildreceipt.py',
     'sdmgr_unet16_60e_wildreceipt_20210520-7489e6de.pth',
     'SDMGR, U-Net visual features, WildReceipt'),
    # The project's own, shipped in mmocr/model_zoo/.
    ('SDMGR_sroie', 'sdmgr/sdmgr_novisual_25e_sroie.py',
     'sdmgr_novisual_25e_sroie-0f71c55c.pth',
     'SDMGR without visual features, SROIE key fields (company, address, '
     'date, total)'),
])

_TESSERACT = {
    'textdet': ModelZooEntry('Tesseract', 'textdet', None, None,
                             description='Tesseract text lines (tesserocr '
                             'or pytesseract)'),
    'textrecog': ModelZooEntry('Tesseract', 'textrecog', None, None,
                               description='Tesseract single-line '
                               'recognition (tesserocr or pytesseract)'),
}

#: ``task -> name -> entry``.
MODEL_ZOO: dict[str, dict[str, ModelZooEntry]] = {
    'textdet': {**_TEXTDET, 'Tesseract': _TESSERACT['textdet']},
    'textrecog': {**_TEXTRECOG, 'Tesseract': _TESSERACT['textrecog']},
    'kie': _KIE,
}

#: The models ``MMOCR()`` uses by default: the project's own, shipped in
#: ``mmocr/model_zoo/`` (docs/en/default_models.md).
DEFAULT_DET = 'DB_r18w32_sroie'
DEFAULT_RECOG = 'CRNN_slim'


def register_model(entry: ModelZooEntry, force: bool = False) -> None:
    """Add ``entry`` to :data:`MODEL_ZOO` (``force`` replaces a name)."""
    table = MODEL_ZOO[entry.task]
    if entry.name in table and not force:
        raise KeyError(f'{entry.name!r} is already in the {entry.task} model '
                       'zoo (pass force=True to replace it)')
    table[entry.name] = entry


def list_models(task: str) -> list[str]:
    """The names of ``task``'s model zoo, sorted."""
    if task not in MODEL_ZOO:
        raise InvalidValueError(f'task must be one of {TASKS}, got {task!r}')
    return sorted(MODEL_ZOO[task])


def get_model_entry(name: str, task: str) -> ModelZooEntry:
    """The entry named ``name`` for ``task``; a clear error listing the
    available names otherwise."""
    if task not in MODEL_ZOO:
        raise InvalidValueError(f'task must be one of {TASKS}, got {task!r}')
    entry = MODEL_ZOO[task].get(name)
    if entry is None:
        raise ModelZooError(f'{name!r} is not a {task} model of the model zoo; '
                            f'available: {", ".join(list_models(task))}')
    return entry


def checkpoint_cache_dir() -> str:
    """``$MMOCR_HOME/checkpoints``, where downloads and user checkpoints go."""
    return osp.join(get_mmocr_home(), 'checkpoints')


def resolve_config(entry: ModelZooEntry, config_dir: str) -> str:
    """The entry's config file under ``config_dir``.

    Raises:
        ModelZooError: the config does not exist, i.e. this project does not
            implement the architecture (or ``config_dir`` is wrong).
    """
    if entry.config is None:
        raise ModelZooError(f'{entry.name} ({entry.task}) has no config: it is '
                            'an external engine')
    path = osp.join(config_dir, entry.config)
    if not osp.isfile(path):
        hint = ''
        if not osp.isdir(config_dir):
            hint = (f' (the configs folder {config_dir} does not exist: pass '
                    'config_dir / --config-dir)')
        implemented = [n for n, e in MODEL_ZOO[entry.task].items()
                       if e.config and osp.isfile(osp.join(config_dir, e.config))]
        raise ModelZooError(
            f'{entry.name} ({entry.description}) is not implemented by this '
            f'project: its config {path} does not exist{hint}. Implemented '
            f'{entry.task} models: {", ".join(implemented) or "none"}, or '
            f'Tesseract where listed; or pass your own config and checkpoint.')
    return path


def file_sha256(path: str) -> str:
    """The hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


_VERIFIED: set[tuple[str, float, int, str]] = set()


def _verify(path: str, sha256: str | None, name: str) -> None:
    if sha256 is None:
        return
    stat = os.stat(path)
    key = (osp.abspath(path), stat.st_mtime, stat.st_size, sha256)
    if key in _VERIFIED:
        return
    actual = file_sha256(path)
    if not actual.startswith(sha256):
        raise ModelZooError(
            f'checkpoint {path} of {name} is corrupt or not the expected file: '
            f'sha256 {actual} does not start with {sha256}. Delete it and '
            'try again (or pass your own checkpoint).')
    _VERIFIED.add(key)


def _how_to_get(entry: ModelZooEntry, config_dir: str, cached: str) -> str:
    config = osp.join(osp.relpath(config_dir), entry.config or '')
    stem = osp.splitext(osp.basename(entry.config or entry.name))[0]
    arg = {'textdet': 'det', 'textrecog': 'recog', 'kie': 'kie'}[entry.task]
    return (f'the weights of {entry.name} ({entry.description}) are not '
            f'shipped with this project. Train it with `python tools/train.py '
            f'{config} --work-dir work_dirs/{stem}` and pass '
            f'{arg}_ckpt=work_dirs/{stem}/latest.pth (--{arg}-ckpt), or put a '
            f'checkpoint at {cached} (the cache folder is $MMOCR_HOME/'
            'checkpoints, MMOCR_HOME defaulting to ~/.cache/mmocr).')


def resolve_checkpoint(entry: ModelZooEntry, config_dir: str = 'configs',
                       progress: bool = True) -> str:
    """A local, verified checkpoint file for ``entry``.

    URLs are downloaded into the cache once; file names are looked up in the
    shipped folder, then in the cache.

    Raises:
        ModelZooError: no checkpoint is available (the message says how to
            train one and where to put it) or its sha256 does not match.
    """
    location = entry.checkpoint
    if location is None:
        raise ModelZooError(f'{entry.name} ({entry.task}) has no checkpoint: '
                            'it is an external engine')
    if location.startswith(('http://', 'https://')):
        try:
            path = download_checkpoint(location, checkpoint_cache_dir(),
                                       entry.sha256, progress)
        except RuntimeError as err:
            arg = {'textdet': 'det', 'textrecog': 'recog',
                   'kie': 'kie'}[entry.task]
            cached = osp.join(checkpoint_cache_dir(),
                              osp.basename(location))
            raise ModelZooError(
                f'cannot get the checkpoint of {entry.name}: {err}. Pass a '
                f'local checkpoint with {arg}_ckpt=... (--{arg}-ckpt), or put '
                f'the file at {cached}.') from err
        _verify(path, entry.sha256, entry.name)
        return path
    if osp.isabs(location):
        candidates = [location]
    else:
        candidates = [osp.join(SHIPPED_DIR, location),
                      osp.join(checkpoint_cache_dir(), osp.basename(location))]
    for path in candidates:
        if osp.isfile(path):
            _verify(path, entry.sha256, entry.name)
            return path
    raise ModelZooError(_how_to_get(entry, config_dir, candidates[-1]))
