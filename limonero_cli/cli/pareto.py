"""``limonero pareto``: clases ABC (qué parte de los deudores concentra el dinero)."""

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

MEDIDAS = ("saldo_vencido", "recuperacion_esperada")
COLUMNA_CLASE = "clase_pareto"


def _leer_corte(texto: str, opcion: str) -> float:
    """``"80"``, ``"80 %"``, ``"0,8"`` → 0.8."""
    limpio = texto.strip().rstrip("%").strip().replace(",", ".")
    try:
        valor = float(limpio)
    except ValueError:
        raise click.BadParameter(f"«{texto}» no es un porcentaje (por ejemplo 80).", param_hint=opcion)
    return valor / 100 if valor > 1 else valor


@click.command("pareto")
@click.argument("cartera", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--por", "por", metavar="DIMENSION",
              help="Agrupa por una columna de la cartera (sucursal, asesor, producto...) en vez de por deudor.")
@click.option("--medida", type=click.Choice(MEDIDAS), default="saldo_vencido", show_default=True,
              help="Qué dinero se concentra: el saldo vencido o la recuperación esperada (por score o mora).")
@click.option("--corte-a", default="80", show_default=True, metavar="PCT",
              help="Participación acumulada hasta la que llega la clase A.")
@click.option("--corte-b", default="95", show_default=True, metavar="PCT",
              help="Participación acumulada hasta la que llega la clase B.")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Cartera con la columna clase_pareto (.xlsx o .csv), lista para reglas de «segmentos».")
@click.option("--informe", type=click.Path(dir_okay=False, path_type=Path),
              help="Libro xlsx con el resumen por clase, la tabla completa y un gráfico de Pareto.")
@click.option("--hoja", help="Hoja del libro de la cartera (por defecto, la primera visible).")
@opcion_formato
@opcion_estrategia
@opcion_sobrescribir
@opcion_silencioso
def comando(cartera, por, medida, corte_a, corte_b, salida, informe, hoja, formato, ruta_estrategia,
            sobrescribir, silencioso):
    """Clases ABC de la cartera: A son los deudores (o valores de --por) que
    juntos llegan al 80 % del dinero, B los que siguen hasta el 95 %, C el resto.

    Con -o escribe la cartera con una columna clase_pareto (A, B o C), que la
    hoja «segmentos» de la estrategia puede usar como cualquier otra columna
    (por ejemplo, una regla con clase_pareto = A).

    \b
    Ejemplos:
      limonero pareto cartera_hoy.xlsx
      limonero pareto cartera_hoy.xlsx --por sucursal --medida recuperacion_esperada
      limonero pareto cartera_hoy.xlsx -o cartera_abc.xlsx
      limonero segmentar cartera_abc.xlsx
    """
    exigir_libro_xlsx(salida, "-o", "la cartera", "cartera_abc.xlsx", tambien_csv=True)
    exigir_libro_xlsx(informe, "--informe", "el informe", "pareto.xlsx")
    cortes = (_leer_corte(corte_a, "--corte-a"), _leer_corte(corte_b, "--corte-b"))
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.cli.comun import leer_cartera_de
    from limonero_cli.cli.comun import variable_de_cartera

    entrada = leer_cartera_de(cartera, estrategia, hoja, silencioso or formato != "tabla")
    datos = entrada.datos
    if por is not None:
        por = variable_de_cartera(por, datos, "--por")
    if salida is not None:
        if COLUMNA_CLASE in datos.columns and not silencioso:
            click.echo(f"Aviso: la cartera ya traía «{COLUMNA_CLASE}»; se reemplaza por la nueva.",
                       err=True)
    from limonero_cli.nucleo.pareto import calcular_pareto

    pareto = calcular_pareto(datos, por=por, medida=medida, cortes=cortes)
    nota = None
    if medida == "recuperacion_esperada" and "recuperacion_esperada" not in datos.columns:
        from limonero_cli.nucleo.mapa import probabilidad_pago

        _, fuente = probabilidad_pago(datos)
        nota = (f"La recuperación esperada es el saldo vencido por una probabilidad de pago según "
                f"{'el score (sin score, el tramo de mora)' if fuente == 'score' else 'el tramo de mora'}.")

    from limonero_cli.informes import analitica as informes

    if formato == "json":
        click.echo(informes.json_pareto(pareto, nota))
    elif formato == "csv":
        click.echo(pareto.tabla.to_csv(index=False), nl=False)
    elif formato == "markdown":
        click.echo(informes.como_markdown(informes.tablas_pareto(pareto),
                                          [informes.titular_pareto(pareto), *([nota] if nota else [])]))
    elif informe_en_terminal(silencioso, salida, informe):
        informes.mostrar_pareto(consola(), pareto, nota)

    if salida is not None:
        from limonero_cli.hojas.salida import escribir_tabla

        columnas = [c for c in datos.columns if not str(c).startswith("_") and c != COLUMNA_CLASE]
        escrita = datos[columnas].copy()
        escrita[COLUMNA_CLASE] = pareto.clase_por_fila.astype(str).to_numpy()
        escribir_tabla(salida, escrita, sobrescribir, hoja="Cartera ABC")
        if not silencioso:
            click.echo(f"Cartera con la columna {COLUMNA_CLASE} escrita en {salida}", err=True)
    if informe is not None:
        _escribir_informe(informe, pareto, nota, sobrescribir)
        if not silencioso:
            click.echo(f"Informe escrito en {informe}", err=True)


def _escribir_informe(ruta: Path, pareto, nota: str | None, sobrescribir: bool) -> None:
    from limonero_cli.hojas.analitica_xlsx import HojaAnalitica, escribir_libro_analitica
    from limonero_cli.informes.analitica import titular_pareto

    notas = (titular_pareto(pareto), *((nota,) if nota else ()))
    resumen = pareto.resumen.reset_index()
    tabla = pareto.tabla[["rango", pareto.por, *[c for c in pareto.tabla.columns
                                                 if c not in ("rango", pareto.por)]]]
    escribir_libro_analitica(ruta, [
        HojaAnalitica("Resumen ABC", resumen, notas=notas,
                      porcentajes=("participacion_cantidad", "participacion")),
        HojaAnalitica("Pareto", tabla, porcentajes=("participacion", "participacion_acumulada"),
                      grafico="pareto"),
    ], sobrescribir)
