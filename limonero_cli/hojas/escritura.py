"""Escritura atómica: un archivo de salida aparece completo o no aparece."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from limonero_cli.errores import ErrorArchivo, ErrorUso


def comprobar_destino(ruta: Path, sobrescribir: bool, sugerencia: str | None = None) -> None:
    """Falla con una frase clara si ``ruta`` existe y no se pidió ``--sobrescribir`` (error de uso: código 2)."""
    if ruta.exists() and not sobrescribir:
        raise ErrorUso(
            f"{ruta} ya existe y no se reemplaza.",
            sugerencia or "Use --sobrescribir para reemplazarlo o elija otra salida con -o.",
        )


def crear_carpeta(carpeta: Path) -> None:
    """Crea ``carpeta`` (y sus padres) o explica en español por qué no se puede."""
    try:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ErrorArchivo(f"{carpeta} existe y no es una carpeta.", "Elija otra ruta de salida.") from None
    except OSError as error:
        raise _error_de_escritura(Path(carpeta), error) from None


def _error_de_escritura(ruta: Path, error: OSError) -> ErrorArchivo:
    if isinstance(error, PermissionError):
        return ErrorArchivo(
            f"No se puede escribir en {ruta.parent if ruta.suffix else ruta}: no tiene permiso.",
            "Elija otra carpeta de salida, o pida permiso de escritura sobre esa carpeta.",
        )
    return ErrorArchivo(
        f"No se pudo escribir {ruta}: {error.strerror or error}.",
        "Revise que haya espacio en el disco y que la carpeta exista y se pueda escribir.",
    )


def escribir_atomico(ruta: Path, sobrescribir: bool, escribir: Callable[[Path], None]) -> Path:
    """Llama a ``escribir(ruta_temporal)`` y mueve el resultado a ``ruta`` de una vez.

    Si ``escribir`` falla, no queda ni el temporal ni un archivo a medias.
    """
    ruta = Path(ruta)
    comprobar_destino(ruta, sobrescribir)
    crear_carpeta(ruta.parent)
    try:
        descriptor, temporal = tempfile.mkstemp(prefix=".limonero-", suffix=ruta.suffix, dir=ruta.parent)
    except OSError as error:
        raise _error_de_escritura(ruta, error) from None
    os.close(descriptor)
    temporal = Path(temporal)
    try:
        escribir(temporal)
        os.chmod(temporal, 0o666 & ~_mascara_actual())  # como cualquier archivo nuevo, no solo para su dueño
        os.replace(temporal, ruta)
    except OSError as error:
        raise _error_de_escritura(ruta, error) from None
    finally:
        if temporal.exists():
            temporal.unlink()
    return ruta


def _mascara_actual() -> int:
    mascara = os.umask(0)
    os.umask(mascara)
    return mascara
