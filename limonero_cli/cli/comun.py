"""Lo que comparten los comandos: opciones comunes, estrategia, bitácora y salida.

Nada pesado se importa al cargar este módulo: pandas y compañía se importan
dentro de las funciones, para que ``limonero --help`` sea instantáneo.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from limonero_cli.errores import ErrorArchivo, ErrorUso

ESTRATEGIA_POR_DEFECTO = Path("estrategia.xlsx")
BITACORA_POR_DEFECTO = Path("limonero.db")
FORMATOS = ("tabla", "markdown", "csv", "json")


def opcion_estrategia(funcion):
    return click.option(
        "--estrategia",
        "ruta_estrategia",
        metavar="ARCHIVO",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="LIMONERO_ESTRATEGIA",
        help="Libro de estrategia (por defecto ./estrategia.xlsx; si no existe, la estrategia incluida).",
    )(funcion)


def opcion_bitacora(funcion):
    return click.option(
        "--bitacora",
        "ruta_bitacora",
        metavar="ARCHIVO",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="LIMONERO_BITACORA",
        default=BITACORA_POR_DEFECTO,
        show_default=True,
        help="Bitácora SQLite donde queda todo lo que pasó.",
    )(funcion)


def opcion_fecha(funcion):
    return click.option(
        "--fecha",
        callback=_convertir_fecha,
        metavar="AAAA-MM-DD",
        help="Fecha de operación (por defecto, hoy).",
    )(funcion)


def opcion_fecha_corte(funcion):
    return click.option(
        "--fecha",
        "fecha_corte",
        callback=_convertir_fecha,
        metavar="AAAA-MM-DD",
        help="Fecha de corte de la cartera: con ella se calculan los días de mora desde fecha_vencimiento "
        "(por defecto, la que trae el archivo, o hoy).",
    )(funcion)


def opcion_periodo(funcion):
    """``--desde`` y ``--hasta`` (incluidos) para los informes."""
    funcion = click.option("--hasta", callback=_convertir_fecha, metavar="AAAA-MM-DD",
                           help="Fin del periodo (incluido).")(funcion)
    return click.option("--desde", callback=_convertir_fecha, metavar="AAAA-MM-DD",
                        help="Inicio del periodo (incluido).")(funcion)


def opcion_sin_encabezado(funcion):
    return click.option(
        "--sin-encabezado",
        "encabezados",
        metavar="COLUMNAS",
        callback=lambda ctx, parametro, valor: [c.strip() for c in valor.split(",")] if valor else None,
        help="El archivo no trae fila de encabezados: los nombres de sus columnas, en orden y separados por "
        "comas (por ejemplo «nombre,cliente_id,telefono,saldo_vencido»).",
    )(funcion)


def opcion_formato(funcion):
    return click.option(
        "--formato",
        type=click.Choice(FORMATOS),
        default="tabla",
        show_default=True,
        help="tabla para la terminal; markdown, csv o json para pegar o para scripts.",
    )(funcion)


def opcion_silencioso(funcion):
    return click.option(
        "--silencioso", is_flag=True,
        help="No muestra avisos, avances ni resúmenes; el informe pedido se muestra igual, salvo que se escriba en un "
        "archivo (-o).",
    )(funcion)


def informe_en_terminal(silencioso: bool, *salidas) -> bool:
    """Si el informe en formato tabla va a la terminal: siempre, salvo con --silencioso y una salida a archivo
    (lo pedido ya queda en el archivo). La misma regla en todos los comandos de informe."""
    return not silencioso or not any(salida is not None for salida in salidas)


def opcion_sobrescribir(funcion):
    return click.option(
        "--sobrescribir", is_flag=True, help="Reemplaza las salidas que ya existan (por defecto no se tocan)."
    )(funcion)


def _convertir_fecha(ctx, parametro, valor):
    if valor is None:
        return None
    return leer_fecha_opcion(valor, "--" + parametro.name.replace("_", "-"))


ANIO_MINIMO, ANIO_MAXIMO = 1990, 2100


def leer_fecha_opcion(valor: str, opcion: str) -> dt.date:
    """Una fecha AAAA-MM-DD de una opción, dentro de un rango sensato (una fecha de operación, no de 9999)."""
    try:
        fecha = dt.date.fromisoformat(valor.strip())
    except ValueError:
        raise click.BadParameter(f"«{valor}» no es una fecha AAAA-MM-DD (por ejemplo 2025-07-15).", param_hint=opcion)
    if not ANIO_MINIMO <= fecha.year <= ANIO_MAXIMO:
        raise click.BadParameter(
            f"«{valor}» está fuera del rango de fechas de operación ({ANIO_MINIMO} a {ANIO_MAXIMO}).", param_hint=opcion
        )
    return fecha


def fecha_o_hoy(fecha: dt.date | None) -> dt.date:
    return fecha or dt.date.today()


def cargar_estrategia(ruta: Path | None, mostrar_avisos_estrategia: bool = False):
    """La estrategia de ``ruta``, o de ./estrategia.xlsx, o la incluida en limonero.

    Con ``mostrar_avisos_estrategia``, sus avisos (un país sin reglas de contacto, una
    regla que nunca se usa...) se muestran en stderr antes de trabajar.
    """
    from limonero_cli.estrategia.cargar import estrategia_desde_hojas, estrategia_por_defecto
    from limonero_cli.hojas.estrategia_xlsx import leer_hojas_estrategia

    if ruta is None:
        if not ESTRATEGIA_POR_DEFECTO.exists():
            return estrategia_por_defecto()
        ruta = ESTRATEGIA_POR_DEFECTO
    if not Path(ruta).exists():
        raise ErrorArchivo(
            f"No encuentro el libro de estrategia {ruta}.",
            "Cree uno con «limonero init» o indique otro con --estrategia.",
        )
    estrategia = estrategia_desde_hojas(leer_hojas_estrategia(Path(ruta)), origen=str(ruta))
    if mostrar_avisos_estrategia:
        mostrar_avisos(list(estrategia.avisos), archivo=ruta)
    return estrategia


def abrir_bitacora(ruta: Path, crear: bool = True):
    """Abre la bitácora. Si no existe: con ``crear`` la crea y lo avisa; sin ``crear`` es un error.

    Los comandos que solo leen (embudo, asesores) no deben crear una bitácora
    vacía por un error de carpeta: eso mostraría ceros en vez de explicar.
    """
    from limonero_cli.bitacora import Bitacora

    ruta = Path(ruta)
    if not ruta.exists():
        if not crear:
            raise ErrorArchivo(
                f"No encuentro la bitácora {ruta}.",
                "Ejecute el comando dentro de la carpeta del espacio de trabajo (la que creó «limonero init») "
                "o indique la bitácora con --bitacora.",
            )
        click.echo(f"Aviso: no había bitácora en {ruta}; se crea una nueva, vacía.", err=True)
    return Bitacora.abrir(ruta)


def leer_cartera_de(ruta: Path, estrategia, hoja: str | None = None, silencioso: bool = False, fecha_corte=None,
                    corte_por_defecto=None, encabezados: list[str] | None = None):
    """Lee una cartera con el mapeo de ``columnas`` de la estrategia y muestra sus avisos."""
    from limonero_cli.hojas.entradas import leer_cartera

    entrada = leer_cartera(ruta, columnas=dict(estrategia.columnas), fecha_corte=fecha_corte,
                           corte_por_defecto=corte_por_defecto, encabezados=encabezados,
                           dia_primero=estrategia.parametros.dia_primero, hoja=hoja)
    mostrar_avisos(entrada.avisos, silencioso, archivo=ruta)
    if len(entrada.rechazos) and not silencioso:
        click.echo(f"Aviso: {len(entrada.rechazos)} filas de {ruta} no se pudieron usar y quedan fuera "
                   f"(véalas con «limonero validar {ruta}»).", err=True)
    return entrada


def variable_de_cartera(texto: str, cartera, opcion: str, extras: tuple[str, ...] = ()) -> str:
    """El nombre de columna que el usuario pidió (``"Días de mora"`` → ``dias_mora``), o un error claro."""
    from limonero_cli.hojas.encabezados import normalizar_encabezado

    disponibles = [c for c in cartera.columns if not str(c).startswith("_")]
    pedido = normalizar_encabezado(texto)
    candidatos = [pedido, pedido.replace("_de_", "_"), texto.strip()]
    for candidato in candidatos:
        if candidato in disponibles or candidato in extras:
            return candidato
    raise ErrorUso(
        f"{opcion} «{texto}»: la cartera no tiene esa columna.",
        "Use una de: " + ", ".join([*disponibles, *extras]) + ".",
    )


def historial_de(bitacora):
    """Lo que la bitácora sabe de los deudores, en la forma que usa el núcleo."""
    from limonero_cli.nucleo.listas import Historial

    # Solo las columnas que usa el núcleo, en forma compacta (textos como categorías, en orden de llegada): se
    # leen de la copia en columnas sin armar millones de textos, y el núcleo busca cada deudor una vez.
    vacio = Historial.vacio()
    return Historial(
        tipificaciones=bitacora.tipificaciones(columnas=tuple(vacio.tipificaciones.columns), compacto=True),
        pagos=bitacora.pagos(columnas=tuple(vacio.pagos.columns), compacto=True),
        asignaciones=bitacora.asignaciones(columnas=tuple(vacio.asignaciones.columns), compacto=True),
    )


EXTENSIONES_DE_DATOS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"}


def comprobar_archivos(rutas) -> list[Path]:
    """Los archivos a cargar: carpetas se abren en sus hojas de datos; los archivos de bloqueo se saltan.

    Un archivo de bloqueo (``~$x.xlsx``, ``.~lock.x.xlsx#``) que llega junto con
    otros (una carpeta o un patrón como ``listas/*/*.xlsx``) se salta con un
    aviso; nombrado solo, el lector explica que el libro está abierto en Excel.
    """
    from limonero_cli.hojas.detectar import es_archivo_de_bloqueo

    rutas = [Path(r) for r in rutas]
    if not rutas:
        raise ErrorUso("Indique al menos un archivo.", "Ejemplo: limonero cargar pagos pagos_hoy.xlsx")
    archivos: list[Path] = []
    for ruta in _expandir_patrones(rutas):
        if not ruta.exists():
            raise ErrorUso(f"No encuentro el archivo {ruta}.", "Revise el nombre y la carpeta.")
        if ruta.is_dir():
            archivos += sorted(p for p in ruta.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONES_DE_DATOS)
        else:
            archivos.append(ruta)
    if len(archivos) > 1:
        bloqueos = [a for a in archivos if es_archivo_de_bloqueo(a)]
        for bloqueo in bloqueos:
            click.echo(f"Aviso: se salta {bloqueo}: es el archivo de bloqueo de un libro abierto en Excel o LibreOffice.",
                       err=True)
        archivos = [a for a in archivos if a not in bloqueos]
    if not archivos:
        raise ErrorArchivo(f"No hay hojas de datos en {', '.join(map(str, rutas))}.",
                           "Indique archivos .xlsx, .xls, .ods, .csv o .txt.")
    return archivos


def _expandir_patrones(rutas: list[Path]) -> list[Path]:
    """``listas/*/lista_*.xlsx`` entre comillas (o en la consola de Windows, que no los expande) también sirve."""
    import glob

    expandidas = []
    for ruta in rutas:
        texto = str(ruta)
        if not ruta.exists() and glob.has_magic(texto):
            encontradas = sorted(Path(p) for p in glob.glob(texto))
            expandidas += encontradas or [ruta]
        else:
            expandidas.append(ruta)
    return expandidas


def consola(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


MAX_AVISOS_EN_PANTALLA = 5


def mostrar_avisos(avisos, silencioso: bool = False, archivo=None) -> None:
    """Los primeros avisos de una lectura en stderr; el resto, contados (``limonero validar`` los muestra todos)."""
    if silencioso or not avisos:
        return
    for problema in avisos[:MAX_AVISOS_EN_PANTALLA]:
        click.echo(f"Aviso: {problema.como_texto()}", err=True)
    restantes = len(avisos) - MAX_AVISOS_EN_PANTALLA
    if restantes > 0:
        detalle = f" (véalos todos con «limonero validar {archivo}»)" if archivo else ""
        click.echo(f"... y {restantes} avisos más{detalle}.", err=True)


def es_terminal() -> bool:
    return os.isatty(2)


class Progreso:
    """Muestra en stderr el paso largo en curso (con el tiempo transcurrido), solo si stderr es una terminal.

    Uso::

        progreso = Progreso(silencioso)
        with progreso.paso("Leyendo la cartera"):
            ...
    """

    def __init__(self, silencioso: bool = False):
        self.activo = es_terminal() and not silencioso

    def paso(self, descripcion: str):
        import contextlib

        if not self.activo:
            return contextlib.nullcontext()
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        barra = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=consola(stderr=True), transient=True,
        )

        @contextlib.contextmanager
        def en_curso():
            with barra:
                barra.add_task(descripcion + "…", total=None)
                yield

        return en_curso()


def exigir_libro_xlsx(ruta, opcion: str, que: str, ejemplo: str, tambien_csv: bool = False) -> None:
    """Un error de uso si la salida pedida no termina en .xlsx (o .csv, si ``tambien_csv``): el libro que
    se escribe es de Excel, y con otro nombre el usuario abriría un archivo ilegible."""
    if ruta is None:
        return
    permitidas = (".xlsx", ".csv") if tambien_csv else (".xlsx",)
    if Path(ruta).suffix.lower() not in permitidas:
        formato = "como .xlsx o .csv" if tambien_csv else "como libro .xlsx"
        raise ErrorUso(f"{opcion} {ruta}: {que} se escribe {formato}.", f"Ejemplo: {opcion} {ejemplo}")
