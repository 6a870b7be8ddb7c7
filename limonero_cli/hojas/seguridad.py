"""Salida segura: ninguna celda que limonero escribe es una fórmula hecha con datos.

Los números y teléfonos se tipan antes (se escriben como número o como texto
de dígitos), así que esta regla solo toca textos que de verdad empiezan con un
carácter que Excel o LibreOffice interpretarían como fórmula.
"""

from __future__ import annotations

INICIOS_PELIGROSOS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralizar(valor):
    """Antepone ``'`` a un texto que una hoja de cálculo tomaría por fórmula.

    >>> neutralizar("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralizar(-150.0)
    -150.0
    """
    if isinstance(valor, str) and valor.startswith(INICIOS_PELIGROSOS):
        return "'" + valor
    return valor
