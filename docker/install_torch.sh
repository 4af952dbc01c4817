#!/bin/sh
# Install torch in a Docker build: install_torch.sh VERSION VARIANT
#   VARIANT "cpu", "cu118", "cu121", "cu124", ... : the wheel of that build
#           from https://download.pytorch.org/whl/VARIANT
#   VARIANT "pypi": PyPI's wheel (on x86-64 Linux a CUDA build)
set -eu
version="$1"
variant="$2"
case "$variant" in
    pypi) pip install "torch==${version}" ;;
    cpu|cu[0-9]*|rocm[0-9]*)
        pip install "torch==${version}" \
            --index-url "https://download.pytorch.org/whl/${variant}" ;;
    *)
        echo "install_torch.sh: TORCH_VARIANT must be cpu, cuXYZ, rocmX.Y or pypi, got '${variant}'" >&2
        exit 1 ;;
esac
python -c "import torch; print('torch', torch.__version__, 'CUDA', torch.version.cuda)"
