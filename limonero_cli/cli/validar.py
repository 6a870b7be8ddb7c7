"""``limonero validar``: todos los problemas de un archivo, de una vez."""

from __future__ import annotations

import json
from pathlib import Path

import click

from limonero_cli.cli.comun import (
    cargar_estrategia,
    consola,
    opcion_estrategia,
    opcion_fecha_corte,
    opcion_silencioso,
    opcion_sin_encabezado,
)
from limonero_cli.errores import ErrorConProblemas, ErrorLimonero, Problema

TIPOS = ("cartera", "tipificaciones", "pagos", "estrategia")
CAMPOS_CANONICOS = {
    "cuenta", "cliente_id", "nombre", "dias_mora", "fecha_vencimiento", "saldo_vencido", "saldo_total", "producto",
    "sucursal", "region", "asesor", "telefono", "telefono2", "email", "score", "fecha_ultimo_pago",
    "monto_ultimo_pago", "no_contactar", "pais", "fecha_hora", "canal", "codigo", "monto_promesa", "fecha_promesa",
    "comentario", "fecha", "monto", "referencia",
}
HOJAS_DE_ESTRATEGIA = {"parametros", "columnas", "segmentos", "tratamientos", "etapas", "eventos", "argumentos",
                       "productos", "rutas", "tipificaciones", "canales", "asesores", "reglas_contacto"}
# Campos que delatan qué clase de archivo es (los compartidos, como cuenta, no cuentan).
CAMPOS_PROPIOS = {
    "cartera": ("dias_mora", "fecha_vencimiento", "saldo_vencido", "saldo_total", "telefono", "score", "producto"),
    "tipificaciones": ("codigo", "fecha_hora", "canal", "monto_promesa", "fecha_promesa", "comentario"),
    "pagos": ("monto", "referencia"),
}


