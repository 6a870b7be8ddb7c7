"""Los archivos reales de ../shared/datos_reales se cargan con el número de filas y los tipos correctos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from limonero_cli.errores import ErrorDatos
from limonero_cli.hojas.encabezados import proponer_columnas
from limonero_cli.hojas.entradas import leer_cartera, leer_tipificaciones
from limonero_cli.hojas.leer import leer_tabla

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
REALES = COMPARTIDO / "datos_reales"

pytestmark = pytest.mark.skipif(not REALES.exists(), reason="../shared/datos_reales no está disponible")


def _tipos_canonicos(datos: pd.DataFrame) -> None:
    assert datos["saldo_vencido"].dtype == "float64"
    assert str(datos["dias_mora"].dtype) == "Int64"
    assert datos["cuenta"].map(lambda v: isinstance(v, str)).all()
    assert datos["cliente_id"].map(lambda v: isinstance(v, str)).all()


def test_distribuidora_co():
    entrada = leer_cartera(REALES / "cartera_distribuidora_co.xlsx")
    assert entrada.leidas == 3123 == len(entrada.datos) + len(entrada.rechazos) + entrada.sin_gestion
    assert len(entrada.datos) == 3123
    assert entrada.datos["cliente_id"].nunique() == 589
    # 18 valores distintos en bruto, pero «VENDEDOR 55 » y «VENDEDOR 96 » llevan un espacio de más:
    # son 17 asesores, y 19 facturas sin asesor.
    assert entrada.datos["asesor"].nunique() == 17
    assert entrada.datos["asesor"].isna().sum() == 19
    assert entrada.datos["dias_mora"].min() == -60 and entrada.datos["dias_mora"].max() == 3317
    assert entrada.datos["cuenta"].iloc[0] == "154Q-147"
    assert not entrada.datos["cliente_id"].str.endswith(".0").any()
    _tipos_canonicos(entrada.datos)


def test_distribuidora_propuesta_de_columnas():
    tabla = leer_tabla(REALES / "cartera_distribuidora_co.xlsx")
    propuesta, no_reconocidos = proponer_columnas(list(tabla.datos.columns))
    assert propuesta["cuenta"] == "Serie + Número"
    assert propuesta["cliente_id"] == "Cod. Cliente"
    assert propuesta["asesor"] == "NOMVENDEDOR"
    assert propuesta["dias_mora"] == "DIAS_VENCIDO"
    assert propuesta["saldo_vencido"] == "IMPORTE"
    assert "NIF20" in no_reconocidos


def test_distribuidora_2024_04():
    entrada = leer_cartera(REALES / "cartera_distribuidora_co_2024_04.xlsx")
    assert entrada.leidas == 6298 == len(entrada.datos) + len(entrada.rechazos)
    _tipos_canonicos(entrada.datos)
    assert "estado" in entrada.datos.columns and "fecha_saldado" in entrada.datos.columns


def test_erp_mx():
    entrada = leer_cartera(REALES / "cobranza_erp_mx.csv", fecha_corte=dt.date(2025, 6, 30))
    assert entrada.leidas == 834 == len(entrada.datos) + len(entrada.rechazos)
    assert len(entrada.datos.columns) >= 37
    _tipos_canonicos(entrada.datos)
    assert entrada.datos["nombre"].map(lambda v: v is None or v == v.strip()).all()
    vencimiento = entrada.datos["fecha_vencimiento"]
    esperado = (pd.Timestamp("2025-06-30") - vencimiento).dt.days
    assert (entrada.datos["dias_mora"].dropna() == esperado.dropna().astype("Int64")).all()


def test_seguros_co():
    entrada = leer_cartera(REALES / "cartera_seguros_co.xlsx")
    assert entrada.leidas == 7 == len(entrada.datos)
    _tipos_canonicos(entrada.datos)
    assert entrada.datos["cuenta"].iloc[1] == "0234073541"
    assert entrada.datos["saldo_vencido"].min() < 0
    assert entrada.datos["dias_mora"].tolist()[:3] == [41, 10, 7]


def test_pe_hoja_suelta_y_fechas_mes_primero():
    tabla = leer_tabla(REALES / "cobranza_pe.xlsx")
    assert tabla.hoja == "Sheet1"
    assert tabla.datos.columns[0] == "Razon Social"
    from limonero_cli.hojas.valores import a_fecha

    fechas, notas = a_fecha(tabla.datos["Fecha Vencimiento"], dia_primero=True)
    assert fechas.iloc[0] == pd.Timestamp("2018-09-20") and notas == []
    with pytest.raises(ErrorDatos, match="columnas"):
        leer_cartera(REALES / "cobranza_pe.xlsx")


def test_demo_ec_fecha_de_corte_al_lado():
    entrada = leer_cartera(REALES / "cartera_demo_ec.xlsx")
    assert entrada.fecha_corte == dt.date(2026, 7, 20)
    assert entrada.leidas == len(entrada.datos) == 26
    assert entrada.datos["telefono"].iloc[0] == "0900000001"
    assert entrada.datos["dias_mora"].iloc[0] == 6
    _tipos_canonicos(entrada.datos)


def test_sin_encabezado_ar():
    nombres = ["nombre", "documento", "telefono", "saldo_vencido"]
    tabla = leer_tabla(REALES / "deudores_sin_encabezado_ar.txt", encabezados=nombres)
    assert len(tabla.datos) == 21 and tabla.filas[0] == 1
    from limonero_cli.hojas.valores import a_monto

    assert a_monto(tabla.datos["saldo_vencido"])[0].iloc[0] == 18415980.52
    # Sin días de mora ni vencimiento no es una cartera: el error lo dice y sugiere la hoja «columnas».
    with pytest.raises(ErrorDatos, match="dias_mora.*columnas"):
        leer_cartera(REALES / "deudores_sin_encabezado_ar.txt", encabezados=nombres, columnas={"cuenta": "documento"})


def test_catalogo_cl():
    tabla = leer_tabla(REALES / "catalogo_tipificaciones_cl.csv")
    assert len(tabla.datos) == 149
    assert list(tabla.datos.columns)[0] == "COD_VICIDIAL"


def test_vicidial_como_tipificaciones():
    entrada = leer_tipificaciones(REALES / "exportacion_vicidial_formato.txt")
    assert entrada.leidas == 40 == len(entrada.datos) + len(entrada.rechazos)
    assert entrada.datos["cuenta"].iloc[0] == "C0005"
    assert entrada.datos["codigo"].iloc[0] == "RPC"
    assert entrada.datos["fecha_hora"].iloc[0] == pd.Timestamp("2024-03-15 09:07:00")
    assert entrada.datos["asesor"].iloc[0] == "1001"
