"""Libros xlsx de la analítica de cartera: tablas con formato, mapas de calor y gráficos nativos.

Un mapa de calor es una tabla con un formato condicional de escala de colores
(el de Excel: se recalcula si el usuario edita las cifras). Ninguna celda es
una fórmula hecha con datos: los textos pasan por ``valor_celda``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.lista_xlsx import nombre_de_hoja
from limonero_cli.hojas.salida import escribir_celda, valor_celda

COLOR_BAJO = "#F7FCF5"
COLOR_MEDIO = "#A1D99B"
COLOR_ALTO = "#006D2C"


@dataclass(frozen=True)
class HojaAnalitica:
    """Una hoja del libro: una tabla (``datos``; con ``indice``, el índice es la primera columna).

    ``calor``: escala de colores sobre las cifras (sin la fila ni la columna ``Total``).
    ``porcentajes``/``dinero``: columnas con formato de porcentaje o de monto.
    ``notas``: frases que se escriben encima de la tabla.
    ``grafico``: ``"pareto"`` agrega un gráfico de la participación acumulada.
    """

    titulo: str
    datos: pd.DataFrame
    indice: bool = False
    calor: bool = False
    porcentajes: tuple[str, ...] = ()
    dinero: tuple[str, ...] = ()
    notas: tuple[str, ...] = field(default_factory=tuple)
    grafico: str | None = None


def escribir_libro_analitica(ruta: Path, hojas: list[HojaAnalitica], sobrescribir: bool = False) -> Path:
    """Escribe un libro con una hoja por ``HojaAnalitica`` (atómico; no reemplaza sin permiso)."""
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False,
                                                    "strings_to_urls": False, "nan_inf_to_errors": True})
        formatos = {
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78",
                                            "font_color": "#FFFFFF", "border": 1,
                                            "text_wrap": True, "valign": "top"}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "dinero": libro.add_format({"num_format": "#,##0"}),
            "porcentaje": libro.add_format({"num_format": "0.0%"}),
            "total": libro.add_format({"bold": True}),
            "nota": libro.add_format({"italic": True}),
        }
        usados: set[str] = set()
        for hoja in hojas:
            _escribir_hoja(libro, hoja, nombre_de_hoja(hoja.titulo, usados), formatos)
        libro.close()

    return escribir_atomico(Path(ruta), sobrescribir, escribir)


def _escribir_hoja(libro, hoja: HojaAnalitica, nombre: str, formatos: dict) -> None:
    datos = hoja.datos.reset_index() if hoja.indice else hoja.datos
    datos = datos.rename(columns=lambda c: "" if c is None else c)
    xl = libro.add_worksheet(nombre)
    fila0 = 0
    for nota in hoja.notas:
        xl.write_string(fila0, 0, str(valor_celda(nota)), formatos["nota"])
        fila0 += 1
    if hoja.notas:
        fila0 += 1
    columnas = [str(c) for c in datos.columns]
    for j, nombre_col in enumerate(columnas):
        xl.write_string(fila0, j, str(valor_celda(nombre_col)), formatos["encabezado"])
        xl.set_column(j, j, max(12, min(40, len(nombre_col) + 2)))
    for i, fila in enumerate(datos.astype(object).itertuples(index=False), start=fila0 + 1):
        es_total = str(fila[0]) == "Total"
        for j, valor in enumerate(fila):
            valor = valor_celda(valor)
            if valor is None:
                continue
            formato = None
            if columnas[j] in hoja.porcentajes:
                formato = formatos["porcentaje"]
            elif columnas[j] in hoja.dinero or (isinstance(valor, float) and abs(valor) >= 1000):
                formato = formatos["dinero"]
            if es_total and formato is None:
                formato = formatos["total"]
            escribir_celda(xl, i, j, valor, formato, formatos)
    ultima = fila0 + len(datos)
    xl.freeze_panes(fila0 + 1, 1)
    if hoja.calor and len(datos) and len(columnas) > 1:
        # Sin la fila ni la columna de totales.
        hasta_fila = ultima - (1 if str(datos.iloc[-1, 0]) == "Total" else 0)
        hasta_col = len(columnas) - 1 - (1 if columnas[-1] == "Total" else 0)
        if hasta_fila > fila0 and hasta_col >= 1:
            xl.conditional_format(fila0 + 1, 1, hasta_fila, hasta_col, {
                "type": "3_color_scale",
                "min_color": COLOR_BAJO, "mid_color": COLOR_MEDIO, "max_color": COLOR_ALTO,
            })
    if hoja.grafico == "pareto" and len(datos):
        _grafico_pareto(libro, xl, nombre, datos, fila0)


def _grafico_pareto(libro, xl, nombre: str, datos: pd.DataFrame, fila0: int) -> None:
    """Barras de la participación de cada uno y línea de la acumulada (hasta 200 filas)."""
    columnas = list(datos.columns)
    if "participacion" not in columnas or "participacion_acumulada" not in columnas:
        return
    n = min(len(datos), 200)
    c_part = columnas.index("participacion")
    c_acum = columnas.index("participacion_acumulada")
    barras = libro.add_chart({"type": "column"})
    barras.add_series({
        "name": "participación",
        "categories": [nombre, fila0 + 1, 1, fila0 + n, 1],
        "values": [nombre, fila0 + 1, c_part, fila0 + n, c_part],
    })
    linea = libro.add_chart({"type": "line"})
    linea.add_series({
        "name": "participación acumulada",
        "categories": [nombre, fila0 + 1, 1, fila0 + n, 1],
        "values": [nombre, fila0 + 1, c_acum, fila0 + n, c_acum],
        "y2_axis": True,
    })
    barras.combine(linea)
    barras.set_title({"name": "Pareto: participación y acumulada"})
    barras.set_y_axis({"num_format": "0%"})
    linea.set_y2_axis({"num_format": "0%", "max": 1})
    barras.set_legend({"position": "bottom"})
    barras.set_size({"width": 760, "height": 420})
    xl.insert_chart(fila0 + 1, len(columnas) + 1, barras)
