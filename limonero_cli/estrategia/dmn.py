"""Pruebas unarias al estilo DMN para las celdas de la hoja ``segmentos``.

Formas admitidas (sin distinguir mayúsculas ni tildes en los textos):

- vacío o ``-``: cualquier valor (también vacío);
- comparaciones ``<30``, ``<=30``, ``>5000``, ``>=5000``, ``=5``, ``!=5`` (o ``<>5``);
- rangos ``[1..30]``, ``(30..90]``, ``[a..b)``, también ``]30..90]``;
- listas separadas por coma, que se cumplen si se cumple alguna: ``TDC, NOMINA``, ``1, 2, 3``,
  ``"Norte, Sur", Centro``, ``<0, >100``;
- ``not(...)`` niega una lista; ``si`` / ``no`` para columnas de sí o no.

Un valor vacío en la cartera solo cumple ``-``.

>>> import pandas as pd
>>> evaluar(parsear_prueba("[1..30]"), pd.Series([0, 1, 30, 31, None])).tolist()
[False, True, True, False, False]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.estrategia.modelo import clave

VERDADEROS = frozenset({"si", "s", "true", "verdadero", "v", "1", "x", "yes", "y"})
FALSOS = frozenset({"no", "n", "false", "falso", "f", "0"})


class ErrorPrueba(ValueError):
    """Una celda de ``segmentos`` no es una prueba válida; el mensaje dice por qué, en español."""


@dataclass(frozen=True)
class Comparacion:
    """``operador`` en ``<``, ``<=``, ``>``, ``>=``, ``=``, ``!=`` contra un número."""

    operador: str
    valor: float


@dataclass(frozen=True)
class Rango:
    """Intervalo numérico con extremos abiertos o cerrados."""

    bajo: float
    alto: float
    incluye_bajo: bool
    incluye_alto: bool


@dataclass(frozen=True)
class Igual:
    """Igualdad con un literal: texto (comparado sin tildes ni mayúsculas) o número."""

    texto: str
    numero: float | None = None


@dataclass(frozen=True)
class Logico:
    """``si`` o ``no``."""

    valor: bool


@dataclass(frozen=True)
class Prueba:
    """Una prueba ya interpretada: se cumple si se cumple alguna de ``opciones`` (o ninguna, si ``negada``)."""

    texto: str
    opciones: tuple = ()
    negada: bool = False
    cualquiera: bool = False

    @property
    def numerica(self) -> bool:
        """``True`` si todas las opciones comparan números."""
        return bool(self.opciones) and all(
            isinstance(o, (Comparacion, Rango)) or (isinstance(o, Igual) and o.numero is not None)
            for o in self.opciones
        )

    @property
    def textual(self) -> bool:
        """``True`` si alguna opción compara un texto que no es número."""
        return any(isinstance(o, Igual) and o.numero is None for o in self.opciones)


CUALQUIERA = Prueba(texto="-", cualquiera=True)

_NUMERO = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MILES = re.compile(r"^[+-]?[1-9]\d{0,2}([.,]\d{3})+$")
_GUION_RANGO = re.compile(r"^\s*-?\d+(\.\d+)?\s*-\s*\d+(\.\d+)?\s*$")
_COMPARACION = re.compile(r"^(<=|>=|!=|<>|<|>|=)\s*(.*)$", re.S)


def _numero(texto: str, original: str) -> float:
    """Convierte un número de una prueba; falla con un mensaje claro si no lo es."""
    limpio = texto.strip().replace("_", "")
    if _MILES.match(limpio):
        raise ErrorPrueba(
            f"el número «{texto.strip()}» de la prueba «{original}» es ambiguo: "
            f"escríbalo sin separador de miles (p. ej. {limpio.replace('.', '').replace(',', '')})."
        )
    if not _NUMERO.match(limpio):
        raise ErrorPrueba(f"«{texto.strip()}» no es un número en la prueba «{original}».")
    return float(limpio)


def _es_numero(texto: str) -> bool:
    return bool(_NUMERO.match(texto.strip().replace("_", "")))


def _partir_lista(texto: str, original: str) -> list[str]:
    """Separa por comas que no estén entre comillas ni entre corchetes/paréntesis."""
    partes, actual, profundidad, comilla = [], [], 0, None
    for caracter in texto:
        if comilla:
            actual.append(caracter)
            if caracter == comilla:
                comilla = None
            continue
        if caracter in "\"“”":
            comilla = "”" if caracter == "“" else caracter
            actual.append(caracter)
        elif caracter in "[(":
            profundidad += 1
            actual.append(caracter)
        elif caracter in "])" and profundidad > 0:
            profundidad -= 1
            actual.append(caracter)
        elif caracter == "," and profundidad == 0:
            partes.append("".join(actual))
            actual = []
        else:
            actual.append(caracter)
    if comilla:
        raise ErrorPrueba(f"falta cerrar las comillas en la prueba «{original}».")
    partes.append("".join(actual))
    return partes


def _rango(texto: str, original: str) -> Rango:
    abre, cierra = texto[0], texto[-1]
    interior = texto[1:-1]
    if ".." not in interior:
        raise ErrorPrueba(f"el rango «{texto}» de la prueba «{original}» necesita «..» entre sus extremos, p. ej. [1..30].")
    bajo_txt, _, alto_txt = interior.partition("..")
    if not bajo_txt.strip() or not alto_txt.strip():
        raise ErrorPrueba(f"al rango «{texto}» de la prueba «{original}» le falta un extremo; p. ej. [1..30].")
    bajo, alto = _numero(bajo_txt, original), _numero(alto_txt, original)
    if bajo > alto:
        raise ErrorPrueba(f"el rango «{texto}» de la prueba «{original}» empieza después de terminar ({bajo_txt.strip()} > {alto_txt.strip()}).")
    return Rango(bajo, alto, incluye_bajo=abre == "[", incluye_alto=cierra == "]")


def _opcion(texto: str, original: str):
    """Interpreta un elemento de una lista."""
    elemento = texto.strip()
    if not elemento:
        raise ErrorPrueba(f"la prueba «{original}» tiene un elemento vacío (¿dos comas seguidas o una coma al final?).")
    if elemento[0] in "\"“":
        cierre = "”" if elemento[0] == "“" else '"'
        if len(elemento) < 2 or elemento[-1] not in (cierre, '"'):
            raise ErrorPrueba(f"el texto {elemento} de la prueba «{original}» tiene comillas sin cerrar o algo después de ellas.")
        return Igual(texto=clave(elemento[1:-1]))
    if elemento[0] in "[(]" or elemento[-1] in "])[":
        if elemento[0] not in "[(]" or elemento[-1] not in "])[":
            raise ErrorPrueba(f"al rango «{elemento}» de la prueba «{original}» le falta abrir o cerrar con [ ] o ( ).")
        return _rango(elemento, original)
    if ".." in elemento:
        bajo_txt, _, alto_txt = elemento.partition("..")
        if _es_numero(bajo_txt) and _es_numero(alto_txt):
            return _rango(f"[{elemento}]", original)
        raise ErrorPrueba(f"el rango «{elemento}» de la prueba «{original}» debe escribirse entre corchetes con números, p. ej. [1..30].")
    comparacion = _COMPARACION.match(elemento)
    if comparacion:
        operador, resto = comparacion.group(1), comparacion.group(2).strip()
        if operador == "<>":
            operador = "!="
        if not resto:
            raise ErrorPrueba(f"a la comparación «{elemento}» de la prueba «{original}» le falta el número.")
        if operador in ("=", "!=") and not _es_numero(resto) and not _MILES.match(resto):
            literal = resto[1:-1] if len(resto) >= 2 and resto[0] == '"' and resto[-1] == '"' else resto
            if operador == "=":
                return Igual(texto=clave(literal))
            return Igual(texto=clave(literal)), True
        if operador == "!=":
            return Comparacion("=", _numero(resto, original)), True
        return Comparacion(operador, _numero(resto, original))
    if elemento.startswith("not(") or elemento.startswith("not ("):
        raise ErrorPrueba(f"«not(...)» debe abarcar toda la celda en la prueba «{original}».")
    if _GUION_RANGO.match(elemento):
        bajo_txt, alto_txt = re.split(r"(?<=\d)\s*-\s*", elemento, maxsplit=1)
        raise ErrorPrueba(
            f"«{elemento}» en la prueba «{original}» no es un rango válido: escriba [{bajo_txt.strip()}..{alto_txt.strip()}]."
        )
    if elemento in ("-", "*"):
        raise ErrorPrueba(f"«{elemento}» (cualquiera) no puede ir dentro de una lista en la prueba «{original}».")
    if _es_numero(elemento):
        return Igual(texto=clave(elemento), numero=float(elemento.replace("_", "")))
    if _MILES.match(elemento):
        _numero(elemento, original)
    normal = clave(elemento)
    if normal in ("si", "no", "verdadero", "falso"):
        return Logico(normal in ("si", "verdadero"))
    if any(c in elemento for c in "<>=[]()"):
        raise ErrorPrueba(f"no se entiende «{elemento}» en la prueba «{original}»; use p. ej. <30, >=5000, [1..30] o TDC, NOMINA.")
    return Igual(texto=normal)


def parsear_prueba(texto) -> Prueba:
    """Interpreta el texto de una celda; lanza ``ErrorPrueba`` si está mal escrito.

    >>> parsear_prueba("(30..90]").opciones
    (Rango(bajo=30.0, alto=90.0, incluye_bajo=False, incluye_alto=True),)
    """
    if texto is None or (isinstance(texto, float) and math.isnan(texto)):
        return CUALQUIERA
    if isinstance(texto, bool):
        return Prueba(texto="si" if texto else "no", opciones=(Logico(texto),))
    if isinstance(texto, (int, float, np.integer, np.floating)):
        numero = float(texto)
        literal = str(int(numero)) if numero.is_integer() else repr(numero)
        return Prueba(texto=literal, opciones=(Igual(texto=literal, numero=numero),))
    original = str(texto).strip()
    if original in ("", "-", "*"):
        return Prueba(texto="-" if original != "" else "", cualquiera=True)
    cuerpo = original
    negada = False
    minuscula = cuerpo.casefold()
    if minuscula.startswith("not"):
        resto = cuerpo[3:].lstrip()
        if resto.startswith("("):
            if not resto.endswith(")"):
                raise ErrorPrueba(f"falta cerrar el paréntesis de not(...) en la prueba «{original}».")
            cuerpo = resto[1:-1].strip()
            negada = True
            if not cuerpo:
                raise ErrorPrueba(f"not() está vacío en la prueba «{original}».")
    partes = _partir_lista(cuerpo, original)
    opciones = []
    for parte in partes:
        opcion = _opcion(parte, original)
        if isinstance(opcion, tuple):  # «!=» / «<>»: la negación de una igualdad
            if len(partes) > 1 or negada:
                raise ErrorPrueba(f"«!=» no puede combinarse con una lista ni con not() en la prueba «{original}»; use not(a, b).")
            opcion, negada = opcion[0], True
        opciones.append(opcion)
    return Prueba(texto=original, opciones=tuple(opciones), negada=negada)


def _texto_normalizado(serie: pd.Series) -> np.ndarray:
    """Los valores como texto comparable (sin tildes, minúsculas); vacío = ``None``."""
    codigos, categorias = pd.factorize(serie, use_na_sentinel=True)
    normales = np.array([_a_texto(v) for v in categorias] + [None], dtype=object)
    return normales[codigos]


def _a_texto(valor) -> str | None:
    if valor is None:
        return None
    if isinstance(valor, float):
        if math.isnan(valor):
            return None
        if valor.is_integer():
            return str(int(valor))
    if isinstance(valor, (bool, np.bool_)):
        return "si" if valor else "no"
    texto = clave(valor)
    return texto or None


def _a_numero(serie: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(serie.dtype):
        return serie.astype("float64").to_numpy()
    if pd.api.types.is_numeric_dtype(serie.dtype):
        return serie.astype("float64").to_numpy(na_value=np.nan)
    return pd.to_numeric(serie, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


def _a_logico(serie: pd.Series) -> np.ndarray:
    """Valores lógicos como float: 1.0 sí, 0.0 no, NaN vacío o irreconocible."""
    if pd.api.types.is_bool_dtype(serie.dtype):
        return serie.astype("float64").to_numpy(na_value=np.nan)
    textos = _texto_normalizado(serie)
    resultado = np.full(len(textos), np.nan)
    resultado[np.isin(textos, list(VERDADEROS))] = 1.0
    resultado[np.isin(textos, list(FALSOS))] = 0.0
    return resultado


def evaluar(prueba: Prueba, serie: pd.Series) -> np.ndarray:
    """Aplica la prueba a una columna; devuelve un arreglo de ``bool`` del mismo largo.

    Los valores vacíos no cumplen ninguna prueba salvo ``-`` (ni siquiera una negada).
    """
    largo = len(serie)
    if prueba.cualquiera:
        return np.ones(largo, dtype=bool)
    cache: dict[str, np.ndarray] = {}

    def numeros() -> np.ndarray:
        if "n" not in cache:
            cache["n"] = _a_numero(serie)
        return cache["n"]

    def textos() -> np.ndarray:
        if "t" not in cache:
            cache["t"] = _texto_normalizado(serie)
        return cache["t"]

    def logicos() -> np.ndarray:
        if "l" not in cache:
            cache["l"] = _a_logico(serie)
        return cache["l"]

    cumple = np.zeros(largo, dtype=bool)
    presente = np.zeros(largo, dtype=bool)
    with np.errstate(invalid="ignore"):
        for opcion in prueba.opciones:
            if isinstance(opcion, Comparacion):
                x = numeros()
                presente |= ~np.isnan(x)
                operador = opcion.operador
                if operador == "<":
                    cumple |= x < opcion.valor
                elif operador == "<=":
                    cumple |= x <= opcion.valor
                elif operador == ">":
                    cumple |= x > opcion.valor
                elif operador == ">=":
                    cumple |= x >= opcion.valor
                elif operador == "=":
                    cumple |= x == opcion.valor
                else:
                    cumple |= (x != opcion.valor) & ~np.isnan(x)
            elif isinstance(opcion, Rango):
                x = numeros()
                presente |= ~np.isnan(x)
                bajo = x >= opcion.bajo if opcion.incluye_bajo else x > opcion.bajo
                alto = x <= opcion.alto if opcion.incluye_alto else x < opcion.alto
                cumple |= bajo & alto
            elif isinstance(opcion, Logico):
                x = logicos()
                presente |= ~np.isnan(x)
                cumple |= x == (1.0 if opcion.valor else 0.0)
            else:  # Igual
                t = textos()
                presente |= np.not_equal(t, None)
                iguales = t == opcion.texto
                if opcion.numero is not None:
                    x = numeros()
                    presente |= ~np.isnan(x)
                    iguales = iguales | (x == opcion.numero)
                cumple |= iguales
    if prueba.negada:
        return presente & ~cumple
    return cumple & presente
