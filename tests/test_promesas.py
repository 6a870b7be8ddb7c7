"""Promesas: estados, tolerancia, gracia y reparto de pagos en orden de fecha."""

from datetime import date

import pandas as pd
import pytest

from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import validar_tipificaciones

CATALOGO = pd.DataFrame(
    {
        "codigo": ["NC", "TT", "CT", "NEG", "PP", "YP"],
        "descripcion": ["No contesta", "Tercero", "Titular", "Negocia", "Promesa de pago", "Ya pagó"],
        "nivel": ["sin_contacto", "contacto_tercero", "contacto_titular", "negociacion", "promesa", "pago"],
        "requiere_monto": [False, False, False, False, True, False],
        "requiere_fecha": ["no", "no", "no", "no", "sí", "no"],
        "final": [False, False, False, False, False, True],
        "peso": [1, 2, 3, 4, 5, 6],
    }
)


def promesa(cliente, hecha, monto, para):
    return {
        "cliente_id": cliente,
        "fecha_hora": pd.Timestamp(hecha),
        "codigo": "PP",
        "monto_promesa": monto,
        "fecha_promesa": pd.Timestamp(para) if para else pd.NaT,
    }


def tips(*filas):
    return pd.DataFrame(list(filas))


def pagos(*filas):
    return pd.DataFrame([{"cliente_id": c, "fecha": pd.Timestamp(f), "monto": m} for c, f, m in filas])


def evaluar(t, p, fecha, gracia=2, tolerancia=5.0):
    return evaluar_promesas(t, p, CATALOGO, gracia, tolerancia, fecha)


def test_pagada_en_dos_partes_se_cumple():
    r = evaluar(tips(promesa("A", "2025-03-01 10:00", 100.0, "2025-03-05")), pagos(("A", "2025-03-03", 60.0), ("A", "2025-03-07", 40.0)), date(2025, 3, 20))
    assert r["pagado"].tolist() == [100.0]
    assert r["estado"].tolist() == ["cumplida"]
    assert r["vence"].tolist() == [pd.Timestamp("2025-03-07")]


def test_pago_un_dia_despues_de_la_gracia_no_cuenta():
    r = evaluar(tips(promesa("A", "2025-03-01 10:00", 100.0, "2025-03-05")), pagos(("A", "2025-03-08", 100.0)), date(2025, 3, 20))
    assert r["pagado"].tolist() == [0.0]
    assert r["estado"].tolist() == ["incumplida"]


def test_parte_en_la_ventana_y_parte_fuera_es_parcial():
    r = evaluar(tips(promesa("A", "2025-03-01", 100.0, "2025-03-05")), pagos(("A", "2025-03-04", 60.0), ("A", "2025-03-08", 40.0)), date(2025, 3, 20))
    assert r["pagado"].tolist() == [60.0]
    assert r["estado"].tolist() == ["parcial"]


def test_pago_antes_de_la_promesa_no_la_cumple():
    r = evaluar(tips(promesa("A", "2025-03-05 09:00", 100.0, "2025-03-08")), pagos(("A", "2025-03-04", 100.0)), date(2025, 3, 20))
    assert r["estado"].tolist() == ["incumplida"]
    # El mismo día en que se hizo sí cuenta.
    r = evaluar(tips(promesa("A", "2025-03-05 09:00", 100.0, "2025-03-08")), pagos(("A", "2025-03-05", 100.0)), date(2025, 3, 20))
    assert r["estado"].tolist() == ["cumplida"]


def test_dos_promesas_un_pago_cumple_solo_la_primera():
    t = tips(promesa("A", "2025-03-02", 100.0, "2025-03-06"), promesa("A", "2025-03-01", 100.0, "2025-03-05"))
    r = evaluar(t, pagos(("A", "2025-03-03", 200.0)), date(2025, 3, 20))
    # Ordenadas por fecha: la del 1/3 se lleva el pago entero; la del 2/3 queda sin pago.
    assert r["fecha_hora"].tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-02")]
    assert r["pagado"].tolist() == [200.0, 0.0]
    assert r["estado"].tolist() == ["cumplida", "incumplida"]


def test_dos_promesas_dos_pagos_se_reparten_en_orden():
    t = tips(promesa("A", "2025-03-01", 100.0, "2025-03-05"), promesa("A", "2025-03-02", 50.0, "2025-03-10"))
    r = evaluar(t, pagos(("A", "2025-03-03", 100.0), ("A", "2025-03-09", 50.0)), date(2025, 3, 20))
    assert r["pagado"].tolist() == [100.0, 50.0]
    assert r["estado"].tolist() == ["cumplida", "cumplida"]


