"""La escritura en bloque da exactamente el mismo libro y el mismo CSV que la escritura celda por celda.

La referencia es la escritura de siempre: ``escribir_celda`` para cada celda del libro (sin hoja en
bloque) y ``_valor_csv`` valor por valor, fila por fila, para el CSV. Se comparan los XML del libro
byte por byte (todas las partes menos la fecha de creación) y los bytes del CSV, sobre tablas
aleatorias con semilla: números con NaN, enteros, fechas con NaT, textos con vacíos y con inicios de
fórmula, columnas mezcladas (sí/no, fechas sueltas, decimales, ``pd.NA``), ``Int64`` con nulos,
textos de pandas y categorías; varias hojas por tramos, con encabezado y formatos de columna.
No mide tiempos.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from limonero_cli.hojas import salida
from limonero_cli.hojas.lista_xlsx import COLUMNAS_DINERO, escribir_libro_lista
from limonero_cli.hojas.salida import BloqueDeCeldas, HojaEnBloque, escribir_celda, escribir_csv_seguro, valor_celda


def _tabla(semilla: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(semilla)
    vacio = rng.random(n) < 0.2
    textos = np.array(["ana", "=SUMA(A1)", "-5", "@x", "", "  ", "José Peña", "+57 300", "\tTab", "a,b", "línea\nnueva",
                       "x" * 40, "<&>\"'"], dtype=object)
    sueltos = np.array([True, False, 3, 2.5, -0.0, 10**17, dt.date(2024, 2, 29), dt.datetime(2025, 3, 14, 8, 30),
                        pd.Timestamp("2025-01-02"), Decimal("1.50"), pd.NA, None, np.nan, "texto", np.int64(7),
                        np.float64(1e-7), pd.NaT], dtype=object)
    fechas = pd.to_datetime("2025-03-14") - pd.to_timedelta(rng.integers(0, 4000, n), unit="D")
    return pd.DataFrame(
        {
            "prioridad": np.arange(1, n + 1),
            "fecha_lista": pd.Series(pd.Timestamp("2025-03-14"), index=range(n)).astype("datetime64[s]"),
            "nombre": pd.Series(np.where(vacio, None, textos[rng.integers(0, len(textos), n)]), dtype=object),
            "saldo_vencido": np.where(rng.random(n) < 0.1, np.nan, np.round(rng.normal(1e5, 5e4, n), 2)),
            "fecha": pd.Series(fechas).where(rng.random(n) > 0.2),
            "dias": pd.array(np.where(rng.random(n) < 0.1, None, rng.integers(-5, 400, n)), dtype="Int64"),
            "canal": pd.Series(rng.choice(["llamada", "sms", None], n), dtype="str"),
            "mezcla": pd.Series(sueltos[rng.integers(0, len(sueltos), n)], dtype=object),
            "categoria": pd.Categorical(rng.choice(["A", "B", None], n)),
            "booleano": rng.random(n) < 0.5,
        }
    )


def _formatos(libro) -> dict:
    return {
        "encabezado": libro.add_format({"bold": True}),
        "dinero": libro.add_format({"num_format": "#,##0.00"}),
        "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
        "literal": libro.add_format({"quote_prefix": True}),
    }


def _libro(ruta, datos: pd.DataFrame, cortes: list[int], en_bloque: bool) -> None:
    """Un libro con una hoja previa y una hoja por tramo de filas (encabezado + datos), como la lista."""
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "in_memory": en_bloque})
    formatos = _formatos(libro)
    previa = libro.add_worksheet("Resumen")
    previa.write_string(0, 0, "ana", formatos["encabezado"])
    escribir_celda(previa, 1, 0, 12.5, formatos["dinero"], formatos)
    formatos_columna = [formatos["dinero"] if c in COLUMNAS_DINERO else None for c in datos.columns]
    bloque = BloqueDeCeldas(datos, formatos_columna, formatos)
    for k, (inicio, fin) in enumerate(zip(cortes[:-1], cortes[1:])):
        hoja = libro.add_worksheet(f"H{k}", worksheet_class=HojaEnBloque if en_bloque else None)
        for j, nombre in enumerate(datos.columns):
            hoja.write_string(0, j, nombre, formatos["encabezado"])
            hoja.set_column(j, j, 12, formatos["fecha"] if nombre == "fecha" else None)
        if en_bloque:
            hoja.escribir_bloque(1, bloque.tramo(inicio, fin))
        else:
            for i, fila in enumerate(datos.iloc[inicio:fin].astype(object).to_numpy(), start=1):
                for j, valor in enumerate(fila):
                    valor = valor_celda(valor)
                    if valor is not None:
                        escribir_celda(hoja, i, j, valor, formatos_columna[j], formatos)
        hoja.freeze_panes(1, 0)
        hoja.autofilter(0, 0, max(fin - inicio, 1), len(datos.columns) - 1)
    libro.close()


def _partes(ruta) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as archivo:
        return {nombre: archivo.read(nombre) for nombre in archivo.namelist() if nombre != "docProps/core.xml"}


@pytest.mark.parametrize("semilla", range(6))
def test_hoja_en_bloque_igual_byte_por_byte_a_celda_por_celda(tmp_path, semilla):
    rng = np.random.default_rng(100 + semilla)
    n = int(rng.integers(1, 90))
    datos = _tabla(semilla, n)
    cortes = sorted({0, n, *rng.integers(0, n + 1, 3).tolist()})
    _libro(tmp_path / "celdas.xlsx", datos, cortes, en_bloque=False)
    _libro(tmp_path / "bloque.xlsx", datos, cortes, en_bloque=True)
    assert _partes(tmp_path / "bloque.xlsx") == _partes(tmp_path / "celdas.xlsx")


def test_hoja_en_bloque_vuelve_a_celda_por_celda_si_algo_sale_de_lo_comun(tmp_path):
    """Un infinito (que write_number rechaza) o un texto enorme: el bloque se escribe celda por celda."""
    datos = pd.DataFrame({"texto": ["corto", "x" * 20_000], "numero": [1.0, 2.0]})
    _libro(tmp_path / "celdas.xlsx", datos, [0, 2], en_bloque=False)
    _libro(tmp_path / "bloque.xlsx", datos, [0, 2], en_bloque=True)
    assert _partes(tmp_path / "bloque.xlsx") == _partes(tmp_path / "celdas.xlsx")
    with pytest.raises(TypeError):
        _libro(tmp_path / "infinito.xlsx", pd.DataFrame({"numero": [1.0, np.inf]}), [0, 2], en_bloque=True)


def test_con_una_version_de_xlsxwriter_no_probada_se_escribe_celda_por_celda(tmp_path, monkeypatch):
    assert salida.bloque_disponible("3.3.1") and salida.bloque_disponible("3.3.10rc1")
    assert not salida.bloque_disponible("3.2.9") and not salida.bloque_disponible("3.4.0")
    assert not salida.bloque_disponible("4.0")
    monkeypatch.setattr(salida, "bloque_disponible", lambda: False)
    datos = _tabla(3, 40)
    _libro(tmp_path / "celdas.xlsx", datos, [0, 15, 40], en_bloque=False)
    _libro(tmp_path / "bloque.xlsx", datos, [0, 15, 40], en_bloque=True)
    assert _partes(tmp_path / "bloque.xlsx") == _partes(tmp_path / "celdas.xlsx")


def test_libro_de_lista_igual_al_de_celda_por_celda(tmp_path, monkeypatch):
    """El libro de la lista entero (Resumen, hojas de asesor con validaciones y Catálogo), con y sin bloque."""
    datos = _tabla(7, 60).rename(columns={"fecha": "fecha_promesa"})
    datos["asesor"] = np.random.default_rng(7).choice(["A01", "B02", "Ñandú [x]"], len(datos))
    por_asesor = {nombre: grupo for nombre, grupo in datos.groupby("asesor", sort=True)}
    columnas = [c for c in datos.columns if c != "asesor"]
    catalogo = pd.DataFrame({"codigo": ["PP", "NC"], "descripcion": ["Promesa", "No contesta"], "final": [False, True]})

    class Tabla:
        titulo, encabezado, filas = "Resumen del día", ["cifra", "valor"], [["cuentas", 60], ["saldo", 1.5]]

    escribir_libro_lista(tmp_path / "bloque.xlsx", por_asesor, columnas, ["tipificacion", "comentario"], [Tabla()],
                         catalogo)

    def celda_por_celda(hoja, fila0, bloque):
        salida.escribir_celdas(hoja, fila0, bloque.datos, bloque.formatos_columna, bloque.formatos)

    monkeypatch.setattr(HojaEnBloque, "escribir_bloque", celda_por_celda)
    escribir_libro_lista(tmp_path / "celdas.xlsx", por_asesor, columnas, ["tipificacion", "comentario"], [Tabla()],
                         catalogo)
    assert _partes(tmp_path / "bloque.xlsx") == _partes(tmp_path / "celdas.xlsx")


def _csv_fila_por_fila(ruta, datos: pd.DataFrame) -> None:
    """Cómo se escribía el CSV antes: ``_valor_csv`` valor por valor, una fila a la vez."""
    with open(ruta, "w", encoding="utf-8-sig", newline="") as archivo:
        escritor = csv.writer(archivo)
        escritor.writerow(list(datos.columns))
        for fila in datos.astype(object).itertuples(index=False):
            escritor.writerow(["" if (v := salida._valor_csv(valor)) is None else v for valor in fila])


@pytest.mark.parametrize("semilla", range(6))
def test_csv_por_columnas_igual_al_de_fila_por_fila(tmp_path, semilla):
    datos = _tabla(semilla, int(np.random.default_rng(semilla).integers(0, 80)))
    datos["hora"] = pd.Series(pd.Timestamp("2025-03-14 08:30"), index=datos.index).where(datos["booleano"])
    datos["grande"] = np.where(datos["booleano"], np.inf, 1e20)
    escribir_csv_seguro(tmp_path / "columnas.csv", datos)
    _csv_fila_por_fila(tmp_path / "filas.csv", datos)
    assert (tmp_path / "columnas.csv").read_bytes() == (tmp_path / "filas.csv").read_bytes()


def test_csv_sin_columnas_escribe_una_linea_vacia_por_fila(tmp_path):
    datos = pd.DataFrame(index=range(3))
    escribir_csv_seguro(tmp_path / "columnas.csv", datos)
    _csv_fila_por_fila(tmp_path / "filas.csv", datos)
    assert (tmp_path / "columnas.csv").read_bytes() == (tmp_path / "filas.csv").read_bytes()
