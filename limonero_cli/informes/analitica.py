"""Presentación de la analítica de cartera: mapa, Pareto, rodamiento y capacidad.

Cada análisis se muestra como tablas (``TablaInforme``) para la terminal y
markdown, como CSV (su tabla principal, en formato largo) y como JSON (todo,
con números como números). El mapa y las matrices de rodamiento se pintan como
mapa de calor en la terminal: el fondo de cada celda se oscurece con su valor.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from limonero_cli.informes.ancho import grupos_de_columnas, mostrar_ajustadas, partir_encabezado
from limonero_cli.informes.formato import decimal, dinero, entero, fecha_corta, porcentaje
from limonero_cli.informes.terminal import TablaInforme

# Escala de calor (de poco a mucho): casi blanco → verde oscuro.
COLOR_BAJO = (247, 252, 245)
COLOR_ALTO = (0, 109, 44)
MAX_FILAS_POR_CLASE = 10
TOTAL = "Total"


# ---------------------------------------------------------------------------
# Utilidades


def _limpiar(valor):
    """Un valor listo para JSON: NaN a None, escalares de numpy a Python, fechas a texto."""
    if valor is None:
        return None
    if hasattr(valor, "item") and not isinstance(valor, (str, bytes)):
        valor = valor.item()
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if valor is pd.NA or valor is pd.NaT:
        return None
    if hasattr(valor, "isoformat"):
        return valor.isoformat()[:10] if getattr(valor, "hour", 0) == 0 else valor.isoformat()
    return valor


def registros(datos: pd.DataFrame) -> list[dict]:
    """Las filas de ``datos`` como diccionarios listos para JSON."""
    return [{str(k): _limpiar(v) for k, v in fila.items()} for fila in datos.to_dict("records")]


def a_json(objeto: dict) -> str:
    return json.dumps(objeto, ensure_ascii=False, indent=2, default=str)


def como_markdown(tablas: list[TablaInforme], notas: list[str] = ()) -> str:
    """Cada tabla con su título como encabezado de markdown; los números a la española."""
    from tabulate import tabulate

    from limonero_cli.informes.terminal import celda

    partes = [f"> {nota}" for nota in notas]
    for tabla in tablas:
        filas = [[celda(v) for v in fila] for fila in tabla.filas]
        partes.append(f"### {tabla.titulo}\n\n" + tabulate(
            filas, headers=tabla.encabezado or (), tablefmt="github", disable_numparse=True))
    return "\n\n".join(partes) + "\n"


def dinero_corto(valor) -> str:
    """Un monto compacto para las celdas del mapa de calor: ``2.541 M``, ``2,5 M``, ``950 mil``, ``8.400``."""
    if valor is None or not math.isfinite(valor):
        return "—"
    absoluto = abs(valor)
    if absoluto >= 1_000_000_000:
        return f"{entero(valor / 1_000_000)} M"
    if absoluto >= 1_000_000:
        return f"{decimal(valor / 1_000_000, 1)} M"
    if absoluto >= 10_000:
        return f"{entero(valor / 1_000)} mil"
    return entero(valor)


def _color(fraccion: float) -> tuple[str, str]:
    """(fondo, texto) para una fracción 0–1 de la escala de calor."""
    f = 0.0 if not math.isfinite(fraccion) else min(max(fraccion, 0.0), 1.0)
    rgb = [round(a + (b - a) * f) for a, b in zip(COLOR_BAJO, COLOR_ALTO)]
    fondo = "#{:02x}{:02x}{:02x}".format(*rgb)
    return fondo, ("white" if f > 0.55 else "black")


def tabla_de_calor(titulo: str, datos: pd.DataFrame, formatear, totales: bool = True,
                   nombre_filas: str | None = None, ancho_total: int = 80, nota: str | None = None) -> list:
    """El mapa de calor como una o más ``rich.table.Table`` que caben en ``ancho_total`` columnas.

    El fondo de cada celda se oscurece con su valor; las filas y la columna de totales (si
    ``totales``) van sin color. Cada celda se rellena al ancho de su columna (el color la cubre
    entera) y nunca se corta: si las columnas no caben, la cuadrícula se parte en varias tablas
    que repiten la etiqueta de las filas. Los encabezados largos se parten en líneas.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    valores = datos.to_numpy(dtype="float64")
    finitos = valores[np.isfinite(valores)]
    tope = float(finitos.max()) if finitos.size else 0.0
    piso = min(float(finitos.min()), 0.0) if finitos.size else 0.0
    etiquetas = [str(i) for i in datos.index] + ([TOTAL] if totales else [])
    nombre = nombre_filas if nombre_filas is not None else str(datos.index.name or "")
    celdas = [[formatear(v) for v in fila] for fila in valores]
    if totales:
        for fila, numeros in zip(celdas, valores):
            fila.append(formatear(np.nansum(numeros)))
        suma_columnas = np.nansum(valores, axis=0) if len(valores) else np.zeros(len(datos.columns))
        celdas.append([formatear(v) for v in suma_columnas] + [formatear(np.nansum(valores))])
    columnas = [str(c) for c in datos.columns] + ([TOTAL] if totales else [])
    anchos_celdas = [max([len(f[j]) for f in celdas] + [3]) + 1 for j in range(len(columnas))]
    encabezados = [partir_encabezado(c, max(a, 8)) for c, a in zip(columnas, anchos_celdas)]
    anchos = [max([a] + [len(linea) for linea in e.split("\n")]) for a, e in zip(anchos_celdas, encabezados)]
    ancho_etiqueta = max([len(e) for e in etiquetas] + [len(linea) for linea in partir_encabezado(nombre, 10).split("\n")]
                         + [5])
    grupos = grupos_de_columnas([ancho_etiqueta] + anchos, ancho_total, fijas=1, costo=1)
    tablas = []
    for n, grupo in enumerate(grupos, start=1):
        parte = titulo if len(grupos) == 1 else f"{titulo} ({n} de {len(grupos)})"
        tabla = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0))
        tabla.add_column(Text(partir_encabezado(nombre, 10)), no_wrap=True, min_width=ancho_etiqueta)
        for j in grupo[1:]:
            k = j - 1
            es_total = totales and k == len(columnas) - 1
            tabla.add_column(Text(encabezados[k], style="bold" if es_total else ""), justify="right", no_wrap=True,
                             min_width=anchos[k])
        for i, etiqueta in enumerate(etiquetas):
            fila_total = totales and i == len(etiquetas) - 1
            fila = [Text(etiqueta, style="bold" if fila_total else "")]
            for j in grupo[1:]:
                k = j - 1
                texto = f"{celdas[i][k]} ".rjust(anchos[k])
                if fila_total or (totales and k == len(columnas) - 1):
                    fila.append(Text(texto, style="bold"))
                    continue
                valor = valores[i][k]
                fraccion = (valor - piso) / (tope - piso) if tope > piso else 0.0
                fondo, color = _color(fraccion)
                fila.append(Text(texto, style=f"{color} on {fondo}"))
            tabla.add_row(*fila)
        # El título y la nota van fuera de la tabla: así usan todo el ancho y no se parten de más.
        partes = [Text(parte, style="bold"), tabla]
        if nota and n == len(grupos):
            partes.append(Text(nota))
        tablas.append(Group(*partes))
    return tablas


