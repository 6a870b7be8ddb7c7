"""Los textos propios de click (ayuda, errores de uso), en español.

click toma sus textos de ``gettext``; aquí se reemplaza esa función en sus
módulos por una que traduce con el diccionario de abajo. Un texto que no
esté en el diccionario sale tal cual.
"""

from __future__ import annotations

import importlib

TEXTOS = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "Error: {message}": "Error: {message}",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "Missing command.": "Falta el comando.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta un parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Argument {name!r} takes {nargs} values.": "El argumento {name!r} lleva {nargs} valores.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo; se esperaba una carpeta.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta; se esperaba un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no se puede escribir.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} no se puede ejecutar.",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "integer range": "número entero en el rango",
    "float range": "número en el rango",
    "text": "texto",
    "boolean": "sí o no",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "integer": "número entero",
    "float": "número",
    "{value} is not in the range {range}.": "{value} no está en el rango {range}.",
    "default: {default}": "por defecto: {default}",
    "required": "obligatorio",
    "env var: {var}": "variable de entorno: {var}",
    "Aborted!": "Cancelado.",
    "(dynamic)": "(dinámico)",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Got unexpected extra argument ({args})": "Sobra un argumento ({args})",
    "Got unexpected extra arguments ({args})": "Sobran argumentos ({args})",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir alguna de: {possibilities}?)",
    "Option {name!r} requires an argument.": "La opción {name!r} necesita un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción {name!r} necesita {nargs} valores.",
    "{value!r} is not {choice}.": "{value!r} no es {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} no es ninguna de: {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} no tiene el formato {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} no tiene ninguno de los formatos {formats}.",
    "Takes {nargs} values but 1 was given.": "Lleva {nargs} valores pero se dio 1.",
    "Takes {nargs} values but {len} were given.": "Lleva {nargs} valores pero se dieron {len}.",
    "Could not open file {filename!r}: {message}": "No se pudo abrir el archivo {filename!r}: {message}",
}

MODULOS_CLICK = ("click.core", "click.formatting", "click.exceptions", "click.decorators", "click.types", "click.parser",
                 "click.termui")


def traducir(texto: str) -> str:
    return TEXTOS.get(texto, texto)


def traducir_plural(singular: str, plural: str, n: int) -> str:
    return traducir(singular if n == 1 else plural)


def usar_espanol() -> None:
    """Hace que click hable español en la ayuda y en los errores de uso."""
    for nombre in MODULOS_CLICK:
        modulo = importlib.import_module(nombre)
        if hasattr(modulo, "_"):
            modulo._ = traducir
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = traducir_plural
