"""Conversores por columna: montos, fechas, ids, teléfonos, enteros y sí/no."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from limonero_cli.hojas import valores
from limonero_cli.hojas.encabezados import normalizar_encabezado


def S(*valores_):
    return pd.Series(list(valores_), dtype=object)


def test_montos_columna_en_ingles_no_avisa():
    montos, notas = valores.a_monto(S("1,234.56", "99.90", "1,500", "12.5"))
    assert montos.tolist() == [1234.56, 99.90, 1500.0, 12.5]
    assert notas == []


def test_montos_punto_decimal_por_evidencia():
    assert valores.a_monto(S("1.500", "2.25"))[0].tolist() == [1.5, 2.25]
    assert valores.a_monto(S("1.500", "2.000,25"))[0].tolist() == [1500.0, 2000.25]


def test_montos_invalidos_se_informan():
    montos, notas = valores.a_monto(S("abc", "12-", "US$ 1.000", 7, None))
    assert np.isnan(montos.iloc[0]) and montos.iloc[1] == -12.0 and montos.iloc[2] == 1000.0 and montos.iloc[3] == 7.0
    assert [(n.indice, n.gravedad) for n in notas] == [(0, "error")]


def test_fecha_mes_primero_probado_por_la_columna():
    fechas, notas = valores.a_fecha(S("08/19/2018", "09/02/2018"), dia_primero=True)
    assert fechas.tolist() == [pd.Timestamp("2018-08-19"), pd.Timestamp("2018-09-02")]
    assert notas == []


def test_fecha_sistema_1904_y_meses_en_espanol():
    fechas, _ = valores.a_fecha(S(43904.0), fecha1904=True)
    assert fechas.iloc[0] == pd.Timestamp("2024-03-15")
    fechas, notas = valores.a_fecha(S("15 de marzo de 2024", "1-ene-24", "03-Dic-1999", "20240315", "  /  /    "))
    assert fechas.iloc[:4].tolist() == [pd.Timestamp(x) for x in ("2024-03-15", "2024-01-01", "1999-12-03", "2024-03-15")]
    assert pd.isna(fechas.iloc[4]) and notas == []


def test_fecha_imposible_es_error():
    fechas, notas = valores.a_fecha(S("31/02/2024", dt.date(2024, 1, 5)))
    assert pd.isna(fechas.iloc[0]) and fechas.iloc[1] == pd.Timestamp("2024-01-05")
    assert [n.indice for n in notas] == [0]


def test_ids_perdidos_y_recuperables():
    textos, notas = valores.a_texto_id(S(1.2345678901234568e19, "5.215512345678E+12", "5.21552E+12", " 00123 "))
    assert textos.tolist() == [None, "5215512345678", None, "00123"]
    assert sorted(n.indice for n in notas if n.gravedad == "error") == [0, 2]


def test_telefonos_varios_separadores():
    principal, extras, notas = valores.a_telefonos(S("3001234567 3109876543", "555-1234 ext", "123"))
    assert principal.tolist() == ["3001234567", "5551234", None]
    assert extras.iloc[0] == ["3109876543"]
    assert [n.indice for n in notas if n.gravedad == "error"] == [2]


def test_entero_y_booleano():
    enteros, notas = valores.a_entero(S("15", 3.0, "2,5", None))
    assert enteros.tolist()[:2] == [15, 3] and pd.isna(enteros.iloc[2]) and len(notas) == 1
    sino, _ = valores.a_booleano(S("Sí", "si", "X", "verdadero", "no", "0", None))
    assert sino.tolist()[:6] == [True, True, True, True, False, False] and pd.isna(sino.iloc[6])


def test_normalizar_encabezado():
    assert normalizar_encabezado(" Saldo\nVencido ") == "saldo_vencido"
    assert normalizar_encabezado("Días de atraso") == "dias_de_atraso"
    assert normalizar_encabezado("No. Cuenta") == "no_cuenta"
    assert normalizar_encabezado("Cuenta (columna B)") == "cuenta"


def test_montos_en_columna_grande():
    """La vía rápida por columna da lo mismo que la lenta (su velocidad se mide en benchmarks/)."""
    serie = pd.Series([f"{i:,}".replace(",", ".") + ",50" for i in range(100_000)], dtype=object)
    montos, notas = valores.a_monto(serie)
    assert montos.iloc[12345] == 12345.5 and montos.iloc[99999] == 99999.5 and notas == []


def test_monto_con_separadores_al_reves_avisa_con_el_valor_escrito_como_la_columna():
    # La columna escribe a la colombiana (1.234,50); «1,234.50» se lee por su forma y se avisa
    # mostrando lo leído con los separadores de la columna, no con el punto decimal de Python.
    montos, notas = valores.a_monto(S("1.500,00", "2.000,25", "3.100,10", "1,234.50"))
    assert montos.tolist() == [1500.0, 2000.25, 3100.10, 1234.5]
    (nota,) = notas
    assert nota.gravedad == "aviso"
    assert "se leyó como 1.234,50" in nota.mensaje
    montos, notas = valores.a_monto(S("1,500.00", "2,000.25", "3,100.10", "1.234,50"))
    assert montos.tolist() == [1500.0, 2000.25, 3100.10, 1234.5]
    assert "se leyó como 1,234.50" in notas[0].mensaje
    # Sin redondear lo leído.
    _, notas = valores.a_monto(S("1.500,00", "2.000,25", "3.100,10", "-1,234,567.891"))
    assert "se leyó como -1.234.567,891" in notas[0].mensaje