def _tabla_cuadricula(titulo: str, datos: pd.DataFrame, formatear, totales: bool = True) -> TablaInforme:
    """La misma cuadrícula como ``TablaInforme`` (texto ya formateado), para markdown."""
    encabezado = [str(datos.index.name or ""), *[str(c) for c in datos.columns]]
    if totales:
        encabezado.append(TOTAL)
    filas = []
    valores = datos.to_numpy(dtype="float64")
    for etiqueta, fila in zip(datos.index, valores):
        filas.append([str(etiqueta), *[formatear(v) for v in fila],
                      *([formatear(np.nansum(fila))] if totales else [])])
    if totales:
        filas.append([TOTAL, *[formatear(v) for v in np.nansum(valores, axis=0)],
                      formatear(np.nansum(valores))])
    return TablaInforme(titulo, filas=filas, encabezado=encabezado)


# ---------------------------------------------------------------------------
# Mapa de posibilidades


def _nombre_variable(variable: str) -> str:
    return variable.replace("_", " ")


def textos_mapa(mapa, origen: str | None = None) -> list[str]:
    """Las frases que acompañan al mapa: qué se cruzó, totales y de dónde sale la recuperación."""
    lineas = [
        f"Mapa de posibilidades: {_nombre_variable(mapa.filas)} (filas) × "
        f"{_nombre_variable(mapa.columnas)} (columnas); cada deudor cae en una sola celda.",
        f"{entero(mapa.total_deudores)} deudores, {dinero(mapa.total_saldo)} de saldo vencido, "
        f"{dinero(mapa.total_recuperacion)} de recuperación esperada "
        f"({porcentaje(mapa.total_recuperacion / mapa.total_saldo if mapa.total_saldo > 0 else None)}"
        " del saldo vencido).",
        f"Fuente de la recuperación esperada: {mapa.fuente}. {mapa.explicacion}",
    ]
    if origen:
        lineas.append(origen)
    if mapa.pagos_sin_cartera:
        lineas.append(f"{entero(mapa.pagos_sin_cartera)} pagos de la bitácora son de cuentas o "
                      "deudores que no están en esta cartera y no se usaron.")
    return lineas


