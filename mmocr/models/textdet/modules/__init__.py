"""DRRG's graph modules (MMOCR 0.x's ``mmocr.models.textdet.modules``)."""
from .gcn import GCN, GraphConv, MeanAggregator
from .local_graph import LocalGraphs
from .proposal_local_graph import ProposalLocalGraphs
from .utils import (
                    euclidean_distance_matrix,
                    feature_embedding,
                    normalize_adjacent_matrix,
)

__all__ = ['GCN', 'GraphConv', 'MeanAggregator', 'LocalGraphs',
           'ProposalLocalGraphs', 'normalize_adjacent_matrix',
           'euclidean_distance_matrix', 'feature_embedding']
