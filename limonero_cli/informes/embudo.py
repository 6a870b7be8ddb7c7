"""Presentación del embudo: terminal con barras, markdown, csv, json y tablas para el libro xlsx.

Cada tasa tiene su denominador escrito al lado:
- cobertura = gestionadas / asignadas
- contacto = contactadas / gestionadas
- promesa = promesas / contacto con titular
- cumplimiento = promesas cumplidas / promesas
- recuperación = monto recuperado / saldo vencido asignado
"""

from __future__ import annotations

import json
import math

import pandas as pd

from limonero_cli.informes.formato import compacto, dinero, entero, porcentaje
from limonero_cli.informes.terminal import TablaInforme

PASOS = [
    ("asignadas", "Asignadas"),
    ("gestionadas", "Gestionadas"),
    ("contactadas", "Contactadas"),
    ("contacto_titular", "Contacto con titular"),
    ("promesas", "Promesas"),
    ("promesas_cumplidas", "Promesas cumplidas"),
]

# meta -> (nombre, numerador, denominador)
METAS = {
    "meta_cobertura": ("cobertura", "gestionadas", "asignadas"),
    "meta_contacto": ("contacto", "contactadas", "gestionadas"),
    "meta_promesa": ("promesa", "promesas", "contacto_titular"),
    "meta_cumplimiento": ("cumplimiento", "promesas_cumplidas", "promesas"),
    "meta_recuperacion": ("recuperación", "monto_recuperado", "saldo_asignado"),
}
ANCHO_BARRA = 12
NOMBRES_CORTOS = {"Asignadas": "Asign.", "Gestionadas": "Gestion.", "Contactadas": "Contact.",
                  "Contacto con titular": "Titular", "Promesas": "Promesas", "Promesas cumplidas": "Cumplidas",
                  "cumplimiento": "cumplim.", "recuperación": "recuper."}


def _cociente(numerador, denominador):
    if denominador is None or denominador == 0 or pd.isna(denominador):
        return None
    return float(numerador) / float(denominador)


def metas_por_tratamiento(estrategia) -> dict[str, dict[str, float]]:
    """Las metas de cada tratamiento (si un tratamiento tiene variantes, las de la primera)."""
    metas: dict[str, dict[str, float]] = {}
    for tratamiento in estrategia.tratamientos:
        if tratamiento.tratamiento in metas:
            continue
        metas[tratamiento.tratamiento] = {
            clave: getattr(tratamiento, clave) for clave in METAS if getattr(tratamiento, clave, None) is not None
        }
    return metas


def tasas(fila) -> dict[str, float | None]:
    """Las cinco tasas del método para una fila del embudo."""
    return {nombre: _cociente(fila[num], fila[den]) for nombre, num, den in METAS.values()}


def _limpiar(valor):
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if hasattr(valor, "item"):
        return _limpiar(valor.item())
    return valor


def como_json(embudo: pd.DataFrame) -> str:
    """Una lista JSON con un objeto por grupo (números como números, vacíos como null)."""
    registros = [{clave: _limpiar(valor) for clave, valor in fila.items()} for fila in embudo.to_dict("records")]
    return json.dumps(registros, ensure_ascii=False, indent=2, default=str)


def como_csv(embudo: pd.DataFrame) -> str:
    return embudo.to_csv(index=False)


def _filas_resumen(embudo: pd.DataFrame, metas: dict, dimensiones: list[str]) -> list[list]:
    filas = []
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {}) if "tratamiento" in dimensiones else {}
        valores = [fila["grupo"]] + [int(fila[paso]) for paso, _ in PASOS] + [float(fila["monto_recuperado"])]
        for clave, (nombre, _, _) in METAS.items():
            actual = tasas(fila)[nombre]
            objetivo = meta.get(clave)
            texto = porcentaje(actual)
            if objetivo is not None:
                cumple = actual is not None and actual >= objetivo
                texto += f" (meta {porcentaje(objetivo, 0)} {'✓' if cumple else '✗'})"
            valores.append(texto)
        filas.append(valores)
    return filas


def _encabezado_resumen() -> list[str]:
    return ["grupo"] + [nombre for _, nombre in PASOS] + ["Monto recuperado"] + [n for n, _, _ in METAS.values()]


def como_markdown(embudo: pd.DataFrame, metas: dict, dimensiones: list[str]) -> str:
    from tabulate import tabulate

    filas = [
        [v if isinstance(v, str) else (dinero(v) if isinstance(v, float) else entero(v)) for v in fila]
        for fila in _filas_resumen(embudo, metas, dimensiones)
    ]
    return tabulate(filas, headers=_encabezado_resumen(), tablefmt="github", disable_numparse=True)


