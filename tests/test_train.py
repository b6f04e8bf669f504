"""Gradient descent: the optimizers as PyTorch defines them, the plain-data training record,
NaN stops, the trainable flag (model and file)."""

import re
from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as autograd_grad

from graphviz_app.core import fileformat, train_defaults
from graphviz_app.core.errors import FileFormatError, GraphError, ShapeError, UserError
from graphviz_app.core.graph import Graph, NodeChanged
from graphviz_app.core.optim import OPTIMIZERS, SGD, Adam, Momentum, make_optimizer
from graphviz_app.core.train import apply_values, train, trainable_variables, trained_copy

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"
PHI = np.array([[1.0, 0.5], [1.0, 1.5], [1.0, 2.5], [1.0, 3.5]])
Y = np.array([1.2, 1.9, 3.1, 3.9])
THETA0 = np.array([0.5, 0.8])


def linear_model(theta=THETA0) -> Graph:
    """Seed 000's linear model L = ‖y − Φθ‖², built node by node."""
    g = Graph()
    phi = g.add_node("constant", name="Phi", value=PHI)
    theta = g.add_node("variable", name="theta", value=theta)
    y = g.add_node("constant", name="y", value=Y)
    pred = g.add_node("op", "matmul")
    e = g.add_node("op", "sub", name="e")
    loss = g.add_node("op", "sqnorm", name="L")
    g.connect(phi, pred, 0)
    g.connect(theta, pred, 1)
    g.connect(y, e, 0)
    g.connect(pred, e, 1)
    g.connect(e, loss, 0)
    g.set_output(loss)
    return g


def linear_loss(theta):
    e = Y - anp.dot(PHI, theta)
    return anp.sum(e * e)


linear_grad = autograd_grad(linear_loss)  # the independent oracle


def numpy_reference(optimizer: str, lr: float, steps: int, grad_fn, theta0):
    """The three updates written out by hand (PyTorch's definitions); returns the iterates."""
    theta = [np.array(t, dtype=float) for t in theta0]
    v = [np.zeros_like(t) for t in theta]
    m = [np.zeros_like(t) for t in theta]
    s = [np.zeros_like(t) for t in theta]
    iterates = [[t.copy() for t in theta]]
    for t in range(1, steps + 1):
        grads = grad_fn(theta)
        for i, g in enumerate(grads):
            if optimizer == "sgd":
                theta[i] = theta[i] - lr * g
            elif optimizer == "momentum":
                v[i] = 0.9 * v[i] + g
                theta[i] = theta[i] - lr * v[i]
            else:
                m[i] = 0.9 * m[i] + 0.1 * g
                s[i] = 0.999 * s[i] + 0.001 * g**2
                m_hat = m[i] / (1 - 0.9**t)
                s_hat = s[i] / (1 - 0.999**t)
                theta[i] = theta[i] - lr * m_hat / (np.sqrt(s_hat) + 1e-8)
        iterates.append([x.copy() for x in theta])
    return iterates


