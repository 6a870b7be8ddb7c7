"""Capacidad: la carga proyectada coincide, día por día, con las listas que se arman esos días."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from limonero_cli.errores import ErrorUso
from limonero_cli.estrategia.cargar import estrategia_por_defecto
from limonero_cli.nucleo.capacidad import (
    _orden_de_cura,
    calcular_capacidad,
    capacidad_de_canales,
    cartera_del_dia,
    curados_hasta,
)
from limonero_cli.nucleo.listas import Historial, construir_lista, filas_para_bitacora

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"
INICIO = dt.date(2025, 3, 14)  # viernes: el sábado se trabaja medio día y el domingo no
DIAS = 3


@pytest.fixture(scope="module")
def estrategia():
    return estrategia_por_defecto()


@pytest.fixture(scope="module")
def cartera() -> pd.DataFrame:
    from limonero_cli.hojas.entradas import leer_cartera

    entrada = leer_cartera(EJEMPLOS / "cartera_ejemplo.xlsx", columnas={"cliente_id": "Documento Cliente"})
    return entrada.datos


@pytest.fixture(scope="module")
def proyeccion(cartera, estrategia):
    return calcular_capacidad(cartera, estrategia, INICIO, DIAS)


def _listas_dia_a_dia(cartera, estrategia):
    """Las listas de cada día, como las arma «limonero lista» cada mañana sin que nadie pague."""
    listas = []
    asignaciones = Historial.vacio().asignaciones
    for k in range(DIAS):
        del_dia = cartera.copy()
        del_dia["dias_mora"] = cartera["dias_mora"] + k
        vacio = Historial.vacio()
        lista = construir_lista(del_dia, estrategia, Historial(vacio.tipificaciones, vacio.pagos, asignaciones),
                                INICIO + dt.timedelta(days=k))
        listas.append(lista)
        nuevas = filas_para_bitacora(lista).assign(fecha=pd.Timestamp(lista.fecha))
        asignaciones = pd.concat([asignaciones, nuevas], ignore_index=True)
    return listas


def test_capacidad_coincide_con_las_listas_de_cada_dia(cartera, estrategia, proyeccion):
    listas = _listas_dia_a_dia(cartera, estrategia)
    assert sum(len(l.filas) for l in listas) > 1000  # de verdad hay trabajo que comparar
    for k, lista in enumerate(listas):
        dia = INICIO + dt.timedelta(days=k)
        carga = proyeccion.carga[proyeccion.carga["fecha"] == dia].set_index("canal")
        for canal in set(carga.index) | set(lista.filas["canal"]) | set(lista.desbordes.get("canal", [])):
            filas = int((lista.filas["canal"] == canal).sum())
            desbordes = int((lista.desbordes["canal"] == canal).sum()) if len(lista.desbordes) else 0
            assert carga.loc[canal, "asignadas"] == filas, (dia, canal)
            assert carga.loc[canal, "desbordes"] == desbordes, (dia, canal)
            assert carga.loc[canal, "demanda"] == filas + desbordes, (dia, canal)
        fila_dia = proyeccion.por_dia[proyeccion.por_dia["fecha"] == dia].iloc[0]
        assert fila_dia["deudores"] == lista.deudores == cartera["cliente_id"].nunique()
    # El domingo no se contacta a nadie (Colombia).
    domingo = proyeccion.carga[proyeccion.carga["fecha"] == dt.date(2025, 3, 16)]
    assert domingo["demanda"].sum() == 0


def test_capacidad_de_los_canales_y_asesores_necesarios(cartera, estrategia, proyeccion):
    sin_ficha = set(cartera["asesor"].dropna()) - {a.asesor for a in estrategia.asesores}
    activos = [a for a in estrategia.asesores if a.activo]
    por_defecto = estrategia.parametros.capacidad_asesor
    llamada = sum(a.capacidad_diaria for a in activos if "llamada" in a.canales) + por_defecto * len(sin_ficha)
    canales = {c.canal: c for c in proyeccion.canales}
    assert canales["llamada"].capacidad == llamada
    assert canales["llamada"].asesores == len([a for a in activos if "llamada" in a.canales]) + len(sin_ficha)
    assert proyeccion.capacidad_asesores == sum(a.capacidad_diaria for a in activos) + por_defecto * len(sin_ficha)
    assert proyeccion.asesores_sin_ficha == tuple(sorted(sin_ficha))
    for canal in estrategia.canales:
        if canal.tipo == "masivo":
            assert canales[canal.canal].capacidad == (None if canal.capacidad_diaria is None
                                                      else float(canal.capacidad_diaria))
    llamadas = proyeccion.carga[proyeccion.carga["canal"] == "llamada"]
    por_llamada = {c.canal: c.capacidad_diaria for c in estrategia.canales}["llamada"]
    for fila in llamadas.itertuples():
        assert fila.asesores_necesarios == math.ceil(fila.demanda / por_llamada)
        assert fila.faltante == max(0, fila.demanda - llamada)
    # Por día: la demanda de asesores es la suma de sus canales.
    de_asesor = proyeccion.carga[proyeccion.carga["tipo"] == "asesor"].groupby("fecha")["demanda"].sum()
    assert proyeccion.por_dia.set_index("fecha")["demanda_asesores"].to_dict() == de_asesor.to_dict()


def test_capacidad_con_poca_gente_cuenta_el_faltante(cartera, estrategia):
    from dataclasses import replace

    pocos = replace(estrategia, asesores=estrategia.asesores[:1])
    cartera_sin_asesor = cartera.assign(asesor=None)
    c = calcular_capacidad(cartera_sin_asesor, pocos, INICIO, 1)
    llamada = c.carga.set_index("canal").loc["llamada"]
    capacidad = pocos.asesores[0].capacidad_diaria
    assert llamada["capacidad"] == capacidad
    assert llamada["asignadas"] <= capacidad
    assert llamada["desbordes"] > 0
    assert llamada["faltante"] == llamada["demanda"] - capacidad
    assert c.por_dia.iloc[0]["faltante_asesores"] > 0


def test_cura_supuesta_saca_siempre_a_los_mismos(cartera):
    orden = _orden_de_cura(cartera["cliente_id"])
    n = cartera["cliente_id"].nunique()
    assert len(orden) == n
    uno, dos = curados_hasta(orden, 1, 0.05), curados_hasta(orden, 2, 0.05)
    assert len(uno) == round(n * 0.05) and len(dos) == round(n * (1 - 0.95 ** 2))
    assert uno <= dos
    assert curados_hasta(orden, 3, 0.0) == set()
    dia_dos = cartera_del_dia(cartera, 2, dos)
    assert dia_dos["cliente_id"].nunique() == n - len(dos)
    assert (dia_dos["dias_mora"] == cartera.set_index("_fila").loc[dia_dos["_fila"], "dias_mora"].to_numpy() + 2).all()


def test_cura_reduce_la_cartera_proyectada(cartera, estrategia):
    c = calcular_capacidad(cartera, estrategia, INICIO, 2, cura=0.1, acumular=False)
    n = cartera["cliente_id"].nunique()
    assert c.por_dia["deudores"].tolist() == [n, n - round(n * 0.1)]


def test_errores_de_uso(cartera, estrategia):
    with pytest.raises(ErrorUso, match="entre 1 y 366"):
        calcular_capacidad(cartera, estrategia, INICIO, 0)
    with pytest.raises(ErrorUso, match="entre 0 y 100 %"):
        calcular_capacidad(cartera, estrategia, INICIO, 2, cura=1.5)


def test_canales_sin_asesores_de_cartera(estrategia):
    canales = {c.canal: c for c in capacidad_de_canales(estrategia)}
    activos = [a for a in estrategia.asesores if a.activo]
    assert canales["visita"].capacidad == sum(a.capacidad_diaria for a in activos if "visita" in a.canales)
    assert canales["visita"].por_asesor == 10
