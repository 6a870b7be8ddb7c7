"""Regenera los datos de ejemplo de esta carpeta (el generador vive en ``limonero_cli.ejemplos``).

Uso::

    python ejemplos/generar_ejemplos.py
"""

import sys
from pathlib import Path

from limonero_cli import ejemplos

if __name__ == "__main__":
    if "--carpeta" not in sys.argv:
        sys.argv += ["--carpeta", str(Path(__file__).resolve().parent)]
    ejemplos.main()
