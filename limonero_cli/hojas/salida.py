"""Escritura segura de tablas: celdas tipadas, ningún texto como fórmula, archivos atómicos."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pandas as pd

from limonero_cli.errores import ErrorUso
from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.seguridad import INICIOS_PELIGROSOS, neutralizar


def valor_celda(valor):
    """Un valor listo para una celda: vacíos a None, tipos de numpy a Python, textos neutralizados."""
    if valor is None:
        return None
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if valor is pd.NaT:
        return None
    if isinstance(valor, pd.Timestamp):
        return valor.to_pydatetime()
    if hasattr(valor, "item") and not isinstance(valor, (str, bytes)):
        return valor.item()  # escalares de numpy
    return valor


def escribir_celda(hoja, fila: int, columna: int, valor, formato, formatos) -> None:
    """Escribe ``valor`` con su tipo; un texto que parecería fórmula lleva el prefijo de texto literal de Excel.

    ``formatos`` trae ``fecha`` y ``literal`` (formato con ``quote_prefix``): así
    «=SUMA(...)» se ve tal cual en la celda y Excel nunca lo evalúa, ni siquiera
    si el asesor edita la celda.
    """
    if valor is None:
        return
    if isinstance(valor, bool):
        hoja.write_boolean(fila, columna, valor, formato)
    elif isinstance(valor, (int, float)):
        hoja.write_number(fila, columna, valor, formato)
    elif isinstance(valor, (dt.datetime, dt.date)):
        hoja.write_datetime(fila, columna, valor, formato or formatos["fecha"])
    else:
        texto = str(valor)
        if texto.startswith(INICIOS_PELIGROSOS):
            formato = formatos["literal"]
        hoja.write_string(fila, columna, texto, formato)


def escribir_csv_seguro(ruta: Path, datos: pd.DataFrame, sobrescribir: bool = False) -> Path:
    """CSV UTF-8 con BOM (Excel lo abre bien) y ningún texto que parezca fórmula."""

    def escribir(temporal: Path) -> None:
        with open(temporal, "w", encoding="utf-8-sig", newline="") as archivo:
            escritor = csv.writer(archivo)
            escritor.writerow(list(datos.columns))
            for fila in datos.astype(object).itertuples(index=False):
                escritor.writerow(["" if (v := _valor_csv(valor)) is None else v for valor in fila])

    return escribir_atomico(ruta, sobrescribir, escribir)


def _valor_csv(valor):
    valor = neutralizar(valor_celda(valor))
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, dt.datetime):
        return valor.date().isoformat() if valor.time() == dt.time(0) else valor.isoformat(sep=" ")
    if isinstance(valor, dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return int(valor)
    return valor




def exigir_extension(ruta: Path, extensiones: tuple[str, ...], opcion: str = "-o") -> None:
    """Falla si ``ruta`` no termina en una de ``extensiones``: nunca un xlsx con nombre .txt."""
    if Path(ruta).suffix.lower() not in extensiones:
        raise ErrorUso(
            f"{opcion} {ruta}: limonero escribe aquí {' o '.join(extensiones)}, no «{Path(ruta).suffix or 'sin extensión'}».",
            f"Use un nombre terminado en {' o '.join(extensiones)}.",
        )


def escribir_tabla(ruta: Path, datos: pd.DataFrame, sobrescribir: bool = False, hoja: str = "Datos") -> Path:
    """Escribe ``datos`` como CSV o xlsx según la extensión de ``ruta`` (otra extensión es un error claro)."""
    ruta = Path(ruta)
    if ruta.suffix.lower() == ".csv":
        return escribir_csv_seguro(ruta, datos, sobrescribir)
    exigir_extension(ruta, (".xlsx",), "-o")
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False, "strings_to_urls": False})
        formatos = {
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "literal": libro.add_format({"quote_prefix": True}),
        }
        hoja_xlsx = libro.add_worksheet(hoja)
        for j, nombre in enumerate(datos.columns):
            hoja_xlsx.write_string(0, j, str(nombre), formatos["encabezado"])
            hoja_xlsx.set_column(j, j, max(10, min(40, len(str(nombre)) + 4)))
        for i, fila in enumerate(datos.astype(object).itertuples(index=False), start=1):
            for j, valor in enumerate(fila):
                valor = valor_celda(valor)
                if valor is not None:
                    escribir_celda(hoja_xlsx, i, j, valor, None, formatos)
        hoja_xlsx.freeze_panes(1, 0)
        hoja_xlsx.autofilter(0, 0, max(len(datos), 1), max(len(datos.columns) - 1, 0))
        libro.close()

    return escribir_atomico(ruta, sobrescribir, escribir)
