"""Weights-only checkpoint loading refuses unsafe objects, naming them."""
from __future__ import annotations

import logging
import os

import pytest
import torch
from torch import nn

from mmocr.runner import checkpoint as runner_checkpoint
from mmocr.utils import checkpoint
from mmocr.utils.checkpoint import CheckpointLoadError, load_checkpoint, safe_torch_load


class _RunsShellCommand:
    """Unpickling this calls ``os.system`` (what a malicious file does)."""

    def __reduce__(self):
        return (os.system, ('echo pwned',))


class _PlainClass:
    pass


@pytest.mark.parametrize('payload, global_name', [
    (_RunsShellCommand(), 'system'),
    (_PlainClass(), '_PlainClass'),
])
def test_unsafe_global_is_refused_as_unsafe(tmp_path, payload, global_name):
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'meta': {'x': payload}}, path)
    with pytest.raises(CheckpointLoadError) as info:
        safe_torch_load(str(path))
    message = str(info.value)
    assert 'refused as unsafe' in message
    assert str(path) in message and global_name in message
    assert 'corrupt' not in message and 'truncated' not in message
    assert 'weights_only' not in message
    # torch's advice to turn safety off is not chained into the traceback.
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with pytest.raises(CheckpointLoadError, match='refused as unsafe'):
        load_checkpoint(nn.Linear(2, 2), str(path))


def test_runner_checkpoint_reexports_loading():
    for name in ('load_checkpoint', 'load_state_dict', 'safe_torch_load',
                 'CheckpointLoadError', 'checkpoint_state_dict',
                 'get_mmocr_home', 'download_checkpoint', 'weights_to_cpu'):
        assert getattr(runner_checkpoint, name) is getattr(checkpoint, name)


def test_checkpoint_of_another_model_is_refused(tmp_path, caplog):
    """No weight of the file fits (another model): one error naming the
    file; a partial fit (a head of another size) loads with a warning."""
    model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 4))
    other = tmp_path / 'other.pth'
    torch.save({'state_dict': {'cnn.weight': torch.zeros(3, 2)}}, other)
    with pytest.raises(CheckpointLoadError, match=r'none of the 1 weights of '
                       rf'checkpoint {other} fit the 4 of Sequential'):
        load_checkpoint(model, str(other))
    partial = tmp_path / 'partial.pth'
    state = {k: torch.ones_like(v) for k, v in model.state_dict().items()}
    state['1.weight'] = torch.zeros(5, 3)
    torch.save({'state_dict': state}, partial)
    load_checkpoint(model, str(partial), logger=logging.getLogger(__name__))
    assert torch.equal(model[0].weight, torch.ones(3, 2))
    assert 'size mismatch (not loaded): 1.weight' in caplog.text
