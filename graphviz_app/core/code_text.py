"""An operand as a person types it, for advice meant to be typed ("write tanh(X @ W1) @ W2"): a
card's name (tanh, matmul₁) names a node in a message but parses neither as an expression nor as
Python. An unnamed op is written as code built from its inputs, as the op declares its notation
(OpDef.code: an operator infix, x.T, x**2; else a call): in an expression tanh(X @ W1), in a
traced function np.tanh(X @ W1) or ga.relu(…), as Python computes it (and the parser reads it,
but for np.dot, whose op depends on its operands' shapes).

A hint names its operands {0}, {1} (the cards' names) and writes them {0:code}, {1:code} ({0:code.}
before .T): the names handed to str.format are `Operand`s, which know both.
"""

from __future__ import annotations

from .naming import message_name

CODE_LENGTH = 120  # characters: an operand written longer (a long chain of unnamed ops) is named instead

# how tightly each notation binds, as Python reads it (a name or a call binds tightest)
_BINDING = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "neg": 3, "**": 4, ".T": 5}
_ATOM = 6


class Operand(str):
    """An operand's name (as messages name it) that also knows how it is typed: "{0}" in a hint
    gives the name, "{0:code}" the code."""

    code: str  # as typed alone (use W instead of W.T)
    binding: int  # how tightly its code binds (_BINDING)

    def __new__(cls, name: str, code: str | None = None, binding: int = _ATOM) -> Operand:
        operand = super().__new__(cls, name)
        operand.code = name if code is None else code
        operand.binding = binding
        return operand

    def __format__(self, spec: str) -> str:
        """ "code": as an operand of @, *, + (bracketed where it binds no tighter: (X @ W1 + b1) @ W2);
        "code.": before an attribute, .T (bracketed unless a name, a call or a transpose)."""
        if spec == "code":
            return self.code if self.binding > _BINDING["@"] else f"({self.code})"
        if spec == "code.":
            return self.code if self.binding >= _BINDING[".T"] else f"({self.code})"
        return format(str(self), spec)


def operand(graph, node_id: str, python: bool = False, known: dict[str, str] | None = None) -> Operand:
    """The node as a message names it beside its shape (message_name), knowing its code. known:
    nodes a person's code holds by a name of its own (pred = h @ w2, in a traced function),
    named and written so."""
    known = known or {}
    text, binding = _code(graph, node_id, python, {nid: (name, _ATOM) for nid, name in known.items()})
    if len(text) > CODE_LENGTH:
        text, binding = message_name(graph, node_id), _ATOM
    return Operand(known.get(node_id, message_name(graph, node_id)), text, binding)


def operands(graph, node_ids, python: bool = False, known: dict[str, str] | None = None) -> list[Operand]:
    return [operand(graph, node_id, python, known) for node_id in node_ids]


def transposed_operand(graph, node_id: str, python: bool = False) -> Operand | None:
    """What node_id is the explicit transpose of, as `operand` names it (W for W.T, for
    transpose₁(W)); None when node_id is no transpose card (OpDef.transposes) or has no input."""
    from .ops import get_op

    node = graph.node(node_id)
    if node.kind != "op" or not get_op(node.op).transposes:
        return None
    inputs = graph.inputs_of(node_id)
    return operand(graph, inputs[0], python) if inputs else None


def code_text(graph, node_id: str, python: bool = False) -> str:
    """The node as a person types it: a named node or a value by its name or number (θ, 2), an
    unnamed op as code of its inputs, tanh(X @ W1 + b1) (python: np.tanh(…), ga.relu(…)); by its
    card's name when that code would be longer than CODE_LENGTH."""
    return operand(graph, node_id, python).code


def _code(graph, node_id: str, python: bool, seen: dict) -> tuple[str, int]:
    """(code, how tightly it binds); seen: what is written already (a node several ops read)."""
    if node_id in seen:
        return seen[node_id]
    from .ops import get_op
    from .ops.op_def import code_number

    node = graph.node(node_id)
    if not node.name and node.kind == "constant" and node.value is not None and node.value.ndim == 0:
        text = code_number(float(node.value))  # (2, -0.5: the message's −0.5 is no minus Python reads)
        written = (text, _BINDING["neg"] if text.startswith("-") else _ATOM)
    elif node.kind != "op" or node.name or not node.op:
        text = message_name(graph, node_id)
        written = (text, _BINDING["neg"] if text.startswith("-") else _ATOM)
    else:
        op = get_op(node.op)
        inputs = graph.inputs_of(node_id)
        notation = op.python_operator
        binding = _binding(notation, op.arity)
        args = []
        for port, port_name in enumerate(op.inputs):
            src = inputs.get(port)
            text, inner = _code(graph, src, python, seen) if src is not None else (port_name, _ATOM)
            if len(text) > CODE_LENGTH:  # (a long chain: the caller names it instead)
                seen[node_id] = (text, _ATOM)
                return seen[node_id]
            right = port > 0 or notation == "**"  # (x**y**z reads as x**(y**z): the base is bracketed)
            if notation and (inner < binding or (inner == binding and right)):
                text = f"({text})"
            args.append(text)
        written = (op.code(args, node.params, python), binding)
    seen[node_id] = written
    return written


def _binding(notation: str | None, arity: int) -> int:
    if notation is None:
        return _ATOM
    return _BINDING["neg"] if notation == "-" and arity == 1 else _BINDING.get(notation, _ATOM)
