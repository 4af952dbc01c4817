#!/usr/bin/env bash
# Distributed training on one or several machines through torchrun.
#   [NNODES=1] [NODE_RANK=0] [PORT=29500] [MASTER_ADDR=127.0.0.1] \
#   ./tools/dist_train.sh CONFIG WORK_DIR GPUS [PY_ARGS]
# GPUS processes are started on this machine (gloo on CPU-only machines).
set -euo pipefail

if [ "$#" -lt 3 ]; then
    echo "usage: $0 CONFIG WORK_DIR GPUS [PY_ARGS]" >&2
    exit 2
fi
CONFIG=$1
WORK_DIR=$2
GPUS=$3
shift 3
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
PYTHON=${PYTHON:-python}
DIR="$(cd "$(dirname "$0")" && pwd)"

PYTHONPATH="$DIR/..${PYTHONPATH:+:$PYTHONPATH}" \
exec "$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$GPUS" \
    --master_port="$PORT" \
    "$DIR/train.py" "$CONFIG" --work-dir="$WORK_DIR" --launcher pytorch "$@"