def mostrar(consola, embudo: pd.DataFrame, metas: dict, dimensiones: list[str], desde, hasta) -> None:
    """Tres piezas: el embudo total con barras, una tabla por grupo y las metas de cada tratamiento."""
    from rich.table import Table
    from rich.text import Text

    periodo = f"del {desde or 'inicio'} al {hasta or 'hoy'}"
    if embudo.empty:
        consola.print(Text(f"Embudo {periodo}: no hay asignaciones en la bitácora para ese periodo."))
        return
    total = embudo[[paso for paso, _ in PASOS] + ["monto_recuperado", "saldo_asignado"]].sum()
    consola.print(_tabla_barras(Table, Text, total, f"Embudo {periodo} (deudores)"))
    if len(embudo) > 1:
        consola.print(_tabla_grupos(Table, Text, embudo, dimensiones))
    tabla_metas = _tabla_metas(Table, Text, embudo, metas, dimensiones)
    if tabla_metas is not None:
        consola.print(tabla_metas)


def _tabla_barras(Table, Text, fila, titulo: str):
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left",
                  caption=Text("Recuperado: monto pagado por los deudores asignados; su % es del saldo vencido asignado."))
    tabla.add_column("paso", no_wrap=True)
    tabla.add_column("deudores", justify="right", no_wrap=True)
    tabla.add_column("", no_wrap=True)
    tabla.add_column("del anterior", justify="right", no_wrap=True)
    tabla.add_column("del total", justify="right", no_wrap=True)
    tope = fila["asignadas"] or 0
    anterior = None
    for paso, nombre in PASOS:
        valor = int(fila[paso])
        largo = 0 if not tope else round(ANCHO_BARRA * valor / tope)
        tabla.add_row(
            Text(nombre),
            Text(entero(valor)),
            Text("█" * largo, style="green"),
            Text(porcentaje(_cociente(valor, anterior)) if anterior is not None else ""),
            Text(porcentaje(_cociente(valor, tope))),
        )
        anterior = valor
    recuperado = _cociente(fila["monto_recuperado"], fila["saldo_asignado"])
    tabla.add_row(Text("Recuperado"), Text(compacto(fila["monto_recuperado"])), Text(""), Text(""),
                  Text(porcentaje(recuperado)))
    return tabla


def _tabla_grupos(Table, Text, embudo: pd.DataFrame, dimensiones: list[str]):
    titulo = ("Por " + " y ".join(dimensiones) if dimensiones else "Por grupo") + ": % de las asignadas"
    tabla = Table(title=Text(titulo, style="bold"), title_justify="left")
    tabla.add_column("grupo", min_width=12, ratio=1)
    for _, nombre in PASOS:
        tabla.add_column(NOMBRES_CORTOS.get(nombre, nombre), justify="right", no_wrap=True)
    tabla.add_column("Recup.", justify="right", no_wrap=True)
    for _, fila in embudo.iterrows():
        tope = fila["asignadas"]
        celdas = [Text(str(fila["grupo"]))]
        for paso, _ in PASOS:
            valor = int(fila[paso])
            fraccion = _cociente(valor, tope)
            celdas.append(Text(entero(valor) if paso == "asignadas" else "—" if fraccion is None else f"{fraccion * 100:.0f}"))
        celdas.append(Text(compacto(fila["monto_recuperado"])))
        tabla.add_row(*celdas)
    return tabla


def _tabla_metas(Table, Text, embudo: pd.DataFrame, metas: dict, dimensiones: list[str]):
    if "tratamiento" not in dimensiones or not metas:
        return None
    tabla = Table(title=Text("Metas de cada tratamiento: real / meta, en %", style="bold"), title_justify="left",
                  caption=Text("cobertura = gestionadas/asignadas · contacto = contactadas/gestionadas · promesa = "
                               "promesas/contacto con titular · cumplimiento = cumplidas/promesas · recuperación = "
                               "monto recuperado/saldo asignado"))
    tabla.add_column("grupo", min_width=12, ratio=1)
    for nombre, _, _ in METAS.values():
        tabla.add_column(NOMBRES_CORTOS.get(nombre, nombre), justify="right", no_wrap=True)
    for _, fila in embudo.iterrows():
        meta = metas.get(fila.get("tratamiento"), {})
        if not meta:
            continue
        actuales = tasas(fila)
        celdas = [Text(str(fila["grupo"]))]
        for clave, (nombre, _, _) in METAS.items():
            actual, objetivo = actuales[nombre], meta.get(clave)
            real = "—" if actual is None else f"{actual * 100:.0f}"
            if objetivo is None:
                celdas.append(Text(real))
                continue
            cumple = actual is not None and actual >= objetivo
            celdas.append(Text(f"{real} / {objetivo * 100:.0f} {'✓' if cumple else '✗'}",
                               style="green" if cumple else "red"))
        tabla.add_row(*celdas)
    return tabla


def tablas_para_libro(embudo: pd.DataFrame, metas: dict, dimensiones: list[str]) -> list[TablaInforme]:
    """Tablas del libro de informe: el resumen con metas y el embudo completo."""
    detalle_columnas = list(embudo.columns)
    return [
        TablaInforme("Embudo por grupo", encabezado=_encabezado_resumen(), filas=_filas_resumen(embudo, metas, dimensiones)),
        TablaInforme(
            "Detalle",
            encabezado=detalle_columnas,
            filas=[[_limpiar(v) for v in fila] for fila in embudo.itertuples(index=False)],
        ),
    ]
