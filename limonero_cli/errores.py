"""Errores de limonero.

El núcleo y la capa de archivos lanzan estas excepciones; la CLI las traduce
en un solo lugar (``limonero_cli.cli``) a una frase en español y un código de
salida. Nada fuera de la CLI atrapa ``Exception`` a secas.
"""

from __future__ import annotations

from dataclasses import dataclass

SALIDA_OK = 0
SALIDA_ERROR_DATOS = 1
SALIDA_ERROR_USO = 2


@dataclass(frozen=True)
class Problema:
    """Un problema encontrado en un archivo: dónde está y qué pasa.

    ``fila`` es el número de fila tal como lo ve el usuario en su hoja
    (1 = primera fila del archivo). ``gravedad`` es ``"error"`` o ``"aviso"``.
    """

    mensaje: str
    archivo: str | None = None
    hoja: str | None = None
    fila: int | None = None
    columna: str | None = None
    gravedad: str = "error"

    def ubicacion(self) -> str:
        partes = []
        if self.archivo:
            partes.append(self.archivo)
        if self.hoja:
            partes.append(f"hoja «{self.hoja}»")
        if self.fila is not None:
            partes.append(f"fila {self.fila}")
        if self.columna:
            partes.append(f"columna «{self.columna}»")
        return ", ".join(partes)

    def como_texto(self) -> str:
        ubicacion = self.ubicacion()
        return f"{ubicacion}: {self.mensaje}" if ubicacion else self.mensaje

    def como_dict(self) -> dict:
        return {
            "archivo": self.archivo,
            "hoja": self.hoja,
            "fila": self.fila,
            "columna": self.columna,
            "gravedad": self.gravedad,
            "mensaje": self.mensaje,
        }


class ErrorLimonero(Exception):
    """Base de todos los errores que se muestran al usuario.

    ``mensaje`` es una frase en español que dice qué pasó y dónde;
    ``sugerencia`` (opcional) dice qué hacer.
    """

    codigo_salida = SALIDA_ERROR_DATOS

    def __init__(self, mensaje: str, sugerencia: str | None = None):
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.sugerencia = sugerencia

    def __str__(self) -> str:
        if self.sugerencia:
            return f"{self.mensaje} {self.sugerencia}"
        return self.mensaje


class ErrorArchivo(ErrorLimonero):
    """Un archivo no se puede leer o escribir (no existe, protegido, abierto, dañado...)."""


class ErrorDatos(ErrorLimonero):
    """Los datos de un archivo no sirven (falta una columna obligatoria, tipos imposibles...)."""


class ErrorUso(ErrorLimonero):
    """El comando se llamó mal (opción inválida, combinación imposible)."""

    codigo_salida = SALIDA_ERROR_USO


class ErrorConProblemas(ErrorLimonero):
    """Un error que trae la lista completa de problemas encontrados."""

    def __init__(self, mensaje: str, problemas: list[Problema], sugerencia: str | None = None):
        super().__init__(mensaje, sugerencia)
        self.problemas = list(problemas)


class ErrorEstrategia(ErrorConProblemas):
    """El libro de estrategia tiene errores; ``problemas`` los lista todos."""


class ErrorValidacion(ErrorConProblemas):
    """Un archivo de entrada tiene errores que impiden usarlo; ``problemas`` los lista."""
