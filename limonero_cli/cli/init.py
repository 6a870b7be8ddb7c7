"""``limonero init``: un espacio de trabajo listo para usar."""

from __future__ import annotations

from pathlib import Path

import click

from limonero_cli.cli.comun import ESTRATEGIA_POR_DEFECTO, BITACORA_POR_DEFECTO, opcion_sobrescribir
from limonero_cli.informes.formato import entero


@click.command("init")
@click.argument("carpeta", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--desde",
    "cartera",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Una exportación real de su cartera: sus encabezados llenan la hoja «columnas».",
)
@opcion_sobrescribir
def comando(carpeta, cartera, sobrescribir):
    """Crea un espacio de trabajo: estrategia.xlsx (la estrategia por defecto, lista
    para editar), plantillas en blanco de cartera, tipificaciones y pagos, la
    carpeta listas/ y la bitácora vacía limonero.db.

    Con --desde, lee los encabezados de su exportación, anota en la hoja
    «columnas» los que reconoce y le dice cuáles no pudo asignar. Si reconoce
    la cuenta y el cliente, y la bitácora está nueva, anota además de qué
    cliente es cada cuenta: las tipificaciones y pagos que cargue antes de la
    primera lista ya quedan a nombre de su deudor.

    \b
    Ejemplos:
      limonero init mi_cobranza
      limonero init mi_cobranza --desde cartera_julio.xlsx
    """
    from limonero_cli.bitacora import Bitacora
    from limonero_cli.estrategia.defecto import hojas_por_defecto
    from limonero_cli.hojas.escritura import comprobar_destino, crear_carpeta
    from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia
    from limonero_cli.hojas.plantillas import escribir_plantillas

    ruta_estrategia = carpeta / ESTRATEGIA_POR_DEFECTO
    comprobar_destino(
        ruta_estrategia, sobrescribir,
        "Use --sobrescribir para reemplazar la estrategia por la de fábrica (la bitácora se conserva) o elija otra carpeta.",
    )
    hojas = hojas_por_defecto()
    no_reconocidos: list[str] = []
    propuesta: dict[str, str] = {}
    asesores_de_la_cartera: list[str] = []
    if cartera is not None:
        tabla = _leer_encabezados(cartera)
        propuesta, no_reconocidos = _proponer_columnas(tabla)
        columnas = hojas["columnas"].copy()
        columnas["encabezado"] = columnas["campo"].map(propuesta).astype(object)
        hojas["columnas"] = columnas
        asesores_de_la_cartera = _asesores_de(tabla, propuesta.get("asesor"))
        if asesores_de_la_cartera:
            hojas["asesores"] = hoja_de_asesores(hojas["asesores"], asesores_de_la_cartera, hojas["parametros"])

    crear_carpeta(carpeta)
    escribir_estrategia(ruta_estrategia, hojas, sobrescribir=sobrescribir)
    plantillas = escribir_plantillas(carpeta / "plantillas", sobrescribir=True)
    crear_carpeta(carpeta / "listas")
    cuentas_anotadas = 0
    with Bitacora.abrir(carpeta / BITACORA_POR_DEFECTO) as bitacora:
        if cartera is not None and {"cuenta", "cliente_id"} <= set(propuesta):
            cuentas_anotadas = _anotar_cuentas(bitacora, cartera, hojas)

    click.echo(f"Espacio de trabajo listo en {carpeta.resolve()}:")
    click.echo(f"  {ruta_estrategia}  (la estrategia: edítela en Excel)")
    for ruta in plantillas:
        click.echo(f"  {ruta}")
    click.echo(f"  {carpeta / 'listas'}/  (aquí quedan las listas de cada día)")
    click.echo(f"  {carpeta / BITACORA_POR_DEFECTO}  (la bitácora: cópiela para respaldarla)")
    if cartera is not None:
        click.echo(f"\nColumnas reconocidas en {cartera}:")
        for campo, encabezado in propuesta.items():
            click.echo(f"  {campo:<18} = {encabezado}")
        if no_reconocidos:
            click.echo("Encabezados que no asigné (se conservan y pueden usarse en «segmentos»):")
            for encabezado in no_reconocidos:
                click.echo(f"  - {encabezado}")
        if asesores_de_la_cartera:
            click.echo(
                f"La hoja «asesores» trae los {len(asesores_de_la_cartera)} asesores de la columna «{propuesta['asesor']}» "
                "(capacidad por defecto, canal llamada): ajuste sus capacidades y canales."
            )
        faltan = [c for c in ("cuenta", "saldo_vencido") if c not in propuesta]
        if "dias_mora" not in propuesta and "fecha_vencimiento" not in propuesta:
            faltan.append("dias_mora (o fecha_vencimiento)")
        if faltan:
            click.echo(
                "Faltan campos obligatorios: " + ", ".join(faltan)
                + ". Escriba en la hoja «columnas» de estrategia.xlsx qué encabezado de su archivo corresponde a cada uno."
            )
        if cuentas_anotadas:
            click.echo(f"Anoté en la bitácora el cliente de cada una de las {entero(cuentas_anotadas)} cuentas de la "
                       "cartera.")
    click.echo(f"\nSiguiente paso: cd {carpeta}, cargue la gestión y los pagos que ya tenga (limonero cargar "
               "tipificaciones / cargar pagos) y arme la lista del día: limonero lista SU_CARTERA.xlsx")


