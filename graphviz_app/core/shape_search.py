"""How the shapes of a parsed expression's variables are found (shape_guess.py gives them values).

Shapes are found with the registry's own shape rules (`OpDef.shape`), so a new op
needs nothing here. A shape is a tuple of dimensions; a dimension not yet decided is
a code (a large integer, larger than any real size in the graph), and two codes found
to be equal are merged (union-find). Each free variable gets a rank (0, 1 or 2) by a
depth-first search over the variables in data-flow order (with conflict-directed
backjumping); after each choice the ops that no longer depend on an undecided variable
are checked. An op whose rule refuses
its inputs is retried with the fewest merges of dimensions that make the rule accept
them (the inner sizes of a matmul, the sizes of an elementwise sum). Once every rank is
chosen, the remaining codes get the sizes 3, 2, 4, 5, 3, ... in the order the variables
appear in the expression.

The order in which ranks are tried is the only op-specific knowledge (a preference,
never a rule), and each op declares it (`OpDef.preferred_ranks`): the left operand of
`@` is tried as a matrix first and its right operand as a vector; an operand of an op that broadcasts (`OpDef.broadcasts`: + − × ÷) whose other operand is already a
vector or a matrix takes that rank first (a bias `b` in `W @ x + b` is a vector), except
that a variable added to a computed matrix of several columns is its bias row (`OpDef.bias_row`:
b in `X @ W + b`); otherwise the lowest rank the op accepts. At such an op a free dimension meeting
a given one is first made that size (`_aligned_merges`), not broadcast against it: y beside a
column X @ w (5×1) is 5×1, never a row that would make X @ w − y a 5×3 outer difference. If every free variable can be a scalar and no
given value is a vector or a matrix, they all stay scalars (`sin(x**2) * y`).
"""

from __future__ import annotations

from itertools import combinations, product
from typing import Any

from .errors import UserError
from .graph import Graph
from .ops import get_op

# Sizes of the dimensions the search leaves free, in the order they are met: W @ x gives a 3×2 W.
SIZES = (3, 2, 4, 5)
RANKS = (0, 1, 2)
MAX_MERGES = 3  # dimensions merged at once to make one op accept its inputs
# the search gives up (the variables stay 0) beyond this many calls of shape rules: a few
# dozen per variable suffice without backtracking; this bounds a fruitless search to a fraction of a second
SHAPE_CALLS_BASE, SHAPE_CALLS_PER_VARIABLE = 10_000, 500

_REFUSED = (UserError, ValueError, TypeError, KeyError, IndexError, ArithmeticError)
Shape = tuple[int, ...]


def infer_shapes(graph: Graph, free: list[str]) -> dict[str, Shape] | None:
    """Shapes for the variables `free` (ids) under which every op's shape rule accepts its inputs.

    The other variables and the constants keep the shapes of their values. None when no
    such shapes are found.
    """
    return Search(graph, free).run()


class _OutOfBudget(Exception):
    pass


