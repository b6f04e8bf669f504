"""Gradient descent in the window: Run → Train… (dialog), the loss-curve dock that steps through
the run's iterations, and the controller that runs core.train and turns it into undo steps."""
