"""Presentación de los asesores: tablas con semáforo en la terminal, markdown, csv, json y libro xlsx.

Denominadores (ver ``nucleo/asesores.py``): cobertura = asignados intentados / asignados;
contacto y titular = deudores con ese nivel / deudores gestionados por el asesor; promesa =
deudores con promesa / deudores con contacto titular; cumplimiento = promesas cumplidas / promesas.

Semáforo: cada indicador con meta da real / meta, topado en 100 % (pasarse en uno no tapa otro);
los que no tienen datos (denominador 0) no cuentan; el índice es el promedio: verde desde 90 %,
amarillo desde 70 %, rojo por debajo; «sin datos» si ningún indicador tiene datos.

En la terminal todo cabe en 80 columnas: tres tablas angostas (puesto y productividad, tasas,
calidad) con encabezados cortos explicados al pie; los números nunca se cortan.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from limonero_cli.informes.formato import compacto, decimal, entero, periodo
from limonero_cli.informes.terminal import TablaInforme
from limonero_cli.nucleo.asesores import SIN_DATOS, UMBRAL_AMARILLO, UMBRAL_VERDE

COLORES = {"verde": "green", "amarillo": "yellow", "rojo": "red", SIN_DATOS: "dim"}
TASAS = [("cobertura", "cobertura"), ("tasa_contacto", "contacto"), ("tasa_titular", "titular"),
         ("tasa_promesa", "promesa"), ("tasa_cumplimiento", "cumplim.")]
# (columna, encabezado en la terminal, encabezado en markdown y xlsx)
CALIDAD = [("promesas_sin_monto_o_fecha", "promesa\nincompleta", "promesa sin monto o fecha"),
           ("duplicados", "duplicados", "duplicados"),
           ("fuera_de_horario", "fuera de\nhorario", "fuera de horario"),
           ("incoherentes_canal", "código\nvs canal", "código vs canal"),
           ("fuera_de_catalogo", "fuera de\ncatálogo", "fuera de catálogo"),
           ("intentos_sin_hora", "sin\nhora", "sin hora")]


def _pct_entero(fraccion: float) -> str:
    return f"{fraccion * 100:.0f} %"


NOTA_SEMAFORO = (f"Semáforo: índice = promedio de real ÷ meta en cobertura, contacto, promesa y cumplimiento, "
                 f"cada uno topado en 100 % (pasarse en uno no tapa otro); un indicador sin datos (denominador 0) "
                 f"no cuenta. Verde desde {_pct_entero(UMBRAL_VERDE)}, amarillo desde "
                 f"{_pct_entero(UMBRAL_AMARILLO)}, rojo por debajo; «sin datos» si ningún indicador tiene datos.")
NOTA_HORAS = ("Horas = del primer al último intento con hora de cada día; los intentos a las 00:00:00 (hora "
              "desconocida, p. ej. los del libro de la lista) no cuentan para las horas, los intentos por hora ni "
              "el horario.")
NOTA = f"{NOTA_SEMAFORO} {NOTA_HORAS} Recuperado = pagos asignados a sus promesas."
NOTA_TABLA = ("# = puesto; índice = logro de metas; int./h = intentos con hora por hora trabajada (— si no hay "
              "intentos con hora); recuperado = pagos asignados a sus promesas. " + NOTA_SEMAFORO)
NOTA_CALIDAD = ("promesa incompleta = promesa sin monto o sin fecha; código vs canal = contacto tipificado en un "
                "canal masivo; sin hora = intentos a las 00:00:00 (no se revisan contra el horario).")

#: Encabezados que se ven en el libro (las claves de JSON y CSV quedan como en el núcleo).
ETIQUETAS = {
    "asesor": "asesor", "intentos": "intentos", "intentos_sin_hora": "intentos sin hora",
    "dias_trabajados": "días trabajados", "horas_trabajadas": "horas trabajadas",
    "intentos_por_hora": "intentos por hora", "deudores_asignados": "deudores asignados",
    "asignados_gestionados": "asignados gestionados", "cobertura": "cobertura",
    "deudores_gestionados": "deudores gestionados", "contactados": "contactados",
    "contacto_titular": "contacto con titular", "con_promesa": "con promesa", "tasa_contacto": "tasa de contacto",
    "tasa_titular": "tasa de titular", "tasa_promesa": "tasa de promesa", "promesas": "promesas",
    "promesas_cumplidas": "promesas cumplidas", "tasa_cumplimiento": "tasa de cumplimiento",
    "monto_prometido": "monto prometido", "monto_recuperado": "monto recuperado",
    "monto_cartera": "pagos de su cartera", "promesas_sin_monto_o_fecha": "promesas sin monto o fecha",
    "duplicados": "duplicados", "fuera_de_horario": "fuera de horario", "incoherentes_canal": "código vs canal",
    "fuera_de_catalogo": "fuera de catálogo", "meta_cobertura": "meta de cobertura",
    "meta_contacto": "meta de contacto", "meta_promesa": "meta de promesa",
    "meta_cumplimiento": "meta de cumplimiento", "indice_metas": "índice de metas", "semaforo": "semáforo",
    "puesto": "puesto",
}


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
    """Una tasa en % entero; «sin datos» si su denominador es 0."""
    return SIN_DATOS if valor is None or pd.isna(valor) else _pct_entero(valor)


def _semaforo(valor) -> str:
    return "—" if valor is None or pd.isna(valor) else str(valor)


def _filas_principales(tabla: pd.DataFrame) -> list[list[str]]:
    return [[
        "—" if pd.isna(f["puesto"]) else str(int(f["puesto"])), str(f["asesor"]), _semaforo(f["semaforo"]),
        "—" if pd.isna(f["indice_metas"]) else _pct_entero(f["indice_metas"]), entero(f["intentos"]),
        "—" if pd.isna(f["intentos_por_hora"]) else decimal(f["intentos_por_hora"], 1),
        compacto(f["monto_recuperado"]),
    ] for _, f in tabla.iterrows()]


ENCABEZADO = ["#", "asesor", "semáforo", "índice", "intentos", "int./h", "recuperado"]
def como_markdown(tabla: pd.DataFrame) -> str:
    from tabulate import tabulate

    filas = [fila + [_pct(f[c]) for c, _ in TASAS] for fila, (_, f) in zip(_filas_principales(tabla), tabla.iterrows())]
    partes = [tabulate(filas, headers=ENCABEZADO + [n for _, n in TASAS], tablefmt="github", disable_numparse=True),
              "", "**Calidad**", ""]
    calidad = [[str(f["asesor"])] + [entero(f[c]) for c, _, _ in CALIDAD] for _, f in tabla.iterrows()]
    partes.append(tabulate(calidad, headers=["asesor"] + [n for _, _, n in CALIDAD], tablefmt="github",
                           disable_numparse=True))
    partes += ["", NOTA_TABLA, "", NOTA_CALIDAD + " " + NOTA_HORAS]
    return "\n".join(partes)


def _columna_numero(tabla, nombre: str, ancho: int = 4) -> None:
    """Columna numérica: a la derecha, sin partir, con ancho mínimo (el número nunca lleva «…»)."""
    largo = max(len(linea) for linea in nombre.split("\n"))
    tabla.add_column(nombre, justify="right", no_wrap=True, min_width=max(ancho, largo))


def mostrar(consola, tabla: pd.DataFrame, desde, hasta) -> None:
    """Tres tablas que caben en 80 columnas: puesto y productividad, tasas, calidad."""
    from rich.table import Table
    from rich.text import Text

    texto_periodo = periodo(desde, hasta)
    if tabla.empty:
        consola.print(Text(f"Asesores {texto_periodo}: no hay intentos ni asignaciones con asesor en la bitácora."))
        return
    t = Table(title=Text(f"Asesores {texto_periodo}, en orden de puesto", style="bold"),
              title_justify="left", caption=Text(NOTA_TABLA), caption_justify="left")
    _columna_numero(t, "#", 2)
    t.add_column("asesor", overflow="fold", min_width=10)
    t.add_column("semáforo", no_wrap=True, min_width=9)
    _columna_numero(t, "índice", 5)
    _columna_numero(t, "intentos", 6)
    _columna_numero(t, "int./h", 5)
    _columna_numero(t, "recuperado", 9)
    for fila, semaforo in zip(_filas_principales(tabla), tabla["semaforo"]):
        celdas = [Text(v) for v in fila]
        celdas[2] = Text(fila[2], style=COLORES.get(semaforo, ""))
        t.add_row(*celdas)
    consola.print(t)

    tasas = Table(title=Text("Tasas de cada asesor, en % (real; «sin datos» si el denominador es 0)", style="bold"),
                  title_justify="left", caption_justify="left",
                  caption=Text("cobertura = asignados que intentó ÷ asignados; contacto y titular = deudores con "
                               "ese nivel ÷ gestionados; promesa = con promesa ÷ contacto con titular; cumplim. = "
                               "promesas cumplidas ÷ promesas."))
    tasas.add_column("asesor", overflow="fold", min_width=10)
    for _, nombre in TASAS:
        _columna_numero(tasas, nombre, 9)
    for _, f in tabla.iterrows():
        tasas.add_row(Text(str(f["asesor"])),
                      *[Text(_pct(f[c]), style="dim" if pd.isna(f[c]) else "") for c, _ in TASAS])
    consola.print(tasas)

    c = Table(title=Text("Calidad: intentos con problemas", style="bold"), title_justify="left",
              caption=Text(NOTA_CALIDAD + " " + NOTA_HORAS), caption_justify="left")
    c.add_column("asesor", overflow="fold", min_width=9)
    for _, nombre, _ in CALIDAD:
        _columna_numero(c, nombre)
    for _, f in tabla.iterrows():
        c.add_row(Text(str(f["asesor"])), *[Text(entero(f[col]), style="red" if f[col] and col != "intentos_sin_hora"
                                                 else "") for col, _, _ in CALIDAD])
    consola.print(c)


def tablas_para_libro(tabla: pd.DataFrame) -> list[TablaInforme]:
    """Hojas del libro: el ranking (con las tasas como fracciones) y el detalle completo."""
    ranking_cols = ["asesor", "puesto", "semaforo", "intentos", "intentos_por_hora"] + [c for c, _ in TASAS] + [
        "indice_metas", "monto_recuperado"]
    return [
        TablaInforme("Ranking", encabezado=[ETIQUETAS.get(c, c) for c in ranking_cols],
                     filas=[[_limpiar(f[c]) for c in ranking_cols] for _, f in tabla.iterrows()]),
        TablaInforme("Detalle", encabezado=[ETIQUETAS.get(c, c.replace("_", " ")) for c in tabla.columns],
                     filas=[[_limpiar(v) for v in fila] for fila in tabla.itertuples(index=False)]),
        TablaInforme("Nota", encabezado=["definiciones"], filas=[[NOTA]]),
    ]


def graficos_para_libro() -> list[dict]:
    """Un gráfico de columnas con las tasas de cada asesor (hoja Ranking, columnas cobertura..cumplimiento)."""
    return [{"tabla": 0, "tipo": "column", "titulo": "Tasas de cada asesor", "series": "columnas",
             "columnas": (5, 9), "porcentaje": True}]
