"""Escritura de la lista del día: el libro de los asesores y un CSV por canal masivo.

El libro tiene una hoja ``Resumen``, una hoja por asesor (encabezado fijo,
filtros, anchos, formatos de dinero y fecha, el texto del argumento y las
columnas de captura, con ``tipificacion`` como lista desplegable del catálogo)
y una hoja ``Catálogo`` con los códigos y su descripción. Ningún texto se
escribe como fórmula; números y fechas se escriben con su tipo.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from limonero_cli.hojas.escritura import comprobar_destino, escribir_atomico
from limonero_cli.hojas.salida import BloqueDeCeldas, HojaEnBloque, escribir_celda, escribir_csv_seguro, valor_celda  # noqa: F401

HOJA_RESUMEN = "Resumen"
HOJA_CATALOGO = "Catálogo"
COLUMNAS_MASIVAS = [
    "cliente_id",
    "horario",
    "nombre",
    "telefono",
    "email",
    "cuentas",
    "saldo_vencido",
    "dias_mora",
    "accion",
    "argumento",
    "texto_argumento",
    "codigo_oferta",
    "oferta",
]
ANCHOS = {
    "prioridad": 9,
    "fecha_lista": 11,
    "asesor": 16,
    "canal": 10,
    "horario": 10,
    "accion": 14,
    "motivo": 20,
    "cliente_id": 14,
    "nombre": 28,
    "telefono": 13,
    "telefono2": 13,
    "email": 26,
    "cuentas": 22,
    "texto_argumento": 60,
    "oferta": 28,
    "tipificacion": 13,
    "monto_promesa": 14,
    "fecha_promesa": 13,
    "comentario": 30,
}
COLUMNAS_DINERO = {"saldo_vencido", "monto_promesa"}
COLUMNAS_FECHA = {"fecha_lista", "fecha_promesa"}
MAX_FILAS_VALIDACION = 1_048_575


def nombre_de_hoja(nombre: str, usados: set[str]) -> str:
    """Un nombre de hoja válido para Excel (31 caracteres, sin ``[]:*?/\\``) y único."""
    limpio = re.sub(r"[\[\]:*?/\\']", " ", str(nombre)).strip() or "Sin nombre"
    limpio = limpio[:31]
    candidato, n = limpio, 2
    while candidato.lower() in {u.lower() for u in usados} or candidato.lower() in {
        HOJA_RESUMEN.lower(),
        HOJA_CATALOGO.lower(),
    }:
        sufijo = f" ({n})"
        candidato = limpio[: 31 - len(sufijo)] + sufijo
        n += 1
    usados.add(candidato)
    return candidato


def escribir_libro_lista(
    ruta: Path,
    filas_por_asesor: dict[str, pd.DataFrame],
    columnas: list[str],
    columnas_captura: list[str],
    resumen: list,
    catalogo: pd.DataFrame,
    sobrescribir: bool = False,
) -> Path:
    """Escribe el libro de la lista; ``resumen`` son las tablas de la hoja Resumen."""
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(
            str(temporal),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True},
        )
        formatos = {
            "titulo": libro.add_format({"bold": True, "font_size": 13}),
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                            "text_wrap": True, "valign": "top", "border": 1}),
            "captura": libro.add_format({"bold": True, "bg_color": "#FFF2CC", "text_wrap": True,
                                         "valign": "top", "border": 1}),
            "dinero": libro.add_format({"num_format": "#,##0.00"}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "literal": libro.add_format({"quote_prefix": True}),
            "texto": libro.add_format({"text_wrap": False}),
            "negrita": libro.add_format({"bold": True}),
        }
        _escribir_resumen(libro, resumen, formatos)
        usados: set[str] = set()
        n_catalogo = len(catalogo)
        # las celdas de todas las hojas se deciden de una vez, columna por columna; cada hoja escribe su tramo
        grupos = list(filas_por_asesor.items())
        todas = pd.concat([filas for _, filas in grupos])[columnas] if grupos else pd.DataFrame(columns=columnas)
        formatos_columna = [formatos["dinero"] if nombre in COLUMNAS_DINERO else None for nombre in columnas]
        celdas = BloqueDeCeldas(todas, formatos_columna, formatos)
        inicio = 0
        for asesor, filas in grupos:
            hoja = libro.add_worksheet(nombre_de_hoja(asesor, usados), worksheet_class=HojaEnBloque)
            _escribir_hoja_asesor(hoja, celdas.tramo(inicio, inicio + len(filas)), columnas, columnas_captura,
                                  formatos, n_catalogo)
            inicio += len(filas)
        _escribir_catalogo(libro, catalogo, formatos)
        libro.close()

    return escribir_atomico(ruta, sobrescribir, escribir)


def _escribir_resumen(libro, resumen, formatos) -> None:
    """Cada tabla del resumen (con ``titulo``, ``encabezado`` y ``filas``), una debajo de otra."""
    hoja = libro.add_worksheet(HOJA_RESUMEN)
    hoja.set_column(0, 0, 44)
    hoja.set_column(1, 8, 16)
    fila = 0
    for tabla in resumen:
        hoja.write_string(fila, 0, tabla.titulo, formatos["titulo"])
        fila += 1
        if tabla.encabezado:
            for j, nombre in enumerate(tabla.encabezado):
                hoja.write_string(fila, j, nombre, formatos["encabezado"])
            fila += 1
        for valores in tabla.filas:
            for j, valor in enumerate(valores):
                formato = formatos["dinero"] if isinstance(valor, float) else None
                escribir_celda(hoja, fila, j, valor_celda(valor), formato, formatos)
            fila += 1
        fila += 1


def _escribir_hoja_asesor(hoja, filas: BloqueDeCeldas, columnas, columnas_captura, formatos, n_catalogo) -> None:
    todas = columnas + columnas_captura
    for j, nombre in enumerate(todas):
        formato = formatos["captura"] if nombre in columnas_captura else formatos["encabezado"]
        hoja.write_string(0, j, nombre, formato)
        ancho = ANCHOS.get(nombre, 12)
        columna_formato = (
            formatos["dinero"] if nombre in COLUMNAS_DINERO else formatos["fecha"] if nombre in COLUMNAS_FECHA else None
        )
        hoja.set_column(j, j, ancho, columna_formato)
    hoja.escribir_bloque(1, filas)
    ultima = max(len(filas), 1)
    hoja.freeze_panes(1, 0)
    hoja.autofilter(0, 0, ultima, len(todas) - 1)
    inicio_captura = len(columnas)
    if "tipificacion" in columnas_captura and n_catalogo:
        j = inicio_captura + columnas_captura.index("tipificacion")
        hoja.data_validation(
            1, j, min(ultima + 200, MAX_FILAS_VALIDACION), j,
            {
                "validate": "list",
                "source": f"='{HOJA_CATALOGO}'!$A$2:$A${n_catalogo + 1}",
                "error_title": "Código no válido",
                "error_message": f"Elija un código de la hoja {HOJA_CATALOGO}.",
            },
        )
    if "monto_promesa" in columnas_captura:
        j = inicio_captura + columnas_captura.index("monto_promesa")
        hoja.data_validation(1, j, ultima + 200, j, {"validate": "decimal", "criteria": ">=", "value": 0,
                                                     "error_message": "Escriba un monto (número)."})
    if "fecha_promesa" in columnas_captura:
        j = inicio_captura + columnas_captura.index("fecha_promesa")
        hoja.data_validation(1, j, ultima + 200, j, {"validate": "date", "criteria": ">=",
                                                     "value": dt.date(2000, 1, 1),
                                                     "error_message": "Escriba una fecha (AAAA-MM-DD)."})


def _escribir_catalogo(libro, catalogo: pd.DataFrame, formatos) -> None:
    hoja = libro.add_worksheet(HOJA_CATALOGO)
    columnas = ["codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final"]
    columnas = [c for c in columnas if c in catalogo.columns]
    for j, nombre in enumerate(columnas):
        hoja.write_string(0, j, nombre, formatos["encabezado"])
    hoja.set_column(0, 0, 10)
    hoja.set_column(1, 1, 44)
    hoja.set_column(2, len(columnas), 16)
    for i, fila in enumerate(catalogo[columnas].itertuples(index=False), start=1):
        for j, valor in enumerate(fila):
            valor = valor_celda(valor)
            if isinstance(valor, bool):
                valor = "sí" if valor else "no"
            if valor is not None:
                escribir_celda(hoja, i, j, valor, None, formatos)


def comprobar_carpeta_lista(carpeta: Path, nombres: list[str], sobrescribir: bool) -> None:
    """Falla antes de escribir nada si alguna salida ya existe y no se pidió sobrescribir."""
    for nombre in nombres:
        comprobar_destino(carpeta / nombre, sobrescribir)
