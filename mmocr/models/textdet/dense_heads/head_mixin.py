"""MMOCR 0.x's ``HeadMixin`` path: the base class of the text detection
heads, :class:`~mmocr.models.textdet.dense_heads.base_head.BaseTextDetHead`
(``HeadMixin`` is its 0.x name)."""
from __future__ import annotations

from .base_head import HeadMixin

__all__ = ['HeadMixin']
