"""mmdet's box samplers: ``RandomSampler``, ``OHEMSampler`` and the
``SamplingResult`` they return."""
from __future__ import annotations

from typing import Any, Sequence

import torch

from mmocr.registry import MODELS
from mmocr.utils.errors import InvalidValueError

from .assigner import AssignResult

__all__ = ['SamplingResult', 'RandomSampler', 'OHEMSampler']


class SamplingResult:
    """The positive and negative boxes sampled from one image.

    Attributes:
        pos_inds, neg_inds: Indices into ``bboxes`` (gt boxes first when they
            were added as proposals).
        pos_bboxes ``(P, 4)``, neg_bboxes ``(Q, 4)``, bboxes ``(P + Q, 4)``
            (positives first).
        pos_is_gt: ``(P,)`` uint8, 1 for a gt box added as a proposal.
        pos_assigned_gt_inds: ``(P,)`` index of each positive's gt.
        pos_gt_bboxes: ``(P, 4)``; pos_gt_labels ``(P,)`` (when labelled).
    """

    def __init__(self, pos_inds: torch.Tensor, neg_inds: torch.Tensor,
                 bboxes: torch.Tensor, gt_bboxes: torch.Tensor,
                 assign_result: AssignResult, gt_flags: torch.Tensor):
        self.pos_inds = pos_inds
        self.neg_inds = neg_inds
        self.pos_bboxes = bboxes[pos_inds]
        self.neg_bboxes = bboxes[neg_inds]
        self.pos_is_gt = gt_flags[pos_inds]
        self.num_gts = gt_bboxes.size(0)
        self.pos_assigned_gt_inds = assign_result.gt_inds[pos_inds] - 1
        if gt_bboxes.numel() == 0:
            self.pos_gt_bboxes = gt_bboxes.new_zeros((0, 4))
        else:
            self.pos_gt_bboxes = gt_bboxes.reshape(-1, 4)[
                self.pos_assigned_gt_inds]
        self.pos_gt_labels = (None if assign_result.labels is None else
                              assign_result.labels[pos_inds])

    @property
    def bboxes(self) -> torch.Tensor:
        return torch.cat([self.pos_bboxes, self.neg_bboxes])


class _BaseSampler:
    """Sample ``num`` boxes, ``pos_fraction`` of them positive at most, the
    rest negative (at most ``neg_pos_ub`` times the positives when >= 0);
    with ``add_gt_as_proposals`` the gt boxes join the candidates first."""

    def __init__(self, num: int, pos_fraction: float, neg_pos_ub: int = -1,
                 add_gt_as_proposals: bool = True):
        if num <= 0 or not 0 <= pos_fraction <= 1:
            raise InvalidValueError(f'{type(self).__name__}: num must be > 0 and '
                                    f'pos_fraction in [0, 1], got {num}, '
                                    f'{pos_fraction}')
        self.num = num
        self.pos_fraction = pos_fraction
        self.neg_pos_ub = neg_pos_ub
        self.add_gt_as_proposals = add_gt_as_proposals

    def _sample_pos(self, assign_result: AssignResult, num_expected: int,
                    bboxes: torch.Tensor, **kwargs) -> torch.Tensor:
        raise NotImplementedError

    def _sample_neg(self, assign_result: AssignResult, num_expected: int,
                    bboxes: torch.Tensor, **kwargs) -> torch.Tensor:
        raise NotImplementedError

    def sample(self, assign_result: AssignResult, bboxes: torch.Tensor,
               gt_bboxes: torch.Tensor, gt_labels: torch.Tensor | None = None,
               **kwargs) -> SamplingResult:
        """Sample from ``bboxes`` ``(N, >=4)`` assigned by ``assign_result``
        (which gets the gt boxes prepended when they are added)."""
        bboxes = bboxes[:, :4]
        gt_flags = bboxes.new_zeros((bboxes.size(0),), dtype=torch.uint8)
        if self.add_gt_as_proposals and len(gt_bboxes) > 0:
            bboxes = torch.cat([gt_bboxes.to(bboxes), bboxes])
            assign_result.add_gt_(gt_labels)
            gt_flags = torch.cat([gt_flags.new_ones(gt_bboxes.size(0)),
                                  gt_flags])
        num_pos = int(self.num * self.pos_fraction)
        pos_inds = self._sample_pos(assign_result, num_pos, bboxes, **kwargs)
        pos_inds = pos_inds.unique()
        num_neg = self.num - pos_inds.numel()
        if self.neg_pos_ub >= 0:
            num_neg = min(num_neg, int(self.neg_pos_ub * max(1, pos_inds.numel())))
        neg_inds = self._sample_neg(assign_result, num_neg, bboxes,
                                    **kwargs).unique()
        return SamplingResult(pos_inds, neg_inds, bboxes, gt_bboxes,
                              assign_result, gt_flags)


