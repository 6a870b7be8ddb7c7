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
    """Carga a la bitácora lo que pasó (tipificaciones o pagos), o un catálogo de códigos a la estrategia.

    \b
    Ejemplos:
      limonero cargar tipificaciones listas/2025-07-15/lista_2025-07-15.xlsx
      limonero cargar tipificaciones exportacion_vicidial.txt
      limonero cargar pagos pagos_hoy.xlsx
      limonero cargar catalogo catalogo_tipificaciones.csv
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

    En una exportación de marcador (p. ej. el reporte de llamadas de Vicidial),
    cada estado del marcador se traduce al código del catálogo que lo lista en
    la columna «equivalencias» de la hoja tipificaciones de la estrategia; el
    canal es «llamada»; una promesa sin monto o fecha los toma del comentario
    («promete 1.500,00 el 20/03»).

    \b
    Ejemplos:
      limonero cargar tipificaciones listas/2025-07-15/lista_2025-07-15.xlsx
      limonero cargar tipificaciones exportacion_vicidial.txt
    """
    estrategia = cargar_estrategia(ruta_estrategia)

    def cargar(bitacora, ruta):
        return cargar_archivo_tipificaciones(bitacora, ruta, estrategia)

    _cargar_archivos(archivos, ruta_bitacora, silencioso, cargar, "tipificaciones")


def contexto_de_lectura(que: str, estrategia) -> str:
    """Lo que, además de los bytes, decide cómo se lee un archivo: si cambia, se vuelve a leer.

    El tipo de carga, la versión de limonero, ``dia_primero`` y, para tipificaciones, el catálogo
    y sus equivalencias (un código nuevo en el catálogo puede volver válidas filas rechazadas).
    """
    import json

    from limonero_cli import __version__

    partes = {"tipo": que, "version": __version__, "dia_primero": bool(estrategia.parametros.dia_primero)}
    if que == "tipificaciones":
        partes["catalogo"] = estrategia.catalogo().astype(str).values.tolist()
        partes["equivalencias"] = sorted(estrategia.equivalencias().items())
    return json.dumps(partes, ensure_ascii=False, sort_keys=True)


def _sin_rechazos():
    import pandas as pd

    return pd.DataFrame({"_fila": [], "motivo": []})


def cargar_archivo_tipificaciones(bitacora, ruta: Path, estrategia):
    """Lee, valida contra el catálogo y carga un archivo; devuelve (resultado, rechazos, avisos).

    Si los mismos bytes ya se cargaron con las mismas reglas, no se vuelve a leer el archivo
    (``resultado.mismos_bytes``): sus filas cuentan como duplicadas y no hay rechazos nuevos.
    """
    from limonero_cli.bitacora.huellas import huella_de_archivo

    huella_bytes = huella_de_archivo(ruta, contexto_de_lectura("tipificaciones", estrategia))
    repetida = bitacora.carga_repetida("tipificaciones", str(ruta), huella_bytes)
    if repetida is not None:
        return repetida, _sin_rechazos(), []

    from limonero_cli.hojas.entradas import leer_tipificaciones
    from limonero_cli.nucleo.tipificaciones import validar_tipificaciones

    entrada = leer_tipificaciones(ruta, dia_primero=estrategia.parametros.dia_primero)
    validas, rechazos = validar_tipificaciones(entrada.datos, estrategia.catalogo(), estrategia.equivalencias())
    rechazos = _unir_rechazos(entrada.rechazos, rechazos)
    resultado = bitacora.cargar_tipificaciones(
        validas, origen=str(ruta), rechazadas=len(rechazos), sin_gestion=entrada.sin_gestion, leidas=entrada.leidas,
        huella_bytes=huella_bytes,
    )
    return resultado, rechazos, entrada.avisos


