"""init_detector and model_inference with tiny detection/recognition models
(random weights), single and batched."""
import cv2
import numpy as np
import pytest
import torch

from mmocr.apis import init_detector, model_inference
from mmocr.apis.inference import get_test_pipeline, resolve_device
from mmocr.runner.checkpoint import save_checkpoint
from mmocr.utils.config import Config

DET_CFG = 'configs/textdet/dbnet/dbnet_r18_fpnc_toy.py'
RECOG_CFG = 'configs/textrecog/crnn/crnn_toy_dataset.py'


class _ForwardCounter:
    """Counts the forward passes of a model and the batch size of each."""

    def __init__(self, model):
        self.sizes = []
        model.register_forward_pre_hook(self, with_kwargs=True)

    def __call__(self, module, args, kwargs):
        img = kwargs['img']
        img = img[0] if isinstance(img, list) else img
        self.sizes.append(img.size(0))


@pytest.fixture(scope='module')
def det_model(repo_root):
    torch.manual_seed(0)
    with pytest.warns(UserWarning, match='adds a new key'):
        model = init_detector(
            str(repo_root / DET_CFG), device='cpu',
            cfg_options={'model.bbox_head.postprocessor.max_candidates': 3})
    # Text everywhere: one box around each (padded) image.
    last = model.bbox_head.binarize[-2]
    last.weight.data.zero_()
    last.bias.data.fill_(8.0)
    return model


@pytest.fixture(scope='module')
def recog_model(repo_root):
    torch.manual_seed(0)
    return init_detector(str(repo_root / RECOG_CFG), device='cpu')


def _images():
    rng = np.random.default_rng(0)
    return [rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
            for h, w in ((64, 128), (100, 50), (1, 1))]


def test_init_detector(det_model, repo_root, tmp_path):
    assert not det_model.training
    assert det_model.cfg.model.bbox_head.postprocessor.max_candidates == 3
    assert det_model.cfg.model.train_cfg is None
    ckpt = tmp_path / 'det.pth'
    with torch.no_grad():
        for p in det_model.parameters():
            p.add_(0.01)
    save_checkpoint(det_model, str(ckpt))
    cfg = Config.fromfile(str(repo_root / DET_CFG))
    loaded = init_detector(cfg, str(ckpt), device=None)
    for (name, a), b in zip(det_model.state_dict().items(),
                            loaded.state_dict().values()):
        assert torch.equal(a, b), name
    with pytest.raises(TypeError, match='config must be'):
        init_detector(dict(model=dict()))


def test_resolve_device_falls_back_to_cpu(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    assert resolve_device('cuda:0') == torch.device('cpu')
    assert 'CUDA is not available' in capsys.readouterr().err
    assert resolve_device(None) == torch.device('cpu')
    assert resolve_device(torch.device('cpu')) == torch.device('cpu')


@pytest.mark.parametrize('device', ['gpu7', 'cuda:x', 3.5])
def test_resolve_device_rejects_bad_names(device):
    with pytest.raises(ValueError, match=f"invalid device {device!r}: "
                       'expected "cpu", "cuda" or "cuda:N"'):
        resolve_device(device)


def test_det_inference_formats(det_model, tmp_path):
    imgs = _images()
    single = model_inference(det_model, imgs[0])
    assert set(single) == {'boundary_result', 'filename'}
    for boundary in single['boundary_result']:
        assert len(boundary) == 9 and all(isinstance(v, float)
                                          for v in boundary)
    path = tmp_path / 'a.png'
    cv2.imwrite(str(path), imgs[0])
    from_file = model_inference(det_model, str(path))
    np.testing.assert_allclose(from_file['boundary_result'],
                               single['boundary_result'], rtol=1e-5)
    results, datas = model_inference(det_model, imgs, return_data=True)
    assert len(results) == len(datas) == 3
    assert 'img_metas' in datas[0]


def test_det_batch_mode_one_forward(det_model):
    imgs = _images()
    counter = _ForwardCounter(det_model)
    singles = model_inference(det_model, imgs)
    assert counter.sizes == [1, 1, 1]
    batched = model_inference(det_model, imgs, batch_mode=True)
    assert counter.sizes[3:] == [1 * len(imgs)]
    assert len(batched) == 3
    assert all(set(r) == {'boundary_result', 'filename'} for r in batched)
    # Images of one size need no padding: the same boundaries as alone.
    assert singles[0]['boundary_result']
    twice = model_inference(det_model, [imgs[0], imgs[0]], batch_mode=True)
    assert counter.sizes[4:] == [2]
    for result in twice:
        np.testing.assert_allclose(result['boundary_result'],
                                   singles[0]['boundary_result'],
                                   rtol=1e-4, atol=1e-3)


def test_recog_inference_single_and_batch(recog_model):
    crops = [np.full((32, w, 3), 200, np.uint8) for w in (40, 100, 100)]
    counter = _ForwardCounter(recog_model)
    singles = model_inference(recog_model, crops)
    batched = model_inference(recog_model, crops, batch_mode=True)
    assert counter.sizes == [1, 1, 1, 3]
    for one in singles:
        assert set(one) == {'text', 'score'} and isinstance(one['text'], str)
        assert len(one['score']) == len(one['text'])
    # Crops of the widest width are not padded: identical results.
    for i in (1, 2):
        assert batched[i]['text'] == singles[i]['text']
        assert batched[i]['score'] == pytest.approx(singles[i]['score'],
                                                    rel=1e-4)


def test_bad_inputs(recog_model, tmp_path):
    with pytest.raises(ValueError, match='empty list'):
        model_inference(recog_model, [])
    with pytest.raises(TypeError, match='not mixed'):
        model_inference(recog_model, ['a.jpg', np.zeros((2, 2, 3), np.uint8)])
    with pytest.raises(ValueError, match='uint8'):
        model_inference(recog_model, np.zeros((2, 2, 3), np.float32))
    with pytest.raises(OSError, match='not found.*missing.jpg'):
        model_inference(recog_model, str(tmp_path / 'missing.jpg'))
    model = torch.nn.Linear(1, 1)
    with pytest.raises(AttributeError, match='init_model'):
        model_inference(model, 'a.jpg')


def test_get_test_pipeline():
    pipe = [dict(type='LoadImageFromFile')]
    assert get_test_pipeline(Config(dict(data=dict(test=dict(
        pipeline=pipe))))) == pipe
    nested = Config(dict(data=dict(test=dict(datasets=[[dict(
        pipeline=[pipe, pipe])]]))))
    assert get_test_pipeline(nested) == pipe
    with pytest.raises(KeyError, match='data.test'):
        get_test_pipeline(Config(dict(data=dict())))
    with pytest.raises(KeyError, match='no test pipeline'):
        get_test_pipeline(Config(dict(data=dict(test=dict(datasets=[])))))


def test_too_thin_image_is_named(det_model, recog_model):
    """A 2 x 30000 image cannot be rescaled for detection: the error says
    so (it used to be "cannot resize to non-positive size (1333, 0)")."""
    thin = np.full((2, 30000, 3), 128, np.uint8)
    with pytest.raises(ValueError, match=r'image 2x30000 \(h x w\) is too '
                       'thin to rescale'):
        model_inference(det_model, thin)
    # Recognition resizes to a fixed height: the crop is read.
    assert isinstance(model_inference(recog_model, thin)['text'], str)
