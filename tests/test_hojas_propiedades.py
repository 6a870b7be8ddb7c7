"""Propiedad: una tabla escrita como xlsx o csv (varias codificaciones y separadores) se lee igual."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limonero_cli.hojas import valores
from limonero_cli.hojas.leer import leer_tabla

LETRAS = "abcdefghijklmnopqrstuvwxyzáéíóúñÑÁÉ "
texto = st.text(alphabet=LETRAS, min_size=1, max_size=12).map(lambda t: "v" + t.strip())
monto = st.one_of(st.none(), st.integers(-10**9, 10**9).map(lambda c: c / 100))
identificador = st.from_regex(r"0[0-9]{3,12}", fullmatch=True)


@st.composite
def tablas(draw):
    n = draw(st.integers(1, 25))
    return pd.DataFrame(
        {
            "cuenta": draw(st.lists(identificador, min_size=n, max_size=n)),
            "nombre": draw(st.lists(texto, min_size=n, max_size=n)),
            "saldo": draw(st.lists(monto, min_size=n, max_size=n)),
        }
    )


def _monto_es(valor) -> str:
    if valor is None or (isinstance(valor, float) and np.isnan(valor)):
        return ""
    signo = "-" if valor < 0 else ""
    entero, decimales = f"{abs(valor):.2f}".split(".")
    return f"{signo}{int(entero):,}".replace(",", ".") + "," + decimales


def _comprobar(tabla, esperado: pd.DataFrame):
    assert list(tabla.datos.columns) == ["cuenta", "nombre", "saldo"]
    assert len(tabla.datos) == len(esperado)
    assert valores.a_texto_id(tabla.datos["cuenta"])[0].tolist() == esperado["cuenta"].tolist()
    assert valores.a_texto_id(tabla.datos["nombre"])[0].tolist() == esperado["nombre"].tolist()
    leidos, notas = valores.a_monto(tabla.datos["saldo"], convencion="es")
    assert not [n for n in notas if n.gravedad == "error"]
    np.testing.assert_allclose(leidos.to_numpy(), esperado["saldo"].astype("float64").to_numpy(), rtol=0, atol=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datos=tablas(), codificacion=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       separador=st.sampled_from([",", ";", "|", "\t"]), linea_sep=st.booleans())
def test_csv_ida_y_vuelta(tmp_path, datos, codificacion, separador, linea_sep):
    salida = io.StringIO()
    if linea_sep:
        salida.write(f"sep={separador}\r\n")
    escritor = csv.writer(salida, delimiter=separador, lineterminator="\r\n")
    escritor.writerow(datos.columns)
    for fila in datos.itertuples(index=False):
        escritor.writerow([fila.cuenta, fila.nombre, _monto_es(fila.saldo)])
    ruta = tmp_path / f"tabla_{codificacion}_{ord(separador)}.csv"
    ruta.write_bytes(salida.getvalue().encode(codificacion))
    _comprobar(leer_tabla(ruta), datos)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datos=tablas(), titulo=st.booleans())
def test_xlsx_ida_y_vuelta(tmp_path, datos, titulo):
    ruta = tmp_path / "tabla.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Cartera")
    inicio = 0
    if titulo:
        hoja.write_string(0, 0, "REPORTE DE CARTERA")
        inicio = 2
    for j, nombre in enumerate(datos.columns):
        hoja.write_string(inicio, j, nombre)
    for i, fila in enumerate(datos.itertuples(index=False), start=inicio + 1):
        hoja.write_string(i, 0, fila.cuenta)
        hoja.write_string(i, 1, fila.nombre)
        if fila.saldo is not None and not pd.isna(fila.saldo):
            hoja.write_number(i, 2, fila.saldo)
    libro.close()
    tabla = leer_tabla(ruta)
    _comprobar(tabla, datos)
    assert tabla.filas == list(range(inicio + 2, inicio + 2 + len(datos)))
