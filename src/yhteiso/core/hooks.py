"""Extension points: a page of a lower layer shows what a higher layer contributes, without importing it.

Data flows one way (areas → knowledge → programme → governance, see docs/architecture.md). Where a page of a lower
app wants to show something of a higher one — the knowledge base's area profile lists the programme's actions that
reach the area — the higher app registers a provider here in its ``AppConfig.ready`` and the lower app asks core.

>>> register_area_actions(lambda area: [f"action in {area}"])
>>> area_actions("Tapiola")[-1]
'action in Tapiola'
>>> _AREA_ACTIONS.pop() is not None
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_AREA_ACTIONS: list[Callable[[Any], list[Any]]] = []


def register_area_actions(provider: Callable[[Any], list[Any]]) -> None:
    """Register ``provider(area) -> list`` of actions reaching an area (once per provider)."""
    if provider not in _AREA_ACTIONS:
        _AREA_ACTIONS.append(provider)


def area_actions(area: Any) -> list[Any]:
    """Everything the registered providers list for ``area``, in registration order."""
    return [item for provider in _AREA_ACTIONS for item in provider(area)]
