"""``python -m pubrelease``: the same as the ``pubrelease`` command."""

from .cli import main

main()
