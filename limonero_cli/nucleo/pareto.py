"""Pareto / ABC de la cartera: qué parte de los deudores concentra el dinero.

Se suma la medida (saldo vencido, por defecto) por deudor (``cliente_id``) o por
el valor de una dimensión (``sucursal``, ``asesor``...), se ordena de mayor a
menor y se asigna la clase:

- **A**: los primeros, hasta alcanzar el primer corte (80 % por defecto; el que
  lo cruza es A);
- **B**: los siguientes, hasta el segundo corte (95 %);
- **C**: el resto, y todo deudor cuyo total es 0 o negativo (notas crédito).

Las participaciones se calculan sobre la suma de los totales positivos. Los
saldos negativos de un deudor se restan de su total antes de clasificarlo.

Ejemplo::

    p = calcular_pareto(cartera)
    p.titular   # "el 18,0 % de los deudores (684 de 3.800) concentra el 80,1 % del saldo vencido"
    cartera["clase_pareto"] = p.clase_por_fila
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos
from limonero_cli.nucleo.mapa import SIN_DATO, recuperacion_esperada_por_cuenta

CLASES = ("A", "B", "C")

NOMBRES_PLURALES = {
    "cliente_id": "los deudores",
    "cuenta": "las cuentas",
    "sucursal": "las sucursales",
    "region": "las regiones",
    "producto": "los productos",
    "asesor": "los asesores",
    "segmento": "los segmentos",
    "tratamiento": "los tratamientos",
    "etapa": "las etapas",
    "pais": "los países",
}
NOMBRES_MEDIDAS = {
    "saldo_vencido": "del saldo vencido",
    "saldo_total": "del saldo total",
    "recuperacion_esperada": "de la recuperación esperada",
}


def porcentaje_es(fraccion: float, decimales: int = 1) -> str:
    """``0.18`` → ``"18,0 %"``."""
    if fraccion is None or not math.isfinite(fraccion):
        return "–"
    return f"{fraccion * 100:.{decimales}f}".replace(".", ",") + " %"


def _entero_es(valor: int) -> str:
    return f"{int(valor):,}".replace(",", ".")


@dataclass(frozen=True)
class Pareto:
    """Resultado del análisis ABC."""

    por: str  # la columna agrupada ("cliente_id" si es por deudor)
    medida: str
    cortes: tuple[float, float]
    tabla: pd.DataFrame  # una fila por deudor o valor, de mayor a menor total
    resumen: pd.DataFrame  # una fila por clase A, B, C
    clase_por_fila: pd.Series  # la clase de cada fila de la cartera (mismo índice)
    total: float  # suma de los totales positivos (denominador de las participaciones)
    titular: str


def calcular_pareto(
    cartera: pd.DataFrame,
    por: str | None = None,
    medida: str = "saldo_vencido",
    cortes: Sequence[float] = (0.8, 0.95),
) -> Pareto:
    """Clases ABC por deudor (``por=None``) o por una dimensión, según ``medida``.

    ``medida`` es una columna numérica de la cartera; ``"recuperacion_esperada"``
    se estima con el score (ver ``nucleo.mapa``) si la cartera no la trae.
    """
    corte_a, corte_b = (float(c) for c in cortes)
    if not 0 < corte_a < corte_b <= 1:
        raise ErrorDatos(
            f"Los cortes del Pareto ({corte_a:g} y {corte_b:g}) deben cumplir 0 < A < B ≤ 1.",
            "Use, por ejemplo, 0,8 y 0,95.",
        )
    # La llave de agrupación.
    if por is None or por == "cliente_id":
        por = "cliente_id"
        if "cliente_id" in cartera.columns:
            llave = cartera["cliente_id"]
            if "cuenta" in cartera.columns and llave.hasnans:
                llave = llave.where(llave.notna(), cartera["cuenta"])
        elif "cuenta" in cartera.columns:
            llave = cartera["cuenta"]
        else:
            raise ErrorDatos("La cartera no tiene «cliente_id» ni «cuenta»: no se puede agrupar "
                             "por deudor.", "Revise los encabezados de la cartera.")
    elif por in cartera.columns:
        llave = cartera[por]
    else:
        raise ErrorDatos(f"La cartera no tiene la columna «{por}» para agrupar el Pareto.",
                         "Elija una columna de la cartera con --por.")
    # La medida.
    if medida in cartera.columns:
        valores = pd.to_numeric(cartera[medida], errors="coerce")
    elif medida == "recuperacion_esperada":
        valores = recuperacion_esperada_por_cuenta(cartera)
    else:
        raise ErrorDatos(f"La cartera no tiene la columna «{medida}» para medir el Pareto.",
                         "Use saldo_vencido, recuperacion_esperada u otra columna numérica.")
    valores = valores.astype("float64").fillna(0.0).to_numpy()

    # Totales por grupo (los vacíos de una dimensión forman su propio grupo).
    codigos, unicos = pd.factorize(llave.to_numpy(dtype=object), use_na_sentinel=False)
    n = len(unicos)
    totales = np.bincount(codigos, weights=valores, minlength=n)
    cuentas = np.bincount(codigos, minlength=n)
    # Orden: total descendente; a igual total, el orden de aparición (estable).
    orden = np.argsort(-totales, kind="stable")
    tot_ord = totales[orden]
    positivos = np.clip(tot_ord, 0.0, None)
    total = float(positivos.sum())
    if total > 0:
        participacion = positivos / total
        acumulada = np.cumsum(participacion)
        previa = acumulada - participacion
    else:
        participacion = np.zeros(n)
        acumulada = np.zeros(n)
        previa = np.ones(n)  # nada que concentrar: todo es C
    # Comparar con una pequeña tolerancia para que 0,8 exacto no se pierda por redondeo.
    eps = 1e-12
    clase_cod = np.where(previa < corte_a - eps, 0, np.where(previa < corte_b - eps, 1, 2))
    clase_cod[tot_ord <= 0] = 2

    nombres = np.asarray(unicos, dtype=object)
    if por != "cliente_id":
        nombres = np.where(pd.isna(nombres), SIN_DATO, nombres)  # el grupo de los vacíos
    etiquetas = np.array(CLASES, dtype=object)
    tabla = pd.DataFrame({
        por: pd.Series(nombres[orden], dtype=object),
        "cuentas": cuentas[orden],
        medida: tot_ord,
        "participacion": participacion,
        "participacion_acumulada": acumulada,
        "clase": etiquetas[clase_cod],
        "rango": np.arange(1, n + 1),
    })
    # Clase de cada fila de la cartera.
    clase_de_grupo = np.empty(n, dtype="int64")
    clase_de_grupo[orden] = clase_cod
    clase_por_fila = pd.Series(
        pd.Categorical.from_codes(clase_de_grupo[codigos],
                                  dtype=pd.CategoricalDtype(list(CLASES), ordered=True)),
        index=cartera.index, name="clase_pareto",
    )
    # Resumen por clase.
    cantidad = np.bincount(clase_cod, minlength=3)
    suma = np.bincount(clase_cod, weights=tot_ord, minlength=3)
    suma_pos = np.bincount(clase_cod, weights=positivos, minlength=3)
    resumen = pd.DataFrame({
        "cantidad": cantidad,
        "participacion_cantidad": cantidad / n if n else np.zeros(3),
        medida: suma,
        "participacion": suma_pos / total if total > 0 else np.zeros(3),
    }, index=pd.Index(CLASES, name="clase"))

    plural = NOMBRES_PLURALES.get(por, f"los valores de «{por}»")
    nombre_medida = NOMBRES_MEDIDAS.get(medida, f"de «{medida}»")
    if total > 0:
        titular = (
            f"el {porcentaje_es(cantidad[0] / n)} de {plural} "
            f"({_entero_es(cantidad[0])} de {_entero_es(n)}) concentra el "
            f"{porcentaje_es(resumen['participacion'].iloc[0])} {nombre_medida}"
        )
    else:
        titular = (f"nada que concentrar: ninguno de {plural} ({_entero_es(n)}) tiene un total "
                   f"positivo {nombre_medida}")
    return Pareto(
        por=por, medida=medida, cortes=(corte_a, corte_b), tabla=tabla, resumen=resumen,
        clase_por_fila=clase_por_fila, total=total, titular=titular,
    )
