"""mmocr.utils.graph.component_labels: connected components from edges."""
import numpy as np

from mmocr.utils.graph import component_labels


def test_component_labels_hand_case():
    # 0-1-2 chained, 3-4 linked (edge given backwards), 5 alone.
    labels = component_labels(np.array([[0, 1], [2, 1], [4, 3]]), 6)
    assert labels.shape == (6,)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert len({labels[0], labels[3], labels[5]}) == 3


def test_component_labels_without_edges():
    assert component_labels(np.zeros((0, 2), int), 3).tolist() == [0, 1, 2]