# ------------------------------------------------------------- the optimizers
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_linear_model_matches_hand_written_updates_and_autograd(optimizer):
    lr, steps = 0.01, 25
    result = train(linear_model(), steps=steps, lr=lr, optimizer=optimizer)
    reference = numpy_reference(optimizer, lr, steps, lambda th: [linear_grad(th[0])], [THETA0])
    assert result.steps == steps and result.stopped is None
    assert len(result.losses) == len(result.values) == len(result.gradients) == steps + 1
    (theta_id,) = result.variables
    for k in range(steps + 1):
        theta = result.values[k][theta_id]
        np.testing.assert_allclose(theta, reference[k][0], rtol=1e-12, atol=1e-14)
        assert result.losses[k] == pytest.approx(linear_loss(theta), rel=1e-12)
        # seed 000: ∂L/∂θ = −2eᵀΦ, and autograd agrees
        e = Y - PHI @ theta
        np.testing.assert_allclose(result.gradients[k][theta_id], -2 * e @ PHI, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(result.gradients[k][theta_id], linear_grad(theta), rtol=1e-12, atol=1e-14)


def two_layer_loss(W1, b1, W2, b2, x, target):
    h = anp.tanh(anp.dot(W1, x) + b1)
    z = anp.dot(W2, h) + b2
    z = z - anp.max(z)
    return -anp.sum(target * (z - anp.log(anp.sum(anp.exp(z)))))


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_two_layer_network_every_variable_follows_its_own_update(optimizer):
    """Four variables of three shapes: each keeps its own momentum and moment estimates."""
    g = fileformat.load(EXAMPLES / "07_two_layer_network.json")
    ids = [g.find(n) for n in ("W1", "b1", "W2", "b2")]
    x, target = g.node(g.find("x")).value, g.node(g.find("target")).value
    oracle = autograd_grad(lambda p: two_layer_loss(*p, x, target))
    start = [g.node(i).value.copy() for i in ids]
    lr, steps = 0.05, 12
    result = train(g, steps=steps, lr=lr, optimizer=optimizer)
    reference = numpy_reference(optimizer, lr, steps, lambda th: oracle(list(th)), start)
    assert result.variables == ids
    for k in range(steps + 1):
        for i, nid in enumerate(ids):
            np.testing.assert_allclose(result.values[k][nid], reference[k][i], rtol=1e-10, atol=1e-12)
        assert result.losses[k] == pytest.approx(two_layer_loss(*reference[k], x, target), rel=1e-10)


def test_momentum_on_a_constant_gradient_sums_the_geometric_series():
    opt = Momentum(lr=0.5)
    values = {"a": np.array(0.0)}
    for k in range(1, 6):
        values = opt.step(values, {"a": np.array(1.0)})
        assert float(values["a"]) == pytest.approx(-0.5 * sum((1 - 0.9 ** (j + 1)) / 0.1 for j in range(k)))


def test_adam_first_step_moves_each_entry_by_the_learning_rate():
    """Bias correction makes step 1 ≈ η·sign(g), whatever the gradient's size."""
    opt = Adam(lr=0.1)
    start = {"w": np.array([1.0, 2.0, -3.0])}
    out = opt.step(start, {"w": np.array([1e-3, -50.0, 7.0])})
    np.testing.assert_allclose(out["w"], [0.9, 2.1, -3.1], atol=1e-6)


def test_optimizers_never_change_the_arrays_given():
    values, grads = {"w": np.array([1.0, 2.0])}, {"w": np.array([0.5, -0.5])}
    for name in OPTIMIZERS:
        opt = make_optimizer(name, 0.1)
        opt.step(values, grads)
        opt.step(values, grads)
        np.testing.assert_array_equal(values["w"], [1.0, 2.0])
        np.testing.assert_array_equal(grads["w"], [0.5, -0.5])
    assert isinstance(make_optimizer("sgd", 1.0), SGD)
    assert [OPTIMIZERS[k].title for k in OPTIMIZERS] == ["SGD", "SGD with momentum 0.9", "Adam"]


# -------------------------------------------------------------- convergence
@pytest.mark.parametrize(
    ("optimizer", "lr", "steps"), [("sgd", 0.02, 1500), ("momentum", 0.005, 1000), ("adam", 0.05, 3000)]
)
def test_linear_model_converges_to_least_squares(optimizer, lr, steps):
    best, *_ = np.linalg.lstsq(PHI, Y, rcond=None)
    result = train(linear_model(), steps=steps, lr=lr, optimizer=optimizer)
    (theta_id,) = result.variables
    np.testing.assert_allclose(result.final_values[theta_id], best, atol=1e-4)
    assert result.losses[-1] == pytest.approx(linear_loss(best), rel=1e-6)
    assert result.losses[-1] < result.losses[0]


# ------------------------------------------------- divergence, nan and infinity
def log_model(x0=0.5) -> Graph:
    g = Graph()
    x = g.add_node("variable", name="x", value=x0)
    loss = g.add_node("op", "log", name="loss")
    g.connect(x, loss, 0)
    g.set_output(loss)
    return g


def chain(ops: list[str], x0: float) -> Graph:
    """loss = ops[-1](…ops[0](x))."""
    g = Graph()
    node = g.add_node("variable", name="x", value=x0)
    for i, op in enumerate(ops):
        nxt = g.add_node("op", op, name="loss" if i == len(ops) - 1 else None)
        g.connect(node, nxt, 0)
        node = nxt
    g.set_output(node)
    return g


def test_a_growing_loss_stops_training_naming_the_step_the_losses_and_a_smaller_rate():
    """SGD on the linear model is stable below 2/λmax ≈ 0.041 (λmax of 2ΦᵀΦ ≈ 48.3): at 0.1 each step
    multiplies the error along that direction by |1 − 0.1·48.3| ≈ 3.8, the loss by about 15."""
    result = train(linear_model(), steps=100, lr=0.1)
    assert result.steps == 3  # 0.85 → … → over 1000 × 0.85 after three steps
    assert result.losses[0] == pytest.approx(0.85) and result.losses[-1] > 1000 * 0.85
    assert max(result.losses[:-1]) < 1000 * 0.85  # (it stops at the first step past the bound)
    assert result.stopped == (
        'Stopped at step 3 of 100: the loss "L" grew from 0.85 to 2536; '
        "the learning rate 0.1 is too large for this diagram (try 0.01)"
    )
    # the iterates up to the stop are kept, the last one too: the curve shows the loss climbing
    assert len(result.values) == len(result.gradients) == 4
    assert result.losses == sorted(result.losses)


def test_the_suggested_rate_trains_the_same_diagram():
    stopped = train(linear_model(), steps=100, lr=0.1)
    assert "(try 0.01)" in stopped.stopped
    again = train(linear_model(), steps=100, lr=0.01)
    assert again.stopped is None and again.losses[-1] < 0.05


def test_a_run_that_does_not_stop_evaluates_the_diagram_once_per_step(monkeypatch):
    """The advice's trial runs are made only for a stop: a healthy run of 50 steps evaluates its
    diagram 51 times (the trials, made for every step, once took 59 s for 100 steps of example 09)."""
    from graphviz_app.core import engine

    calls = []
    evaluate = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda *a, **k: calls.append(1) or evaluate(*a, **k))
    result = train(linear_model(), steps=50, lr=0.01)
    assert result.stopped is None and len(calls) == 51


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_rate_far_too_large_gets_advice_that_works_the_first_time(optimizer):
    """At 500 the rate a tenth as large diverges too: the one named is tried first and trains."""
    stopped = train(linear_model(), steps=100, lr=500.0, optimizer=optimizer).stopped
    suggested = float(re.search(r"\(try ([0-9.e+-]+)\)$", stopped).group(1))
    assert train(linear_model(), steps=100, lr=50.0, optimizer=optimizer).stopped is not None or suggested == 50
    again = train(linear_model(), steps=100, lr=suggested, optimizer=optimizer)
    assert again.stopped is None and again.losses[-1] < again.losses[0]


