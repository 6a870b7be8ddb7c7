"""Presentación de los asesores: tabla con semáforo en la terminal, markdown, csv, json y libro xlsx.

Denominadores (ver ``nucleo/asesores.py``): cobertura = asignados intentados / asignados;
contacto y titular = deudores con ese nivel / deudores gestionados por el asesor; promesa =
deudores con promesa / deudores con contacto titular; cumplimiento = promesas cumplidas / promesas.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from limonero_cli.informes.formato import compacto, decimal, entero
from limonero_cli.informes.terminal import TablaInforme
from limonero_cli.nucleo.asesores import UMBRAL_AMARILLO, UMBRAL_VERDE

COLORES = {"verde": "green", "amarillo": "yellow", "rojo": "red"}
TASAS = [("cobertura", "Cob."), ("tasa_contacto", "Cont."), ("tasa_titular", "Tit."), ("tasa_promesa", "Prom."),
         ("tasa_cumplimiento", "Cumpl.")]
CALIDAD = [("promesas_sin_monto_o_fecha", "promesa sin monto/fecha"), ("duplicados", "duplicados"),
           ("fuera_de_horario", "fuera de horario"), ("incoherentes_canal", "código vs canal"),
           ("fuera_de_catalogo", "fuera de catálogo")]
NOTA = (f"Semáforo: índice = promedio de real/meta en cobertura, contacto, promesa y cumplimiento; verde ≥ "
        f"{UMBRAL_VERDE:.0%}, amarillo ≥ {UMBRAL_AMARILLO:.0%}, rojo menos. Horas = del primer al último intento "
        "de cada día. Recuperado = pagos asignados a sus promesas.").replace("%", " %")


def _limpiar(valor):
    if valor is None or valor is pd.NA:
        return None
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if hasattr(valor, "item"):
        return _limpiar(valor.item())
    return valor


def como_json(tabla: pd.DataFrame) -> str:
    """Una lista JSON con un objeto por asesor."""
    registros = [{c: _limpiar(v) for c, v in fila.items()} for fila in tabla.to_dict("records")]
    return json.dumps(registros, ensure_ascii=False, indent=2, default=str)


def como_csv(tabla: pd.DataFrame) -> str:
    return tabla.to_csv(index=False)


def _pct(valor) -> str:
    return "—" if valor is None or pd.isna(valor) else f"{valor * 100:.0f}"


def _filas(tabla: pd.DataFrame) -> list[list[str]]:
    filas = []
    for _, f in tabla.iterrows():
        filas.append([
            str(f["asesor"]), f["semaforo"] or "—",
            entero(f["intentos"]), "—" if pd.isna(f["intentos_por_hora"]) else decimal(f["intentos_por_hora"], 1),
            *[_pct(f[c]) for c, _ in TASAS], compacto(f["monto_recuperado"]),
        ])
    return filas


ENCABEZADO = ["asesor", "luz", "Int.", "Int/h"] + [n for _, n in TASAS] + ["Recup."]
ANCHO_TERMINAL = 80


def como_markdown(tabla: pd.DataFrame) -> str:
    from tabulate import tabulate

    partes = [tabulate(_filas(tabla), headers=ENCABEZADO, tablefmt="github", disable_numparse=True), "",
              "**Calidad**", ""]
    calidad = [[str(f["asesor"])] + [entero(f[c]) for c, _ in CALIDAD] for _, f in tabla.iterrows()]
    partes.append(tabulate(calidad, headers=["asesor"] + [n for _, n in CALIDAD], tablefmt="github",
                           disable_numparse=True))
    partes += ["", NOTA]
    return "\n".join(partes)


def mostrar(consola, tabla: pd.DataFrame, desde, hasta) -> None:
    from rich.table import Table
    from rich.text import Text

    periodo = f"del {desde or 'inicio'} al {hasta or 'hoy'}"
    if tabla.empty:
        consola.print(Text(f"Asesores {periodo}: no hay intentos ni asignaciones con asesor en la bitácora."))
        return
    t = Table(title=Text(f"Asesores {periodo}, en orden de puesto (tasas en %)", style="bold"),
              title_justify="left", caption=Text(NOTA), show_edge=False, padding=(0, 1, 0, 0))
    for nombre in ENCABEZADO:
        t.add_column(nombre, justify="left" if nombre in ("asesor", "luz") else "right",
                     no_wrap=nombre != "asesor", overflow="fold", min_width=10 if nombre == "asesor" else None)
    for fila, semaforo in zip(_filas(tabla), tabla["semaforo"]):
        celdas = [Text(v) for v in fila]
        celdas[1] = Text(fila[1], style=COLORES.get(semaforo, ""))
        t.add_row(*celdas)
    consola.print(t)
    c = Table(title=Text("Calidad: intentos con problemas", style="bold"), title_justify="left")
    c.add_column("asesor", overflow="fold", min_width=10)
    for _, nombre in CALIDAD:
        c.add_column(nombre, justify="right", overflow="fold")
    for _, f in tabla.iterrows():
        c.add_row(Text(str(f["asesor"])), *[Text(entero(f[col]), style="red" if f[col] else "")
                                            for col, _ in CALIDAD])
    consola.print(c)


def tablas_para_libro(tabla: pd.DataFrame) -> list[TablaInforme]:
    """Hojas del libro: el ranking (con las tasas como fracciones) y el detalle completo."""
    ranking_cols = ["puesto", "asesor", "semaforo", "intentos", "intentos_por_hora"] + [c for c, _ in TASAS] + [
        "indice_metas", "monto_recuperado"]
    return [
        TablaInforme("Ranking", encabezado=["asesor"] + [c for c in ranking_cols if c != "asesor"],
                     filas=[[_limpiar(f[c]) for c in ["asesor"] + [c for c in ranking_cols if c != "asesor"]]
                            for _, f in tabla.iterrows()]),
        TablaInforme("Detalle", encabezado=list(tabla.columns),
                     filas=[[_limpiar(v) for v in fila] for fila in tabla.itertuples(index=False)]),
        TablaInforme("Nota", encabezado=["definiciones"], filas=[[NOTA]]),
    ]


def graficos_para_libro() -> list[dict]:
    """Un gráfico de columnas con las tasas de cada asesor (hoja Ranking, columnas cobertura..cumplimiento)."""
    return [{"tabla": 0, "tipo": "column", "titulo": "Tasas de cada asesor", "series": "columnas",
             "columnas": (5, 9), "porcentaje": True}]
