"""Lectura de libros (xlsx, xlsm, xls, ods) con python-calamine, y de tablas HTML.

Devuelve rejillas de valores crudos (``str``, ``float``, ``int``, ``bool``,
``datetime``, ``date`` o ``None``) con su posición original, para que
``tabla.py`` encuentre el encabezado y las filas de datos.
"""

from __future__ import annotations

import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import python_calamine
from defusedxml import ElementTree as ElementoSeguro
from defusedxml.common import DefusedXmlException

from limonero_cli.errores import ErrorArchivo, Problema
from limonero_cli.hojas.detectar import ZIP_DANADO
from limonero_cli.hojas import texto as modulo_texto

VISIBLE = "visible"
OCULTA = "oculta"
MUY_OCULTA = "muy oculta"
MAXIMO_AVISOS_FORMULA = 20


@dataclass
class HojaCruda:
    """Una hoja como rejilla. ``fila0``/``columna0``: posición (base 0) de la celda ``filas[0][0]``."""

    nombre: str
    filas: list[list]
    fila0: int = 0
    columna0: int = 0
    visibilidad: str = VISIBLE
    fecha1904: bool = False
    avisos: list[Problema] = field(default_factory=list)


@dataclass(frozen=True)
class InfoHoja:
    nombre: str
    visibilidad: str


def _visibilidad(meta) -> str:
    valor = str(meta.visible).lower()
    if "veryhidden" in valor:
        return MUY_OCULTA
    if "hidden" in valor:
        return OCULTA
    return VISIBLE


def _abrir_libro(ruta: Path):
    try:
        return python_calamine.CalamineWorkbook.from_path(str(ruta))
    except python_calamine.PasswordError as error:
        raise ErrorArchivo(
            f"{ruta} está protegido con contraseña y limonero no puede abrirlo.",
            "Ábralo en Excel, quite la contraseña (Archivo > Información > Proteger libro) y guárdelo de nuevo.",
        ) from error
    except python_calamine.XmlError as error:
        raise ErrorArchivo(
            f"{ruta} tiene un XML interno que no se puede leer ({error}).",
            "Ábralo en Excel o LibreOffice y guárdelo de nuevo.",
        ) from error
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError) as error:
        raise ErrorArchivo(
            f"{ruta} no se pudo leer como hoja de cálculo ({error}).",
            "Ábralo en Excel o LibreOffice y guárdelo de nuevo como .xlsx.",
        ) from error


def listar_hojas(ruta: Path) -> list[InfoHoja]:
    """Nombre y visibilidad de cada hoja del libro, en orden."""
    libro = _abrir_libro(ruta)
    return [InfoHoja(meta.name, _visibilidad(meta)) for meta in libro.sheets_metadata]


def leer_hojas_libro(ruta: Path, formato: str, nombres: list[str] | None = None) -> list[HojaCruda]:
    """Lee las hojas pedidas (por defecto todas las visibles) como rejillas con celdas combinadas rellenas."""
    ruta = Path(ruta)
    libro = _abrir_libro(ruta)
    metas = {meta.name: meta for meta in libro.sheets_metadata}
    if nombres is None:
        nombres = [nombre for nombre, meta in metas.items() if _visibilidad(meta) == VISIBLE]
    fecha1904 = formato in ("xlsx", "xlsm") and _es_1904(ruta)
    rutas_xml = _rutas_de_hojas(ruta) if formato in ("xlsx", "xlsm") else {}
    # Buscar fórmulas sin valor exige descomprimir el XML de cada hoja otra vez (0,3 s con 100 mil filas):
    # se hace en otro hilo mientras calamine lee (zlib y calamine sueltan el GIL).
    with ThreadPoolExecutor(max_workers=1) as hilo:
        formulas = {nombre: hilo.submit(_formulas_sin_valor, ruta, nombre, rutas_xml[nombre])
                    for nombre in nombres if nombre in rutas_xml}
        hojas = [_leer_hoja(libro, ruta, nombre, metas[nombre], fecha1904) for nombre in nombres]
        for hoja in hojas:
            if hoja.nombre in formulas:
                hoja.avisos.extend(formulas[hoja.nombre].result())
    return hojas


