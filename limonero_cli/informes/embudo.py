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

from limonero_cli.informes.formato import dinero, entero, porcentaje
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
ANCHO_BARRA = 30


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
    """Un bloque por grupo: cada paso con su barra, su conversión y la tasa desde arriba."""
    from rich.table import Table
    from rich.text import Text

    periodo = f"del {desde or 'inicio'} al {hasta or 'hoy'}"
    if embudo.empty:
        consola.print(Text(f"Embudo {periodo}: no hay asignaciones en la bitácora para ese periodo."))
        return
    for _, fila in embudo.iterrows():
        tabla = Table(
            title=Text(f"Embudo {periodo} · {fila['grupo']}", style="bold"),
            title_justify="left",
        )
        tabla.add_column("paso")
        tabla.add_column("deudores", justify="right")
        tabla.add_column("", no_wrap=True)
        tabla.add_column("del paso anterior", justify="right")
        tabla.add_column("del total", justify="right")
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
        tabla.add_row(Text("Monto recuperado"), Text(dinero(fila["monto_recuperado"])), Text(""), Text(""),
                      Text(porcentaje(_cociente(fila["monto_recuperado"], fila["saldo_asignado"]))))
        consola.print(tabla)
        meta = metas.get(fila.get("tratamiento"), {}) if "tratamiento" in dimensiones else {}
        if meta:
            consola.print(Text(_linea_metas(fila, meta)))
        consola.print()


def _linea_metas(fila, meta: dict) -> str:
    partes = []
    actuales = tasas(fila)
    for clave, objetivo in meta.items():
        nombre, numerador, denominador = METAS[clave]
        actual = actuales[nombre]
        marca = "cumple" if actual is not None and actual >= objetivo else "no cumple"
        partes.append(f"{nombre} {porcentaje(actual)} ({numerador}/{denominador}) vs meta {porcentaje(objetivo, 0)}: {marca}")
    return "Metas: " + "; ".join(partes)


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