def _cuadriculas_mapa(mapa, corto: bool = False) -> list[tuple[str, pd.DataFrame, object]]:
    monto = dinero_corto if corto else dinero
    return [
        ("Deudores", mapa.deudores, entero),
        ("Saldo vencido", mapa.saldo_vencido, monto),
        ("Recuperación esperada", mapa.recuperacion_esperada, monto),
    ]


def tablas_mapa(mapa) -> list[TablaInforme]:
    tablas = [_tabla_cuadricula(titulo, datos, formato) for titulo, datos, formato in _cuadriculas_mapa(mapa)]
    tablas.append(_tabla_cuadricula("Tasa de recuperación esperada (recuperación ÷ saldo vencido "
                                    "de la celda)", mapa.tasa_recuperacion, porcentaje,
                                    totales=False))
    return tablas


def mostrar_mapa(consola, mapa, origen: str | None = None) -> None:
    """El mapa como tres cuadrículas de calor (deudores, saldo, recuperación) y sus frases."""
    from rich.text import Text

    for linea in textos_mapa(mapa, origen):
        consola.print(Text(linea))
    for titulo, datos, formato in _cuadriculas_mapa(mapa, corto=True):
        for tabla in tabla_de_calor(titulo, datos, formato, nombre_filas=_nombre_variable(mapa.filas),
                                    ancho_total=consola.width):
            consola.print(tabla)
    for tabla in tabla_de_calor("Tasa de recuperación esperada (recuperación ÷ saldo vencido)",
                                mapa.tasa_recuperacion, porcentaje, totales=False,
                                nombre_filas=_nombre_variable(mapa.filas), ancho_total=consola.width):
        consola.print(tabla)


def json_mapa(mapa, origen: str | None = None) -> str:
    return a_json({
        "filas": mapa.filas,
        "columnas": mapa.columnas,
        "fuente": mapa.fuente,
        "explicacion": mapa.explicacion,
        "origen_pagos": origen,
        "total_deudores": mapa.total_deudores,
        "total_saldo_vencido": mapa.total_saldo,
        "total_recuperacion_esperada": mapa.total_recuperacion,
        "pagos_sin_cartera": mapa.pagos_sin_cartera,
        "celdas": registros(mapa.celdas),
    })


# ---------------------------------------------------------------------------
# Pareto


def _nombre_clase(clase: str, cortes) -> str:
    a, b = cortes
    return {
        "A": f"A (hasta el {porcentaje(a, 0)} acumulado)",
        "B": f"B (del {porcentaje(a, 0)} al {porcentaje(b, 0)})",
        "C": "C (el resto)",
    }[clase]


def titular_pareto(pareto) -> str:
    """El titular con mayúscula inicial y punto final."""
    texto = pareto.titular
    return texto[:1].upper() + texto[1:] + "."


NOMBRES_MEDIDAS = {"saldo_vencido": "saldo vencido", "saldo_total": "saldo total",
                   "recuperacion_esperada": "recuperación esperada"}


