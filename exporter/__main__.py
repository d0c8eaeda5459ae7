"""`python -m exporter`: the same as the `jobarch` command."""

from .cli import main

main()
