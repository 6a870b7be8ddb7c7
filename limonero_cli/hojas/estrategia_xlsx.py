"""Lectura y escritura del libro de estrategia ``estrategia.xlsx``.

Es la única parte que abre ese libro: ``estrategia/`` trabaja con las hojas ya
leídas (un ``DataFrame`` por hoja, con la fila 1 como encabezado).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import python_calamine
import xlsxwriter

from limonero_cli.errores import ErrorArchivo
from limonero_cli.estrategia.modelo import ACCIONES_RUTA, NIVELES, SITUACIONES, TIPOS_CANAL
from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.seguridad import INICIOS_PELIGROSOS

LEEME = "LEEME"

EXPLICACION_HOJAS = {
    "parametros": "Datos generales: país, moneda, formato de fechas, días de gracia y tolerancia de las promesas, zona horaria, capacidad de un asesor.",
    "columnas": "Qué encabezado de sus archivos corresponde a cada campo. Vacío = limonero lo reconoce solo. Con «+» se unen varias columnas (p. ej. «Serie + Número»).",
    "segmentos": "Tabla de decisión: gana la primera fila que se cumple. Cada columna es un campo de la cartera; cada celda, una prueba: - (cualquiera), <30, >=5000, [1..30], (30..90], TDC, NOMINA, not(...), si/no.",
    "tratamientos": "El tratamiento de cada segmento con su hipótesis de cobro y sus metas (0 a 100 %). Varias filas de un mismo segmento con «variante» y «proporcion» reparten a sus deudores (campeón/retador); las proporciones suman 100 %.",
    "etapas": "Tramos de días de mora de cada tratamiento (desde y hasta inclusive; hasta vacío = sin límite), sin huecos ni traslapes. «todos» vale para los tratamientos sin etapas propias.",
    "eventos": "La programación: qué canal, acción, argumento y oferta tocan en cada etapa, un día de mora exacto (3, -2) o «cada N» días dentro de la etapa. Prioridad 1 va primero.",
    "argumentos": "El modelo argumental: el texto que lee el asesor según la situación (primer_contacto, seguimiento, promesa_incumplida, recordatorio, objecion) y la etapa.",
    "productos": "Ofertas de solución que se desbloquean por días de mora y por número de negociación; se ofrece la más alta desbloqueada, nunca una mayor.",
    "rutas": "Qué pasa después de cada tipificación (y de PROMESA_INCUMPLIDA): acción, en cuántos días, canal, argumento y producto. En promesas, en_dias cuenta desde la fecha prometida (-1 = el día anterior).",
    "tipificaciones": "El catálogo de resultados: código, nivel del embudo, si requiere monto y fecha, si es final (no volver a contactar), su peso (el mayor es el mejor resultado del día) y, en «equivalencias», los códigos del marcador (Vicidial u otro) que significan lo mismo, separados por comas.",
    "canales": "Canales con su tipo (asesor o masivo), capacidad diaria (por asesor en los canales de asesor; total en los masivos; vacío = sin límite) y horario.",
    "asesores": "Asesores con sus canales, capacidad diaria y tratamientos (vacío = todos). Los asesores de la cartera que no estén aquí trabajan con la capacidad de parametros.",
    "reglas_contacto": "Límites legales por país: días y horas permitidos, festivos, topes de contactos por día y semana, solo con el titular.",
}

_LISTAS = {
    ("tipificaciones", "nivel"): list(NIVELES),
    ("canales", "tipo"): list(TIPOS_CANAL),
    ("argumentos", "situacion"): list(SITUACIONES),
    ("rutas", "accion"): list(ACCIONES_RUTA),
    ("tipificaciones", "requiere_monto"): ["sí", "no"],
    ("tipificaciones", "requiere_fecha"): ["sí", "no"],
    ("tipificaciones", "final"): ["sí", "no"],
    ("asesores", "activo"): ["sí", "no"],
}
_PORCENTAJES = {"proporcion", "meta_cobertura", "meta_contacto", "meta_promesa", "meta_cumplimiento", "meta_recuperacion"}
_TEXTOS_LARGOS = {"hipotesis", "texto", "descripcion", "notas", "para_que_sirve"}


def _vacio(valor) -> bool:
    if valor is None or valor is pd.NA or valor is pd.NaT:
        return True
    if isinstance(valor, float) and math.isnan(valor):
        return True
    return isinstance(valor, str) and valor == ""


def _ancho(columna: str, valores: list) -> float:
    if columna in _TEXTOS_LARGOS:
        return 70
    largos = [len(str(columna))] + [len(str(v)) for v in valores if not _vacio(v)]
    return min(max(max(largos) + 2, 8), 45)


def _escribir_libro(ruta: Path, hojas: dict[str, pd.DataFrame]) -> None:
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        encabezado = libro.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
        texto = libro.add_format({"valign": "top"})
        texto_literal = libro.add_format({"valign": "top", "quote_prefix": True})
        largo = libro.add_format({"text_wrap": True, "valign": "top"})
        porcentaje = libro.add_format({"num_format": "0%", "valign": "top"})
        titulo = libro.add_format({"bold": True, "font_size": 14})

        hoja_leeme = libro.add_worksheet(LEEME)
        hoja_leeme.write_string(0, 0, "Libro de estrategia de limonero", titulo)
        hoja_leeme.write_string(
            1, 0,
            "Edite las hojas y guarde. «limonero validar estrategia.xlsx» revisa todo el libro y dice hoja, fila y columna de cada problema.",
        )
        hoja_leeme.write_string(3, 0, "hoja", encabezado)
        hoja_leeme.write_string(3, 1, "para qué sirve", encabezado)
        for fila, nombre in enumerate(hojas, start=4):
            hoja_leeme.write_string(fila, 0, nombre)
            hoja_leeme.write_string(fila, 1, EXPLICACION_HOJAS.get(nombre, ""), largo)
        hoja_leeme.set_column(0, 0, 18)
        hoja_leeme.set_column(1, 1, 110)

        for nombre, tabla in hojas.items():
            hoja = libro.add_worksheet(nombre[:31])
            columnas = [str(c) for c in tabla.columns]
            valores = tabla.to_numpy(dtype=object)
            for c, columna in enumerate(columnas):
                hoja.write_string(0, c, columna, encabezado)
                formato_columna = largo if columna in _TEXTOS_LARGOS else texto
                hoja.set_column(c, c, _ancho(columna, list(valores[:, c]) if len(valores) else []), formato_columna)
            for f, registro in enumerate(valores, start=1):
                for c, valor in enumerate(registro):
                    columna = columnas[c]
                    if _vacio(valor):
                        continue
                    if isinstance(valor, bool):
                        hoja.write_string(f, c, "sí" if valor else "no", texto)
                    elif isinstance(valor, (int, float)):
                        hoja.write_number(f, c, valor, porcentaje if columna in _PORCENTAJES else texto)
                    elif isinstance(valor, (dt.date, dt.datetime)):
                        hoja.write_string(f, c, valor.isoformat(), texto)
                    else:
                        cadena = str(valor)
                        formato = texto_literal if cadena.startswith(INICIOS_PELIGROSOS) else (
                            largo if columna in _TEXTOS_LARGOS else texto
                        )
                        hoja.write_string(f, c, cadena, formato)
            hoja.freeze_panes(1, 0)
            if columnas:
                hoja.autofilter(0, 0, max(len(valores), 1), len(columnas) - 1)
            for c, columna in enumerate(columnas):
                opciones = _LISTAS.get((nombre, columna))
                if opciones:
                    hoja.data_validation(
                        1, c, 1000, c,
                        {"validate": "list", "source": opciones, "error_type": "warning",
                         "error_message": "Elija un valor de la lista: " + ", ".join(opciones)},
                    )
    finally:
        libro.close()


def escribir_estrategia(ruta: Path, hojas: dict[str, pd.DataFrame], sobrescribir: bool = False) -> Path:
    """Escribe el libro de estrategia (hoja ``LEEME`` primero, luego ``hojas`` en su orden) de forma atómica."""
    return escribir_atomico(Path(ruta), sobrescribir, lambda temporal: _escribir_libro(temporal, hojas))


def _valor(celda):
    """Valor de una celda tal como viene: texto, número, fecha; vacío = ``None``."""
    if isinstance(celda, str):
        return celda if celda.strip() else None
    if isinstance(celda, float) and celda.is_integer() and abs(celda) < 2**53:
        return int(celda)
    return celda


def leer_hojas_estrategia(ruta: Path) -> dict[str, pd.DataFrame]:
    """Lee todas las hojas del libro; la fila 1 de cada una es su encabezado.

    El índice del ``DataFrame`` es la posición de la fila: la fila de Excel es índice + 2.
    """
    ruta = Path(ruta)
    if ruta.name.startswith("~$") or ruta.name.startswith(".~lock."):
        raise ErrorArchivo(
            f"{ruta} es el archivo de bloqueo que deja Excel o LibreOffice mientras el libro está abierto, no el libro.",
            f"Use {ruta.name.removeprefix('~$').removeprefix('.~lock.').rstrip('#')}.",
        )
    if not ruta.exists():
        raise ErrorArchivo(
            f"No se encuentra el libro de estrategia {ruta}.",
            "Cree uno con «limonero init» o indique otro con --estrategia.",
        )
    if ruta.is_dir():
        raise ErrorArchivo(f"{ruta} es una carpeta, no un libro de estrategia.", "Indique el archivo estrategia.xlsx.")
    try:
        libro = python_calamine.CalamineWorkbook.from_path(str(ruta))
    except python_calamine.PasswordError as error:
        raise ErrorArchivo(
            f"El libro de estrategia {ruta} está protegido con contraseña.",
            "Ábralo en Excel y guárdelo sin contraseña (Archivo > Información > Proteger libro).",
        ) from error
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        raise ErrorArchivo(
            f"No se pudo leer el libro de estrategia {ruta}: no es un libro de Excel válido o está dañado.",
            "Ábralo en Excel y guárdelo de nuevo como .xlsx, o cree uno nuevo con «limonero init».",
        ) from error
    hojas: dict[str, pd.DataFrame] = {}
    for nombre in libro.sheet_names:
        if nombre == LEEME:
            continue
        try:
            filas = libro.get_sheet_by_name(nombre).to_python(skip_empty_area=False)
        except python_calamine.CalamineError as error:
            raise ErrorArchivo(f"No se pudo leer la hoja «{nombre}» del libro de estrategia {ruta}.", "Ábralo en Excel y guárdelo de nuevo.") from error
        if not filas:
            hojas[nombre] = pd.DataFrame()
            continue
        ancho = max(len(f) for f in filas)
        encabezados = []
        for posicion in range(ancho):
            celda = filas[0][posicion] if posicion < len(filas[0]) else ""
            texto = "" if celda is None else str(_valor(celda) if not isinstance(celda, str) else celda).strip()
            encabezados.append(texto or f"unnamed_{posicion + 1}")
        datos = [[_valor(f[p]) if p < len(f) else None for p in range(ancho)] for f in filas[1:]]
        hojas[nombre] = pd.DataFrame(datos, columns=encabezados, dtype=object)
    return hojas
