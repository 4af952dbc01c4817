"""Showing an image in a window, when this machine can open one."""
from __future__ import annotations

import os
import sys

import cv2
import numpy as np

from mmocr.utils.logger import get_root_logger


def display_available() -> tuple[bool, str]:
    """Whether ``cv2.imshow`` can open a window here, and why not.

    Needs a display (``DISPLAY`` or ``WAYLAND_DISPLAY`` on Linux) and an
    OpenCV build with a GUI backend (``opencv-python-headless`` has none).

    Returns:
        ``(True, '')`` or ``(False, reason)``.
    """
    if sys.platform.startswith('linux') and not (
            os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY')):
        return False, 'no display (DISPLAY / WAYLAND_DISPLAY are not set)'
    gui = ''
    for line in cv2.getBuildInformation().splitlines():
        if line.strip().startswith('GUI:'):
            gui = line.split(':', 1)[1].strip()
            break
    if gui.upper() in ('NONE', ''):
        return False, ('this OpenCV build has no GUI backend (e.g. '
                       'opencv-python-headless); install opencv-python to '
                       'open windows')
    return True, ''


def show_image(img: np.ndarray, win_name: str = '', wait_time: int = 0) -> bool:
    """Open a window with ``img`` when a display exists (see
    :func:`display_available`); otherwise log why none opens.

    Returns:
        Whether a window was shown.
    """
    ok, reason = display_available()
    if ok:
        try:
            cv2.imshow(win_name or 'mmocr', img)
            cv2.waitKey(max(wait_time, 0))
            return True
        except cv2.error as err:
            reason = f'OpenCV cannot open a window ({err.msg.strip()})'
    get_root_logger().warning(f'cannot show "{win_name or "image"}": '
                              f'{reason}; save the drawing with --output '
                              'instead')
    return False
