"""Libros de informe (xlsx): tablas con formato y gráficos nativos de Excel.

Un gráfico se describe con un dict (así ``informes`` no depende de xlsxwriter):

- ``tabla``: posición de la tabla (hoja) de donde salen los datos; el gráfico va debajo de ella;
- ``tipo``: ``bar`` (barras horizontales), ``column`` (columnas) o ``line``;
- ``titulo``;
- ``series``: ``"filas"`` (una serie por fila, categorías = encabezados de ``columnas``) o
  ``"columnas"`` (una serie por columna de ``columnas``, categorías = la primera columna);
- ``columnas``: ``(primera, ultima)`` columnas de datos (base 0, inclusive);
- ``invertir`` (opcional): categorías de arriba abajo en el orden de la tabla;
- ``porcentaje`` (opcional): eje en %.
"""

from __future__ import annotations

from pathlib import Path

from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.lista_xlsx import nombre_de_hoja
from limonero_cli.hojas.salida import escribir_celda, valor_celda

MAX_SERIES = 12  # más series que esto no se leen en un gráfico


def escribir_informe_xlsx(ruta: Path, tablas: list, graficos: list[dict] = (), sobrescribir: bool = False) -> Path:
    """Una hoja por tabla (encabezado con formato, panel fijo, filtros) y los ``graficos`` pedidos."""
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False, "strings_to_urls": False})
        formatos = {
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "literal": libro.add_format({"quote_prefix": True}),
            "dinero": libro.add_format({"num_format": "#,##0"}),
            "decimal": libro.add_format({"num_format": "0.000"}),
        }
        usados: set[str] = set()
        hojas = []
        for tabla in tablas:
            hoja = libro.add_worksheet(nombre_de_hoja(tabla.titulo, usados))
            encabezado = list(tabla.encabezado or [])
            for j, nombre in enumerate(encabezado):
                hoja.write_string(0, j, str(nombre), formatos["encabezado"])
            hoja.set_column(0, 0, 28)
            hoja.set_column(1, max(len(encabezado), 1), 16)
            for i, fila in enumerate(tabla.filas, start=1):
                for j, valor in enumerate(fila):
                    valor = valor_celda(valor)
                    formato = None
                    if isinstance(valor, float) and not isinstance(valor, bool):
                        formato = formatos["decimal"] if abs(valor) <= 1 else formatos["dinero"]
                    if valor is not None:
                        escribir_celda(hoja, i, j, valor, formato, formatos)
            hoja.freeze_panes(1, 1)
            if encabezado and tabla.filas:
                hoja.autofilter(0, 0, len(tabla.filas), len(encabezado) - 1)
            hojas.append((hoja, tabla))
        for grafico in graficos:
            hoja, tabla = hojas[grafico["tabla"]]
            if tabla.filas:
                _grafico(libro, hoja, len(tabla.filas), grafico)
        libro.close()

    return escribir_atomico(Path(ruta), sobrescribir, escribir)


def _grafico(libro, hoja, n_filas: int, spec: dict) -> None:
    grafico = libro.add_chart({"type": spec.get("tipo", "column")})
    primera, ultima = spec["columnas"]
    if spec.get("series", "filas") == "filas":
        for i in range(1, min(n_filas, MAX_SERIES) + 1):
            grafico.add_series(
                {
                    "name": [hoja.name, i, 0],
                    "categories": [hoja.name, 0, primera, 0, ultima],
                    "values": [hoja.name, i, primera, i, ultima],
                }
            )
    else:
        for j in range(primera, ultima + 1):
            grafico.add_series(
                {
                    "name": [hoja.name, 0, j],
                    "categories": [hoja.name, 1, 0, n_filas, 0],
                    "values": [hoja.name, 1, j, n_filas, j],
                }
            )
    grafico.set_title({"name": spec.get("titulo", "")})
    if spec.get("invertir"):
        grafico.set_y_axis({"reverse": True} if spec.get("tipo") == "bar" else {})
        if spec.get("tipo") == "bar":
            grafico.set_x_axis({})
    if spec.get("porcentaje"):
        eje = {"num_format": "0%"}
        (grafico.set_x_axis if spec.get("tipo") == "bar" else grafico.set_y_axis)(eje)
    grafico.set_legend({"position": "bottom"})
    grafico.set_size({"width": 760, "height": 420})
    hoja.insert_chart(n_filas + 3, 0, grafico)

