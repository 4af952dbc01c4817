"""Shared base of the text detection postprocessors."""
from __future__ import annotations

from mmocr.utils.errors import InvalidValueError

__all__ = ['BasePostprocessor']


class BasePostprocessor:
    """Turns a head's raw maps into boundaries ``[x1, y1, ..., xn, yn, score]``.

    Args:
        text_repr_type: ``'quad'`` (minimum-area rotated rectangles, 4 points)
            or ``'poly'`` (polygons).
    """

    def __init__(self, text_repr_type: str = 'poly'):
        if text_repr_type not in ('poly', 'quad'):
            raise InvalidValueError("text_repr_type must be 'poly' or 'quad', got "
                                    f'{text_repr_type!r}')
        self.text_repr_type = text_repr_type

    @staticmethod
    def is_valid_instance(area: float, confidence: float, area_thresh: float,
                          confidence_thresh: float) -> bool:
        """Whether a text instance is large and confident enough to keep."""
        return bool(area >= area_thresh and confidence > confidence_thresh)
