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
    """``1234.5`` → ``1.234,50``; nunca ``-0,0`` (un negativo que se redondea a cero es cero)."""
    if _es_vacio(valor):
        return "—"
    valor = round(float(valor), decimales)
    if valor == 0:
        valor = 0.0  # -0.0 → 0.0
    texto = f"{valor:,.{decimales}f}"
    return texto.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def dinero(valor) -> str:
    """Montos sin decimales cuando son grandes, con dos cuando son pequeños."""
    if _es_vacio(valor):
        return "—"
    return decimal(valor, 0 if abs(valor) >= 1000 else 2)


def porcentaje(fraccion, decimales: int = 1) -> str:
    """``0.375`` → ``37,5 %``; ``-0.00001`` → ``0,0 %`` (sin cero negativo)."""
    if _es_vacio(fraccion):
        return "—"
    return f"{decimal(fraccion * 100, decimales)} %"


def compacto(valor) -> str:
    """Montos en pocas letras, para columnas angostas: ``16700000`` → ``16,7 M``;
    ``1013200000`` → ``1.013 M``; ``35000`` → ``35,0 mil``; ``3500`` → ``3.500``; ``12.5`` → ``12,50``."""
    if _es_vacio(valor):
        return "—"
    absoluto = abs(valor)
    if absoluto >= 1_000_000_000:
        return f"{entero(valor / 1_000_000)} M"
    if absoluto >= 1_000_000:
        return f"{decimal(valor / 1_000_000, 1)} M"
    if absoluto >= 10_000:
        return f"{decimal(valor / 1_000, 1)} mil"
    if absoluto >= 100 or float(valor).is_integer():
        return entero(valor)
    return decimal(valor, 2)


DIAS_SEMANA = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")


def fecha_corta(fecha) -> str:
    """Una fecha con su día, corta para una columna: ``2025-03-17`` → ``lun 17/03``."""
    if fecha is None:
        return "—"
    return f"{DIAS_SEMANA[fecha.weekday()]} {fecha:%d/%m}"


def periodo(desde, hasta) -> str:
    """El periodo de un informe en palabras: ``del 2025-03-01 al 2025-03-31``,
    ``desde 2025-03-01 hasta hoy``, ``desde el inicio hasta 2025-03-31`` o ``desde el inicio hasta hoy``."""
    if desde is not None and hasta is not None:
        return f"del {desde:%Y-%m-%d} al {hasta:%Y-%m-%d}"
    inicio = "el inicio" if desde is None else f"{desde:%Y-%m-%d}"
    fin = "hoy" if hasta is None else f"{hasta:%Y-%m-%d}"
    return f"desde {inicio} hasta {fin}"


_TILDES = {"recuperacion": "recuperación", "participacion": "participación", "semaforo": "semáforo",
           "campeon": "campeón", "dias": "días", "catalogo": "catálogo", "indice": "índice",
           "hipotesis": "hipótesis", "numero": "número", "prometido": "prometido"}


def etiqueta_columna(nombre) -> str:
    """El nombre de una columna como se ve en un libro: ``tasa_recuperacion`` → ``tasa recuperación``."""
    return " ".join(_TILDES.get(parte, parte) for parte in str(nombre).split("_"))
