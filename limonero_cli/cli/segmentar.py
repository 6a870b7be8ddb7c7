"""``limonero segmentar``: focalización de la cartera."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    informe_en_terminal,
    cargar_estrategia,
    consola,
    leer_cartera_de,
    opcion_fecha_corte,
    opcion_sin_encabezado,
    opcion_estrategia,
    opcion_silencioso,
    opcion_sobrescribir,
)


@click.command("segmentar")
@click.argument("cartera", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Cartera enriquecida con segmento, tratamiento, variante y etapa (.xlsx o .csv).")
@click.option("--hoja", help="Hoja del libro de la cartera (por defecto, la primera visible).")
@opcion_fecha_corte
@opcion_sin_encabezado
@opcion_estrategia
@opcion_sobrescribir
@opcion_silencioso
def comando(cartera, salida, hoja, fecha_corte, encabezados, ruta_estrategia, sobrescribir, silencioso):
    """Asigna a cada cuenta su segmento, tratamiento, variante y etapa.

    La decisión se toma por deudor (todas sus cuentas juntas): la primera fila
    de la hoja «segmentos» que se cumple gana. Muestra un resumen por segmento
    y, con -o, escribe la cartera enriquecida.

    \b
    Ejemplos:
      limonero segmentar cartera_hoy.xlsx
      limonero segmentar cartera_hoy.xlsx -o cartera_segmentada.xlsx
    """
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.informes.segmentos import tabla_segmentos
    from limonero_cli.informes.terminal import mostrar_tablas
    from limonero_cli.nucleo.segmentacion import segmentar

    entrada = leer_cartera_de(cartera, estrategia, hoja, silencioso, fecha_corte, encabezados=encabezados)
    segmentada = segmentar(entrada.datos, estrategia)
    if salida:
        from limonero_cli.hojas.salida import escribir_tabla

        columnas = [c for c in segmentada.columns if not c.startswith("_")]
        escribir_tabla(salida, segmentada[columnas], sobrescribir, hoja="Cartera segmentada")
    if informe_en_terminal(silencioso, salida):
        mostrar_tablas(consola(), [tabla_segmentos(segmentada)])
    if salida and not silencioso:
        click.echo(f"Cartera segmentada escrita en {salida}")
