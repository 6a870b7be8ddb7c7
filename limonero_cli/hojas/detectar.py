"""Detección del formato de un archivo por sus bytes, no por su extensión.

Los sistemas web exportan tablas HTML con nombre ``.xls``, Excel guarda texto
UTF-16 como "Texto Unicode", y un libro con contraseña es un contenedor OLE2
aunque se llame ``.xlsx``. Aquí se mira el contenido y se rechazan con una
frase clara los archivos que no se pueden o no se deben leer: archivos de
bloqueo, libros con contraseña, zips dañados, bombas de descompresión y XML
con declaraciones de entidades.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from limonero_cli.errores import ErrorArchivo

#: Lo que lanza leer un zip dañado: el índice (BadZipFile) o los datos comprimidos (zlib, fin inesperado).
ZIP_DANADO = (zipfile.BadZipFile, zlib.error, EOFError)

# Formatos que devuelve ``detectar_formato``.
XLSX = "xlsx"
XLSM = "xlsm"
ODS = "ods"
XLS = "xls"
HTML = "html"
TEXTO = "texto"

FIRMA_ZIP = b"PK\x03\x04"
FIRMA_ZIP_VACIO = b"PK\x05\x06"
FIRMA_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Límites contra archivos hostiles (se comprueban en el directorio del zip,
# antes de descomprimir nada).
LIMITE_PARTES = 10_000
LIMITE_DESCOMPRIMIDO = 4 * 1024**3  # 4 GiB en total
LIMITE_PARTE = 2 * 1024**3  # 2 GiB una sola parte
LIMITE_PROPORCION = 500  # descomprimido / comprimido de una parte
MINIMO_PARA_PROPORCION = 20 * 1024**2  # la proporción solo importa en partes grandes
PROLOGO_XML = 64 * 1024  # bytes del inicio de cada parte XML que se revisan

_ENTIDADES = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def es_archivo_de_bloqueo(ruta: Path) -> bool:
    """True si el nombre es el de un archivo de bloqueo de Excel (``~$``) o LibreOffice (``.~lock.``)."""
    nombre = Path(ruta).name
    return nombre.startswith("~$") or (nombre.startswith(".~lock.") and nombre.endswith("#"))


def comprobar_no_bloqueo(ruta: Path) -> None:
    """Lanza ``ErrorArchivo`` si ``ruta`` es un archivo de bloqueo y no el libro."""
    ruta = Path(ruta)
    nombre = ruta.name
    if nombre.startswith("~$"):
        real = nombre[2:]
        raise ErrorArchivo(
            f"{ruta} no es la hoja de datos sino el archivo de bloqueo que deja Excel mientras "
            f"«{real}» está abierto.",
            f"Cierre el libro en Excel y use el archivo real «{real}».",
        )
    if nombre.startswith(".~lock.") and nombre.endswith("#"):
        real = nombre[len(".~lock.") : -1]
        raise ErrorArchivo(
            f"{ruta} no es la hoja de datos sino el archivo de bloqueo que deja LibreOffice "
            f"mientras «{real}» está abierto.",
            f"Cierre el libro en LibreOffice y use el archivo real «{real}».",
        )


def detectar_formato(ruta: Path) -> str:
    """Devuelve ``xlsx``, ``xlsm``, ``ods``, ``xls``, ``html`` o ``texto`` según el contenido.

    Lanza ``ErrorArchivo`` con una frase en español si el archivo no existe, es
    un archivo de bloqueo, tiene contraseña, está dañado o es hostil.
    """
    ruta = Path(ruta)
    comprobar_no_bloqueo(ruta)
    if not ruta.exists():
        raise ErrorArchivo(f"No existe el archivo {ruta}.", "Revise el nombre y la carpeta.")
    if ruta.is_dir():
        raise ErrorArchivo(f"{ruta} es una carpeta, no un archivo.", "Indique el archivo dentro de ella.")
    try:
        with open(ruta, "rb") as archivo:
            inicio = archivo.read(4096)
    except OSError as error:
        raise ErrorArchivo(
            f"No se pudo abrir {ruta}: {error.strerror}.",
            "Compruebe que el archivo no esté abierto en otro programa y que tenga permiso de lectura.",
        ) from error
    if not inicio:
        raise ErrorArchivo(f"{ruta} está vacío (0 bytes).", "Exporte de nuevo el archivo desde el sistema de origen.")
    if inicio.startswith(FIRMA_ZIP) or inicio.startswith(FIRMA_ZIP_VACIO):
        return _formato_zip(ruta)
    if inicio.startswith(FIRMA_OLE2):
        return _formato_ole2(ruta)
    if _parece_html(inicio):
        return HTML
    if parece_binario(inicio):
        raise ErrorArchivo(
            f"{ruta} no es una hoja de cálculo ni un archivo de texto (parece un archivo binario o dañado).",
            "Vuelva a exportarlo desde el sistema de origen como Excel (.xlsx) o CSV, o pida el archivo de nuevo.",
        )
    return TEXTO


# Bytes de control que ningún texto real trae (tab, salto de línea, retorno y salto de página sí).
_CONTROLES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}) + [0x7F])
PROPORCION_CONTROLES = 0.01


def parece_binario(inicio: bytes) -> bool:
    """True si los primeros bytes no son texto: hay bytes nulos (sin ser UTF-16/32) o más de un
    1 % de caracteres de control.

    >>> parece_binario("cuenta;saldo\\n0001;1.234,56\\n".encode("cp1252"))
    False
    >>> parece_binario(bytes(range(256)))
    True
    """
    if not inicio or inicio.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    nulos = inicio.count(b"\x00")
    if nulos > len(inicio) // 4:
        # UTF-16 sin BOM: los ceros caen casi todos en posiciones de una misma paridad.
        impares, pares = inicio[1::2].count(b"\x00"), inicio[0::2].count(b"\x00")
        if max(impares, pares) >= 0.9 * nulos:
            return False
        return True
    if nulos:
        return True
    controles = len(inicio) - len(inicio.translate(None, _CONTROLES))
    return controles > max(2, PROPORCION_CONTROLES * len(inicio))


def _miles(numero: float) -> str:
    """Entero con punto de miles, a la española: 1007 → «1.007»."""
    return f"{numero:,.0f}".replace(",", ".")


def _decimal(numero: float) -> str:
    """Un decimal con coma: 4.5 → «4,5»; 1234.5 → «1.234,5»."""
    return f"{numero:,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _parece_html(inicio: bytes) -> bool:
    if inicio.startswith((b"\xff\xfe", b"\xfe\xff")):
        cabeza = inicio[2:].replace(b"\x00", b"")
    else:
        cabeza = inicio
    cabeza = cabeza.lstrip(b"\xef\xbb\xbf \t\r\n").lower()[:2048]
    if cabeza.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return True
    return b"<table" in cabeza and (cabeza.startswith(b"<") or b"<html" in cabeza)


def _formato_ole2(ruta: Path) -> str:
    datos = ruta.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in datos or "EncryptedPackage".encode("utf-16-le") in datos:
        raise ErrorArchivo(
            f"{ruta} está protegido con contraseña y limonero no puede abrirlo.",
            "Ábralo en Excel, vaya a Archivo > Información > Proteger libro > Cifrar con contraseña, "
            "borre la contraseña y guárdelo (o use Guardar como... con otro nombre).",
        )
    return XLS


def _formato_zip(ruta: Path) -> str:
    try:
        with zipfile.ZipFile(ruta) as paquete:
            partes = paquete.infolist()
            revisar_zip(ruta, partes)
            nombres = {parte.filename for parte in partes}
            if "mimetype" in nombres:
                tipo = paquete.read("mimetype")[:200]
                if b"opendocument.spreadsheet" in tipo:
                    revisar_entidades(ruta, paquete)
                    return ODS
                raise ErrorArchivo(
                    f"{ruta} es un documento de LibreOffice que no es una hoja de cálculo.",
                    "Guárdelo como hoja de cálculo (.ods o .xlsx).",
                )
            if "[Content_Types].xml" not in nombres:
                raise ErrorArchivo(
                    f"{ruta} es un archivo comprimido (zip), no una hoja de cálculo.",
                    "Descomprímalo y use la hoja que trae dentro.",
                )
            tipos = paquete.read("[Content_Types].xml")
            revisar_entidades(ruta, paquete)
    except ZIP_DANADO as error:
        raise ErrorArchivo(
            f"{ruta} está dañado: parece un libro de Excel pero su contenido comprimido no se puede leer.",
            "Vuelva a descargarlo o a exportarlo, o ábralo en Excel y guárdelo de nuevo.",
        ) from error
    if b"sheet.macroEnabled.main+xml" in tipos:
        return XLSM
    if b"spreadsheetml.sheet.main+xml" in tipos or b"spreadsheetml.template.main+xml" in tipos:
        return XLSX
    if b"wordprocessingml" in tipos:
        raise ErrorArchivo(f"{ruta} es un documento de Word, no una hoja de cálculo.", "Use el archivo de Excel.")
    if b"presentationml" in tipos:
        raise ErrorArchivo(f"{ruta} es una presentación, no una hoja de cálculo.", "Use el archivo de Excel.")
    raise ErrorArchivo(
        f"{ruta} es un paquete de Office que no contiene una hoja de cálculo.",
        "Ábralo en Excel y guárdelo como Libro de Excel (.xlsx).",
    )


def revisar_zip(ruta: Path, partes: list[zipfile.ZipInfo]) -> None:
    """Rechaza bombas de descompresión mirando solo el directorio del zip."""
    if len(partes) > LIMITE_PARTES:
        raise ErrorArchivo(
            f"{ruta} contiene {_miles(len(partes))} partes internas, algo que ningún libro real tiene; "
            "limonero no lo abre por seguridad.",
            "Ábralo en Excel y guárdelo de nuevo como .xlsx.",
        )
    total = 0
    for parte in partes:
        total += parte.file_size
        grande = parte.file_size > MINIMO_PARA_PROPORCION
        proporcion = parte.file_size / max(parte.compress_size, 1)
        if parte.file_size > LIMITE_PARTE or (grande and proporcion > LIMITE_PROPORCION):
            raise ErrorArchivo(
                f"{ruta} es una bomba de descompresión: la parte «{parte.filename}» ocupa "
                f"{_miles(parte.file_size / 1024**2)} MB al descomprimirse ({_miles(proporcion)} veces su tamaño); "
                "limonero no lo abre por seguridad.",
                "Si el archivo es legítimo, ábralo en Excel y guárdelo de nuevo, o expórtelo como CSV.",
            )
    if total > LIMITE_DESCOMPRIMIDO:
        raise ErrorArchivo(
            f"{ruta} ocuparía {_decimal(total / 1024**3)} GB al descomprimirse; limonero no lo abre por seguridad.",
            "Divida la cartera en varios archivos o expórtela como CSV.",
        )


def revisar_entidades(ruta: Path, paquete: zipfile.ZipFile) -> None:
    """Rechaza partes XML que declaran un DOCTYPE o entidades (ataques de expansión de entidades).

    Solo se lee el inicio de cada parte: un DOCTYPE solo puede ir antes del elemento raíz.
    La lectura de las partes pequeñas usa ``defusedxml``, que también los rechaza.
    """
    for parte in paquete.infolist():
        nombre = parte.filename
        if not nombre.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with paquete.open(parte) as flujo:
            prologo = flujo.read(PROLOGO_XML)
        if _ENTIDADES.search(prologo):
            raise ErrorArchivo(
                f"{ruta} fue rechazado por seguridad: la parte interna «{nombre}» declara entidades XML "
                "(un DOCTYPE), la forma de los ataques de expansión de entidades; limonero lee el XML "
                "con defusedxml y no acepta esas declaraciones.",
                "Si el archivo es legítimo, ábralo en Excel o LibreOffice y guárdelo de nuevo como .xlsx.",
            )
