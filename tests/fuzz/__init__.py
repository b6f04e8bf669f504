"""Fuzzing: arbitrary and mutated input for the file loader, `--set` values, `grad`, `export` and the
expression parser. Every outcome must be a success or the program's own UserError with a one-line
message, within a time and memory budget.

A short, reproducible run is part of the test suite; `python -m tests.fuzz --minutes N` runs long
with fresh random input (see README, "Development").
"""
