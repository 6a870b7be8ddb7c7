"""Capacidad operativa: la carga que la estrategia generará en los próximos días.

Para cada día del horizonte se arma la lista del día con ``construir_lista``
sobre la cartera envejecida (un día más de mora por día; nadie paga, o una
tasa de cura diaria supuesta saca esa parte de los deudores) y se cuenta, por
canal, la **demanda**: filas asignadas + desbordes (lo que la estrategia pide
hacer, quepa o no). La demanda se compara con la **capacidad**:

- canal masivo: la capacidad diaria de la plataforma (hoja ``canales``; vacía =
  sin límite);
- canal de asesor: la suma de las capacidades diarias de los asesores activos
  que atienden ese canal, más los asesores nombrados en la cartera que no
  están en la hoja ``asesores`` (con la capacidad por defecto de
  ``parametros``). Un asesor que atiende varios canales reparte su capacidad
  entre ellos: la fila «asesores (todos los canales)» la cuenta una sola vez.

Asesores necesarios de un canal de asesor = ⌈demanda ÷ gestiones por asesor y
día del canal⌉ (columna ``capacidad_diaria`` de ``canales``; si está vacía, la
capacidad por defecto de ``parametros``).

Cada día usa la historia dada (la de la bitácora, o vacía) y, como cuando se
corre ``limonero lista`` cada día con la misma bitácora, las asignaciones de
los días proyectados anteriores (cuentan para las reglas de contacto); no se
suponen tipificaciones ni pagos. Con ``acumular=False`` cada día usa solo la
historia dada.

Ejemplo::

    c = calcular_capacidad(cartera, estrategia, dt.date(2025, 3, 14), dias=5)
    c.carga        # una fila por día y canal: demanda, capacidad, faltante, asesores necesarios
    c.por_dia      # una fila por día: deudores, demanda de asesores, asesores necesarios
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorUso
from limonero_cli.estrategia.modelo import Estrategia
from limonero_cli.nucleo.listas import Historial, ListaDelDia, construir_lista, filas_para_bitacora
from limonero_cli.nucleo.reparto import puestos_de_asesores

MAX_DIAS = 366


@dataclass(frozen=True)
class CapacidadCanal:
    """La capacidad diaria de un canal (``capacidad`` ``None`` = sin límite)."""

    canal: str
    tipo: str  # "asesor" o "masivo"
    capacidad: float | None
    por_asesor: int | None  # gestiones por asesor y día (solo canales de asesor)
    asesores: int  # asesores que lo atienden (solo canales de asesor)


@dataclass(frozen=True)
class Capacidad:
    """Resultado de la proyección de carga contra capacidad."""

    fecha_inicio: dt.date
    dias: int
    cura: float  # fracción diaria de deudores que se supone paga y sale
    canales: tuple[CapacidadCanal, ...]
    carga: pd.DataFrame  # una fila por día y canal
    por_dia: pd.DataFrame  # una fila por día: totales
    asesores_sin_ficha: tuple[str, ...]
    capacidad_asesores: int  # suma de capacidades de todos los asesores (una vez cada uno)
    asesores_disponibles: int


def _orden_de_cura(clientes: pd.Series) -> pd.Series:
    """Un número estable en [0, 1) por deudor: decide quién "paga" primero con la cura supuesta."""
    unicos = pd.unique(clientes.astype(str))
    valores = [
        int.from_bytes(hashlib.blake2b(c.encode("utf-8"), digest_size=8).digest(), "big") / 2**64
        for c in unicos
    ]
    return pd.Series(valores, index=unicos).sort_values(kind="stable")


def curados_hasta(orden: pd.Series, dia: int, cura: float) -> set[str]:
    """Los deudores que, con una cura diaria ``cura``, ya salieron ``dia`` días después.

    Sale la parte ``1 - (1 - cura) ** dia`` de los deudores, siempre los mismos
    y en el mismo orden (un deudor curado no vuelve).
    """
    if cura <= 0 or dia <= 0:
        return set()
    cuantos = int(round(len(orden) * (1.0 - (1.0 - cura) ** dia)))
    return set(orden.index[:cuantos])


def cartera_del_dia(cartera: pd.DataFrame, dia: int, curados: set[str] = frozenset()) -> pd.DataFrame:
    """La cartera ``dia`` días después: un día más de mora por día, sin los deudores curados."""
    nueva = cartera
    if curados:
        nueva = nueva[~nueva["cliente_id"].astype(str).isin(curados)]
    nueva = nueva.copy()
    nueva["dias_mora"] = nueva["dias_mora"] + dia
    return nueva


def capacidad_de_canales(estrategia: Estrategia, asesores_sin_ficha=()) -> tuple[CapacidadCanal, ...]:
    """La capacidad diaria de cada canal de la hoja ``canales``."""
    puestos = puestos_de_asesores(estrategia, set(asesores_sin_ficha))
    por_defecto = int(estrategia.parametros.capacidad_asesor)
    resultado = []
    for canal in estrategia.canales:
        if canal.tipo == "asesor":
            atienden = [p for p in puestos.values() if not p.canales or canal.canal in p.canales]
            resultado.append(CapacidadCanal(
                canal=canal.canal, tipo="asesor",
                capacidad=float(sum(p.capacidad for p in atienden)),
                por_asesor=int(canal.capacidad_diaria) if canal.capacidad_diaria else por_defecto,
                asesores=len(atienden),
            ))
        else:
            resultado.append(CapacidadCanal(
                canal=canal.canal, tipo="masivo",
                capacidad=None if canal.capacidad_diaria is None else float(canal.capacidad_diaria),
                por_asesor=None, asesores=0,
            ))
    return tuple(resultado)


def demanda_de_lista(lista: ListaDelDia) -> pd.DataFrame:
    """Filas asignadas, desbordes y demanda (la suma) por canal de una lista del día."""
    asignadas = lista.filas["canal"].value_counts() if len(lista.filas) else pd.Series(dtype="int64")
    desbordes = (lista.desbordes["canal"].value_counts() if len(lista.desbordes)
                 else pd.Series(dtype="int64"))
    tabla = pd.DataFrame({"asignadas": asignadas, "desbordes": desbordes}).fillna(0).astype("int64")
    tabla["demanda"] = tabla["asignadas"] + tabla["desbordes"]
    tabla.index.name = "canal"
    return tabla


def _asignaciones_del_dia(lista: ListaDelDia) -> pd.DataFrame:
    filas = filas_para_bitacora(lista)
    filas.insert(0, "fecha", pd.Timestamp(lista.fecha))
    return filas


def calcular_capacidad(
    cartera: pd.DataFrame,
    estrategia: Estrategia,
    fecha: dt.date,
    dias: int,
    cura: float = 0.0,
    historial: Historial | None = None,
    acumular: bool = True,
) -> Capacidad:
    """Proyecta la carga diaria por canal de ``fecha`` a ``fecha + dias - 1`` contra la capacidad.

    ``cartera`` trae columnas canónicas con ``dias_mora`` al día ``fecha``; ``cura``
    es la fracción diaria de deudores que se supone paga (0 = nadie paga).
    Con ``acumular``, las asignaciones de cada día proyectado entran en la historia
    de los días siguientes, como cuando se corre ``limonero lista`` cada día con la
    misma bitácora; sin ``acumular``, cada día usa solo ``historial``.
    """
    if not 1 <= int(dias) <= MAX_DIAS:
        raise ErrorUso(f"Los días de la proyección ({dias}) deben estar entre 1 y {MAX_DIAS}.",
                       "Ejemplo: --dias 10")
    if not 0 <= cura < 1:
        raise ErrorUso(f"La cura diaria supuesta ({cura * 100:g} %) debe estar entre 0 y 100 %.",
                       "Ejemplo: --cura 2 (el 2 % de los deudores paga cada día).")
    dias = int(dias)
    historial = historial or Historial.vacio()
    orden = _orden_de_cura(cartera["cliente_id"]) if cura > 0 else pd.Series(dtype=float)
    tipos = {c.canal: c.tipo for c in estrategia.canales}

    registros, resumen_dias = [], []
    sin_ficha: set[str] = set()
    acumuladas: list[pd.DataFrame] = []
    for k in range(dias):
        dia = fecha + dt.timedelta(days=k)
        del_dia = cartera_del_dia(cartera, k, curados_hasta(orden, k, cura))
        if acumuladas:
            asignaciones = pd.concat([historial.asignaciones, *acumuladas], ignore_index=True)
            historial_dia = Historial(historial.tipificaciones, historial.pagos, asignaciones)
        else:
            historial_dia = historial
        lista = construir_lista(del_dia, estrategia, historial_dia, dia)
        if acumular:
            acumuladas.append(_asignaciones_del_dia(lista))
        sin_ficha |= set(lista.asesores_sin_ficha)
        demanda = demanda_de_lista(lista)
        for canal, fila in demanda.iterrows():
            registros.append({"fecha": dia, "canal": canal, "asignadas": int(fila["asignadas"]),
                              "desbordes": int(fila["desbordes"]), "demanda": int(fila["demanda"])})
        resumen_dias.append({"fecha": dia, "cuentas": lista.cuentas, "deudores": lista.deudores})

    canales = capacidad_de_canales(estrategia, sin_ficha)
    carga = _tabla_de_carga(registros, canales, tipos, fecha, dias)
    puestos = puestos_de_asesores(estrategia, sin_ficha)
    capacidad_asesores = int(sum(p.capacidad for p in puestos.values()))
    por_dia = _tabla_por_dia(carga, pd.DataFrame(resumen_dias), capacidad_asesores, len(puestos))
    return Capacidad(
        fecha_inicio=fecha, dias=dias, cura=float(cura), canales=canales, carga=carga,
        por_dia=por_dia, asesores_sin_ficha=tuple(sorted(sin_ficha)),
        capacidad_asesores=capacidad_asesores, asesores_disponibles=len(puestos),
    )


def _tabla_de_carga(registros: list[dict], canales: tuple[CapacidadCanal, ...], tipos: dict,
                    fecha: dt.date, dias: int) -> pd.DataFrame:
    """Una fila por día y canal (todos los canales de la estrategia, y los que aparezcan)."""
    nombres = [c.canal for c in canales]
    vistos = pd.DataFrame(registros, columns=["fecha", "canal", "asignadas", "desbordes", "demanda"])
    otros = sorted(set(vistos["canal"].dropna()) - set(nombres))
    fechas = [fecha + dt.timedelta(days=k) for k in range(dias)]
    indice = pd.MultiIndex.from_product([fechas, [*nombres, *otros]], names=["fecha", "canal"])
    carga = (vistos.set_index(["fecha", "canal"]).reindex(indice).fillna(0).astype("int64")
             .reset_index())
    por_canal = {c.canal: c for c in canales}
    carga["tipo"] = carga["canal"].map(lambda c: tipos.get(c, "otro"))
    capacidad = carga["canal"].map(
        lambda c: por_canal[c].capacidad if c in por_canal else None).astype("float64")
    carga["capacidad"] = capacidad
    carga["faltante"] = np.where(capacidad.isna(), 0,
                                 np.clip(carga["demanda"] - capacidad.fillna(0), 0, None)).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        carga["uso"] = np.where(capacidad > 0, carga["demanda"] / capacidad.where(capacidad > 0), np.nan)
    por_asesor = carga["canal"].map(
        lambda c: por_canal[c].por_asesor if c in por_canal else None).astype("float64")
    necesarios = np.ceil(carga["demanda"] / por_asesor)
    carga["asesores_necesarios"] = pd.array(
        np.where(por_asesor.notna(), necesarios, np.nan), dtype="Float64").astype("Int64")
    carga["asesores_disponibles"] = pd.array(
        [por_canal[c].asesores if c in por_canal and por_canal[c].tipo == "asesor" else None
         for c in carga["canal"]], dtype="Int64")
    return carga[["fecha", "canal", "tipo", "asignadas", "desbordes", "demanda", "capacidad",
                  "faltante", "uso", "asesores_necesarios", "asesores_disponibles"]]


def _tabla_por_dia(carga: pd.DataFrame, resumen: pd.DataFrame, capacidad_asesores: int,
                   disponibles: int) -> pd.DataFrame:
    """Totales por día; la demanda de asesores contra la capacidad de todos los asesores."""
    de_asesor = carga[carga["tipo"].eq("asesor")]
    masivo = carga[~carga["tipo"].eq("asesor")]
    por_dia = pd.DataFrame({
        "demanda_asesores": de_asesor.groupby("fecha")["demanda"].sum(),
        "desbordes_asesores": de_asesor.groupby("fecha")["desbordes"].sum(),
        "asesores_necesarios": de_asesor.groupby("fecha")["asesores_necesarios"].sum(),
        "demanda_masiva": masivo.groupby("fecha")["demanda"].sum(),
        "desbordes_masivos": masivo.groupby("fecha")["desbordes"].sum(),
    }).reindex(resumen["fecha"]).fillna(0).astype("int64")
    por_dia = resumen.set_index("fecha").join(por_dia).reset_index()
    por_dia["capacidad_asesores"] = capacidad_asesores
    por_dia["faltante_asesores"] = np.clip(por_dia["demanda_asesores"] - capacidad_asesores, 0,
                                           None).astype("int64")
    por_dia["asesores_disponibles"] = disponibles
    return por_dia


def dia_semana(fecha: dt.date) -> str:
    """El nombre del día de la semana en español."""
    from limonero_cli.estrategia.modelo import DIAS_SEMANA

    return DIAS_SEMANA[fecha.weekday()]

