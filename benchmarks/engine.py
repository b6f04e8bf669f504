"""Engine speed next to PyTorch eager (CPU, if installed) and plain numpy, in one process.

(a) a scalar graph of about 4000 operations; (b) 20 layers of 256×256 matmul + tanh.
Targets (issue 2): (a) ours ≤ 0.5× PyTorch; (b) ours ≤ 1.2× hand-written numpy.
The trace's extra cost (dense local Jacobians, per-step records) is reported separately.
(c) outputs with large Jacobians, X @ X (X 30×30) and tanh of a 1000-vector: time and peak
memory of the full-Jacobian trace, and of `graphviz-app grad --json` and `export --step 1`
each in a fresh process. Target (issue 21): each command under 5 s and 300 MB.

Run: python benchmarks/engine.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphviz_app.core import engine  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402

try:
    import torch
except ImportError:  # PyTorch is optional: only a reference
    torch = None

UNARY = ["sin", "cos", "tanh", "square", "sigmoid"]
BINARY = ["add", "mul", "sub"]


def best_of(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def best_of_pair(fn_a, fn_b, repeat=15):
    """Best times of two functions measured in alternation, so that a noisy neighbour on a
    shared machine slows both alike instead of whichever happened to run during it."""
    times_a, times_b = [], []
    for _ in range(repeat):
        for fn, times in ((fn_a, times_a), (fn_b, times_b)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return min(times_a), min(times_b)


def scalar_program(n_ops=4000, n_vars=10, seed=0):
    """A random scalar DAG as a list of (op, input indices); the same for every framework."""
    rng = np.random.default_rng(seed)
    program = []
    count = n_vars
    for _ in range(n_ops - 1):
        recent = max(0, count - 20)
        if rng.random() < 0.5:
            program.append((UNARY[rng.integers(len(UNARY))], [int(rng.integers(recent, count))]))
        else:
            program.append(
                (BINARY[rng.integers(len(BINARY))], [int(rng.integers(recent, count)), int(rng.integers(0, count))])
            )
        count += 1
    return rng.uniform(-1, 1, size=n_vars), program


def build_scalar_graph(values, program):
    g = Graph()
    ids = [g.add_node("variable", name=f"x{i}", value=v) for i, v in enumerate(values)]
    for op, ins in program:
        nid = g.add_node("op", op)
        for port, i in enumerate(ins):
            g.connect(ids[i], nid, port)
        ids.append(nid)
    out = g.add_node("op", "sum", name="L")
    g.connect(ids[-1], out, 0)
    g.set_output(out)
    return g


def torch_scalar(values, program):
    fns = {
        "sin": torch.sin,
        "cos": torch.cos,
        "tanh": torch.tanh,
        "square": lambda u: u * u,
        "sigmoid": torch.sigmoid,
        "add": torch.add,
        "mul": torch.mul,
        "sub": torch.sub,
    }

    def run():
        xs = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in values]
        nodes = list(xs)
        for op, ins in program:
            nodes.append(fns[op](*[nodes[i] for i in ins]))
        nodes[-1].backward()
        return [x.grad for x in xs]

    return run


def numpy_scalar_forward(values, program):
    fns = {
        "sin": np.sin,
        "cos": np.cos,
        "tanh": np.tanh,
        "square": np.square,
        "sigmoid": lambda u: 1 / (1 + np.exp(-u)),
        "add": np.add,
        "mul": np.multiply,
        "sub": np.subtract,
    }

    def run():
        nodes = [float(v) for v in values]
        for op, ins in program:
            nodes.append(fns[op](*[nodes[i] for i in ins]))
        return nodes[-1]

    return run


def layers_graph(depth=20, width=256, seed=0):
    rng = np.random.default_rng(seed)
    Ws = [rng.normal(scale=1 / np.sqrt(width), size=(width, width)) for _ in range(depth)]
    x = rng.normal(size=width)
    g = Graph()
    h = g.add_node("constant", name="x", value=x)
    for i, W in enumerate(Ws):
        w = g.add_node("variable", name=f"W{i}", value=W)
        m = g.add_node("op", "matmul")
        g.connect(w, m, 0)
        g.connect(h, m, 1)
        h = g.add_node("op", "tanh")
        g.connect(m, h, 0)
    out = g.add_node("op", "sum", name="L")
    g.connect(h, out, 0)
    g.set_output(out)
    return g, Ws, x


def numpy_layers(Ws, x):
    def run():
        hs = [x]
        for W in Ws:
            hs.append(np.tanh(W @ hs[-1]))
        g = np.ones_like(hs[-1])
        grads = []
        for W, h_in, h_out in zip(reversed(Ws), reversed(hs[:-1]), reversed(hs[1:])):
            g = g * (1 - h_out * h_out)
            grads.append(np.outer(g, h_in))
            g = W.T @ g
        return grads

    return run


def torch_layers(Ws, x):
    def run():
        ws = [torch.tensor(W, requires_grad=True) for W in Ws]
        h = torch.tensor(x)
        for w in ws:
            h = torch.tanh(w @ h)
        h.sum().backward()
        return [w.grad for w in ws]

    return run


def report(name, ours, ref_name, ref, target):
    ratio = ours / ref
    mark = "ok" if ratio <= target else "MISSED"
    print(
        f"  {name}: {ours * 1e3:8.2f} ms   {ref_name}: {ref * 1e3:8.2f} ms   ratio {ratio:5.2f} (target ≤ {target})  {mark}"
    )


def main():
    print("(a) scalar graph, ~4000 operations, forward + backward (best of 7)")
    values, program = scalar_program()
    g = build_scalar_graph(values, program)
    ours, _ = best_of(lambda: engine.gradients(g))
    traced, _ = best_of(lambda: engine.backward(g), repeat=3)
    fwd_np, _ = best_of(numpy_scalar_forward(values, program))
    print(
        f"  ours (no trace): {ours * 1e3:.2f} ms ({ours / len(program) * 1e6:.1f} µs/op); "
        f"with trace: {traced * 1e3:.2f} ms (trace costs {traced / ours:.1f}×); numpy forward only: {fwd_np * 1e3:.2f} ms"
    )
    if torch is not None:
        torch.set_num_threads(1)
        t, _ = best_of(torch_scalar(values, program))
        report("ours", ours, "PyTorch eager", t, 0.5)
    else:
        print("  PyTorch not installed: pip install torch==2.13.0 to compare")

    print("(b) 20 layers of 256×256 matmul + tanh, forward + backward (best of 15, alternating)")
    g2, Ws, x = layers_graph()
    ours, ref = best_of_pair(lambda: engine.gradients(g2), numpy_layers(Ws, x))
    traced, _ = best_of(lambda: engine.backward(g2), repeat=3)
    report("ours", ours, "numpy by hand", ref, 1.2)
    print(f"  with trace: {traced * 1e3:.2f} ms (trace costs {traced / ours:.2f}×)")
    if torch is not None:
        t, _ = best_of(torch_layers(Ws, x))
        print(f"  PyTorch eager: {t * 1e3:.2f} ms")

    print("(c) outputs with large Jacobians (full Jacobian: one reverse pass per output entry)")
    large_jacobians()


# a fresh process runs one command and reports its wall time and peak memory (max RSS, from
# /proc where it exists: a forked child's ru_maxrss on Linux keeps its parent's high-water mark)
CHILD = """
import os, resource, sys, time
start = time.perf_counter()
from graphviz_app.cli import main
sys.stdout = open(os.devnull, "w")
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        mb = next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mb = peak // 2**20 if sys.platform == "darwin" else peak // 1024
sys.stderr.write(f"{code} {time.perf_counter() - start:.2f} {mb}")
"""


def command_figures(*argv):
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True)
    code, seconds, mb = done.stderr.strip().splitlines()[-1].split()
    return int(code), float(seconds), int(mb)


def large_jacobians():
    from graphviz_app.core.expr import parse_expression
    from graphviz_app.core.fileformat import save

    rng = np.random.default_rng(0)
    cases = [
        ("X @ X, X 30×30", "X @ X", {"X": rng.normal(size=(30, 30))}),
        ("tanh(x), x 1000-vector", "tanh(x)", {"x": rng.normal(size=1000)}),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for k, (title, text, values) in enumerate(cases):
            graph = parse_expression(text, values)
            t0 = time.perf_counter()
            engine.backward(graph, seed="jacobian")
            seconds = time.perf_counter() - t0
            tracemalloc.start()
            engine.backward(graph, seed="jacobian")
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(f"  {title}: full-Jacobian trace {seconds:.2f} s, {peak:.0f} MB allocated at peak")
            path = str(Path(folder) / f"case{k}.json")
            save(graph, path)
            for name, argv in (
                ("grad --json", ["grad", path, "--json"]),
                ("export --step 1", ["export", path, "--step", "1", "-o", path + ".png"]),
            ):
                code, seconds, mb = command_figures(*argv)
                mark = "ok" if code == 0 and seconds <= 5 and mb <= 300 else "MISSED"
                print(f"    {name}: {seconds:.2f} s, {mb} MB max RSS (target ≤ 5 s, ≤ 300 MB)  {mark}")


if __name__ == "__main__":
    main()
