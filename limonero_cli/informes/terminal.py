"""Tablas para la terminal con rich (sin interpretar marcas: ``[Etapa 1]`` se ve tal cual)."""

from __future__ import annotations

from dataclasses import dataclass, field

from limonero_cli.informes.formato import decimal, entero


@dataclass(frozen=True)
class TablaInforme:
    """Una tabla de un informe: título, encabezado opcional y filas de valores."""

    titulo: str
    filas: list[list] = field(default_factory=list)
    encabezado: list[str] | None = None


def celda(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, int):
        return entero(valor)
    if isinstance(valor, float):
        return entero(valor) if float(valor).is_integer() or abs(valor) >= 1000 else decimal(valor)
    return str(valor)


def mostrar_tablas(consola, tablas: list[TablaInforme]) -> None:
    """Muestra cada tabla ajustada al ancho de la consola: números enteros, nunca cortados con «…»."""
    from limonero_cli.informes.ancho import mostrar_ajustadas

    mostrar_ajustadas(consola, tablas)
