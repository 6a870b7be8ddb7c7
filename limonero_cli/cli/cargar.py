"""``limonero cargar``: tipificaciones y pagos a la bitácora."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from limonero_cli.cli.comun import (
    abrir_bitacora,
    cargar_estrategia,
    comprobar_archivos,
    consola,
    mostrar_avisos,
    opcion_bitacora,
    opcion_estrategia,
    opcion_silencioso,
)

CARPETA_RECHAZOS = Path("rechazos")


@click.group("cargar")
def comando():
    """Carga a la bitácora lo que pasó: tipificaciones o pagos.

    \b
    Ejemplos:
      limonero cargar tipificaciones listas/2025-07-15/lista_2025-07-15.xlsx
      limonero cargar pagos pagos_hoy.xlsx
    """


@comando.command("tipificaciones")
@click.argument("archivos", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@opcion_estrategia
@opcion_bitacora
@opcion_silencioso
def tipificaciones(archivos, ruta_estrategia, ruta_bitacora, silencioso):
    """Valida y guarda tipificaciones (resultados de cada intento de contacto).

    Acepta los libros de lista que escribe «limonero lista» (con las columnas de
    captura llenas), hojas de tipificaciones y exportaciones de marcadores. Las
    filas sin nada capturado son deudores no gestionados ese día: se cuentan,
    no se cargan ni se rechazan. Cargar el mismo archivo dos veces no agrega
    nada. Las filas rechazadas quedan, con su motivo, en la carpeta rechazos/.

    \b
    Ejemplo:
      limonero cargar tipificaciones listas/2025-07-15/lista_2025-07-15.xlsx
    """
    estrategia = cargar_estrategia(ruta_estrategia)

    def cargar(bitacora, ruta):
        return cargar_archivo_tipificaciones(bitacora, ruta, estrategia)

    _cargar_archivos(archivos, ruta_bitacora, silencioso, cargar, "tipificaciones")


def cargar_archivo_tipificaciones(bitacora, ruta: Path, estrategia):
    """Lee, valida contra el catálogo y carga un archivo; devuelve (resultado, rechazos, avisos)."""
    from limonero_cli.hojas.entradas import leer_tipificaciones
    from limonero_cli.nucleo.tipificaciones import validar_tipificaciones

    entrada = leer_tipificaciones(ruta, dia_primero=estrategia.parametros.dia_primero)
    validas, rechazos = validar_tipificaciones(entrada.datos, estrategia.catalogo())
    rechazos = _unir_rechazos(entrada.rechazos, rechazos)
    resultado = bitacora.cargar_tipificaciones(
        validas, origen=str(ruta), rechazadas=len(rechazos), sin_gestion=entrada.sin_gestion, leidas=entrada.leidas
    )
    return resultado, rechazos, entrada.avisos


def cargar_archivo_pagos(bitacora, ruta: Path, estrategia):
    """Lee y carga un archivo de pagos; devuelve (resultado, rechazos, avisos)."""
    from limonero_cli.hojas.entradas import leer_pagos

    entrada = leer_pagos(ruta, dia_primero=estrategia.parametros.dia_primero)
    resultado = bitacora.cargar_pagos(
        entrada.datos, origen=str(ruta), rechazadas=len(entrada.rechazos), leidas=entrada.leidas
    )
    return resultado, entrada.rechazos, entrada.avisos


@comando.command("pagos")
@click.argument("archivos", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@opcion_estrategia
@opcion_bitacora
@opcion_silencioso
def pagos(archivos, ruta_estrategia, ruta_bitacora, silencioso):
    """Valida y guarda pagos (cuenta o cliente_id, fecha, monto, referencia).

    Cargar el mismo archivo dos veces no agrega nada. Las filas rechazadas
    quedan, con su motivo, en la carpeta rechazos/.

    \b
    Ejemplo:
      limonero cargar pagos pagos_2025-07-15.xlsx
    """
    estrategia = cargar_estrategia(ruta_estrategia)

    def cargar(bitacora, ruta):
        return cargar_archivo_pagos(bitacora, ruta, estrategia)

    _cargar_archivos(archivos, ruta_bitacora, silencioso, cargar, "pagos")


def _unir_rechazos(*tablas):
    import pandas as pd

    tablas = [t for t in tablas if t is not None and len(t)]
    if not tablas:
        return pd.DataFrame({"_fila": [], "motivo": []})
    return pd.concat(tablas, ignore_index=True).sort_values("_fila", kind="stable")


def _cargar_archivos(archivos, ruta_bitacora, silencioso, cargar, que: str) -> None:
    """Carga cada archivo en su propia transacción e informa las cuentas de cada uno."""
    from limonero_cli.informes.cargas import tabla_cargas
    from limonero_cli.informes.terminal import mostrar_tablas

    rutas = comprobar_archivos(archivos)
    resultados = []
    with abrir_bitacora(ruta_bitacora) as bitacora:
        for ruta in rutas:
            resultado, rechazos, avisos = cargar(bitacora, ruta)
            archivo_rechazos = _escribir_rechazos(ruta, rechazos) if len(rechazos) else None
            resultados.append((ruta, resultado, archivo_rechazos))
            mostrar_avisos(avisos, silencioso, archivo=ruta)
    mostrar_tablas(consola(), [tabla_cargas(resultados, que)])
    for ruta, resultado, archivo_rechazos in resultados:
        if archivo_rechazos:
            click.echo(f"{resultado.rechazadas} filas rechazadas de {ruta}: detalle en {archivo_rechazos}")
        if resultado.cargadas == 0 and resultado.duplicadas and not resultado.rechazadas:
            click.echo(f"{ruta}: todas sus filas ya estaban en la bitácora; no se agregó nada.")


def _escribir_rechazos(ruta: Path, rechazos) -> Path:
    from limonero_cli.hojas.salida import escribir_csv_seguro

    marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destino = CARPETA_RECHAZOS / f"{ruta.stem}_rechazos_{marca}.csv"
    columnas = ["_fila", "motivo"] + [c for c in rechazos.columns if c not in ("_fila", "motivo")]
    datos = rechazos[columnas].rename(columns={"_fila": "fila"})
    return escribir_csv_seguro(destino, datos, sobrescribir=True)
