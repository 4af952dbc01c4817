"""MMOCR() / readtext() / ocr.py with tiny random-weight models built from
the toy configs, saved as checkpoints and used through the model zoo.

Result shapes are compared key by key with MMOCR 0.x's documented ones:
det+recog ``{'filename', 'text'}`` (``details``: ``{'filename', 'result':
[{'box', 'box_score', 'text', 'text_score'}]}``, KIE adds ``label`` and
``label_score``), det only ``{'filename', 'boundary_result'}``, recog only
``{'text', 'score'}``.
"""
import json
import os
import pickle
import string
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch
import yaml

from mmocr.apis import init_detector
from mmocr.inference import MMOCR, main, model_zoo
from mmocr.inference.model_zoo import MODEL_ZOO, ModelZooEntry, ModelZooError
from mmocr.runner.checkpoint import save_checkpoint

E2E_KEYS = {'box', 'box_score', 'text', 'text_score'}


@pytest.fixture(scope='module')
def zoo(tmp_path_factory, repo_root):
    """Configs under ``<root>/configs`` and checkpoints of a DBNet whose
    probability map is 1 everywhere (one box per image), a CRNN and an
    SDMGR, registered in the model zoo as ``toy_det``/``toy_recog``/
    ``toy_kie``."""
    root = tmp_path_factory.mktemp('zoo')
    cfg_dir = root / 'configs'
    for sub in ('textdet', 'textrecog', 'kie'):
        (cfg_dir / sub).mkdir(parents=True)
    (cfg_dir / 'textdet' / 'det.py').write_text(
        f'_base_ = ["{repo_root}/configs/textdet/dbnet/dbnet_r18_fpnc_toy.py"]'
        '\nmodel = dict(bbox_head=dict(postprocessor=dict(max_candidates=3)))\n')
    (cfg_dir / 'textrecog' / 'recog.py').write_text(
        f'_base_ = ["{repo_root}/configs/textrecog/crnn/'
        'crnn_toy_dataset.py"]\n')
    (root / 'dict.txt').write_text(
        '\n'.join(string.digits + string.ascii_letters) + '\n')
    (root / 'classes.txt').write_text(''.join(f'{i} class{i}\n'
                                              for i in range(26)))
    (cfg_dir / 'kie' / 'kie.py').write_text(
        f'_base_ = ["{repo_root}/configs/kie/sdmgr/'
        'sdmgr_novisual_60e_wildreceipt.py"]\n'
        f'data = dict(test=dict(dict_file="{root}/dict.txt"))\n'
        'model = dict(bbox_head=dict(node_embed=16, edge_embed=16, '
        f'fusion_dim=40), class_list="{root}/classes.txt")\n')
    torch.manual_seed(0)
    det = init_detector(str(cfg_dir / 'textdet' / 'det.py'), device='cpu')
    det.bbox_head.binarize[-2].weight.data.zero_()
    det.bbox_head.binarize[-2].bias.data.fill_(8.0)
    entries = {}
    for task, name, model in (
            ('textdet', 'det', det),
            ('textrecog', 'recog', init_detector(
                str(cfg_dir / 'textrecog' / 'recog.py'), device='cpu')),
            ('kie', 'kie', init_detector(str(cfg_dir / 'kie' / 'kie.py'),
                                         device='cpu'))):
        ckpt = root / f'{name}.pth'
        save_checkpoint(model, str(ckpt))
        entries[task] = ModelZooEntry(f'toy_{name}', task,
                                      f'{task}/{name}.py', str(ckpt),
                                      model_zoo.file_sha256(str(ckpt)))
    return root, entries


@pytest.fixture
def toy_names(zoo, monkeypatch):
    root, entries = zoo
    for task, entry in entries.items():
        monkeypatch.setitem(MODEL_ZOO, task, dict(MODEL_ZOO[task]))
        model_zoo.register_model(entry)
    return dict(config_dir=str(root / 'configs'), device='cpu')


@pytest.fixture
def e2e(toy_names):
    return MMOCR(det='toy_det', recog='toy_recog', **toy_names)


