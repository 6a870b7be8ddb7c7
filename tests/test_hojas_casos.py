"""Cada archivo de ../shared/casos leído como dice su LEEME.md."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from limonero_cli.errores import ErrorArchivo, ErrorDatos
from limonero_cli.hojas import valores
from limonero_cli.hojas.encabezados import mapear_columnas
from limonero_cli.hojas.entradas import leer_cartera, leer_pagos
from limonero_cli.hojas.leer import leer_tabla

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
CASOS = COMPARTIDO / "casos"

pytestmark = pytest.mark.skipif(not CASOS.exists(), reason="../shared/casos no está disponible")


def _fechas(serie) -> list:
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in serie]


@pytest.mark.parametrize("nombre", ["01_dates_ddmm.csv", "01_dates_ddmm.xlsx"])
def test_fechas_dia_primero_por_columna(nombre):
    entrada = leer_pagos(CASOS / nombre)
    assert _fechas(entrada.datos["fecha"]) == ["2024-04-03", "2024-04-13", "2024-12-01", "2024-01-12"]
    assert entrada.datos["monto"].tolist() == [100.0, 200.0, 300.0, 400.0]
    assert entrada.leidas == 4 and len(entrada.rechazos) == 0


def test_fechas_seriales_y_textos_mezclados():
    tabla = leer_tabla(CASOS / "03_dates_serial_mixed.xlsx")
    fechas, notas = valores.a_fecha(tabla.datos["fecha_vencimiento"], fecha1904=tabla.fecha1904)
    assert _fechas(fechas) == ["2024-03-15"] * 5 + [None]
    assert notas == []
    assert tabla.datos["cuenta"].tolist() == ["C001", "C002", "C003", "C004", "C005", "C006"]


def test_encabezado_desplazado_combinadas_y_totales():
    tabla = leer_tabla(CASOS / "05_header_offset_merged.xlsx")
    assert tabla.fecha_corte == dt.date(2024, 3, 15)
    assert tabla.fila_encabezado == 4
    assert tabla.filas == [5, 6, 7, 8]
    assert tabla.datos["Región"].tolist() == ["Norte", "Norte", "Sur", "Sur"]
    assert tabla.datos["Cuenta"].tolist() == ["C001", "C002", "C003", "C004"]
    assert any("totales" in a.mensaje and a.fila == 10 for a in tabla.avisos)
    entrada = leer_cartera(CASOS / "05_header_offset_merged.xlsx")
    assert entrada.fecha_corte == dt.date(2024, 3, 15)
    assert entrada.datos["saldo_vencido"].tolist() == [300.0, 2500.5, 0.0, 400.0]
    assert entrada.datos["dias_mora"].tolist() == [15, 95, 0, 35]
    assert entrada.datos["region"].tolist() == ["Norte", "Norte", "Sur", "Sur"]
    assert entrada.leidas == 4


def test_filas_con_formato_al_final_no_agregan_filas():
    tabla = leer_tabla(CASOS / "06_trailing_formatted_rows.xlsx")
    assert tabla.datos["cuenta"].tolist() == ["C001", "C002", "C003", "C004", "C005"]
    assert list(tabla.datos.columns) == ["cuenta", "saldo"]


@pytest.mark.parametrize("nombre", ["08_amounts_text_es.xlsx", "08_amounts_text_es.csv"])
def test_montos_en_texto_espanol(nombre):
    tabla = leer_tabla(CASOS / nombre)
    columna = tabla.datos.columns[1]
    montos, notas = valores.a_monto(tabla.datos[columna])
    esperado = [1234.56, 12345.00, -1000.50, -2500.00, 1234.56, 987.65, 1500.00, 1234.0, 1500.0]
    assert montos.iloc[:9].round(2).tolist() == esperado
    assert pd.isna(montos.iloc[9])
    assert [n.gravedad for n in notas] == ["aviso"]  # 1,234.56: ambiguo, leído con aviso
    assert notas[0].indice == 4


def test_ceros_a_la_izquierda_se_conservan():
    tabla = leer_tabla(CASOS / "09_leading_zeros_text.xlsx")
    fila = {c: valores.a_texto_id(tabla.datos[c])[0].iloc[0] for c in tabla.datos.columns}
    assert fila == {"cuenta": "000123456", "dni": "01234567", "telefono": "0991234567", "codigo_postal": "06700"}


def test_telefonos_cientificos_y_varios():
    tabla = leer_tabla(CASOS / "11_phones_scientific.csv")
    principal, extras, notas = valores.a_telefonos(tabla.datos["telefono"])
    assert principal.tolist() == [
        None, "5215512345678", "5215512345678", "5512345678", "5512345678", None, None, None, "5512345678",
    ]
    assert extras.iloc[4] == ["5587654321"]
    assert [(n.indice, n.gravedad) for n in notas] == [(0, "error")]
    assert "perdió cifras" in notas[0].mensaje


def test_cp1252_punto_y_coma():
    tabla = leer_tabla(CASOS / "12_cp1252_semicolon.csv")
    assert tabla.datos["Cliente"].tolist() == ["José Peña", "María Núñez", "Ñandú S.A."]
    assert tabla.datos["Gestión"].tolist()[:2] == ["Llamada – sin respuesta", "Promesa “pago parcial”"]
    assert valores.a_monto(tabla.datos["Saldo"])[0].tolist() == [1234.56, 99.90, 0.0]


def test_linea_sep_de_excel():
    tabla = leer_tabla(CASOS / "13_sep_line_excel.csv")
    assert list(tabla.datos.columns) == ["cuenta", "saldo"]
    assert valores.a_monto(tabla.datos["saldo"])[0].tolist() == [100.50, 2000.00]


def test_encabezados_desordenados():
    tabla = leer_tabla(CASOS / "15_headers_messy.xlsx")
    assert any(a.columna == "I" and "no tiene encabezado" in a.mensaje for a in tabla.avisos)
    with pytest.raises(ErrorDatos) as error:
        leer_cartera(CASOS / "15_headers_messy.xlsx")
    assert "«cuenta»" in str(error.value) and "«Cuenta»" in str(error.value) and "«Cuenta (columna B)»" in str(error.value)
    # Sin la cuenta repetida, el duplicado de días de mora también se nombra.
    encabezados = [c for c in tabla.datos.columns if c != "Cuenta (columna B)"]
    with pytest.raises(ErrorDatos) as error:
        mapear_columnas(encabezados, ("cuenta", "dias_mora", "saldo_vencido"), obligatorios=("cuenta", "dias_mora", "saldo_vencido"))
    assert "«Días de Mora»" in str(error.value) and "«días mora»" in str(error.value)
    mapeo = mapear_columnas(
        tabla.datos.columns, ("cuenta", "nombre", "telefono", "telefono2", "saldo_vencido"), obligatorios=("cuenta",),
        mapeo_usuario={"cuenta": "Cuenta"},
    )
    assert mapeo.columnas == {
        "cuenta": "Cuenta", "nombre": "Nombre Cliente", "telefono": "TELÉFONO", "telefono2": "Telefono",
        "saldo_vencido": "Saldo\nVencido",
    }


def test_hoja_oculta_no_se_lee_sin_nombrarla():
    tabla = leer_tabla(CASOS / "16_hidden_first_sheet.xlsx")
    assert tabla.hoja == "Cartera"
    assert tabla.datos["cuenta"].tolist() == ["C001", "C002"]
    assert tabla.datos["saldo"].tolist() == [100.0, 200.0]
    assert any("ocultas" in a.mensaje and "Parametros" in a.mensaje for a in tabla.avisos)
    oculta = leer_tabla(CASOS / "16_hidden_first_sheet.xlsx", hoja="Parametros")
    assert oculta.datos["parametro"].tolist() == ["tasa_mora"]


def test_archivos_de_bloqueo(tmp_path):
    carpeta = CASOS / "18_lockfiles"
    with pytest.raises(ErrorArchivo, match="abierto.*Cierre el libro en Excel"):
        leer_tabla(carpeta / "~$cartera.xlsx")
    with pytest.raises(ErrorArchivo, match="LibreOffice"):
        leer_tabla(carpeta / ".~lock.cartera.xlsx#")
    assert leer_tabla(carpeta / "cartera.xlsx").datos["cuenta"].tolist() == ["C001"]


def test_html_disfrazado_de_xls():
    tabla = leer_tabla(CASOS / "19_html_disguised.xls")
    assert tabla.formato == "html"
    assert tabla.datos["Teléfono"].tolist() == ["0991234567", "0987654321"]
    assert valores.a_monto(tabla.datos["Saldo"])[0].tolist() == [1234.56, 12000.00]
    assert _fechas(valores.a_fecha(tabla.datos["Fecha Venc."])[0]) == ["2024-03-15", "2024-04-01"]


def test_libro_con_contrasena():
    with pytest.raises(ErrorArchivo) as error:
        leer_tabla(CASOS / "20_password_protected.xlsx")
    mensaje = str(error.value)
    assert "contraseña" in mensaje and "OLE" not in mensaje and "guárdelo" in mensaje


def test_valores_de_inyeccion_se_leen_tipados():
    tabla = leer_tabla(CASOS / "21_injection_values.csv")
    assert tabla.datos["cliente"].iloc[0].startswith("=HYPERLINK")
    assert valores.a_monto(tabla.datos["saldo"])[0].iloc[0] == -150.0
    assert valores.a_telefonos(tabla.datos["telefono"])[0].iloc[0] == "525512345678"


def test_entidades_xml_rechazadas():
    with pytest.raises(ErrorArchivo, match="defusedxml"):
        leer_tabla(CASOS / "22_xml_entities.xlsx")


def test_ids_numericos_largos():
    tabla = leer_tabla(CASOS / "24_numeric_ids.xlsx")
    assert len(tabla.datos) == 3
    telefono, _, _ = valores.a_telefonos(tabla.datos["telefono"])
    tarjeta, _ = valores.a_texto_id(tabla.datos["tarjeta"])
    assert telefono.tolist()[:2] == ["5215512345678", "5215587654321"]
    assert tarjeta.tolist() == ["4152313412345678", "4152313412345679", None]
    assert valores.a_texto_id(tabla.datos["cuenta"])[0].tolist() == ["1234567890123", "1234567890124", "1234567890125"]


def test_hermanos_de_bloqueo_y_extension(tmp_path):
    """Un xlsx renombrado .csv, y un .xls que en realidad es texto UTF-16, se leen por sus bytes."""
    disfrazado = tmp_path / "cartera.csv"
    shutil.copy(CASOS / "16_hidden_first_sheet.xlsx", disfrazado)
    assert leer_tabla(disfrazado).datos["cuenta"].tolist() == ["C001", "C002"]
    utf16 = tmp_path / "exportado.xls"
    utf16.write_bytes("cuenta\tcliente\tsaldo\r\nC001\tJosé Peña\t1.234,56\r\n".encode("utf-16"))
    tabla = leer_tabla(utf16)
    assert tabla.formato == "texto"
    assert tabla.datos["cliente"].tolist() == ["José Peña"]