def _leer_hoja(libro, ruta: Path, nombre: str, meta, fecha1904: bool) -> HojaCruda:
    try:
        hoja = libro.get_sheet_by_name(nombre)
        filas = hoja.to_python(skip_empty_area=True)
    except (python_calamine.CalamineError, python_calamine.XmlError, python_calamine.ZipError) as error:
        raise ErrorArchivo(
            f"{ruta}, hoja «{nombre}»: no se pudo leer ({error}).",
            "Ábralo en Excel o LibreOffice y guárdelo de nuevo.",
        ) from error
    fila0, columna0 = hoja.start if hoja.start is not None else (0, 0)
    cruda = HojaCruda(
        nombre=nombre,
        filas=filas,
        fila0=fila0,
        columna0=columna0,
        visibilidad=_visibilidad(meta),
        fecha1904=fecha1904,
    )
    _rellenar_combinadas(cruda, hoja.merged_cell_ranges or [])
    return cruda


def _rellenar_combinadas(hoja: HojaCruda, rangos) -> None:
    """Copia el valor de la celda superior izquierda a las demás celdas de cada rango combinado vertical.

    Los rangos de una sola fila (títulos centrados sobre varias columnas) no se copian:
    repetir un título en cada columna no aporta nada y duplicaría encabezados.
    """
    for (fila_ini, col_ini), (fila_fin, col_fin) in rangos:
        if fila_fin == fila_ini:
            continue
        i0, j0 = fila_ini - hoja.fila0, col_ini - hoja.columna0
        if not (0 <= i0 < len(hoja.filas)) or j0 < 0:
            continue
        fila_origen = hoja.filas[i0]
        if j0 >= len(fila_origen):
            continue
        valor = fila_origen[j0]
        for i in range(i0, min(fila_fin - hoja.fila0, len(hoja.filas) - 1) + 1):
            fila = hoja.filas[i]
            for j in range(j0, min(col_fin - hoja.columna0, len(fila) - 1) + 1):
                if fila[j] is None or fila[j] == "":
                    fila[j] = valor


def _leer_parte_segura(paquete: zipfile.ZipFile, nombre: str):
    try:
        return ElementoSeguro.fromstring(paquete.read(nombre))
    except (KeyError, DefusedXmlException, ElementoSeguro.ParseError):
        return None


def _es_1904(ruta: Path) -> bool:
    """True si el libro usa el sistema de fechas 1904 (Excel para Mac antiguo)."""
    try:
        with zipfile.ZipFile(ruta) as paquete:
            raiz = _leer_parte_segura(paquete, "xl/workbook.xml")
    except zipfile.BadZipFile:
        return False
    if raiz is None:
        return False
    for elemento in raiz.iter():
        if elemento.tag.endswith("workbookPr"):
            return str(elemento.get("date1904", "")).lower() in ("1", "true")
    return False


def _rutas_de_hojas(ruta: Path) -> dict[str, str]:
    """Nombre de hoja → ruta de su XML dentro del paquete xlsx."""
    try:
        with zipfile.ZipFile(ruta) as paquete:
            libro = _leer_parte_segura(paquete, "xl/workbook.xml")
            relaciones = _leer_parte_segura(paquete, "xl/_rels/workbook.xml.rels")
    except zipfile.BadZipFile:
        return {}
    if libro is None or relaciones is None:
        return {}
    destinos = {}
    for rel in relaciones.iter():
        if rel.tag.endswith("Relationship"):
            destino = rel.get("Target", "")
            if destino.startswith("/"):
                destino = destino[1:]
            else:
                destino = str(PurePosixPath("xl") / destino)
            destinos[rel.get("Id")] = destino
    rutas = {}
    for hoja in libro.iter():
        if hoja.tag.endswith("}sheet") or hoja.tag == "sheet":
            for clave, valor in hoja.attrib.items():
                if clave.endswith("}id") and valor in destinos:
                    rutas[hoja.get("name")] = destinos[valor]
    return rutas


_FORMULA_SIN_VALOR = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


