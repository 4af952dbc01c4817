import sys

import cv2
import torch

import mmocr
from mmocr.utils import collect_env


def test_collect_env():
    env = collect_env()
    assert env['sys.platform'] == sys.platform
    assert env['Python'].startswith(sys.version.split()[0])
    assert env['CUDA available'] == torch.cuda.is_available()
    assert env['PyTorch'] == torch.__version__
    assert env['OpenCV'] == cv2.__version__
    assert env['MMOCR'].startswith(mmocr.__version__ + '+')
    assert isinstance(env['GCC'], str)
