"""A ChainReport as monospace text: each path's factors side by side, shapes aligned.

Given a width (in characters), the text fits it: factors that do not fit beside each other go on
the next row (which starts with its " · " or " = "), long lines wrap at spaces, and a matrix shows
fewer columns (the rest as …). Only a single factor too wide even alone is left wider.

Pure text (no widgets), so the chain view, tests and export can share it.
"""

from __future__ import annotations

import re
import textwrap

import numpy as np

from ...core import conventions as cv
from ...core import number_text
from ...core.chain import ChainReport, Factor, PathReport, paths_text

MAX_ROWS = 8
MAX_COLS = 6

_TOP, _MID, _BOT = ("⎡", "⎢", "⎣"), ("⎤", "⎥", "⎦"), None


def matrix_lines(m: np.ndarray | None, max_cols: int = MAX_COLS) -> list[str]:
    """A matrix with tall brackets; long sides are cut with …."""
    if m is None:
        return ["(too large)"]
    rows = min(m.shape[0], MAX_ROWS)
    cols = min(m.shape[1], max_cols)
    cells = [[number_text.fmt_number(float(m[r, c])) for c in range(cols)] for r in range(rows)]
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


def _block(title: str, subtitle: str, shape: str, m: np.ndarray | None, width: int | None = None) -> list[str]:
    """Title, subtitle, shape and the matrix, as one column; within width if given (fewer
    matrix columns, and titles wrapped), as far as that can go."""
    for cols in range(MAX_COLS, 1, -1) if width else [MAX_COLS]:
        matrix = matrix_lines(m, cols)
        if width is None or max(len(s) for s in matrix) <= width:
            break
    heads = [title, subtitle, shape]
    if width:
        room = max(width, max(len(s) for s in matrix), 12)
        heads = [t for head in (title, subtitle) for t in (_wrap(head, room) or [" "])] + [shape]
    lines = heads + matrix
    size = max(len(s) for s in lines)
    return Block([s.ljust(size) for s in lines], len(heads))


