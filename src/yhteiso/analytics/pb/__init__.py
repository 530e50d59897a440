"""Participatory budgeting: the pabulib ``.pb`` format and the greedy and equal-shares rules (pure Python/NumPy).

Submodules: :mod:`.pabulib` (read/write), :mod:`.rules` (exact reference rules with explanations),
:mod:`.fast` (vectorised engine that agrees with the exact rules and falls back to them on near-ties).
"""
