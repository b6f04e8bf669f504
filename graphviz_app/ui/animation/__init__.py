"""Backpropagation and forward-mode animation: controller, timeline, inspector, chain view."""