@pytest.fixture(scope='module')
def images(tmp_path_factory):
    """A folder with good images (colour, grayscale, RGBA, 1x1, huge) and
    bad files (corrupt image, text file)."""
    folder = tmp_path_factory.mktemp('images')
    page = np.full((120, 200, 3), 255, np.uint8)
    cv2.putText(page, 'TOTAL 12.50', (5, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                (0, 0, 0), 2)
    cv2.imwrite(str(folder / 'a_color.jpg'), page)
    cv2.imwrite(str(folder / 'b_gray.png'), page[..., 0])
    cv2.imwrite(str(folder / 'c_rgba.png'),
                cv2.cvtColor(page, cv2.COLOR_BGR2BGRA))
    cv2.imwrite(str(folder / 'd_tiny.png'), page[:1, :1])
    (folder / 'e_corrupt.jpg').write_bytes(b'\xff\xd8\xff\xe0 not a jpeg')
    (folder / 'f_notes.txt').write_text('not an image')
    cv2.imwrite(str(folder / 'g_huge.png'),
                cv2.resize(page, (4000, 2400), interpolation=cv2.INTER_NEAREST))
    return folder, page


def test_read_boundaries_is_readtext_after_detection(e2e, images, toy_names):
    """``read_boundaries`` on the detector's own result gives what
    ``readtext(details=True)`` gives; it needs a recognizer."""
    folder, _ = images
    path = str(folder / 'a_color.jpg')
    page = cv2.imread(path)  # what readtext reads
    detailed = e2e.readtext(path, details=True)[0]['result']
    det_only = MMOCR(det='toy_det', recog=None, **toy_names)
    det = det_only.readtext(path)[0]
    assert e2e.read_boundaries([page], [det]) == [detailed]
    with pytest.raises(AssertionError, match='needs a recognition model'):
        det_only.read_boundaries([page], [det])


def test_e2e_result_shapes(e2e, images):
    folder, page = images
    path = str(folder / 'a_color.jpg')
    simple = e2e.readtext(path)
    assert len(simple) == 1 and set(simple[0]) == {'filename', 'text'}
    assert simple[0]['filename'] == 'a_color'
    assert isinstance(simple[0]['text'], list) and len(simple[0]['text']) == 1
    detailed = e2e.readtext(path, details=True)[0]
    assert set(detailed) == {'filename', 'result'}
    box = detailed['result'][0]
    assert set(box) == E2E_KEYS
    assert box['box'] == [200, 120, 0, 120, 0, 0, 200, 0]  # clipped
    assert all(isinstance(v, int) for v in box['box'])
    assert isinstance(box['box_score'], float) and box['box_score'] > 0.99
    assert isinstance(box['text_score'], float)
    assert box['text'] == simple[0]['text'][0]
    assert set(e2e.timings) == {'det', 'crop', 'recog'}
    # Arrays are named by their index.
    arrays = e2e.readtext([page, page[:60]])
    assert [r['filename'] for r in arrays] == ['0', '1']


def test_single_task_result_shapes(toy_names, images):
    folder, page = images
    det = MMOCR(det='toy_det', recog=None, **toy_names)
    res = det.readtext(str(folder / 'a_color.jpg'), details=True)
    assert len(res) == 1 and set(res[0]) == {'filename', 'boundary_result'}
    assert res[0]['filename'] == 'a_color'
    assert len(res[0]['boundary_result']) == 1
    assert len(res[0]['boundary_result'][0]) == 9
    recog = MMOCR(det=None, recog='toy_recog', **toy_names)
    res = recog.readtext([page[40:80], page[40:80]])
    assert len(res) == 2 and all(set(r) == {'text', 'score'} for r in res)
    assert res[0] == res[1]
    with pytest.raises(ValueError, match='both None'):
        MMOCR(det=None, recog='None', **toy_names)


def test_batch_mode_batches(e2e, images):
    folder, _ = images
    paths = [str(folder / n) for n in ('a_color.jpg', 'b_gray.png',
                                       'c_rgba.png')]
    sizes = {'det': [], 'recog': []}
    for key, model in (('det', e2e.detect_model), ('recog', e2e.recog_model)):
        model.register_forward_pre_hook(
            lambda m, a, kw, key=key: sizes[key].append(
                (kw['img'][0] if isinstance(kw['img'], list)
                 else kw['img']).size(0)), with_kwargs=True)
    plain = e2e.readtext(paths, details=True)
    assert sizes == {'det': [1, 1, 1], 'recog': [1, 1, 1]}
    sizes['det'].clear()
    sizes['recog'].clear()
    batched = e2e.readtext(paths, details=True, batch_mode=True,
                           det_batch_size=2, recog_batch_size=0)
    assert sizes == {'det': [2, 1], 'recog': [2, 1]}
    sizes['det'].clear()
    sizes['recog'].clear()
    e2e.readtext(paths, batch_mode=True, recog_batch_size=1)
    assert sizes == {'det': [3], 'recog': [1, 1, 1]}
    # Same images, same size: no padding, the same results.
    assert [r['result'][0]['box'] for r in batched] == \
        [r['result'][0]['box'] for r in plain]
    assert [r['result'][0]['text'] for r in batched] == \
        [r['result'][0]['text'] for r in plain]


def test_single_batch_size(toy_names, images):
    _, page = images
    recog = MMOCR(det=None, recog='toy_recog', **toy_names)
    sizes = []
    recog.recog_model.register_forward_pre_hook(
        lambda m, a, kw: sizes.append(kw['img'].size(0)), with_kwargs=True)
    recog.readtext([page[40:80]] * 5, batch_mode=True, single_batch_size=2)
    assert sizes == [2, 2, 1]


def test_output_export_print(e2e, images, tmp_path, capsys):
    folder, _ = images
    paths = [str(folder / 'a_color.jpg'), str(folder / 'b_gray.png')]
    out_dir, export = tmp_path / 'vis', tmp_path / 'json'
    res = e2e.readtext(paths, output=str(out_dir), export=str(export),
                       print_result=True)
    for name, r in zip(('a_color', 'b_gray'), res):
        drawn = cv2.imread(str(out_dir / f'out_{name}.png'))
        assert drawn.shape == (120, 400, 3)
        with open(export / f'out_{name}.json', encoding='utf-8') as f:
            assert json.load(f) == r
    printed = capsys.readouterr().out
    assert "'filename': 'a_color'" in printed and "'text': [" in printed
    single = tmp_path / 'one.jpg'
    e2e.readtext(paths[0], output=str(single), details=True,
                 export=str(tmp_path / 'pk'), export_format='pkl')
    assert cv2.imread(str(single)).shape == (120, 400, 3)
    with open(tmp_path / 'pk' / 'out_a_color.pkl', 'rb') as f:
        assert set(pickle.load(f)) == {'filename', 'result'}
    e2e.readtext(paths[0], export=str(tmp_path / 'y'), export_format='yaml')
    with open(tmp_path / 'y' / 'out_a_color.yaml', encoding='utf-8') as f:
        assert set(yaml.safe_load(f)) == {'filename', 'text'}
    with pytest.raises(ValueError, match='give a folder'):
        e2e.readtext(paths, output=str(tmp_path / 'x.jpg'))
    with pytest.raises(ValueError, match='export_format'):
        e2e.readtext(paths, export=str(tmp_path), export_format='xml')
    with pytest.raises(ValueError, match='recog_batch_size'):
        e2e.readtext(paths, recog_batch_size=-1)


def test_single_task_output(toy_names, images, tmp_path):
    folder, _ = images
    path = str(folder / 'a_color.jpg')
    det = MMOCR(det='toy_det', recog=None, **toy_names)
    det.readtext(path, output=str(tmp_path / 'det.png'))
    assert cv2.imread(str(tmp_path / 'det.png')).shape == (120, 200, 3)
    recog = MMOCR(det=None, recog='toy_recog', **toy_names)
    recog.readtext(path, output=str(tmp_path / 'recog.png'),
                   export=str(tmp_path / 'r'))
    assert cv2.imread(str(tmp_path / 'recog.png')).shape[0] == 128
    with open(tmp_path / 'r' / 'out_a_color.json', encoding='utf-8') as f:
        assert set(json.load(f)) == {'text', 'score'}


def test_bad_inputs_do_not_stop_the_run(e2e, images, capsys):
    folder, _ = images
    res = e2e.readtext([str(folder), str(folder / 'missing.jpg')],
                       details=True, batch_mode=True, det_batch_size=3)
    names = [r['filename'] for r in res]
    assert names == ['a_color', 'b_gray', 'c_rgba', 'd_tiny', 'e_corrupt',
                     'f_notes', 'g_huge', 'missing']
    errors = {r['filename']: r['error'] for r in res if 'error' in r}
    assert set(errors) == {'e_corrupt', 'f_notes', 'missing'}
    assert 'cannot decode' in errors['e_corrupt']
    assert 'not found' in errors['missing']
    for r in res:
        assert r['result'] == [] if 'error' in r else len(r['result']) == 1
    huge = res[names.index('g_huge')]['result'][0]['box']
    assert max(huge[0::2]) == 4000 and max(huge[1::2]) == 2400
    log = capsys.readouterr().err
    for name in ('e_corrupt.jpg', 'f_notes.txt', 'missing.jpg'):
        assert f'{name}: skipped' in log
    assert '3 of 8 images could not be read' in log


def test_a_failing_model_call_spoils_only_its_image(e2e, images,
                                                    monkeypatch):
    _, page = images
    real = e2e._crops

    def crops(arrays, det_results):
        if any(a.shape[0] == 7 for a in arrays):
            raise RuntimeError('boom')
        return real(arrays, det_results)

    monkeypatch.setattr(e2e, '_crops', crops)
    res = e2e.readtext([page, page[:7], page], batch_mode=True)
    assert ['error' in r for r in res] == [False, True, False]
    assert res[1]['error'] == 'RuntimeError: boom'


def test_merge(e2e, images, monkeypatch):
    _, page = images
    # Three detected words, two on one line 10 pixels apart.
    monkeypatch.setattr(e2e, '_run', lambda model, imgs, bs, bm: [
        {'boundary_result': [[0, 0, 40, 0, 40, 20, 0, 20, 0.9],
                             [50, 2, 90, 2, 90, 22, 50, 22, 0.7],
                             [0, 60, 40, 60, 40, 80, 0, 80, 0.8]]}
        for _ in imgs])
    monkeypatch.setattr(e2e, '_recognize', lambda crops, bs: [
        {'text': t, 'score': [0.5] * len(t)} for t in ('ab', 'cd', 'ef')])
    res = e2e.readtext(page, merge=True, merge_xdist=20, details=True)[0]
    assert [r['text'] for r in res['result']] == ['ab cd', 'ef']
    assert res['result'][0]['box'] == [0, 0, 90, 0, 90, 22, 0, 22]
    assert res['result'][0]['box_score'] == pytest.approx(0.8)
    assert e2e.readtext(page, merge=True, merge_xdist=5)[0]['text'] == \
        ['ab', 'cd', 'ef']


def test_kie(toy_names, images, tmp_path):
    folder, _ = images
    ocr = MMOCR(det='toy_det', recog='toy_recog', kie='toy_kie', **toy_names)
    res = ocr.readtext(str(folder / 'a_color.jpg'), details=True,
                       output=str(tmp_path / 'kie.png'))[0]
    box = res['result'][0]
    assert set(box) == E2E_KEYS | {'label', 'label_score'}
    assert box['label'].startswith('class')
    assert 0 < box['label_score'] <= 1
    assert cv2.imread(str(tmp_path / 'kie.png')).shape == (120, 400, 3)
    # the compact result labels each text
    short = ocr.readtext(str(folder / 'a_color.jpg'))[0]
    assert set(short) == {'filename', 'text', 'labels'}
    assert len(short['labels']) == len(short['text']) == len(res['result'])
    assert short['labels'] == [r['label'] for r in res['result']]
    with pytest.raises(ValueError, match='kie can only be used with both'):
        MMOCR(det=None, recog='toy_recog', kie='toy_kie', **toy_names)


def test_imshow_without_display(e2e, images, monkeypatch, capsys):
    monkeypatch.delenv('DISPLAY', raising=False)
    monkeypatch.delenv('WAYLAND_DISPLAY', raising=False)
    _, page = images
    assert e2e.readtext(page, imshow=True)[0]['text']
    assert 'cannot show "inference results"' in capsys.readouterr().err


def test_zoo_errors_and_overrides(toy_names, zoo, tmp_path, monkeypatch,
                                  repo_root):
    root, entries = zoo
    monkeypatch.setenv('MMOCR_HOME', str(tmp_path))
    with pytest.raises(ModelZooError, match='available'):
        MMOCR(det='NoSuchNet', recog=None, **toy_names)
    with pytest.raises(ModelZooError, match='not implemented'):
        MMOCR(det='PANet_IC15', recog=None, **toy_names)
    with pytest.raises(ModelZooError, match='tools/train.py'):
        MMOCR(det='DB_r18', recog=None, config_dir=str(repo_root / 'configs'),
              device='cpu')
    # Explicit config and checkpoint override the entry's.
    ocr = MMOCR(det='DB_r18', det_config=str(root / 'configs' / 'textdet' /
                                              'det.py'),
                det_ckpt=str(root / 'det.pth'), recog=None,
                config_dir=str(repo_root / 'configs'), device='cpu')
    assert ocr.detect_model.cfg.model.bbox_head.postprocessor.max_candidates \
        == 3


def test_unknown_kwargs_are_logged(toy_names, capsys):
    MMOCR(det=None, recog='toy_recog', colour='red', **toy_names)
    assert "ignoring unknown argument(s) ['colour']" in capsys.readouterr().err


def test_cli(zoo, images, tmp_path, capsys):
    root, _ = zoo
    folder, _ = images
    args = ['--det-config', str(root / 'configs' / 'textdet' / 'det.py'),
            '--det-ckpt', str(root / 'det.pth'),
            '--recog', 'CRNN',
            '--recog-config', str(root / 'configs' / 'textrecog' / 'recog.py'),
            '--recog-ckpt', str(root / 'recog.pth'), '--device', 'cpu']
    img = str(folder / 'a_color.jpg')
    assert main([img, '--det', 'DB_r18', *args, '--print-result',
                 '--details', '--export', str(tmp_path / 'e'), '--output',
                 str(tmp_path / 'o'), '--merge', '--merge-xdist', '5',
                 '--batch-mode', '--det-batch-size', '1',
                 '--recog-batch-size', '2', '--single-batch-size', '2',
                 '--export-format', 'json', '--imshow']) == 0
    out = capsys.readouterr().out
    assert "'filename': 'a_color', 'result': [{'box'" in out
    assert (tmp_path / 'e' / 'out_a_color.json').is_file()
    assert (tmp_path / 'o' / 'out_a_color.png').is_file()
    # --det None: recognition of the whole image.
    assert main([img, '--det', 'None', *args, '--print-result']) == 0
    assert "{'text': " in capsys.readouterr().out
    # A folder with bad files: exit code 1 after processing the rest.
    assert main([str(folder), '--det', 'DB_r18', *args]) == 1
    # Models that cannot be built: exit code 2 with the reason.
    assert main([img, '--det', 'PANet_IC15', '--recog', 'None',
                 '--config-dir', str(root / 'configs')]) == 2
    assert 'not implemented' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([img, '--det', 'None', '--recog', 'CRNN', '--kie', 'SDMGR'])



def test_cli_bad_model_files_and_outputs_one_clear_line(zoo, images, tmp_path,
                                                        capsys):
    """Exit status 2 with one ``error:`` line (no traceback) for a truncated
    or missing checkpoint, a config with a syntax error, a bad device and
    an output folder that cannot be created."""
    root, _ = zoo
    folder, _ = images
    img = str(folder / 'a_color.jpg')
    recog_cfg = str(root / 'configs' / 'textrecog' / 'recog.py')
    ckpt = str(root / 'recog.pth')
    trunc = tmp_path / 'trunc.pth'
    with open(ckpt, 'rb') as f:
        trunc.write_bytes(f.read(4096))
    syntax = tmp_path / 'syntax.py'
    syntax.write_text("model = dict(type='X'\n")
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    base = [img, '--det', 'None', '--device', 'cpu']
    cases = [
        (['--recog-config', recog_cfg, '--recog-ckpt', str(trunc)],
         f'cannot read checkpoint {trunc}'),
        (['--recog-config', recog_cfg, '--recog-ckpt',
          str(tmp_path / 'nope.pth')], 'checkpoint file not found'),
        (['--recog-config', str(syntax), '--recog-ckpt', ckpt],
         f'syntax error in config file {syntax}, line 1'),
        (['--recog-config', recog_cfg, '--recog-ckpt', ckpt, '--device',
          'gpu7'], "invalid device 'gpu7'"),
        (['--recog-config', recog_cfg, '--recog-ckpt', ckpt, '--export',
          str(blocker / 'e')],
         f'cannot create output folder {blocker / "e"}'),
    ]
    for extra, message in cases:
        assert main(base + extra) == 2, extra
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith('error: ') and message in err[-1], err
        assert not any('Traceback' in line for line in err)


def test_readtext_checks_output_folders_first(toy_names, images, tmp_path,
                                              monkeypatch):
    folder, _ = images
    ocr = MMOCR(det=None, recog='toy_recog', **toy_names)
    monkeypatch.setattr(ocr, '_process', lambda *a: pytest.fail('ran'))
    blocker = tmp_path / 'a_file'
    blocker.write_text('x')
    with pytest.raises(NotADirectoryError, match='cannot create output '
                       'folder .*a_file/out'):
        ocr.readtext(str(folder), output=str(blocker / 'out'))

def test_script_entry_point(zoo, images, repo_root):
    root, _ = zoo
    folder, _ = images
    proc = subprocess.run(
        [sys.executable, str(repo_root / 'mmocr' / 'utils' / 'ocr.py'),
         str(folder / 'a_color.jpg'), '--det', 'None', '--recog', 'CRNN',
         '--recog-config', str(root / 'configs' / 'textrecog' / 'recog.py'),
         '--recog-ckpt', str(root / 'recog.pth'), '--device', 'cpu',
         '--print-result'], capture_output=True, text=True, timeout=120,
        env=dict(os.environ, OMP_NUM_THREADS='1'), cwd=str(repo_root))
    assert proc.returncode == 0, proc.stderr
    assert "{'text': " in proc.stdout


def _tesseract_or_skip():
    from mmocr.inference.tesseract import TesseractNotAvailable, TesseractRecognizer
    try:
        TesseractRecognizer()
    except TesseractNotAvailable as err:
        pytest.skip(str(err))


def test_tesseract_backends(images, toy_names):
    _tesseract_or_skip()
    _, page = images
    big = cv2.resize(page, None, fx=2, fy=2)
    ocr = MMOCR(det='Tesseract', recog='Tesseract', device='cpu')
    res = ocr.readtext(big, details=True)[0]
    assert set(res['result'][0]) == E2E_KEYS
    assert 'TOTAL' in ' '.join(r['text'] for r in res['result'])
    det = MMOCR(det='Tesseract', recog=None).readtext(big)[0]
    assert set(det) == {'filename', 'boundary_result'}
    assert len(det['boundary_result'][0]) == 9
    recog = MMOCR(det=None, recog='Tesseract').readtext(big[80:160])[0]
    assert set(recog) == {'text', 'score'} and 'TOTAL' in recog['text']
    # Mixed: Tesseract detection, network recognition.
    mixed = MMOCR(det='Tesseract', recog='toy_recog', **toy_names)
    assert set(mixed.readtext(big, details=True)[0]['result'][0]) == E2E_KEYS


def test_tesseract_missing(monkeypatch):
    from mmocr.inference import tesseract
    monkeypatch.setitem(sys.modules, 'tesserocr', None)
    monkeypatch.setitem(sys.modules, 'pytesseract', None)
    monkeypatch.setattr(tesseract.shutil, 'which', lambda name: None)
    with pytest.raises(tesseract.TesseractNotAvailable,
                       match='apt-get install tesseract-ocr.*pip install '
                       'pytesseract'):
        MMOCR(det='Tesseract', recog=None)
