import pytest

from mmocr.runner.checkpoint import find_latest_checkpoint
from mmocr.utils.checkpoint_names import (
    LATEST_CHECKPOINT,
    checkpoint_name,
    checkpoint_template,
    hash_prefix,
    parse_checkpoint_name,
    published_name,
)


def test_periodic_names_round_trip():
    assert checkpoint_name(True, 12) == 'epoch_12.pth'
    assert checkpoint_name(False, 250) == 'iter_250.pth'
    assert checkpoint_template(True).format(3) == 'epoch_3.pth'
    assert parse_checkpoint_name('epoch_12.pth') == (True, 12)
    assert parse_checkpoint_name('iter_250.pth') == (False, 250)
    for other in (LATEST_CHECKPOINT, 'best_acc_epoch_3.pth', 'epoch_x.pth',
                  'epoch_3.pth.tmp', '.epoch_3.pth.1a2b.tmp', 'iter_3.pt'):
        assert parse_checkpoint_name(other) is None
    assert LATEST_CHECKPOINT == 'latest.pth'


def test_published_names():
    sha = 'ba3ab597' + '0' * 56
    assert published_name('zoo/dbnet', sha) == 'zoo/dbnet-ba3ab597.pth'
    assert hash_prefix('zoo/dbnet-ba3ab597.pth') == 'ba3ab597'
    assert hash_prefix('https://x.org/a/m_20210329-ba3ab597.pth') == 'ba3ab597'
    assert hash_prefix(f'm-{sha}.pth') == sha
    assert hash_prefix('dbnet_r18_fpnc_100e_sroie.pth') is None
    assert hash_prefix('m-BA3AB597.pth') is None  # lowercase hex only
    assert hash_prefix('m-ba3ab5.pth') is None    # fewer than 8 digits
    with pytest.raises(ValueError, match='hex'):
        published_name('m', 'xyz')


def test_find_latest_checkpoint_reads_the_same_names(tmp_path):
    for name in ('iter_250.pth', 'iter_1000.pth', 'best_acc_iter_5000.pth',
                 'iter_9999.pt'):
        (tmp_path / name).write_bytes(b'')
    assert find_latest_checkpoint(str(tmp_path)) == str(tmp_path / 'iter_1000.pth')
    (tmp_path / LATEST_CHECKPOINT).write_bytes(b'')
    assert find_latest_checkpoint(str(tmp_path)) == str(tmp_path / 'latest.pth')
