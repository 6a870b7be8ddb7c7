"""Libros de informe (xlsx): tablas con formato y un gráfico nativo de Excel."""

from __future__ import annotations

from pathlib import Path

from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.lista_xlsx import nombre_de_hoja
from limonero_cli.hojas.salida import escribir_celda, valor_celda

PASOS_GRAFICO = 6  # columnas 1..6 del resumen: de asignadas a promesas cumplidas


def escribir_informe_embudo(ruta: Path, tablas: list, sobrescribir: bool = False) -> Path:
    """Una hoja por tabla; la primera lleva un gráfico de barras del embudo por grupo."""
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False, "strings_to_urls": False})
        formatos = {
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "literal": libro.add_format({"quote_prefix": True}),
            "dinero": libro.add_format({"num_format": "#,##0"}),
        }
        usados: set[str] = set()
        for numero, tabla in enumerate(tablas):
            hoja = libro.add_worksheet(nombre_de_hoja(tabla.titulo, usados))
            for j, nombre in enumerate(tabla.encabezado or []):
                hoja.write_string(0, j, str(nombre), formatos["encabezado"])
            hoja.set_column(0, 0, 28)
            hoja.set_column(1, max(len(tabla.encabezado or []), 1), 16)
            for i, fila in enumerate(tabla.filas, start=1):
                for j, valor in enumerate(fila):
                    valor = valor_celda(valor)
                    formato = formatos["dinero"] if isinstance(valor, float) else None
                    if valor is not None:
                        escribir_celda(hoja, i, j, valor, formato, formatos)
            hoja.freeze_panes(1, 1)
            if numero == 0 and tabla.filas:
                _grafico_embudo(libro, hoja, len(tabla.filas))
        libro.close()

    return escribir_atomico(Path(ruta), sobrescribir, escribir)


def _grafico_embudo(libro, hoja, n_grupos: int) -> None:
    grafico = libro.add_chart({"type": "bar"})
    for i in range(1, n_grupos + 1):
        grafico.add_series(
            {
                "name": [hoja.name, i, 0],
                "categories": [hoja.name, 0, 1, 0, PASOS_GRAFICO],
                "values": [hoja.name, i, 1, i, PASOS_GRAFICO],
            }
        )
    grafico.set_title({"name": "Embudo de gestión (deudores)"})
    grafico.set_y_axis({"reverse": True})
    grafico.set_legend({"position": "bottom"})
    grafico.set_size({"width": 720, "height": 420})
    hoja.insert_chart(n_grupos + 3, 0, grafico)
