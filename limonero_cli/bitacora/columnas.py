"""La copia en columnas de la bitácora: lo que leen los informes, guardado como arreglos binarios.

SQLite entrega las filas de una en una como objetos de Python: leer 5 millones de tipificaciones
con sus textos cuesta más de 10 s, y un informe necesita pocas columnas. Aquí esas columnas se
guardan, por *tramos* de filas consecutivas (por ``id``), como arreglos de numpy en la tabla
``columnas`` del mismo archivo: leer un millón de filas es leer unos megabytes.

Reglas que mantienen la copia fiel a las tablas:

- Un tramo guarda las filas con ``id`` entre ``primer_id`` y ``ultimo_id`` (ambas existen). Toda
  escritura que borra o cambia filas ya guardadas borra antes los tramos que las contienen
  (:meth:`CopiaEnColumnas.invalidar`, en la misma transacción). Insertar no invalida nada: SQLite
  da a una fila nueva un ``id`` mayor que el de todas las existentes, fuera de todo tramo.
- :meth:`CopiaEnColumnas.actualizar` arma los tramos que faltan leyendo de SQLite las filas que no
  están en ningún tramo. Lo hace la primera lectura compacta después de una carga: ese informe paga
  una vez la lectura de lo nuevo. Si la bitácora no se puede escribir (solo lectura, en uso), los
  tramos nuevos sirven igual para esta lectura y no se guardan.
- Lo que se tiene en memoria (el diccionario de deudores, los tramos sin guardar) vale mientras
  ninguna otra conexión escriba en la bitácora: ``PRAGMA data_version`` lo dice. Si otro proceso
  escribió, se olvida y se vuelve a leer; si escribió mientras se armaba o leía la copia, el tramo
  armado no se guarda y la lectura se repite.
- Textos con pocos valores distintos (asesor, canal, código, tratamiento...) van como códigos
  enteros con sus categorías en cada tramo. ``cliente_id`` va como código en un diccionario de
  deudores común a las tres tablas, que solo crece (tabla ``columnas_deudores``): así las tablas
  leídas comparten categorías y cruzarlas es cruzar enteros.
- Fechas como días desde 1970 (``int32``), fechas con hora como segundos (``int64``), montos y
  enteros ``float64``; vacío = :data:`VACIO_DIA`, :data:`VACIO_MOMENTO` o NaN. Al leer vuelven con
  los tipos de las lecturas de siempre (``datetime64[ns]``, ``float64``, ``Int64``) y los textos
  como ``category``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorArchivo

#: Cambia si cambia la forma de guardar un tramo; los tramos de otra versión se rehacen.
VERSION_COPIA = 1

#: Filas por tramo al armar la copia (acota la memoria al leer de SQLite).
FILAS_POR_TRAMO = 1_000_000

#: Veces que se repite una lectura durante la cual otro proceso escribió en la bitácora.
INTENTOS_LECTURA = 10

VACIO_DIA = np.iinfo(np.int32).min
VACIO_MOMENTO = np.iinfo(np.int64).min

# Clases de columna: cómo se guarda cada una.
DEUDOR, CATEGORIA, DIA, MOMENTO, NUMERO, ENTERO = "deudor", "categoria", "dia", "momento", "numero", "entero"

#: Las columnas que se copian de cada tabla y su clase. ``cuentas``, ``cuenta``, ``comentario`` y
#: ``referencia`` (textos casi únicos por fila) no se copian: quien los necesita lee de SQLite.
COLUMNAS_COPIA: dict[str, dict[str, str]] = {
    "asignaciones": {
        "fecha": DIA, "cliente_id": DEUDOR, "asesor": CATEGORIA, "canal": CATEGORIA, "accion": CATEGORIA,
        "motivo": CATEGORIA, "segmento": CATEGORIA, "tratamiento": CATEGORIA, "variante": CATEGORIA,
        "etapa": CATEGORIA, "saldo_vencido": NUMERO, "dias_mora": ENTERO, "producto": CATEGORIA,
        "argumento": CATEGORIA,
    },
    "tipificaciones": {
        "cliente_id": DEUDOR, "fecha_hora": MOMENTO, "asesor": CATEGORIA, "canal": CATEGORIA, "codigo": CATEGORIA,
        "monto_promesa": NUMERO, "fecha_promesa": DIA,
    },
    "pagos": {"cliente_id": DEUDOR, "fecha": DIA, "monto": NUMERO},
}

#: La columna de fecha de cada tabla (la del periodo).
COLUMNA_FECHA = {"asignaciones": "fecha", "tipificaciones": "fecha_hora", "pagos": "fecha"}

TABLAS_COPIA = (
    """
    CREATE TABLE IF NOT EXISTS columnas (
        tabla       TEXT NOT NULL,
        primer_id   INTEGER NOT NULL,
        ultimo_id   INTEGER NOT NULL,
        filas       INTEGER NOT NULL,
        version     INTEGER NOT NULL,
        columna     TEXT NOT NULL,
        tipo        TEXT NOT NULL,
        datos       BLOB NOT NULL,
        categorias  TEXT,
        PRIMARY KEY (tabla, primer_id, columna)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS columnas_deudores (
        primer_codigo  INTEGER PRIMARY KEY,
        claves         TEXT NOT NULL
    )
    """,
)


@dataclass
class Tramo:
    """Filas ``primer_id``..``ultimo_id`` de una tabla: arreglos por columna (y categorías de las de texto)."""

    primer_id: int
    ultimo_id: int
    filas: int
    valores: dict[str, np.ndarray] = field(default_factory=dict)
    categorias: dict[str, list] = field(default_factory=dict)


class CopiaEnColumnas:
    """La copia en columnas de una bitácora abierta (ver el docstring del módulo)."""

    def __init__(self, conexion: sqlite3.Connection):
        self._conexion = conexion
        self._claves: list[str] | None = None  # el diccionario de deudores (código = posición)
        self._indice: pd.Index | None = None  # las claves como índice, para buscar muchas a la vez
        self._guardadas = 0  # cuántas claves del diccionario ya están en la bitácora
        self._tipo_deudor: pd.CategoricalDtype | None = None
        self._sin_guardar: dict[str, list[Tramo]] = {}  # tramos que no se pudieron guardar
        self._ignorar_guardados = False  # el diccionario guardado estaba dañado y no se pudo borrar
        self._version_datos: int | None = None  # ``PRAGMA data_version`` de lo que hay en memoria

    def _olvidar(self) -> None:
        """Descarta lo que hay en memoria (diccionario de deudores, su tipo, tramos sin guardar)."""
        self._claves = self._indice = self._tipo_deudor = None
        self._guardadas = 0
        self._sin_guardar = {}

    def _al_dia(self) -> int:
        """Olvida lo que hay en memoria si otra conexión escribió en la bitácora desde la última vez.

        ``PRAGMA data_version`` cambia cada vez que otra conexión (otro proceso) confirma una
        escritura; las de esta conexión no lo cambian. Devuelve su valor.
        """
        version = self._conexion.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version_datos:
            self._olvidar()
            self._version_datos = version
        return version

    # ------------------------------------------------------------------ diccionario de deudores

    def _diccionario(self) -> list[str]:
        if self._claves is None:
            claves: list[str] = []
            guardado = [] if self._ignorar_guardados else self._conexion.execute(
                "SELECT primer_codigo, claves FROM columnas_deudores ORDER BY primer_codigo").fetchall()
            for primer_codigo, texto in guardado:
                if primer_codigo != len(claves):
                    # Un diccionario con huecos no es de fiar: se rehace la copia entera.
                    self._borrar_todo()
                    claves = []
                    break
                claves.extend(json.loads(texto))
            self._claves = claves
            self._indice = None  # se arma al codificar (leer no lo necesita)
            self._guardadas = len(claves)
        return self._claves

    def _codificar_deudores(self, valores: list) -> np.ndarray:
        """Códigos del diccionario para ``valores`` (agrega los nuevos; ``None`` → -1)."""
        claves = self._diccionario()
        posiciones, distintos = pd.factorize(np.asarray(valores, dtype=object), use_na_sentinel=True)
        distintos = np.asarray(distintos, dtype=object)
        if claves:
            if self._indice is None or len(self._indice) != len(claves):
                self._indice = pd.Index(np.asarray(claves, dtype=object), dtype=object)
            codigos = self._indice.get_indexer(distintos).astype(np.int32)
        else:
            codigos = np.full(len(distintos), -1, dtype=np.int32)
        nuevas = np.flatnonzero(codigos < 0)
        codigos[nuevas] = np.arange(len(claves), len(claves) + len(nuevas), dtype=np.int32)
        claves.extend(distintos[nuevas].tolist())
        return np.append(codigos, np.int32(-1))[posiciones]  # la posición -1 (vacío) → -1

    def tipo_deudor(self) -> pd.CategoricalDtype:
        """El tipo ``category`` de ``cliente_id``: el mismo objeto en cada lectura mientras nadie más escriba."""
        claves = self._diccionario()
        if self._tipo_deudor is None or len(self._tipo_deudor.categories) != len(claves):
            self._tipo_deudor = _tipo_sin_validar(pd.Index(np.asarray(claves, dtype=object), dtype=object))
        return self._tipo_deudor

    # ------------------------------------------------------------------ invalidar y armar

    def _borrar_todo(self) -> None:
        self._sin_guardar.clear()
        try:
            self._conexion.execute("DELETE FROM columnas")
            self._conexion.execute("DELETE FROM columnas_deudores")
        except sqlite3.OperationalError:
            self._ignorar_guardados = True  # solo lectura: los tramos guardados no se usan (sus códigos no valen)

    def invalidar(self, tabla: str, ids) -> None:
        """Borra los tramos de ``tabla`` que contienen alguno de ``ids`` (filas que se van a borrar o cambiar).

        Se llama dentro de la transacción que borra o cambia esas filas.
        """
        ids = np.sort(np.asarray(list(ids), dtype=np.int64))
        self._sin_guardar.pop(tabla, None)
        if not len(ids):
            return
        tramos = self._conexion.execute(
            "SELECT DISTINCT primer_id, ultimo_id FROM columnas WHERE tabla = ?", (tabla,)
        ).fetchall()
        for primer_id, ultimo_id in tramos:
            desde = np.searchsorted(ids, primer_id, side="left")
            if desde < len(ids) and ids[desde] <= ultimo_id:
                self._conexion.execute("DELETE FROM columnas WHERE tabla = ? AND primer_id = ?", (tabla, primer_id))

    def actualizar(self, tabla: str) -> None:
        """Arma (y guarda, si se puede) los tramos de las filas de ``tabla`` que no están en ninguno."""
        c = self._conexion
        self._al_dia()
        self._diccionario()  # antes que los tramos: si está dañado, se descartan
        cubiertos = [] if self._ignorar_guardados else c.execute(
            "SELECT DISTINCT primer_id, ultimo_id FROM columnas WHERE tabla = ? AND version = ? ORDER BY primer_id",
            (tabla, VERSION_COPIA),
        ).fetchall()
        cubiertos += [(t.primer_id, t.ultimo_id) for t in self._sin_guardar.get(tabla, [])]
        cubiertos.sort()
        maximo = c.execute(f"SELECT MAX(id) FROM {tabla}").fetchone()[0]
        if maximo is None:
            return
        huecos, siguiente = [], 1
        for primer_id, ultimo_id in cubiertos:
            if primer_id > siguiente:
                huecos.append((siguiente, primer_id - 1))
            siguiente = max(siguiente, ultimo_id + 1)
        if siguiente <= maximo:
            huecos.append((siguiente, maximo))
        for desde, hasta in huecos:
            while desde <= hasta:
                tramo = self._leer_de_sqlite(tabla, desde, hasta)
                if tramo is None:
                    break
                self._guardar(tabla, tramo)
                desde = tramo.ultimo_id + 1

    def _leer_de_sqlite(self, tabla: str, desde: int, hasta: int) -> Tramo | None:
        """Las filas ``desde``..``hasta`` (hasta :data:`FILAS_POR_TRAMO`) como un tramo; ``None`` si no hay.

        Las fechas salen de SQLite ya como días o segundos desde 1970 (sin textos que convertir).
        """
        clases = COLUMNAS_COPIA[tabla]
        expresiones = [_EXPRESION_SQL.get(clase, "{col}").format(col=nombre) for nombre, clase in clases.items()]
        filas = self._conexion.execute(
            f"SELECT id, {', '.join(expresiones)} FROM {tabla} WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?",
            (desde, hasta, FILAS_POR_TRAMO),
        ).fetchall()
        if not filas:
            return None
        columnas = list(zip(*filas))
        return self._armar_tramo(tabla, int(columnas[0][0]), int(columnas[0][-1]), dict(zip(clases, columnas[1:])))

    def _armar_tramo(self, tabla: str, primer_id: int, ultimo_id: int, valores: dict) -> Tramo:
        """Un tramo con los valores de cada columna (secuencias de igual largo; una que falta = vacía).

        Textos como ``str`` o ``None``; números como ``float``/``int`` o ``None``; fechas como días o
        segundos desde 1970 (enteros o ``None``), o un arreglo entero con :data:`VACIO_DIA` /
        :data:`VACIO_MOMENTO` donde falta.
        """
        filas = len(next(iter(valores.values())))
        tramo = Tramo(primer_id=primer_id, ultimo_id=ultimo_id, filas=filas)
        for nombre, clase in COLUMNAS_COPIA[tabla].items():
            columna = valores.get(nombre)
            if columna is None:
                columna = [None] * filas
            if clase == DEUDOR:
                tramo.valores[nombre] = self._codificar_deudores(columna)
            elif clase == CATEGORIA:
                posiciones, distintos = pd.factorize(np.asarray(columna, dtype=object), use_na_sentinel=True)
                tramo.valores[nombre] = posiciones.astype(np.int32)
                tramo.categorias[nombre] = [str(v) for v in distintos.tolist()]
            elif clase == DIA:
                tramo.valores[nombre] = _enteros(columna, VACIO_DIA, np.int32)
            elif clase == MOMENTO:
                tramo.valores[nombre] = _enteros(columna, VACIO_MOMENTO, np.int64)
            else:
                # None → NaN; + 0.0 vuelve 0.0 un -0.0, como lo guarda SQLite (lo lee como 0.0)
                tramo.valores[nombre] = np.array(columna, dtype="float64") + 0.0
        return tramo

    def agregar(self, tabla: str, primer_id: int, valores: dict) -> None:
        """Guarda el tramo de filas recién insertadas (``primer_id`` en adelante, en orden) en la transacción abierta.

        Lo llaman las escrituras de la bitácora con lo que acaban de insertar, para que el informe
        siguiente no tenga que leerlo de SQLite. ``valores`` como en :meth:`_armar_tramo`.
        """
        filas = len(next(iter(valores.values())))
        if not filas or self._ignorar_guardados:
            return
        c = self._conexion
        self._al_dia()
        if self._claves is not None and _claves_guardadas(c) != self._guardadas:
            # El diccionario guardado no es el de memoria (se deshizo una escritura de esta conexión).
            self._olvidar()
        self._insertar(tabla, self._armar_tramo(tabla, primer_id, primer_id + filas - 1, valores))

    def _insertar(self, tabla: str, tramo: Tramo) -> None:
        """Escribe el tramo y las claves nuevas del diccionario (dentro de una transacción abierta)."""
        c = self._conexion
        nuevas = self._claves[self._guardadas:] if self._claves is not None else []
        c.execute("DELETE FROM columnas WHERE tabla = ? AND version <> ?", (tabla, VERSION_COPIA))
        if nuevas:
            c.execute("INSERT INTO columnas_deudores (primer_codigo, claves) VALUES (?, ?)",
                      (self._guardadas, json.dumps(nuevas, ensure_ascii=False)))
        c.executemany(
            "INSERT OR REPLACE INTO columnas (tabla, primer_id, ultimo_id, filas, version, columna, tipo, datos, "
            "categorias) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (tabla, tramo.primer_id, tramo.ultimo_id, tramo.filas, VERSION_COPIA, nombre, valores.dtype.str,
                 valores.tobytes(),
                 json.dumps(tramo.categorias[nombre], ensure_ascii=False) if nombre in tramo.categorias else None)
                for nombre, valores in tramo.valores.items()
            ],
        )
        self._guardadas += len(nuevas)

    def _guardar(self, tabla: str, tramo: Tramo) -> None:
        """Guarda un tramo armado al leer, en su propia transacción; si no se puede, queda en memoria."""
        c = self._conexion
        if self._ignorar_guardados:
            self._sin_guardar.setdefault(tabla, []).append(tramo)
            return
        espera = c.execute("PRAGMA busy_timeout").fetchone()[0]
        c.execute("PRAGMA busy_timeout = 0")  # guardar la copia es opcional: no se espera a otro proceso
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            self._sin_guardar.setdefault(tabla, []).append(tramo)
            return
        finally:
            c.execute(f"PRAGMA busy_timeout = {int(espera)}")
        try:
            if (_claves_guardadas(c) != self._guardadas
                    or c.execute("PRAGMA data_version").fetchone()[0] != self._version_datos):
                # Otro proceso escribió desde que se leyó el tramo: puede no ser fiel y no se guarda
                # (la lectura lo nota y se repite).
                c.execute("ROLLBACK")
                self._sin_guardar.setdefault(tabla, []).append(tramo)
                return
            self._insertar(tabla, tramo)
            c.execute("COMMIT")
        except sqlite3.OperationalError:
            # Solo lectura o en uso por otro proceso: la copia sirve para esta lectura y no se guarda.
            c.execute("ROLLBACK")
            self._sin_guardar.setdefault(tabla, []).append(tramo)

    # ------------------------------------------------------------------ leer

    def _tramos(self, tabla: str, columnas: list[str]) -> list[Tramo]:
        """Los tramos de ``tabla`` (guardados y en memoria) con ``columnas``, en orden de ``id``."""
        tramos: dict[int, Tramo] = {}
        if not self._ignorar_guardados:
            marcas = ", ".join("?" for _ in columnas)
            for primer_id, ultimo_id, filas, nombre, tipo, datos, categorias in self._conexion.execute(
                "SELECT primer_id, ultimo_id, filas, columna, tipo, datos, categorias FROM columnas "
                f"WHERE tabla = ? AND version = ? AND columna IN ({marcas})",
                (tabla, VERSION_COPIA, *columnas),
            ):
                tramo = tramos.setdefault(primer_id, Tramo(primer_id, ultimo_id, filas))
                tramo.valores[nombre] = np.frombuffer(datos, dtype=np.dtype(tipo))
                if categorias is not None:
                    tramo.categorias[nombre] = json.loads(categorias)
        for tramo in self._sin_guardar.get(tabla, []):
            tramos[tramo.primer_id] = tramo
        return [tramos[k] for k in sorted(tramos)]

    def leer(
        self,
        tabla: str,
        columnas: list[str],
        desde: int | None = None,
        hasta: int | None = None,
        solo_codigos: set[str] | None = None,
        sin_codigos: set[str] | None = None,
    ) -> pd.DataFrame:
        """Las ``columnas`` de ``tabla`` en orden de llegada (``id``), con la fecha entre ``desde`` y ``hasta``.

        ``desde`` y ``hasta`` son días desde 1970 (incluidos; ``None`` = sin límite) sobre la columna
        de :data:`COLUMNA_FECHA`. ``solo_codigos`` / ``sin_codigos`` filtran ``codigo`` (valores exactos).
        """
        clases = COLUMNAS_COPIA[tabla]
        fecha = COLUMNA_FECHA[tabla]
        filtra_codigo = solo_codigos is not None or sin_codigos is not None
        necesarias = list(dict.fromkeys([*columnas, *([fecha] if desde is not None or hasta is not None else []),
                                         *(["codigo"] if filtra_codigo else [])]))
        for _ in range(INTENTOS_LECTURA):
            version = self._al_dia()
            # Las tres tablas al día antes de leer: el diccionario de deudores queda completo y todas
            # las lecturas de la sesión comparten las mismas categorías de ``cliente_id``.
            for cada_tabla in COLUMNAS_COPIA:
                self.actualizar(cada_tabla)
            tramos = self._tramos(tabla, necesarias)
            if self._al_dia() == version:
                break  # nadie escribió mientras tanto: los tramos y el diccionario concuerdan
        else:
            raise ErrorArchivo("La bitácora cambió una y otra vez mientras se leía: otro proceso la está escribiendo.",
                               "Espere a que termine el otro comando y vuelva a intentarlo.")
        crudos: dict[str, np.ndarray] = {}
        categorias: dict[str, list] = {}
        for nombre in necesarias:
            if clases[nombre] == CATEGORIA:
                crudos[nombre], categorias[nombre] = _unir_categorias(
                    [t.valores[nombre] for t in tramos], [t.categorias[nombre] for t in tramos])
            else:
                vacio = np.empty(0, dtype=_TIPO_CRUDO[clases[nombre]])
                crudos[nombre] = np.concatenate([vacio] + [t.valores[nombre] for t in tramos])
        quedan = np.ones(sum(t.filas for t in tramos), dtype=bool)
        if desde is not None or hasta is not None:
            dias = crudos[fecha].astype(np.int64)
            if clases[fecha] == MOMENTO:
                dias = np.where(dias == VACIO_MOMENTO, VACIO_DIA, np.floor_divide(dias, 86_400))
            quedan &= dias != VACIO_DIA
            if desde is not None:
                quedan &= dias >= desde
            if hasta is not None:
                quedan &= dias <= hasta
        for claves, dentro in ((solo_codigos, True), (sin_codigos, False)):
            if claves is not None:
                es = np.array([c in claves for c in categorias["codigo"]] + [False], dtype=bool)
                en = es[crudos["codigo"]]  # el código -1 (vacío) cae en la última casilla
                quedan &= en if dentro else ~en
        filtrar = not quedan.all()
        datos = {}
        for nombre in dict.fromkeys(columnas):
            crudo = crudos[nombre][quedan] if filtrar else crudos[nombre]
            datos[nombre] = self._convertir(clases[nombre], crudo, categorias.get(nombre))
        return pd.DataFrame(datos, index=pd.RangeIndex(int(quedan.sum())), copy=False)

    def _convertir(self, clase: str, crudo: np.ndarray, categorias: list | None):
        if clase == DEUDOR:
            return pd.Categorical.from_codes(crudo, dtype=self.tipo_deudor())
        if clase == CATEGORIA:
            return pd.Categorical.from_codes(crudo, categories=pd.Index(categorias, dtype=object))
        if clase in (DIA, MOMENTO):
            valores = crudo.astype(np.int64)
            vacio = valores == (VACIO_DIA if clase == DIA else VACIO_MOMENTO)
            nanos = valores * (86_400 * 10**9 if clase == DIA else 10**9)
            nanos[vacio] = np.iinfo(np.int64).min  # NaT
            return nanos.view("datetime64[ns]")
        if clase == ENTERO:
            return pd.array(crudo, dtype="Int64")
        return np.asarray(crudo, dtype="float64")


#: Cómo sale cada clase de fecha de SQLite: días o segundos desde 1970 (NULL sigue NULL).
_EXPRESION_SQL = {
    DIA: "CAST(julianday({col}) - 2440587.5 AS INTEGER)",
    MOMENTO: "CAST(strftime('%s', {col}) AS INTEGER)",
}


def _claves_guardadas(conexion: sqlite3.Connection) -> int:
    """Cuántas claves tiene el diccionario de deudores guardado."""
    ultimo = conexion.execute("SELECT primer_codigo + json_array_length(claves) FROM columnas_deudores "
                              "ORDER BY primer_codigo DESC LIMIT 1").fetchone()
    return int(ultimo[0]) if ultimo else 0


def _enteros(valores, vacio: int, tipo) -> np.ndarray:
    """Enteros (``None`` → ``vacio``); un arreglo entero se toma tal cual."""
    if isinstance(valores, np.ndarray) and valores.dtype.kind in "iu":
        return valores.astype(tipo)
    numeros = np.array(valores, dtype="float64")  # None → NaN; días y segundos caben exactos
    return np.where(np.isnan(numeros), vacio, numeros).astype(tipo)


def epoca(textos, unidad: str) -> np.ndarray:
    """Fechas ISO de la bitácora (``None`` = vacía) como días (``"D"``) o segundos (``"s"``) desde 1970."""
    textos = np.asarray(textos, dtype=object)
    hay = textos != None  # noqa: E711 (comparación elemento a elemento en numpy)
    resultado = np.full(len(textos), VACIO_DIA if unidad == "D" else VACIO_MOMENTO, dtype=np.int64)
    # Solo los que tienen fecha: numpy convierte un None mucho más lento que un texto.
    resultado[hay] = np.array(textos[hay], dtype=f"datetime64[{unidad}]").astype(np.int64)
    return resultado


def _tipo_sin_validar(categorias: pd.Index) -> pd.CategoricalDtype:
    """``CategoricalDtype`` de categorías que ya se sabe que son únicas (el diccionario lo garantiza).

    Validar un millón de claves cuesta ~0,3 s por lectura; pandas tiene un camino sin validar
    (``_from_fastpath``, interno). Si una versión futura no lo tiene, se usa el constructor público.
    """
    rapido = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if rapido is not None:
        try:
            return rapido(categorias, False)
        except TypeError:
            pass
    return pd.CategoricalDtype(categorias)


_TIPO_CRUDO = {DEUDOR: np.int32, DIA: np.int32, MOMENTO: np.int64, NUMERO: np.float64, ENTERO: np.float64}


def _unir_categorias(codigos: list[np.ndarray], categorias: list[list]) -> tuple[np.ndarray, list]:
    """Une las categorías de varios tramos (en orden de aparición) y traduce sus códigos a la unión."""
    union: dict = {}
    traducidos = []
    for cod, cats in zip(codigos, categorias):
        traduccion = np.array([union.setdefault(c, len(union)) for c in cats] + [-1], dtype=np.int32)
        traducidos.append(traduccion[cod])  # -1 (vacío) cae en la última casilla
    return np.concatenate([np.empty(0, dtype=np.int32)] + traducidos), list(union)
