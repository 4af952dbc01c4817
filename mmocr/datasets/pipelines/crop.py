"""MMOCR 0.x path of the crop helpers, which live in :mod:`mmocr.utils.crop`
(``mmocr.utils.box_util`` uses them too, and utils is below datasets)."""
from mmocr.utils.crop import box_jitter, crop_img, warp_img

__all__ = ['box_jitter', 'warp_img', 'crop_img']
