"""Plot training curves from ``*.log.json`` files, or print their timing.

MMOCR 0.x's interface::

    python tools/analyze_logs.py plot_curve LOG.json [LOG2.json ...] \\
        --keys loss loss_ctc --out curves.png [--legend a b] [--title T]
    python tools/analyze_logs.py cal_train_time LOG.json

Curves are drawn with OpenCV (no plotting library needed): one panel per
key, x = global training iteration, one colour per log file.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

import cv2
import numpy as np

from mmocr.apis.utils import run_tool
from mmocr.utils.fileio import atomic_open

COLORS = [(180, 119, 31), (14, 127, 255), (44, 160, 44), (40, 39, 214),
          (189, 103, 148), (75, 86, 140)]  # BGR


def load_json_log(path: str) -> dict[str, list[tuple[int, float]]]:
    """``key -> [(global iteration, value), ...]`` of the training lines.

    Epoch-based logs count iterations within an epoch (the count restarts
    when the epoch grows); they are turned into global iterations with the
    largest per-epoch count seen.
    """
    rows = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}:{lineno}: not json ({err.msg})') from None
            if row.get('mode') == 'train':
                rows.append(row)
    if not rows:
        raise ValueError(f'{path}: no training lines')
    per_epoch = max(r['iter'] for r in rows)
    by_epoch = any(b['iter'] < a['iter'] and b.get('epoch', 0) > a.get('epoch', 0)
                   for a, b in zip(rows, rows[1:]))
    curves: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in rows:
        step = ((row.get('epoch', 1) - 1) * per_epoch + row['iter']
                if by_epoch else row['iter'])
        for key, value in row.items():
            if isinstance(value, (int, float)) and key not in (
                    'epoch', 'iter', 'memory'):
                curves[key].append((step, float(value)))
    return dict(curves)


def _panel(series: list[list[tuple[int, float]]], key: str, names: list[str],
           size: tuple[int, int] = (720, 320)) -> np.ndarray:
    w, h = size
    left, right, top, bottom = 70, 20, 30, 40
    img = np.full((h, w, 3), 255, np.uint8)
    points = [np.asarray(s, dtype=np.float64) for s in series if s]
    xs = np.concatenate([p[:, 0] for p in points])
    ys = np.concatenate([p[:, 1] for p in points])
    x0, x1 = xs.min(), max(xs.max(), xs.min() + 1)
    y0, y1 = ys.min(), ys.max()
    if y1 - y0 < 1e-12:
        y0, y1 = y0 - 0.5, y1 + 0.5
    cv2.rectangle(img, (left, top), (w - right, h - bottom), (0, 0, 0), 1)
    font = cv2.FONT_HERSHEY_SIMPLEX
    for frac in (0.0, 0.5, 1.0):
        y_val = y0 + frac * (y1 - y0)
        y_px = int(h - bottom - frac * (h - top - bottom))
        cv2.putText(img, f'{y_val:.3g}', (4, y_px + 4), font, 0.4, (0, 0, 0), 1)
        x_val = x0 + frac * (x1 - x0)
        x_px = int(left + frac * (w - left - right))
        cv2.putText(img, f'{int(x_val)}', (x_px - 15, h - bottom + 16), font,
                    0.4, (0, 0, 0), 1)
    cv2.putText(img, key, (left, top - 10), font, 0.55, (0, 0, 0), 1)
    for i, pts in enumerate(points):
        px = left + (pts[:, 0] - x0) / (x1 - x0) * (w - left - right)
        py = h - bottom - (pts[:, 1] - y0) / (y1 - y0) * (h - top - bottom)
        poly = np.stack([px, py], axis=1).round().astype(np.int32)
        color = COLORS[i % len(COLORS)]
        cv2.polylines(img, [poly], False, color, 1, cv2.LINE_AA)
        (text_w, _), _ = cv2.getTextSize(names[i], font, 0.45, 1)
        cv2.putText(img, names[i], (w - right - text_w - 6, top + 16 + 16 * i),
                    font, 0.45, color, 1)
    return img


def plot_curve(logs: list[str], keys: list[str], out: str,
               legend: list[str] | None = None, title: str | None = None
               ) -> np.ndarray:
    """Draw one panel per key (stacked) and write the picture to ``out``."""
    curves = [load_json_log(path) for path in logs]
    names = legend or [path.rsplit('/', 1)[-1] for path in logs]
    if len(names) != len(logs):
        raise ValueError(f'{len(names)} legend entries for {len(logs)} logs')
    panels = []
    for key in keys:
        if not any(key in c for c in curves):
            known = sorted(set().union(*curves))
            raise KeyError(f'no log has the key "{key}"; keys: {known}')
        panels.append(_panel([c.get(key, []) for c in curves], key, names))
    img = np.concatenate(panels, axis=0)
    if title:
        banner = np.full((30, img.shape[1], 3), 255, np.uint8)
        cv2.putText(banner, title, (10, 21), cv2.FONT_HERSHEY_SIMPLEX, 0.6,
                    (0, 0, 0), 1)
        img = np.concatenate([banner, img], axis=0)
    ext = out.rsplit('.', 1)[-1] if '.' in out else 'png'
    ok, buf = cv2.imencode(f'.{ext}', img)
    if not ok:
        raise ValueError(f'cannot encode a .{ext} picture: {out}')
    with atomic_open(out, 'wb') as f:
        f.write(buf.tobytes())
    return img


def cal_train_time(logs: list[str]) -> list[str]:
    """Average seconds per iteration of each log (MMOCR's cal_train_time)."""
    lines = []
    for path in logs:
        times = [v for _, v in load_json_log(path).get('time', [])]
        if not times:
            raise ValueError(f'{path}: no "time" entries')
        lines.append(f'{path}: {np.mean(times):.4f} s/iter average over '
                     f'{len(times)} log lines (slowest {max(times):.4f}, '
                     f'fastest {min(times):.4f})')
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description='Analyse training logs')
    sub = parser.add_subparsers(dest='task', required=True)
    plot = sub.add_parser('plot_curve', help='draw training curves')
    plot.add_argument('json_logs', nargs='+')
    plot.add_argument('--keys', nargs='+', default=['loss'])
    plot.add_argument('--legend', nargs='+')
    plot.add_argument('--title')
    plot.add_argument('--out', default='curves.png')
    timing = sub.add_parser('cal_train_time', help='time per iteration')
    timing.add_argument('json_logs', nargs='+')
    args = parser.parse_args(argv)
    if args.task == 'plot_curve':
        plot_curve(args.json_logs, args.keys, args.out, args.legend,
                   args.title)
        print(f'curves written to {args.out}')
    else:
        print('\n'.join(cal_train_time(args.json_logs)))
    return 0


if __name__ == '__main__':
    sys.exit(run_tool(main, 'analyze_logs.py'))
