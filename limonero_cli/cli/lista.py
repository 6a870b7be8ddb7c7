"""``limonero lista``: las listas de contacto del día."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import (
    leer_cartera_de,
    abrir_bitacora,
    cargar_estrategia,
    consola,
    fecha_o_hoy,
    historial_de,
    opcion_bitacora,
    opcion_estrategia,
    opcion_fecha,
    opcion_silencioso,
    opcion_sin_encabezado,
    opcion_sobrescribir,
    Progreso,
)


@click.command("lista")
@click.argument("cartera", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@opcion_fecha
@click.option(
    "-o",
    "--salida",
    type=click.Path(file_okay=False, path_type=Path),
    help="Carpeta de salida (por defecto listas/AAAA-MM-DD).",
)
@click.option("--hoja", help="Hoja del libro de la cartera (por defecto, la primera visible).")
@opcion_sin_encabezado
@opcion_estrategia
@opcion_bitacora
@opcion_sobrescribir
@opcion_silencioso
def comando(cartera, fecha, salida, hoja, encabezados, ruta_estrategia, ruta_bitacora, sobrescribir, silencioso):
    """Arma las listas de contacto del día a partir de la cartera de hoy.

    Escribe en listas/AAAA-MM-DD/ un libro con una hoja «Resumen» y una hoja
    por asesor (con las columnas de captura tipificacion, monto_promesa,
    fecha_promesa y comentario), un CSV por canal masivo (SMS, WhatsApp,
    correo, carta) y, si los hay, los rechazos y el desborde. Cada asignación
    queda en la bitácora.

    \b
    Ejemplo:
      limonero lista cartera_hoy.xlsx --fecha 2025-07-15
    """
    fecha = fecha_o_hoy(fecha)
    progreso = Progreso(silencioso)
    estrategia = cargar_estrategia(ruta_estrategia, mostrar_avisos_estrategia=not silencioso)
    with progreso.paso(f"Leyendo {cartera}"):
        # sin días de mora ni fecha de corte en el archivo, la mora se cuenta hasta la fecha de la lista
        entrada = leer_cartera_de(cartera, estrategia, hoja, silencioso, corte_por_defecto=fecha,
                                  encabezados=encabezados)
    from limonero_cli.nucleo.listas import construir_lista

    with abrir_bitacora(ruta_bitacora) as bitacora:
        with progreso.paso("Armando la lista del día"):
            # primero se anotan las cuentas de hoy: así las tipificaciones y pagos que llegaron solo con
            # el número de cuenta quedan a nombre de su deudor antes de leer la historia
            bitacora.registrar_cuentas(entrada.datos[["cuenta", "cliente_id"]])
            historial = historial_de(bitacora)
            lista = construir_lista(entrada.datos, estrategia, historial, fecha)
        from limonero_cli.informes.lista import tablas_resumen

        # el mismo resumen va a la hoja «Resumen» y a la terminal
        resumen = tablas_resumen(lista, str(cartera), entrada.leidas, len(entrada.rechazos))
        carpeta = salida or Path("listas") / fecha.isoformat()
        with progreso.paso(f"Escribiendo {carpeta}"):
            escritos = escribir_salidas_lista(carpeta, lista, entrada, estrategia, resumen, sobrescribir)
        from limonero_cli.nucleo.listas import filas_para_bitacora

        bitacora.registrar_asignaciones(fecha, filas_para_bitacora(lista))

    if not silencioso:
        from limonero_cli.informes.lista import TITULO_SIN_FICHA
        from limonero_cli.informes.terminal import mostrar_tablas

        mostrar_tablas(consola(), [t for t in resumen if t.titulo != TITULO_SIN_FICHA])
        if lista.asesores_sin_ficha:
            click.echo(
                f"{len(lista.asesores_sin_ficha)} asesores de la cartera no están en la hoja «asesores» y trabajan "
                f"con la capacidad por defecto ({lista.capacidad_por_defecto} al día): "
                + ", ".join(lista.asesores_sin_ficha)
            )
        click.echo("Archivos escritos:")
        for ruta in escritos:
            click.echo(f"  {ruta}")


def escribir_salidas_lista(carpeta: Path, lista, entrada, estrategia, resumen: list, sobrescribir: bool) -> list[Path]:
    """Escribe el libro, los CSV masivos, los rechazos y el desborde; devuelve las rutas escritas."""
    from limonero_cli.hojas.lista_xlsx import comprobar_carpeta_lista, escribir_libro_lista
    from limonero_cli.hojas.salida import escribir_csv_seguro
    from limonero_cli.informes.lista import filas_por_asesor
    from limonero_cli.nucleo.listas import COLUMNAS_CAPTURA, COLUMNAS_LISTA

    fecha = lista.fecha.isoformat()
    nombre_libro = f"lista_{fecha}.xlsx"
    masivas = lista.filas[lista.filas["asesor"].isna()]
    canales_masivos = sorted(masivas["canal"].dropna().unique())
    nombres_csv = {canal: f"canal_{canal}.csv" for canal in canales_masivos}
    previstos = [nombre_libro, *nombres_csv.values()]
    if len(entrada.rechazos):
        previstos.append("rechazos_cartera.csv")
    if len(lista.desbordes):
        previstos.append("desborde.csv")
    comprobar_carpeta_lista(carpeta, previstos, sobrescribir)

    escritos = [
        escribir_libro_lista(
            carpeta / nombre_libro,
            filas_por_asesor(lista.filas),
            COLUMNAS_LISTA,
            COLUMNAS_CAPTURA,
            resumen,
            estrategia.catalogo(),
            sobrescribir=sobrescribir,
        )
    ]
    from limonero_cli.hojas.lista_xlsx import COLUMNAS_MASIVAS

    for canal, nombre in nombres_csv.items():
        filas = masivas[masivas["canal"] == canal]
        escritos.append(escribir_csv_seguro(carpeta / nombre, filas[COLUMNAS_MASIVAS], sobrescribir))
    if len(entrada.rechazos):
        escritos.append(escribir_csv_seguro(carpeta / "rechazos_cartera.csv", entrada.rechazos, sobrescribir))
    if len(lista.desbordes):
        columnas = [c for c in COLUMNAS_LISTA if c in lista.desbordes] + ["motivo_desborde"]
        escritos.append(escribir_csv_seguro(carpeta / "desborde.csv", lista.desbordes[columnas], sobrescribir))
    return escritos
