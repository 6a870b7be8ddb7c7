"""Las reglas de contacto, comprobadas con otra implementación (``verificacion.py``): 30 días seguidos
de la estrategia por defecto sobre la cartera de ejemplo, con resultados simulados, y una violación
sembrada a propósito que el verificador debe encontrar."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from limonero_cli.estrategia.cargar import estrategia_por_defecto
from limonero_cli.nucleo.listas import Historial, construir_lista, filas_para_bitacora
from limonero_cli.nucleo.simulacion import envejecer_cartera, simular_pagos, simular_tipificaciones
from limonero_cli.nucleo.verificacion import verificar_lista

EJEMPLO = Path(__file__).resolve().parents[1] / "ejemplos" / "cartera_ejemplo.xlsx"
INICIO = dt.date(2025, 3, 14)  # viernes; incluye 4 domingos y el lunes festivo 24/3 de Colombia
DIAS = 30
DEUDORES = 1500
PAISES = np.array(["CO", "CO", "MX", "PE", "CL"])


@pytest.fixture(scope="module")
def estrategia():
    return estrategia_por_defecto()


@pytest.fixture(scope="module")
def cartera_ejemplo():
    from limonero_cli.hojas.entradas import leer_cartera

    if not EJEMPLO.exists():
        pytest.skip("falta ejemplos/cartera_ejemplo.xlsx")
    datos = leer_cartera(EJEMPLO, columnas={}).datos
    primeros = datos["cliente_id"].drop_duplicates().iloc[:DEUDORES]
    datos = datos[datos["cliente_id"].isin(set(primeros))].copy()
    # la cartera de ejemplo es toda de Colombia: se reparte entre países para ejercer todas las reglas
    codigo = pd.factorize(datos["cliente_id"])[0]
    datos["pais"] = PAISES[codigo % len(PAISES)]
    return datos


def _treinta_dias(cartera, estrategia):
    """Corre el ciclo diario; devuelve (violaciones por día, filas por día, historial final)."""
    catalogo = estrategia.catalogo()
    historial = Historial.vacio()
    violaciones, filas_por_dia = {}, {}
    for k in range(DIAS):
        dia = INICIO + dt.timedelta(days=k)
        lista = construir_lista(cartera, estrategia, historial, dia)
        violaciones[dia] = verificar_lista(lista.filas, historial, estrategia, dia)
        filas_por_dia[dia] = lista.filas
        asignaciones = filas_para_bitacora(lista)
        asignaciones.insert(0, "fecha", pd.Timestamp(dia))
        nuevas = simular_tipificaciones(lista.filas, catalogo, dia, semilla=k)
        tipificaciones = pd.concat([historial.tipificaciones, nuevas], ignore_index=True) if len(nuevas) else historial.tipificaciones
        saldos = cartera.groupby("cliente_id")["saldo_vencido"].sum()
        pagos_dia = simular_pagos(tipificaciones[tipificaciones["monto_promesa"].notna()], saldos, dia, semilla=1000 + k)
        pagos = pd.concat([historial.pagos, pagos_dia[["cliente_id", "fecha", "monto"]]], ignore_index=True)
        historial = Historial(tipificaciones, pagos, pd.concat([historial.asignaciones, asignaciones], ignore_index=True))
        pagado = pagos.groupby("cliente_id")["monto"].sum()
        al_dia = set(pagado[pagado >= 0.95 * saldos.reindex(pagado.index)].index)
        cartera = envejecer_cartera(cartera, 1, al_dia)
    return violaciones, filas_por_dia, historial


@pytest.fixture(scope="module")
def ciclo(cartera_ejemplo, estrategia):
    return _treinta_dias(cartera_ejemplo, estrategia)


def test_treinta_dias_seguidos_sin_romper_una_regla_de_contacto(ciclo):
    violaciones, filas_por_dia, _ = ciclo
    rotas = {dia: v for dia, v in violaciones.items() if v}
    assert rotas == {}
    # el ciclo de verdad ejerce las reglas: hubo listas, domingos y festivo vacíos para Colombia
    assert sum(len(f) for f in filas_por_dia.values()) > 3000
    for dia, filas in filas_por_dia.items():
        if dia.weekday() == 6 or dia == dt.date(2025, 3, 24):
            assert not filas["pais"].eq("CO").any(), dia
        if dia.weekday() == 6:
            assert filas.empty  # nadie se contacta en domingo (CO, MX, PE, CL)
    motivos = pd.concat(filas_por_dia.values())["motivo"]
    for esperado in ("recordatorio de promesa", "verificación de promesa", "promesa incumplida", "ruta tras NC (reintentar)"):
        assert motivos.eq(esperado).any(), esperado
    assert motivos.str.startswith("evento: ").any()


def test_en_colombia_nunca_dos_contactos_el_mismo_dia_ni_dos_canales_en_la_semana(ciclo):
    _, filas_por_dia, historial = ciclo
    asignaciones = historial.asignaciones.merge(
        pd.concat(filas_por_dia.values())[["cliente_id", "pais"]].drop_duplicates(), on="cliente_id"
    )
    colombia = asignaciones[asignaciones["pais"].eq("CO")]
    assert colombia.groupby(["fecha", "cliente_id"]).size().max() == 1
    semana = colombia["fecha"].dt.to_period("W-SUN")
    assert colombia.groupby([semana, "cliente_id"])["canal"].nunique().max() == 1


def _lista_de_un_dia(estrategia, pais, dia, filas):
    return pd.DataFrame(
        [{"cliente_id": c, "canal": canal, "horario": horario, "pais": pais} for c, canal, horario in filas]
    )


@pytest.mark.parametrize(
    "pais, dia, filas, historia, esperado",
    [
        # dos contactos el mismo día en Colombia
        ("CO", dt.date(2025, 7, 15), [("D1", "llamada", "08–19 h"), ("D1", "sms", "08–19 h")], [],
         ["contactos en el día", "varios canales en la semana"]),
        # una llamada el domingo
        ("CO", dt.date(2025, 7, 13), [("D1", "llamada", "08–15 h")], [], ["ese día de la semana", "sale del permitido"]),
        # festivo
        ("CO", dt.date(2025, 3, 24), [("D1", "llamada", "08–19 h")], [], ["es festivo"]),
        # horario del sábado
        ("CO", dt.date(2025, 7, 19), [("D1", "llamada", "08–19 h")], [], ["sale del permitido"]),
        # Chile: segunda llamada de la semana
        ("CL", dt.date(2025, 7, 17), [("D1", "llamada", "08–19 h")], [("tip", dt.date(2025, 7, 14), "llamada")],
         ["llamadas o visitas en la semana"]),
        # Chile: mensaje al día siguiente de otro (asignación sin tipificar)
        ("CL", dt.date(2025, 7, 15), [("D1", "sms", "08–19 h")], [("asig", dt.date(2025, 7, 14), "whatsapp")],
         ["mensaje a 1 días del anterior"]),
        # Chile: tercer mensaje de la semana
        ("CL", dt.date(2025, 7, 18), [("D1", "sms", "08–19 h")],
         [("asig", dt.date(2025, 7, 14), "whatsapp"), ("asig", dt.date(2025, 7, 16), "email")],
         ["mensajes en la semana"]),
        # fila sin horario
        ("MX", dt.date(2025, 7, 15), [("D1", "llamada", None)], [], ["no dice su horario"]),
        # lo mismo, bien hecho: nada que decir
        ("CO", dt.date(2025, 7, 15), [("D1", "llamada", "08–19 h")], [("asig", dt.date(2025, 7, 14), "llamada")], []),
        ("CL", dt.date(2025, 7, 17), [("D1", "sms", "08–19 h"), ("D1", "llamada", "08–19 h")],
         [("asig", dt.date(2025, 7, 14), "whatsapp")], []),
    ],
)
def test_el_verificador_encuentra_la_violacion_sembrada(estrategia, pais, dia, filas, historia, esperado):
    vacio = Historial.vacio()
    tip = pd.DataFrame(
        [{"cliente_id": "D1", "fecha_hora": pd.Timestamp(f) + pd.Timedelta(hours=10), "asesor": "A01", "canal": c,
          "codigo": "NC", "monto_promesa": np.nan, "fecha_promesa": pd.NaT} for q, f, c in historia if q == "tip"],
        columns=vacio.tipificaciones.columns,
    )
    asig = pd.DataFrame(
        [{"fecha": pd.Timestamp(f), "cliente_id": "D1", "asesor": None, "canal": c} for q, f, c in historia if q == "asig"],
        columns=vacio.asignaciones.columns,
    )
    historial = Historial(tip if len(tip) else vacio.tipificaciones, vacio.pagos, asig if len(asig) else vacio.asignaciones)
    problemas = verificar_lista(_lista_de_un_dia(estrategia, pais, dia, filas), historial, estrategia, dia)
    assert len(problemas) == len(esperado), problemas
    for texto in esperado:
        assert any(texto in p for p in problemas), (texto, problemas)
    assert all(p.startswith(f"{dia.isoformat()}: deudor D1 ({pais})") for p in problemas)


def test_el_verificador_encuentra_una_fila_plantada_en_una_lista_real(ciclo, estrategia):
    _, filas_por_dia, _ = ciclo
    dia = INICIO  # el primer día la historia está vacía
    filas = filas_por_dia[dia]
    colombiano = filas[filas["pais"].eq("CO")].iloc[0]
    otra = colombiano.copy()
    otra["canal"] = "whatsapp" if colombiano["canal"] != "whatsapp" else "sms"
    plantada = pd.concat([filas, otra.to_frame().T], ignore_index=True)
    problemas = verificar_lista(plantada, Historial.vacio(), estrategia, dia)
    assert len(problemas) == 2  # dos contactos el mismo día y dos canales en la semana
    assert all(f"deudor {colombiano['cliente_id']} (CO)" in p for p in problemas)
