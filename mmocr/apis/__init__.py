from .inference import init_detector, model_inference
from .test import multi_gpu_test, single_gpu_test
from .train import init_random_seed, set_random_seed, train_detector

__all__ = ['train_detector', 'init_random_seed', 'set_random_seed',
           'single_gpu_test', 'multi_gpu_test',
           'init_detector', 'model_inference']