def _plural_sin_articulo(por: str) -> str:
    from limonero_cli.nucleo.pareto import NOMBRES_PLURALES

    plural = NOMBRES_PLURALES.get(por)
    return plural.split(" ", 1)[1] if plural else f"valores de «{por}»"


def tablas_pareto(pareto, max_filas: int = MAX_FILAS_POR_CLASE) -> list[TablaInforme]:
    """El resumen por clase y, por cada clase, sus primeros deudores (o valores)."""
    nombre_medida = NOMBRES_MEDIDAS.get(pareto.medida, pareto.medida.replace("_", " "))
    resumen = TablaInforme(
        f"Clases ABC por {nombre_medida} (participación sobre {dinero(pareto.total)}, "
        "la suma de los totales positivos)",
        encabezado=["clase", "cantidad", "% de la cantidad", nombre_medida, "% del total"],
        filas=[
            [_nombre_clase(clase, pareto.cortes), int(fila["cantidad"]),
             porcentaje(fila["participacion_cantidad"]), float(fila[pareto.medida]),
             porcentaje(fila["participacion"])]
            for clase, fila in pareto.resumen.iterrows()
        ],
    )
    tablas = [resumen]
    encabezado = ["rango", pareto.por, "cuentas", nombre_medida, "% del total", "% acumulado"]
    for clase in ("A", "B", "C"):
        de_clase = pareto.tabla[pareto.tabla["clase"].eq(clase)]
        if de_clase.empty:
            continue
        filas = [
            [int(f["rango"]), str(f[pareto.por]), int(f["cuentas"]), float(f[pareto.medida]),
             porcentaje(f["participacion"]), porcentaje(f["participacion_acumulada"])]
            for _, f in de_clase.head(max_filas).iterrows()
        ]
        restantes = len(de_clase) - max_filas
        if restantes > 0:
            filas.append(["", f"... y {entero(restantes)} más", int(de_clase["cuentas"].iloc[max_filas:].sum()),
                          float(de_clase[pareto.medida].iloc[max_filas:].sum()),
                          porcentaje(de_clase["participacion"].iloc[max_filas:].sum()), ""])
        tablas.append(TablaInforme(f"Clase {clase}: {entero(len(de_clase))} "
                                   f"{_plural_sin_articulo(pareto.por)}", filas=filas,
                                   encabezado=encabezado))
    return tablas


def mostrar_pareto(consola, pareto, nota: str | None = None) -> None:
    from rich.text import Text

    consola.print(Text(titular_pareto(pareto), style="bold"))
    if nota:
        consola.print(Text(nota))
    mostrar_ajustadas(consola, tablas_pareto(pareto))


def json_pareto(pareto, nota: str | None = None) -> str:
    resumen = pareto.resumen.reset_index()
    return a_json({
        "por": pareto.por,
        "medida": pareto.medida,
        "cortes": list(pareto.cortes),
        "total": pareto.total,
        "titular": pareto.titular,
        "nota": nota,
        "resumen": registros(resumen),
        "tabla": registros(pareto.tabla),
    })


# ---------------------------------------------------------------------------
# Rodamiento


def textos_rodamiento(r, anterior: str, actual: str) -> list[str]:
    """Las frases del rodamiento: qué se comparó, salidas, entradas y lo que no se pudo ubicar."""
    unidad = "cuentas" if r.llave == "cuenta" else f"llaves «{r.llave}»"
    lineas = [
        f"Rodamiento de {anterior} (corte anterior) a {actual} (corte actual), por {r.llave}.",
        f"{entero(r.cuentas_anterior)} {unidad} del corte anterior ubicadas en un tramo; "
        f"{entero(r.cuentas_actual)} en el corte actual.",
        f"Salieron {entero(r.cuentas_salieron)} (estaban antes y ya no están: pagaron o se "
        f"castigaron); entraron {entero(r.cuentas_entraron)} (solo están en el corte actual).",
    ]
    if r.sin_mora_anterior or r.sin_mora_actual:
        lineas.append(f"Sin días de mora (no se ubican en un tramo): {entero(r.sin_mora_anterior)} "
                      f"en el corte anterior y {entero(r.sin_mora_actual)} en el actual.")
    if r.repetidas_anterior or r.repetidas_actual:
        lineas.append(f"Llaves repetidas agrupadas (días de mora = el máximo, saldo = la suma): "
                      f"{entero(r.repetidas_anterior)} filas en el corte anterior y "
                      f"{entero(r.repetidas_actual)} en el actual.")
    return lineas


