"""SDMG-R head: text + layout graph reasoning over the boxes of a document.

Module names (``node_embed``, ``rnn``, ``edge_embed``, ``gnn_layers``,
``fusion``, ``node_cls``, ``edge_cls``) follow MMOCR 0.x so its checkpoints
load unchanged.
"""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmocr.models.common.layers.weight_init import BaseModule
from mmocr.registry import HEADS, LOSSES, build_from_cfg
from mmocr.utils.errors import InvalidValueError

__all__ = ['SDMGRHead', 'GNNLayer', 'Block']


def _pair_indices(node_nums: Sequence[int],
                  device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Global ``(src, dst)`` node indices of every ordered pair ``(i, j)``
    inside each graph, graphs concatenated, ``i``-major: both ``(sum K^2,)``.

    One graph takes the sizes as they come, so that a traced (ONNX) graph
    follows its number of boxes."""
    if len(node_nums) == 1:
        k = node_nums[0]
        pairs = torch.arange(k * k, device=device)
        return pairs // k, pairs % k
    nums = torch.as_tensor(list(node_nums), dtype=torch.long, device=device)
    squares = nums * nums
    graph = torch.repeat_interleave(torch.arange(len(nums), device=device),
                                    squares)
    node_offsets = torch.cumsum(nums, 0) - nums
    pair_offsets = torch.cumsum(squares, 0) - squares
    local = torch.arange(int(squares.sum()), device=device) - pair_offsets[graph]
    k = nums[graph]
    base = node_offsets[graph]
    return base + local // k, base + local % k


class GNNLayer(nn.Module):
    """One round of message passing over fully connected graphs.

    ``forward(nodes (N, node_dim), edges (P, edge_dim), src, dst)`` with the
    pairs of :func:`_pair_indices` -> ``(nodes (N, node_dim),
    pair features (P, node_dim))``. Each node aggregates its pair features
    with softmax attention over its neighbours (itself excluded).
    """

    def __init__(self, node_dim: int = 256, edge_dim: int = 256):
        super().__init__()
        self.in_fc = nn.Linear(node_dim * 2 + edge_dim, node_dim)
        self.coef_fc = nn.Linear(node_dim, 1)
        self.out_fc = nn.Linear(node_dim, node_dim)
        self.relu = nn.ReLU()

    def forward(self, nodes: torch.Tensor, edges: torch.Tensor,
                src: torch.Tensor,
                dst: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        pair_feats = self.relu(self.in_fc(
            torch.cat([nodes[src], nodes[dst], edges], dim=-1)))
        # Self pairs get -1e9 (not -inf) so one-node graphs stay finite.
        coefs = self.coef_fc(pair_feats).squeeze(-1) - (src == dst) * 1e9
        group_max = coefs.new_full((nodes.size(0),), float('-inf'))
        group_max = group_max.scatter_reduce(0, src, coefs, reduce='amax')
        weights = torch.exp(coefs - group_max[src])
        # scatter_add rather than index_add: ONNX exports it (opset 16+).
        denom = weights.new_zeros(nodes.size(0)).scatter_add(0, src, weights)
        weights = weights / denom[src]
        messages = nodes.new_zeros(nodes.size(0), pair_feats.size(-1))
        messages = messages.scatter_add(
            0, src[:, None].expand_as(pair_feats), weights[:, None] * pair_feats)
        return nodes + self.relu(self.out_fc(messages)), pair_feats


class Block(nn.Module):
    """Multimodal low-rank bilinear fusion (MUTAN/BLOCK style).

    ``forward([x0 (N, input_dims[0]), x1 (N, input_dims[1])])`` ->
    ``(N, output_dim)``: both inputs are projected to ``mm_dim``, split into
    ``chunks``, fused chunk-wise by a rank-``rank`` bilinear product, signed
    square-root + L2 normalised and projected to ``output_dim``.
    """

    def __init__(self, input_dims: Sequence[int], output_dim: int,
                 mm_dim: int = 1600, chunks: int = 20, rank: int = 15,
                 shared: bool = False, dropout_input: float = 0.,
                 dropout_pre_lin: float = 0., dropout_output: float = 0.,
                 pos_norm: str = 'before_cat'):
        super().__init__()
        if pos_norm not in ('before_cat', 'after_cat'):
            raise InvalidValueError(f"Block: pos_norm must be 'before_cat' or "
                                    f"'after_cat', got {pos_norm!r}")
        self.rank = rank
        self.pos_norm = pos_norm
        self.dropout_input = nn.Dropout(dropout_input)
        self.dropout_pre_lin = nn.Dropout(dropout_pre_lin)
        self.dropout_output = nn.Dropout(dropout_output)
        self.linear0 = nn.Linear(input_dims[0], mm_dim)
        self.linear1 = self.linear0 if shared else nn.Linear(input_dims[1],
                                                             mm_dim)
        self.chunks = self.chunk_sizes(mm_dim, chunks)
        self.merge_linears0 = nn.ModuleList(
            [nn.Linear(size, size * rank) for size in self.chunks])
        self.merge_linears1 = self.merge_linears0 if shared else nn.ModuleList(
            [nn.Linear(size, size * rank) for size in self.chunks])
        self.linear_out = nn.Linear(mm_dim, output_dim)

    @staticmethod
    def chunk_sizes(dim: int, chunks: int) -> list[int]:
        """Split ``dim`` into ``chunks`` near-equal sizes (last one smaller)."""
        size = (dim + chunks - 1) // chunks
        sizes = [size] * chunks
        sizes[-1] -= sum(sizes) - dim
        if sizes[-1] <= 0:
            raise InvalidValueError(f'Block: mm_dim={dim} cannot be split into '
                                    f'{chunks} chunks of {size}; use a multiple of '
                                    f'{chunks} (e.g. {size * chunks})')
        return sizes

    @staticmethod
    def _signed_sqrt_norm(z: torch.Tensor) -> torch.Tensor:
        return F.normalize(torch.sqrt(F.relu(z)) - torch.sqrt(F.relu(-z)))

    def forward(self, x: Sequence[torch.Tensor]) -> torch.Tensor:
        x0 = self.dropout_input(self.linear0(x[0]))
        x1 = self.dropout_input(self.linear1(x[1]))
        num = x1.size(0)
        fused = []
        for c0, c1, m0, m1 in zip(torch.split(x0, self.chunks, -1),
                                  torch.split(x1, self.chunks, -1),
                                  self.merge_linears0, self.merge_linears1):
            z = (m0(c0) * m1(c1)).view(num, self.rank, -1).sum(1)
            fused.append(self._signed_sqrt_norm(z)
                         if self.pos_norm == 'before_cat' else z)
        z = torch.cat(fused, 1)
        if self.pos_norm == 'after_cat':
            z = self._signed_sqrt_norm(z)
        z = self.linear_out(self.dropout_pre_lin(z))
        return self.dropout_output(z)


@HEADS.register_module()
class SDMGRHead(BaseModule):
    """Node (box) and edge (box pair) classifier of SDMG-R.

    Each text is embedded by a char embedding + LSTM (output at its last
    character), optionally fused with the box's visual feature; the 5-d
    spatial relation of each box pair is embedded linearly; ``num_gnn`` graph
    layers then refine the nodes (every layer sees the same edge
    embedding); the last layer's pair features are classified as edges.
    ``edge_embed`` must equal ``node_embed`` for the edge classifier.

    Args:
        num_chars: Size of the character vocabulary (index 0 = padding).
        visual_dim: Channels of the visual feature of a box.
        fusion_dim: Inner dimension of the visual/text :class:`Block`.
        node_input: Char embedding size.
        node_embed: Node feature size.
        edge_input: Relation feature size (5).
        edge_embed: Edge feature size.
        num_gnn: Number of :class:`GNNLayer`.
        num_classes: Node classes.
        loss: Loss config (``SDMGRLoss``).
        bidirectional: Use a bidirectional LSTM for the text.
        init_cfg: mmcv's init config, applied after the own initialisation
            (edge embedding N(0, 0.01): MMOCR 0.x's default, which ``None``
            keeps) when built and by ``init_weights``.

    ``forward(relations, texts, x=None)``: ``relations`` a list of
    ``(K_i, K_i, 5)``, ``texts`` a list of ``(K_i, L_i)`` char indices padded
    with -1, ``x`` optional ``(sum K_i, visual_dim)`` -> ``(node_preds
    (sum K_i, num_classes), edge_preds (sum K_i^2, 2))`` logits.
    """

    def __init__(self, num_chars: int = 92, visual_dim: int = 64,
                 fusion_dim: int = 1024, node_input: int = 32,
                 node_embed: int = 256, edge_input: int = 5,
                 edge_embed: int = 256, num_gnn: int = 2,
                 num_classes: int = 26, loss: dict = dict(type='SDMGRLoss'),
                 bidirectional: bool = False, train_cfg=None, test_cfg=None,
                 init_cfg=None):
        super().__init__()
        if num_gnn > 0 and node_embed != edge_embed:
            raise InvalidValueError('SDMGRHead: the edge classifier reads the GNN '
                                    'pair features, so edge_embed must equal '
                                    f'node_embed (got {edge_embed} and {node_embed})')
        self.fusion = Block([visual_dim, node_embed], node_embed, fusion_dim)
        self.node_embed = nn.Embedding(num_chars, node_input, 0)
        hidden = node_embed // 2 if bidirectional else node_embed
        self.rnn = nn.LSTM(input_size=node_input, hidden_size=hidden,
                           num_layers=1, batch_first=True,
                           bidirectional=bidirectional)
        self.edge_embed = nn.Linear(edge_input, edge_embed)
        self.gnn_layers = nn.ModuleList(
            [GNNLayer(node_embed, edge_embed) for _ in range(num_gnn)])
        self.node_cls = nn.Linear(node_embed, num_classes)
        self.edge_cls = nn.Linear(edge_embed, 2)
        self.loss = build_from_cfg(loss, LOSSES)
        self.num_chars = num_chars
        self.setup_init(init_cfg)

    def default_init(self) -> None:
        """Edge embedding ~ N(0, 0.01), as MMOCR's default ``init_cfg``."""
        nn.init.normal_(self.edge_embed.weight, mean=0., std=0.01)
        nn.init.zeros_(self.edge_embed.bias)

    def _embed_texts(self, texts: Sequence[torch.Tensor]) -> torch.Tensor:
        """``[(K_i, L_i)]`` -> ``(sum K_i, node_embed)``: LSTM output at the
        last valid character (zeros for empty texts)."""
        max_len = max(max(t.size(1) for t in texts), 1)
        chars = torch.cat([F.pad(t.long(), (0, max_len - t.size(1)), value=-1)
                           for t in texts])
        if int(chars.max()) >= self.num_chars:
            raise InvalidValueError(
                f'SDMGRHead: char index {int(chars.max())} >= num_chars='
                f'{self.num_chars}; set num_chars to the dict size + 1')
        lengths = (chars > 0).sum(-1)
        outputs, _ = self.rnn(self.node_embed(chars.clamp(min=0)))
        last = outputs.gather(1, (lengths - 1).clamp(min=0)[:, None, None]
                              .expand(-1, 1, outputs.size(-1))).squeeze(1)
        return last * (lengths > 0)[:, None].to(last.dtype)

    def forward(self, relations: Sequence[torch.Tensor],
                texts: Sequence[torch.Tensor],
                x: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        node_nums = [t.size(0) for t in texts]
        for i, (rel, num) in enumerate(zip(relations, node_nums)):
            if rel.shape[:2] != (num, num):
                raise InvalidValueError(
                    f'SDMGRHead: relations[{i}] is {tuple(rel.shape)} but '
                    f'texts[{i}] has {num} boxes')
        nodes = self._embed_texts(texts)
        if x is not None:
            nodes = self.fusion([x, nodes])
        edges = torch.cat([rel.reshape(-1, rel.size(-1)) for rel in relations])
        edges = F.normalize(self.edge_embed(edges.float()))
        src, dst = _pair_indices(node_nums, nodes.device)
        pair_feats = edges
        for gnn_layer in self.gnn_layers:
            nodes, pair_feats = gnn_layer(nodes, edges, src, dst)
        return self.node_cls(nodes), self.edge_cls(pair_feats)
