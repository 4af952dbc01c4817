"""The model zoo: names, configs, and checkpoints from the package, the
cache folder or an http server (sha256-verified)."""
import hashlib
import http.server
import os
import os.path as osp
import threading
from functools import partial

import pytest
from shapely.geometry import Polygon

from mmocr.inference import MMOCR, model_zoo
from mmocr.inference.model_zoo import (
    MODEL_ZOO,
    ModelZooEntry,
    ModelZooError,
    get_model_entry,
    list_models,
    resolve_checkpoint,
    resolve_config,
)
from mmocr.utils.checkpoint import CheckpointLoadError

MMOCR0_NAMES = {
    'textdet': ['DB_r18', 'DB_r50', 'DBPP_r50', 'DRRG', 'FCE_IC15',
                'FCE_CTW_DCNv2', 'MaskRCNN_CTW', 'MaskRCNN_IC15',
                'MaskRCNN_IC17', 'PANet_CTW', 'PANet_IC15', 'PS_CTW',
                'PS_IC15', 'TextSnake', 'Tesseract'],
    'textrecog': ['CRNN', 'SAR', 'SAR_CN', 'NRTR_1/16-1/8', 'NRTR_1/8-1/4',
                  'RobustScanner', 'SATRN', 'SATRN_sm', 'ABINet',
                  'ABINet_Vision', 'SEG', 'CRNN_TPS', 'Tesseract', 'MASTER'],
    'kie': ['SDMGR'],
}


@pytest.fixture
def mmocr_home(tmp_path, monkeypatch):
    home = tmp_path / 'home'
    monkeypatch.setenv('MMOCR_HOME', str(home))
    return home


def test_all_mmocr0_names_are_listed():
    for task, names in MMOCR0_NAMES.items():
        assert set(names) <= set(list_models(task)), task
    assert get_model_entry('DB_r18', 'textdet').config == \
        'textdet/dbnet/dbnet_r18_fpnc_1200e_icdar2015.py'
    assert get_model_entry('DB_r18', 'textdet').sha256 == 'ba3ab597'
    assert get_model_entry('Tesseract', 'textrecog').is_backend
    assert model_zoo.DEFAULT_DET in MODEL_ZOO['textdet']
    assert model_zoo.DEFAULT_RECOG in MODEL_ZOO['textrecog']


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ModelZooError, match='available: .*DB_r18'):
        get_model_entry('DB_r19', 'textdet')
    with pytest.raises(ValueError, match='task'):
        get_model_entry('CRNN', 'ner')


def test_entry_validation():
    with pytest.raises(ValueError, match='task'):
        ModelZooEntry('x', 'det', 'a.py', None)
    with pytest.raises(ValueError, match='sha256'):
        ModelZooEntry('x', 'textdet', 'a.py', 'x.pth', sha256='XYZ')


def test_config_of_implemented_and_missing_architectures(repo_root):
    config_dir = str(repo_root / 'configs')
    path = resolve_config(get_model_entry('DB_r18', 'textdet'), config_dir)
    assert os.path.isfile(path)
    path = resolve_config(get_model_entry('PANet_IC15', 'textdet'),
                          config_dir)
    assert os.path.isfile(path)
    # A name whose config is absent (every 0.x detector has one now).
    missing = ModelZooEntry('FooNet', 'textdet', 'textdet/foonet/foonet.py',
                            None, description='FooNet')
    with pytest.raises(ModelZooError,
                       match='FooNet.*not implemented.*DB_r18.*DRRG.*PANet_IC15'):
        resolve_config(missing, config_dir)
    with pytest.raises(ModelZooError, match='does not exist: pass config_dir'):
        resolve_config(get_model_entry('CRNN', 'textrecog'), '/nonexistent')


def test_missing_weights_say_how_to_train(mmocr_home):
    entry = get_model_entry('DB_r18', 'textdet')
    with pytest.raises(ModelZooError) as err:
        resolve_checkpoint(entry, 'configs')
    message = str(err.value)
    assert 'not shipped' in message
    assert 'python tools/train.py configs/textdet/dbnet/' \
        'dbnet_r18_fpnc_1200e_icdar2015.py' in message
    assert 'det_ckpt=' in message
    assert str(mmocr_home / 'checkpoints' / os.path.basename(
        entry.checkpoint)) in message


