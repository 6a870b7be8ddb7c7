"""Tramos de mora y bandas numéricas legibles.

Los tramos de mora por defecto son los de la cobranza de consumo: al día (0 días
o menos), 1–30, 31–60, 61–90, 91–120, 121–180 y 181+. Las bandas numéricas
(para el mapa de posibilidades) se eligen por cuantiles y se redondean a
límites que un supervisor lee de un vistazo ("500 mil–1 M").

Ejemplo::

    >>> asignar_tramo(pd.Series([-3, 0, 15, 200])).tolist()
    ['Al día', 'Al día', '1–30', '181+']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos

AL_DIA = "Al día"


@dataclass(frozen=True)
class Tramo:
    """Un tramo de mora: de ``desde`` a ``hasta`` días, ambos incluidos (``None`` = sin límite)."""

    etiqueta: str
    desde: int | None
    hasta: int | None


def crear_tramos(limites: Sequence[int]) -> tuple[Tramo, ...]:
    """Tramos a partir de sus límites superiores (el primero es el de "Al día").

    ``crear_tramos([0, 30, 60])`` da Al día (≤ 0), 1–30, 31–60 y 61+.
    """
    limites = [int(x) for x in limites]
    if not limites or any(b <= a for a, b in zip(limites, limites[1:])):
        raise ErrorDatos(
            f"Los límites de los tramos de mora ({', '.join(map(str, limites)) or 'ninguno'}) "
            "deben ser números enteros crecientes.",
            "Escríbalos de menor a mayor, por ejemplo 0, 30, 60, 90.",
        )
    tramos = [Tramo(AL_DIA if limites[0] == 0 else f"hasta {limites[0]}", None, limites[0])]
    for anterior, hasta in zip(limites, limites[1:]):
        tramos.append(Tramo(f"{anterior + 1}–{hasta}", anterior + 1, hasta))
    tramos.append(Tramo(f"{limites[-1] + 1}+", limites[-1] + 1, None))
    return tuple(tramos)


TRAMOS_POR_DEFECTO: tuple[Tramo, ...] = crear_tramos([0, 30, 60, 90, 120, 180])
ETIQUETAS_POR_DEFECTO: tuple[str, ...] = tuple(t.etiqueta for t in TRAMOS_POR_DEFECTO)


def asignar_tramo(dias_mora: pd.Series, tramos: Sequence[Tramo] = TRAMOS_POR_DEFECTO) -> pd.Series:
    """El tramo de cada valor de días de mora, como categoría ordenada (NaN si falta el dato).

    Los días con decimales se truncan hacia abajo (0,5 días sigue "Al día").
    """
    tramos = tuple(tramos)
    etiquetas = [t.etiqueta for t in tramos]
    dias = pd.to_numeric(dias_mora, errors="coerce").astype("float64").to_numpy()
    dias = np.floor(dias)
    # Límites superiores de todos los tramos menos el último; searchsorted con side="left"
    # pone x == hasta dentro del tramo.
    superiores = np.array([t.hasta for t in tramos[:-1]], dtype="float64")
    codigos = np.searchsorted(superiores, dias, side="left").astype("int64")
    codigos[np.isnan(dias)] = -1
    categorias = pd.CategoricalDtype(etiquetas, ordered=True)
    return pd.Series(
        pd.Categorical.from_codes(codigos, dtype=categorias), index=dias_mora.index,
        name="tramo",
    )


# ---------------------------------------------------------------------------
# Bandas numéricas


def _redondear_legible(valor: float) -> float:
    """El número "redondo" más cercano: una cifra y media (1; 1,5; 2; 2,5 ... 9,5) × 10^k."""
    if valor == 0 or not math.isfinite(valor):
        return 0.0
    signo = -1.0 if valor < 0 else 1.0
    absoluto = abs(valor)
    potencia = 10.0 ** math.floor(math.log10(absoluto))
    mantisa = round(absoluto / potencia * 2) / 2
    return signo * mantisa * potencia


def formatear_cantidad(valor: float) -> str:
    """Un límite de banda en español: 550, 500 mil, 1,5 M, 2.000 M."""
    if valor == 0:
        return "0"
    signo = "-" if valor < 0 else ""
    absoluto = abs(valor)
    if absoluto >= 1_000_000:
        cifra, sufijo = absoluto / 1_000_000, " M"
    elif absoluto >= 10_000:
        cifra, sufijo = absoluto / 1_000, " mil"
    else:
        cifra, sufijo = absoluto, ""
    if cifra == int(cifra):
        texto = f"{int(cifra):,}".replace(",", ".")
    else:
        texto = f"{cifra:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{signo}{texto}{sufijo}"


@dataclass(frozen=True)
class Bandas:
    """Bandas numéricas ``[límite_i, límite_i+1)``; la primera y la última, abiertas."""

    limites: tuple[float, ...]
    etiquetas: tuple[str, ...]

    def asignar(self, valores: pd.Series) -> pd.Series:
        """La banda de cada valor, como categoría ordenada (NaN si falta el dato)."""
        numeros = pd.to_numeric(valores, errors="coerce").astype("float64").to_numpy()
        codigos = np.searchsorted(np.asarray(self.limites, dtype="float64"), numeros, side="right")
        codigos = codigos.astype("int64")
        codigos[np.isnan(numeros)] = -1
        tipo = pd.CategoricalDtype(list(self.etiquetas), ordered=True)
        return pd.Series(pd.Categorical.from_codes(codigos, dtype=tipo), index=valores.index)


def bandas_desde_limites(limites: Sequence[float], minimo: float | None = None) -> Bandas:
    """Bandas con los límites dados.

    La primera se lee "0–X" cuando los datos empiezan en cero o cerca (``0 <= minimo < X/10``);
    si no, "menos de X".
    """
    limites = tuple(float(x) for x in limites)
    if any(b <= a for a, b in zip(limites, limites[1:])):
        raise ErrorDatos("Los límites de las bandas deben ser crecientes.")
    if not limites:
        return Bandas((), ("todos",))
    textos = [formatear_cantidad(x) for x in limites]
    if minimo is not None and 0 <= minimo < limites[0] / 10:
        primera = f"0–{textos[0]}"
    else:
        primera = f"menos de {textos[0]}"
    etiquetas = [primera]
    etiquetas += [f"{a}–{b}" for a, b in zip(textos, textos[1:])]
    etiquetas.append(f"{textos[-1]} o más")
    return Bandas(limites, tuple(etiquetas))


def bandas_numericas(valores: pd.Series, n: int = 5) -> Bandas:
    """Hasta ``n`` bandas por cuantiles, con límites redondos y legibles.

    Los límites son los cuantiles 1/n, 2/n... redondeados a una cifra y media;
    los repetidos se funden (con muchos valores iguales salen menos bandas).

    >>> bandas_numericas(pd.Series(range(0, 1_000_001, 1000)), n=4).etiquetas
    ('0–250 mil', '250 mil–500 mil', '500 mil–750 mil', '750 mil o más')
    """
    numeros = pd.to_numeric(valores, errors="coerce").astype("float64").to_numpy()
    numeros = numeros[np.isfinite(numeros)]
    if numeros.size == 0 or n < 2:
        return Bandas((), ("todos",))
    cuantiles = np.quantile(numeros, np.arange(1, n) / n)
    minimo, maximo = float(numeros.min()), float(numeros.max())
    limites: list[float] = []
    for q in cuantiles:
        limite = _redondear_legible(float(q))
        if limite <= minimo or limite > maximo:
            continue  # una banda que quedaría vacía
        if limites and limite <= limites[-1]:
            continue
        limites.append(limite)
    return bandas_desde_limites(limites, minimo=minimo)
