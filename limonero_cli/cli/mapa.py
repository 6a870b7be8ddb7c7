"""``limonero mapa``: el mapa de posibilidades (dónde está el dinero recuperable)."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    informe_en_terminal,
    exigir_libro_xlsx,
    abrir_bitacora,
    cargar_estrategia,
    consola,
    leer_cartera_de,
    opcion_bitacora,
    opcion_estrategia,
    opcion_formato,
    opcion_silencioso,
    opcion_sobrescribir,
    variable_de_cartera,
)


def pagos_de_la_bitacora(ruta_bitacora: Path | None, cartera):
    """Los pagos de la bitácora si alguno es de un deudor o cuenta de ``cartera``; y una frase que lo dice."""
    if ruta_bitacora is None or not Path(ruta_bitacora).exists():
        return None, f"No hay bitácora ({ruta_bitacora}): no se usa historial de pagos."
    with abrir_bitacora(ruta_bitacora) as bitacora:
        pagos = bitacora.pagos()
    if pagos.empty:
        return None, f"La bitácora {ruta_bitacora} no tiene pagos."
    deudores = set(cartera["cliente_id"].dropna().astype(str)) if "cliente_id" in cartera else set()
    cuentas = set(cartera["cuenta"].dropna().astype(str)) if "cuenta" in cartera else set()
    de_la_cartera = pagos["cliente_id"].astype(str).isin(deudores) | pagos["cuenta"].astype(str).isin(cuentas)
    if not de_la_cartera.any():
        return None, (f"La bitácora {ruta_bitacora} tiene {len(pagos)} pagos, pero ninguno de "
                      "deudores de esta cartera: no se usa historial de pagos.")
    # La bitácora pone la cuenta como cliente cuando no lo conoce: el deudor de una cuenta de la
    # cartera es el que dice la cartera.
    if "cuenta" in cartera and "cliente_id" in cartera:
        import pandas as pd

        unicas = cartera.dropna(subset=["cuenta"]).drop_duplicates("cuenta")
        deudor_de_cuenta = pd.Series(unicas["cliente_id"].to_numpy(dtype=object),
                                     index=unicas["cuenta"].astype(str).to_numpy())
        por_cuenta = pagos["cuenta"].astype(str).map(deudor_de_cuenta)
        pagos = pagos.assign(cliente_id=por_cuenta.where(por_cuenta.notna(), pagos["cliente_id"]))
    return pagos, (f"Historial: {int(de_la_cartera.sum())} pagos de la bitácora {ruta_bitacora} son "
                   "de deudores de esta cartera.")


@click.command("mapa")
@click.argument("cartera", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--filas", metavar="VARIABLE",
              help="Variable de las filas (por defecto score si la cartera lo trae; si no, dias_mora).")
@click.option("--columnas", metavar="VARIABLE", default="saldo_vencido", show_default=True,
              help="Variable de las columnas: cualquier columna de la cartera.")
@click.option("--bandas", type=click.IntRange(2, 12), default=5, show_default=True,
              help="Cuántas bandas, como mucho, para una variable numérica.")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Libro xlsx con las cuadrículas como mapa de calor y el detalle por celda.")
@click.option("--hoja", help="Hoja del libro de la cartera (por defecto, la primera visible).")
@opcion_formato
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
@opcion_silencioso
def comando(cartera, filas, columnas, bandas, salida, hoja, formato, ruta_estrategia, ruta_bitacora,
            sobrescribir, silencioso):
    """Cruza dos variables de la cartera y muestra, por celda, deudores, saldo
    vencido y recuperación esperada, como un mapa de calor.

    Cada deudor cae en una sola celda. Las variables numéricas se agrupan en
    bandas de límites redondos (días de mora, en los tramos de mora); las de
    categoría quedan como vienen. La recuperación esperada sale del historial
    de pagos de la bitácora si tiene pagos de estos deudores; si no, del score;
    si no hay score, de los días de mora. El informe dice cuál usó.

    \b
    Ejemplos:
      limonero mapa cartera_hoy.xlsx
      limonero mapa cartera_hoy.xlsx --filas dias_mora --columnas producto
      limonero mapa cartera_hoy.xlsx -o mapa.xlsx
    """
    exigir_libro_xlsx(salida, "-o", "el mapa", "mapa.xlsx")
    estrategia = cargar_estrategia(ruta_estrategia)
    entrada = leer_cartera_de(cartera, estrategia, hoja, silencioso or formato != "tabla")
    datos = entrada.datos
    from limonero_cli.nucleo.mapa import calcular_mapa

    extras = ("recuperacion_esperada",)
    if filas is None:
        filas = "score" if "score" in datos and datos["score"].notna().any() else "dias_mora"
    else:
        filas = variable_de_cartera(filas, datos, "--filas", extras)
    columnas = variable_de_cartera(columnas, datos, "--columnas", extras)
    pagos, origen = pagos_de_la_bitacora(ruta_bitacora, datos)
    mapa = calcular_mapa(datos, filas=filas, columnas=columnas, historial_pagos=pagos, bandas=bandas)

    from limonero_cli.informes import analitica as informe

    if formato == "json":
        click.echo(informe.json_mapa(mapa, origen))
    elif formato == "csv":
        click.echo(mapa.celdas.to_csv(index=False), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(informe.tablas_mapa(mapa), informe.textos_mapa(mapa, origen)))
    elif informe_en_terminal(silencioso, salida):
        informe.mostrar_mapa(consola(), mapa, origen)
    if salida:
        escribir_mapa_xlsx(salida, mapa, informe.textos_mapa(mapa, origen), sobrescribir)
        if not silencioso:
            click.echo(f"Mapa escrito en {salida}", err=True)


def escribir_mapa_xlsx(salida: Path, mapa, notas: list[str], sobrescribir: bool) -> None:
    from limonero_cli.hojas.analitica_xlsx import HojaAnalitica, escribir_libro_analitica
    from limonero_cli.informes.formato import etiqueta_columna

    def con_totales(datos):
        marco = datos.astype("float64").copy()
        marco.columns = [str(c) for c in marco.columns]
        marco["Total"] = marco.sum(axis=1)
        marco.loc["Total"] = marco.sum(axis=0)
        marco.index = [str(i) for i in marco.index]
        marco.index.name = mapa.filas
        return marco

    hojas = [
        HojaAnalitica("Recuperación esperada", con_totales(mapa.recuperacion_esperada), indice=True,
                      calor=True, notas=tuple(notas)),
        HojaAnalitica("Saldo vencido", con_totales(mapa.saldo_vencido), indice=True, calor=True),
        HojaAnalitica("Deudores", con_totales(mapa.deudores), indice=True, calor=True),
        HojaAnalitica("Tasa de recuperación", _sin_categorias(mapa.tasa_recuperacion, mapa.filas),
                      indice=True, calor=True,
                      porcentajes=tuple(str(c) for c in mapa.tasa_recuperacion.columns)),
        HojaAnalitica("Celdas", mapa.celdas.rename(columns=etiqueta_columna), porcentajes=tuple(
            etiqueta_columna(c) for c in ("tasa_recuperacion", "participacion_deudores", "participacion_saldo",
                                          "participacion_recuperacion"))),
    ]
    escribir_libro_analitica(salida, hojas, sobrescribir)


def _sin_categorias(datos, nombre: str):
    marco = datos.copy()
    marco.columns = [str(c) for c in marco.columns]
    marco.index = [str(i) for i in marco.index]
    marco.index.name = nombre
    return marco