def tabla_tasas(r) -> TablaInforme:
    pares = (("rodamiento", r.rodamiento), ("rodamiento (saldo)", r.rodamiento_saldo),
             ("mejora", r.mejora), ("mejora (saldo)", r.mejora_saldo),
             ("cura", r.cura), ("cura (saldo)", r.cura_saldo),
             ("salida", r.salida), ("salida (saldo)", r.salida_saldo))
    filas = [[nombre, porcentaje(t.valor), float(t.numerador), float(t.denominador),
              t.base if t.unidad == "cuentas" else f"saldo vencido de {t.base}"] for nombre, t in pares]
    return TablaInforme("Tasas (cada una con su numerador y su denominador)", filas=filas,
                        encabezado=["tasa", "valor", "numerador", "denominador", "denominador: qué cuenta"])


NOTA_FLUJO = ("cuentas y saldo: los del tramo «desde» en el corte anterior; pasan y pasa: los que llegaron al "
              "tramo «hacia»; tasa = pasan ÷ cuentas; tasa saldo = pasa ÷ saldo.")
def millones(valor) -> str:
    """Un monto en millones, sin la unidad (la dice el título): ``15718000000`` → ``15.718``; ``912300000``
    → ``912,3``; ``0`` → ``0``."""
    if valor is None or not math.isfinite(valor):
        return "—"
    en_millones = valor / 1_000_000
    if en_millones == 0:
        return "0"
    return entero(en_millones) if abs(en_millones) >= 1000 else decimal(en_millones, 1)


def _formato_saldo(matriz: pd.DataFrame):
    """(formato, unidad) para una matriz de saldos: en millones si algún total llega al millón."""
    tope = float(np.nansum(np.abs(matriz.to_numpy(dtype="float64")))) if matriz.size else 0.0
    return (millones, " (en millones)") if tope >= 1_000_000 else (entero, "")


def tablas_rodamiento(r) -> list[TablaInforme]:
    """Las tablas del rodamiento, angostas para que quepan en 80 columnas (ver las notas al pie)."""
    flujo = TablaInforme(
        "Flujo: del tramo i al tramo i+1 (÷ cuentas o saldo del tramo i en el corte anterior)",
        encabezado=["desde", "hacia", "cuentas", "pasan", "tasa", "saldo", "pasa", "tasa saldo"],
        filas=[[desde, f["hacia"], int(f["cuentas_inicio"]), int(f["cuentas_pasan"]),
                porcentaje(f["tasa"]), dinero_corto(float(f["saldo_inicio"])), dinero_corto(float(f["saldo_pasa"])),
                porcentaje(f["tasa_saldo"])] for desde, f in r.flujo.iterrows()],
    )
    resumen = TablaInforme(
        "Por tramo del corte anterior: cuentas",
        encabezado=["tramo", "cuentas", "empeoraron", "igual", "mejoraron", "salieron"],
        filas=[[tramo, int(f["cuentas"]), int(f["empeoraron"]), int(f["igual"]), int(f["mejoraron"]),
                int(f["salieron"])] for tramo, f in r.resumen.iterrows()],
    )
    resumen_tasas = TablaInforme(
        "Por tramo del corte anterior: tasas (÷ cuentas del tramo)",
        encabezado=["tramo", "rodamiento", "mejora", "salida"],
        filas=[[tramo, porcentaje(f["tasa_rodamiento"]), porcentaje(f["tasa_mejora"]),
                porcentaje(f["tasa_salida"])] for tramo, f in r.resumen.iterrows()],
    )
    entradas = TablaInforme(
        "Entraron (solo en el corte actual), por tramo actual",
        encabezado=["tramo actual", "cuentas", "saldo vencido"],
        filas=[[tramo, int(f["cuentas"]), float(f["saldo"])] for tramo, f in r.entradas.iterrows()]
        + [[TOTAL, int(r.entradas["cuentas"].sum()), float(r.entradas["saldo"].sum())]],
    )
    return [
        _tabla_cuadricula("Matriz de rodamiento en cuentas (filas: tramo anterior; columnas: "
                          "tramo actual)", r.matriz_cuentas, entero),
        _tabla_cuadricula("Matriz de rodamiento en saldo vencido del corte anterior",
                          r.matriz_saldo, dinero),
        tabla_tasas(r), flujo, resumen, resumen_tasas, entradas,
    ]