@pytest.mark.parametrize(("optimizer", "lr"), [("momentum", 0.05), ("adam", 0.3)])
def test_a_loss_that_overshoots_and_comes_back_is_not_stopped(optimizer, lr):
    """Momentum and Adam at large rates first climb above the start (momentum 0.05 on the linear
    model to about 2.5 × its start), then settle: a healthy run."""
    result = train(linear_model(), steps=300, lr=lr, optimizer=optimizer)
    assert result.stopped is None and max(result.losses) > result.losses[0]
    assert result.losses[-1] == pytest.approx(linear_loss(np.linalg.lstsq(PHI, Y, rcond=None)[0]), rel=1e-3)


def test_a_loss_below_zero_that_keeps_falling_is_not_stopped():
    # h = −x²·… falls without bound but never grows: no divergence to report within the steps
    result = train(chain(["square", "neg"], 1.0), steps=50, lr=0.01)
    assert result.stopped is None and result.losses[-1] < result.losses[0] < 0


def test_a_loss_falling_to_minus_infinity_says_it_has_no_minimum():
    result = train(chain(["exp", "neg"], 1.0), steps=100, lr=1.0)
    assert result.stopped is not None and result.steps < 100
    assert 'the loss "loss" fell to -inf' in result.stopped and "bounded below" in result.stopped
    assert np.isfinite(result.losses).all()


def test_a_variable_that_runs_away_under_a_bounded_loss_stops_naming_it():
    """sin(x²) stays in [−1, 1] while x blows up at a rate of 100: the run is stopped, not reported."""
    result = train(chain(["square", "sin"], 1.2), steps=50, lr=100.0)
    assert result.steps < 50 and np.isfinite(result.losses).all()
    xs = [abs(float(v[result.variables[0]])) for v in result.values]
    assert xs[-1] > 1000 and result.losses[-1] >= min(result.losses[:-1])
    assert result.stopped.startswith(f'Stopped at step {result.steps} of 50: the variable "x" grew from ')
    assert (
        '(where the loss "loss" last fell clearly) to ' in result.stopped
        and "while the loss got no lower" in result.stopped
    )
    # (10 runs away too, tried before it is named: 1 is the first that trains)
    assert result.stopped.endswith("the learning rate 100 is too large for this diagram (try 1)")
    assert train(chain(["square", "sin"], 1.2), steps=50, lr=1.0).stopped is None


