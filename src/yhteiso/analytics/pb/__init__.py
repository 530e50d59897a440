"""Participatory budgeting: the pabulib ``.pb`` format and the greedy and equal-shares rules (pure Python/NumPy).

Submodules: :mod:`.pabulib` (read/write), :mod:`.rules` (exact reference rules with explanations),
:mod:`.fast` (vectorised engine that agrees with the exact rules and falls back to them on near-ties),
:mod:`.solver` (:func:`solve`, the one entry point that dispatches by rule name).
"""

from yhteiso.analytics.pb.solver import solve

__all__ = ["solve"]
