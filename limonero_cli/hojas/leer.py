"""``leer_tabla``: la puerta de entrada para leer cualquier hoja que un supervisor reciba."""

from __future__ import annotations

from pathlib import Path

from limonero_cli.errores import ErrorArchivo, Problema
from limonero_cli.hojas import detectar, libros
from limonero_cli.hojas.tabla import TablaLeida, construir_tabla, puntaje_encabezado
from limonero_cli.hojas.texto import leer_texto

FORMATOS_LIBRO = (detectar.XLSX, detectar.XLSM, detectar.XLS, detectar.ODS)


def _buscar_hoja(ruta: Path, hojas: list[libros.InfoHoja], pedida: str) -> libros.InfoHoja:
    for info in hojas:
        if info.nombre == pedida:
            return info
    for info in hojas:
        if info.nombre.strip().casefold() == pedida.strip().casefold():
            return info
    disponibles = ", ".join(f"«{info.nombre}»" + ("" if info.visibilidad == libros.VISIBLE else f" ({info.visibilidad})") for info in hojas)
    raise ErrorArchivo(
        f"{ruta} no tiene una hoja llamada «{pedida}».",
        f"Las hojas del libro son: {disponibles}.",
    )


def leer_tabla(
    ruta: Path | str,
    hoja: str | None = None,
    encabezados: list[str] | None = None,
    separador: str | None = None,
) -> TablaLeida:
    """Lee la tabla de ``ruta`` (xlsx, xlsm, xls, ods, csv/tsv/txt o HTML) detectando el formato por los bytes.

    Sin ``hoja`` se usa la primera hoja visible que tenga una tabla; una hoja oculta
    solo se lee si se nombra. ``encabezados`` da los nombres de columna de un archivo
    sin fila de encabezados.

    >>> tabla = leer_tabla("cartera.xlsx")            # doctest: +SKIP
    >>> tabla.datos.columns, tabla.filas[:2]           # doctest: +SKIP
    """
    ruta = Path(ruta)
    formato = detectar.detectar_formato(ruta)
    archivo = str(ruta)
    if formato == detectar.TEXTO:
        leido = leer_texto(ruta, separador=separador)
        tabla = construir_tabla(leido.filas, archivo, encabezados=encabezados, resto=leido.resto)
        tabla.avisos[:0] = leido.avisos
    elif formato == detectar.HTML:
        cruda = libros.leer_html(ruta)
        tabla = construir_tabla(cruda.filas, archivo, encabezados=encabezados)
    else:
        tabla = _leer_hoja_de_libro(ruta, formato, hoja, encabezados)
    tabla.formato = formato
    return tabla


def _leer_hoja_de_libro(ruta: Path, formato: str, hoja: str | None, encabezados: list[str] | None) -> TablaLeida:
    archivo = str(ruta)
    hojas = libros.listar_hojas(ruta)
    if not hojas:
        raise ErrorArchivo(f"{ruta} no tiene hojas.", "Revise que sea el archivo correcto.")
    avisos: list[Problema] = []
    if hoja is not None:
        info = _buscar_hoja(ruta, hojas, hoja)
        cruda = libros.leer_hojas_libro(ruta, formato, [info.nombre])[0]
    else:
        visibles = [info for info in hojas if info.visibilidad == libros.VISIBLE]
        ocultas = [info for info in hojas if info.visibilidad != libros.VISIBLE]
        if not visibles:
            raise ErrorArchivo(
                f"{ruta}: todas las hojas están ocultas y limonero no lee hojas ocultas sin que se las nombre.",
                "Indique la hoja con --hoja NOMBRE o muéstrela en Excel.",
            )
        if ocultas:
            nombres = ", ".join(f"«{info.nombre}»" for info in ocultas)
            avisos.append(
                Problema(
                    f"el libro tiene hojas ocultas que no se leyeron: {nombres}; use --hoja para leer una de ellas",
                    archivo=archivo,
                    gravedad="aviso",
                )
            )
        cruda = None
        saltadas = []
        for info in visibles:
            candidata = libros.leer_hojas_libro(ruta, formato, [info.nombre])[0]
            if encabezados is not None or _tiene_tabla(candidata):
                cruda = candidata
                break
            saltadas.append(info.nombre)
        if cruda is None:
            _comprobar_datos_ocultos(ruta, formato, visibles, ocultas)
            cruda = libros.leer_hojas_libro(ruta, formato, [visibles[0].nombre])[0]
            saltadas = []
        if saltadas:
            nombres = ", ".join(f"«{nombre}»" for nombre in saltadas)
            avisos.append(
                Problema(
                    f"se leyó la hoja «{cruda.nombre}» porque {nombres} no tiene una tabla con encabezados; "
                    "use --hoja para elegir otra",
                    archivo=archivo,
                    gravedad="aviso",
                )
            )
    tabla = construir_tabla(
        cruda.filas,
        archivo,
        hoja=cruda.nombre,
        encabezados=encabezados,
        fila0=cruda.fila0,
        columna0=cruda.columna0,
        fecha1904=cruda.fecha1904,
    )
    tabla.avisos[:0] = avisos + _avisos_en_tabla(cruda.avisos, tabla)
    return tabla