def test_a_variable_growing_steadily_under_a_bounded_loss_stops():
    """sin(x²) at a rate of 3 took x to 3.6e89 in 200 steps with no single tenfold jump: steady
    growth away from where the loss was lowest stops the run too."""
    result = train(chain(["square", "sin"], 1.2), steps=200, lr=3.0)
    assert result.stopped is not None and 'the variable "x" grew from ' in result.stopped
    assert max(abs(float(v[result.variables[0]])) for v in result.values) < 1e6


def big_answer(start: float = 0.0, answer: float = 3e6) -> Graph:
    """loss = (answer − w)², w starting far below its answer."""
    g = Graph()
    w = g.add_node("variable", name="w", value=start)
    target = g.add_node("constant", name="y", value=answer)
    e = g.add_node("op", "sub")
    g.connect(target, e, 0)
    g.connect(w, e, 1)
    loss = g.add_node("op", "square", name="loss")
    g.connect(e, loss, 0)
    g.set_output(loss)
    return g


@pytest.mark.parametrize(("optimizer", "lr", "steps"), [("sgd", 0.25, 50), ("sgd", 0.025, 400), ("momentum", 0.1, 300)])
def test_a_variable_travelling_millions_to_its_answer_is_not_stopped(optimizer, lr, steps):
    # the first step takes w from 0 to 1.5e6 (at 0.25): a huge jump, but the loss falls with it
    result = train(big_answer(), steps=steps, lr=lr, optimizer=optimizer)
    assert result.stopped is None
    assert float(result.final_values[result.variables[0]]) == pytest.approx(3e6, rel=1e-6)


def test_a_variable_that_moves_far_but_not_away_is_not_stopped():
    # loss = (5000 − x)²: x travels 5000 times a unit start and settles
    result = train(big_answer(answer=5000.0), steps=100, lr=0.25)
    assert result.stopped is None and float(result.final_values[result.variables[0]]) == pytest.approx(5000.0)


def test_a_nan_loss_stops_training_naming_the_step():
    # x = 0.5, g = 1/x = 2, lr 1: x becomes −1.5 after step 1 and log(−1.5) is nan; at 0.1 it
    # goes 0.3, then −0.03 (nan too), so the rate named is 0.01
    result = train(log_model(), steps=10, lr=1.0)
    assert result.steps == 0
    assert result.losses == [pytest.approx(np.log(0.5))]
    assert result.stopped == (
        'Stopped at step 1 of 10: the loss "loss" became nan (not a number); a smaller learning rate may help (try 0.01)'
    )
    assert train(log_model(), steps=10, lr=0.1).stopped is not None
    assert train(log_model(), steps=10, lr=0.01).stopped is None


def test_a_loss_that_jumps_to_infinity_stops_at_that_step_keeping_the_finite_ones():
    """x = 3, loss = x²: at a rate of 1e160 the first step puts x near −6e160, whose square overflows."""
    result = train(chain(["square"], 3.0), steps=10, lr=1e160)
    assert result.steps == 0 and result.losses == [9.0]
    assert result.stopped == (
        'Stopped at step 1 of 10: the loss "loss" grew from 9 to ∞; '
        "the learning rate 1e160 is too large for this diagram (try a rate below 1e152)"
    )  # (1e159 to 1e152 were tried and overflow too: no rate is named that would fail)


def test_a_gradient_that_becomes_infinite_stops_before_the_step_that_would_use_it():
    # r = √x from x = 1, SGD at 2: x = 1 − 2·0.5 = 0, where ∂r/∂x = 1/(2√0) is infinite
    result = train(chain(["sqrt"], 1.0), steps=10, lr=2.0)
    assert result.steps == 1 and result.losses == [1.0, 0.0]
    assert result.stopped.startswith("Stopped at step 2 of 10: at the values after step 1 ")
    assert 'the gradient of "loss" with respect to "x" is not finite' in result.stopped


def test_a_loss_or_gradient_not_finite_at_the_start_is_refused():
    with pytest.raises(UserError, match="starting values"):
        train(log_model(-1.0), steps=3, lr=0.1)
    g = Graph()
    x = g.add_node("variable", name="x", value=0.0)
    r = g.add_node("op", "sqrt", name="r")
    g.connect(x, r, 0)
    g.set_output(r)
    with pytest.raises(UserError, match='gradient of "r" with respect to "x" is not finite'):
        train(g, steps=3, lr=0.1)