def _wrap(text: str, width: int | None, indent: str = "", more: str = "") -> list[str]:
    """A line wrapped at spaces to width (the first line led by indent, the next ones by more)."""
    if width is None or len(indent + text) <= width:
        return [indent + text]
    lines = textwrap.wrap(
        _keep_groups(text),
        max(width, len(more) + 12),
        initial_indent=indent,
        subsequent_indent=more,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [indent + text]
    return [line.replace(NO_BREAK, " ") for line in lines]


NO_BREAK = "\u00a0"  # (textwrap breaks only at ASCII spaces)


def _keep_groups(text: str, longest: int = 16) -> str:
    """A short bracketed group, "(I ⊗ aᵀ)", and "shown as 2×3" are not broken across lines."""
    text = re.sub(r"shown as \S+", lambda m: m.group(0).replace(" ", NO_BREAK), text)
    return re.sub(rf"\([^()]{{1,{longest}}}\)", lambda m: m.group(0).replace(" ", NO_BREAK), text)


class Block(list):
    """A column of equal-width lines whose matrix begins at line `top` (after its heading lines)."""

    def __init__(self, lines: list[str], top: int):
        super().__init__(lines)
        self.top = top


def _first_matrix_row(block: list[str]) -> int:
    return getattr(block, "top", 3)  # (title, subtitle and shape, unless the block says otherwise)


def join_blocks(blocks: list[list[str]], separators: list[str]) -> list[str]:
    """Blocks side by side, matrices on one level; separators (" · ", " = ") sit on their first row."""
    top = max(_first_matrix_row(b) for b in blocks)
    lifted = [[" " * len(b[0])] * (top - _first_matrix_row(b)) + b for b in blocks]
    height = max(len(b) for b in lifted)
    padded = [b + [" " * len(b[0])] * (height - len(b)) for b in lifted]
    lines = []
    for r in range(height):
        parts = [padded[0][r]]
        for sep, block in zip(separators, padded[1:]):
            parts.append(sep if r == top else " " * len(sep))
            parts.append(block[r])
        lines.append("".join(parts).rstrip())
    return lines


def flow_blocks(blocks: list[list[str]], separators: list[str], width: int | None) -> list[str]:
    """join_blocks within width: the blocks that do not fit go on the next row, which begins with
    the separator that leads into its first block; rows are parted by a blank line."""
    if width is None:
        return join_blocks(blocks, separators)
    lines: list[str] = []
    start = 0
    while start < len(blocks):
        lead = [separators[start - 1].lstrip()] if start else []
        row, seps = [blocks[start]], list(lead)
        used = len(lead[0]) + len(blocks[start][0]) if lead else len(blocks[start][0])
        end = start + 1
        while end < len(blocks) and used + len(separators[end - 1]) + len(blocks[end][0]) <= width:
            used += len(separators[end - 1]) + len(blocks[end][0])
            row.append(blocks[end])
            seps.append(separators[end - 1])
            end += 1
        if lead:  # an empty block before the separator that leads into the row
            row.insert(0, Block([""], 0))
        if lines:
            lines.append("")
        lines += join_blocks(row, seps)
        start = end
    return lines


def factor_block(f: Factor, width: int | None = None) -> list[str]:
    # a factor without a short name (∂(Wa)/∂W) is still written in symbols: by its structure
    return _block(f.symbol, f.readable or f.structure or " ", f.shape_text, f.matrix, width)


def path_text(
    report: ChainReport, path: PathReport, number: int, names: dict[str, str], width: int | None = None
) -> str:
    route = " → ".join(names.get(n, n) for n in path.nodes)
    inner = None if width is None else width - 2  # (the path's lines are indented by two)
    room = None if inner is None else inner - 2  # a block, led by "· " or "= " on a row of its own
    equals = " " * (len(report.lhs) + 5)  # a wrapped product continues after "  ∂L/∂θ = "
    lines = _wrap(route, width, f"Path {number}:  ", "  ")
    lhs = f"  {report.lhs} = "
    if path.product_text != report.lhs:  # (a path of one factor is that factor: ∂mul/∂w = sin, once)
        lines += _wrap(path.product_text, width, lhs, equals)
        lhs = f"  {' ' * len(report.lhs)} = "
    if path.readable_text:
        lines += _wrap(path.readable_text, width, lhs, equals)
    lines += _wrap(path.shape_equation, width, "  shapes: ", "          ")
    blocks = [factor_block(f, room) for f in path.factors]
    seps = [" · "] * (len(blocks) - 1)
    if path.result is not None:
        blocks.append(_block("this path", " ", path.result.shape_text, path.result.matrix, room))
        seps.append(" = ")
    lines += ["  " + s if s else "" for s in flow_blocks(blocks, seps, inner)]
    for f in path.factors:
        if f.note:
            lines += _wrap(f"{f.symbol}: {f.note}; structure {f.structure}", width, "  ", "    ")
    if path.note:
        lines += _wrap(path.note, width, "  ", "  ")
    return "\n".join(lines)


def _heading(report: ChainReport, width: int | None) -> str:
    """∂L/∂θ and the layout on one line, or on two when the width asks; underlined."""
    layout = cv.convention_name(report.convention)
    head = f"{report.lhs}  ·  {layout}"
    lines = [head] if width is None or len(head) <= width else [report.lhs, *_wrap(layout, width)]
    return "\n".join(lines) + "\n" + "─" * min(max(len(s) for s in lines), width or len(head))


def report_text(report: ChainReport, names: dict[str, str], width: int | None = None) -> str:
    """The whole report: paths, the sum over paths, the gradient of the backward pass, the check;
    within width characters if given (see the module's note)."""
    parts = [_heading(report, width)]
    if report.message and not report.paths:
        parts.append("\n".join(_wrap(report.message, width)))
    for i, path in enumerate(report.paths, 1):
        parts.append(path_text(report, path, i, names, width))
    if report.omitted:
        parts.append(
            "\n".join(
                _wrap(f"… and {paths_text(report.omitted, 'more')} not shown ({report.total_paths} in all).", width)
            )
        )
    if report.paths:
        # two short heading lines a side, so that a narrow tab puts "vs" and the second column on a
        # row of their own rather than wrapping a heading under the other column
        tail = []
        room = None if width is None else width - len("vs   ")  # (a block led by "vs" on a row of its own)
        if report.path_sum is not None:
            tail.append(
                _block(
                    f"Σ over {paths_text(report.total_paths)}",
                    "(sum rule)",
                    report.path_sum.shape_text,
                    report.path_sum.matrix,
                    room,
                )
            )
        if report.gradient is not None:
            tail.append(_block(report.lhs, "(from backward)", report.gradient.shape_text, report.gradient.matrix, room))
        if tail:
            parts.append("\n".join(flow_blocks(tail, ["   vs   "] * (len(tail) - 1), width)))
        parts.append("\n".join(_wrap(report.summary, width)))
    elif report.gradient is not None:
        line = f"{report.lhs} = {cv.short_presented(report.gradient, 6)}  {report.gradient.shape_text}"
        parts.append("\n".join(_wrap(line, width, "", "  ")))
    return "\n\n".join(parts)
