"""Training, testing and inference entry points.

``init_model``, ``train_model`` (and ``mmocr.models.build_model``) are the
task-neutral names; ``init_detector``, ``train_detector`` and
``build_detector`` are their MMOCR 0.x names (the same functions).
"""
from .inference import (
    init_detector,
    init_model,
    model_inference,
    text_model_inference,
)
from .test import multi_gpu_test, retrieve_img_tensor_and_meta, single_gpu_test
from .train import init_random_seed, set_random_seed, train_detector, train_model
from .utils import (
    disable_text_recog_aug_test,
    replace_image_to_tensor,
    tensor2grayimgs,
    update_pipeline,
    update_pipeline_recog,
)

__all__ = ['train_model', 'train_detector', 'init_random_seed',
           'set_random_seed', 'single_gpu_test', 'multi_gpu_test',
           'init_model', 'init_detector', 'model_inference',
           'text_model_inference', 'tensor2grayimgs', 'update_pipeline',
           'update_pipeline_recog', 'replace_image_to_tensor',
           'disable_text_recog_aug_test', 'retrieve_img_tensor_and_meta']
