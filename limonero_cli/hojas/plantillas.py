"""Plantillas en blanco de las entradas: cartera, tipificaciones y pagos.

Se generan desde los nombres canónicos, así que nunca se desalinean del
lector. ``plantillas/`` en la raíz del proyecto guarda copias para quien las
quiera abrir sin instalar nada; un test comprueba que coinciden.
"""

from __future__ import annotations

from pathlib import Path

from limonero_cli.hojas.escritura import escribir_atomico

PLANTILLAS = {
    "plantilla_cartera.xlsx": (
        "Cartera",
        ["cuenta", "cliente_id", "nombre", "dias_mora", "fecha_vencimiento", "saldo_vencido", "saldo_total",
         "producto", "sucursal", "region", "asesor", "telefono", "telefono2", "email", "score",
         "fecha_ultimo_pago", "monto_ultimo_pago", "no_contactar", "pais"],
    ),
    "plantilla_tipificaciones.xlsx": (
        "Tipificaciones",
        ["cuenta", "cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa", "fecha_promesa",
         "comentario"],
    ),
    "plantilla_pagos.xlsx": ("Pagos", ["cuenta", "cliente_id", "fecha", "monto", "referencia"]),
}


def escribir_plantillas(carpeta: Path, sobrescribir: bool = False) -> list[Path]:
    """Escribe las tres plantillas en ``carpeta`` y devuelve sus rutas."""
    import xlsxwriter

    escritas = []
    for nombre, (hoja_nombre, columnas) in PLANTILLAS.items():

        def escribir(temporal: Path, hoja_nombre=hoja_nombre, columnas=columnas) -> None:
            libro = xlsxwriter.Workbook(str(temporal))
            encabezado = libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"})
            texto = libro.add_format({"num_format": "@"})
            hoja = libro.add_worksheet(hoja_nombre)
            for j, columna in enumerate(columnas):
                hoja.write_string(0, j, columna, encabezado)
                es_texto = columna in {"cuenta", "cliente_id", "telefono", "telefono2"}
                hoja.set_column(j, j, max(12, len(columna) + 2), texto if es_texto else None)
            hoja.freeze_panes(1, 0)
            libro.close()

        escritas.append(escribir_atomico(carpeta / nombre, sobrescribir, escribir))
    return escritas
