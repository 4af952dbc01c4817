#!/bin/bash
# `serve` (the default command): TorchServe in the foreground, as PID 1's
# child through exec, so `docker stop` reaches it. Anything else runs as a
# command (e.g. `bash`, or `python tools/deployment/mmocr2torchserve.py ...`).
set -euo pipefail
if [[ "${1:-serve}" == "serve" ]]; then
    shift $(( $# > 0 ? 1 : 0 ))
    exec torchserve --start --foreground --ncs \
        --ts-config /home/model-server/config.properties "$@"
fi
exec "$@"