class Search:
    def __init__(self, graph: Graph, free: list[str], loose: dict[str, int] | None = None) -> None:
        self.order = graph.topological_order()
        self.position = {nid: i for i, nid in enumerate(self.order)}
        self.free = set(free)
        self.free_order = list(free)
        self.ops: dict[str, tuple[Any, dict, list[str]]] = {}  # op id -> (OpDef, params, sources)
        self.consumers: dict[str, list[tuple[str, int]]] = {nid: [] for nid in self.order}
        self.fixed: dict[str, Shape] = {}  # constants and variables with a value
        self.complete = True
        for nid in self.order:
            node = graph.node(nid)
            if node.kind != "op":
                if nid not in self.free:
                    self.fixed[nid] = tuple(node.value.shape) if node.value is not None else ()
                continue
            op = get_op(node.op)
            ports = graph.inputs_of(nid)
            if len(ports) != op.arity:
                self.complete = False
                continue
            sources = [ports[p] for p in range(op.arity)]
            self.ops[nid] = (op, op.params_with_defaults(node.params), sources)
            for port, src in enumerate(sources):
                self.consumers[src].append((nid, port))
        for uses in self.consumers.values():
            uses.sort(key=lambda use: (self.position[use[0]], use[1]))
        largest = max((d for s in self.fixed.values() for d in s), default=0)
        self.base = max(10**6, 1000 * (largest + 1))  # codes start here: no real size reaches it
        self.next_code = self.base
        for nid, axis in (loose or {}).items():  # a given size left free (_around_a_clash)
            shape = list(self.fixed[nid])
            shape[axis] = self._fresh(1)[0]
            self.fixed[nid] = tuple(shape)
        self.calls = 0
        self.max_calls = SHAPE_CALLS_BASE + SHAPE_CALLS_PER_VARIABLE * len(self.free)
        self.shapes: dict[str, Shape] = {}
        self.parent: dict[int, int] = {}
        self.upstream: dict[str, int] = {}

    # ------------------------------------------------------------ the search
    def run(self) -> dict[str, Shape] | None:
        if not self.complete:
            return None
        try:
            if not any(self.fixed.values()) and self._all_scalar():  # (a given matrix: guess from uses)
                return {vid: () for vid in self.free}
            if self._search() is None:
                return None
        except _OutOfBudget:
            return None
        return self._sizes(self.free_order)

    def _all_scalar(self) -> bool:
        self.shapes = dict(self.fixed)
        self.parent = {}
        for vid in self.free:
            self.shapes[vid] = ()
        return all(self._check(nid) for nid in self.order if nid in self.ops)

    def _search(self) -> list[str] | None:
        """Depth-first over ranks, variables in the order their data flows; None if none works.

        Conflict-directed backjumping: when every rank of a variable fails, the search goes
        back to the latest variable that could have caused a failure (one upstream of the
        failing op, or of an op whose dimensions the failing op shares), not merely the
        previous one, so `sum(a1) + ... + sum(a30) + z @ [[1, 2]] @ [1, 2, 3]` gives up at once.
        """
        uses = {vid: self._uses(vid) for vid in self.free}
        variables = sorted(self.free, key=lambda v: (self._use_position(v, uses[v]), self.position[v]))
        level_of = {vid: i for i, vid in enumerate(variables)}
        upstream: dict[str, int] = {}  # node -> bit mask of the levels of the free variables it depends on
        checks: list[list[str]] = [[] for _ in range(len(variables) + 1)]  # checks[i + 1]: after variable i
        for nid in self.order:
            if nid in level_of:
                upstream[nid] = 1 << level_of[nid]
            elif nid in self.ops:
                mask = 0
                for src in self.ops[nid][2]:
                    mask |= upstream[src]
                upstream[nid] = mask
                checks[mask.bit_length()].append(nid)  # after its last variable (its highest bit)
            else:
                upstream[nid] = 0
        self.upstream = upstream
        self.shapes, self.parent = dict(self.fixed), {}
        if not all(self._check(nid) for nid in checks[0]):
            return None  # the given values already disagree: no choice can help
        if not variables:
            return variables
        count = len(variables)
        saved: list[Any] = [None] * count
        options: list[Any] = [None] * count
        conflicts = [0] * count
        level = 0
        saved[0] = (dict(self.shapes), dict(self.parent))
        options[0] = iter(self._ranks(variables[0], uses[variables[0]]))
        while True:
            advanced = False
            for rank in options[level]:
                self.shapes, self.parent = dict(saved[level][0]), dict(saved[level][1])
                self.shapes[variables[level]] = self._fresh(rank)
                failed = next((nid for nid in checks[level + 1] if not self._check(nid)), None)
                if failed is None:
                    advanced = True
                    break
                conflicts[level] |= self._blame(failed) & ~(1 << level)
            if advanced:
                level += 1
                if level == count:
                    return variables
                saved[level] = (dict(self.shapes), dict(self.parent))
                options[level] = iter(self._ranks(variables[level], uses[variables[level]]))
                conflicts[level] = 0
                continue
            if not conflicts[level]:
                return None  # no earlier choice is involved: nothing can make this work
            back = conflicts[level].bit_length() - 1
            conflicts[back] |= conflicts[level] & ~(1 << back)
            level = back

    def _blame(self, failed: str) -> int:
        """The levels whose choices may have made this op fail: its own variables, and those of
        every checked op sharing a dimension with its inputs (their merges shaped them)."""
        mask = self.upstream[failed]
        dims = {d for s in self.ops[failed][2] if s in self.shapes for d in self._resolve(self.shapes[s])}
        if not dims:
            return mask
        for nid in self.shapes:
            if nid in self.ops and nid != failed:
                sources = self.ops[nid][2]
                if any(_find(self.parent, d) in dims for s in sources for d in self.shapes[s]):
                    mask |= self.upstream[nid]
        return mask

    def _sizes(self, variables: list[str]) -> dict[str, Shape]:
        """Concrete shapes: each free dimension gets the next of SIZES, in the order met (left to right)."""
        sizes: dict[int, int] = {}
        out = {}
        for vid in variables:
            dims = []
            for d in self._resolve(self.shapes[vid]):
                if d >= self.base:
                    d = sizes.setdefault(d, SIZES[len(sizes) % len(SIZES)])
                dims.append(d)
            out[vid] = tuple(dims)
        return out

    # ------------------------------------------------------- rank preferences
    def _uses(self, vid: str) -> list[tuple[str, int]]:
        """Where the variable's shape matters: each consumer, past unary ops that keep the rank.

        The first is the one that decides: an op with a preferred rank (`@`), else an
        op that broadcasts (`W @ x + b`), else one that refuses some rank.
        """
        uses = []
        for start in self.consumers[vid]:
            op_id, port = start
            while True:
                op, params, _ = self.ops[op_id]
                if op.arity != 1 or not self.consumers[op_id] or not self._keeps_rank(op, params):
                    break
                op_id, port = self.consumers[op_id][0]
            if (op_id, port) not in uses:
                uses.append((op_id, port))

        def weight(use):
            op, params, _ = self.ops[use[0]]
            if op.preferred_rank(use[1]) is not None:
                return 0
            if op.broadcasts:
                return 1
            if not all(self._accepts(op, params, use[1], r, {}) for r in RANKS):
                return 2
            return 3

        return sorted(uses, key=lambda use: (weight(use), self.position[use[0]], use[1]))

    def _use_position(self, vid: str, uses: list[tuple[str, int]]) -> int:
        return self.position[uses[0][0]] if uses else self.position[vid]

    def _keeps_rank(self, op, params) -> bool:
        """A unary op that takes any rank and gives the same (sin, transpose...)."""
        for rank in RANKS:
            out = self._rule(op, params, [self._fresh(rank)])
            if out is None or len(out) != rank:
                return False
        return True

    def _ranks(self, vid: str, uses: list[tuple[str, int]]) -> list[int]:
        """The ranks to try for a variable: the preferred first, then from scalars up; those its uses accept first."""
        # of the ops with a preferred rank, a vector wins (x in x.T @ A @ x is the vector)
        wanted = {self._preferred(op_id, port) for op_id, port in uses} - {None}
        preferred = min(wanted) if wanted else None
        accepted = set(RANKS)
        for op_id, port in uses:
            op, params, sources = self.ops[op_id]
            known = {q: self._resolve(self.shapes[s]) for q, s in enumerate(sources) if q != port and s in self.shapes}
            if preferred is None and op.broadcasts and known.get(1 - port):
                preferred = len(known[1 - port])
                if op.bias_row and preferred == 2 and sources[1 - port] in self.ops and known[1 - port][-1] != 1:
                    preferred = 1  # added to a computed matrix (X @ W + b): the bias row of its columns
            accepted &= {r for r in RANKS if self._accepts(op, params, port, r, known)}
        order = ([preferred] if preferred is not None else []) + [r for r in RANKS if r != preferred]
        return [r for r in order if r in accepted] + [r for r in order if r not in accepted]

    def _preferred(self, op_id: str, port: int) -> int | None:
        """The rank the op declares it prefers at a port (`@`: a matrix on the left, a vector on
        the right), but a matrix instead of a vector when the op's result goes where a matrix
        is preferred (B and C in A @ B @ C @ v)."""
        rank = self.ops[op_id][0].preferred_rank(port)
        if rank == 1 and self._feeds_a_matrix(op_id):
            return 2
        return rank

    def _feeds_a_matrix(self, op_id: str) -> bool:
        """The op's result reaches a port preferring a matrix, directly or past ops that keep its
        rank: W1 in tanh(X @ W1 + b1) @ W2 is a matrix, as tanh(…) is on the left of @."""
        seen, todo = set(), [op_id]
        while todo:
            nid = todo.pop()
            for consumer, port in self.consumers[nid]:
                op, params, _ = self.ops[consumer]
                if op.preferred_rank(port) == 2:
                    return True
                passes = op.broadcasts or (op.arity == 1 and self._keeps_rank(op, params))
                if passes and consumer not in seen:
                    seen.add(consumer)
                    todo.append(consumer)
        return False

    def _accepts(self, op, params, port: int, rank: int, known: dict[int, Shape]) -> bool:
        """Could the op take an input of this rank at port, with its other inputs as known (or any rank)?"""
        unknown = [q for q in range(op.arity) if q != port and q not in known]
        for ranks in product(RANKS, repeat=len(unknown)):
            shapes = [known.get(q, ()) for q in range(op.arity)]
            shapes[port] = self._fresh(rank)
            for q, r in zip(unknown, ranks):
                shapes[q] = self._fresh(r)
            if self._fit(op, params, shapes, commit=False) is not None:
                return True
        return False

    # ---------------------------------------------------------- shape rules
    def _check(self, nid: str) -> bool:
        op, params, sources = self.ops[nid]
        if any(s not in self.shapes for s in sources):
            return False
        out = self._fit(op, params, [self._resolve(self.shapes[s]) for s in sources], commit=True)
        if out is None:
            return False
        self.shapes[nid] = out
        return True

    def _fit(self, op, params, shapes: list[Shape], commit: bool) -> Shape | None:
        """The op's output shape, after the fewest merges of dimensions that make its rule accept
        the inputs; for an op that broadcasts, first with each free size merged with the given
        size it meets (_aligned_merges)."""
        aligned = self._aligned_merges(op, shapes)
        if aligned:  # (a free size against a given one: the same size, not a broadcast of it)
            out = self._fit_from(op, params, shapes, aligned, commit)
            if out is not None:
                return out
        return self._fit_from(op, params, shapes, {}, commit)

    def _fit_from(self, op, params, shapes: list[Shape], start: dict[int, int], commit: bool) -> Shape | None:
        """_fit with the merges `start` (a union-find) made first."""
        shapes = [tuple(_find(start, d) for d in s) for s in shapes]
        out = self._rule(op, params, shapes)
        merges: tuple = ()
        if out is None:
            dims = sorted({d for s in shapes for d in s})
            pairs = [(a, b) for a, b in combinations(dims, 2) if a >= self.base or b >= self.base]
            if start:  # (broadcasting: two free sizes made one before a free size made a given 1)
                pairs.sort(key=lambda pair: pair[0] < self.base)
            for count in range(1, min(MAX_MERGES, len(pairs)) + 1):
                for merges in combinations(pairs, count):
                    local = _merge_all(merges, self.base)
                    if local is None:
                        continue
                    out = self._rule(op, params, [tuple(_find(local, d) for d in s) for s in shapes])
                    if out is not None:
                        break
                if out is not None:
                    break
        if out is not None and commit:
            for a, b in [*start.items(), *merges]:
                self._union(a, b)
        return out

    def _aligned_merges(self, op, shapes: list[Shape]) -> dict[int, int]:
        """For an op that broadcasts (+ − × ÷): each free dimension of one operand merged with the
        given size it stands against in the other (aligned from the right), so a guessed operand
        takes its known operand's shape: y in X @ w − y (X @ w 5×1) is 5×1, not a row 1×3 that
        would broadcast the result to 5×3 (the outer sum the broadcast warning is about). {} when
        the op does not broadcast or no free dimension meets a given one."""
        if not op.broadcasts or len(shapes) != 2:
            return {}
        merges: dict[int, int] = {}
        for a, b in zip(reversed(shapes[0]), reversed(shapes[1])):
            a, b = _find(merges, a), _find(merges, b)
            if (a >= self.base) != (b >= self.base):  # (one free, one given)
                low, high = sorted((a, b))
                merges[high] = low
        return merges

    def _rule(self, op, params, shapes: list[Shape]) -> Shape | None:
        self.calls += 1
        if self.calls > self.max_calls:
            raise _OutOfBudget
        try:
            return tuple(op.shape(shapes, params))
        except _REFUSED:
            return None

    # ------------------------------------------------------------ dimensions
    def _fresh(self, rank: int) -> Shape:
        codes = tuple(range(self.next_code, self.next_code + rank))
        self.next_code += rank
        return codes

    def _resolve(self, shape: Shape) -> Shape:
        return tuple(_find(self.parent, d) for d in shape)

    def _union(self, a: int, b: int) -> None:
        ra, rb = _find(self.parent, a), _find(self.parent, b)
        if ra != rb:
            low, high = sorted((ra, rb))  # a real size (below base) is always the representative
            self.parent[high] = low


def _find(parent: dict[int, int], d: int) -> int:
    while d in parent:
        d = parent[d]
    return d


def _merge_all(merges, base: int) -> dict[int, int] | None:
    """A union-find holding these merges; None if two different real sizes would be merged."""
    parent: dict[int, int] = {}
    for a, b in merges:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra == rb:
            continue
        if ra < base and rb < base:
            return None
        low, high = sorted((ra, rb))
        parent[high] = low
    return parent
