"""Reparto de las filas de la lista entre asesores y plataformas masivas.

Reglas, en orden:
1. Los canales masivos (SMS, WhatsApp, correo, carta) no tienen asesor: se
   llenan por prioridad hasta la capacidad diaria de la plataforma.
2. En los canales de asesor (llamada, visita) cada asesor conserva a sus
   deudores (la columna ``asesor`` de la cartera; si la cartera no lo dice, el
   asesor que tuvo el deudor en listas anteriores) hasta su capacidad diaria.
3. Lo que no le cabe a su asesor, los deudores sin asesor y los de asesores
   inactivos van, por prioridad, a los asesores activos con lugar que
   atienden ese canal y tratamiento, repartidos por turnos.
4. Lo que aún no cabe es desborde: se devuelve aparte con su motivo.
Un asesor que aparece en la cartera pero no en la hoja ``asesores`` trabaja
con la capacidad por defecto de ``parametros``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.estrategia.modelo import Estrategia


@dataclass
class _Puesto:
    asesor: str
    canales: frozenset
    tratamientos: frozenset
    capacidad: int
    usados: int = 0

    @property
    def libres(self) -> int:
        return max(self.capacidad - self.usados, 0)

    def atiende(self, canal: str, tratamiento) -> bool:
        canal_ok = not self.canales or canal in self.canales
        tratamiento_ok = not self.tratamientos or tratamiento in self.tratamientos
        return canal_ok and tratamiento_ok


def puestos_de_asesores(estrategia: Estrategia, asesores_sin_ficha: set[str]) -> dict[str, _Puesto]:
    puestos = {
        a.asesor: _Puesto(a.asesor, frozenset(a.canales), frozenset(a.tratamientos), int(a.capacidad_diaria))
        for a in estrategia.asesores
        if a.activo
    }
    for nombre in sorted(asesores_sin_ficha):  # en orden fijo: el de un conjunto cambia de una corrida a otra
        puestos[nombre] = _Puesto(nombre, frozenset(), frozenset(), estrategia.parametros.capacidad_asesor)
    return puestos


def repartir_filas(
    filas: pd.DataFrame, estrategia: Estrategia, asesores_sin_ficha: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Devuelve (filas asignadas, desbordes con ``motivo_desborde``)."""
    tipos = {c.canal: c.tipo for c in estrategia.canales}
    capacidad_canal = {c.canal: c.capacidad_diaria for c in estrategia.canales}
    filas = filas.sort_values("prioridad_orden", kind="stable").reset_index(drop=True)
    filas["asesor_cartera"] = filas["asesor"].fillna("").astype(str).str.strip()
    if "asesor_anterior" in filas:  # sin asesor en la cartera: el que tuvo en listas anteriores
        anterior = filas["asesor_anterior"].fillna("").astype(str).str.strip()
        filas["asesor_cartera"] = filas["asesor_cartera"].where(filas["asesor_cartera"].ne(""), anterior)
    de_asesor = filas["canal"].map(tipos).eq("asesor")

    masivas, desborde_masivo = _repartir_masivas(filas[~de_asesor], capacidad_canal)
    puestos = puestos_de_asesores(estrategia, asesores_sin_ficha)
    personales, desborde_personal = _repartir_personales(filas[de_asesor], puestos)

    asignadas = pd.concat([personales, masivas], ignore_index=True)
    asignadas = asignadas.sort_values(["asesor", "canal", "prioridad_orden"], kind="stable", na_position="last")
    asignadas["prioridad"] = asignadas.groupby(["asesor", "canal"], dropna=False).cumcount() + 1
    desbordes = pd.concat([desborde_personal, desborde_masivo], ignore_index=True)
    return asignadas.reset_index(drop=True), desbordes.reset_index(drop=True)