def _anotar_cuentas(bitacora, cartera: Path, hojas: dict) -> int:
    """Anota cuenta → cliente de la cartera de ``--desde`` en una bitácora que aún no tiene cuentas; devuelve
    cuántas. 0 si la bitácora ya tenía cuentas (``init --sobrescribir`` conserva la bitácora tal cual: una
    exportación vieja no debe cambiar de deudor lo ya cargado) o si la cartera aún no se puede leer entera
    (p. ej. le falta un campo obligatorio: ``init`` ya lo dijo y ``lista`` lo volverá a decir)."""
    from limonero_cli.errores import ErrorLimonero
    from limonero_cli.estrategia.cargar import estrategia_desde_hojas
    from limonero_cli.hojas.entradas import leer_cartera

    if bitacora.tiene_cuentas():
        return 0
    try:
        estrategia = estrategia_desde_hojas(hojas)
        entrada = leer_cartera(cartera, columnas=dict(estrategia.columnas),
                               dia_primero=estrategia.parametros.dia_primero)
    except ErrorLimonero:
        return 0
    bitacora.registrar_cuentas(entrada.datos[["cuenta", "cliente_id"]])
    return int(entrada.datos["cuenta"].nunique())


def _leer_encabezados(cartera: Path):
    from limonero_cli.hojas.leer import leer_tabla

    return leer_tabla(cartera)


def _proponer_columnas(tabla) -> tuple[dict[str, str], list[str]]:
    from limonero_cli.hojas.encabezados import proponer_columnas

    return proponer_columnas([str(c) for c in tabla.datos.columns])


def _asesores_de(tabla, encabezado: str | None) -> list[str]:
    """Los nombres distintos de la columna de asesores de la cartera (sin espacios sobrantes)."""
    if not encabezado or encabezado not in tabla.datos.columns:
        return []
    nombres = tabla.datos[encabezado].dropna().astype(str).str.strip()
    return sorted(set(nombres[nombres.ne("")]))


def hoja_de_asesores(ejemplo, nombres: list[str], parametros):
    """La hoja ``asesores`` con los asesores reales de la cartera en lugar de los de ejemplo."""
    import pandas as pd

    valores = dict(zip(parametros["campo"], parametros["valor"]))
    capacidad = valores.get("capacidad_asesor", 120)
    filas = [
        {"asesor": nombre, "nombre": nombre, "canales": "llamada", "capacidad_diaria": capacidad,
         "tratamientos": None, "activo": "sí"}
        for nombre in nombres
    ]
    return pd.DataFrame(filas, columns=list(ejemplo.columns), dtype=object)
