"""Esquema de la bitácora SQLite y sus migraciones.

La tabla ``esquema`` guarda la versión. Una bitácora nueva se crea en la última
versión; una más vieja se migra paso a paso al abrirla; una más nueva que este
programa se rechaza (la escribió una versión más reciente de limonero).
"""

from __future__ import annotations

VERSION_ESQUEMA = 1

#: Sentencias de cada versión; ``MIGRACIONES[n]`` lleva de la versión n-1 a la n.
MIGRACIONES: dict[int, tuple[str, ...]] = {
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
}

#: Tablas que toda bitácora de limonero tiene; sirven para reconocer un archivo ajeno.
TABLAS = ("esquema", "cuentas", "asignaciones", "ingestas", "tipificaciones", "pagos")
