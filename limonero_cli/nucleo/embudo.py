"""El embudo de cobranza: deudores asignados → gestionados → contactados → titular →
promesa → promesa cumplida, con montos y conversiones.

Lógica pura. Las definiciones son las de ``docs/arquitectura.md`` («Números que se
informan»):

- Se cuentan **deudores** (``cliente_id``), no cuentas ni intentos.
- ``asignadas``: deudores con al menos una asignación con ``fecha`` en el periodo. Cada
  deudor cuenta en el grupo de su **última** asignación del periodo (la última fila
  registrada de su último día), y de ella sale su ``saldo_asignado``.
- ``gestionadas``: de esos, los que tienen al menos una tipificación en el periodo.
- ``contactadas``: su mejor nivel del periodo es ``contacto_tercero`` o más (los niveles
  se ordenan como en :data:`NIVELES`; un código fuera del catálogo cuenta como intento
  pero no como contacto).
- ``contacto_titular``: mejor nivel ``contacto_titular`` o más.
- ``promesas``: al menos una promesa (código de nivel ``promesa``) hecha en el periodo.
- ``promesas_cumplidas``: al menos una de esas promesas está cumplida
  (ver :mod:`limonero_cli.nucleo.promesas`; los pagos que la cumplen pueden caer después
  del periodo, hasta ``fecha``).
- ``monto_prometido``: suma de los montos de esas promesas.
- ``monto_recuperado``: pagos con fecha en el periodo de los deudores asignados, hayan sido
  contactados o no.
- ``conv_<paso>``: el paso dividido por el paso anterior; ``tasa_<paso>``: el paso dividido
  por ``asignadas``; ``tasa_recuperacion``: ``monto_recuperado / saldo_asignado``. Son
  fracciones (0,25 = 25 %); vacías (NaN) cuando el denominador es cero.

Como cada paso es un subconjunto del anterior, los conteos nunca crecen de un paso al
siguiente.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorUso
from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import NIVELES, RANGO_NIVEL, preparar_catalogo, rango_de_codigos

__all__ = ["DIMENSIONES", "NIVELES", "PASOS", "SIN_DATO", "calcular_embudo", "columnas_embudo"]

#: Dimensiones por las que se puede abrir el embudo (columnas de las asignaciones).
DIMENSIONES = ("tratamiento", "etapa", "segmento", "asesor", "canal", "variante")

#: Pasos del embudo, en orden.
PASOS = ("asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas")

#: Etiqueta de un grupo cuya dimensión viene vacía.
SIN_DATO = "(sin dato)"

MONTOS = ("monto_prometido", "monto_recuperado", "saldo_asignado")


def columnas_embudo(por: list[str]) -> list[str]:
    """Columnas del resultado de :func:`calcular_embudo`, en orden."""
    conversiones = [f"conv_{p}" for p in PASOS[1:]]
    tasas = [f"tasa_{p}" for p in PASOS[1:]]
    return ["grupo", *por, *PASOS, *MONTOS, *conversiones, *tasas, "tasa_recuperacion"]


def normalizar_por(por: list[str] | str | None) -> list[str]:
    """Valida ``por``: ninguna, una o dos dimensiones de :data:`DIMENSIONES`.

    Acepta una lista o un texto separado por comas (``"tratamiento,etapa"``).
    """
    if por is None:
        return []
    if isinstance(por, str):
        por = [p for p in por.split(",")]
    dims = [str(p).strip().lower() for p in por if str(p).strip()]
    desconocidas = [d for d in dims if d not in DIMENSIONES]
    if desconocidas:
        raise ErrorUso(
            f"No se puede abrir el embudo por «{desconocidas[0]}».",
            f"Use una o dos de: {', '.join(DIMENSIONES)} (por ejemplo --por tratamiento,etapa).",
        )
    if len(dims) > 2:
        raise ErrorUso(
            f"El embudo se abre por una o dos dimensiones, no por {len(dims)} ({', '.join(dims)}).",
            "Elija dos, por ejemplo --por tratamiento,etapa.",
        )
    if len(set(dims)) != len(dims):
        raise ErrorUso(f"La dimensión «{dims[0]}» está repetida en --por.", "Escríbala una sola vez.")
    return dims


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _en_periodo(fechas: pd.Series, desde: date | None, hasta: date | None) -> np.ndarray:
    """Máscara de las fechas (o fechas y horas) cuyo día cae entre ``desde`` y ``hasta``."""
    dias = pd.to_datetime(fechas, errors="coerce").dt.normalize()
    mascara = dias.notna().to_numpy(dtype=bool, copy=True)
    if desde is not None:
        mascara &= (dias >= pd.Timestamp(desde).normalize()).fillna(False).to_numpy(dtype=bool)
    if hasta is not None:
        mascara &= (dias <= pd.Timestamp(hasta).normalize()).fillna(False).to_numpy(dtype=bool)
    return mascara


def _dividir(numerador: pd.Series, denominador: pd.Series) -> pd.Series:
    num = numerador.astype("float64")
    den = denominador.astype("float64")
    return (num / den).where(den > 0)


def calcular_embudo(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    por: list[str] | None,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> pd.DataFrame:
    """Embudo por grupo (una fila por grupo; una sola fila «Total» si ``por`` está vacío).

    ``grupo`` es la etiqueta del grupo: ``"Total"``, el valor de la dimensión, o
    ``"A / B"`` con dos dimensiones. Los datos pueden traer todo el historial: aquí se
    filtra el periodo ``[desde, hasta]`` (ambos incluidos; ``None`` = sin límite).

    Ejemplo: ``calcular_embudo(asig, tip, pag, cat, ["tratamiento"], date(2025, 7, 1),
    date(2025, 7, 31), 2, 5.0, date(2025, 8, 3))``.
    """
    dims = normalizar_por(por)
    columnas = columnas_embudo(dims)

    # 1. Deudores asignados en el periodo y su última asignación.
    en_periodo = _en_periodo(_columna(asignaciones, "fecha"), desde, hasta)
    asig = pd.DataFrame(
        {
            "cliente_id": _columna(asignaciones, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "fecha": pd.to_datetime(_columna(asignaciones, "fecha"), errors="coerce").to_numpy()[en_periodo],
            "saldo_vencido": pd.to_numeric(_columna(asignaciones, "saldo_vencido"), errors="coerce").to_numpy(
                dtype="float64"
            )[en_periodo],
        }
    )
    for dim in dims:
        asig[dim] = _columna(asignaciones, dim).to_numpy(dtype=object)[en_periodo]
    asig = asig[asig["cliente_id"].notna()]
    asig = asig.sort_values("fecha", kind="stable").drop_duplicates("cliente_id", keep="last")
    deudores = pd.Index(asig["cliente_id"].to_numpy(dtype=object))
    n = len(deudores)

    por_deudor = pd.DataFrame(index=range(n))
    for dim in dims:
        valores = asig[dim].astype("string").str.strip()
        valores = valores.where(valores.notna() & (valores != ""), SIN_DATO)
        por_deudor[dim] = valores.to_numpy(dtype=object)
    por_deudor["saldo_asignado"] = np.nan_to_num(asig["saldo_vencido"].to_numpy(dtype="float64"))

    # 2. Mejor nivel de cada deudor en el periodo.
    cat = preparar_catalogo(catalogo)
    mejor = np.full(n, -2, dtype=np.int64)  # -2 = sin intentos
    promesas = np.zeros(n, dtype=np.int64)
    cumplidas = np.zeros(n, dtype=np.int64)
    prometido = np.zeros(n, dtype="float64")
    if n and len(tipificaciones):
        rango_todas = rango_de_codigos(_columna(tipificaciones, "codigo"), cat)
        mascara = _en_periodo(_columna(tipificaciones, "fecha_hora"), desde, hasta)
        ids = _columna(tipificaciones, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        rango = rango_todas[mascara]
        asignado = posicion >= 0
        np.maximum.at(mejor, posicion[asignado], rango[asignado])

        # 3. Promesas hechas en el periodo y su cumplimiento (pagos hasta ``fecha``). Se evalúan
        # todas las promesas (también las anteriores al periodo: se llevan pagos primero).
        es_promesa = rango_todas == RANGO_NIVEL["promesa"]
        columnas_promesa = [c for c in ("cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa") if c in tipificaciones.columns]
        evaluadas = evaluar_promesas(
            tipificaciones.loc[es_promesa, columnas_promesa], pagos, catalogo, dias_gracia, tolerancia_pct, fecha
        )
        evaluadas = evaluadas[_en_periodo(evaluadas["fecha_hora"], desde, hasta)]
        posicion = deudores.get_indexer(pd.Index(evaluadas["cliente_id"].to_numpy(dtype=object), dtype=object))
        asignado = posicion >= 0
        posicion = posicion[asignado]
        np.add.at(promesas, posicion, 1)
        np.add.at(cumplidas, posicion, (evaluadas["estado"].to_numpy()[asignado] == "cumplida").astype(np.int64))
        np.add.at(prometido, posicion, np.nan_to_num(evaluadas["monto_promesa"].to_numpy(dtype="float64")[asignado]))
    por_deudor["asignadas"] = 1
    por_deudor["gestionadas"] = (mejor >= -1).astype(np.int64)
    por_deudor["contactadas"] = (mejor >= RANGO_NIVEL["contacto_tercero"]).astype(np.int64)
    por_deudor["contacto_titular"] = (mejor >= RANGO_NIVEL["contacto_titular"]).astype(np.int64)
    por_deudor["promesas"] = (promesas > 0).astype(np.int64)
    por_deudor["promesas_cumplidas"] = (cumplidas > 0).astype(np.int64)
    por_deudor["monto_prometido"] = prometido

    # 4. Pagos del periodo de los deudores asignados.
    recuperado = np.zeros(n, dtype="float64")
    if n and len(pagos):
        mascara = _en_periodo(_columna(pagos, "fecha"), desde, hasta)
        ids = _columna(pagos, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        montos = np.nan_to_num(pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")[mascara])
        asignado = posicion >= 0
        recuperado = np.bincount(posicion[asignado], weights=montos[asignado], minlength=n).astype("float64")
    por_deudor["monto_recuperado"] = recuperado

    # 5. Agregar por grupo.
    sumas = list(PASOS) + list(MONTOS)
    if dims:
        tabla = por_deudor.groupby(dims, sort=True, dropna=False)[sumas].sum().reset_index()
        grupo = tabla[dims[0]].astype(str)
        if len(dims) > 1:
            grupo = grupo + " / " + tabla[dims[1]].astype(str)
        tabla["grupo"] = grupo.to_numpy(dtype=object)
    else:
        tabla = por_deudor[sumas].sum().to_frame().T
        tabla["grupo"] = "Total"
    for paso in PASOS:
        tabla[paso] = tabla[paso].astype(np.int64)
    for monto in MONTOS:
        tabla[monto] = tabla[monto].astype("float64").round(2)
    for previo, paso in zip(PASOS[:-1], PASOS[1:]):
        tabla[f"conv_{paso}"] = _dividir(tabla[paso], tabla[previo])
        tabla[f"tasa_{paso}"] = _dividir(tabla[paso], tabla["asignadas"])
    tabla["tasa_recuperacion"] = _dividir(tabla["monto_recuperado"], tabla["saldo_asignado"])
    return tabla[columnas].reset_index(drop=True)
