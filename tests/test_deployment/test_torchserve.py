"""TorchServe: archives (tools/deployment/mmocr2torchserve.py), the handler
(mmocr_handler.py) behind a real ``torchserve`` on localhost, and
test_torchserve.py's comparison with local inference.

The served models are the shipped small ones (``DB_r18w32_sroie``,
``CRNN_slim``), so the answers carry real text."""
from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest

from mmocr.deployment.serve_utils import (
    ARCHIVE_CONFIG,
    ARCHIVE_RECOG_CHECKPOINT,
    ARCHIVE_RECOG_CONFIG,
    RequestError,
    ServeError,
    local_torchserve,
    post_image,
    request_image,
    results_differ,
    torchserve_executable,
)
from mmocr.utils.errors import InvalidValueError
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / 'tools' / 'deployment'
DET_CONFIG = REPO / 'configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py'
DET_CKPT = REPO / 'mmocr/model_zoo/dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth'
RECOG_CONFIG = REPO / 'configs/textrecog/crnn/crnn_vggslim_sroie_synthpages_ft.py'
RECOG_CKPT = REPO / ('mmocr/model_zoo/'
                     'crnn_vggslim_sroie_synthpages_soup-5ad6972f.pth')
KIE_CONFIG = REPO / 'configs/kie/sdmgr/sdmgr_novisual_25e_sroie.py'
RECEIPT = REPO / 'demo/demo_kie.jpg'
WORD = REPO / 'demo/demo_text_recog.jpg'


def load_tool(name: str):
    return load_script(TOOLS / f'{name}.py', name)


archiver = load_tool('mmocr2torchserve')
checker = load_tool('test_torchserve')


def build_archive(store: Path, name: str, e2e: bool = False,
                  config: Path = DET_CONFIG, ckpt: Path = DET_CKPT) -> str:
    extra = dict(recog_config=str(RECOG_CONFIG),
                 recog_checkpoint=str(RECOG_CKPT)) if e2e else {}
    return archiver.mmocr2torchserve(str(config), str(ckpt), str(store),
                                     name, **extra)


# ---------------------------------------------------------------------------
# Without a server
# ---------------------------------------------------------------------------
def test_request_image_errors():
    img = request_image({'body': bytearray(WORD.read_bytes())})
    assert img.ndim == 3 and img.shape[2] == 3
    b64 = base64.b64encode(WORD.read_bytes()).decode()
    assert (request_image({'data': b64}) == img).all()
    with pytest.raises(RequestError, match='empty request body'):
        request_image({'body': b''})
    with pytest.raises(RequestError, match='empty request body'):
        request_image({})
    with pytest.raises(RequestError, match='cannot decode image'):
        request_image({'body': RECEIPT.read_bytes()[:2000]})
    with pytest.raises(RequestError, match='not base64'):
        request_image({'data': 'not base64 !'})
    assert RequestError('x').answer() == dict(code=400, type='InvalidImage',
                                              message='x')


def test_results_differ():
    local = {'text': 'ab', 'score': [0.5, 0.25],
             'boundary_result': [[1.0, 2.0, 0.9]]}
    assert results_differ(local, {'text': 'ab', 'score': [0.50001, 0.25],
                                  'boundary_result': [[1, 2, 0.9]]}) is None
    assert 'text' in results_differ(local, dict(local, text='ac'))
    assert "['score'][1]" in results_differ(local, dict(local,
                                                        score=[0.5, 0.3]))
    assert '0 items != 1' in results_differ(local,
                                            dict(local, boundary_result=[]))
    assert 'keys' in results_differ(local, {'text': 'ab'})


def test_archive_contents(tmp_path):
    path = build_archive(tmp_path, 'ocr', e2e=True)
    assert path == str(tmp_path / 'ocr.mar')
    names = set(zipfile.ZipFile(path).namelist())
    assert {ARCHIVE_CONFIG, ARCHIVE_RECOG_CONFIG, ARCHIVE_RECOG_CHECKPOINT,
            DET_CKPT.name, 'mmocr_handler.py',
            'MAR-INF/MANIFEST.json'} <= names
    # the default name is the checkpoint's stem
    assert archiver.main([str(RECOG_CONFIG), str(RECOG_CKPT),
                          '--output-folder', str(tmp_path)]) == 0
    assert (tmp_path / f'{RECOG_CKPT.stem}.mar').is_file()


