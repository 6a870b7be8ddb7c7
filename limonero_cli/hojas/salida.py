"""Escritura segura de tablas: celdas tipadas, ningún texto como fórmula, archivos atómicos."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from limonero_cli.errores import ErrorUso
from limonero_cli.hojas.escritura import escribir_atomico
from limonero_cli.hojas.seguridad import INICIOS_PELIGROSOS, neutralizar


def valor_celda(valor):
    """Un valor listo para una celda: vacíos a None, tipos de numpy a Python, textos neutralizados."""
    if valor is None:
        return None
    if isinstance(valor, float) and math.isnan(valor):
        return None
    if valor is pd.NaT:
        return None
    if isinstance(valor, pd.Timestamp):
        return valor.to_pydatetime()
    if hasattr(valor, "item") and not isinstance(valor, (str, bytes)):
        return valor.item()  # escalares de numpy
    return valor


def escribir_celda(hoja, fila: int, columna: int, valor, formato, formatos) -> None:
    """Escribe ``valor`` con su tipo; un texto que parecería fórmula lleva el prefijo de texto literal de Excel.

    ``formatos`` trae ``fecha`` y ``literal`` (formato con ``quote_prefix``): así
    «=SUMA(...)» se ve tal cual en la celda y Excel nunca lo evalúa, ni siquiera
    si el asesor edita la celda.
    """
    if valor is None:
        return
    if isinstance(valor, bool):
        hoja.write_boolean(fila, columna, valor, formato)
    elif isinstance(valor, (int, float)):
        hoja.write_number(fila, columna, valor, formato)
    elif isinstance(valor, (dt.datetime, dt.date)):
        hoja.write_datetime(fila, columna, valor, formato or formatos["fecha"])
    else:
        texto = str(valor)
        if texto.startswith(INICIOS_PELIGROSOS):
            formato = formatos["literal"]
        hoja.write_string(fila, columna, texto, formato)


def escribir_celdas(hoja, fila0: int, datos: pd.DataFrame, formatos_columna: list, formatos) -> None:
    """``escribir_celda`` para cada celda no vacía de ``datos``, desde la fila ``fila0`` y la columna 0.

    ``formatos_columna[j]`` es el formato de los números y textos de la columna ``j`` (o ``None``).
    """
    for i, fila in enumerate(datos.astype(object).to_numpy(), start=fila0):
        for j, valor in enumerate(fila):
            valor = valor_celda(valor)
            if valor is not None:
                escribir_celda(hoja, i, j, valor, formatos_columna[j], formatos)


# Tipos de celda de un bloque (una fecha pasa a número de serie de Excel al escribirla en su hoja).
_NUMERO, _TEXTO, _BOOLEANO, _FECHA = 1, 2, 3, 4


class _Columna:
    """Las celdas no vacías de una columna de un bloque: fila (dentro del bloque), tipo, valor y formato.

    ``tipos`` y ``formatos`` son un valor para todas las celdas o una lista con uno por celda. El valor
    de un número ya es su texto en el XML; el de un texto, el texto; el de una fecha, la fecha.
    """

    __slots__ = ("posiciones", "tipos", "valores", "formatos", "largo_maximo")

    def __init__(self, posiciones, tipos, valores: list, formatos, largo_maximo: int = 0):
        self.posiciones = np.asarray(posiciones, dtype=np.int64)
        self.tipos = tipos
        self.valores = valores
        self.formatos = formatos
        self.largo_maximo = largo_maximo

    def tramo(self, inicio: int, fin: int) -> "_Columna":
        desde, hasta = np.searchsorted(self.posiciones, [inicio, fin])
        por_celda = lambda x: x[desde:hasta] if isinstance(x, list) else x  # noqa: E731
        return _Columna(self.posiciones[desde:hasta] - inicio, por_celda(self.tipos), self.valores[desde:hasta],
                        por_celda(self.formatos), self.largo_maximo)

    def de_cada_celda(self, atributo: str) -> list:
        valor = getattr(self, atributo)
        return valor if isinstance(valor, list) else [valor] * len(self.valores)


def _celdas_de_columna(serie: pd.Series, formato, formatos) -> _Columna | None:
    """Las celdas de una columna como las escribiría ``escribir_celda``; ``None`` si hay algo fuera de lo común."""
    tipo = serie.dtype
    if isinstance(tipo, np.dtype) and tipo.kind == "f":
        numeros = serie.to_numpy()
        if np.isinf(numeros).any():
            return None  # write_number no acepta infinitos: que falle como siempre, celda por celda
        presentes = ~np.isnan(numeros)
        return _Columna(np.flatnonzero(presentes), _NUMERO, [f"{v:.16G}" for v in numeros[presentes].tolist()], formato)
    if isinstance(tipo, np.dtype) and tipo.kind in "iu":
        return _Columna(np.arange(len(serie)), _NUMERO, [f"{v:.16G}" for v in serie.to_numpy().tolist()], formato)
    if isinstance(tipo, np.dtype) and tipo.kind == "M":
        fechas = serie.to_numpy()
        presentes = ~np.isnat(fechas)
        codigos, unicas = pd.factorize(fechas[presentes])
        unicas = [pd.Timestamp(f).to_pydatetime() for f in unicas]
        return _Columna(np.flatnonzero(presentes), _FECHA, [unicas[c] for c in codigos.tolist()],
                        formato or formatos["fecha"])
    valores = serie.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(valores, skipna=True) in ("string", "empty"):
        vacios = pd.isna(valores)
        if not any(v is pd.NA for v in valores[vacios]):  # pd.NA se escribe como texto «<NA>»: camino general
            posiciones = np.flatnonzero(~vacios)
            textos = valores[posiciones].tolist()
            largo = max(map(len, textos), default=0)
            peligrosos = [t.startswith(INICIOS_PELIGROSOS) for t in textos]
            if any(peligrosos):
                literal = formatos["literal"]
                return _Columna(posiciones, _TEXTO, textos, [literal if p else formato for p in peligrosos], largo)
            return _Columna(posiciones, _TEXTO, textos, formato, largo)
    return _celdas_una_por_una(valores, formato, formatos)


def _celdas_una_por_una(valores: np.ndarray, formato, formatos) -> _Columna | None:
    """El camino general: la misma decisión que ``valor_celda`` y ``escribir_celda``, valor por valor."""
    posiciones, tipos, salida, formatos_celda = [], [], [], []
    largo = 0
    for k, valor in enumerate(valores):
        valor = valor_celda(valor)
        if valor is None:
            continue
        if isinstance(valor, bool):
            tipos.append(_BOOLEANO)
            salida.append(1 if valor else 0)
            formatos_celda.append(formato)
        elif isinstance(valor, (int, float)):
            if isinstance(valor, float) and math.isinf(valor):
                return None
            tipos.append(_NUMERO)
            salida.append(f"{valor:.16G}")
            formatos_celda.append(formato)
        elif isinstance(valor, (dt.datetime, dt.date)):
            tipos.append(_FECHA)
            salida.append(valor)
            formatos_celda.append(formato or formatos["fecha"])
        else:
            texto = str(valor)
            largo = max(largo, len(texto))
            tipos.append(_TEXTO)
            salida.append(texto)
            formatos_celda.append(formatos["literal"] if texto.startswith(INICIOS_PELIGROSOS) else formato)
        posiciones.append(k)
    return _Columna(posiciones, tipos, salida, formatos_celda, largo)


class BloqueDeCeldas:
    """Las celdas de una tabla ya decididas (tipo, valor, formato) como las escribiría ``escribir_celda``.

    Se decide una vez, columna por columna, para la tabla entera, y se escribe por tramos de filas
    (``tramo``) con ``HojaEnBloque.escribir_bloque``: una hoja por asesor sin volver a mirar cada
    columna en cada hoja. ``formatos_columna[j]`` es el formato de los números y textos de la columna
    ``j``; ``formatos`` trae ``fecha`` y ``literal``.
    """

    def __init__(self, datos: pd.DataFrame, formatos_columna: list, formatos, _columnas=None):
        self.datos = datos
        self.formatos_columna = formatos_columna
        self.formatos = formatos
        if _columnas is None:
            _columnas = [_celdas_de_columna(datos.iloc[:, j], formatos_columna[j], formatos) for j in range(datos.shape[1])]
        self.columnas: list[_Columna | None] = _columnas

    def __len__(self) -> int:
        return len(self.datos)

    def tramo(self, inicio: int, fin: int) -> "BloqueDeCeldas":
        """Las filas ``inicio`` a ``fin - 1`` (posiciones)."""
        columnas = [None if c is None else c.tramo(inicio, fin) for c in self.columnas]
        return BloqueDeCeldas(self.datos.iloc[inicio:fin], self.formatos_columna, self.formatos, columnas)


#: Versiones de xlsxwriter en las que ``HojaEnBloque`` se probó idéntica byte por byte a la escritura
#: celda por celda (usa partes internas de ``Worksheet``). Con otra versión el bloque se escribe celda
#: por celda: el mismo libro, más lento.
XLSXWRITER_PROBADO = ((3, 3), (3, 4))


def _version(texto: str) -> tuple[int, ...]:
    partes = []
    for parte in texto.split("."):
        cifras = "".join(itertools.takewhile(str.isdigit, parte))
        if not cifras:
            break
        partes.append(int(cifras))
    return tuple(partes)


def bloque_disponible(version: str = xlsxwriter.__version__) -> bool:
    """¿Esta versión de xlsxwriter es una de las probadas con ``HojaEnBloque``?"""
    desde, hasta = XLSXWRITER_PROBADO
    return desde <= _version(version) < hasta


class HojaEnBloque(Worksheet):
    """Hoja de xlsxwriter que recibe muchas filas de una vez con ``escribir_bloque``.

    El libro que resulta es idéntico, byte por byte, al de escribir cada celda con
    ``escribir_celda`` (mismas celdas, mismos formatos, mismas cadenas compartidas en el mismo
    orden), pero el XML de las filas se arma por columnas al cerrar el libro en vez de celda por
    celda: con decenas de miles de filas es varias veces más rápido. Se crea con
    ``libro.add_worksheet(nombre, worksheet_class=HojaEnBloque)`` (xlsxwriter admite subclases de
    ``Worksheet``). Lo escrito con los métodos de siempre (el encabezado) va en filas anteriores al
    bloque. Si algo del bloque sale de lo común (un texto de más de 16.383 caracteres, un infinito,
    un libro en ``constant_memory``, una versión de xlsxwriter no probada), el bloque se escribe
    celda por celda, con el mismo resultado.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bloque: tuple[int, int, list[_Columna]] | None = None

    def escribir_bloque(self, fila0: int, bloque: BloqueDeCeldas) -> None:
        """Como ``escribir_celdas(self, fila0, bloque.datos, ...)``, desde la columna 0; una vez por hoja."""
        if self._bloque is not None:
            raise ValueError("escribir_bloque se usa una sola vez por hoja")
        n, ancho = len(bloque), len(bloque.columnas)
        if n == 0 or ancho == 0:
            return
        anteriores = max((fila for fila, celdas in self.table.items() if celdas), default=-1)
        comun = (
            bloque_disponible() and not self.constant_memory and anteriores < fila0 and fila0 + n <= self.xls_rowmax and ancho <= self.xls_colmax
            and all(c is not None and c.largo_maximo <= self.xls_strmax // 2 for c in bloque.columnas)
        )
        if not comun:
            escribir_celdas(self, fila0, bloque.datos, bloque.formatos_columna, bloque.formatos)
            return
        columnas = [self._con_fechas_como_numeros(c) for c in bloque.columnas]
        self._registrar_textos(columnas, ancho)
        con_celdas = [j for j, c in enumerate(columnas) if len(c.posiciones)]
        if not con_celdas:
            return
        primera = min(int(columnas[j].posiciones[0]) for j in con_celdas)
        ultima = max(int(columnas[j].posiciones[-1]) for j in con_celdas)
        self._check_dimensions(fila0 + primera, con_celdas[0])
        self._check_dimensions(fila0 + ultima, con_celdas[-1])
        self._bloque = (fila0, n, columnas)

    def _con_fechas_como_numeros(self, columna: _Columna) -> _Columna:
        """Una copia de la columna con cada fecha como el número de serie de Excel de esta hoja (como ``write_datetime``)."""
        tipos = columna.tipos
        if tipos != _FECHA and (not isinstance(tipos, list) or _FECHA not in tipos):
            return _Columna(columna.posiciones, tipos, list(columna.valores), columna.formatos)
        numeros: dict = {}

        def numero(fecha) -> str:
            if fecha not in numeros:
                numeros[fecha] = f"{self._convert_date_time(fecha):.16G}"
            return numeros[fecha]

        if tipos == _FECHA:
            return _Columna(columna.posiciones, _NUMERO, [numero(f) for f in columna.valores], columna.formatos)
        valores = [numero(v) if t == _FECHA else v for t, v in zip(tipos, columna.valores)]
        tipos = [_NUMERO if t == _FECHA else t for t in tipos]
        return _Columna(columna.posiciones, tipos, valores, columna.formatos)

    def _registrar_textos(self, columnas: list[_Columna], ancho: int) -> None:
        """Pone los textos en la tabla de cadenas compartidas fila por fila, de izquierda a derecha
        (el orden de ``escribir_celda``), y deja en cada celda de texto su índice."""
        claves, textos, lugares = [], [], []
        for j, columna in enumerate(columnas):
            if not len(columna.posiciones):
                continue
            if isinstance(columna.tipos, list):
                elegidas = np.flatnonzero(np.asarray(columna.tipos) == _TEXTO)
                textos.extend(columna.valores[k] for k in elegidas.tolist())
            elif columna.tipos == _TEXTO:
                elegidas = np.arange(len(columna.posiciones))
                textos.extend(columna.valores)
            else:
                continue
            claves.append(columna.posiciones[elegidas] * ancho + j)
            lugares.append((j, elegidas))
        if not claves:
            return
        orden = np.argsort(np.concatenate(claves), kind="stable").tolist()
        indice_de = self.str_table._get_shared_string_index
        indices = [0] * len(textos)
        for k in orden:
            indices[k] = indice_de(textos[k])
        inicio = 0
        for j, elegidas in lugares:
            valores = columnas[j].valores
            for k, indice in zip(elegidas.tolist(), indices[inicio:inicio + len(elegidas)]):
                valores[k] = indice
            inicio += len(elegidas)

    def _spans_del_bloque(self) -> dict[int, tuple[int, int]]:
        """Primera y última columna con datos del bloque en cada grupo de 16 filas (``spans`` de xlsxwriter)."""
        fila0, n, columnas = self._bloque
        primera = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        ultima = np.full(n, -1, dtype=np.int64)
        for j, columna in enumerate(columnas):
            primera[columna.posiciones] = np.minimum(primera[columna.posiciones], j)
            ultima[columna.posiciones] = np.maximum(ultima[columna.posiciones], j)
        con_celdas = ultima >= 0
        grupos = (np.arange(fila0, fila0 + n) // 16)[con_celdas]
        tramos = {}
        for grupo, minimo, maximo in zip(grupos.tolist(), primera[con_celdas].tolist(), ultima[con_celdas].tolist()):
            actual = tramos.get(grupo)
            tramos[grupo] = (minimo, maximo) if actual is None else (min(actual[0], minimo), max(actual[1], maximo))
        return tramos

    def _calculate_spans(self) -> None:
        super()._calculate_spans()
        if self._bloque is None:
            return
        for grupo, (minimo, maximo) in self._spans_del_bloque().items():
            if grupo in self.row_spans:
                antes_min, antes_max = (int(x) - 1 for x in self.row_spans[grupo].split(":"))
                minimo, maximo = min(minimo, antes_min), max(maximo, antes_max)
            self.row_spans[grupo] = f"{minimo + 1}:{maximo + 1}"

    def _write_rows(self) -> None:
        if self._bloque is None:
            super()._write_rows()
            return
        # xlsxwriter recorre aquí solo las filas de antes del bloque (el encabezado); las del bloque van después
        fila0 = self._bloque[0]
        ultima = self.dim_rowmax
        self.dim_rowmax = fila0 - 1
        try:
            if self.dim_rowmin is not None and self.dim_rowmin <= self.dim_rowmax:
                super()._write_rows()
            else:
                self._calculate_spans()
        finally:
            self.dim_rowmax = ultima
        self._escribir_filas_del_bloque()

    def _escribir_filas_del_bloque(self) -> None:
        fila0, n, columnas = self._bloque
        regulares = max((fila for fila, celdas in self.table.items() if celdas), default=-1)
        especiales = [f for f in list(self.row_info) + list(self.comments) if f >= fila0]
        if regulares >= fila0 or especiales:
            raise ValueError("las filas del bloque y las siguientes no pueden tener otras celdas, formato de fila ni comentarios")
        numeros = [str(f + 1) for f in range(fila0, fila0 + n)]
        partes = [[] for _ in range(n)]
        for j, columna in enumerate(columnas):
            if not len(columna.posiciones):
                continue
            letra = xl_col_to_name(j)
            informacion = self.col_info.get(j)
            de_columna = informacion.column_format if informacion is not None else None
            colas: dict = {}

            def cola(tipo, formato):
                clave = (tipo, id(formato))
                if clave not in colas:
                    formato = formato or de_columna
                    estilo = f' s="{formato._get_xf_index()}"' if formato else ""
                    marca = {_NUMERO: "", _TEXTO: ' t="s"', _BOOLEANO: ' t="b"'}[tipo]
                    colas[clave] = f'"{estilo}{marca}><v>'
                return colas[clave]

            posiciones = columna.posiciones.tolist()
            if not isinstance(columna.tipos, list) and not isinstance(columna.formatos, list):
                resto = cola(columna.tipos, columna.formatos)
                for i, valor in zip(posiciones, columna.valores):
                    partes[i].append(f'<c r="{letra}{numeros[i]}{resto}{valor}</v></c>')
            else:
                tipos, formatos_celda = columna.de_cada_celda("tipos"), columna.de_cada_celda("formatos")
                for i, tipo, formato, valor in zip(posiciones, tipos, formatos_celda, columna.valores):
                    partes[i].append(f'<c r="{letra}{numeros[i]}{cola(tipo, formato)}{valor}</v></c>')
        spans = self.row_spans
        escribir = self.fh.write
        for i, celdas in enumerate(partes):
            if celdas:
                fila = fila0 + i
                self._write_row(fila, spans.get(fila // 16))
                escribir("".join(celdas))
                escribir("</row>")


def escribir_csv_seguro(ruta: Path, datos: pd.DataFrame, sobrescribir: bool = False) -> Path:
    """CSV UTF-8 con BOM (Excel lo abre bien) y ningún texto que parezca fórmula."""

    def escribir(temporal: Path) -> None:
        # Los valores se preparan por columnas (``textos_csv``) y las filas se escriben de una vez.
        columnas = [textos_csv(datos.iloc[:, j]) for j in range(datos.shape[1])]
        with open(temporal, "w", encoding="utf-8-sig", newline="") as archivo:
            escritor = csv.writer(archivo)
            escritor.writerow(list(datos.columns))
            if len(columnas) >= 2:
                archivo.write(_filas_csv(columnas))
            else:  # una sola columna: el módulo csv escribe «""» en una fila vacía
                escritor.writerows(zip(*columnas) if columnas else [[]] * len(datos))

    return escribir_atomico(ruta, sobrescribir, escribir)


_ESPECIALES_CSV = (",", '"', "\r", "\n")


def _filas_csv(columnas: list[list]) -> str:
    """Las filas como las escribe ``csv.writer`` (dialecto ``excel``: comillas solo si hacen falta, ``\r\n``),
    armadas por columnas: un número va como su ``repr`` (float) o ``str``; un texto con coma, comillas o
    salto de línea va entre comillas, con las comillas dobladas. Para filas de dos o más columnas."""
    textos = []
    for columna in columnas:
        columna = [v if isinstance(v, str) else (repr(v) if isinstance(v, float) else str(v)) for v in columna]
        unido = "\x00".join(columna)
        if any(c in unido for c in _ESPECIALES_CSV):
            columna = [
                '"' + v.replace('"', '""') + '"' if any(c in v for c in _ESPECIALES_CSV) else v for v in columna
            ]
        textos.append(columna)
    return "".join([",".join(fila) + "\r\n" for fila in zip(*textos)])


def textos_csv(serie: pd.Series) -> list:
    """Los valores de una columna como los escribe ``escribir_csv_seguro`` (lo mismo que ``_valor_csv`` valor
    por valor, con ``""`` en los vacíos), por columnas: números, fechas y textos sin mirar cada valor en Python
    más de una vez."""
    tipo = serie.dtype
    if isinstance(tipo, np.dtype) and tipo.kind == "f":
        return ["" if v != v else (str(int(v)) if v.is_integer() else v) for v in serie.to_numpy().tolist()]
    if isinstance(tipo, np.dtype) and tipo.kind in "iu":
        return serie.to_numpy().tolist()
    if isinstance(tipo, np.dtype) and tipo.kind == "M":
        fechas = serie.to_numpy()
        codigos, unicas = pd.factorize(fechas)  # NaT → -1
        textos = [_valor_csv(pd.Timestamp(f)) for f in unicas] + [""]
        return [textos[c] for c in codigos.tolist()]
    valores = serie.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(valores, skipna=True) in ("string", "empty"):
        vacios = pd.isna(valores)
        if not any(v is pd.NA for v in valores[vacios]):
            return ["" if vacio else ("'" + v if v.startswith(INICIOS_PELIGROSOS) else v)
                    for v, vacio in zip(valores.tolist(), vacios.tolist())]
    return ["" if (v := _valor_csv(valor)) is None else v for valor in valores]


def _valor_csv(valor):
    valor = neutralizar(valor_celda(valor))
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, dt.datetime):
        return valor.date().isoformat() if valor.time() == dt.time(0) else valor.isoformat(sep=" ")
    if isinstance(valor, dt.date):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return int(valor)
    return valor




def exigir_extension(ruta: Path, extensiones: tuple[str, ...], opcion: str = "-o") -> None:
    """Falla si ``ruta`` no termina en una de ``extensiones``: nunca un xlsx con nombre .txt."""
    if Path(ruta).suffix.lower() not in extensiones:
        raise ErrorUso(
            f"{opcion} {ruta}: limonero escribe aquí {' o '.join(extensiones)}, no «{Path(ruta).suffix or 'sin extensión'}».",
            f"Use un nombre terminado en {' o '.join(extensiones)}.",
        )


def escribir_tabla(ruta: Path, datos: pd.DataFrame, sobrescribir: bool = False, hoja: str = "Datos") -> Path:
    """Escribe ``datos`` como CSV o xlsx según la extensión de ``ruta`` (otra extensión es un error claro)."""
    ruta = Path(ruta)
    if ruta.suffix.lower() == ".csv":
        return escribir_csv_seguro(ruta, datos, sobrescribir)
    exigir_extension(ruta, (".xlsx",), "-o")
    import xlsxwriter

    def escribir(temporal: Path) -> None:
        libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False, "strings_to_urls": False})
        formatos = {
            "encabezado": libro.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"}),
            "fecha": libro.add_format({"num_format": "yyyy-mm-dd"}),
            "literal": libro.add_format({"quote_prefix": True}),
        }
        hoja_xlsx = libro.add_worksheet(hoja)
        for j, nombre in enumerate(datos.columns):
            hoja_xlsx.write_string(0, j, str(nombre), formatos["encabezado"])
            hoja_xlsx.set_column(j, j, max(10, min(40, len(str(nombre)) + 4)))
        for i, fila in enumerate(datos.astype(object).itertuples(index=False), start=1):
            for j, valor in enumerate(fila):
                valor = valor_celda(valor)
                if valor is not None:
                    escribir_celda(hoja_xlsx, i, j, valor, None, formatos)
        hoja_xlsx.freeze_panes(1, 0)
        hoja_xlsx.autofilter(0, 0, max(len(datos), 1), max(len(datos.columns) - 1, 0))
        libro.close()

    return escribir_atomico(ruta, sobrescribir, escribir)
