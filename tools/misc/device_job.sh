#!/usr/bin/env bash
# One prepared training job for a lent GPU machine (docs/en/tools.md,
# "Training on a lent GPU"): nothing can be fetched there and nothing but
# the checkout travels, so what the job needs waits in the ignored .gpu/:
#   .gpu/whl/      wheels of the dependencies the machine lacks (make device-kit)
#   .gpu/fonts/    the synthetic engine's fonts (make device-kit)
#   .gpu/shared/   ../shared/data folders the config reads
#                  (make device-kit DEVICE_DATA="iiit5k_train")
#   .gpu/prep.sh   optional: commands making the config's data there
#                  (16 cores: generate, do not carry, synthetic sets)
# Run through the device tool, carrying .gpu:
#   bash tools/misc/device_job.sh CONFIG MINUTES [EVAL] [budget_train.py args]
# MINUTES holds data preparation, training (tools/misc/budget_train.py fits
# the iterations to what is left, less a minute for what follows) and the
# evaluation; EVAL (e.g. acc, hmean-iou, or - for none) runs tools/test.py
# on the config's test set. Back in $OUT: weights-<sha>.pth (the last checkpoint
# without its optimizer, float16 if float32 would pass 16 MiB), budget.json,
# the training log, test.txt. PYTHON (python3) and WORK_DIR
# (work_dirs/device) may be set; CONFIG is relative to the checkout's root.
set -euo pipefail
config=$1 minutes=$2
evaluate=${3:--}
shift 2
if [ $# -gt 0 ]; then shift; fi
out=${OUT:?OUT must name the folder whose files come back}
python=${PYTHON:-python3}
work=${WORK_DIR:-work_dirs/device}
start=$(date +%s)
cd "$(dirname "$0")/../.."  # the checkout's root

if ! "$python" -c 'import shapely, pyclipper, lmdb, rapidfuzz' 2>/dev/null; then
    "$python" -m pip install -q --no-index --no-deps --no-compile \
        --no-cache-dir --target /tmp/site .gpu/whl/*.whl
    export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
if [ -d .gpu/fonts ]; then mkdir -p ~/.fonts && cp -r .gpu/fonts/. ~/.fonts/; fi
if [ -d .gpu/shared ]; then
    mkdir -p ../shared/data
    for d in .gpu/shared/*/; do ln -sfn "$PWD/${d%/}" ../shared/data/; done
fi
if [ -f .gpu/prep.sh ]; then bash .gpu/prep.sh; fi
"$python" -c 'import torch; print("device:", torch.cuda.get_device_name(0)
              if torch.cuda.is_available() else "cpu")'

left=$(awk -v m="$minutes" -v s="$start" -v now="$(date +%s)" \
    'BEGIN { printf "%.2f", m - (now - s) / 60 - 1 }')
echo "device_job: ${left} min left for training"
"$python" tools/misc/budget_train.py "$config" --minutes "$left" \
    --work-dir "$work" "$@"

# the release file is named weights-<sha256[:8]>.pth
rm -rf "$work/release"
"$python" tools/publish_model.py "$work/latest.pth" "$work/release/weights.pth"
if [ "$(stat -c %s "$work"/release/weights-*.pth)" -gt $((16 * 1024 * 1024)) ]
then
    rm "$work"/release/weights-*.pth
    "$python" tools/publish_model.py "$work/latest.pth" \
        "$work/release/weights.pth" --fp16
fi
cp "$work"/release/weights-*.pth "$work/budget.json" "$out/"
log=$(ls -t "$work"/*.log.json | head -n 1)
cp "$log" "$out/train.log.json"
if [ "$evaluate" != - ]; then
    "$python" tools/test.py "$config" "$work/latest.pth" --eval "$evaluate" \
        2>&1 | tail -n 30 > "$out/test.txt"
fi
echo "device_job: done in $(( $(date +%s) - start )) s"
