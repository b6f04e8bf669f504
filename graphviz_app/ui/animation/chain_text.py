"""A ChainReport as monospace text: each path's factors side by side, shapes aligned.

Pure text (no widgets), so the chain view, tests and export can share it.
"""

from __future__ import annotations

import numpy as np

from ...core import conventions as cv
from ...core.chain import ChainReport, Factor, PathReport

MAX_ROWS = 8
MAX_COLS = 6

_TOP, _MID, _BOT = ("⎡", "⎢", "⎣"), ("⎤", "⎥", "⎦"), None


def matrix_lines(m: np.ndarray | None) -> list[str]:
    """A matrix with tall brackets; long sides are cut with …."""
    if m is None:
        return ["(too large)"]
    rows = min(m.shape[0], MAX_ROWS)
    cols = min(m.shape[1], MAX_COLS)
    cells = [[cv.fmt_number(float(m[r, c])) for c in range(cols)] for r in range(rows)]
    if m.shape[1] > cols:
        for row in cells:
            row.append("…")
    if m.shape[0] > rows:
        cells.append(["⋮"] + [""] * (len(cells[0]) - 1))
    widths = [max(len(row[c]) for row in cells) for c in range(len(cells[0]))]
    body = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in cells]
    if len(body) == 1:
        return [f"[ {body[0]} ]"]
    out = []
    for i, line in enumerate(body):
        left, right = ("⎡", "⎤") if i == 0 else ("⎣", "⎦") if i == len(body) - 1 else ("⎢", "⎥")
        out.append(f"{left} {line} {right}")
    return out


def _block(title: str, subtitle: str, shape: str, m: np.ndarray | None) -> list[str]:
    lines = [title, subtitle, shape] + matrix_lines(m)
    width = max(len(s) for s in lines)
    return [s.ljust(width) for s in lines]


def join_blocks(blocks: list[list[str]], separators: list[str]) -> list[str]:
    """Blocks side by side; separators (" · ", " = ") sit on the first matrix row."""
    height = max(len(b) for b in blocks)
    padded = [b + [" " * len(b[0])] * (height - len(b)) for b in blocks]
    lines = []
    for r in range(height):
        parts = [padded[0][r]]
        for sep, block in zip(separators, padded[1:]):
            parts.append(sep if r == 3 else " " * len(sep))
            parts.append(block[r])
        lines.append("".join(parts).rstrip())
    return lines


def factor_block(f: Factor) -> list[str]:
    # a factor without a short name (∂(Wa)/∂W) is still written in symbols: by its structure
    return _block(f.symbol, f.readable or f.structure or " ", f.shape_text, f.matrix)


def path_text(report: ChainReport, path: PathReport, number: int, names: dict[str, str]) -> str:
    route = " → ".join(names.get(n, n) for n in path.nodes)
    lines = [f"Path {number}:  {route}", f"  {report.lhs} = {path.product_text}"]
    if path.readable_text:
        lines.append(f"  {' ' * len(report.lhs)} = {path.readable_text}")
    lines.append(f"  shapes: {path.shape_equation}")
    blocks = [factor_block(f) for f in path.factors]
    seps = [" · "] * (len(blocks) - 1)
    if path.result is not None:
        blocks.append(_block("this path", " ", path.result.shape_text, path.result.matrix))
        seps.append(" = ")
    lines += ["  " + s for s in join_blocks(blocks, seps)]
    for f in path.factors:
        if f.note:
            lines.append(f"  {f.symbol}: {f.note}; structure {f.structure}")
    if path.note:
        lines.append("  " + path.note)
    return "\n".join(lines)


def report_text(report: ChainReport, names: dict[str, str]) -> str:
    """The whole report: paths, the sum over paths, the gradient of the backward pass, the check."""
    head = f"{report.lhs}  ·  {cv.convention_name(report.convention)}"
    parts = [head + "\n" + "─" * len(head)]
    if report.message and not report.paths:
        parts.append(report.message)
    for i, path in enumerate(report.paths, 1):
        parts.append(path_text(report, path, i, names))
    if report.omitted:
        parts.append(f"… and {report.omitted} more path(s) not shown ({report.total_paths} in all).")
    if report.paths:
        tail = []
        if report.path_sum is not None:
            tail.append(
                _block(
                    f"Σ over {report.total_paths} path(s)",
                    "(sum rule)",
                    report.path_sum.shape_text,
                    report.path_sum.matrix,
                )
            )
        if report.gradient is not None:
            tail.append(_block(f"{report.lhs} from backward", " ", report.gradient.shape_text, report.gradient.matrix))
        if tail:
            parts.append("\n".join(join_blocks(tail, ["   vs   "] * (len(tail) - 1))))
        parts.append(report.summary)
    elif report.gradient is not None:
        parts.append(f"{report.lhs} = {cv.short_presented(report.gradient, 6)}  {report.gradient.shape_text}")
    return "\n\n".join(parts)