@MODELS.register_module()
class RandomSampler(_BaseSampler):
    """Positives and negatives drawn uniformly at random (``torch.randperm``,
    so seeded by ``torch.manual_seed``).

    Args: see :class:`_BaseSampler`; ``**kwargs`` of :meth:`sample` (e.g.
    ``feats``) are ignored.
    """

    @staticmethod
    def random_choice(inds: torch.Tensor, num: int) -> torch.Tensor:
        perm = torch.randperm(inds.numel(), device=inds.device)[:num]
        return inds[perm]

    def _pick(self, inds: torch.Tensor, num_expected: int) -> torch.Tensor:
        return inds if inds.numel() <= num_expected else self.random_choice(
            inds, num_expected)

    def _sample_pos(self, assign_result, num_expected, bboxes, **kwargs):
        return self._pick(torch.nonzero(assign_result.gt_inds > 0,
                                        as_tuple=True)[0], num_expected)

    def _sample_neg(self, assign_result, num_expected, bboxes, **kwargs):
        return self._pick(torch.nonzero(assign_result.gt_inds == 0,
                                        as_tuple=True)[0], num_expected)


@MODELS.register_module()
class OHEMSampler(_BaseSampler):
    """Online hard example mining (https://arxiv.org/abs/1604.03540): when
    there are more candidates than wanted, keep those with the highest
    classification loss of the RoI head ``context``.

    Args:
        context: The RoI head (its ``_bbox_forward(feats, rois)`` and
            ``bbox_head.loss``); the head passes itself.
        loss_key: Which loss of ``bbox_head.loss`` ranks the candidates.
        Others: see :class:`_BaseSampler`.

    :meth:`sample` needs ``feats``: the image's feature levels, each
    ``(1, C, H_l, W_l)``.
    """

    def __init__(self, num: int, pos_fraction: float, context: Any = None,
                 neg_pos_ub: int = -1, add_gt_as_proposals: bool = True,
                 loss_key: str = 'loss_cls'):
        super().__init__(num, pos_fraction, neg_pos_ub, add_gt_as_proposals)
        if context is None:
            raise InvalidValueError('OHEMSampler needs context (the RoI head '
                                    'whose loss ranks the candidates)')
        # Not a submodule: the RoI head owns the sampler, not the reverse.
        self.__dict__['context'] = context
        self.loss_key = loss_key

    def hard_mining(self, inds: torch.Tensor, num_expected: int,
                    bboxes: torch.Tensor, labels: torch.Tensor,
                    feats: Sequence[torch.Tensor]) -> torch.Tensor:
        """The ``num_expected`` of ``inds`` with the largest loss."""
        rois = torch.cat([bboxes.new_zeros((bboxes.size(0), 1)), bboxes],
                             dim=1)
        with torch.no_grad():
            cls_score = self.context._bbox_forward(feats, rois)['cls_score']
            loss = self.context.bbox_head.loss(
                cls_score=cls_score, bbox_pred=None, rois=rois,
                labels=labels, label_weights=cls_score.new_ones(cls_score.size(0)),
                bbox_targets=None, bbox_weights=None,
                reduction_override='none')[self.loss_key]
        return inds[loss.topk(num_expected).indices]

    def _mine(self, inds: torch.Tensor, num_expected: int, bboxes: torch.Tensor,
              labels: torch.Tensor, feats) -> torch.Tensor:
        if inds.numel() <= num_expected:
            return inds
        if feats is None:
            raise InvalidValueError('OHEMSampler.sample needs feats (the '
                                    "image's feature levels)")
        return self.hard_mining(inds, num_expected, bboxes[inds], labels, feats)

    def _sample_pos(self, assign_result, num_expected, bboxes, feats=None,
                    **kwargs):
        inds = torch.nonzero(assign_result.gt_inds > 0, as_tuple=True)[0]
        labels = (assign_result.labels[inds] if assign_result.labels is not None
                  else inds.new_zeros(inds.numel()))
        return self._mine(inds, num_expected, bboxes, labels, feats)

    def _sample_neg(self, assign_result, num_expected, bboxes, feats=None,
                    **kwargs):
        inds = torch.nonzero(assign_result.gt_inds == 0, as_tuple=True)[0]
        labels = inds.new_full((inds.numel(),),
                               self.context.bbox_head.num_classes)
        return self._mine(inds, num_expected, bboxes, labels, feats)