def cargar_archivo_pagos(bitacora, ruta: Path, estrategia):
    """Lee y carga un archivo de pagos; devuelve (resultado, rechazos, avisos). Como las tipificaciones,
    un archivo con los mismos bytes que uno ya cargado no se vuelve a leer."""
    from limonero_cli.bitacora.huellas import huella_de_archivo

    huella_bytes = huella_de_archivo(ruta, contexto_de_lectura("pagos", estrategia))
    repetida = bitacora.carga_repetida("pagos", str(ruta), huella_bytes)
    if repetida is not None:
        return repetida, _sin_rechazos(), []

    from limonero_cli.hojas.entradas import leer_pagos

    entrada = leer_pagos(ruta, dia_primero=estrategia.parametros.dia_primero)
    resultado = bitacora.cargar_pagos(
        entrada.datos, origen=str(ruta), rechazadas=len(entrada.rechazos), leidas=entrada.leidas,
        huella_bytes=huella_bytes,
    )
    return resultado, entrada.rechazos, entrada.avisos + _pagos_sin_deudor(bitacora, entrada.datos, ruta)


def _pagos_sin_deudor(bitacora, pagos, ruta: Path) -> list:
    """Un aviso si hay pagos cuyo deudor (resuelto como al cargarlos) no es cliente de ninguna cartera conocida.

    Se guardan igual (nada se pierde): el embudo los atribuye en cuanto ese deudor llega en una cartera.
    """
    from limonero_cli.errores import Problema
    from limonero_cli.informes.formato import dinero, entero

    if not len(pagos):
        return []
    conocidos = bitacora.deudores_conocidos(pagos)
    if conocidos is None:
        return [Problema(
            "la bitácora todavía no conoce ninguna cartera (la conoce al correr «limonero lista»), así que no "
            "pude comprobar que cada pago sea de un deudor de la cartera; los pagos se guardaron igual.",
            archivo=str(ruta), gravedad="aviso",
        )]
    desconocidos = pagos.loc[~conocidos]
    if desconocidos.empty:
        return []
    primero = desconocidos.iloc[0]
    datos_del_primero = [f"{nombre} «{primero[campo]}»" for campo, nombre in (("cuenta", "cuenta"),
                                                                            ("cliente_id", "cliente"))
                         if campo in desconocidos.columns and isinstance(primero[campo], str) and primero[campo]]
    cuantos = len(desconocidos)
    que = "1 pago" if cuantos == 1 else f"{entero(cuantos)} pagos"
    verbo = "es" if cuantos == 1 else "son"
    return [Problema(
        f"{que} por {dinero(float(desconocidos['monto'].sum()))} no {verbo} de ningún deudor de las carteras "
        f"que conoce la bitácora ({'' if cuantos == 1 else 'el primero, '}fila {int(primero['_fila'])}: "
        f"{', '.join(datos_del_primero)}). "
        f"{'Está' if cuantos == 1 else 'Están'} en la bitácora, pero no {'cuenta' if cuantos == 1 else 'cuentan'} "
        "en los embudos hasta que ese deudor llegue en una cartera; "
        "revise si el archivo de pagos usa otra numeración de cuenta o de cliente (p. ej. sin los ceros a la "
        "izquierda).",
        archivo=str(ruta), gravedad="aviso",
    )]


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
    if silencioso:  # las filas rechazadas quedan igual en rechazos/
        return
    mostrar_tablas(consola(), [tabla_cargas(resultados, que)])
    for ruta, resultado, archivo_rechazos in resultados:
        if resultado.mismos_bytes:
            detalle = (f"; sus {resultado.rechazadas} filas rechazadas se informaron entonces"
                       if resultado.rechazadas else "")
            click.echo(f"{ruta}: este archivo ya se cargó el {_fecha_legible(resultado.ya_cargado_el)} "
                       f"(idéntico, no se volvió a leer){detalle}.")
        if archivo_rechazos:
            click.echo(f"{resultado.rechazadas} filas rechazadas de {ruta}: detalle en {archivo_rechazos}")
        if resultado.reemplazadas:
            click.echo(f"{ruta}: {resultado.reemplazadas} filas corregidas de la lista reemplazaron lo que se "
                       "había cargado antes para ese deudor y canal.")
        if resultado.cargadas == 0 and resultado.duplicadas:
            validas = "válidas " if resultado.rechazadas else ""
            click.echo(f"{ruta}: todas sus filas {validas}ya estaban en la bitácora; no se agregó nada.")


