"""Los datos de ejemplo existen y tienen la forma que promete ejemplos/LEEME.md."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"
CODIGOS = {"NC", "OC", "FS", "NE", "MT", "TI", "CT", "RP", "DI", "SD", "SR", "PP", "PR", "YP",
           "FA", "NL"}
CORTE = dt.date(2025, 3, 14)


def _leer(nombre: str, hoja: str) -> list[dict]:
    libro = CalamineWorkbook.from_path(str(EJEMPLOS / nombre))
    assert libro.sheet_names == [hoja]
    filas = libro.get_sheet_by_name(hoja).to_python()
    encabezado = filas[0]
    return [dict(zip(encabezado, f)) for f in filas[1:]]


@pytest.fixture(scope="module")
def cartera() -> list[dict]:
    return _leer("cartera_ejemplo.xlsx", "Cartera")


@pytest.fixture(scope="module")
def tipificaciones() -> list[dict]:
    return _leer("tipificaciones_ejemplo.xlsx", "Tipificaciones")


@pytest.fixture(scope="module")
def pagos() -> list[dict]:
    return _leer("pagos_ejemplo.xlsx", "Pagos")


def test_archivos_existen_y_son_pequenos():
    for nombre in ("cartera_ejemplo.xlsx", "tipificaciones_ejemplo.xlsx", "pagos_ejemplo.xlsx",
                   "generar_ejemplos.py", "LEEME.md"):
        ruta = EJEMPLOS / nombre
        assert ruta.exists(), nombre
        assert ruta.stat().st_size < 1_000_000, nombre
    assert "2025-03-14" in (EJEMPLOS / "LEEME.md").read_text(encoding="utf-8")


def test_cartera_forma(cartera):
    assert list(cartera[0]) == [
        "No. Cuenta", "Documento Cliente", "Nombre", "Producto", "Sucursal", "Región", "Asesor",
        "Días de Mora", "Saldo Vencido", "Saldo Total", "Teléfono", "Teléfono 2", "Email", "Score",
        "Fecha Último Pago", "No Contactar", "País",
    ]
    assert 4900 <= len(cartera) <= 5100
    cuentas = [f["No. Cuenta"] for f in cartera]
    assert len(set(cuentas)) == len(cuentas)
    assert all(isinstance(c, str) and c.isdigit() for c in cuentas)
    assert any(c.startswith("0") for c in cuentas)
    por_deudor = Counter(f["Documento Cliente"] for f in cartera)
    assert 3700 <= len(por_deudor) <= 3900
    varias = sum(1 for n in por_deudor.values() if n > 1)
    assert 300 <= varias <= 1500
    assert max(por_deudor.values()) >= 3
    assert any(d.startswith("0") for d in por_deudor)
    # Un deudor tiene un solo nombre, asesor y score en todas sus cuentas.
    vistos: dict[str, tuple] = {}
    for f in cartera:
        clave = (f["Nombre"], f["Asesor"], f["Score"])
        assert vistos.setdefault(f["Documento Cliente"], clave) == clave


def test_cartera_valores(cartera):
    dias = [f["Días de Mora"] for f in cartera]
    assert all(isinstance(d, float) and d == int(d) for d in dias)
    assert min(dias) == -5 and max(dias) <= 400 and max(dias) > 300
    entre_1_y_30 = sum(1 for d in dias if 1 <= d <= 30)
    assert entre_1_y_30 > len(dias) * 0.3  # el tramo más poblado
    assert entre_1_y_30 == max(
        sum(1 for d in dias if a <= d <= b)
        for a, b in [(-5, 0), (1, 30), (31, 60), (61, 90), (91, 120), (121, 180), (181, 400)]
    )
    assert {f["Producto"] for f in cartera} == {"TDC", "PERSONAL", "NOMINA", "VEHICULO"}
    assert {f["Asesor"] for f in cartera} == {"", *(f"ASESOR {i:02d}" for i in range(1, 6))}
    assert all(isinstance(f["Saldo Vencido"], float) for f in cartera)
    assert all(isinstance(f["Saldo Total"], float) for f in cartera)
    assert 1 <= sum(1 for f in cartera if f["Saldo Vencido"] < 0) <= 10
    telefonos = [f["Teléfono"] for f in cartera if f["Teléfono"] != ""]
    assert len(telefonos) > 0.9 * len(cartera)
    assert all(isinstance(t, str) and len(t) == 10 and t.startswith("3") for t in telefonos)
    fijos = [f["Teléfono 2"] for f in cartera if f["Teléfono 2"] != ""]
    assert fijos and all(isinstance(t, str) and len(t) in (7, 10) for t in fijos)
    scores = [f["Score"] for f in cartera]
    assert 300 <= min(scores) and max(scores) <= 900
    # El score baja con la mora.
    al_dia = [f["Score"] for f in cartera if f["Días de Mora"] <= 30]
    castigo = [f["Score"] for f in cartera if f["Días de Mora"] > 180]
    assert sum(al_dia) / len(al_dia) > sum(castigo) / len(castigo) + 50
    assert all(isinstance(f["Fecha Último Pago"], (dt.date, str)) for f in cartera)
    assert all(f["Fecha Último Pago"] == "" or f["Fecha Último Pago"] < CORTE for f in cartera)
    no_contactar = Counter(f["No Contactar"] for f in cartera)
    assert set(no_contactar) == {"", "SI"} and 0 < no_contactar["SI"] < 100
    assert {f["País"] for f in cartera} == {"CO"}


def test_tipificaciones(cartera, tipificaciones):
    assert list(tipificaciones[0]) == [
        "Cuenta", "Fecha Hora", "Asesor", "Canal", "Código", "Monto Promesa", "Fecha Promesa",
        "Comentario",
    ]
    assert 1400 <= len(tipificaciones) <= 1600
    cuentas = {f["No. Cuenta"] for f in cartera}
    assert all(t["Cuenta"] in cuentas for t in tipificaciones)
    codigos = Counter(t["Código"] for t in tipificaciones)
    assert set(codigos) <= CODIGOS
    assert codigos.most_common(1)[0][0] == "NC"
    assert codigos["PP"] > codigos["PR"] > 0
    assert {t["Canal"] for t in tipificaciones} == {"llamada", "sms", "whatsapp"}
    dias = {t["Fecha Hora"].date() for t in tipificaciones}
    assert len(dias) == 5 and max(dias) < CORTE and (CORTE - min(dias)).days <= 7
    assert all(dt.time(7) <= t["Fecha Hora"].time() <= dt.time(19) for t in tipificaciones)
    for t in tipificaciones:
        if t["Código"] in ("PP", "PR"):
            assert isinstance(t["Monto Promesa"], float) and t["Monto Promesa"] > 0
            assert isinstance(t["Fecha Promesa"], dt.date)
            assert t["Fecha Promesa"] > t["Fecha Hora"].date()
        else:
            assert t["Monto Promesa"] == "" and t["Fecha Promesa"] == ""


def test_pagos(cartera, tipificaciones, pagos):
    assert list(pagos[0]) == ["Cuenta", "Fecha", "Monto", "Referencia"]
    assert 380 <= len(pagos) <= 420
    cuentas = {f["No. Cuenta"] for f in cartera}
    assert all(p["Cuenta"] in cuentas for p in pagos)
    assert all(isinstance(p["Monto"], float) and p["Monto"] > 0 for p in pagos)
    assert all(isinstance(p["Fecha"], dt.date) and p["Fecha"] < CORTE for p in pagos)
    promesas = {}
    for t in tipificaciones:
        if t["Código"] in ("PP", "PR"):
            promesas[t["Cuenta"]] = t
    # Muchos pagos cumplen una promesa: mismo monto, entre la llamada y la fecha prometida.
    cumplidas = [
        p for p in pagos
        if p["Cuenta"] in promesas
        and promesas[p["Cuenta"]]["Fecha Hora"].date() <= p["Fecha"]
        <= promesas[p["Cuenta"]]["Fecha Promesa"]
        and p["Monto"] == promesas[p["Cuenta"]]["Monto Promesa"]
    ]
    assert len(cumplidas) >= 50


def test_el_generador_reproduce_los_archivos(tmp_path):
    """Los archivos guardados son exactamente los que produce el generador (semilla fija)."""
    from limonero_cli import ejemplos

    rutas = ejemplos.generar(tmp_path)
    assert rutas["cartera"] == tmp_path / "cartera_ejemplo.xlsx"
    assert ejemplos.FECHA_CORTE == CORTE
    # Se comparan los valores de las celdas (los bytes dependen de la versión de xlsxwriter).
    for nombre in ("cartera_ejemplo.xlsx", "tipificaciones_ejemplo.xlsx", "pagos_ejemplo.xlsx"):
        nuevo = CalamineWorkbook.from_path(str(tmp_path / nombre))
        guardado = CalamineWorkbook.from_path(str(EJEMPLOS / nombre))
        assert nuevo.sheet_names == guardado.sheet_names
        assert (nuevo.get_sheet_by_index(0).to_python()
                == guardado.get_sheet_by_index(0).to_python()), nombre
