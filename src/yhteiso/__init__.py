"""Yhteisö — information platform for the Communal Espoo development programme."""

__version__ = "0.1.0"
