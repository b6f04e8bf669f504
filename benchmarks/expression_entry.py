"""What reading the New from Expression dialog's fields costs (expression_dialog.read_entry: parse,
and with stated shapes an evaluation), and the value editor's Text field on a pasted 100×100
block (table_text.read_value). The dialog reads the expression once typing pauses
(READ_AFTER_MS), the Text field at each change. Target: a read well under the pause; no target
per key."""

import time

from graphviz_app.core.table_text import read_value
from graphviz_app.ui.expression_dialog import READ_AFTER_MS, read_entry


def best_ms(read, *args, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        read(*args)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    cases = [
        ("short", "sum(tanh(W @ x + b))", "W 3x4, x 4"),
        ("60 terms", " + ".join(f"sin(x{i}) * exp(y{i})" for i in range(60)), ""),
        ("200 terms", " + ".join(f"sin(x{i}) * exp(y{i})" for i in range(200)), ""),
        ("100 nested sin", "sin(" * 100 + "x" + ")" * 100, ""),
        (
            "MLP, stated shapes",
            "softmax_xent(tanh(X @ W1 + b1) @ W2 + b2, Y)",
            "X 500x300, W1 300x200, W2 200x10, Y 500x10",
        ),
        ("unclosed bracket, 200 terms", " + ".join(f"sin(x{i})" for i in range(200)) + " * log(", ""),
    ]
    print(f"New from Expression, read once typing pauses {READ_AFTER_MS} ms:")
    for title, text, shapes in cases:
        print(f"  {title} ({len(text)} characters): {best_ms(read_entry, text, shapes):.1f} ms")
    block = "\n".join("\t".join(str(i * j) for j in range(100)) for i in range(100))
    print(f"Value editor Text field, a pasted 100×100 block: {best_ms(read_value, block):.1f} ms")


if __name__ == "__main__":
    main()
