"""Días permitidos para contactar, por país: días de la semana y festivos."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from limonero_cli.estrategia.modelo import Estrategia

@lru_cache(maxsize=64)
def festivos_del_anio(pais: str, anio: int) -> dict[dt.date, str]:
    """Festivos oficiales de ``pais`` en ``anio`` según la biblioteca ``holidays``."""
    import holidays

    try:
        return dict(holidays.country_holidays(pais, years=anio, language="es"))
    except NotImplementedError:
        return {}


def es_festivo(pais: str, fecha: dt.date) -> bool:
    return fecha in festivos_del_anio(pais.upper(), fecha.year)


def dia_permitido(estrategia: Estrategia, pais: str, fecha: dt.date) -> bool:
    """¿Se puede contactar a un deudor de ``pais`` en ``fecha``? Sin regla para el país: sí."""
    regla = estrategia.regla_contacto(pais)
    if regla is None:
        return True
    if fecha.weekday() not in regla.dias_semana:
        return False
    if not regla.festivos_permitidos and es_festivo(pais, fecha):
        return False
    return True


def dias_no_permitidos(estrategia: Estrategia, fecha: dt.date) -> set[str]:
    """Los países de la estrategia en los que ``fecha`` no es día de contacto."""
    return {r.pais for r in estrategia.reglas_contacto if not dia_permitido(estrategia, r.pais, fecha)}