def test_archive_bad_input(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        build_archive(tmp_path, 'a', ckpt=tmp_path / 'missing.pth')
    with pytest.raises(InvalidValueError, match='both --recog-config'):
        archiver.mmocr2torchserve(str(DET_CONFIG), str(DET_CKPT),
                                  str(tmp_path), recog_config=str(RECOG_CONFIG))
    with pytest.raises(InvalidValueError, match='is a recog model'):
        build_archive(tmp_path, 'a', e2e=True, config=RECOG_CONFIG,
                      ckpt=RECOG_CKPT)
    with pytest.raises(NotImplementedError, match='cannot be served'):
        build_archive(tmp_path, 'a', config=KIE_CONFIG, ckpt=DET_CKPT)
    build_archive(tmp_path, 'a')
    with pytest.raises(FileExistsError, match='--force'):
        build_archive(tmp_path, 'a')
    # the command line says it in one line
    assert archiver.main([str(DET_CONFIG), str(tmp_path / 'no.pth'),
                          '--output-folder', str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('mmocr2torchserve: ') and '\n' not in err


# ---------------------------------------------------------------------------
# A real server
# ---------------------------------------------------------------------------
@pytest.fixture(scope='module')
def server(tmp_path_factory):
    """TorchServe on localhost with a detector, a recognizer and an
    end-to-end archive; stopped when the module's tests are done."""
    try:
        torchserve_executable()
    except ServeError as err:
        pytest.skip(str(err))
    store = tmp_path_factory.mktemp('model_store')
    build_archive(store, 'det')
    build_archive(store, 'recog', config=RECOG_CONFIG, ckpt=RECOG_CKPT)
    build_archive(store, 'ocr', e2e=True)
    workdir = tmp_path_factory.mktemp('torchserve')
    with local_torchserve(str(store), ['det', 'recog', 'ocr'], str(workdir),
                          env={'OMP_NUM_THREADS': '1'}) as url:
        yield url


def predict(url: str, model: str, content: bytes):
    return post_image(f'{url}/predictions/{model}', content)


def test_serve_word_crop(server):
    status, answer = predict(server, 'recog', WORD.read_bytes())
    assert status == 200
    assert set(answer) == {'text', 'score'} and answer['text']
    local = checker.local_result(str(WORD), str(RECOG_CONFIG),
                                 str(RECOG_CKPT), 'cpu')
    assert results_differ(local, answer) is None


def test_serve_receipt_detection(server):
    status, answer = predict(server, 'det', RECEIPT.read_bytes())
    assert status == 200
    boxes = answer['boundary_result']
    assert len(boxes) > 10 and all(len(b) == 9 for b in boxes)
    local = checker.local_result(str(RECEIPT), str(DET_CONFIG),
                                 str(DET_CKPT), 'cpu')
    assert results_differ(local, answer) is None


def test_serve_receipt_end_to_end(server, capsys):
    status, answer = predict(server, 'ocr', RECEIPT.read_bytes())
    assert status == 200
    texts = [r['text'] for r in answer['result']]
    assert len(texts) > 10
    assert {'box', 'box_score', 'text', 'text_score'} == \
        set(answer['result'][0])
    # test_torchserve.py: the same answer as local end-to-end inference
    host = server.removeprefix('http://')
    assert checker.main([str(RECEIPT), str(DET_CONFIG), str(DET_CKPT), 'ocr',
                         '--inference-addr', host, '--device', 'cpu',
                         '--recog-config', str(RECOG_CONFIG),
                         '--recog-checkpoint', str(RECOG_CKPT)]) == 0
    assert 'equals local inference' in capsys.readouterr().out


@pytest.mark.parametrize('content, message', [
    (b'', 'empty request body'),
    (RECEIPT.read_bytes()[:2000], 'cannot decode image'),
    (b'plain text, not an image', 'cannot decode image'),
])
def test_serve_bad_requests(server, content, message):
    for model in ('recog', 'ocr'):
        status, answer = predict(server, model, content)
        assert status == 400, answer
        assert answer['code'] == 400 and answer['type'] == 'InvalidImage'
        assert message in answer['message']
    # the server still answers afterwards
    assert predict(server, 'recog', WORD.read_bytes())[0] == 200


def test_checker_reports_a_bad_answer(server, capsys):
    # the word crop posted to the detector: the recognizer's local result
    # differs from the detector's answer
    host = server.removeprefix('http://')
    assert checker.main([str(WORD), str(RECOG_CONFIG), str(RECOG_CKPT), 'det',
                         '--inference-addr', host, '--device', 'cpu']) == 1
    err = capsys.readouterr().err
    assert 'the served result differs: result: keys' in err
    assert checker.main([str(WORD), str(RECOG_CONFIG), str(RECOG_CKPT),
                         'nosuchmodel', '--inference-addr', host]) == 1
    assert 'answered 404' in capsys.readouterr().err
