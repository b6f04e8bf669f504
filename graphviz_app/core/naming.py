"""The names people see for nodes: what the canvas shows on each card, never an internal id.

A named node is its name, a Greek one written as its letter (a node named theta shows θ, on its
card as in every label, formula, message and export: one conversion, `display_name`, made here
once for every surface), unless another node is named or shown so already (phi beside a node
named φ shows phi: whatever a person reads tells the nodes apart); an unnamed op is its op (matmul), with a subscript index when several
unnamed nodes share the op (matmul₁, matmul₂, in the graph's order); an unnamed input is its
kind. Messages about a node (evaluation errors, refused edits) name it with `describe`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from weakref import WeakKeyDictionary

from .entry_names import display_name, subscript
from .errors import GraphError, UserError
from .number_text import fmt_number

_LABELS: WeakKeyDictionary = WeakKeyDictionary()  # graph -> (its version, its labels)


def _title(node) -> str:
    return node.op if node.kind == "op" and node.op else node.kind


def _labels(graph) -> dict[str, str]:
    """The labels, worked out once per graph version (not to be changed: display_labels copies)."""
    cached = _LABELS.get(graph)
    if cached is not None and cached[0] == graph.version:
        return cached[1]
    names = _compute(graph)
    _LABELS[graph] = (graph.version, names)
    return names


def display_labels(graph) -> dict[str, str]:
    """node id -> the name people see for it (a fresh dict)."""
    return dict(_labels(graph))


def display_label(graph, node_id: str) -> str:
    return _labels(graph).get(node_id, node_id)


def json_key(graph, node_id: str) -> str:
    """The key a node goes by in JSON output (`grad --json`, `train --json`): its name as written
    in the file (theta, what a script and --output use), else the name its card shows (add₂),
    never the internal id."""
    return graph.node(node_id).name or display_label(graph, node_id)


def describe(graph, node_id: str) -> str:
    """A node as a message names it: `matmul "h1"`, `variable "x"`, or for an unnamed one what
    its card shows (`add₂`)."""
    node = graph.node(node_id)
    if node.name:
        return f'{_title(node)} "{display_label(graph, node_id)}"'
    return display_label(graph, node_id)


def operand_names(graph, node_id: str, sources: list[str] | None = None) -> list[str]:
    """An op's inputs, port by port, as formulas and chain-rule factors write them: the card's
    name with Greek names as letters (theta -> θ), or the number of an unnamed scalar constant
    (2 in 2·x); an unconnected port by its port name. sources: the input ids in port order, when
    the caller knows them already (a trace writes them all at once: operand_texts)."""
    from .ops import get_op

    node = graph.node(node_id)
    ports = dict(enumerate(sources)) if sources is not None else graph.inputs_of(node_id)
    labels = _labels(graph)
    names = []
    for port, port_name in enumerate(get_op(node.op).inputs):
        src = ports.get(port)
        if src is None:
            names.append(port_name)
            continue
        names.append(_operand(graph, src, labels))
    return names


def operand_texts(graph, inputs: Mapping[str, Sequence[str | None]]) -> dict[str, str]:
    """Each node of `inputs` as formulas write it when it is an input (what _operand gives),
    worked out once per node from its inputs' texts, not once per walk down from each consumer
    (a backward trace writes every node's). inputs: node id -> its input ids in port order (None
    where nothing is connected), every node after its inputs (the engine's plan)."""
    from .ops import get_op

    labels = _labels(graph)
    texts: dict[str, str] = {}
    # an unnamed op: (its text, the least room it fits in), None when more than OPERAND_LENGTH
    fitting: dict[str, tuple[str, int] | None] = {}
    for node_id, sources in inputs.items():
        node = graph.node(node_id)
        if node.name or node.kind != "op":
            texts[node_id] = _operand(graph, node_id, labels)
            continue
        fitting[node_id] = found = _written_once(node, get_op(node.op), sources, labels, texts, fitting)
        texts[node_id] = found[0] if found is not None else f"{labels.get(node_id, node_id)}(…)"
    return texts


def _written_once(node, op, sources, labels, texts, fitting) -> tuple[str, int] | None:
    """What _written gives for every room at once, from the inputs' texts and fits: the text
    and the least room it fits in (an unnamed input written out needs len(op) + 2 more than its
    own: the room _written gives it), None when that is more than OPERAND_LENGTH."""
    args, room = [], 1  # (_written fits nothing in a room of 0)
    for port, port_name in enumerate(op.inputs):
        src = sources[port] if port < len(sources) else None
        if src is None:
            args.append(port_name)
        elif src in fitting:  # an unnamed op
            inner = fitting[src]
            if inner is None:
                return None
            args.append(inner[0])
            room = max(room, inner[1] + len(node.op) + 2)
        else:
            args.append(texts[src])
    text = _applied(node, op, args, labels)
    room = max(room, len(text))
    return (text, room) if room <= OPERAND_LENGTH else None


def message_names(graph, node_id: str, sources: list[str] | None = None) -> list[str]:
    """An op's inputs, port by port, as a message names them (shape messages in the window, the
    command line and the Python API): as operand_names writes them, but an op by the name on its
    card (matmul₁, never matmul(X, W1) beside a card titled matmul₁), the one naming whatever the
    surface. sources: as for operand_names."""
    from .ops import get_op

    node = graph.node(node_id)
    ports = dict(enumerate(sources)) if sources is not None else graph.inputs_of(node_id)
    return [
        port_name if ports.get(port) is None else message_name(graph, ports[port])
        for port, port_name in enumerate(get_op(node.op).inputs)
    ]


def message_listing(graph, node_id: str, sources: list[str] | None = None) -> list[str]:
    """message_names as a message first lists the operands, before their shapes (message_listed)."""
    ports = dict(enumerate(sources)) if sources is not None else graph.inputs_of(node_id)
    names = message_names(graph, node_id, sources)
    return [name if ports.get(port) is None else message_listed(graph, ports[port]) for port, name in enumerate(names)]


def message_listed(graph, node_id: str) -> str:
    """A node as a message first lists it, before its shape: an op once with its own inputs for
    orientation, matmul₁(X, W1) (never a bare "sin ℝ³", which would read as sin applied to
    something); the rest of the message says matmul₁ (message_name). A node the user named (h, a
    tanh) is its name alone: h(add) would read as a function h applied to add."""
    from .ops import get_op

    node = graph.node(node_id)
    if node.kind != "op" or not node.op or node.name:
        return message_name(graph, node_id)
    args = message_names(graph, node_id)
    written = get_op(node.op).written(args, node.params)
    if written.startswith(f"{node.op}("):  # (x² for pow: the card's name, then what it computes)
        return f"{message_name(graph, node_id)}{written[len(node.op) :]}"
    return f"{message_name(graph, node_id)} ({written})"


def message_name(graph, node_id: str) -> str:
    """A node as a message names it beside its shape: its card's name (matmul₁, b1, θ), or the
    number of an unnamed scalar constant (2)."""
    if graph.node(node_id).kind == "op":
        return display_label(graph, node_id)
    return _operand(graph, node_id, _labels(graph))


def operand_text(graph, node_id: str) -> str:
    """A node as formulas write it when it is an input (see _operand)."""
    return _operand(graph, node_id, _labels(graph))


OPERAND_LENGTH = 16  # an unnamed op's input written as its structure up to this long: sin(square(x))


def _operand(graph, node_id: str, labels: dict[str, str]) -> str:
    """An input as a formula writes it. An unnamed op card shows its op's name (sin, sin₂): bare,
    "sin w" and ∂(sin w)/∂sin would read as sin applied to w, so it is written as what it
    computes, sin(square(x)), or when that is long as its card's name applied: sin₂(…)."""
    source = graph.node(node_id)
    if source.name or source.kind != "op":
        if not source.name and source.kind == "constant" and source.value is not None and source.value.ndim == 0:
            return fmt_number(float(source.value))
        return labels.get(node_id, node_id)
    written = _written(graph, node_id, labels, OPERAND_LENGTH)
    return written if written is not None else f"{labels.get(node_id, node_id)}(…)"


def _written(graph, node_id: str, labels: dict[str, str], room: int) -> str | None:
    """An unnamed op as its card's name applied to its inputs, matmul₁(W, x), or as its card shows
    it with its parameters (x² for pow: the op's `written`), within room characters (None: longer).
    (operand_texts works out the same for every node of a plan at once.)"""
    from .ops import get_op

    node = graph.node(node_id)
    if room <= 0:  # (no text fits: a long chain of unnamed ops is not walked to its end)
        return None
    op = get_op(node.op)
    ports = graph.inputs_of(node_id)
    args = []
    for port, port_name in enumerate(op.inputs):
        src = ports.get(port)
        if src is None:
            args.append(port_name)
            continue
        source = graph.node(src)
        if source.name or source.kind != "op":
            args.append(_operand(graph, src, labels))
        else:
            inner = _written(graph, src, labels, room - len(node.op) - 2)
            if inner is None:
                return None
            args.append(inner)
    text = _applied(node, op, args, labels)
    return text if len(text) <= room else None


def _applied(node, op, args: list[str], labels: dict[str, str]) -> str:
    """An unnamed op written from its inputs' texts (what _written and _written_once both write):
    by its card's name applied, matmul₁(W, x) beside matmul₂(…) as the cards show them, or as its
    op writes it with its parameters (x² for pow)."""
    text = op.written(args, node.params)
    if text.startswith(f"{node.op}("):
        text = labels.get(node.id, node.op) + text[len(node.op) :]
    return text


def _compute(graph) -> dict[str, str]:
    unnamed = [n for n in graph.nodes() if not n.name]
    shared = Counter(_title(n) for n in unnamed)
    written = {n.id: n.name for n in graph.nodes() if n.name}
    greek = Counter(display_name(name) for name in written.values() if display_name(name) != name)
    taken = set(written.values())
    names = {}
    for nid, name in written.items():  # phi beside a node named φ stays phi: two cards never alike
        shown = display_name(name)
        names[nid] = shown if shown == name or (shown not in taken and greek[shown] == 1) else name
    given = set(names.values())  # a node named "add" or "sin₂": the unnamed ones number around it
    seen: Counter = Counter()
    for n in unnamed:
        title = _title(n)
        if shared[title] == 1 and title not in given:
            names[n.id] = title
            continue
        while True:
            seen[title] += 1
            label = title + subscript(seen[title])
            if label not in given:
                break
        names[n.id] = label
    return names


def op_name_problem(name: str, own_op: str | None = None) -> str | None:
    """Why `name` cannot be a node's because it is an operation's (sin, sum): an expression, a
    formula or the chain rule would read x named sin as sin(…). An op node may bear its own op's
    name (`own_op`): its card shows that name when unnamed anyway. None: no operation is so named."""
    from .ops import is_op

    if name == own_op or not is_op(name):
        return None
    return f"{name} is an operation's name (formulas and expressions would read it as the operation)"


MAX_NAME_LENGTH = 100  # characters: a longer name would not fit a card, a formula or a message


SHOWN_NAME_ROOM = 16  # characters of a name a heading, badge, edge label or the timeline shows


def elided(name: str, room: int = SHOWN_NAME_ROOM) -> str:
    """A long name as headings, badges and edge labels show it: its start and end around …
    (matmul₁ and matmul₂ stay apart); the full name goes in a tooltip."""
    if len(name) <= room:
        return name
    tail = (room - 1) // 3
    return f"{name[: room - 1 - tail]}…{name[len(name) - tail :]}"


def length_problem(name: str) -> str | None:
    """Why `name` is too long to be a node's (None: it is not)."""
    if len(name) > MAX_NAME_LENGTH:
        return f"a name is at most {MAX_NAME_LENGTH} characters long (this one has {len(name):,})"
    return None


_SUBSCRIPT_DIGITS = set("₀₁₂₃₄₅₆₇₈₉")


def _name_character(c: str) -> bool:
    """A letter of any script (with its accents), a digit, a subscript digit or _: what a formula
    reads as part of a name, and Python as part of an identifier (x₁ is x1). Not ∂, ', ^, an emoji."""
    category = unicodedata.category(c)
    return c == "_" or c in _SUBSCRIPT_DIGITS or category[0] in "LM" or category in ("Nd", "Nl")


def spelling_problem(name: str) -> str | None:
    """Why `name` (stripped, not empty) is not spelt as a name: anything but letters, digits,
    subscript digits and _ in it (a space, a sign, ∂, an emoji), a digit first, or too long."""
    too_long = length_problem(name)
    if too_long is not None:
        return too_long
    bad = sorted({c for c in name if not _name_character(c)})
    if bad:
        shown = " ".join("space" if c.isspace() else c if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        return f"a name cannot hold {shown}: use letters, digits and _ (θ, x₁ and y_hat are fine)"
    if name[0].isdigit():
        return "a name cannot start with a digit"
    return None


def node_name_problem(name: str, own_op: str | None = None, *, op_names: bool = True) -> str | None:
    """Why no node may bear `name` (None: a node may): the one rule every way in shares (the
    graph itself on add_node and rename, so files, pastes, the API, the expression parser and the
    editor's commands). Spelt as a name (no space or sign, no digit first), at most
    MAX_NAME_LENGTH long, and, for a name given now (op_names), not an operation's name unless
    the node is that op (own_op). A file keeps such a name (op_names=False): an op added in a
    later version must not make an older diagram unreadable."""
    if name != name.strip():
        return "a name cannot begin or end with a space"
    problem = spelling_problem(name)
    if problem is None and op_names:
        problem = op_name_problem(name, own_op)
    return problem


def name_problem(graph, node_id: str, name: str) -> str | None:
    """Why `name` cannot be this node's name (None: it can). An empty name takes the name away."""
    name = name.strip()
    if not name:
        return None
    spelling = node_name_problem(name, op_names=False)
    if spelling is not None:
        return spelling
    if node_id in graph and graph.node(node_id).name == name:
        return None  # (keeping its name: phi beside φ, from a file, shows phi and may stay so)
    problem = node_name_problem(name, graph.node(node_id).op if node_id in graph else None)
    if problem is not None:
        return problem
    try:
        graph.check_name_free(name, node_id)
    except UserError as exc:
        return exc.message
    shown = display_name(name)  # theta and θ would both show θ: two cards alike
    for other in graph.nodes():
        if other.id != node_id and other.name and display_name(other.name) == shown:
            return f'"{name}" shows as {shown}, and another node is called {shown} already'
    return None


def natural_key(name: str) -> tuple:
    """name as a person sorts it: x2 before x10, cos₂ before cos₁₀, case aside."""
    parts = re.split(r"(\d+)", typed(name).casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def typed(name: str) -> str:
    """A name as a keyboard types it, and as Python (so the expression parser) reads it: matmul₁
    is matmul1 (NFKC, the normal form Python gives identifiers), θ stays θ."""
    return unicodedata.normalize("NFKC", name)


NAMES_LISTED = 12  # a "no node named" message lists this many names, then says how many more
SUGGESTED = 3  # "did you mean" offers up to this many names, as close as each other or nearly


def find_node(graph, name: str, holder: str = "the graph") -> str:
    """The id of the node a person means by `name`: the one every user-facing lookup (--output,
    --set, the Python API) makes. A name as written (theta), else as its card shows it (θ, add₂),
    else as typed with plain digits for subscripts (matmul1 for matmul₁); an internal id only when
    no node is named so (people never see ids; a script may have read one in grad --json's
    "nodes"): a node named n1 is found by n1 whatever node has that id. GraphError naming the close names or the names
    there are when none matches (holder: what the message calls the graph, "the diagram")."""
    if not isinstance(name, str):
        raise GraphError(f"a node is named by text, not {type(name).__name__}")
    named = graph.named(name)
    if named is not None:
        return named
    labels = _labels(graph)  # (only when the name as written is no node's: the cards' labels cost more)
    for nid, shown in labels.items():
        if shown == name:
            return nid
    key = typed(name)
    alike = [nid for nid, shown in labels.items() if typed(shown) == key]
    alike += [n.id for n in graph.nodes() if n.name and typed(n.name) == key and n.id not in alike]
    if len(alike) == 1:
        return alike[0]
    if alike:
        which = " or ".join(f'"{labels[nid]}"' for nid in alike)
        raise GraphError(f'"{name}" could be {which}: write the name as its card shows it')
    if name in graph:  # (an id, as grad --json lists them, for a script: only when no name is so)
        return name
    raise GraphError(f'{holder} has no node named "{name}"{_known_names(graph, labels, key)}')


def _known_names(graph, labels: dict[str, str], key: str) -> str:
    """(did you mean "matmul₁" or "matmul₂"?), or the names there are, for a name nothing bears.
    Suggestions ignore case (MATMUL1: matmul₁); the list puts the end nodes first, then the
    other ops (the names an --output wants, and the subscripted ones nobody can guess), then
    the inputs."""
    order = _listing_order(graph)
    suggested = suggestion(graph, key, order, labels)
    if suggested:
        return suggested
    if not order:
        return " (the graph is empty)"
    listed = [f'"{labels[nid]}"' for nid in order[:NAMES_LISTED]]
    if len(order) > NAMES_LISTED:
        listed.append(f"and {len(order) - NAMES_LISTED} more")
    return f" (its nodes: {', '.join(listed)})"


def suggestion(graph, key: str, among: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """' (did you mean "θ"?)' for the nodes among (ids, in the order to offer them) that key is a
    typo of, by their cards' labels or their names as typed (thta: θ, whose name is theta); else "".
    The one rule for a node's name typed wrongly (--output, --train, the API). labels: the cards'
    labels by id, when already known."""
    from .ops.registry import did_you_mean

    spellings = {}  # each way a node may be written -> its name as its card shows it
    for nid in among:
        label = labels[nid] if labels is not None else display_label(graph, nid)
        name = graph.node(nid).name
        for spelling in (typed(label), *([typed(name)] if name else [])):
            spellings.setdefault(spelling, label)
    return did_you_mean(typed(key), spellings, most=SUGGESTED, shown_as=spellings)


def _listing_order(graph) -> list[str]:
    """Node ids: end nodes, then the other ops, then inputs, each in the graph's order."""
    nodes = graph.nodes()
    ends = [n.id for n in nodes if not graph.consumers_of(n.id)]
    ops = [n.id for n in nodes if not n.is_input and n.id not in ends]
    return ends + ops + [n.id for n in nodes if n.is_input and n.id not in ends]
