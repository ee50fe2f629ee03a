"""The ``pizza`` command line: run the shop, inspect its log, manage staff."""

from pizza.cli import inspecting, running, staff
from pizza.cli.group import main

__all__ = ["inspecting", "main", "running", "staff"]