def _formulas_sin_valor(ruta: Path, hoja: str, parte: str) -> list[Problema]:
    """Celdas con fórmula y sin valor calculado guardado (el libro nunca se recalculó)."""
    try:
        with zipfile.ZipFile(ruta) as paquete:
            xml = paquete.read(parte)
    except (KeyError, *ZIP_DANADO):  # dañado: lo dice la lectura de calamine
        return []
    if b"<f" not in xml:
        return []
    problemas = []
    encontradas = _FORMULA_SIN_VALOR.findall(xml)
    for columna, fila in encontradas[:MAXIMO_AVISOS_FORMULA]:
        problemas.append(
            Problema(
                mensaje=(
                    f"la celda {columna.decode()}{fila.decode()} tiene una fórmula sin valor calculado guardado, "
                    "así que se lee vacía; abra el libro en Excel o LibreOffice, deje que calcule y guárdelo"
                ),
                archivo=str(ruta),
                hoja=hoja,
                fila=int(fila),
                columna=columna.decode(),
                gravedad="error",
            )
        )
    if len(encontradas) > MAXIMO_AVISOS_FORMULA:
        cantidad = f"{len(encontradas):_}".replace("_", ".")
        problemas.append(
            Problema(
                mensaje=f"hay {cantidad} celdas con fórmulas sin valor calculado (se muestran las primeras "
                f"{MAXIMO_AVISOS_FORMULA}); abra el libro en Excel, deje que calcule y guárdelo",
                archivo=str(ruta),
                hoja=hoja,
                gravedad="error",
            )
        )
    return problemas


class _LectorTablasHtml(HTMLParser):
    """Lector mínimo de tablas HTML con la biblioteca estándar (valores como texto)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tablas: list[list[list[str | None]]] = []
        self._pila: list[list[list[str | None]]] = []
        self._fila: list[str | None] | None = None
        self._celda: list[str] | None = None
        self._extension = 1

    def handle_starttag(self, etiqueta, atributos):
        if etiqueta == "table":
            self._pila.append([])
        elif etiqueta == "tr" and self._pila:
            self._cerrar_fila()
            self._fila = []
        elif etiqueta in ("td", "th") and self._pila:
            self._cerrar_celda()
            if self._fila is None:
                self._fila = []
            self._celda = []
            try:
                self._extension = max(1, min(int(dict(atributos).get("colspan") or 1), 1000))
            except ValueError:
                self._extension = 1
        elif etiqueta == "br" and self._celda is not None:
            self._celda.append("\n")

    def handle_endtag(self, etiqueta):
        if etiqueta in ("td", "th"):
            self._cerrar_celda()
        elif etiqueta == "tr":
            self._cerrar_fila()
        elif etiqueta == "table" and self._pila:
            self._cerrar_fila()
            self.tablas.append(self._pila.pop())

    def handle_data(self, datos):
        if self._celda is not None:
            self._celda.append(datos)

    def _cerrar_celda(self):
        if self._celda is not None and self._fila is not None:
            valor = " ".join("".join(self._celda).split(" ")).strip(" \t\r\n")
            self._fila.append(valor or None)
            self._fila.extend([None] * (self._extension - 1))
        self._celda = None
        self._extension = 1

    def _cerrar_fila(self):
        self._cerrar_celda()
        if self._fila is not None and self._pila:
            self._pila[-1].append(self._fila)
        self._fila = None


_CHARSET = re.compile(rb'charset\s*=\s*["\']?([A-Za-z0-9_\-]+)', re.IGNORECASE)


def leer_html(ruta: Path) -> HojaCruda:
    """Lee la tabla más grande de un archivo HTML (como los «.xls» que exportan muchos sistemas web)."""
    ruta = Path(ruta)
    datos = ruta.read_bytes()
    codificacion, salto = modulo_texto.detectar_codificacion(datos)
    declarada = _CHARSET.search(datos[:4096])
    if salto == 0 and declarada and codificacion == "latin-1":
        codificacion = declarada.group(1).decode("ascii")
    try:
        texto = datos[salto:].decode(codificacion)
    except (UnicodeDecodeError, LookupError):
        texto = datos[salto:].decode("cp1252", errors="replace")
    lector = _LectorTablasHtml()
    lector.feed(texto)
    lector.close()
    while lector._pila:
        lector.tablas.append(lector._pila.pop())
    if not lector.tablas:
        raise ErrorArchivo(
            f"{ruta} es una página web (HTML) sin ninguna tabla de datos.",
            "Exporte los datos desde el sistema como Excel o CSV.",
        )
    tabla = max(lector.tablas, key=len)
    return HojaCruda(nombre=ruta.stem, filas=tabla)
