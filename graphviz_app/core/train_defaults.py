"""The settings a first training run uses, shared by Run → Train… and `graphviz-app train`.

Plain constants, no numpy: the command line's --help reads them without loading the maths.
"""

OPTIMIZER_KEYS = ("sgd", "momentum", "adam")  # core.optim.OPTIMIZERS' keys, in its order
OPTIMIZER = "sgd"
# Every bundled example trains with every optimizer at this rate in STEPS steps. The linear model
# (05) bounds it: SGD diverges there above 2/λmax ≈ 0.041 (its loss's Hessian 2ΦᵀΦ has λmax ≈ 48.3),
# so 0.1 blew it up; 0.02 is half that bound and still brings every example's loss well down.
LEARNING_RATE = 0.02
# the rates a refusal of a learning rate gives as examples: the Train dialog (its message and its
# field's hint), `graphviz-app train --lr` and core.train.train say the same
LEARNING_RATE_EXAMPLES = f"{LEARNING_RATE:g} or 1e-3"
STEPS = 100