def _comprobar_datos_ocultos(
    ruta: Path, formato: str, visibles: list[libros.InfoHoja], ocultas: list[libros.InfoHoja]
) -> None:
    """Si ninguna hoja visible tiene tabla pero alguna oculta sí, lo dice con un ``ErrorArchivo``.

    Las hojas ocultas no se leen sin que se las nombre; aquí solo se mira si tienen una tabla
    para poder decir dónde están los datos.
    """
    if not ocultas:
        return
    con_tabla = [
        cruda.nombre
        for cruda in libros.leer_hojas_libro(ruta, formato, [info.nombre for info in ocultas])
        if _tiene_tabla(cruda)
    ]
    if not con_tabla:
        return
    vistas = ("la hoja visible " if len(visibles) == 1 else "las hojas visibles ") + ", ".join(
        f"«{info.nombre}»" for info in visibles
    )
    nombre = con_tabla[0] if con_tabla[0].replace("_", "").isalnum() else f'"{con_tabla[0]}"'
    if len(con_tabla) == 1:
        donde = f"la hoja oculta «{con_tabla[0]}»"
    else:
        donde = "las hojas ocultas " + ", ".join(f"«{nombre}»" for nombre in con_tabla)
    raise ErrorArchivo(
        f"{ruta}: {vistas} no tiene{'' if len(visibles) == 1 else 'n'} una tabla de datos, y los datos parecen estar en {donde}; "
        "limonero no lee hojas ocultas sin que se las nombre.",
        f"Indique la hoja con --hoja {nombre} (o muéstrela en Excel: clic derecho en una pestaña > Mostrar).",
    )


def _avisos_en_tabla(avisos: list[Problema], tabla: TablaLeida) -> list[Problema]:
    """Deja solo los problemas de celdas que caen en filas de la tabla (no en totales ni notas al pie)."""
    filas = set(tabla.filas)
    return [aviso for aviso in avisos if aviso.fila is None or aviso.fila in filas]


def _tiene_tabla(cruda: libros.HojaCruda) -> bool:
    """Una hoja tiene tabla si alguna de sus primeras filas tiene 2+ encabezados y debajo hay datos."""
    filas = cruda.filas
    for i, fila in enumerate(filas[:30]):
        if puntaje_encabezado(fila) >= 2 and i + 1 < len(filas):
            return True
    return False


def leer_tablas(ruta: Path | str, incluir_ocultas: bool = False) -> dict[str, TablaLeida]:
    """Lee cada hoja (visible, o todas con ``incluir_ocultas``) que tenga una tabla. Clave: nombre de la hoja.

    Para un archivo de texto o HTML devuelve una sola tabla con el nombre del archivo.
    """
    ruta = Path(ruta)
    formato = detectar.detectar_formato(ruta)
    if formato not in FORMATOS_LIBRO:
        return {ruta.stem: leer_tabla(ruta)}
    nombres = [
        info.nombre
        for info in libros.listar_hojas(ruta)
        if incluir_ocultas or info.visibilidad == libros.VISIBLE
    ]
    tablas = {}
    for cruda in libros.leer_hojas_libro(ruta, formato, nombres):
        if not _tiene_tabla(cruda):
            continue
        tabla = construir_tabla(
            cruda.filas, str(ruta), hoja=cruda.nombre, fila0=cruda.fila0, columna0=cruda.columna0, fecha1904=cruda.fecha1904
        )
        tabla.avisos[:0] = _avisos_en_tabla(cruda.avisos, tabla)
        tabla.formato = formato
        tablas[cruda.nombre] = tabla
    return tablas
