from .fpn import FPN
from .fpn_cat import FPNC