@click.command("validar")
@click.argument("archivo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tipo", type=click.Choice(TIPOS), help="Qué es el archivo (por defecto se deduce).")
@click.option("--formato", type=click.Choice(("tabla", "json")), default="tabla", show_default=True)
@click.option("--hoja", help="Hoja del libro a revisar (por defecto, la primera visible).")
@opcion_fecha_corte
@opcion_sin_encabezado
@opcion_estrategia
@opcion_silencioso
def comando(archivo, tipo, formato, hoja, fecha_corte, encabezados, ruta_estrategia, silencioso):
    """Revisa un archivo y muestra cada problema (hoja, fila, columna, mensaje).

    Sirve para carteras, tipificaciones, pagos y el libro de estrategia. Sale
    con código 1 si hay algún error (los avisos no cuentan como error).

    \b
    Ejemplos:
      limonero validar cartera_hoy.xlsx
      limonero validar estrategia.xlsx
      limonero validar pagos.csv --tipo pagos --formato json
    """
    try:
        tipo = tipo or ("cartera" if encabezados else deducir_tipo(archivo))
        if tipo == "estrategia":
            problemas, resumen = _validar_estrategia(archivo)
        else:
            problemas, resumen = _validar_entrada(archivo, tipo, hoja, ruta_estrategia, fecha_corte, encabezados)
    except ErrorConProblemas as error:
        problemas, resumen = [*error.problemas, Problema(error.mensaje, archivo=str(archivo))], {}
    except ErrorLimonero as error:
        # un archivo que no se puede abrir (contraseña, bloqueo, dañado...) es un problema más del informe
        problemas, resumen = [Problema(str(error), archivo=str(archivo))], {}
    tipo = tipo or "archivo"
    errores = [p for p in problemas if p.gravedad == "error"]
    if silencioso:
        pass  # solo el código de salida: 0 si se puede usar, 1 si tiene errores
    elif formato == "json":
        click.echo(
            json.dumps(
                {"archivo": str(archivo), "tipo": tipo, "valido": not errores, "resumen": resumen,
                 "problemas": [p.como_dict() for p in problemas]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _mostrar(archivo, tipo, problemas, resumen)
    raise SystemExit(1 if errores else 0)


def deducir_tipo(archivo: Path) -> str:
    """Estrategia si el libro tiene sus hojas; si no, por los encabezados."""
    from limonero_cli.hojas.detectar import detectar_formato
    from limonero_cli.hojas.encabezados import normalizar_encabezado
    from limonero_cli.hojas.leer import leer_tabla

    formato = detectar_formato(archivo)
    if formato in ("xlsx", "xlsm", "ods", "xls"):
        from python_calamine import CalamineWorkbook

        nombres = {normalizar_encabezado(n) for n in CalamineWorkbook.from_path(str(archivo)).sheet_names}
        if len(HOJAS_DE_ESTRATEGIA & nombres) >= 3 or archivo.stem.lower().startswith("estrategia"):
            return "estrategia"
        if "resumen" in nombres and "catalogo" in nombres:
            return "tipificaciones"  # un libro de lista de limonero, con lo que capturaron los asesores
    from limonero_cli.hojas.encabezados import SINONIMOS

    encabezados = {normalizar_encabezado(c) for c in leer_tabla(archivo).datos.columns}

    def reconocidos(campos) -> int:
        return sum(bool(encabezados & set(SINONIMOS.get(campo, ())) | ({campo} & encabezados)) for campo in campos)

    puntajes = {
        "cartera": reconocidos(CAMPOS_PROPIOS["cartera"]),
        "tipificaciones": reconocidos(CAMPOS_PROPIOS["tipificaciones"]),
        "pagos": reconocidos(CAMPOS_PROPIOS["pagos"]),
    }
    mejor = max(puntajes, key=lambda tipo: (puntajes[tipo], tipo == "cartera"))
    return mejor if puntajes[mejor] else "cartera"


def _validar_estrategia(archivo: Path) -> tuple[list[Problema], dict]:
    from limonero_cli.estrategia.cargar import validar_hojas
    from limonero_cli.hojas.estrategia_xlsx import leer_hojas_estrategia

    hojas = leer_hojas_estrategia(archivo)
    problemas = validar_hojas(hojas, origen=str(archivo))
    return problemas, {"hojas": len(hojas)}


def _validar_entrada(archivo: Path, tipo: str, hoja: str | None, ruta_estrategia, fecha_corte=None,
                     encabezados=None) -> tuple[list[Problema], dict]:
    from limonero_cli.hojas import entradas

    estrategia = cargar_estrategia(ruta_estrategia)
    dia_primero = estrategia.parametros.dia_primero
    if tipo == "cartera":
        entrada = entradas.leer_cartera(archivo, columnas=dict(estrategia.columnas), dia_primero=dia_primero, hoja=hoja,
                                        fecha_corte=fecha_corte, encabezados=encabezados)
    elif tipo == "tipificaciones":
        entrada = entradas.leer_tipificaciones(archivo, dia_primero=dia_primero)
    else:
        entrada = entradas.leer_pagos(archivo, dia_primero=dia_primero)
    problemas = list(entrada.avisos)
    if tipo == "tipificaciones" and len(entrada.datos):
        from limonero_cli.nucleo.tipificaciones import validar_tipificaciones

        _, rechazos_catalogo = validar_tipificaciones(entrada.datos, estrategia.catalogo(), estrategia.equivalencias())
        rechazos = [entrada.rechazos, rechazos_catalogo]
    else:
        rechazos = [entrada.rechazos]
    # cada celda que no se pudo leer, con su hoja, fila y columna
    problemas.extend(entrada.problemas_rechazos)
    if len(rechazos) > 1:
        filas = rechazos[1]["_fila"] if "_fila" in rechazos[1] else [None] * len(rechazos[1])
        for fila, motivo in zip(filas, rechazos[1]["motivo"]):
            numero = None if fila is None or fila != fila else int(fila)
            problemas.append(Problema(str(motivo), archivo=str(archivo), hoja=entrada.hoja, fila=numero, columna="codigo"))
    resumen = {
        "filas_leidas": entrada.leidas,
        "filas_utiles": len(entrada.datos) - sum(len(t) for t in rechazos[1:]),
        "filas_rechazadas": sum(len(t) for t in rechazos),
        **({"sin_gestion": entrada.sin_gestion} if tipo == "tipificaciones" else {}),
        "campos": [c for c in entrada.datos.columns if c in CAMPOS_CANONICOS],
        "otras_columnas": len([c for c in entrada.datos.columns if c not in CAMPOS_CANONICOS and not str(c).startswith("_")]),
    }
    if entrada.fecha_corte:
        resumen["fecha_corte"] = entrada.fecha_corte.isoformat()
    return problemas, resumen


ETIQUETAS = {
    "filas_leidas": "filas leídas",
    "filas_utiles": "filas útiles",
    "filas_rechazadas": "filas rechazadas",
    "sin_gestion": "sin gestión",
    "campos": "campos reconocidos",
    "otras_columnas": "otras columnas (se conservan)",
    "fecha_corte": "fecha de corte",
    "hojas": "hojas",
}


def _mostrar(archivo: Path, tipo: str, problemas: list[Problema], resumen: dict) -> None:
    from limonero_cli.informes.terminal import TablaInforme, mostrar_tablas

    errores = sum(p.gravedad == "error" for p in problemas)
    avisos = len(problemas) - errores
    click.echo(f"{archivo}, revisado como {tipo}:")
    cifras = [[ETIQUETAS.get(clave, clave), ", ".join(v) if isinstance(v, list) else v] for clave, v in resumen.items()]
    tablas = [TablaInforme("Resumen", filas=cifras)] if cifras else []
    if problemas:
        campos = [c for c in ("hoja", "fila", "columna") if any(getattr(p, c) is not None for p in problemas)]
        tablas.append(
            TablaInforme(
                "Problemas",
                encabezado=["gravedad", *campos, "mensaje"],
                filas=[[p.gravedad, *["" if getattr(p, c) is None else getattr(p, c) for c in campos], p.mensaje]
                       for p in problemas],
            )
        )
    mostrar_tablas(consola(), tablas)
    if errores:
        click.echo(f"{errores} errores y {avisos} avisos: corrija los errores antes de usar el archivo.")
    else:
        click.echo(f"Sin errores ({avisos} avisos): el archivo se puede usar.")
