"""Escritura atómica: un archivo de salida aparece completo o no aparece."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from limonero_cli.errores import ErrorArchivo


def comprobar_destino(ruta: Path, sobrescribir: bool) -> None:
    """Falla con una frase clara si ``ruta`` existe y no se pidió ``--sobrescribir``."""
    if ruta.exists() and not sobrescribir:
        raise ErrorArchivo(
            f"{ruta} ya existe y no se reemplaza.",
            "Use --sobrescribir para reemplazarlo o elija otra salida con -o.",
        )


def escribir_atomico(ruta: Path, sobrescribir: bool, escribir: Callable[[Path], None]) -> Path:
    """Llama a ``escribir(ruta_temporal)`` y mueve el resultado a ``ruta`` de una vez.

    Si ``escribir`` falla, no queda ni el temporal ni un archivo a medias.
    """
    ruta = Path(ruta)
    comprobar_destino(ruta, sobrescribir)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporal = tempfile.mkstemp(prefix=".limonero-", suffix=ruta.suffix, dir=ruta.parent)
    os.close(descriptor)
    temporal = Path(temporal)
    try:
        escribir(temporal)
        os.replace(temporal, ruta)
    finally:
        if temporal.exists():
            temporal.unlink()
    return ruta
