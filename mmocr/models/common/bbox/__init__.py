"""Box ops of mmdet's two-stage detectors: overlaps, NMS, anchors, box
coding, assignment, sampling and box-list to RoI conversion."""
from .anchor_generator import AnchorGenerator
from .assigner import AssignResult, MaxIoUAssigner
from .bbox_coder import DeltaXYWHBBoxCoder
from .iou import bbox_overlaps
from .nms import batched_nms, check_nms_cfg, nms
from .samplers import OHEMSampler, RandomSampler, SamplingResult
from .transforms import bbox2roi

__all__ = ['AnchorGenerator', 'AssignResult', 'MaxIoUAssigner',
           'DeltaXYWHBBoxCoder', 'bbox_overlaps', 'batched_nms', 'check_nms_cfg', 'nms',
           'OHEMSampler', 'RandomSampler', 'SamplingResult', 'bbox2roi']
