"""Punto de entrada: ``python -m limonero_cli`` y el comando ``limonero``."""

from limonero_cli.cli import main

if __name__ == "__main__":
    main()
