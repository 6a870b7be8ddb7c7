"""``limonero capacidad``: la carga que la estrategia generará contra la capacidad del equipo."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    informe_en_terminal,
    exigir_libro_xlsx,
    abrir_bitacora,
    cargar_estrategia,
    consola,
    fecha_o_hoy,
    historial_de,
    opcion_bitacora,
    opcion_estrategia,
    opcion_fecha,
    opcion_formato,
    opcion_silencioso,
    opcion_sobrescribir,
)


def _leer_cura(ctx, parametro, valor):
    if valor is None:
        return 0.0
    limpio = valor.strip().rstrip("%").strip().replace(",", ".")
    try:
        numero = float(limpio)
    except ValueError:
        raise click.BadParameter(f"«{valor}» no es un porcentaje (por ejemplo 2 o 2,5).", param_hint="--cura")
    if not 0 <= numero < 100:
        raise click.BadParameter(f"«{valor}»: la cura diaria debe estar entre 0 y 100 %.", param_hint="--cura")
    return numero / 100


def _leer_dias(ctx, parametro, valor):
    if valor is not None and not 1 <= valor <= 366:
        raise click.BadParameter(f"«{valor}»: se proyectan de 1 a 366 días.", param_hint="--dias")
    return valor


@click.command("capacidad")
@click.argument("cartera", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dias", type=int, callback=_leer_dias, required=True, metavar="DIAS",
              help="Cuántos días proyectar (de 1 a 366), contando la fecha de inicio.")
@click.option("--cura", callback=_leer_cura, metavar="PCT",
              help="Porcentaje de deudores que se supone paga y sale cada día (por defecto 0: nadie paga).")
@click.option("--acumular/--sin-acumular", default=True, show_default=True,
              help="Lo asignado cada día cuenta para las reglas de contacto de los días siguientes, "
                   "como al correr «limonero lista» cada día; --sin-acumular proyecta cada día por separado.")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Libro xlsx con la carga por día y canal, y el resumen por día.")
@click.option("--hoja", help="Hoja del libro de la cartera (por defecto, la primera visible).")
@opcion_fecha
@opcion_formato
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
@opcion_silencioso
def comando(cartera, dias, cura, acumular, salida, hoja, fecha, formato, ruta_estrategia, ruta_bitacora,
            sobrescribir, silencioso):
    """Proyecta, día por día, cuántas gestiones por canal generará la estrategia
    y las compara con la capacidad: la de cada plataforma masiva y la de los
    asesores activos (más los asesores de la cartera que no están en la hoja
    «asesores», con la capacidad por defecto). Dice cuántos asesores hacen falta.

    Cada día se arma la lista como lo haría «limonero lista» con la cartera
    envejecida un día (nadie paga, o paga la parte --cura de los deudores), y se
    cuenta lo asignado más el desborde. --fecha es el primer día (la fecha de
    corte de la cartera); por defecto, hoy. Si existe la bitácora, se usa su
    historia (promesas, seguimientos, reglas de contacto).

    \b
    Ejemplos:
      limonero capacidad cartera_hoy.xlsx --dias 10
      limonero capacidad cartera_hoy.xlsx --dias 20 --cura 1,5 --fecha 2025-07-15
      limonero capacidad cartera_hoy.xlsx --dias 30 -o capacidad.xlsx
    """
    exigir_libro_xlsx(salida, "-o", "la capacidad", "capacidad.xlsx")
    fecha = fecha_o_hoy(fecha)
    estrategia = cargar_estrategia(ruta_estrategia)
    from limonero_cli.cli.comun import leer_cartera_de

    entrada = leer_cartera_de(cartera, estrategia, hoja, silencioso or formato != "tabla")
    historial = None
    if ruta_bitacora is not None and Path(ruta_bitacora).exists():
        with abrir_bitacora(ruta_bitacora) as bitacora:
            historial = historial_de(bitacora)
    from limonero_cli.nucleo.capacidad import calcular_capacidad

    resultado = calcular_capacidad(entrada.datos, estrategia, fecha, dias, cura=cura, historial=historial,
                                   acumular=acumular)
    from limonero_cli.informes import analitica as informe

    if formato == "json":
        click.echo(informe.json_capacidad(resultado))
    elif formato == "csv":
        click.echo(resultado.carga.to_csv(index=False), nl=False)
    elif formato == "markdown":
        click.echo(informe.como_markdown(informe.tablas_capacidad(resultado), informe.textos_capacidad(resultado)))
    elif informe_en_terminal(silencioso, salida):
        informe.mostrar_capacidad(consola(), resultado)
    if salida is not None:
        from limonero_cli.hojas.analitica_xlsx import HojaAnalitica, escribir_libro_analitica

        escribir_libro_analitica(salida, [
            HojaAnalitica("Carga por día y canal", resultado.carga, porcentajes=("uso",),
                          notas=tuple(informe.textos_capacidad(resultado))),
            HojaAnalitica("Por día", resultado.por_dia),
        ], sobrescribir)
        if not silencioso:
            click.echo(f"Capacidad escrita en {salida}", err=True)
