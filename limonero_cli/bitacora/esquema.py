"""Esquema de la bitácora SQLite y sus migraciones.

La tabla ``esquema`` guarda la versión. Una bitácora nueva se crea en la última
versión; una más vieja se migra paso a paso al abrirla; una más nueva que este
programa se rechaza (la escribió una versión más reciente de limonero).

Versiones:

1. Tablas ``cuentas``, ``asignaciones``, ``ingestas``, ``tipificaciones`` y ``pagos``; la huella
   de cada fila es un texto (SHA-1 en hexadecimal).
2. Para cargar y leer millones de filas: la huella es un entero de 64 bits (ver
   :mod:`limonero_cli.bitacora.huellas`); ``cliente_id`` de tipificaciones y pagos es el deudor ya
   resuelto al cargar (el del archivo, si no el registrado para la cuenta, si no la cuenta) y el
   del archivo queda en ``cliente_archivo``; índices por ``fecha_hora`` / ``fecha``; ``ingestas``
   guarda la huella de los bytes del archivo (``huella_bytes``) para reconocer una recarga sin
   leerlo. La migración recalcula las huellas de las filas que ya estaban, así que volver a cargar
   un archivo cargado antes de migrar tampoco agrega nada.
3. ``tipificaciones.de_lista`` marca lo cargado desde un libro de lista (una lista corregida y
   vuelta a cargar reemplaza su versión anterior).
4. Tablas ``columnas`` y ``columnas_deudores``: la copia en columnas que leen los informes
   (:mod:`limonero_cli.bitacora.columnas`); sin el índice ``tipificaciones_fecha_hora``.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Union

import numpy as np
import pandas as pd

from limonero_cli.bitacora.columnas import TABLAS_COPIA
from limonero_cli.bitacora.huellas import combinar_repeticion, huellas_de_filas

VERSION_ESQUEMA = 4

#: Un paso de migración: una sentencia SQL o una función que recibe la conexión.
Paso = Union[str, Callable[[sqlite3.Connection], None]]

#: Filas por tramo al recalcular huellas en la migración 2 (acota la memoria).
TRAMO_MIGRACION = 500_000

#: Columnas de cada tabla que entran en la huella, en orden (``cliente_archivo``: el del archivo).
COLUMNAS_HUELLA = {
    "tipificaciones": ("cuenta", "cliente_archivo", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa",
                       "fecha_promesa", "comentario"),
    "pagos": ("cuenta", "cliente_archivo", "fecha", "monto", "referencia"),
}

TABLA_TIPIFICACIONES_V2 = """
    CREATE TABLE IF NOT EXISTS {nombre} (
        id               INTEGER PRIMARY KEY,
        huella           INTEGER NOT NULL,
        cuenta           TEXT,
        cliente_id       TEXT NOT NULL,
        cliente_archivo  TEXT,
        fecha_hora       TEXT NOT NULL,
        asesor           TEXT,
        canal            TEXT,
        codigo           TEXT,
        monto_promesa    REAL,
        fecha_promesa    TEXT,
        comentario       TEXT,
        ingesta_id       INTEGER REFERENCES ingestas (id)
    )
"""

TABLA_PAGOS_V2 = """
    CREATE TABLE IF NOT EXISTS {nombre} (
        id               INTEGER PRIMARY KEY,
        huella           INTEGER NOT NULL,
        cuenta           TEXT,
        cliente_id       TEXT NOT NULL,
        cliente_archivo  TEXT,
        fecha            TEXT NOT NULL,
        monto            REAL NOT NULL,
        referencia       TEXT,
        ingesta_id       INTEGER REFERENCES ingestas (id)
    )