def _repartir_masivas(filas: pd.DataFrame, capacidad_canal: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    filas = filas.copy()
    filas["asesor"] = None
    puesto = filas.groupby("canal").cumcount()
    # como números: con pyarrow, ``map`` de una columna de textos a solo vacíos sigue siendo de textos
    capacidad = filas["canal"].map(capacidad_canal).astype(float)
    cabe = capacidad.isna() | (puesto < capacidad)
    desborde = filas[~cabe].assign(motivo_desborde="sin capacidad en la plataforma del canal")
    return filas[cabe], desborde


def _atienden(asesores: pd.Series, canales: pd.Series, tratamientos: pd.Series, puestos: dict[str, _Puesto]) -> np.ndarray:
    """¿El asesor de cada fila (activo) atiende su canal y tratamiento? Se evalúa por combinación, no por fila."""
    llaves = pd.DataFrame(
        {
            "asesor": asesores.to_numpy(dtype=object),
            "canal": canales.astype(object).fillna("").to_numpy(dtype=object),
            "tratamiento": tratamientos.astype(object).fillna("").to_numpy(dtype=object),
        }
    )
    combinaciones = llaves.drop_duplicates()
    combinaciones["_atiende"] = [
        nombre in puestos and puestos[nombre].atiende(canal, tratamiento or None)
        for nombre, canal, tratamiento in combinaciones.itertuples(index=False)
    ]
    return llaves.merge(combinaciones, on=["asesor", "canal", "tratamiento"], how="left")["_atiende"].to_numpy(bool)


def _repartir_personales(filas: pd.DataFrame, puestos: dict[str, _Puesto]) -> tuple[pd.DataFrame, pd.DataFrame]:
    filas = filas.copy()
    filas["asesor"] = None
    # 1. continuidad: cada asesor con sus deudores hasta su capacidad
    atiende = pd.Series(
        _atienden(filas["asesor_cartera"], filas["canal"], filas["tratamiento"], puestos), index=filas.index
    )
    rango = filas[atiende].groupby("asesor_cartera").cumcount().reindex(filas.index)
    capacidad = filas["asesor_cartera"].map({n: p.capacidad for n, p in puestos.items()}).astype(float)
    queda = atiende & (rango < capacidad)
    filas.loc[queda, "asesor"] = filas.loc[queda, "asesor_cartera"]
    for nombre, usados in filas.loc[queda, "asesor"].value_counts().items():
        puestos[nombre].usados += int(usados)

    # 2. el resto, por turnos entre quienes tienen lugar (una vuelta por canal y tratamiento)
    pendientes = filas[~queda]
    if len(pendientes):
        grupos = pendientes.groupby(["canal", "tratamiento"], sort=False, dropna=False).indices
        for (canal, tratamiento), posiciones in grupos.items():
            tratamiento = None if pd.isna(tratamiento) else tratamiento
            elegibles = [p for p in puestos.values() if p.libres > 0 and p.atiende(canal, tratamiento)]
            if not elegibles:
                continue
            turnos = _turnos(elegibles, len(posiciones))
            indices = pendientes.index[posiciones[: len(turnos)]]
            filas.loc[indices, "asesor"] = turnos
            for nombre, usados in pd.Series(turnos).value_counts().items():
                puestos[nombre].usados += int(usados)

    sin_lugar = filas["asesor"].isna()
    desborde = filas[sin_lugar].assign(motivo_desborde="sin capacidad de asesores")
    desborde["asesor"] = desborde["asesor_cartera"].replace("", None)
    return filas[~sin_lugar], desborde


def _turnos(puestos: list[_Puesto], cuantos: int) -> list[str]:
    """Hasta ``cuantos`` nombres, por turnos entre los puestos, sin pasar de sus lugares libres."""
    libres = np.array([p.libres for p in puestos])
    nombres = np.repeat(np.array([p.asesor for p in puestos], dtype=object), libres)
    vuelta = np.concatenate([np.arange(n) for n in libres]) if len(libres) else np.array([], dtype=int)
    orden = np.lexsort((np.arange(len(nombres)), vuelta))
    return list(nombres[orden][:cuantos])