# ------------------------------------------------------------ the record
def test_training_leaves_the_callers_graph_alone_until_asked():
    g = linear_model()
    theta = g.find("theta")
    version = g.version
    result = train(g, steps=5, lr=0.01, optimizer="adam")
    np.testing.assert_array_equal(g.node(theta).value, THETA0)
    assert g.version == version
    copy = trained_copy(g, result)
    np.testing.assert_array_equal(copy.node(theta).value, result.final_values[theta])
    np.testing.assert_array_equal(trained_copy(g, result, step=2).node(theta).value, result.values[2][theta])
    np.testing.assert_array_equal(g.node(theta).value, THETA0)
    events = []
    g.subscribe(events.append)
    apply_values(g, result.final_values)
    np.testing.assert_array_equal(g.node(theta).value, result.final_values[theta])
    assert events == [NodeChanged(theta)]


def test_the_record_names_the_loss_and_variables_as_the_cards_do():
    g = Graph()
    x = g.add_node("variable", value=[1.0, -2.0])  # unnamed: its card says "variable"
    loss = g.add_node("op", "sqnorm")
    g.connect(x, loss, 0)
    g.set_output(loss)
    result = train(g, steps=3, lr=0.1)
    assert result.labels == {loss: "sqnorm", x: "variable"}
    assert result.optimizer == "sgd" and result.lr == 0.1 and result.steps_asked == 3
    # ‖x‖² has gradient 2x: each SGD step scales x by 1 − 2η
    np.testing.assert_allclose(result.final_values[x], np.array([1.0, -2.0]) * 0.8**3)


def test_frozen_variables_and_constants_keep_their_values():
    g = linear_model()
    bias = g.add_node("variable", name="b", value=0.3)
    shifted = g.add_node("op", "add", name="shifted")
    g.connect(g.find("L"), shifted, 0)
    g.connect(bias, shifted, 1)
    g.set_output(shifted)
    g.set_trainable(bias, False)
    assert trainable_variables(g) == [g.find("theta")]
    result = train(g, steps=4, lr=0.01)
    assert result.variables == [g.find("theta")]
    assert result.losses[0] == pytest.approx(linear_loss(THETA0) + 0.3)


def test_a_trainable_variable_off_the_loss_path_gets_zero_gradient_and_stays():
    g = linear_model()
    spare = g.add_node("variable", name="spare", value=[[1.0, 2.0]])
    result = train(g, steps=3, lr=0.01, optimizer="adam")
    assert spare in result.variables
    for k in range(4):
        np.testing.assert_array_equal(result.gradients[k][spare], np.zeros((1, 2)))
        np.testing.assert_array_equal(result.values[k][spare], [[1.0, 2.0]])


# ------------------------------------------------------------ refusals
def test_training_needs_a_scalar_output():
    g = linear_model()
    g.set_output(g.find("e"))
    with pytest.raises(ShapeError, match='scalar output: "e" is in ℝ⁴, not ℝ'):
        train(g, steps=3, lr=0.1)
    g.set_output(None)  # the only end node is the loss
    assert train(g, steps=3, lr=0.1).output == g.find("L")


def test_training_needs_a_trainable_variable_feeding_the_output():
    g = linear_model()
    g.set_trainable(g.find("theta"), False)
    with pytest.raises(GraphError, match="no trainable variable"):
        train(g, steps=3, lr=0.1)
    g.set_trainable(g.find("theta"), True)
    g.add_node("variable", name="spare", value=1.0)
    g.set_output(g.find("Phi"))
    with pytest.raises(GraphError, match='no trainable variable feeds the output "Φ"'):
        train(g, steps=3, lr=0.1)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"steps": 0, "lr": 0.1}, "number of steps"),
        ({"steps": 2.5, "lr": 0.1}, "number of steps"),
        ({"steps": True, "lr": 0.1}, "number of steps"),
        ({"steps": 10**9, "lr": 0.1}, "number of steps"),
        ({"steps": 3, "lr": 0.0}, "learning rate"),
        ({"steps": 3, "lr": -0.1}, "learning rate"),
        ({"steps": 3, "lr": float("nan")}, "learning rate"),
        ({"steps": 3, "lr": float("inf")}, "learning rate"),
        ({"steps": "ten", "lr": 0.1}, "number of steps"),
        ({"steps": 3, "lr": "fast"}, "learning rate"),
        ({"steps": 3, "lr": None}, "learning rate"),
        ({"steps": 3, "lr": 0.1, "optimizer": "rmsprop"}, "unknown optimizer"),
    ],
)
def test_bad_settings_are_refused(settings, message):
    """The same one message whether Ctrl+C may end the run (interruptible, the command line's) or not."""
    said = []
    for interruptible in (False, True):
        with pytest.raises(UserError, match=message) as refused:
            train(linear_model(), **settings, interruptible=interruptible)
        said.append(str(refused.value))
    assert said[0] == said[1]