"""

INDICES_V2 = (
    "CREATE UNIQUE INDEX IF NOT EXISTS tipificaciones_huella ON tipificaciones (huella)",
    "CREATE INDEX IF NOT EXISTS tipificaciones_fecha_hora ON tipificaciones (fecha_hora)",
    "CREATE UNIQUE INDEX IF NOT EXISTS pagos_huella ON pagos (huella)",
    "CREATE INDEX IF NOT EXISTS pagos_fecha ON pagos (fecha)",
    "CREATE INDEX IF NOT EXISTS ingestas_huella_bytes ON ingestas (tipo, huella_bytes)",
)


def _migrar_tabla(conexion: sqlite3.Connection, tabla: str, creacion: str) -> None:
    """Rehace ``tabla`` en el esquema 2: huella entera recalculada y cliente resuelto.

    Las huellas se recalculan por tramos (en orden de ``id``) con las mismas reglas que una carga
    nueva: los valores guardados ya están normalizados. El número de repetición de una fila
    idéntica a otra sale del sufijo ``:n`` de la huella vieja.
    """
    columnas = COLUMNAS_HUELLA[tabla]
    nueva = f"{tabla}_v2"
    conexion.execute(creacion.format(nombre=nueva))
    conexion.execute("CREATE TEMP TABLE IF NOT EXISTS _huellas_v2 (id INTEGER PRIMARY KEY, huella INTEGER NOT NULL)")
    conexion.execute("DELETE FROM _huellas_v2")
    leidas = ", ".join("cliente_id AS cliente_archivo" if c == "cliente_archivo" else c for c in columnas)
    ultimo = -1
    while True:
        cursor = conexion.execute(
            f"SELECT id, huella, {leidas} FROM {tabla} WHERE id > ? ORDER BY id LIMIT ?", (ultimo, TRAMO_MIGRACION)
        )
        filas = cursor.fetchall()
        if not filas:
            break
        tramo = pd.DataFrame.from_records(filas, columns=["id", "huella_vieja", *columnas], coerce_float=False)
        ultimo = int(tramo["id"].iloc[-1])
        # La base de la huella (sin repetición) se calcula fila por fila: aquí cada fila es única.
        base = huellas_de_filas(tramo[list(columnas)].astype(object).where(tramo[list(columnas)].notna(), None),
                                repeticiones=False)
        vieja = tramo["huella_vieja"].astype(str)
        sufijo = vieja.str.partition(":")[2]
        repeticion = pd.to_numeric(sufijo.where(sufijo != "", "0"), errors="coerce").fillna(0).to_numpy(np.uint64)
        huella = combinar_repeticion(base, repeticion)
        conexion.executemany(
            "INSERT INTO _huellas_v2 (id, huella) VALUES (?, ?)",
            zip(tramo["id"].tolist(), huella.tolist()),
        )
    otras = [c for c in columnas if c != "cliente_archivo"]
    destino = ", ".join(["id", "huella", "cliente_id", "cliente_archivo", *otras, "ingesta_id"])
    origen = ", ".join(["t.id", "h.huella", "COALESCE(t.cliente_id, c.cliente_id, t.cuenta)", "t.cliente_id",
                        *(f"t.{c}" for c in otras), "t.ingesta_id"])
    conexion.execute(
        f"INSERT INTO {nueva} ({destino}) SELECT {origen} FROM {tabla} t JOIN _huellas_v2 h ON h.id = t.id "
        f"LEFT JOIN cuentas c ON c.cuenta = t.cuenta ORDER BY t.id"
    )
    conexion.execute("DROP TABLE _huellas_v2")
    conexion.execute(f"DROP TABLE {tabla}")
    conexion.execute(f"ALTER TABLE {nueva} RENAME TO {tabla}")


def _migrar_a_v2(conexion: sqlite3.Connection) -> None:
    """Esquema 1 → 2 (ver el docstring del módulo)."""
    conexion.execute("ALTER TABLE ingestas ADD COLUMN huella_bytes TEXT")
    _migrar_tabla(conexion, "tipificaciones", TABLA_TIPIFICACIONES_V2)
    _migrar_tabla(conexion, "pagos", TABLA_PAGOS_V2)
    for sentencia in INDICES_V2:
        conexion.execute(sentencia)


#: Pasos de cada versión; ``MIGRACIONES[n]`` lleva de la versión n-1 a la n.
MIGRACIONES: dict[int, tuple[Paso, ...]] = {
    1: (
        """
        CREATE TABLE IF NOT EXISTS cuentas (
            cuenta      TEXT PRIMARY KEY,
            cliente_id  TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS asignaciones (
            id            INTEGER PRIMARY KEY,
            fecha         TEXT NOT NULL,
            cliente_id    TEXT NOT NULL,
            cuentas       TEXT,
            asesor        TEXT,
            canal         TEXT,
            accion        TEXT,
            motivo        TEXT,
            segmento      TEXT,
            tratamiento   TEXT,
            variante      TEXT,
            etapa         TEXT,
            saldo_vencido REAL,
            dias_mora     INTEGER,
            producto      TEXT,
            argumento     TEXT
        )
        """,
        "CREATE INDEX IF NOT EXISTS asignaciones_fecha ON asignaciones (fecha)",
        """
        CREATE TABLE IF NOT EXISTS ingestas (
            id              INTEGER PRIMARY KEY,
            tipo            TEXT NOT NULL,
            archivo         TEXT,
            huella_archivo  TEXT,
            fecha_hora      TEXT NOT NULL,
            leidas          INTEGER NOT NULL,
            cargadas        INTEGER NOT NULL,
            duplicadas      INTEGER NOT NULL,
            rechazadas      INTEGER NOT NULL,
            sin_gestion     INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS tipificaciones (
            id             INTEGER PRIMARY KEY,
            huella         TEXT NOT NULL UNIQUE,
            cuenta         TEXT,
            cliente_id     TEXT,
            fecha_hora     TEXT NOT NULL,
            asesor         TEXT,
            canal          TEXT,
            codigo         TEXT,
            monto_promesa  REAL,
            fecha_promesa  TEXT,
            comentario     TEXT,
            ingesta_id     INTEGER REFERENCES ingestas (id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS pagos (
            id          INTEGER PRIMARY KEY,
            huella      TEXT NOT NULL UNIQUE,
            cuenta      TEXT,
            cliente_id  TEXT,
            fecha       TEXT NOT NULL,
            monto       REAL NOT NULL,
            referencia  TEXT,
            ingesta_id  INTEGER REFERENCES ingestas (id)
        )
        """,
    ),
    2: (_migrar_a_v2,),
    # 3: las tipificaciones que vienen de un libro de lista se marcan, para que una lista corregida
    # y vuelta a cargar reemplace su versión anterior en vez de sumarse.
    3: (
        "ALTER TABLE tipificaciones ADD COLUMN de_lista INTEGER",
        "CREATE INDEX IF NOT EXISTS tipificaciones_de_lista ON tipificaciones (fecha_hora, cliente_id, canal) "
        "WHERE de_lista = 1",
    ),
    # 4: la copia en columnas para los informes (ver limonero_cli.bitacora.columnas); se llena al
    # cargar y, lo que falte, en la primera lectura que la usa. Los informes leen el periodo de la
    # copia: el índice por fecha de las tipificaciones ya no sirve y cuesta ~3 s por millón cargado.
    4: (*TABLAS_COPIA, "DROP INDEX IF EXISTS tipificaciones_fecha_hora"),
}

#: Tablas que toda bitácora de limonero tiene; sirven para reconocer un archivo ajeno.
TABLAS = ("esquema", "cuentas", "asignaciones", "ingestas", "tipificaciones", "pagos", "columnas",
          "columnas_deudores")
