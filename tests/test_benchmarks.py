"""Prueba de humo de ``benchmarks/medir.py``: el generador corre a tamaño mínimo y no se pudre.

No mide tiempos: comprueba que los datos generados tienen la forma que promete el
script (encabezados, ids como texto, varias cuentas por deudor, catálogo de
códigos, promesas con monto y fecha futura) y que la bitácora se arma con la
propia ``Bitacora``.
"""

import importlib.util
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

RUTA_MEDIR = Path(__file__).resolve().parents[1] / "benchmarks" / "medir.py"


def _medir():
    if "medir_benchmark" in sys.modules:
        return sys.modules["medir_benchmark"]
    especificacion = importlib.util.spec_from_file_location("medir_benchmark", RUTA_MEDIR)
    modulo = importlib.util.module_from_spec(especificacion)
    sys.modules["medir_benchmark"] = modulo
    especificacion.loader.exec_module(modulo)
    return modulo


def test_cartera_generada_tiene_forma_realista():
    medir = _medir()
    cartera = medir.generar_cartera(400)
    assert list(cartera.columns) == medir.ENCABEZADOS_CARTERA
    assert len(cartera) == 400
    cuentas = cartera["No. Cuenta"]
    assert cuentas.is_unique
    assert all(isinstance(c, str) and len(c) == 10 and c.isdigit() for c in cuentas)
    por_deudor = cartera.groupby("Documento Cliente").size()
    assert por_deudor.max() >= 2  # varias cuentas por deudor
    assert len(por_deudor) == int(400 / 1.35)
    assert cartera["Días de Mora"].between(-5, 400).all()
    assert (cartera.loc[cartera["Días de Mora"] <= 0, "Saldo Vencido"] == 0).all()
    assert (cartera["Saldo Vencido"] <= cartera["Saldo Total"]).all()
    assert cartera["Score"].between(300, 900).all()
    assert set(cartera["País"]) == {"CO"}
    telefonos = cartera["Teléfono"].dropna()
    assert all(t.startswith("3") and len(t) == 10 for t in telefonos)
    # Todas las cuentas de un deudor comparten nombre, asesor y teléfono.
    assert (cartera.groupby("Documento Cliente")["Nombre"].nunique() == 1).all()
    # Misma semilla, mismos datos.
    pd.testing.assert_frame_equal(cartera, medir.generar_cartera(400))


def test_csv_y_xlsx_se_releen_con_las_mismas_filas(tmp_path):
    medir = _medir()
    rutas = medir.preparar_cartera(tmp_path, 300, xlsx=True, avisar=lambda _t: None)
    datos = medir.generar_cartera(300)

    leido_csv = pd.read_csv(rutas["csv"], dtype={"No. Cuenta": str, "Documento Cliente": str})
    assert list(leido_csv.columns) == medir.ENCABEZADOS_CARTERA
    assert leido_csv["No. Cuenta"].tolist() == datos["No. Cuenta"].tolist()

    filas = CalamineWorkbook.from_path(str(rutas["xlsx"])).get_sheet_by_name("Cartera").to_python()
    assert filas[0] == medir.ENCABEZADOS_CARTERA
    assert len(filas) == 301
    primera = filas[1]
    assert primera[0] == datos["No. Cuenta"].iloc[0]  # texto, con sus ceros
    assert primera[7] == datos["Días de Mora"].iloc[0]
    assert primera[8] == datos["Saldo Vencido"].iloc[0]

    # Los archivos ya generados se reutilizan: no se reescriben.
    marcas = {f: r.stat().st_mtime_ns for f, r in rutas.items()}
    medir.preparar_cartera(tmp_path, 300, xlsx=True, avisar=lambda _t: None)
    assert {f: r.stat().st_mtime_ns for f, r in rutas.items()} == marcas


def test_tipificaciones_usan_el_catalogo_y_promesas_completas(tmp_path):
    medir = _medir()
    ruta = medir.preparar_tipificaciones(tmp_path, 2000, 300, avisar=lambda _t: None)
    tips = pd.read_csv(ruta, dtype={"Cuenta": str}, parse_dates=["Fecha Hora", "Fecha Promesa"])
    assert list(tips.columns) == medir.ENCABEZADOS_TIPIFICACIONES
    assert len(tips) == 2000
    assert set(tips["Código"]) <= set(medir.CODIGOS)
    assert set(tips["Cuenta"]) <= set(medir.generar_cartera(300)["No. Cuenta"])
    promesa = tips["Código"].isin(["PP", "PR"])
    assert promesa.any()
    assert tips.loc[promesa, "Monto Promesa"].gt(0).all()
    assert (tips.loc[promesa, "Fecha Promesa"] > tips.loc[promesa, "Fecha Hora"]).all()
    assert tips.loc[~promesa, ["Monto Promesa", "Fecha Promesa"]].isna().all().all()
    horas = tips["Fecha Hora"].dt.hour
    assert horas.between(7, 18).all()
    assert (tips["Fecha Hora"].dt.day_of_week < 5).all()


def test_bitacora_generada_con_la_bitacora_del_producto(tmp_path):
    medir = _medir()
    ruta = medir.preparar_bitacora(tmp_path, 900, 300, dias=5, tramo=400, avisar=lambda _t: None)
    conexion = sqlite3.connect(str(ruta))
    try:
        tipificaciones = conexion.execute("SELECT COUNT(*) FROM tipificaciones").fetchone()[0]
        dias = conexion.execute("SELECT COUNT(DISTINCT fecha) FROM asignaciones").fetchone()[0]
        cuentas = conexion.execute("SELECT COUNT(*) FROM cuentas").fetchone()[0]
        ingestas = conexion.execute("SELECT SUM(cargadas) FROM ingestas WHERE tipo = 'tipificaciones'").fetchone()[0]
        # Cada intento es de un deudor asignado ese mismo día.
        huerfanas = conexion.execute(
            "SELECT COUNT(*) FROM tipificaciones t WHERE NOT EXISTS (SELECT 1 FROM asignaciones a "
            "WHERE a.cliente_id = t.cliente_id AND a.fecha = substr(t.fecha_hora, 1, 10))"
        ).fetchone()[0]
    finally:
        conexion.close()
    assert tipificaciones == 900 == ingestas
    assert dias == 5
    assert cuentas == 300
    assert huerfanas == 0
    assert medir._contar_tipificaciones(ruta) == 900


def test_tablas_de_resultados():
    medir = _medir()
    filas = [
        medir.Fila("lista (csv)", 100_000, 4.0, 500.0, piso=2.0),
        medir.Fila("lista (csv)", 1_000_000, 40.0, 2000.0, piso=20.0, nota="a | b"),
        medir.Fila("embudo (bitácora)", 5_000_000, None, None, nota="falló (código 1): x"),
    ]
    tabla = medir.tabla_markdown(filas)
    assert "| lista (csv) | 100.000 | 4,00 | 500 | 2,00 | 2,0× |" in tabla
    assert "a \\| b" in tabla
    assert "| embudo (bitácora) | 5.000.000 | — | — | — | — |" in tabla
    crecimiento = medir.tabla_crecimiento(filas)
    assert "| lista (csv) | 100.000 | 1.000.000 | 10,0 | 10,0 | 10,0 | 4,0 |" in crecimiento
    assert np.isclose(filas[0].razon, 2.0)
