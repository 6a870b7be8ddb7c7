"""Números a la manera española: ``1.234,5`` y ``37,5 %``."""

from __future__ import annotations

import math


def _es_vacio(valor) -> bool:
    return valor is None or (isinstance(valor, float) and math.isnan(valor))


def entero(valor) -> str:
    """``1234567`` → ``1.234.567``."""
    if _es_vacio(valor):
        return "—"
    return f"{int(round(valor)):,}".replace(",", ".")


def decimal(valor, decimales: int = 2) -> str:
    """``1234.5`` → ``1.234,50``."""
    if _es_vacio(valor):
        return "—"
    texto = f"{valor:,.{decimales}f}"
    return texto.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def dinero(valor) -> str:
    """Montos sin decimales cuando son grandes, con dos cuando son pequeños."""
    if _es_vacio(valor):
        return "—"
    return decimal(valor, 0 if abs(valor) >= 1000 else 2)


def porcentaje(fraccion, decimales: int = 1) -> str:
    """``0.375`` → ``37,5 %``."""
    if _es_vacio(fraccion):
        return "—"
    return f"{decimal(fraccion * 100, decimales)} %"


def compacto(valor) -> str:
    """Montos grandes en pocas letras: ``16700000`` → ``16,7 M``; ``3500`` → ``3,5 mil``."""
    if _es_vacio(valor):
        return "—"
    absoluto = abs(valor)
    if absoluto >= 1_000_000_000:
        return f"{decimal(valor / 1_000_000_000, 1)} mil M"
    if absoluto >= 1_000_000:
        return f"{decimal(valor / 1_000_000, 1)} M"
    if absoluto >= 10_000:
        return f"{decimal(valor / 1_000, 1)} mil"
    return dinero(valor)