def test_tolerancia_y_pendiente():
    t = tips(promesa("A", "2025-03-01", 100.0, "2025-03-05"))
    # 95 con tolerancia 5 %: cumplida; 94,99: no.
    assert evaluar(t, pagos(("A", "2025-03-02", 95.0)), date(2025, 3, 20))["estado"].tolist() == ["cumplida"]
    assert evaluar(t, pagos(("A", "2025-03-02", 94.99)), date(2025, 3, 20))["estado"].tolist() == ["parcial"]
    # Antes del vencimiento (5/3 + 2 días = 7/3) y sin cumplir: pendiente, pague o no algo.
    assert evaluar(t, pagos(("A", "2025-03-02", 10.0)), date(2025, 3, 7))["estado"].tolist() == ["pendiente"]
    assert evaluar(t, pagos(), date(2025, 3, 7))["estado"].tolist() == ["pendiente"]
    assert evaluar(t, pagos(), date(2025, 3, 8))["estado"].tolist() == ["incumplida"]


def test_se_evalua_a_la_fecha():
    t = tips(promesa("A", "2025-03-01", 100.0, "2025-03-05"), promesa("A", "2025-03-10", 100.0, "2025-03-12"))
    r = evaluar(t, pagos(("A", "2025-03-06", 100.0)), date(2025, 3, 5))
    # La promesa del 10/3 aún no existe; el pago del 6/3 aún no ocurrió.
    assert len(r) == 1
    assert r["estado"].tolist() == ["pendiente"]
    assert r["pagado"].tolist() == [0.0]


def test_pagos_de_otro_deudor_y_otros_codigos_no_cuentan():
    t = tips(promesa("A", "2025-03-01", 100.0, "2025-03-05"), {"cliente_id": "A", "fecha_hora": pd.Timestamp("2025-03-01"), "codigo": "CT"})
    r = evaluar(t, pagos(("B", "2025-03-02", 100.0)), date(2025, 3, 20))
    assert len(r) == 1
    assert r["estado"].tolist() == ["incumplida"]


def test_sin_promesas_devuelve_tabla_vacia():
    r = evaluar(tips({"cliente_id": "A", "fecha_hora": pd.Timestamp("2025-03-01"), "codigo": "NC"}), pagos(), date(2025, 3, 20))
    assert r.empty
    assert "estado" in r.columns


def test_codigo_de_promesa_con_mayusculas_y_espacios():
    t = tips(dict(promesa("A", "2025-03-01", 100.0, "2025-03-05"), codigo=" pp "))
    assert evaluar(t, pagos(("A", "2025-03-02", 100.0)), date(2025, 3, 20))["estado"].tolist() == ["cumplida"]


# ----------------------------------------------------------------- validación de tipificaciones


def test_validar_tipificaciones_motivos():
    datos = pd.DataFrame(
        {
            "cuenta": ["001", None, "003", "004", "005", "006", "007"],
            "cliente_id": [None, None, None, None, None, None, None],
            "fecha_hora": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 00:00", None, "2025-03-01 00:00", "2025-03-01 00:00", "2025-03-05 00:00", "2025-03-01 00:00"]),
            "codigo": ["pp ", "NC", "NC", "XX", "PP", "PP", "CT"],
            "monto_promesa": [100.0, None, None, None, None, 50.0, None],
            "fecha_promesa": pd.to_datetime(["2025-03-03", None, None, None, None, "2025-03-04", None]),
            "_fila": [2, 3, 4, 5, 6, 7, 8],
        }
    )
    validas, rechazadas = validar_tipificaciones(datos, CATALOGO)
    assert validas["_fila"].tolist() == [2, 8]
    assert validas["codigo"].tolist() == ["PP", "CT"]
    motivos = dict(zip(rechazadas["_fila"], rechazadas["motivo"]))
    assert motivos[3] == "falta la cuenta o el cliente"
    assert motivos[4] == "falta la fecha y hora de la gestión o no es una fecha"
    assert motivos[5] == "el código «XX» no está en el catálogo de tipificaciones"
    assert motivos[6] == "el código exige un monto de promesa mayor que cero; el código exige una fecha de promesa"
    assert motivos[7] == "la fecha de promesa es anterior al día de la gestión"
    assert len(validas) + len(rechazadas) == len(datos)


def test_validar_tipificaciones_sin_codigo():
    datos = pd.DataFrame({"cliente_id": ["A"], "fecha_hora": [pd.Timestamp("2025-03-01")], "codigo": [None]})
    validas, rechazadas = validar_tipificaciones(datos, CATALOGO)
    assert validas.empty
    assert rechazadas["motivo"].tolist() == ["falta el código de tipificación"]
    assert rechazadas["_fila"].tolist() == [1]


@pytest.mark.parametrize("valor, esperado", [("Sí", True), ("x", True), (1, True), ("no", False), (None, False), ("", False)])
def test_requiere_monto_acepta_si_no(valor, esperado):
    cat = CATALOGO.assign(requiere_monto=[valor] * len(CATALOGO), requiere_fecha=False)
    datos = pd.DataFrame({"cliente_id": ["A"], "fecha_hora": [pd.Timestamp("2025-03-01")], "codigo": ["NC"]})
    validas, _ = validar_tipificaciones(datos, cat)
    assert validas.empty is esperado
