"""Lectura de archivos de texto (csv, tsv, txt): codificación y separador por evidencia.

La codificación no se adivina "probando hasta que no falle" (latin-1 nunca falla
y convierte las comillas tipográficas de Windows en basura): se decide por las
marcas BOM, por la validez estricta de UTF-8 y, si no es UTF-8, por la presencia
de bytes 0x80–0x9F, que en Windows-1252 son letras y signos (``€ – “ ”``) y en
latin-1 son caracteres de control que ningún archivo real contiene.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorArchivo, Problema

SEPARADORES = (",", ";", "|", "\t")
NOMBRES_SEPARADOR = {",": "coma", ";": "punto y coma", "|": "barra vertical", "\t": "tabulador"}
LINEAS_MUESTRA = 200
# Filas del principio que se leen siempre con el módulo csv (encabezados, fecha de corte, títulos).
FILAS_CABEZA = 64
# Desde este tamaño de texto el resto de las filas se lee con el lector en C de pandas.
CARACTERES_LECTURA_RAPIDA = 65_536
# Largo del primer prefijo del texto en el que se buscan las filas de la cabeza (ver ``_cabeza``).
PREFIJO_CABEZA = 65_536


@dataclass
class TextoLeido:
    """Una rejilla de celdas de texto (``None`` = vacía) y cómo se leyó.

    ``filas`` son las primeras filas (todas, si el archivo es chico); ``resto``, si no es
    ``None``, trae las filas siguientes como un DataFrame de columnas ``0..n-1`` con los
    mismos valores (texto o ``None``), leído por columnas para no armar una lista por fila.
    """

    filas: list[list[str | None]]
    codificacion: str
    separador: str
    avisos: list[Problema] = field(default_factory=list)
    resto: pd.DataFrame | None = None

    def todas_las_filas(self) -> list[list[str | None]]:
        """Todas las filas como listas (para pruebas y archivos chicos)."""
        if self.resto is None:
            return self.filas
        return self.filas + self.resto.to_numpy(dtype=object).tolist()


def detectar_codificacion(datos: bytes) -> tuple[str, int]:
    """Devuelve (codificación, bytes de BOM a saltar) según la evidencia de los bytes.

    >>> detectar_codificacion("José".encode("utf-8"))
    ('utf-8', 0)
    >>> detectar_codificacion("Peña – €".encode("cp1252"))
    ('cp1252', 0)
    """
    if datos.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if datos.startswith(b"\xff\xfe\x00\x00"):
        return "utf-32-le", 4
    if datos.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if datos.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    muestra = datos[:4096]
    if muestra and muestra.count(b"\x00") > len(muestra) // 4:
        # UTF-16 sin BOM: los ceros caen en las posiciones impares (LE) o pares (BE).
        impares = muestra[1::2].count(b"\x00")
        pares = muestra[0::2].count(b"\x00")
        return ("utf-16-le" if impares >= pares else "utf-16-be"), 0
    try:
        datos.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    if any(0x80 <= byte <= 0x9F for byte in datos):
        # En latin-1 esos bytes son controles C1; en Windows-1252 son € – “ ” ‘ ’ …
        sin_definir = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
        if not any(byte in sin_definir for byte in datos):
            return "cp1252", 0
    return "latin-1", 0


_MULTIBYTE_VALIDO = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MIXTA = "utf-8+cp1252"


def _decodificar_mixto(datos: bytes, con_bom: bool = False) -> tuple[str, list[int]] | None:
    """Un UTF-8 con algunas líneas en Windows-1252 (una fila pegada desde otro sistema).

    Solo si hay secuencias multibyte UTF-8 válidas (la prueba de que el archivo es UTF-8) y
    las líneas inválidas no superan a las líneas no ASCII válidas (``con_bom``: el BOM ya prueba
    que es UTF-8 y basta con que haya líneas inválidas). Devuelve el texto y los
    números de línea (base 1) que se leyeron como Windows-1252, o ``None``.
    """
    if not con_bom and not _MULTIBYTE_VALIDO.search(datos):
        return None
    partes: list[str] = []
    malas: list[int] = []
    buenas_no_ascii = 0
    for numero, linea in enumerate(datos.splitlines(keepends=True), start=1):
        try:
            partes.append(linea.decode("utf-8"))
            buenas_no_ascii += not linea.isascii()
        except UnicodeDecodeError:
            try:
                partes.append(linea.decode("cp1252"))
            except UnicodeDecodeError:
                partes.append(linea.decode("latin-1"))
            malas.append(numero)
    if not malas or (buenas_no_ascii < len(malas) and not con_bom):
        return None
    return "".join(partes), malas


def decodificar_con_lineas(datos: bytes, ruta: Path | str = "") -> tuple[str, str, list[int]]:
    """Como ``decodificar``, y además las líneas de un UTF-8 mixto que se leyeron como Windows-1252."""
    codificacion, salto = detectar_codificacion(datos)
    if codificacion in ("cp1252", "latin-1"):
        mixto = _decodificar_mixto(datos)
        if mixto is not None:
            return mixto[0], MIXTA, mixto[1]
    try:
        texto = datos[salto:].decode(codificacion)
    except UnicodeDecodeError as error:
        if codificacion == "utf-8":
            mixto = _decodificar_mixto(datos[salto:], con_bom=True)
            if mixto is not None:
                return mixto[0], MIXTA, mixto[1]
        if codificacion.startswith("utf-16") or codificacion.startswith("utf-32"):
            raise ErrorArchivo(
                f"{ruta} no es una hoja de cálculo ni un archivo de texto (parece un archivo binario o dañado: "
                f"empieza como texto {codificacion.upper()} pero sus bytes no lo son).",
                "Vuelva a exportarlo desde el sistema de origen como Excel o CSV.",
            ) from error
        raise ErrorArchivo(
            f"{ruta} no se pudo leer como texto {codificacion} (byte inválido en la posición {error.start}).",
            "Ábralo en Excel y guárdelo como CSV UTF-8.",
        ) from error
    if codificacion.startswith("utf-16") and texto.startswith("\ufeff"):
        texto = texto[1:]
    return texto, codificacion, []


def decodificar(datos: bytes, ruta: Path | str = "") -> tuple[str, str]:
    """Decodifica ``datos`` con la codificación que dicta la evidencia. Devuelve (texto, codificación).

    Un UTF-8 con unas pocas líneas en Windows-1252 se lee línea por línea (codificación
    ``utf-8+cp1252``), sin convertir «José» en «JosÃ©».
    """
    texto, codificacion, _ = decodificar_con_lineas(datos, ruta)
    return texto, codificacion


def _numeros(lista: list[int], maximo: int = 10) -> str:
    textos = [str(n) for n in lista[:maximo]]
    texto = textos[0] if len(textos) == 1 else ", ".join(textos[:-1]) + " y " + textos[-1]
    if len(lista) > maximo:
        texto += f" (y {len(lista) - maximo} más)"
    return texto


def _contar_campos(lineas: list[str], separador: str) -> list[int]:
    lector = csv.reader(io.StringIO("\n".join(lineas)), delimiter=separador, quotechar='"')
    try:
        return [len(fila) for fila in lector if fila]
    except csv.Error:
        return []


def _primeras_lineas(texto: str, cuantas: int) -> list[str]:
    """``texto.splitlines()[:cuantas]`` sin partir el texto entero (un prefijo que alcance)."""
    largo = 65_536
    while largo < len(texto):
        lineas = texto[:largo].splitlines()
        if len(lineas) > cuantas + 1:
            return lineas[:cuantas]
        largo *= 4
    return texto.splitlines()[:cuantas]


def detectar_separador(texto: str) -> str:
    """Elige entre ``, ; | tab`` el separador que da el mismo número de campos en más líneas.

    Respeta las comillas (un ``;`` dentro de ``"..."`` no cuenta).

    >>> detectar_separador("a;b;c\\n1,5;2;3\\n")
    ';'
    """
    lineas = [linea for linea in _primeras_lineas(texto, LINEAS_MUESTRA) if linea.strip()]
    if not lineas:
        return ","
    mejor, mejor_puntaje = ",", (-1.0, 0)
    for separador in SEPARADORES:
        conteos = _contar_campos(lineas, separador)
        if not conteos:
            continue
        moda, veces = Counter(conteos).most_common(1)[0]
        if moda < 2:
            continue
        # Consistencia (fracción de líneas con la moda) primero; a igualdad, más columnas.
        puntaje = (veces / len(conteos), moda)
        if puntaje > mejor_puntaje:
            mejor, mejor_puntaje = separador, puntaje
    return mejor


def leer_texto(ruta: Path, datos: bytes | None = None, separador: str | None = None) -> TextoLeido:
    """Lee un archivo de texto delimitado como rejilla de textos (``None`` = celda vacía)."""
    ruta = Path(ruta)
    if datos is None:
        datos = ruta.read_bytes()
    texto, codificacion, recodificadas = decodificar_con_lineas(datos, ruta)
    if "\x00" in texto:
        raise ErrorArchivo(
            f"{ruta} no es una hoja de cálculo ni un archivo de texto (parece un archivo binario o dañado: "
            "tiene bytes nulos).",
            "Vuelva a exportarlo desde el sistema de origen como Excel o CSV.",
        )
    avisos: list[Problema] = []
    if recodificadas:
        palabra = "la línea" if len(recodificadas) == 1 else "las líneas"
        avisos.append(
            Problema(
                f"el archivo es UTF-8 pero {palabra} {_numeros(recodificadas)} trae{'' if len(recodificadas) == 1 else 'n'} "
                "caracteres en Windows-1252 (otra codificación) y se leyó así; revise en esas filas "
                "las tildes y la ñ, y si puede, guarde el archivo entero como CSV UTF-8",
                archivo=str(ruta),
                gravedad="aviso",
            )
        )
    # Los bytes de un UTF-8 leído tal cual son ese mismo texto: la lectura rápida no tiene que volver a codificarlo.
    en_utf8 = None
    if codificacion == "utf-8":
        en_utf8 = datos[3:] if datos.startswith(b"\xef\xbb\xbf") else datos
    fin_primera = texto.find("\n")
    primera = texto if fin_primera < 0 else texto[:fin_primera]
    limpia = primera.rstrip("\r\n").strip('"')
    if limpia.lower().startswith("sep=") and len(limpia) <= 6:
        indicado = limpia[4:5] or ","
        separador = separador or indicado
        texto = "" if fin_primera < 0 else texto[fin_primera + 1:]
        if en_utf8 is not None:
            en_utf8 = en_utf8.partition(b"\n")[2]
    if separador is None:
        separador = detectar_separador(texto)
    filas: list[list[str | None]] = []
    resto = None
    lector = None
    try:
        if len(texto) >= CARACTERES_LECTURA_RAPIDA:
            crudas = _cabeza(texto, separador)
            if crudas is None:
                lector = _lector(texto, separador)
                crudas = list(itertools.islice(lector, FILAS_CABEZA))
            filas = [[celda if celda.strip() else None for celda in fila] for fila in crudas]
            if len(crudas) == FILAS_CABEZA:
                resto = _resto_por_columnas(texto, separador, crudas, en_utf8)
            if resto is None and lector is None:
                lector = _lector(texto, separador)
                for _ in itertools.islice(lector, len(crudas)):
                    pass
        else:
            lector = _lector(texto, separador)
        if resto is None:
            for fila in lector:
                filas.append([celda if celda.strip() else None for celda in fila])
    except csv.Error as error:
        raise ErrorArchivo(
            f"{ruta}: el texto no se pudo separar en columnas con {NOMBRES_SEPARADOR.get(separador, separador)} "
            f"(línea {lector.line_num}: {error}).",
            "Ábralo en Excel y guárdelo como CSV UTF-8.",
        ) from error
    return TextoLeido(filas=filas, codificacion=codificacion, separador=separador, avisos=avisos, resto=resto)


def _lector(texto: str, separador: str):
    return csv.reader(io.StringIO(texto, newline=""), delimiter=separador, quotechar='"', strict=False)


def _cabeza(texto: str, separador: str) -> list[list[str]] | None:
    """Las primeras ``FILAS_CABEZA`` filas con el módulo csv, leídas de un prefijo del texto; ``None`` si no se pudo.

    Así no se copia el texto entero (cientos de MB) para leer unas pocas filas. Un prefijo que
    termina en un fin de línea da las mismas filas que el texto entero si, después de la última
    fila leída, aún le quedan líneas: esas filas se formaron con líneas que están completas en
    los dos. Si no alcanza, se prueba con uno cuatro veces más largo.
    """
    largo = PREFIJO_CABEZA
    while largo < len(texto):
        corte = texto.rfind("\n", 0, largo) + 1
        if corte > 0:
            fuente = io.StringIO(texto[:corte], newline="")
            lector = csv.reader(fuente, delimiter=separador, quotechar='"', strict=False)
            try:
                crudas = list(itertools.islice(lector, FILAS_CABEZA))
            except csv.Error:
                return None
            if len(crudas) == FILAS_CABEZA and fuente.tell() < corte:
                return crudas
        largo *= 4
    return None


def _resto_por_columnas(
    texto: str, separador: str, cabeza: list[list[str]], en_utf8: bytes | None = None
) -> pd.DataFrame | None:
    """Las filas que siguen a ``cabeza``, leídas con el lector en C de pandas, o ``None`` si no se puede.

    Es el mismo texto y el mismo separador; el resultado se acepta solo si las primeras filas
    que lee pandas son idénticas a las que leyó el módulo csv (si no, se sigue con csv). Una
    fila con más campos que las del principio hace fallar a pandas y también se sigue con csv.
    """
    ancho = max((len(fila) for fila in cabeza), default=0)
    if ancho == 0:
        return None
    try:
        # pandas lee más rápido bytes UTF-8 que un texto ya decodificado; el resultado es el mismo texto.
        # ``en_utf8``: los bytes del archivo si ya eran ese mismo texto en UTF-8.
        marco = pd.read_csv(
            io.BytesIO(texto.encode("utf-8") if en_utf8 is None else en_utf8), encoding="utf-8", sep=separador, header=None, names=range(ancho), index_col=False, dtype=object,
            na_filter=False, keep_default_na=False, skip_blank_lines=False, quotechar='"', doublequote=True,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeError):
        return None
    if len(marco) < len(cabeza):
        return None
    esperadas = [fila + [""] * (ancho - len(fila)) for fila in cabeza]
    if marco.iloc[: len(cabeza)].to_numpy(dtype=object).tolist() != esperadas:
        return None
    resto = marco.iloc[len(cabeza):].reset_index(drop=True)
    columnas = {}
    for j in resto.columns:
        arreglo = resto[j].to_numpy(dtype=object)
        vacias = arreglo == ""
        # Todos los valores son texto: ``str.isspace`` dice si uno no vacío es solo espacios. Se
        # pregunta a cada uno solo si la columna unida tiene alguno (casi nunca).
        if _EN_BLANCO.search("\x00" + "\x00".join(arreglo.tolist()) + "\x00"):
            vacias |= np.fromiter(map(str.isspace, arreglo), dtype=bool, count=len(arreglo))
        if vacias.any():
            arreglo = arreglo.copy()
            arreglo[vacias] = None
        columnas[j] = arreglo
    return pd.DataFrame(columnas, dtype=object)


_EN_BLANCO = re.compile(r"\x00\s+(?=\x00)")


class TextosUnidos:
    """Los textos de una columna unidos por ``\\x00`` (también al principio y al final), para buscar
    en todos con una sola expresión regular en vez de mirarlos uno por uno.

    ``valido`` es falso si algún valor no es texto o trae un ``\\x00``.
    """

    def __init__(self, textos):
        self.textos = textos if isinstance(textos, list) else list(textos)
        try:
            self.unido = "\x00" + "\x00".join(self.textos) + "\x00"
        except TypeError:
            self.unido = None
        if self.unido is not None and self.unido.count("\x00") != len(self.textos) + 1:
            self.unido = None
        self._inicios = None
        self._invertido = None

    @property
    def valido(self) -> bool:
        return self.unido is not None

    def _indices(self, posiciones: list[int]) -> np.ndarray:
        mascara = np.zeros(len(self.textos), dtype=bool)
        if posiciones:
            if self._inicios is None:
                largos = np.fromiter(map(len, self.textos), dtype=np.int64, count=len(self.textos)) + 1
                self._inicios = np.cumsum(largos) - largos
            mascara[np.searchsorted(self._inicios, posiciones, side="right") - 1] = True
        return mascara

    def marcar(self, patron: re.Pattern) -> np.ndarray:
        """Máscara de los textos donde ``patron`` encuentra algo (cuenta el texto donde empieza la
        coincidencia; una que empieza en un ``\\x00`` cuenta para el texto que le sigue).
        ``patron`` no debe poder atravesar un ``\\x00``."""
        return self._indices([m.start() for m in patron.finditer(self.unido)])

    def marcar_desde_el_final(self, patron: re.Pattern) -> np.ndarray:
        """Como ``marcar``, pero buscando en los textos invertidos (``\\x00\\s`` encuentra espacios finales)."""
        if self._invertido is None:
            self._invertido = self.unido[::-1]
        total = len(self.unido) - 1
        return self._indices([total - m.start() - 1 for m in patron.finditer(self._invertido)])


def marcar_textos(textos, patron: re.Pattern) -> np.ndarray | None:
    """Máscara de los textos donde ``patron`` encuentra algo (ver ``TextosUnidos.marcar``), o ``None``
    si algún valor no es texto o trae un ``\\x00``."""
    unidos = TextosUnidos(textos)
    return unidos.marcar(patron) if unidos.valido else None


def textos_en_blanco(textos) -> np.ndarray:
    """Máscara de los valores que son texto hecho solo de espacios (no vacío); los demás valores no cuentan."""
    textos = list(textos)
    mascara = marcar_textos(textos, _EN_BLANCO)
    if mascara is None:
        mascara = np.fromiter(
            (isinstance(t, str) and t != "" and not t.strip() for t in textos), dtype=bool, count=len(textos)
        )
    return mascara