def _fecha_legible(fecha_hora: str | None) -> str:
    """``2025-03-14 18:05:00`` → ``14/03/2025 a las 18:05``."""
    try:
        momento = dt.datetime.strptime(str(fecha_hora), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return str(fecha_hora)
    return momento.strftime("%d/%m/%Y a las %H:%M")


def _escribir_rechazos(ruta: Path, rechazos) -> Path:
    from limonero_cli.hojas.salida import escribir_csv_seguro

    marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destino = CARPETA_RECHAZOS / f"{ruta.stem}_rechazos_{marca}.csv"
    columnas = ["_fila", "motivo"] + [c for c in rechazos.columns if c not in ("_fila", "motivo")]
    datos = rechazos[columnas].rename(columns={"_fila": "fila"})
    return escribir_csv_seguro(destino, datos, sobrescribir=True)


@comando.command("catalogo")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@opcion_estrategia
@opcion_bitacora
@opcion_silencioso
def catalogo(archivo, ruta_estrategia, ruta_bitacora, silencioso):
    """Importa un catálogo de tipificaciones (el de su marcador o su sistema) a la estrategia.

    Lee ARCHIVO (csv, xlsx...), lleva cada código a un nivel del embudo con una
    regla fija (la calificación dice si hubo contacto y con quién; el detalle
    sube a negociación, promesa o pago por palabras como «promesa», «pendiente
    de pago», «interesa», «ya pagó»), valida, y escribe el resultado en la hoja
    tipificaciones del libro de estrategia. Antes guarda una copia del libro con
    fecha y hora al lado. Las rutas de códigos que ya no existen se quitan (quedan
    en la copia); un código sin ruta no tiene seguimiento propio y sigue la
    programación de eventos. Revise luego niveles, finales y equivalencias.
    Si la bitácora ya tiene tipificaciones cuyos códigos cambian de nivel con
    el catálogo nuevo (los embudos pasados cambiarían), dice cuáles y cuántas.

    \b
    Ejemplos:
      limonero cargar catalogo catalogo_tipificaciones.csv
      limonero cargar catalogo codigos.xlsx --estrategia mi_estrategia.xlsx
    """
    import shutil

    from limonero_cli.cli.comun import ESTRATEGIA_POR_DEFECTO
    from limonero_cli.errores import ErrorArchivo, ErrorValidacion
    from limonero_cli.estrategia.cargar import estrategia_desde_hojas, normalizar_nombre
    from limonero_cli.estrategia.modelo import PROMESA_INCUMPLIDA
    from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia, leer_hojas_estrategia
    from limonero_cli.hojas.leer import leer_tabla
    from limonero_cli.nucleo.catalogo import catalogo_desde_tabla, rutas_sin_codigo

    ruta = Path(ruta_estrategia) if ruta_estrategia else ESTRATEGIA_POR_DEFECTO
    if not ruta.exists():
        raise ErrorArchivo(
            f"No encuentro el libro de estrategia {ruta} donde escribir el catálogo.",
            "Cree uno con «limonero init» o indique otro con --estrategia.",
        )
    archivo = comprobar_archivos([archivo])[0]
    tabla = leer_tabla(archivo)
    nuevo, problemas = catalogo_desde_tabla(tabla.datos, list(tabla.filas), str(archivo))
    errores = [p for p in problemas if p.gravedad == "error"]
    if errores:
        raise ErrorValidacion(
            f"{archivo} no se puede usar como catálogo de tipificaciones.", errores,
            "Revise que tenga una columna de código y una de calificación o nivel.",
        )
    mostrar_avisos(tabla.avisos + problemas, silencioso, archivo=None)

    hojas = leer_hojas_estrategia(ruta)
    catalogo_anterior = _catalogo_de(hojas, ruta)
    nombres = {normalizar_nombre(n): n for n in hojas}
    hojas[nombres.get("tipificaciones", "tipificaciones")] = nuevo
    quitadas = []
    if "rutas" in nombres:
        rutas = hojas[nombres["rutas"]]
        sobran = rutas_sin_codigo(rutas, nuevo, PROMESA_INCUMPLIDA)
        quitadas = [str(c) for c in rutas.loc[sobran, "codigo"]]
        hojas[nombres["rutas"]] = rutas.loc[~sobran].reset_index(drop=True)
    estrategia = estrategia_desde_hojas(hojas, origen=f"{ruta} (con el catálogo de {archivo.name})")

    marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    respaldo = ruta.with_name(f"{ruta.stem}_respaldo_{marca}{ruta.suffix}")
    shutil.copy2(ruta, respaldo)
    escribir_estrategia(ruta, hojas, sobrescribir=True)

    niveles = nuevo["nivel"].value_counts()
    click.echo(f"Catálogo de {archivo} escrito en {ruta}: {len(nuevo)} códigos.")
    for nivel in ("sin_contacto", "contacto_tercero", "contacto_titular", "negociacion", "promesa", "pago"):
        click.echo(f"  {nivel:<17} {int(niveles.get(nivel, 0)):>5}")
    click.echo(f"  finales (no volver a contactar): {int(nuevo['final'].sum())}")
    if quitadas:
        click.echo(f"Rutas quitadas (sus códigos ya no existen): {', '.join(quitadas)}.")
    sin_ruta = sum(1 for t in estrategia.tipificaciones if estrategia.ruta(t.codigo) is None and not t.final)
    if sin_ruta:
        click.echo(f"{sin_ruta} códigos no tienen ruta: sin seguimiento propio, siguen la programación de eventos.")
    click.echo(f"Copia del libro anterior: {respaldo}")
    if catalogo_anterior is not None and Path(ruta_bitacora).exists():
        _avisar_cambios_en_la_historia(ruta_bitacora, catalogo_anterior, estrategia.catalogo())


def _catalogo_de(hojas: dict, ruta: Path):
    """El catálogo del libro antes de reemplazarlo, o ``None`` si ese libro no era una estrategia válida."""
    from limonero_cli.errores import ErrorLimonero
    from limonero_cli.estrategia.cargar import estrategia_desde_hojas

    try:
        return estrategia_desde_hojas(dict(hojas), origen=str(ruta)).catalogo()
    except ErrorLimonero:
        return None


def _avisar_cambios_en_la_historia(ruta_bitacora: Path, antes, despues, mostrar: int = 10) -> None:
    """Dice qué tipificaciones ya cargadas cambian de nivel con el catálogo nuevo y cuáles cambian los embudos.

    El catálogo ya quedó escrito: si la bitácora no se puede leer, se avisa y nada más.
    """
    from limonero_cli.errores import ErrorLimonero
    from limonero_cli.informes.formato import entero
    from limonero_cli.nucleo.catalogo import cambios_de_nivel

    try:
        with abrir_bitacora(ruta_bitacora, crear=False) as bitacora:
            codigos = bitacora.tipificaciones(columnas=("codigo",), compacto=True)["codigo"]
    except ErrorLimonero as error:
        click.echo(f"Aviso: no pude revisar las tipificaciones ya cargadas en {ruta_bitacora} ({error}); el "
                   "catálogo sí quedó escrito.", err=True)
        return
    cambios = cambios_de_nivel(codigos.value_counts(sort=False), antes, despues)
    if cambios.empty:
        return
    total = int(cambios["tipificaciones"].sum())
    en_embudo = int(cambios.loc[cambios["cambia_embudo"], "tipificaciones"].sum())
    efecto = (f"{entero(en_embudo)} de ellas (marcadas con *) cambian las cifras de los embudos de días pasados"
              if en_embudo else "ninguna cambia las cifras de los embudos")
    click.echo(f"Ojo: con este catálogo, {entero(total)} tipificaciones ya cargadas en {ruta_bitacora} cambian de "
               f"nivel; {efecto}:")
    fuera = "fuera del catálogo (solo intento)"
    for fila in cambios.head(mostrar).itertuples():
        marca = "*" if fila.cambia_embudo else " "
        click.echo(f"  {marca} {fila.codigo:<10} {entero(fila.tipificaciones):>9}  {fila.nivel_antes or fuera} → "
                   f"{fila.nivel_despues or fuera}")
    if len(cambios) > mostrar:
        click.echo(f"  ... y {len(cambios) - mostrar} códigos más.")
    if cambios["nivel_despues"].isna().any():
        click.echo("Si los códigos que salen del catálogo se siguen usando, agréguelos con su nivel a la hoja "
                   "tipificaciones de la estrategia; o vuelva al libro anterior con la copia.")
