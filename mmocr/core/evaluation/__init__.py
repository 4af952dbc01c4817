from .e2e_metric import eval_e2e_line_acc
from .hmean import eval_hmean
from .hmean_ic13 import eval_hmean_ic13
from .hmean_iou import eval_hmean_iou
from .kie_metric import compute_f1_score, compute_macro_f1
from .ner_metric import eval_ner_f1
from .ocr_metric import eval_ocr_metric

__all__ = [
    'eval_hmean_ic13', 'eval_hmean_iou', 'eval_ocr_metric', 'eval_hmean',
    'compute_f1_score', 'compute_macro_f1', 'eval_ner_f1',
    'eval_e2e_line_acc'
]
