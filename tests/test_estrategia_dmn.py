"""Pruebas unarias DMN de la hoja segmentos: interpretación, errores y evaluación vectorial."""

import numpy as np
import pandas as pd
import pytest

from limonero_cli.estrategia.dmn import ErrorPrueba, evaluar, parsear_prueba

DIAS = pd.Series([-5, 0, 1, 30, 31, 90, 91, None], dtype="Int64")


@pytest.mark.parametrize(
    "texto, esperado",
    [
        ("", [1, 1, 1, 1, 1, 1, 1, 1]),
        ("-", [1, 1, 1, 1, 1, 1, 1, 1]),
        (None, [1, 1, 1, 1, 1, 1, 1, 1]),
        ("<30", [1, 1, 1, 0, 0, 0, 0, 0]),
        ("<=30", [1, 1, 1, 1, 0, 0, 0, 0]),
        (">90", [0, 0, 0, 0, 0, 0, 1, 0]),
        (">= 31", [0, 0, 0, 0, 1, 1, 1, 0]),
        ("=30", [0, 0, 0, 1, 0, 0, 0, 0]),
        ("!=30", [1, 1, 1, 0, 1, 1, 1, 0]),
        ("30", [0, 0, 0, 1, 0, 0, 0, 0]),
        (30, [0, 0, 0, 1, 0, 0, 0, 0]),
        ("[1..30]", [0, 0, 1, 1, 0, 0, 0, 0]),
        ("(30..90]", [0, 0, 0, 0, 1, 1, 0, 0]),
        ("[1..30)", [0, 0, 1, 0, 0, 0, 0, 0]),
        ("]30..90]", [0, 0, 0, 0, 1, 1, 0, 0]),
        ("[-5..0]", [1, 1, 0, 0, 0, 0, 0, 0]),
        ("1..30", [0, 0, 1, 1, 0, 0, 0, 0]),
        ("0, 31", [0, 1, 0, 0, 1, 0, 0, 0]),
        ("<0, >90", [1, 0, 0, 0, 0, 0, 1, 0]),
        ("not([1..30])", [1, 1, 0, 0, 1, 1, 1, 0]),
        ("not(<0, >90)", [0, 1, 1, 1, 1, 1, 0, 0]),
    ],
)
def test_pruebas_numericas(texto, esperado):
    assert evaluar(parsear_prueba(texto), DIAS).astype(int).tolist() == esperado


PRODUCTOS = pd.Series(["TDC", "Nómina", " nomina ", None, "Auto", "", 5], dtype=object)


@pytest.mark.parametrize(
    "texto, esperado",
    [
        ("TDC, NOMINA", [1, 1, 1, 0, 0, 0, 0]),
        ("tdc", [1, 0, 0, 0, 0, 0, 0]),
        ('"Nómina"', [0, 1, 1, 0, 0, 0, 0]),
        ("=auto", [0, 0, 0, 0, 1, 0, 0]),
        ("!=auto", [1, 1, 1, 0, 0, 0, 1]),
        ("not(TDC, nómina)", [0, 0, 0, 0, 1, 0, 1]),
        ("5", [0, 0, 0, 0, 0, 0, 1]),
    ],
)
def test_pruebas_de_texto_sin_tildes_ni_mayusculas_y_vacios_nunca_cumplen(texto, esperado):
    assert evaluar(parsear_prueba(texto), PRODUCTOS).astype(int).tolist() == esperado


def test_texto_entre_comillas_con_coma():
    serie = pd.Series(["Norte, Sur", "Norte", "Centro"], dtype=object)
    assert evaluar(parsear_prueba('"Norte, Sur", Centro'), serie).tolist() == [True, False, True]


def test_si_y_no():
    serie = pd.Series(["Sí", "no", None, True, 0, "X", "quizás"], dtype=object)
    assert evaluar(parsear_prueba("si"), serie).astype(int).tolist() == [1, 0, 0, 1, 0, 1, 0]
    assert evaluar(parsear_prueba("no"), serie).astype(int).tolist() == [0, 1, 0, 0, 1, 0, 0]
    booleana = pd.Series([True, False, True])
    assert evaluar(parsear_prueba("sí"), booleana).tolist() == [True, False, True]


def test_numeros_escritos_como_texto_en_la_cartera():
    serie = pd.Series(["15", "40", "abc", None], dtype=object)
    assert evaluar(parsear_prueba("[1..30]"), serie).tolist() == [True, False, False, False]


def test_evaluar_devuelve_arreglo_de_bool_del_mismo_largo():
    resultado = evaluar(parsear_prueba("<30"), pd.Series(np.arange(1000, dtype=float)))
    assert resultado.dtype == bool and resultado.sum() == 30


@pytest.mark.parametrize(
    "texto, fragmento",
    [
        ("<", "le falta el número"),
        (">=abc", "«abc» no es un número"),
        ("[1..]", "le falta un extremo"),
        ("[30..1]", "empieza después de terminar"),
        ("[1,30]", "necesita «..»"),
        ("[1..30", "le falta abrir o cerrar"),
        ("not(TDC", "falta cerrar el paréntesis"),
        ("not()", "not() está vacío"),
        ("TDC,,NOMINA", "elemento vacío"),
        ("TDC,", "elemento vacío"),
        ('"abc', "falta cerrar las comillas"),
        ("30-60", "escriba [30..60]"),
        (">=20.000", "sin separador de miles"),
        ("1..x", "entre corchetes"),
        ("<30, -", "no puede ir dentro de una lista"),
        ("a < b", "no se entiende"),
        ("!=3, 4", "no puede combinarse"),
    ],
)
def test_pruebas_mal_escritas_dan_un_mensaje_claro(texto, fragmento):
    with pytest.raises(ErrorPrueba) as error:
        parsear_prueba(texto)
    assert fragmento in str(error.value)
    assert texto.strip() in str(error.value)
