"""tools/det_test_imgs.py, recog_test_imgs.py and kie_test_imgs.py with the
shipped models on a good and a corrupt image: the 0.x outputs, the corrupt
image named and skipped, the exit status, one-line errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from mmocr.apis.batch import list_images
from mmocr.apis.utils import run_tool
from mmocr.datasets import KIEDataset
from mmocr.utils.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
ZOO = REPO / 'mmocr/model_zoo'
DET = (REPO / 'configs/textdet/dbnet/dbnet_r18w32_fpnc_sroie_synth.py',
       ZOO / 'dbnet_r18w32_fpnc_sroie_synth-4bbd76ad.pth')
RECOG = (REPO / 'configs/textrecog/crnn/crnn_vggslim_sroie_synthpages_ft.py',
         ZOO / 'crnn_vggslim_sroie_synthpages_soup-5ad6972f.pth')
KIE = (REPO / 'configs/kie/sdmgr/sdmgr_novisual_25e_sroie.py',
       ZOO / 'sdmgr_novisual_25e_sroie-0f71c55c.pth')


def _load(name: str):
    return load_script(REPO / 'tools' / f'{name}.py', name + '_tool')


det_test_imgs = _load('det_test_imgs')
recog_test_imgs = _load('recog_test_imgs')
kie_test_imgs = _load('kie_test_imgs')


def _run(tool, argv: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    status = run_tool(tool.main, tool.PROG, [str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _receipt_strip() -> np.ndarray:
    """Five printed lines of the demo receipt, 120 x 487 BGR."""
    return cv2.imread(str(REPO / 'demo/demo_text_ocr.jpg'))[880:1000]


def _word(text: str) -> np.ndarray:
    img = np.full((32, 100, 3), 255, np.uint8)
    cv2.putText(img, text, (5, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    return img


def _skip_lines(err: str, prog: str) -> list[str]:
    return re.findall(rf'{re.escape(prog)}: skipped (\S+): (\w+)', err)


@pytest.fixture
def folder(tmp_path) -> Path:
    """``good.png`` (a receipt strip) and ``bad.png`` (not an image)."""
    imgs = tmp_path / 'imgs'
    imgs.mkdir()
    cv2.imwrite(str(imgs / 'good.png'), _receipt_strip())
    (imgs / 'bad.png').write_bytes(b'not an image')
    (imgs / 'notes.txt').write_text('not listed: not an image suffix')
    return imgs


def test_list_images_folder_and_list(folder, tmp_path):
    assert [i.name for i in list_images(str(folder))] == ['bad.png',
                                                          'good.png']
    img_list = tmp_path / 'list.txt'
    img_list.write_text('good.png  two words\n\nsub/x.jpg\n')
    items = list_images(str(folder), str(img_list))
    assert [(i.name, i.path, i.label) for i in items] == [
        ('good.png', str(folder / 'good.png'), 'two words'),
        ('sub/x.jpg', str(folder / 'sub/x.jpg'), '')]


def test_det_boundary_lines_are_0x_rounded_rows():
    result = {'boundary_result': [[1.4, 2.6, 3.5, 4.49, 5, 6, 7, 8, 0.93],
                                  [1, 1, 2, 1, 2, 2, 1, 2, 0.3]]}
    assert det_test_imgs.boundary_lines(result, 0.5) == ['1,3,4,4,5,6,7,8,1']


def test_det_test_imgs_skips_the_corrupt_image(folder, tmp_path, capsys):
    out_dir = tmp_path / 'out'
    status, out, err = _run(det_test_imgs, [folder, *DET, '--out-dir', out_dir,
                                            '--device', 'cpu'], capsys)
    assert status == 1
    assert _skip_lines(err, 'det_test_imgs.py') == [(str(folder / 'bad.png'),
                                                    'ImageLoadError')]
    assert 'Inference done on 1 of 2 images' in out and '1 skipped' in out
    drawn = cv2.imread(str(out_dir / 'out_vis_dir/good.png'))
    assert drawn.shape == _receipt_strip().shape
    lines = (out_dir / 'out_txt_dir/good.txt').read_text().splitlines()
    assert len(lines) >= 3  # the strip has five text lines
    for line in lines:
        values = [int(v) for v in line.split(',')]  # all integers (0.x)
        assert len(values) % 2 == 1 and len(values) >= 9
        assert values[-1] == 1  # the rounded score, over --score-thr 0.5
    assert sorted(p.name for p in (out_dir / 'out_txt_dir').iterdir()) == [
        'good.txt']

    # A list of the good image only: exit status 0.
    img_list = tmp_path / 'list.txt'
    img_list.write_text('good.png\n')
    status, out, _ = _run(det_test_imgs, [folder, img_list, *DET, '--out-dir',
                                          tmp_path / 'out2', '--device',
                                          'cpu'], capsys)
    assert status == 0 and 'Inference done on 1 of 1 images' in out
    assert (tmp_path / 'out2/out_txt_dir/good.txt').read_text().splitlines() \
        == lines


def test_recog_test_imgs_list_with_labels(tmp_path, capsys):
    root = tmp_path / 'words'
    (root / 'sub').mkdir(parents=True)
    cv2.imwrite(str(root / 'good.png'), _word('TOTAL'))
    cv2.imwrite(str(root / 'sub/w.png'), _word('CASH'))
    (root / 'bad.jpg').write_bytes(b'\xff\xd8 truncated')
    img_list = tmp_path / 'list.txt'
    img_list.write_text('good.png TOTAL\nbad.jpg X\nsub/w.png zz not read\n')
    out_dir = tmp_path / 'out'
    status, out, err = _run(recog_test_imgs, [root, img_list, *RECOG,
                                              '--out_dir', out_dir,
                                              '--device', 'cpu'], capsys)
    assert status == 1
    assert _skip_lines(err, 'recog_test_imgs.py') == [(str(root / 'bad.jpg'),
                                                      'ImageLoadError')]
    results = (out_dir / 'results.txt').read_text().splitlines()
    assert len(results) == 2
    labels = {'good.png': 'TOTAL', 'sub_w.png': 'zz not read'}
    for line, (out_name, label), path in zip(results, labels.items(),
                                             ['good.png', 'sub/w.png']):
        assert line.startswith(f'{root / path} ') and line.endswith(f' {label}')
        pred = line[len(f'{root / path} '):-len(f' {label}')]
        verdict = 'correct' if pred == label else 'wrong'
        assert line in (out_dir / f'{verdict}.txt').read_text().splitlines()
        assert (out_dir / verdict / out_name).is_file()
        assert (out_dir / 'out_vis_dir' / out_name).is_file()
    assert results[1] in (out_dir / 'wrong.txt').read_text()
    logs = list(out_dir.glob('*.log'))
    assert len(logs) == 1 and "'word_acc':" in logs[0].read_text()

    # The folder alone: unlabelled, nothing correct or wrong, status 0.
    (root / 'bad.jpg').unlink()
    status, out, _ = _run(recog_test_imgs, [root, *RECOG, '--out-dir',
                                            tmp_path / 'out2', '--device',
                                            'cpu'], capsys)
    assert status == 0 and 'Inference done on 1 of 1 images' in out
    line, = (tmp_path / 'out2/results.txt').read_text().splitlines()
    assert line.startswith(f'{root / "good.png"} ') and line.endswith(' ')
    assert (tmp_path / 'out2/correct.txt').read_text() == ''
    assert not any((tmp_path / 'out2/wrong').iterdir())


def test_kie_test_imgs_draws_and_writes_labelled_annotations(tmp_path, capsys):
    root = tmp_path / 'receipts'
    (root / 'sub').mkdir(parents=True)
    cv2.imwrite(str(root / 'sub/good.png'), _receipt_strip())
    (root / 'bad.png').write_bytes(b'')
    annotations = [dict(box=[118, 64, 420, 64, 421, 92, 117, 92],
                        text='TOTAL', label=0),
                   dict(box=[256, 24, 309, 24, 309, 42, 256, 42],
                        text='12.50', label=0)]
    lines = [dict(file_name=name, height=120, width=487,
                  annotations=annotations)
             for name in ('sub/good.png', 'bad.png')]
    lines.append(dict(file_name='sub/good.png', height=120, width=487,
                      annotations=[dict(box=[1, 2], text='short box')]))
    ann_file = tmp_path / 'ann.txt'
    ann_file.write_text(''.join(json.dumps(line) + '\n' for line in lines))
    show_dir = tmp_path / 'out'
    status, out, err = _run(kie_test_imgs, [
        *KIE, '--show-dir', show_dir, '--cfg-options',
        f'data.test.ann_file={ann_file}', f'data.test.img_prefix={root}'],
        capsys)
    assert status == 1
    assert _skip_lines(err, 'kie_test_imgs.py') == [
        (str(root / 'bad.png'), 'ImageLoadError'),
        (str(root / 'sub/good.png'), 'AnnotationParseError')]
    assert f'{ann_file}, line 3' in err
    assert 'Inference done on 1 of 3 images' in out
    drawn = cv2.imread(str(show_dir / 'sub/good.png'))
    assert drawn.shape == (120, 2 * 487, 3)  # image | class panel
    result, = (show_dir / 'results.txt').read_text().splitlines()
    result = json.loads(result)
    assert result['file_name'] == 'sub/good.png'
    for got, given in zip(result['annotations'], annotations):
        assert got['box'] == given['box'] and got['text'] == given['text']
        assert got['label'] in range(5) and 0 <= got['score'] <= 1
    # results.txt reads back as a KIE annotation file.
    dataset = KIEDataset(str(show_dir / 'results.txt'), dict(
        type='AnnFileLoader', parser=dict(
            type='LineJsonParser',
            keys=['file_name', 'height', 'width', 'annotations'])),
        dict_file=str(REPO / 'mmocr/model_zoo/sroie_kie/dict.txt'),
        class_list=str(REPO / 'mmocr/model_zoo/sroie_kie/class_list.txt'))
    assert dataset.get_ann_info(0)['labels'][:, 0].tolist() == [
        a['label'] for a in result['annotations']]


@pytest.mark.parametrize('tool, argv', [
    (det_test_imgs, ['{imgs}', DET[0], '{missing}']),
    (recog_test_imgs, ['{imgs}', RECOG[0], '{missing}']),
    (kie_test_imgs, [KIE[0], '{missing}', '--show-dir', '{out}']),
])
def test_missing_checkpoint_is_one_line(tool, argv, folder, tmp_path,
                                        assert_one_error):
    missing = tmp_path / 'nope.pth'
    argv = [str(a).format(imgs=folder, missing=missing, out=tmp_path / 'o')
            for a in argv]
    assert_one_error(tool, [*argv, '--device', 'cpu', *(
        ['--out-dir', str(tmp_path / 'o')] if tool is not kie_test_imgs
        else [])], f'CheckpointLoadError: checkpoint file not found: {missing}')


@pytest.mark.parametrize('tool, config, checkpoint, sizes', [
    (det_test_imgs, DET[0], RECOG[1], '69 weights of checkpoint {ckpt} fit '
     'the 158 of SingleStageTextDetector'),
    (recog_test_imgs, RECOG[0], DET[1], '158 weights of checkpoint {ckpt} fit '
     'the 69 of EncodeDecodeRecognizer'),
    (kie_test_imgs, KIE[0], DET[1], '158 weights of checkpoint {ckpt} fit '
     'the 109 of SDMGR'),
])
def test_checkpoint_of_another_model_is_one_line(tool, config, checkpoint,
                                                 sizes, folder, tmp_path,
                                                 assert_one_error):
    out = str(tmp_path / 'o')
    argv = ([str(config), str(checkpoint), '--show-dir', out]
            if tool is kie_test_imgs else
            [str(folder), str(config), str(checkpoint), '--out-dir', out])
    assert_one_error(tool, [*argv, '--device', 'cpu'],
                     'CheckpointLoadError: none of the '
                     + sizes.format(ckpt=checkpoint))
