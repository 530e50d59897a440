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


_MINUTES_CHECKED: list[Callable[..., Any]] = []


def register_minutes_checked(callback: Callable[..., Any]) -> None:
    """Register ``callback(*, meeting, actor)``, called when a steering-group meeting's minutes have been checked
    (in the same transaction), so that a higher layer can carry out what the meeting decided (e.g. the reports
    app approves the texts the meeting approved). Once per callback."""
    if callback not in _MINUTES_CHECKED:
        _MINUTES_CHECKED.append(callback)


def minutes_checked(*, meeting: Any, actor: Any) -> None:
    """Tell the registered callbacks that ``meeting``'s minutes were checked."""
    for callback in _MINUTES_CHECKED:
        callback(meeting=meeting, actor=actor)
