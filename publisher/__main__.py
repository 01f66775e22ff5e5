"""``python -m publisher`` runs the tarjima command."""

from publisher.cli import main

main()
