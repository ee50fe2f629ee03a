"""``python -m pizza`` is the ``pizza`` command."""

from pizza.cli import main

main()
