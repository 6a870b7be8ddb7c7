"""La bitácora: un archivo SQLite con lo que pasó (asignaciones, tipificaciones, pagos, ingestas).

Es el único código que abre ese archivo. Cada carga va en una sola transacción: si
se interrumpe (error, Ctrl+C, corte de luz) la bitácora queda como estaba. Las filas
se identifican por una *huella* de su contenido normalizado, única en su tabla: la
misma fila en un archivo renombrado no se carga dos veces.

El archivo usa ``journal_mode=DELETE`` (no WAL) para que sea un único archivo que
el supervisor pueda respaldar copiándolo.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from limonero_cli.bitacora.columnas import COLUMNA_FECHA, COLUMNAS_COPIA, DIA, MOMENTO, CopiaEnColumnas, epoca
from limonero_cli.bitacora.esquema import COLUMNAS_HUELLA, MIGRACIONES, VERSION_ESQUEMA
from limonero_cli.bitacora.huellas import huella_de_contenido, huellas_de_filas
from limonero_cli.errores import ErrorArchivo, ErrorDatos
from limonero_cli.estrategia.modelo import CAMPOS_PAGOS, CAMPOS_TIPIFICACIONES
from limonero_cli.nucleo.listas import COLUMNAS_ASIGNACION

# Las columnas canónicas de cada tabla: las mismas que leen las entradas y valida la estrategia.
COLUMNAS_TIPIFICACION = CAMPOS_TIPIFICACIONES
COLUMNAS_PAGO = CAMPOS_PAGOS

#: Un periodo que cubre menos de esta parte de los días guardados se lee con el índice por fecha.
PARTE_CON_INDICE = 0.25

#: Memoria de páginas de SQLite durante una carga o lectura (KiB; negativo = KiB en SQLite).
CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class ResultadoCarga:
    """Cuentas de una carga. Siempre ``leidas == cargadas + duplicadas + rechazadas + sin_gestion``.

    ``ya_cargado_el`` trae la fecha y hora de una ingesta anterior con el mismo
    contenido (el mismo archivo, aunque tenga otro nombre), o ``None``. ``mismos_bytes`` dice
    que el archivo era idéntico byte a byte a uno ya cargado y no se volvió a leer.
    ``reemplazadas``: de las cargadas, cuántas corrigen una fila de una lista ya cargada (la versión
    anterior de esa fila se borró en la misma transacción).
    """

    leidas: int
    cargadas: int
    duplicadas: int
    rechazadas: int
    sin_gestion: int
    ya_cargado_el: str | None = None
    ingesta_id: int | None = None
    mismos_bytes: bool = False
    reemplazadas: int = 0


# --------------------------------------------------------------------------- normalización


def _texto(serie: pd.Series) -> pd.Series:
    """Texto sin espacios a los lados; vacío → ``None`` (dtype object).

    Un número entero guardado como float (``123.0``) se escribe ``123``. Se normalizan solo los
    valores distintos (``pd.factorize``) y se reparten: rápido con millones de filas.
    """
    limpios_ya = _textos_limpios(serie)
    if limpios_ya is not None:
        return limpios_ya
    posiciones, distintos = pd.factorize(serie, use_na_sentinel=True)
    es_float = serie.dtype.kind == "f"
    limpios = []
    for valor in distintos.tolist():
        if es_float and isinstance(valor, float) and valor.is_integer():
            texto = str(int(valor))
        else:
            texto = str(valor).strip()
        limpios.append(texto or None)
    tabla = np.array([*limpios, None], dtype=object)  # la posición -1 (vacío) apunta al último
    return pd.Series(tabla[posiciones], index=serie.index, dtype=object)


_ESPACIO_O_VACIO = re.compile(r"\x00\s|\s\x00|\x00\x00")


def _textos_limpios(serie: pd.Series) -> pd.Series | None:
    """La columna tal cual (vacíos → ``None``) si ya es toda de textos sin espacios a los lados ni
    textos vacíos, como la deja el lector de entradas; si no, ``None``. Se mira de una vez, sin
    recorrer los valores uno por uno."""
    valores = serie.to_numpy(dtype=object)
    if serie.dtype != object or pd.api.types.infer_dtype(valores, skipna=True) != "string":
        return None
    vacios = pd.isna(valores)
    textos = valores[~vacios].tolist() if vacios.any() else valores.tolist()
    unido = "\x00" + "\x00".join(textos) + "\x00"
    if unido.count("\x00") != len(textos) + 1 or _ESPACIO_O_VACIO.search(unido):
        return None
    resultado = valores.copy()
    resultado[vacios] = None
    return pd.Series(resultado, index=serie.index, dtype=object)


def _fecha_hora(serie: pd.Series, solo_fecha: bool) -> pd.Series:
    """Fechas como texto ISO (``AAAA-MM-DD`` o ``AAAA-MM-DD HH:MM:SS``); vacío → ``None``."""
    fechas = pd.to_datetime(serie, errors="coerce")
    if getattr(fechas.dt, "tz", None) is not None:
        fechas = fechas.dt.tz_localize(None)
    valores = fechas.to_numpy(dtype="datetime64[D]" if solo_fecha else "datetime64[s]")
    vacio = np.isnat(valores)
    texto = np.datetime_as_string(valores, unit="D" if solo_fecha else "s")
    if not solo_fecha:
        texto = texto.astype("U19")
        texto.view(np.uint32).reshape(-1, 19)[:, 10] = ord(" ")  # «2025-03-01T10:00:00» → con espacio
    resultado = texto.astype(object)
    resultado[vacio] = None
    return pd.Series(resultado, index=serie.index, dtype=object)


def _monto(serie: pd.Series) -> pd.Series:
    """Montos redondeados a centavos (float); vacío → ``None``."""
    numeros = pd.to_numeric(serie, errors="coerce").astype("float64").round(2).to_numpy()
    resultado = numeros.astype(object)
    resultado[np.isnan(numeros)] = None
    return pd.Series(resultado, index=serie.index, dtype=object)


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _filas_para_insertar(tabla: pd.DataFrame) -> Iterator[tuple]:
    """Filas de ``tabla`` como tuplas para ``executemany`` (en orden de columnas)."""
    columnas = [tabla[c].tolist() for c in tabla.columns]
    return iter(zip(*columnas))


def _limites(desde: date | None, hasta: date | None, con_hora: bool) -> tuple[str, list[str]]:
    condiciones, parametros = [], []
    if desde is not None:
        condiciones.append("{col} >= ?")
        parametros.append(pd.Timestamp(desde).strftime("%Y-%m-%d"))
    if hasta is not None:
        if con_hora:
            condiciones.append("{col} < ?")
            parametros.append((pd.Timestamp(hasta).normalize() + pd.Timedelta(days=1)).strftime("%Y-%m-%d"))
        else:
            condiciones.append("{col} <= ?")
            parametros.append(pd.Timestamp(hasta).strftime("%Y-%m-%d"))
    return " AND ".join(condiciones), parametros


# --------------------------------------------------------------------------- la bitácora


class Bitacora:
    """La bitácora SQLite. Se abre con :meth:`abrir` y se usa como gestor de contexto::

        with Bitacora.abrir(Path("limonero.db")) as bitacora:
            resultado = bitacora.cargar_pagos(pagos, origen="pagos_hoy.xlsx")
    """

    def __init__(self, conexion: sqlite3.Connection, ruta: Path):
        self._conexion = conexion
        self.ruta = ruta
        self._copia = CopiaEnColumnas(conexion)

    # ------------------------------------------------------------------ apertura

    @classmethod
    def abrir(cls, ruta: Path) -> "Bitacora":
        """Abre la bitácora en ``ruta``; si no existe la crea con su esquema."""
        ruta = Path(ruta)
        if ruta.is_dir():
            raise ErrorArchivo(
                f"{ruta} es una carpeta, no una bitácora.",
                "Indique el archivo de la bitácora con --bitacora, por ejemplo limonero.db.",
            )
        if not ruta.parent.exists():
            raise ErrorArchivo(
                f"No existe la carpeta {ruta.parent} donde debería estar la bitácora {ruta.name}.",
                "Cree la carpeta o indique otra ruta con --bitacora.",
            )
        try:
            conexion = sqlite3.connect(str(ruta), isolation_level=None, timeout=10)
        except sqlite3.Error as error:
            raise ErrorArchivo(f"No se pudo abrir la bitácora {ruta}: {error}.") from error
        bitacora = cls(conexion, ruta)
        try:
            bitacora._preparar()
        except sqlite3.DatabaseError as error:
            conexion.close()
            mensaje = str(error).lower()
            if "not a database" in mensaje or "malformed" in mensaje or "encrypted" in mensaje:
                raise ErrorArchivo(
                    f"{ruta} no es una bitácora de limonero: no es un archivo SQLite o está dañado.",
                    "Indique la bitácora correcta con --bitacora, o restaure su copia de respaldo.",
                ) from error
            if "locked" in mensaje or "busy" in mensaje:
                raise ErrorArchivo(
                    f"La bitácora {ruta} está en uso por otro proceso.",
                    "Espere a que termine el otro comando y vuelva a intentarlo.",
                ) from error
            raise ErrorArchivo(f"No se pudo abrir la bitácora {ruta}: {error}.") from error
        except ErrorArchivo:
            conexion.close()
            raise
        return bitacora

    def _preparar(self) -> None:
        c = self._conexion
        # Un solo archivo (sin -wal): el supervisor respalda la bitácora copiándola. NORMAL basta en
        # modo DELETE: un corte de luz puede perder la última carga, no dañar las anteriores.
        c.execute("PRAGMA journal_mode=DELETE")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        tablas = {fila[0] for fila in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "esquema" in tablas:
            version = c.execute("SELECT MAX(version) FROM esquema").fetchone()[0] or 0
        elif tablas:
            raise ErrorArchivo(
                f"{self.ruta} es una base SQLite, pero no una bitácora de limonero (tiene otras tablas).",
                "Indique la bitácora correcta con --bitacora o use un archivo nuevo.",
            )
        else:
            version = 0
        if version > VERSION_ESQUEMA:
            raise ErrorArchivo(
                f"La bitácora {self.ruta} fue creada por una versión más nueva de limonero "
                f"(esquema {version}; esta versión entiende hasta el {VERSION_ESQUEMA}).",
                "Actualice limonero.",
            )
        if version == VERSION_ESQUEMA:
            return
        # Todas las migraciones en una transacción: si algo falla, la bitácora queda como estaba.
        with self._transaccion():
            c.execute("CREATE TABLE IF NOT EXISTS esquema (version INTEGER NOT NULL, aplicada TEXT NOT NULL)")
            for numero in range(version + 1, VERSION_ESQUEMA + 1):
                for paso in MIGRACIONES[numero]:
                    if callable(paso):
                        paso(c)
                    else:
                        c.execute(paso)
                c.execute("INSERT INTO esquema (version, aplicada) VALUES (?, ?)", (numero, _ahora()))

    def cerrar(self) -> None:
        """Cierra la conexión (también al salir de un ``with``)."""
        self._conexion.close()

    def __enter__(self) -> "Bitacora":
        return self

    def __exit__(self, *_excepcion) -> None:
        self.cerrar()

    @property
    def version_esquema(self) -> int:
        return int(self._conexion.execute("SELECT MAX(version) FROM esquema").fetchone()[0])

    # ------------------------------------------------------------------ transacciones

    class _Transaccion:
        def __init__(self, conexion: sqlite3.Connection, ruta: Path):
            self.conexion = conexion
            self.ruta = ruta

        def __enter__(self) -> sqlite3.Connection:
            try:
                self.conexion.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise ErrorArchivo(
                    f"La bitácora {self.ruta} está en uso por otro proceso ({error}).",
                    "Espere a que termine el otro comando y vuelva a intentarlo.",
                ) from error
            return self.conexion

        def __exit__(self, tipo, _valor, _traza) -> bool:
            # Cualquier salida con excepción (incluida KeyboardInterrupt) deshace todo.
            if tipo is None:
                self.conexion.execute("COMMIT")
            else:
                self.conexion.execute("ROLLBACK")
            return False

    def _transaccion(self) -> "Bitacora._Transaccion":
        return Bitacora._Transaccion(self._conexion, self.ruta)

    # ------------------------------------------------------------------ escrituras

    def registrar_cuentas(self, cuentas: pd.DataFrame) -> int:
        """Guarda a qué cliente pertenece cada cuenta (``cuenta``, ``cliente_id``); devuelve cuántas cambiaron.

        Si una cuenta ya estaba, se actualiza su cliente. Con esto, las tipificaciones y
        pagos que llegan solo con ``cuenta`` se atribuyen a su deudor; una cuenta nunca
        registrada se toma como su propio cliente.

        **Regla del cliente resuelto.** Tipificaciones y pagos guardan en ``cliente_id`` el deudor
        resuelto al cargarlos: el ``cliente_id`` del archivo si lo trae; si no, el registrado para
        su cuenta; si la cuenta no está registrada, la cuenta misma. Cuando aquí una cuenta cambia
        de deudor (o se registra por primera vez con un cliente distinto de ella misma), se corrige
        también el ``cliente_id`` de sus filas que llegaron sin cliente, en la misma transacción.
        Así las lecturas no necesitan unir con ``cuentas`` y dan lo mismo que si lo hicieran. Esa
        corrección recorre las tablas una vez (unos segundos con millones de filas) y solo ocurre
        si algo cambió.
        """
        if "cuenta" not in cuentas.columns:
            raise ErrorDatos("Para registrar cuentas en la bitácora falta la columna «cuenta».")
        cuenta = _texto(cuentas["cuenta"])
        cliente = _texto(_columna(cuentas, "cliente_id"))
        cliente = cliente.where(cliente.notna(), cuenta)
        tabla = pd.DataFrame({"cuenta": cuenta, "cliente_id": cliente})
        tabla = tabla[tabla["cuenta"].notna()].drop_duplicates("cuenta", keep="last")
        with self._transaccion() as c:
            tabla = _sin_las_ya_registradas(c, tabla)
            if tabla.empty:  # el caso de todos los días: la cartera de hoy no trae cuentas nuevas ni cambios
                return 0
            # En el orden de la llave: SQLite agrega al final de su índice en vez de saltar por él (2× más
            # rápido). ``sorted`` de Python ordena textos más rápido que pandas.
            cuentas_texto = tabla["cuenta"].to_numpy(dtype=object)
            tabla = tabla.take(sorted(range(len(tabla)), key=cuentas_texto.__getitem__))
            c.execute("CREATE TEMP TABLE IF NOT EXISTS _cuentas_nuevas (cuenta TEXT PRIMARY KEY, cliente_id TEXT)")
            c.execute("CREATE TEMP TABLE IF NOT EXISTS _cambios (cuenta TEXT PRIMARY KEY, cliente_id TEXT)")
            c.execute("DELETE FROM _cuentas_nuevas")
            c.execute("DELETE FROM _cambios")
            c.executemany("INSERT INTO _cuentas_nuevas (cuenta, cliente_id) VALUES (?, ?)", _filas_para_insertar(tabla))
            # Cuentas cuyo deudor efectivo cambia (una no registrada es su propio deudor).
            c.execute(
                "INSERT INTO _cambios (cuenta, cliente_id) SELECT n.cuenta, n.cliente_id FROM _cuentas_nuevas n "
                "LEFT JOIN cuentas c ON c.cuenta = n.cuenta WHERE n.cliente_id IS NOT COALESCE(c.cliente_id, n.cuenta)"
            )
            c.execute(
                "INSERT INTO cuentas (cuenta, cliente_id) SELECT cuenta, cliente_id FROM _cuentas_nuevas WHERE true "
                "ON CONFLICT (cuenta) DO UPDATE SET cliente_id = excluded.cliente_id "
                "WHERE cliente_id IS NOT excluded.cliente_id"
            )
            cambios = c.execute("SELECT COUNT(*) FROM _cambios").fetchone()[0]
            if cambios:
                for tabla_hechos in ("tipificaciones", "pagos"):
                    cambiadas = c.execute(
                        f"UPDATE {tabla_hechos} SET cliente_id = (SELECT ch.cliente_id FROM _cambios ch "
                        f"WHERE ch.cuenta = {tabla_hechos}.cuenta) "
                        f"WHERE cliente_archivo IS NULL AND cuenta IN (SELECT cuenta FROM _cambios) RETURNING id"
                    ).fetchall()
                    self._copia.invalidar(tabla_hechos, (fila[0] for fila in cambiadas))
            c.execute("DELETE FROM _cuentas_nuevas")
            c.execute("DELETE FROM _cambios")
        return int(cambios)

    def registrar_asignaciones(self, fecha: date, asignaciones: pd.DataFrame) -> int:
        """Guarda las asignaciones de la lista de ``fecha``; devuelve cuántas filas guardó.

        Volver a registrar la misma fecha REEMPLAZA las asignaciones de ese día (la lista
        se volvió a generar). ``cuentas`` puede venir como texto o como lista de cuentas.
        """
        if "cliente_id" not in asignaciones.columns:
            raise ErrorDatos("Para registrar asignaciones en la bitácora falta la columna «cliente_id».")
        dia = pd.Timestamp(fecha).strftime("%Y-%m-%d")
        tabla = pd.DataFrame(index=asignaciones.index)
        tabla["fecha"] = dia
        for col in COLUMNAS_ASIGNACION:
            valores = _columna(asignaciones, col)
            if col == "cuentas":
                valores = valores.map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
            if col == "saldo_vencido":
                tabla[col] = _monto(valores)
            elif col == "dias_mora":
                numeros = pd.to_numeric(valores, errors="coerce").round()
                tabla[col] = numeros.astype(object).where(numeros.notna(), None).map(
                    lambda v: None if v is None else int(v)
                )
            else:
                tabla[col] = _texto(valores)
        faltan = tabla["cliente_id"].isna()
        if faltan.any():
            fila = int(np.flatnonzero(faltan.to_numpy())[0]) + 1
            raise ErrorDatos(f"La asignación número {fila} del {dia} no tiene cliente_id.")
        columnas = ", ".join(tabla.columns)
        marcas = ", ".join("?" for _ in tabla.columns)
        with self._transaccion() as c:
            borradas = c.execute("DELETE FROM asignaciones WHERE fecha = ? RETURNING id", (dia,)).fetchall()
            self._copia.invalidar("asignaciones", (fila[0] for fila in borradas))
            primer_id = _siguiente_id(c, "asignaciones")
            c.executemany(f"INSERT INTO asignaciones ({columnas}) VALUES ({marcas})", _filas_para_insertar(tabla))
            self._copiar_insertadas(c, "asignaciones", tabla, primer_id, len(tabla))
        return len(tabla)

    def cargar_tipificaciones(
        self,
        datos: pd.DataFrame,
        origen: str,
        rechazadas: int = 0,
        sin_gestion: int = 0,
        leidas: int | None = None,
        huella_archivo: str | None = None,
        huella_bytes: str | None = None,
    ) -> ResultadoCarga:
        """Carga tipificaciones ya validadas; las que ya estaban cuentan como duplicadas.

        ``rechazadas`` y ``sin_gestion`` son las filas del archivo que no llegan aquí
        (se anotan en el registro de ingestas). ``leidas`` por defecto es la suma de todo.
        ``huella_bytes`` (de :func:`~limonero_cli.bitacora.huellas.huella_de_archivo`) queda en el
        registro para que :meth:`carga_repetida` reconozca el mismo archivo sin leerlo.
        """
        tabla = pd.DataFrame(
            {
                "cuenta": _texto(_columna(datos, "cuenta")),
                "cliente_archivo": _texto(_columna(datos, "cliente_id")),
                "fecha_hora": _fecha_hora(_columna(datos, "fecha_hora"), solo_fecha=False),
                "asesor": _texto(_columna(datos, "asesor")),
                "canal": _texto(_columna(datos, "canal")),
                "codigo": _texto(_columna(datos, "codigo")),
                "monto_promesa": _monto(_columna(datos, "monto_promesa")),
                "fecha_promesa": _fecha_hora(_columna(datos, "fecha_promesa"), solo_fecha=True),
                "comentario": _texto(_columna(datos, "comentario")),
            }
        )
        self._exigir(tabla, "fecha_hora", "tipificaciones", origen, datos)
        # Las filas de un libro de lista de limonero (traen la hoja del asesor) se marcan: si la misma
        # casilla (fecha de la lista, deudor, canal) vuelve con otro contenido, es una corrección.
        tabla["de_lista"] = 1 if "_hoja" in datos.columns else None
        return self._cargar("tipificaciones", tabla, origen, rechazadas, sin_gestion, leidas, huella_archivo,
                            huella_bytes)

    def cargar_pagos(
        self,
        datos: pd.DataFrame,
        origen: str,
        rechazadas: int = 0,
        leidas: int | None = None,
        huella_archivo: str | None = None,
        huella_bytes: str | None = None,
    ) -> ResultadoCarga:
        """Carga pagos ya validados; los que ya estaban cuentan como duplicados."""
        tabla = pd.DataFrame(
            {
                "cuenta": _texto(_columna(datos, "cuenta")),
                "cliente_archivo": _texto(_columna(datos, "cliente_id")),
                "fecha": _fecha_hora(_columna(datos, "fecha"), solo_fecha=True),
                "monto": _monto(_columna(datos, "monto")),
                "referencia": _texto(_columna(datos, "referencia")),
            }
        )
        self._exigir(tabla, "fecha", "pagos", origen, datos)
        self._exigir(tabla, "monto", "pagos", origen, datos)
        return self._cargar("pagos", tabla, origen, rechazadas, 0, leidas, huella_archivo, huella_bytes)

    @staticmethod
    def _exigir(tabla: pd.DataFrame, columna: str, tipo: str, origen: str, datos: pd.DataFrame) -> None:
        sin_deudor = tabla["cuenta"].isna() & tabla["cliente_archivo"].isna()
        for mascara, col in ((tabla[columna].isna(), columna), (sin_deudor, "cuenta")):
            if mascara.any():
                posicion = int(np.flatnonzero(mascara.to_numpy())[0])
                fila = datos["_fila"].iloc[posicion] if "_fila" in datos.columns else posicion + 1
                raise ErrorDatos(
                    f"{origen}, fila {fila}, columna «{col}»: falta el dato; no se cargó nada en la bitácora.",
                    f"Valide las {tipo} antes de cargarlas (las filas sin ese dato van a rechazos).",
                )

    def _clientes_resueltos(self, tabla: pd.DataFrame) -> pd.Series:
        """El deudor de cada fila: el del archivo; si no, el registrado para su cuenta; si no, la cuenta."""
        cliente = tabla["cliente_archivo"]
        faltan = cliente.isna().to_numpy()
        if not faltan.any():
            return cliente
        posiciones, cuentas = pd.factorize(tabla["cuenta"].to_numpy(dtype=object)[faltan], use_na_sentinel=True)
        # Una sola consulta para todas las cuentas distintas (la lista viaja como JSON).
        registrados = dict(
            self._conexion.execute(
                "SELECT c.cuenta, c.cliente_id FROM json_each(?) j JOIN cuentas c ON c.cuenta = j.value",
                (json.dumps(cuentas.tolist()),),
            ).fetchall()
        )
        de_cuenta = np.array([registrados.get(c, c) for c in cuentas.tolist()] + [None], dtype=object)
        valores = cliente.to_numpy(dtype=object, copy=True)
        valores[faltan] = de_cuenta[posiciones]
        return pd.Series(valores, index=tabla.index, dtype=object)

    def carga_repetida(self, tipo: str, origen: str, huella_bytes: str) -> ResultadoCarga | None:
        """Si un archivo con estos mismos bytes ya se cargó, anota la recarga y devuelve sus cuentas.

        Sirve para no volver a leer ni validar un archivo ya cargado: ``leidas``, ``rechazadas`` y
        ``sin_gestion`` son las de la primera carga, ``cargadas`` 0 y ``duplicadas`` lo que la primera
        vez fue cargado o duplicado. ``ya_cargado_el`` es la fecha y hora de la primera carga.
        Devuelve ``None`` si esos bytes no se cargaron nunca (hay que leer el archivo).
        """
        previa = self._conexion.execute(
            "SELECT fecha_hora, huella_archivo, leidas, cargadas, duplicadas, rechazadas, sin_gestion FROM ingestas "
            "WHERE tipo = ? AND huella_bytes = ? ORDER BY id LIMIT 1",
            (tipo, huella_bytes),
        ).fetchone()
        if previa is None:
            return None
        fecha_hora, huella_archivo, leidas, cargadas, duplicadas, rechazadas, sin_gestion = previa
        with self._transaccion() as c:
            cursor = c.execute(
                "INSERT INTO ingestas (tipo, archivo, huella_archivo, huella_bytes, fecha_hora, leidas, cargadas, "
                "duplicadas, rechazadas, sin_gestion) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                (tipo, origen, huella_archivo, huella_bytes, _ahora(), leidas, cargadas + duplicadas, rechazadas,
                 sin_gestion),
            )
        return ResultadoCarga(
            leidas=leidas,
            cargadas=0,
            duplicadas=cargadas + duplicadas,
            rechazadas=rechazadas,
            sin_gestion=sin_gestion,
            ya_cargado_el=fecha_hora,
            ingesta_id=cursor.lastrowid,
            mismos_bytes=True,
        )

    def _cargar(
        self,
        tipo: str,
        tabla: pd.DataFrame,
        origen: str,
        rechazadas: int,
        sin_gestion: int,
        leidas: int | None,
        huella_archivo: str | None,
        huella_bytes: str | None,
    ) -> ResultadoCarga:
        if leidas is None:
            leidas = len(tabla) + rechazadas + sin_gestion
        if leidas != len(tabla) + rechazadas + sin_gestion:
            raise ErrorDatos(
                f"{origen}: las cuentas de la carga no cuadran (leídas {leidas}, válidas {len(tabla)}, "
                f"rechazadas {rechazadas}, sin gestión {sin_gestion}); no se cargó nada."
            )
        huellas = huellas_de_filas(tabla[list(COLUMNAS_HUELLA[tipo])])
        # En orden de huella el índice único crece por un extremo: la carga es mucho más rápida.
        orden = np.argsort(huellas, kind="stable")
        tabla = tabla.take(orden).reset_index(drop=True)
        huellas = huellas[orden]
        tabla.insert(0, "huella", huellas)
        huella_archivo = huella_archivo or huella_de_contenido(huellas)
        previa = self._conexion.execute(
            "SELECT fecha_hora FROM ingestas WHERE tipo = ? AND huella_archivo = ? ORDER BY id LIMIT 1",
            (tipo, huella_archivo),
        ).fetchone()
        with self._transaccion() as c:
            tabla.insert(2, "cliente_id", self._clientes_resueltos(tabla))
            # Las columnas vacías en toda la carga no se envían (quedan NULL): menos valores que pasar.
            columnas = [col for col in tabla.columns if col in ("huella", "cliente_id") or _tiene_datos(tabla[col])]
            tabla = tabla[columnas]
            cursor = c.execute(
                "INSERT INTO ingestas (tipo, archivo, huella_archivo, huella_bytes, fecha_hora, leidas, cargadas, "
                "duplicadas, rechazadas, sin_gestion) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                (tipo, origen, huella_archivo, huella_bytes, _ahora(), leidas, rechazadas, sin_gestion),
            )
            ingesta_id = cursor.lastrowid
            tabla = tabla.assign(ingesta_id=ingesta_id)
            reemplazadas = self._quitar_versiones_anteriores(c, tabla) if "de_lista" in tabla.columns else 0
            sql = (
                f"INSERT OR IGNORE INTO {tipo} ({', '.join(tabla.columns)}) "
                f"VALUES ({', '.join('?' for _ in tabla.columns)})"
            )
            antes = c.total_changes
            primer_id = _siguiente_id(c, tipo)
            c.executemany(sql, _filas_para_insertar(tabla))
            cargadas = c.total_changes - antes
            duplicadas = len(tabla) - cargadas
            self._copiar_insertadas(c, tipo, tabla, primer_id, cargadas)
            c.execute(
                "UPDATE ingestas SET cargadas = ?, duplicadas = ? WHERE id = ?", (cargadas, duplicadas, ingesta_id)
            )
        return ResultadoCarga(
            leidas=leidas,
            cargadas=cargadas,
            duplicadas=duplicadas,
            rechazadas=rechazadas,
            sin_gestion=sin_gestion,
            ya_cargado_el=previa[0] if previa else None,
            ingesta_id=ingesta_id,
            reemplazadas=reemplazadas,
        )

    def _copiar_insertadas(self, c: sqlite3.Connection, tabla: str, filas: pd.DataFrame, primer_id: int,
                           insertadas: int) -> None:
        """Agrega a la copia en columnas las filas que se acaban de insertar (ids ``primer_id`` en adelante).

        Si no todas las ``filas`` entraron (``INSERT OR IGNORE`` saltó las duplicadas), se ubican por
        su huella. Si los ids no son los esperados, no se agrega nada: la próxima lectura compacta
        las leerá de SQLite.
        """
        if not insertadas or _siguiente_id(c, tabla) != primer_id + insertadas:
            return
        if insertadas < len(filas):
            nuevas = [fila[0] for fila in c.execute(f"SELECT huella FROM {tabla} WHERE id >= ? ORDER BY id",
                                                     (primer_id,))]
            posiciones = pd.Index(filas["huella"]).get_indexer(nuevas)
            if (posiciones < 0).any():
                return
            filas = filas.take(posiciones)
        valores = {}
        for nombre, clase in COLUMNAS_COPIA[tabla].items():
            if nombre in filas.columns:
                columna = filas[nombre].to_numpy(dtype=object)
                valores[nombre] = epoca(columna, "D" if clase == DIA else "s") if clase in (DIA, MOMENTO) else columna
        self._copia.agregar(tabla, primer_id, valores)

    def _quitar_versiones_anteriores(self, c: sqlite3.Connection, tabla: pd.DataFrame) -> int:
        """Borra lo cargado antes desde una lista para las casillas que esta carga trae con otro contenido.

        Una casilla es (fecha de la lista, deudor, canal): lo que el asesor anotó en esa fila de su
        hoja. Si se corrige la hoja y se vuelve a cargar, la versión nueva reemplaza a la vieja (en la
        misma transacción); una fila idéntica sigue siendo un duplicado. Devuelve cuántas se borraron.
        """
        de_lista = tabla[tabla["de_lista"].notna()]
        if de_lista.empty:
            return 0
        c.execute("CREATE TEMP TABLE IF NOT EXISTS _casillas (fecha_hora TEXT, cliente_id TEXT, canal TEXT, huella INTEGER)")
        c.execute("DELETE FROM _casillas")
        canal = _columna(de_lista, "canal")  # una carga sin ningún canal no trae la columna (ver _cargar)
        c.executemany(
            "INSERT INTO _casillas VALUES (?, ?, ?, ?)",
            zip(de_lista["fecha_hora"], de_lista["cliente_id"], canal.astype(object).where(canal.notna(), None),
                (int(h) for h in de_lista["huella"])),
        )
        borradas = c.execute(
            "DELETE FROM tipificaciones WHERE de_lista = 1 "
            "AND huella NOT IN (SELECT huella FROM _casillas) "
            "AND EXISTS (SELECT 1 FROM _casillas s WHERE s.fecha_hora = tipificaciones.fecha_hora "
            "AND s.cliente_id = tipificaciones.cliente_id AND s.canal IS tipificaciones.canal) RETURNING id"
        ).fetchall()
        self._copia.invalidar("tipificaciones", (fila[0] for fila in borradas))
        return len(borradas)

    # ------------------------------------------------------------------ lecturas

    def _leer(self, sql: str, parametros: list) -> pd.DataFrame:
        cursor = self._conexion.execute(sql, parametros)
        nombres = [d[0] for d in cursor.description]
        filas = cursor.fetchall()
        if not filas:
            return pd.DataFrame({n: pd.Series([], dtype=object) for n in nombres})
        df = pd.DataFrame.from_records(filas, columns=nombres, coerce_float=False)
        for nombre in nombres:
            # Textos como object con str o None (contrato de los DataFrames canónicos).
            if df[nombre].dtype == object or isinstance(df[nombre].dtype, pd.StringDtype):
                valores = df[nombre].to_numpy(dtype=object, na_value=None)
                df[nombre] = pd.Series(valores, index=df.index, dtype=object)
        return df

    @staticmethod
    def _elegir(todas: tuple[str, ...], columnas) -> list[str]:
        """Las columnas pedidas (en el orden de ``todas``); ``None`` = todas. Una desconocida es un error."""
        if columnas is None:
            return list(todas)
        desconocidas = [c for c in columnas if c not in todas]
        if desconocidas:
            raise ErrorDatos(f"La bitácora no tiene la columna «{desconocidas[0]}» (tiene: {', '.join(todas)}).")
        return [c for c in todas if c in set(columnas)]

    def _de_la_copia(self, tabla: str, columnas, desde: date | None, hasta: date | None, compacto: bool,
                     **codigos) -> pd.DataFrame | None:
        """La lectura desde la copia en columnas (:mod:`limonero_cli.bitacora.columnas`), o ``None``: ir a SQLite.

        Con ``compacto=True``, siempre (una columna que la copia no tiene es un error). Sin él, cuando
        se piden columnas y todas están en la copia: el resultado es el de leer las tablas (textos
        ``object`` con ``str`` o ``None``, en orden de fecha y de llegada), mucho más rápido.
        """
        copiadas = tuple(COLUMNAS_COPIA[tabla])
        if not compacto and (columnas is None or not set(columnas) <= set(copiadas)):
            return None
        pedidas = list(copiadas) if columnas is None else list(columnas)
        if not compacto:
            pedidas = [c for c in copiadas if c in pedidas]  # en el orden de las tablas, como :meth:`_elegir`
        faltan = [c for c in pedidas if c not in copiadas]
        if faltan:
            raise ErrorDatos(f"La lectura compacta de {tabla} no tiene la columna «{faltan[0]}» "
                             f"(tiene: {', '.join(copiadas)}).")
        datos = self._copia.leer(tabla, pedidas, _dia(desde), _dia(hasta), **codigos)
        return datos if compacto else _como_las_tablas(datos, COLUMNA_FECHA[tabla])

    def asignaciones(
        self,
        desde: date | None = None,
        hasta: date | None = None,
        columnas: tuple[str, ...] | None = None,
        compacto: bool = False,
    ) -> pd.DataFrame:
        """Asignaciones con ``fecha`` entre ``desde`` y ``hasta`` (ambas incluidas), en orden de registro.

        ``columnas`` limita lo que se lee (más rápido con millones de filas); ``fecha`` siempre viene.
        ``compacto=True`` lee de la copia en columnas (mucho más rápido con millones de filas): los
        textos vienen como ``category`` (``cliente_id`` con las mismas categorías en las tres tablas)
        y el orden es el de registro; ``cuentas`` no está en la copia.
        """
        copia = self._de_la_copia("asignaciones", None if columnas is None else ("fecha", *columnas), desde, hasta,
                                  compacto)
        if copia is not None:
            return copia
        condicion, parametros = _limites(desde, hasta, con_hora=False)
        donde = f"WHERE {condicion.format(col='fecha')}" if condicion else ""
        elegidas = ["fecha"] + [c for c in self._elegir(("fecha",) + COLUMNAS_ASIGNACION, columnas) if c != "fecha"]
        df = self._leer(f"SELECT {', '.join(elegidas)} FROM asignaciones {donde} ORDER BY fecha, id", parametros)
        df["fecha"] = pd.to_datetime(df["fecha"], format="%Y-%m-%d").astype("datetime64[ns]")
        if "saldo_vencido" in df.columns:
            df["saldo_vencido"] = pd.to_numeric(df["saldo_vencido"]).astype("float64")
        if "dias_mora" in df.columns:
            df["dias_mora"] = pd.array(df["dias_mora"].tolist(), dtype="Int64")
        return df

    def _conviene_indice(self, tabla: str, columna: str, desde: date | None, hasta: date | None) -> bool:
        """``True`` si el periodo es una parte chica de la tabla (menos de :data:`PARTE_CON_INDICE`).

        Para un periodo que abarca casi todo, recorrer la tabla es más rápido que ir y venir
        entre el índice y las filas. La parte se estima por días entre la primera y la última
        fecha guardadas (``MIN``/``MAX`` salen del índice al instante).
        """
        if desde is None and hasta is None:
            return False
        primera, ultima = self._conexion.execute(f"SELECT MIN({columna}), MAX({columna}) FROM {tabla}").fetchone()
        if primera is None:
            return False
        inicio, fin = pd.Timestamp(primera[:10]), pd.Timestamp(ultima[:10])
        desde_t = max(pd.Timestamp(desde), inicio) if desde is not None else inicio
        hasta_t = min(pd.Timestamp(hasta), fin) if hasta is not None else fin
        total = (fin - inicio).days + 1
        parte = max((hasta_t - desde_t).days + 1, 0)
        return parte < PARTE_CON_INDICE * total

    def tipificaciones(
        self,
        desde: date | None = None,
        hasta: date | None = None,
        columnas: tuple[str, ...] | None = None,
        solo_codigos: tuple[str, ...] | None = None,
        sin_codigos: tuple[str, ...] | None = None,
        compacto: bool = False,
    ) -> pd.DataFrame:
        """Tipificaciones del periodo (por día de ``fecha_hora``), con ``cliente_id`` resuelto.

        El cliente es el que vino en el archivo; si vino solo la cuenta, el cliente
        registrado para esa cuenta; si la cuenta no está registrada, la cuenta misma (se
        resuelve al cargar y se corrige al registrar cuentas: ver :meth:`registrar_cuentas`).
        ``columnas`` limita lo que se lee (de :data:`COLUMNAS_TIPIFICACION` e ``ingesta_id``);
        ``solo_codigos`` / ``sin_codigos`` leen solo (o todo menos) esos códigos (sin distinguir
        mayúsculas ni espacios). Con millones de filas, leer menos es lo que más acelera un informe.

        Sin ``columnas`` el orden es el de ``fecha_hora`` (y el de llegada a igual hora). Con
        ``columnas`` no se ordena (ordenar millones de filas cuesta): quien necesite un orden lo
        impone. ``compacto=True`` lee de la copia en columnas, como en :meth:`asignaciones` (orden de
        llegada; sin ``cuenta``, ``comentario`` ni ``ingesta_id``); por defecto los textos son
        ``object`` con ``str`` o ``None``.
        """
        claves = {n: None if lista is None else _claves_de_codigo(lista)
                  for n, lista in (("solo_codigos", solo_codigos), ("sin_codigos", sin_codigos))}
        copia = self._de_la_copia("tipificaciones", columnas, desde, hasta, compacto, **claves)
        if copia is not None:
            return copia
        condicion, parametros = _limites(desde, hasta, con_hora=True)
        # Sin índice por fecha (esquema 4): los informes leen el periodo de la copia en columnas.
        condiciones = [condicion.format(col="fecha_hora")] if condicion else []
        condiciones, parametros = _filtro_codigos(condiciones, parametros, solo_codigos, sin_codigos)
        donde = f"WHERE {' AND '.join(condiciones)}" if condiciones else ""
        orden = "ORDER BY fecha_hora, id" if columnas is None else ""
        elegidas = self._elegir(COLUMNAS_TIPIFICACION + ("ingesta_id",), columnas)
        df = self._leer(f"SELECT {', '.join(elegidas)} FROM tipificaciones {donde} {orden}", parametros)
        if "fecha_hora" in df.columns:
            df["fecha_hora"] = _fechas(df["fecha_hora"], "%Y-%m-%d %H:%M:%S")
        if "fecha_promesa" in df.columns:
            df["fecha_promesa"] = _fechas(df["fecha_promesa"], "%Y-%m-%d")
        if "monto_promesa" in df.columns:
            df["monto_promesa"] = pd.to_numeric(df["monto_promesa"]).astype("float64")
        if "ingesta_id" in df.columns:
            df["ingesta_id"] = pd.to_numeric(df["ingesta_id"]).astype("int64")
        return df

    def pagos(
        self,
        desde: date | None = None,
        hasta: date | None = None,
        columnas: tuple[str, ...] | None = None,
        compacto: bool = False,
    ) -> pd.DataFrame:
        """Pagos del periodo (por ``fecha``), con ``cliente_id`` resuelto como en :meth:`tipificaciones`.

        Sin ``columnas`` el orden es el de ``fecha`` (y el de llegada); con ``columnas``, sin orden.
        ``compacto=True``: de la copia en columnas, como en :meth:`asignaciones`.
        """
        copia = self._de_la_copia("pagos", columnas, desde, hasta, compacto)
        if copia is not None:
            return copia
        condicion, parametros = _limites(desde, hasta, con_hora=False)
        columna = "fecha" if self._conviene_indice("pagos", "fecha", desde, hasta) else "+fecha"
        donde = f"WHERE {condicion.format(col=columna)}" if condicion else ""
        elegidas = self._elegir(COLUMNAS_PAGO + ("ingesta_id",), columnas)
        orden = "ORDER BY fecha, id" if columnas is None else ""
        df = self._leer(f"SELECT {', '.join(elegidas)} FROM pagos {donde} {orden}", parametros)
        if "fecha" in df.columns:
            df["fecha"] = _fechas(df["fecha"], "%Y-%m-%d")
        if "monto" in df.columns:
            df["monto"] = pd.to_numeric(df["monto"]).astype("float64")
        if "ingesta_id" in df.columns:
            df["ingesta_id"] = pd.to_numeric(df["ingesta_id"]).astype("int64")
        return df

    def ingestas(self) -> pd.DataFrame:
        """El registro de ingestas, de la más vieja a la más nueva."""
        df = self._leer(
            "SELECT id, tipo, archivo, huella_archivo, fecha_hora, leidas, cargadas, duplicadas, rechazadas, "
            "sin_gestion FROM ingestas ORDER BY id",
            [],
        )
        for col in ("id", "leidas", "cargadas", "duplicadas", "rechazadas", "sin_gestion"):
            df[col] = pd.to_numeric(df[col]).astype("int64")
        df["fecha_hora"] = pd.to_datetime(df["fecha_hora"], format="%Y-%m-%d %H:%M:%S").astype("datetime64[ns]")
        return df

    def cuentas(self) -> pd.DataFrame:
        """Las cuentas registradas con su cliente."""
        return self._leer("SELECT cuenta, cliente_id FROM cuentas ORDER BY cuenta", [])

    def tiene_cuentas(self) -> bool:
        """Si hay alguna cuenta registrada (sin leerlas)."""
        return self._conexion.execute("SELECT 1 FROM cuentas LIMIT 1").fetchone() is not None

    def deudores_conocidos(self, datos: pd.DataFrame) -> np.ndarray | None:
        """Para cada fila de ``datos`` (``cuenta`` y/o ``cliente_id``), si su deudor —resuelto como al cargarla:
        el ``cliente_id`` del archivo, si no el registrado para su cuenta, si no la cuenta— es el cliente de
        alguna cuenta registrada. ``None`` si la bitácora no tiene ninguna cuenta registrada."""
        if not self.tiene_cuentas():
            return None
        resueltos = self._clientes_resueltos(pd.DataFrame({
            "cuenta": _texto(_columna(datos, "cuenta")),
            "cliente_archivo": _texto(_columna(datos, "cliente_id")),
        }))
        distintos = resueltos.dropna().unique().tolist()
        if not distintos:
            return np.zeros(len(datos), dtype=bool)
        registrados = [fila[0] for fila in self._conexion.execute(
            "SELECT DISTINCT cliente_id FROM cuentas WHERE cliente_id IN (SELECT value FROM json_each(?))",
            (json.dumps(distintos),),
        )]
        return resueltos.isin(registrados).to_numpy()


def _fechas(textos: pd.Series, formato: str) -> pd.Series:
    """Textos ISO de la bitácora → ``datetime64[ns]`` (``None`` → NaT)."""
    return pd.to_datetime(textos, format=formato).astype("datetime64[ns]")


def _como_las_tablas(datos: pd.DataFrame, fecha: str) -> pd.DataFrame:
    """Una lectura de la copia en la forma de las de SQLite: textos ``object`` (``str`` o ``None``), por fecha y llegada."""
    orden = None
    if fecha in datos.columns:
        fechas = datos[fecha].to_numpy()
        if len(fechas) > 1 and (fechas[1:] < fechas[:-1]).any():
            orden = np.argsort(fechas, kind="stable")  # a igual fecha, el orden de llegada
    columnas = {}
    for nombre in datos.columns:
        valores = datos[nombre].array
        if isinstance(valores, pd.Categorical):
            codigos = valores.codes if orden is None else valores.codes[orden]
            textos = np.append(valores.categories.to_numpy(dtype=object), None)  # el código -1 → None
            columnas[nombre] = pd.Series(textos[codigos], dtype=object, copy=False)
        else:
            columnas[nombre] = datos[nombre] if orden is None else datos[nombre].take(orden).reset_index(drop=True)
    return pd.DataFrame(columnas, copy=False)


def _tiene_datos(serie: pd.Series) -> bool:
    """``True`` si algún valor no está vacío (se detiene en el primero: casi siempre al comienzo)."""
    return any(v is not None and v == v for v in serie.to_numpy(dtype=object))  # v == v: no es NaN


def _sin_las_ya_registradas(c: sqlite3.Connection, tabla: pd.DataFrame) -> pd.DataFrame:
    """Las filas (``cuenta``, ``cliente_id``) que no están ya registradas tal cual: nuevas o con otro cliente.

    Leer las registradas y comparar en memoria cuesta la décima parte que pasarlas todas por SQLite.
    """
    registradas = dict(c.execute("SELECT cuenta, cliente_id FROM cuentas"))
    if not registradas:
        return tabla
    antes = [registradas.get(cuenta) for cuenta in tabla["cuenta"].to_numpy(dtype=object).tolist()]
    cambia = np.fromiter((a != b for a, b in zip(antes, tabla["cliente_id"].to_numpy(dtype=object).tolist())),
                         dtype=bool, count=len(antes))
    return tabla[cambia]


def _siguiente_id(c: sqlite3.Connection, tabla: str) -> int:
    """El id que SQLite dará a la próxima fila de ``tabla`` (uno más que el mayor)."""
    return int(c.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {tabla}").fetchone()[0])


def _dia(valor: date | None) -> int | None:
    """Una fecha como días desde 1970 (``None`` → ``None``)."""
    return None if valor is None else int((pd.Timestamp(valor).normalize() - pd.Timestamp(0)).days)


def _claves_de_codigo(lista) -> set[str]:
    """Las formas de cada código con las que se compara la columna ``codigo``.

    La bitácora guarda el código como lo escribe el catálogo (validado al cargar): se compara tal
    cual, en mayúsculas y en minúsculas (comparar la columna transformada es mucho más lento).
    """
    return {f(str(c).strip()) for c in lista for f in (str, str.upper, str.lower)}


def _filtro_codigos(condiciones: list[str], parametros: list, solo_codigos, sin_codigos) -> tuple[list[str], list]:
    """Agrega las condiciones de ``solo_codigos`` / ``sin_codigos`` sobre la columna ``codigo``."""
    for lista, operador in ((solo_codigos, "IN"), (sin_codigos, "NOT IN")):
        if lista is None:
            continue
        claves = sorted(_claves_de_codigo(lista))
        marcas = ", ".join("?" for _ in claves)
        if operador == "IN":
            condiciones = condiciones + [f"codigo IN ({marcas})" if claves else "0"]
        else:
            condiciones = condiciones + [f"(codigo IS NULL OR codigo NOT IN ({marcas}))" if claves else "1"]
        parametros = parametros + claves
    return condiciones, parametros


def _ahora() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")