# ------------------------------------------------------------ trainable flag
def test_variables_are_trainable_by_default_constants_never():
    g = linear_model()
    assert g.node(g.find("theta")).is_trainable
    assert not g.node(g.find("Phi")).is_trainable
    with pytest.raises(GraphError, match="only variables can be trained"):
        g.set_trainable(g.find("Phi"), True)
    with pytest.raises(GraphError):
        g.set_trainable(g.find("e"), True)
    theta = g.find("theta")
    g.set_trainable(theta, False)
    assert not g.node(theta).is_trainable
    assert not g.copy().node(theta).is_trainable


def test_trainable_flag_round_trips_through_files(tmp_path):
    g = linear_model()
    theta = g.find("theta")
    g.set_trainable(theta, False)
    text = fileformat.dumps(g)
    assert text.count('"trainable": false') == 1
    assert '"trainable"' not in fileformat.dumps(linear_model())  # written only when off
    path = tmp_path / "frozen.json"
    fileformat.save(g, path)
    again = fileformat.load(path)
    assert not again.node(theta).trainable
    assert fileformat.dumps(again) == text
    g.set_trainable(theta, True)
    assert fileformat.loads(fileformat.dumps(g)).node(theta).is_trainable


def test_older_files_open_with_every_variable_trainable():
    for path in sorted(EXAMPLES.glob("*.json")):
        g = fileformat.load(path)
        assert [n.id for n in g.variables()] == trainable_variables(g)
        assert fileformat.dumps(g) == path.read_text(encoding="utf-8")


def _file_with(node_extra: str, kind: str = "variable") -> str:
    return (
        '{"format": "graphviz_app", "version": 1, "output": null,\n'
        ' "nodes": [\n'
        f'  {{"id": "n1", "kind": "{kind}", "op": null, "name": "w", "value": 1.0, "pos": [0, 0], "params": {{}}{node_extra}}}\n'
        " ],\n"
        ' "edges": []}\n'
    )


def test_trainable_true_is_read_and_bad_values_are_refused_with_the_line():
    assert fileformat.loads(_file_with(', "trainable": true')).node("n1").is_trainable
    assert not fileformat.loads(_file_with(', "trainable": false')).node("n1").trainable
    with pytest.raises(FileFormatError, match=r'line 3: node w: "trainable" must be true or false, found "no"'):
        fileformat.loads(_file_with(', "trainable": "no"'))
    with pytest.raises(FileFormatError, match=r'line 3: node w has "trainable", but only variables train'):
        fileformat.loads(_file_with(', "trainable": false', kind="constant"))


# ------------------------------------------------------------ the defaults
def trainable_examples() -> list[Path]:
    return [p for p in sorted(EXAMPLES.glob("*.json")) if trainable_variables(fileformat.load(p))]


def test_every_bundled_example_can_be_trained():
    assert len(trainable_examples()) == len(list(EXAMPLES.glob("*.json"))) == 9


# (09 is 07's network at MNIST's size: slow, and checked with the default optimizer only)
@pytest.mark.parametrize(
    ("example", "optimizer"),
    [(p.name, o) for p in trainable_examples() for o in train_defaults.OPTIMIZER_KEYS if not p.name.startswith("09")]
    + [("09_mnist_sized_network.json", train_defaults.OPTIMIZER)],
)
def test_the_default_settings_train_every_bundled_example(example, optimizer):
    result = train(
        fileformat.load(EXAMPLES / example),
        steps=train_defaults.STEPS,
        lr=train_defaults.LEARNING_RATE,
        optimizer=optimizer,
    )
    assert result.stopped is None and result.steps == train_defaults.STEPS
    start, end = result.losses[0], result.losses[-1]
    assert end < start - 0.5 * abs(start)  # (well down: at least half its size)


def test_the_command_line_knows_every_optimizer_without_loading_numpy():
    assert train_defaults.OPTIMIZER_KEYS == tuple(OPTIMIZERS)
    assert train_defaults.OPTIMIZER in OPTIMIZERS