def mostrar_rodamiento(consola, r, anterior: str, actual: str) -> None:
    from rich.text import Text

    for linea in textos_rodamiento(r, anterior, actual):
        consola.print(Text(linea))
    for tabla in tabla_de_calor("Matriz de rodamiento en cuentas (filas: tramo anterior; columnas: tramo actual)",
                                r.matriz_cuentas, entero, nombre_filas="tramo anterior", ancho_total=consola.width):
        consola.print(tabla)
    formato, unidad = _formato_saldo(r.matriz_saldo)
    for tabla in tabla_de_calor(f"Matriz de rodamiento en saldo vencido del corte anterior{unidad}",
                                r.matriz_saldo, formato, nombre_filas="tramo anterior", ancho_total=consola.width):
        consola.print(tabla)
    mostrar_ajustadas(consola, tablas_rodamiento(r)[2:], notas={1: NOTA_FLUJO})


def matriz_larga(r) -> pd.DataFrame:
    """Las dos matrices en formato largo: una fila por par de tramos (para CSV)."""
    cuentas = r.matriz_cuentas.stack().rename("cuentas")
    saldo = r.matriz_saldo.stack().rename("saldo_vencido")
    largo = pd.concat([cuentas, saldo], axis=1).reset_index()
    largo.columns = ["tramo_anterior", "tramo_actual", "cuentas", "saldo_vencido"]
    return largo


def json_rodamiento(r, anterior: str, actual: str) -> str:
    return a_json({
        "anterior": anterior,
        "actual": actual,
        "llave": r.llave,
        "tramos": list(r.tramos),
        "cuentas_anterior": r.cuentas_anterior,
        "cuentas_actual": r.cuentas_actual,
        "cuentas_salieron": r.cuentas_salieron,
        "cuentas_entraron": r.cuentas_entraron,
        "sin_mora_anterior": r.sin_mora_anterior,
        "sin_mora_actual": r.sin_mora_actual,
        "repetidas_anterior": r.repetidas_anterior,
        "repetidas_actual": r.repetidas_actual,
        "matriz": registros(matriz_larga(r)),
        "tasas": registros(r.tasas()),
        "flujo": registros(r.flujo.reset_index()),
        "entradas": registros(r.entradas.reset_index()),
    })


# ---------------------------------------------------------------------------
# Capacidad


def _fecha_con_dia(fecha) -> str:
    from limonero_cli.nucleo.capacidad import dia_semana

    return f"{dia_semana(fecha)[:3]} {fecha:%Y-%m-%d}"


def textos_capacidad(c) -> list[str]:
    supuesto = ("nadie paga" if not c.cura else
                f"cada día paga y sale el {porcentaje(c.cura)} de los deudores que quedan")
    ultimo = c.fecha_inicio + pd.Timedelta(days=c.dias - 1)
    lineas = [
        f"Carga de {c.fecha_inicio:%Y-%m-%d} a {ultimo:%Y-%m-%d} ({entero(c.dias)} "
        f"{'día' if c.dias == 1 else 'días'}): cada "
        f"día la cartera suma un día de mora y {supuesto}. Demanda = filas de la lista + desborde.",
        f"Asesores disponibles: {entero(c.asesores_disponibles)}, con {entero(c.capacidad_asesores)} "
        "gestiones al día entre todos.",
    ]
    if c.asesores_sin_ficha:
        lineas.append(f"{entero(len(c.asesores_sin_ficha))} asesores de la cartera no están en la "
                      "hoja «asesores» y cuentan con la capacidad por defecto: "
                      + ", ".join(c.asesores_sin_ficha) + ".")
    por_dia = c.por_dia
    if len(por_dia) and por_dia["demanda_asesores"].max() > 0:
        pico = por_dia.loc[por_dia["demanda_asesores"].idxmax()]
        lineas.append(f"Día de más carga para los asesores: {_fecha_con_dia(pico['fecha'])}, "
                      f"{entero(pico['demanda_asesores'])} gestiones, "
                      f"{entero(pico['asesores_necesarios'])} asesores necesarios.")
    faltan = c.carga[c.carga["faltante"] > 0]
    if len(faltan):
        dias = faltan["fecha"].nunique()
        lineas.append(f"No alcanza la capacidad en {entero(dias)} de {entero(c.dias)} días "
                      f"(faltan {entero(faltan['faltante'].sum())} gestiones en total).")
    else:
        lineas.append("La capacidad alcanza todos los días del periodo.")
    return lineas


