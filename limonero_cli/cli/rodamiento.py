"""``limonero rodamiento``: cómo se movió la cartera entre dos cortes."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    informe_en_terminal,
    exigir_libro_xlsx,
    cargar_estrategia,
    consola,
    opcion_estrategia,
    opcion_formato,
    opcion_silencioso,
    opcion_sobrescribir,
)
from limonero_cli.errores import ErrorDatos



@click.command("rodamiento")
@click.argument("anterior", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("actual", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--llave", default="cuenta", show_default=True, metavar="COLUMNA",
              help="Cómo se cruzan los cortes: cuenta, cliente_id u otra columna común (p. ej. nombre).")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Libro xlsx con las matrices como mapa de calor, las tasas, el flujo y el detalle.")
@click.option("--hoja-anterior", help="Hoja del libro ANTERIOR (por defecto, la primera visible).")
@click.option("--hoja-actual", help="Hoja del libro ACTUAL (por defecto, la primera visible).")
@opcion_formato
@opcion_estrategia
@opcion_sobrescribir
@opcion_silencioso
def comando(anterior, actual, llave, salida, hoja_anterior, hoja_actual, formato, ruta_estrategia,
            sobrescribir, silencioso):
    """Compara dos cortes de cartera: la matriz de tramo a tramo (en cuentas y
    en saldo vencido), las tasas de rodamiento, mejora, cura, salida y flujo
    (cada una con su denominador), y las cuentas que salieron y que entraron.

    Tramos: Al día, 1–30, 31–60, 61–90, 91–120, 121–180 y 181+. Los dos
    archivos se leen con la hoja «columnas» de la estrategia, así que sirven
    exportaciones cuyos encabezados cambiaron de un mes a otro.

    \b
    Ejemplos:
      limonero rodamiento cartera_marzo.xlsx cartera_abril.xlsx
      limonero rodamiento cartera_marzo.xlsx cartera_abril.xlsx --llave cliente_id
      limonero rodamiento cartera_marzo.xlsx cartera_abril.xlsx -o rodamiento.xlsx
    """
    exigir_libro_xlsx(salida, "-o", "el rodamiento", "rodamiento.xlsx")
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.cli.comun import leer_cartera_de
    from limonero_cli.hojas.encabezados import normalizar_encabezado

    avisos_callados = silencioso or formato != "tabla"
    previa = leer_cartera_de(anterior, estrategia, hoja_anterior, avisos_callados).datos
    nueva = leer_cartera_de(actual, estrategia, hoja_actual, avisos_callados).datos
    llave = normalizar_encabezado(llave) or llave
    for datos, ruta in ((previa, anterior), (nueva, actual)):
        if llave not in datos.columns:
            comunes = sorted(set(previa.columns) & set(nueva.columns) - {"_fila"})
            raise ErrorDatos(
                f"{ruta} no tiene la columna «{llave}» para cruzar los cortes con --llave.",
                "Columnas que están en los dos cortes: " + ", ".join(comunes) + ".",
            )
    from limonero_cli.nucleo.rodamiento import calcular_rodamiento

    r = calcular_rodamiento(previa, nueva, llave=llave)
    from limonero_cli.informes import analitica as informe

    nombre_ant, nombre_act = Path(anterior).name, Path(actual).name
    if formato == "json":
        click.echo(informe.json_rodamiento(r, nombre_ant, nombre_act))
    elif formato == "csv":
        click.echo(informe.matriz_larga(r).to_csv(index=False), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(informe.tablas_rodamiento(r),
                                         informe.textos_rodamiento(r, nombre_ant, nombre_act)))
    elif informe_en_terminal(silencioso, salida):
        informe.mostrar_rodamiento(consola(), r, nombre_ant, nombre_act)
    if salida is not None:
        _escribir_xlsx(salida, r, informe.textos_rodamiento(r, nombre_ant, nombre_act), sobrescribir)
        if not silencioso:
            click.echo(f"Rodamiento escrito en {salida}", err=True)


def _escribir_xlsx(ruta: Path, r, notas: list[str], sobrescribir: bool) -> None:
    from limonero_cli.hojas.analitica_xlsx import HojaAnalitica, escribir_libro_analitica

    def con_totales(matriz):
        marco = matriz.astype("float64").copy()
        marco.columns = [str(c) for c in marco.columns]
        marco["Total"] = marco.sum(axis=1)
        marco.loc["Total"] = marco.sum(axis=0)
        marco.index.name = "tramo anterior"
        return marco

    tasas = r.tasas().rename(columns={"base": "qué se divide"})
    escribir_libro_analitica(ruta, [
        HojaAnalitica("Matriz en cuentas", con_totales(r.matriz_cuentas), indice=True, calor=True,
                      notas=tuple(notas)),
        HojaAnalitica("Matriz en saldo", con_totales(r.matriz_saldo), indice=True, calor=True),
        HojaAnalitica("Tasas", tasas, porcentajes=("valor",)),
        HojaAnalitica("Flujo", r.flujo, indice=True, porcentajes=("tasa", "tasa_saldo")),
        HojaAnalitica("Por tramo", r.resumen, indice=True,
                      porcentajes=("tasa_rodamiento", "tasa_mejora", "tasa_salida")),
        HojaAnalitica("Entraron", r.entradas, indice=True),
        HojaAnalitica("Detalle", r.detalle),
    ], sobrescribir)
