"""Semáforo con logros topados, intentos sin hora y pagos de la cartera desde la asignación."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from limonero_cli.estrategia.cargar import estrategia_por_defecto
from limonero_cli.informes import asesores as informe
from limonero_cli.nucleo.asesores import calcular_asesores
from limonero_cli.nucleo.tipificaciones import NIVELES

CATALOGO = pd.DataFrame(
    {
        "codigo": ["NC", "TT", "CT", "NEG", "PP", "YP"],
        "descripcion": ["No contesta", "Tercero", "Titular", "Negocia", "Promesa", "Ya pagó"],
        "nivel": list(NIVELES),
        "requiere_monto": [False, False, False, False, True, False],
        "requiere_fecha": [False, False, False, False, True, False],
        "final": [False] * 6,
        "peso": [1, 2, 3, 4, 5, 6],
    }
)
REGLAS = {r.pais: r for r in estrategia_por_defecto().reglas_contacto}  # CO: lun-vie 7-19


def t(asesor, cliente, cuando, codigo, monto=np.nan, para=None):
    return {"asesor": asesor, "cliente_id": cliente, "fecha_hora": pd.Timestamp(cuando), "canal": "llamada",
            "codigo": codigo, "monto_promesa": monto, "fecha_promesa": pd.Timestamp(para) if para else pd.NaT}


def calcular(asig, tips, pagos, metas):
    return calcular_asesores(asig, tips, pagos, CATALOGO, None, None, 2, 5.0, date(2025, 3, 31),
                             reglas_contacto=REGLAS, pais_por_defecto="CO", metas=metas).set_index("asesor")


def test_un_uno_por_ciento_de_cobertura_no_es_verde():
    # 100 deudores asignados a ana; solo intentó 1 y le prometió: cobertura 1 %, contacto 100 %, promesa 100 %.
    ids = [f"D{i:03d}" for i in range(100)]
    asig = pd.DataFrame({"fecha": pd.Timestamp("2025-03-03"), "cliente_id": ids, "asesor": "ana", "tratamiento": "T"})
    tips = pd.DataFrame([t("ana", "D000", "2025-03-03 10:00", "PP", 100.0, "2025-03-20")])
    metas = pd.DataFrame({"tratamiento": ["T"], "meta_cobertura": [0.9], "meta_contacto": [0.5],
                          "meta_promesa": [0.25], "meta_cumplimiento": [0.5]})
    fila = calcular(asig, tips, pd.DataFrame(columns=["cliente_id", "fecha", "monto"]), metas).loc["ana"]
    # Cumplimiento: la promesa vence el 20 + 2 días de gracia, sin pago, a la fecha 31 → 0/1.
    # Logros topados: cobertura 0,01/0,9; contacto min(1/0,5, 1) = 1; promesa min(1/0,25, 1) = 1; cumplimiento 0.
    esperado = (0.01 / 0.9 + 1 + 1 + 0) / 4
    assert fila["indice_metas"] == pytest.approx(esperado, abs=1e-6)
    assert esperado < 0.7 and fila["semaforo"] == "rojo"
    # Sin el tope el índice sería (0,011 + 2 + 4 + 0) / 4 ≈ 1,5: «verde».


def test_umbrales_y_sin_datos():
    # luis: 2 asignados, 2 intentados sin contacto (cobertura 100 %, contacto 0 %, promesa y cumplimiento sin datos).
    # eva: asignada y sin intentos: cobertura 0 %, el resto sin datos. rita: sin asignados ni contactos → sin datos.
    asig = pd.DataFrame({"fecha": pd.Timestamp("2025-03-03"), "cliente_id": ["A", "B", "C", "D"],
                         "asesor": ["luis", "luis", "eva", "rita"], "tratamiento": ["T", "T", "T", "U"]})
    tips = pd.DataFrame([t("luis", "A", "2025-03-03 10:00", "NC"), t("luis", "B", "2025-03-03 11:00", "NC")])
    metas = pd.DataFrame({"tratamiento": ["T", "U"], "meta_cobertura": [0.8, np.nan], "meta_contacto": [0.5, 0.5],
                          "meta_promesa": [0.3, np.nan], "meta_cumplimiento": [0.5, np.nan]})
    r = calcular(asig, tips, pd.DataFrame(columns=["cliente_id", "fecha", "monto"]), metas)
    # luis: (min(1/0,8, 1) + 0/0,5) / 2 = 0,5 → rojo; promesa y cumplimiento no cuentan (denominador 0).
    assert r.loc["luis", "indice_metas"] == pytest.approx(0.5) and r.loc["luis", "semaforo"] == "rojo"
    assert r.loc["eva", "indice_metas"] == 0 and r.loc["eva", "semaforo"] == "rojo"
    # rita: solo tiene meta de contacto y no gestionó a nadie → sin datos, sin puesto.
    assert np.isnan(r.loc["rita", "indice_metas"]) and r.loc["rita", "semaforo"] == "sin datos"
    assert pd.isna(r.loc["rita", "puesto"])
    consola = Console(width=80, record=True)
    informe.mostrar(consola, r.reset_index(), None, None)
    salida = consola.export_text()
    assert "sin datos" in salida and "semáforo" in salida and "luz" not in salida
    assert "verde desde 90 %" in salida.replace("\n", " ").lower() and "topado en 100 %" in salida.replace("\n", " ")


def test_verde_desde_90_amarillo_desde_70():
    def indice_para(cobertura_real):
        n = 10
        intentados = round(cobertura_real * n)
        ids = [f"X{i}" for i in range(n)]
        asig = pd.DataFrame({"fecha": pd.Timestamp("2025-03-03"), "cliente_id": ids, "asesor": "ana",
                             "tratamiento": "T"})
        tips = pd.DataFrame([t("ana", ids[i], f"2025-03-03 {8 + i}:00", "NC") for i in range(intentados)])
        metas = pd.DataFrame({"tratamiento": ["T"], "meta_cobertura": [1.0]})
        return calcular(asig, tips, pd.DataFrame(columns=["cliente_id", "fecha", "monto"]), metas).loc["ana"]
    assert indice_para(0.9)["semaforo"] == "verde" and indice_para(0.8)["semaforo"] == "amarillo"
    assert indice_para(0.7)["semaforo"] == "amarillo" and indice_para(0.6)["semaforo"] == "rojo"


def test_intentos_sin_hora_no_dan_horas_ni_fuera_de_horario():
    # ana: tres intentos del libro de la lista (00:00:00, un domingo incluido) y dos con hora el lunes.
    tips = pd.DataFrame([
        t("ana", "A", "2025-03-03 00:00:00", "NC"), t("ana", "B", "2025-03-03 00:00:00", "TT"),
        t("ana", "C", "2025-03-09 00:00:00", "NC"),  # domingo sin hora: no se sabe si fue fuera de horario
        t("ana", "A", "2025-03-04 09:00", "NC"), t("ana", "B", "2025-03-04 11:00", "NC"),
        # luis: solo intentos sin hora.
        t("luis", "D", "2025-03-05 00:00:00", "NC"),
    ])
    asig = pd.DataFrame(columns=["fecha", "cliente_id", "asesor", "tratamiento"])
    r = calcular(asig, tips, pd.DataFrame(columns=["cliente_id", "fecha", "monto"]), None)
    ana, luis = r.loc["ana"], r.loc["luis"]
    assert (ana["intentos"], ana["intentos_sin_hora"], ana["dias_trabajados"]) == (5, 3, 3)
    # Horas: solo el martes, de 9 a 11 = 2 h; intentos por hora = 2 intentos con hora / 2 h = 1.
    assert ana["horas_trabajadas"] == 2.0 and ana["intentos_por_hora"] == pytest.approx(1.0)
    assert ana["fuera_de_horario"] == 0
    assert luis["intentos_sin_hora"] == 1 and np.isnan(luis["intentos_por_hora"]) and luis["fuera_de_horario"] == 0
    consola = Console(width=80, record=True)
    informe.mostrar(consola, r.reset_index(), None, None)
    linea_luis = next(linea for linea in consola.export_text().splitlines() if "luis" in linea)
    assert "—" in linea_luis


def test_pagos_de_la_cartera_desde_la_primera_asignacion():
    asig = pd.DataFrame({"fecha": pd.to_datetime(["2025-03-14", "2025-03-20", "2025-03-18"]),
                         "cliente_id": ["A", "A", "A"], "asesor": ["ana", "ana", "luis"], "tratamiento": "T"})
    pagos = pd.DataFrame({"cliente_id": ["A", "A", "A", "A"],
                          "fecha": pd.to_datetime(["2025-03-05", "2025-03-14", "2025-03-17", "2025-03-25"]),
                          "monto": [100.0, 10.0, 20.0, 40.0]})
    tips = pd.DataFrame(columns=["asesor", "cliente_id", "fecha_hora", "canal", "codigo", "monto_promesa",
                                 "fecha_promesa"])
    r = calcular(asig, tips, pagos, None)
    # ana desde el 14: 10 + 20 + 40; luis desde el 18: 40. Los 100 del 5 no son de nadie.
    assert r.loc["ana", "monto_cartera"] == 70.0 and r.loc["luis", "monto_cartera"] == 40.0


def test_encabezados_del_libro_con_tildes():
    asig = pd.DataFrame({"fecha": pd.Timestamp("2025-03-03"), "cliente_id": ["A"], "asesor": ["ana"],
                         "tratamiento": ["T"]})
    tips = pd.DataFrame([t("ana", "A", "2025-03-03 10:00", "NC")])
    r = calcular(asig, tips, pd.DataFrame(columns=["cliente_id", "fecha", "monto"]), None).reset_index()
    ranking, detalle, _ = informe.tablas_para_libro(r)
    assert "semáforo" in ranking.encabezado and "semaforo" not in ranking.encabezado
    assert "índice de metas" in detalle.encabezado and "días trabajados" in detalle.encabezado
    # El JSON conserva las claves ASCII.
    assert '"semaforo"' in informe.como_json(r)