NOTA_CARGA = ("demanda = filas de la lista + desborde; uso = demanda ÷ capacidad; faltante = lo que no "
              "cabe; capacidad «sin límite»: el canal no tiene tope.")
NOTA_ASESORES = ("necesarios = ⌈demanda ÷ gestiones por asesor del canal⌉; disponibles = asesores que atienden "
                 "el canal.")


def tablas_capacidad(c) -> list[TablaInforme]:
    """Cuatro tablas angostas (caben en 80 columnas): carga por día y canal, asesores por día y canal
    de asesor, y por día: gestiones de asesores, cartera y canales masivos."""
    filas, asesores = [], []
    for f in c.carga.itertuples():
        capacidad = "sin límite" if pd.isna(f.capacidad) else int(f.capacidad)
        dia = fecha_corta(f.fecha)
        filas.append([dia, f.canal, int(f.demanda), int(f.desbordes), capacidad, porcentaje(f.uso),
                      int(f.faltante)])
        if not pd.isna(f.asesores_necesarios) or not pd.isna(f.asesores_disponibles):
            asesores.append([dia, f.canal, "" if pd.isna(f.asesores_necesarios) else int(f.asesores_necesarios),
                             "" if pd.isna(f.asesores_disponibles) else int(f.asesores_disponibles)])
    por_canal = TablaInforme(
        "Carga por día y canal", encabezado=["día", "canal", "demanda", "desborde", "capacidad", "uso", "faltante"],
        filas=filas,
    )
    por_canal_asesores = TablaInforme(
        "Asesores por día y canal de asesor", encabezado=["día", "canal", "necesarios", "disponibles"],
        filas=asesores,
    )
    por_dia = TablaInforme(
        "Por día: gestiones de asesores",
        encabezado=["día", "demanda", "capacidad", "faltante", "asesores necesarios", "asesores disponibles"],
        filas=[[fecha_corta(f.fecha), int(f.demanda_asesores), int(f.capacidad_asesores), int(f.faltante_asesores),
                int(f.asesores_necesarios), int(f.asesores_disponibles)] for f in c.por_dia.itertuples()],
    )
    por_dia_masivo = TablaInforme(
        "Por día: cartera y canales masivos",
        encabezado=["día", "cuentas", "deudores", "demanda masiva", "desborde masivo"],
        filas=[[fecha_corta(f.fecha), int(f.cuentas), int(f.deudores), int(f.demanda_masiva),
                int(f.desbordes_masivos)] for f in c.por_dia.itertuples()],
    )
    return [por_canal, por_canal_asesores, por_dia, por_dia_masivo]


def mostrar_capacidad(consola, c) -> None:
    from rich.text import Text

    for linea in textos_capacidad(c):
        consola.print(Text(linea))
    mostrar_ajustadas(consola, tablas_capacidad(c), notas={0: NOTA_CARGA, 1: NOTA_ASESORES})


def json_capacidad(c) -> str:
    return a_json({
        "fecha_inicio": c.fecha_inicio.isoformat(),
        "dias": c.dias,
        "cura": c.cura,
        "capacidad_asesores": c.capacidad_asesores,
        "asesores_disponibles": c.asesores_disponibles,
        "asesores_sin_ficha": list(c.asesores_sin_ficha),
        "canales": [{"canal": k.canal, "tipo": k.tipo, "capacidad": k.capacidad,
                     "por_asesor": k.por_asesor, "asesores": k.asesores} for k in c.canales],
        "carga": registros(c.carga),
        "por_dia": registros(c.por_dia),
    })