def _write(path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def test_shipped_then_cache_then_absolute(tmp_path, mmocr_home, monkeypatch):
    shipped = tmp_path / 'shipped'
    monkeypatch.setattr(model_zoo, 'SHIPPED_DIR', str(shipped))
    digest = _write(mmocr_home / 'checkpoints' / 'm.pth', b'cached')
    entry = ModelZooEntry('m', 'textdet', 'x.py', 'sub/m.pth', digest[:8])
    assert resolve_checkpoint(entry) == str(mmocr_home / 'checkpoints' / 'm.pth')
    digest = _write(shipped / 'sub' / 'm.pth', b'shipped')
    entry = ModelZooEntry('m', 'textdet', 'x.py', 'sub/m.pth', digest)
    assert resolve_checkpoint(entry) == str(shipped / 'sub' / 'm.pth')
    absolute = ModelZooEntry('m', 'textdet', 'x.py', str(shipped / 'sub' /
                                                         'm.pth'))
    assert resolve_checkpoint(absolute) == str(shipped / 'sub' / 'm.pth')


def test_corrupt_local_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setattr(model_zoo, 'SHIPPED_DIR', str(tmp_path))
    _write(tmp_path / 'm.pth', b'truncated')
    entry = ModelZooEntry('m', 'textrecog', 'x.py', 'm.pth', 'deadbeef')
    with pytest.raises(ModelZooError, match='corrupt.*does not start with '
                       'deadbeef'):
        resolve_checkpoint(entry)


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_root(tmp_path):
    root = tmp_path / 'www'
    root.mkdir()
    _Handler.requests = []
    server = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()
    server.server_close()


def test_download_verify_and_cache(http_root, mmocr_home):
    root, url = http_root
    digest = _write(root / 'model.pth', b'x' * 200_000)
    entry = ModelZooEntry('m', 'textdet', 'x.py', f'{url}/model.pth', digest)
    path = resolve_checkpoint(entry)  # with a progress bar
    assert path == str(mmocr_home / 'checkpoints' / 'model.pth')
    with open(path, 'rb') as f:
        assert f.read() == b'x' * 200_000
    assert resolve_checkpoint(entry, progress=False) == path
    assert _Handler.requests == ['/model.pth']  # cached: one download


def test_download_hash_mismatch_leaves_nothing(http_root, mmocr_home):
    root, url = http_root
    _write(root / 'bad.pth', b'not the expected bytes')
    entry = ModelZooEntry('m', 'textdet', 'x.py', f'{url}/bad.pth', '0' * 64)
    with pytest.raises(ModelZooError, match='sha256 mismatch'):
        resolve_checkpoint(entry, progress=False)
    cache = mmocr_home / 'checkpoints'
    assert not cache.exists() or os.listdir(cache) == []


def test_download_missing_file(http_root, mmocr_home):
    _, url = http_root
    entry = ModelZooEntry('m', 'textdet', 'x.py', f'{url}/none.pth')
    with pytest.raises(ModelZooError, match='cannot get the checkpoint of m.*'
                       '404'):
        resolve_checkpoint(entry, progress=False)


def test_panet_psenet_and_fcenet_entries_are_mmocr0_urls(repo_root):
    base = 'https://download.openmmlab.com/mmocr/textdet/'
    for name, ckpt, sha in (
            ('PANet_IC15', 'panet/panet_r18_fpem_ffm_sbn_600e_icdar2015_'
             '20210219-42dbe46a.pth', '42dbe46a'),
            ('PANet_CTW', 'panet/panet_r18_fpem_ffm_sbn_600e_ctw1500_'
             '20210219-3b3a9aa3.pth', '3b3a9aa3'),
            ('PS_IC15', 'psenet/psenet_r50_fpnf_600e_icdar2015_pretrain-'
             'eefd8fe6.pth', 'eefd8fe6'),
            ('PS_CTW', 'psenet/psenet_r50_fpnf_600e_ctw1500_20210401-'
             '216fed50.pth', '216fed50'),
            ('FCE_IC15', 'fcenet/fcenet_r50_fpn_1500e_icdar2015_20211022-'
             'daefb6ed.pth', 'daefb6ed'),
            ('FCE_CTW_DCNv2', 'fcenet/fcenet_r50dcnv2_fpn_1500e_ctw1500_'
             '20211022-e326d7ec.pth', 'e326d7ec'),
            ('TextSnake', 'textsnake/textsnake_r50_fpn_unet_1200e_ctw1500-'
             '27f65b64.pth', '27f65b64'),
            ('DRRG', 'drrg/drrg_r50_fpn_unet_1200e_ctw1500_20211022-'
             'fb30b001.pth', 'fb30b001')):
        entry = get_model_entry(name, 'textdet')
        assert entry.checkpoint == base + ckpt and entry.sha256 == sha
        assert os.path.isfile(resolve_config(entry,
                                             str(repo_root / 'configs')))


@pytest.mark.parametrize('name,url,sha', [
    ('NRTR_1/16-1/8', 'nrtr/nrtr_r31_1by16_1by8_academic_20211124-f60cebf4.pth',
     'f60cebf4'),
    ('NRTR_1/8-1/4', 'nrtr/nrtr_r31_1by8_1by4_academic_20211123-e1fdb322.pth',
     'e1fdb322'),
    ('SATRN', 'satrn/satrn_academic_20211009-cb8b1580.pth', 'cb8b1580'),
    ('SATRN_sm', 'satrn/satrn_small_20211009-2cf13355.pth', '2cf13355'),
    ('MASTER', 'master/master_r31_12e_ST_MJ_SA-787edd36.pth', '787edd36'),
    ('RobustScanner', 'robustscanner/robustscanner_r31_academic-5f05874f.pth',
     '5f05874f'),
    ('ABINet', 'abinet/abinet_academic-f718abf6.pth', 'f718abf6'),
    ('ABINet_Vision', 'abinet/abinet_vision_only_academic-e6b9ea89.pth',
     'e6b9ea89'),
])
def test_attention_entries_are_mmocr0_urls(name, url, sha, repo_root):
    entry = get_model_entry(name, 'textrecog')
    assert entry.checkpoint == \
        'https://download.openmmlab.com/mmocr/textrecog/' + url
    assert entry.sha256 == sha
    assert os.path.isfile(resolve_config(entry, str(repo_root / 'configs')))


@pytest.mark.parametrize('name', ['PANet_IC15', 'PS_IC15', 'FCE_IC15',
                                  'TextSnake'])
def test_url_entry_offline_says_how_to_pass_a_checkpoint(name, monkeypatch,
                                                         mmocr_home):
    def offline(url, *args):
        raise CheckpointLoadError(
            f'cannot download checkpoint {url}: <urlopen error [Errno -3] '
            'Temporary failure in name resolution>')

    monkeypatch.setattr(model_zoo, 'download_checkpoint', offline)
    entry = get_model_entry(name, 'textdet')
    with pytest.raises(ModelZooError) as err:
        resolve_checkpoint(entry, progress=False)
    message = str(err.value)
    assert '\n' not in message
    assert f'cannot get the checkpoint of {name}' in message
    assert 'det_ckpt=... (--det-ckpt)' in message
    assert str(mmocr_home / 'checkpoints' / osp.basename(entry.checkpoint)) \
        in message


def test_register_model(monkeypatch):
    monkeypatch.setitem(MODEL_ZOO, 'kie', dict(MODEL_ZOO['kie']))
    entry = ModelZooEntry('MyKIE', 'kie', 'kie/my.py', 'my.pth')
    model_zoo.register_model(entry)
    assert get_model_entry('MyKIE', 'kie') is entry
    with pytest.raises(KeyError, match='already'):
        model_zoo.register_model(entry)
    model_zoo.register_model(entry, force=True)


def test_shipped_panet_sroie_reads_the_demo_receipt(repo_root):
    """``MMOCR(det='PANet_sroie')`` finds the demo receipt's 54 lines where
    the default detector does (most boxes overlap one of the default's)."""
    demo = str(repo_root / 'demo' / 'demo_text_ocr.jpg')
    pan = MMOCR(det='PANet_sroie', recog=None).readtext(demo)[0]
    ref = MMOCR(recog=None).readtext(demo)[0]

    def polys(result):
        return [Polygon(list(zip(b[:-1:2], b[1:-1:2])))
                for b in result['boundary_result']]

    pan_polys, ref_polys = polys(pan), polys(ref)
    assert 45 <= len(pan_polys) <= 60
    matched = sum(any(p.intersection(q).area / p.union(q).area > 0.5
                      for q in ref_polys) for p in pan_polys)
    assert matched >= 0.8 * len(pan_polys)


def test_shipped_models_stay_under_40_mib():
    """Issue 20: everything the package ships in ``mmocr/model_zoo/``
    (checkpoints, dictionaries, lexicons, logs) stays under 40 MiB."""
    total = sum(osp.getsize(osp.join(root, f))
                for root, _, files in os.walk(model_zoo.SHIPPED_DIR)
                for f in files)
    assert total > 10 * 2**20, 'the shipped models are missing'
    assert total < 40 * 2**20, f'{total / 2**20:.1f} MiB shipped'


def test_shipped_scene_recognizer_reads_scene_words(shared_data):
    """``MMOCR(det=None, recog='CRNN_scene')``: the shipped scene-word
    recognizer with its gzipped English lexicon reads two words of MMOCR
    0.x's toy recognition set (real scene crops nothing here trained on)."""
    entry = get_model_entry('CRNN_scene', 'textrecog')
    assert osp.isfile(osp.join(model_zoo.SHIPPED_DIR, entry.checkpoint))
    root = shared_data / 'mmocr_toy' / 'ocr_toy_dataset'
    if not (root / 'label.txt').is_file():
        pytest.skip('mmocr_toy recognition set not available')
    labels = dict(line.split(' ', 1) for line in
                  (root / 'label.txt').read_text().splitlines())
    files = [f for f, text in labels.items() if text in ('ATTACK', '03/09/2009')]
    results = MMOCR(det=None, recog='CRNN_scene').readtext(
        [str(root / 'imgs' / f) for f in files])
    assert [r['text'] for r in results] == [labels[f] for f in files]
