"""Mapa de posibilidades: dónde está el dinero recuperable de la cartera.

Cruza dos variables de la cartera (por defecto ``score`` × ``saldo_vencido``) y
da, por celda: deudores, cuentas, saldo vencido y recuperación esperada. La
unidad es el **deudor** (``cliente_id``; si falta, la cuenta): cada deudor cae en
una sola celda, así las celdas suman los totales de la cartera.

Cómo se ubica un deudor con varias cuentas:

- ``dias_mora``: la mayor de sus cuentas, en los tramos de mora por defecto;
- variables de monto (``saldo_*``, ``monto_*``, ``recuperacion_esperada``): la suma;
- otras variables numéricas (``score``...): el promedio;
- variables de categoría (``producto``, ``sucursal``...): el valor de su cuenta
  con más saldo vencido; las celdas vacías van a "(sin dato)".

Las variables numéricas se agrupan en bandas por cuantiles con límites redondos
(ver ``nucleo.tramos.bandas_numericas``); las de categoría quedan como vienen.

Recuperación esperada, en este orden:

1. **historial de pagos** (si se da y no está vacío): en cada celda, lo pagado
   por sus deudores ÷ su saldo vencido (como mucho 100 %), por el saldo vencido
   de la celda;
2. **score**: probabilidad de pago según ``PROBABILIDAD_POR_SCORE`` (interpolación
   lineal; fuera de 300–900 se usa el extremo), por el saldo vencido positivo de
   cada cuenta; las cuentas sin score usan su tramo de mora;
3. **días de mora** (si la cartera no trae score): ``PROBABILIDAD_POR_TRAMO``.

El resultado dice qué fuente usó (``Mapa.fuente``) y lo explica en una frase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos, ErrorUso
from limonero_cli.nucleo.tramos import ETIQUETAS_POR_DEFECTO, asignar_tramo, bandas_numericas

# Probabilidad de pago según el score (300–900). Puntos unidos por rectas.
PROBABILIDAD_POR_SCORE: tuple[tuple[float, float], ...] = (
    (300, 0.02),
    (500, 0.10),
    (600, 0.25),
    (700, 0.50),
    (800, 0.75),
    (900, 0.90),
)
# Probabilidad de pago según el tramo de mora (sin score).
PROBABILIDAD_POR_TRAMO: dict[str, float] = dict(zip(
    ETIQUETAS_POR_DEFECTO, (0.90, 0.60, 0.35, 0.20, 0.12, 0.08, 0.03)))

FUENTE_HISTORIAL = "historial de pagos"
FUENTE_SCORE = "score"
FUENTE_MORA = "días de mora"
SIN_DATO = "(sin dato)"
PREFIJOS_SUMA = ("saldo", "monto", "recuperacion")


def probabilidad_por_score(score: pd.Series) -> pd.Series:
    """La probabilidad de pago de cada score (NaN donde falta el score)."""
    x = pd.to_numeric(score, errors="coerce").astype("float64").to_numpy()
    puntos = np.array(PROBABILIDAD_POR_SCORE, dtype="float64")
    p = np.interp(x, puntos[:, 0], puntos[:, 1])
    p[np.isnan(x)] = np.nan
    return pd.Series(p, index=score.index, name="probabilidad_pago")


def probabilidad_por_mora(dias_mora: pd.Series) -> pd.Series:
    """La probabilidad de pago según el tramo de mora (NaN donde faltan los días)."""
    tramo = asignar_tramo(dias_mora)
    valores = np.array([PROBABILIDAD_POR_TRAMO[e] for e in ETIQUETAS_POR_DEFECTO] + [np.nan])
    return pd.Series(valores[tramo.cat.codes.to_numpy()], index=dias_mora.index,
                     name="probabilidad_pago")


def probabilidad_pago(cartera: pd.DataFrame) -> tuple[pd.Series, str]:
    """Probabilidad de pago de cada cuenta y la fuente usada (score o días de mora)."""
    tiene_score = "score" in cartera.columns and cartera["score"].notna().any()
    tiene_mora = "dias_mora" in cartera.columns
    if not tiene_score and not tiene_mora:
        raise ErrorDatos(
            "La cartera no trae «score» ni «dias_mora»: no se puede estimar la recuperación "
            "esperada.",
            "Agregue una de esas columnas o use el historial de pagos de la bitácora.",
        )
    if tiene_score:
        p = probabilidad_por_score(cartera["score"])
        if tiene_mora and p.isna().any():
            p = p.fillna(probabilidad_por_mora(cartera["dias_mora"]))
        return p.fillna(0.0), FUENTE_SCORE
    return probabilidad_por_mora(cartera["dias_mora"]).fillna(0.0), FUENTE_MORA


def recuperacion_esperada_por_cuenta(cartera: pd.DataFrame) -> pd.Series:
    """Saldo vencido positivo × probabilidad de pago (score, o tramo de mora sin score)."""
    if "saldo_vencido" not in cartera.columns:
        raise ErrorDatos("La cartera no tiene «saldo_vencido»: no se puede estimar la "
                         "recuperación esperada.", "Revise los encabezados de la cartera.")
    saldo = pd.to_numeric(cartera["saldo_vencido"], errors="coerce").astype("float64")
    p, _ = probabilidad_pago(cartera)
    return (saldo.clip(lower=0).fillna(0.0) * p).rename("recuperacion_esperada")


@dataclass(frozen=True)
class Mapa:
    """El mapa de posibilidades: una cuadrícula de deudores, saldo y recuperación esperada."""

    filas: str
    columnas: str
    fuente: str  # "historial de pagos", "score" o "días de mora"
    explicacion: str  # una frase que dice de dónde sale la recuperación esperada
    deudores: pd.DataFrame  # índice: bandas de ``filas``; columnas: bandas de ``columnas``
    cuentas: pd.DataFrame
    saldo_vencido: pd.DataFrame
    recuperacion_esperada: pd.DataFrame
    tasa_recuperacion: pd.DataFrame  # recuperación esperada ÷ saldo vencido de la celda
    celdas: pd.DataFrame  # formato largo: una fila por celda, con participaciones
    por_deudor: pd.DataFrame  # cliente_id, fila, columna, saldo_vencido, recuperacion_esperada
    total_deudores: int
    total_saldo: float
    total_recuperacion: float
    pagos_sin_cartera: int  # pagos del historial cuya cuenta o deudor no está en la cartera


def _llave_deudor(cartera: pd.DataFrame) -> pd.Series:
    if "cliente_id" in cartera.columns:
        llave = cartera["cliente_id"]
        if "cuenta" in cartera.columns:
            if llave.hasnans:
                llave = llave.where(llave.notna(), cartera["cuenta"])
        return llave
    if "cuenta" in cartera.columns:
        return cartera["cuenta"]
    raise ErrorDatos("La cartera no tiene «cliente_id» ni «cuenta»: no se pueden contar deudores.",
                     "Revise los encabezados de la cartera.")


def _es_numerica(serie: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie)


def _ubicar(cartera: pd.DataFrame, variable: str, codigos: np.ndarray, n: int,
            principal: np.ndarray, recuperacion: np.ndarray, bandas: int) -> pd.Series:
    """La banda o categoría de cada deudor para ``variable`` (Series categórica de largo n)."""
    if variable == "recuperacion_esperada" and variable not in cartera.columns:
        columna = pd.Series(recuperacion, index=cartera.index)
    elif variable in cartera.columns:
        columna = cartera[variable]
    else:
        raise ErrorDatos(f"La cartera no tiene la columna «{variable}» para el mapa.",
                         "Elija otra variable con --filas o --columnas.")
    if variable == "dias_mora":
        dias = pd.to_numeric(columna, errors="coerce").astype("float64")
        por_deudor = dias.groupby(codigos).max().reindex(range(n))
        return asignar_tramo(por_deudor).reset_index(drop=True)
    if _es_numerica(columna):
        numeros = pd.to_numeric(columna, errors="coerce").astype("float64").to_numpy()
        validos = ~np.isnan(numeros)
        suma = np.bincount(codigos, weights=np.where(validos, numeros, 0.0), minlength=n)
        if variable.startswith(PREFIJOS_SUMA):
            por_deudor = suma
            por_deudor[np.bincount(codigos, weights=validos, minlength=n) == 0] = np.nan
        else:
            contados = np.bincount(codigos, weights=validos, minlength=n)
            with np.errstate(invalid="ignore", divide="ignore"):
                por_deudor = np.where(contados > 0, suma / np.where(contados > 0, contados, 1),
                                      np.nan)
        serie = pd.Series(por_deudor)
        distintos = np.unique(por_deudor[~np.isnan(por_deudor)])
        if len(distintos) > bandas:
            resultado = bandas_numericas(serie, n=bandas).asignar(serie)
        else:  # pocos valores: cada uno es su propia categoría
            etiquetas = [f"{v:g}".replace(".", ",") for v in distintos]
            codigo = np.searchsorted(distintos, por_deudor)
            codigo[np.isnan(por_deudor)] = -1
            resultado = pd.Series(pd.Categorical.from_codes(
                codigo, dtype=pd.CategoricalDtype(etiquetas, ordered=True)))
        return _con_sin_dato(resultado)
    # Categoría: la de la cuenta principal del deudor.
    valores = columna.to_numpy(dtype=object)[principal]
    codigo, unicos = pd.factorize(valores)  # los vacíos quedan en -1
    if pd.api.types.is_bool_dtype(columna):
        textos = ["sí" if bool(u) else "no" for u in unicos]
    else:
        textos = [str(u).strip() for u in unicos]
    if isinstance(columna.dtype, pd.CategoricalDtype) and columna.cat.ordered:
        orden = [str(c).strip() for c in columna.cat.categories if str(c).strip() in textos]
    else:
        orden = sorted(set(textos) - {""})
    posicion = {texto: i for i, texto in enumerate(orden)}
    traduccion = np.array([posicion.get(t, -1) for t in textos] + [-1], dtype="int64")
    final = traduccion[codigo]  # codigo -1 toma el último elemento (-1)
    if (final < 0).any():
        orden = [*orden, SIN_DATO]
        final = np.where(final < 0, len(orden) - 1, final)
    return pd.Series(pd.Categorical.from_codes(
        final, dtype=pd.CategoricalDtype(orden, ordered=True)))


def _con_sin_dato(serie: pd.Series) -> pd.Series:
    if serie.isna().any():
        serie = serie.cat.add_categories([SIN_DATO]).fillna(SIN_DATO)
    return serie


def calcular_mapa(
    cartera: pd.DataFrame,
    filas: str = "score",
    columnas: str = "saldo_vencido",
    historial_pagos: pd.DataFrame | None = None,
    bandas: int = 5,
) -> Mapa:
    """El mapa de posibilidades de ``cartera`` cruzando ``filas`` × ``columnas``."""
    if filas == columnas:
        raise ErrorUso(f"Las filas y las columnas del mapa son la misma variable («{filas}»).",
                       "Elija dos variables distintas.")
    if "saldo_vencido" not in cartera.columns:
        raise ErrorDatos("La cartera no tiene «saldo_vencido», que el mapa necesita.",
                         "Revise los encabezados de la cartera.")
    llave = _llave_deudor(cartera)
    codigos, unicos = pd.factorize(llave.to_numpy(dtype=object), use_na_sentinel=False)
    n = len(unicos)
    saldo = pd.to_numeric(cartera["saldo_vencido"], errors="coerce").astype("float64")
    saldo = saldo.fillna(0.0).to_numpy()
    saldo_deudor = np.bincount(codigos, weights=saldo, minlength=n)
    cuentas_deudor = np.bincount(codigos, minlength=n)

    usar_historial = historial_pagos is not None and len(historial_pagos) > 0
    if usar_historial:
        recuperacion_cuenta = np.zeros(len(cartera))
        fuente = FUENTE_HISTORIAL
    else:
        probabilidad, fuente = probabilidad_pago(cartera)
        recuperacion_cuenta = np.clip(saldo, 0.0, None) * probabilidad.to_numpy()
    recuperacion_deudor = np.bincount(codigos, weights=recuperacion_cuenta, minlength=n)

    # Cuenta principal de cada deudor: la de más saldo vencido.
    orden = np.lexsort((-saldo, codigos))
    primeras = np.flatnonzero(np.r_[True, codigos[orden][1:] != codigos[orden][:-1]])
    principal = orden[primeras]  # posición en la cartera, en orden de código de deudor

    fila = _ubicar(cartera, filas, codigos, n, principal, recuperacion_cuenta, bandas)
    columna = _ubicar(cartera, columnas, codigos, n, principal, recuperacion_cuenta, bandas)
    nf, nc = len(fila.cat.categories), len(columna.cat.categories)
    celda = fila.cat.codes.to_numpy().astype("int64") * nc + columna.cat.codes.to_numpy()

    def _cuadricula(pesos: np.ndarray | None) -> np.ndarray:
        return np.bincount(celda, weights=pesos, minlength=nf * nc).reshape(nf, nc)

    deudores = _cuadricula(None)
    cuentas = _cuadricula(cuentas_deudor.astype("float64")).astype("int64")
    saldos = _cuadricula(saldo_deudor)
    saldos_positivos = _cuadricula(np.clip(saldo_deudor, 0.0, None))

    pagos_sin_cartera = 0
    if usar_historial:
        pagado_deudor, pagos_sin_cartera = _pagos_por_deudor(historial_pagos, cartera, llave,
                                                             unicos)
        pagado = _cuadricula(pagado_deudor)
        with np.errstate(invalid="ignore", divide="ignore"):
            tasa = np.where(saldos_positivos > 0,
                            np.minimum(1.0, pagado / np.where(saldos_positivos > 0,
                                                               saldos_positivos, 1)), np.nan)
        recuperacion = np.nan_to_num(tasa) * saldos_positivos
        # La recuperación de cada deudor: la tasa de su celda por su saldo positivo.
        recuperacion_deudor = np.nan_to_num(tasa).ravel()[celda] * np.clip(saldo_deudor, 0, None)
        explicacion = (
            "La recuperación esperada sale del historial de pagos: en cada celda, lo pagado por "
            "sus deudores dividido por su saldo vencido (como mucho 100 %)."
        )
    else:
        recuperacion = _cuadricula(recuperacion_deudor)
        with np.errstate(invalid="ignore", divide="ignore"):
            tasa = np.where(saldos_positivos > 0,
                            recuperacion / np.where(saldos_positivos > 0, saldos_positivos, 1),
                            np.nan)
        if fuente == FUENTE_SCORE:
            explicacion = (
                "No hay historial de pagos: la recuperación esperada es el saldo vencido por una "
                "probabilidad de pago según el score (300 → 2 %, 500 → 10 %, 600 → 25 %, "
                "700 → 50 %, 800 → 75 %, 900 → 90 %); sin score, según el tramo de mora."
            )
        else:
            explicacion = (
                "No hay historial de pagos ni score: la recuperación esperada es el saldo vencido "
                "por una probabilidad de pago según el tramo de mora (al día 90 %, 1–30 60 %, "
                "31–60 35 %, 61–90 20 %, 91–120 12 %, 121–180 8 %, 181+ 3 %)."
            )

    indice = pd.Index(list(fila.cat.categories), name=filas)
    cols = pd.Index(list(columna.cat.categories), name=columnas)

    def _marco(valores: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(valores, index=indice, columns=cols)

    total_saldo = float(saldo_deudor.sum())
    total_positivo = float(saldos_positivos.sum())
    total_recuperacion = float(recuperacion.sum())
    celdas = pd.DataFrame({
        filas: np.repeat(indice.to_numpy(dtype=object), nc),
        columnas: np.tile(cols.to_numpy(dtype=object), nf),
        "deudores": deudores.ravel().astype("int64"),
        "cuentas": cuentas.ravel(),
        "saldo_vencido": saldos.ravel(),
        "recuperacion_esperada": recuperacion.ravel(),
        "tasa_recuperacion": tasa.ravel(),
        "participacion_deudores": deudores.ravel() / n if n else 0.0,
        "participacion_saldo": (saldos_positivos.ravel() / total_positivo
                                if total_positivo > 0 else 0.0),
        "participacion_recuperacion": (recuperacion.ravel() / total_recuperacion
                                       if total_recuperacion > 0 else 0.0),
    })
    por_deudor = pd.DataFrame({
        "cliente_id": pd.Series(np.asarray(unicos, dtype=object), dtype=object),
        "fila": fila.to_numpy(),
        "columna": columna.to_numpy(),
        "cuentas": cuentas_deudor,
        "saldo_vencido": saldo_deudor,
        "recuperacion_esperada": recuperacion_deudor,
    })
    return Mapa(
        filas=filas, columnas=columnas, fuente=fuente, explicacion=explicacion,
        deudores=_marco(deudores.astype("int64")), cuentas=_marco(cuentas),
        saldo_vencido=_marco(saldos), recuperacion_esperada=_marco(recuperacion),
        tasa_recuperacion=_marco(tasa), celdas=celdas, por_deudor=por_deudor,
        total_deudores=n, total_saldo=total_saldo, total_recuperacion=total_recuperacion,
        pagos_sin_cartera=pagos_sin_cartera,
    )


def _pagos_por_deudor(pagos: pd.DataFrame, cartera: pd.DataFrame, llave: pd.Series,
                      unicos) -> tuple[np.ndarray, int]:
    """Lo pagado por cada deudor (en el orden de ``unicos``) y cuántos pagos no se ubicaron."""
    if "monto" not in pagos.columns:
        raise ErrorDatos("El historial de pagos no tiene la columna «monto».",
                         "Revise los encabezados del archivo de pagos.")
    deudor_de_cuenta = {}
    if "cuenta" in cartera.columns:
        deudor_de_cuenta = pd.Series(llave.to_numpy(dtype=object),
                                     index=cartera["cuenta"].to_numpy(dtype=object))
        deudor_de_cuenta = deudor_de_cuenta[~deudor_de_cuenta.index.duplicated()]
    deudor = pd.Series(None, index=pagos.index, dtype=object)
    if "cliente_id" in pagos.columns:
        deudor = pagos["cliente_id"].astype(object)
    if "cuenta" in pagos.columns and len(deudor_de_cuenta):
        por_cuenta = pagos["cuenta"].map(deudor_de_cuenta)
        deudor = deudor.where(deudor.notna(), por_cuenta)
    if "cliente_id" not in pagos.columns and "cuenta" not in pagos.columns:
        raise ErrorDatos("El historial de pagos no tiene «cuenta» ni «cliente_id».",
                         "Revise los encabezados del archivo de pagos.")
    posicion = pd.Index(unicos).get_indexer(deudor.to_numpy(dtype=object))
    monto = pd.to_numeric(pagos["monto"], errors="coerce").astype("float64").fillna(0.0)
    ubicados = posicion >= 0
    pagado = np.bincount(posicion[ubicados], weights=monto.to_numpy()[ubicados],
                         minlength=len(unicos))
    return pagado, int((~ubicados).sum())
