"""La copia en columnas da lo mismo que las tablas tras cualquier secuencia de escrituras, aun con dos procesos.

Cada «proceso» es una :class:`Bitacora` abierta sobre el mismo archivo (su propia conexión), como dos
comandos de limonero a la vez. Una tercera abre la bitácora solo para leer.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limonero_cli.bitacora import Bitacora, columnas
from limonero_cli.bitacora.columnas import COLUMNAS_COPIA
from limonero_cli.errores import ErrorArchivo

ORDEN_TABLAS = {  # el orden de las columnas en una lectura de SQLite
    "asignaciones": ("fecha", "cliente_id", "asesor", "canal", "accion", "motivo", "segmento", "tratamiento",
                     "variante", "etapa", "saldo_vencido", "dias_mora", "producto", "argumento"),
    "tipificaciones": ("cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa", "fecha_promesa"),
    "pagos": ("cliente_id", "fecha", "monto"),
}


# --------------------------------------------------------------------------- comparar con las tablas


def como_filas(df: pd.DataFrame) -> list[tuple]:
    """Filas comparables en orden: categorías como texto, vacíos como None, fechas ISO."""
    columnas = []
    for nombre in df.columns:
        columnas.append([None if pd.isna(v) else (v.isoformat() if isinstance(v, pd.Timestamp) else v)
                         for v in df[nombre].astype(object)])
    return list(zip(*columnas))


def lectores(b: Bitacora):
    return {"asignaciones": b.asignaciones, "tipificaciones": b.tipificaciones, "pagos": b.pagos}


def igual_a_las_tablas(b: Bitacora, desde=None, hasta=None, codigos=None) -> None:
    """Compacta (en orden de llegada) y en forma de tabla (orden por fecha): lo mismo que SQLite."""
    for tabla, leer in lectores(b).items():
        nombres = list(COLUMNAS_COPIA[tabla])
        filtro = codigos if tabla == "tipificaciones" and codigos else {}
        de_sql = leer(desde, hasta, **filtro)[nombres]
        compacta = leer(desde, hasta, columnas=nombres, compacto=True, **filtro)[nombres]
        # De SQLite sale por fecha y llegada; la compacta, por llegada: se comparan como conjuntos ordenados.
        assert sorted(como_filas(compacta), key=repr) == sorted(como_filas(de_sql), key=repr), tabla
        como_tabla = leer(desde, hasta, columnas=tuple(reversed(nombres)), **filtro)
        assert como_tabla.columns.tolist() == list(ORDEN_TABLAS[tabla]), tabla
        pd.testing.assert_frame_equal(como_tabla[nombres], de_sql.reset_index(drop=True))


# --------------------------------------------------------------------------- valores raros

CLIENTES = ("C1", "C2", "007", "ñandú 🍋", 'comillas "dobles" y \'simples\'', "salto\nde línea", "x" * 300,
            "nan", "None", "[1, 2]", "C" * 5000 + "🍋")
CUENTAS = ("001", "002", "003", "004", "005")
CODIGOS = ("NC", "PP", "CT", "pp", "Ñ", "sin\tgestión", None)
ASESORES = ("ana", "luis", "José 👩‍💼", None)
DIAS = tuple(date(1969, 12, 30) + timedelta(days=k) for k in range(3)) + tuple(
    date(2025, 3, 1) + timedelta(days=k) for k in range(4))
montos = st.one_of(st.none(), st.sampled_from([0.0, -0.0, -12.345, 1e12, 0.005, float("nan"), 120.5]))
horas = st.sampled_from(["00:00:00", "09:30:00", "23:59:59"])


@st.composite
def tipificaciones(draw, de_lista: bool):
    n = draw(st.integers(1, 5))
    filas = []
    for _ in range(n):
        cliente = draw(st.one_of(st.none(), st.sampled_from(CLIENTES))) if not de_lista else draw(
            st.sampled_from(CLIENTES))
        filas.append({
            "cuenta": draw(st.sampled_from(CUENTAS)),
            "cliente_id": cliente,
            "fecha_hora": f"{draw(st.sampled_from(DIAS))} {draw(horas)}",
            "asesor": draw(st.sampled_from(ASESORES)),
            "canal": draw(st.sampled_from(["llamada", "whatsapp", None])),
            "codigo": draw(st.sampled_from(CODIGOS)),
            "monto_promesa": draw(montos),
            "fecha_promesa": draw(st.one_of(st.none(), st.sampled_from(DIAS).map(str))),
            "comentario": draw(st.sampled_from([None, "hola", "línea 1\nlínea 2"])),
        })
    datos = pd.DataFrame(filas)
    datos["fecha_hora"] = pd.to_datetime(datos["fecha_hora"])
    datos["fecha_promesa"] = pd.to_datetime(datos["fecha_promesa"])
    if de_lista:
        datos["_hoja"] = "ana"
    return datos


@st.composite
def pagos(draw):
    n = draw(st.integers(1, 4))
    return pd.DataFrame({
        "cuenta": draw(st.lists(st.sampled_from(CUENTAS), min_size=n, max_size=n)),
        "cliente_id": draw(st.lists(st.one_of(st.none(), st.sampled_from(CLIENTES)), min_size=n, max_size=n)),
        "fecha": pd.to_datetime(draw(st.lists(st.sampled_from(DIAS), min_size=n, max_size=n))),
        "monto": draw(st.lists(st.sampled_from([5.0, -3.25, 0.0, 1e9, 0.015]), min_size=n, max_size=n)),
    })


@st.composite
def asignaciones(draw):
    n = draw(st.integers(0, 4))
    lista = lambda valores: draw(st.lists(st.sampled_from(valores), min_size=n, max_size=n))  # noqa: E731
    return pd.DataFrame({
        "cliente_id": lista(CLIENTES),
        "asesor": lista(ASESORES),
        "tratamiento": lista(["Temprana", "Tardía", None]),
        "saldo_vencido": lista([None, 100.0, -5.5, 1e12]),
        "dias_mora": lista([None, 0, 5, -1, 400]),
    }, columns=["cliente_id", "asesor", "tratamiento", "saldo_vencido", "dias_mora"])


quien = st.integers(0, 1)
operaciones = st.one_of(
    st.tuples(st.just("cuentas"), quien, st.lists(st.tuples(st.sampled_from(CUENTAS),
                                                             st.one_of(st.none(), st.sampled_from(CLIENTES))),
                                                   min_size=1, max_size=3)),
    st.tuples(st.just("asignaciones"), quien, st.sampled_from(DIAS), asignaciones()),
    st.tuples(st.just("tipificaciones"), quien, st.booleans().flatmap(tipificaciones)),
    st.tuples(st.just("repetir"), quien),  # vuelve a cargar la última carga de tipificaciones
    st.tuples(st.just("pagos"), quien, pagos()),
    st.tuples(st.just("leer"), st.integers(0, 2)),
    st.tuples(st.just("leer_ocupada"), st.integers(0, 2)),
    st.tuples(st.just("borrar_copia")),
    st.tuples(st.just("reabrir"), st.integers(0, 2)),
)


def _abrir(ruta: Path, solo_lectura: bool) -> Bitacora:
    b = Bitacora.abrir(ruta)
    if solo_lectura:
        b._conexion.execute("PRAGMA query_only = ON")  # como un archivo sin permiso de escritura
    return b


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pasos=st.lists(operaciones, min_size=1, max_size=10), filas_por_tramo=st.sampled_from([2, 3, 1_000_000]),
       periodo=st.sampled_from([(None, None), (DIAS[1], DIAS[3]), (DIAS[4], None), (None, DIAS[2])]),
       codigos=st.sampled_from([None, {"solo_codigos": ("pp",)}, {"sin_codigos": ("NC", "ñ")}]))
def test_la_copia_da_lo_mismo_que_las_tablas(pasos, filas_por_tramo, periodo, codigos):
    with tempfile.TemporaryDirectory() as carpeta, mock.patch.object(columnas, "FILAS_POR_TRAMO", filas_por_tramo):
        ruta = Path(carpeta) / "limonero.db"
        procesos = [_abrir(ruta, solo_lectura=i == 2) for i in range(3)]
        ultima = None
        try:
            for paso in pasos:
                tipo, *args = paso
                if tipo == "cuentas":
                    filas = pd.DataFrame(args[1], columns=["cuenta", "cliente_id"])
                    procesos[args[0]].registrar_cuentas(filas)
                elif tipo == "asignaciones":
                    procesos[args[0]].registrar_asignaciones(args[1], args[2])
                elif tipo == "tipificaciones":
                    ultima = args[1]
                    procesos[args[0]].cargar_tipificaciones(ultima, "lista.xlsx")
                elif tipo == "repetir" and ultima is not None:
                    procesos[args[0]].cargar_tipificaciones(ultima, "otra_vez.xlsx")
                elif tipo == "pagos":
                    procesos[args[0]].cargar_pagos(args[1], "pagos.csv")
                elif tipo == "leer":
                    igual_a_las_tablas(procesos[args[0]], *periodo, codigos)
                elif tipo == "leer_ocupada":
                    otro = sqlite3.connect(ruta, isolation_level=None)
                    otro.execute("BEGIN IMMEDIATE")  # otro proceso escribiendo: la copia queda en memoria
                    try:
                        for leer in lectores(procesos[args[0]]).values():
                            leer(columnas=("cliente_id",), compacto=True)
                    finally:
                        otro.execute("ROLLBACK")
                        otro.close()
                elif tipo == "borrar_copia":
                    with sqlite3.connect(ruta) as c:  # como una bitácora recién migrada desde el esquema 3
                        c.execute("DELETE FROM columnas")
                        c.execute("DELETE FROM columnas_deudores")
                elif tipo == "reabrir":
                    procesos[args[0]].cerrar()
                    procesos[args[0]] = _abrir(ruta, solo_lectura=args[0] == 2)
            for b in procesos:
                igual_a_las_tablas(b, *periodo, codigos)
        finally:
            for b in procesos:
                b.cerrar()
        with Bitacora.abrir(ruta) as nueva:  # lo guardado también es fiel (lo leerá el próximo comando)
            igual_a_las_tablas(nueva)


# --------------------------------------------------------------------------- los casos que encontró la propiedad


def _pagos(clientes, dia="2025-03-04") -> pd.DataFrame:
    return pd.DataFrame({"cliente_id": list(clientes), "fecha": pd.to_datetime([dia] * len(clientes)),
                         "monto": [5.0] * len(clientes)})


def _tipificaciones(dia="2025-03-03") -> pd.DataFrame:
    return pd.DataFrame({"cuenta": ["001", "002", "003"], "fecha_hora": pd.to_datetime([f"{dia} 10:00"] * 3),
                         "canal": "llamada", "codigo": ["NC", "PP", "NC"]})


def _sin_copia(ruta: Path) -> None:
    with sqlite3.connect(ruta) as c:  # como una bitácora recién migrada
        c.execute("DELETE FROM columnas")
        c.execute("DELETE FROM columnas_deudores")


def _leer_con_la_bitacora_ocupada(b: Bitacora, ruta: Path) -> None:
    """Una lectura compacta mientras otro proceso escribe: la copia queda solo en memoria."""
    otro = sqlite3.connect(ruta, isolation_level=None)
    otro.execute("BEGIN IMMEDIATE")
    try:
        for leer in lectores(b).values():
            leer(columnas=("cliente_id",), compacto=True)
    finally:
        otro.execute("ROLLBACK")
        otro.close()


def test_otro_proceso_agrega_deudores_despues_de_una_lectura(tmp_path):
    # Antes: el diccionario de deudores en memoria no tenía el deudor nuevo y la lectura fallaba
    # («codes need to be between -1 and len(categories)-1»).
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b, Bitacora.abrir(ruta) as otro:
        b.cargar_pagos(_pagos(["C1"]), "a.csv")
        b.pagos(columnas=("cliente_id",), compacto=True)
        otro.cargar_pagos(_pagos(["C2"], "2025-03-05"), "b.csv")
        assert sorted(b.pagos(columnas=("cliente_id",), compacto=True)["cliente_id"].astype(str)) == ["C1", "C2"]
        igual_a_las_tablas(b)


def test_la_copia_en_memoria_no_queda_vieja_si_otro_proceso_escribe(tmp_path):
    # Antes: lo armado en memoria (bitácora ocupada) se seguía usando después de que otro proceso
    # agregara deudores (códigos cruzados: C2 salía como C1) o corrigiera el cliente de una cuenta.
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_pagos(_pagos(["C1"]), "a.csv")
        b.cargar_tipificaciones(_tipificaciones(), "t.csv")
    _sin_copia(ruta)
    with Bitacora.abrir(ruta) as b, Bitacora.abrir(ruta) as otro:
        _leer_con_la_bitacora_ocupada(b, ruta)
        otro.cargar_pagos(_pagos(["C2"], "2025-03-05"), "b.csv")
        otro.registrar_cuentas(pd.DataFrame({"cuenta": ["001"], "cliente_id": ["C2"]}))
        assert sorted(b.pagos(columnas=("cliente_id",), compacto=True)["cliente_id"].astype(str)) == ["C1", "C2"]
        igual_a_las_tablas(b)


def test_un_tramo_leido_antes_de_que_otro_proceso_escriba_no_se_guarda(tmp_path, monkeypatch):
    # Antes: si otro proceso corregía filas entre que esta lectura las leía de SQLite y guardaba su
    # tramo, el tramo viejo quedaba guardado y todas las lecturas siguientes salían mal.
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_tipificaciones(_tipificaciones(), "t.csv")
    _sin_copia(ruta)
    leer_de_sqlite = columnas.CopiaEnColumnas._leer_de_sqlite
    escrito = []

    def leer_y_otro_escribe(copia, tabla, desde, hasta):
        tramo = leer_de_sqlite(copia, tabla, desde, hasta)
        if tabla == "tipificaciones" and not escrito:
            escrito.append(True)
            with Bitacora.abrir(ruta) as otro:
                otro.registrar_cuentas(pd.DataFrame({"cuenta": ["001"], "cliente_id": ["002"]}))
        return tramo

    monkeypatch.setattr(columnas.CopiaEnColumnas, "_leer_de_sqlite", leer_y_otro_escribe)
    with Bitacora.abrir(ruta) as b:
        clientes = b.tipificaciones(columnas=("cliente_id",), compacto=True)["cliente_id"].astype(str)
        assert sorted(clientes) == ["002", "002", "003"]  # la lectura se repitió con lo nuevo
    monkeypatch.undo()
    with Bitacora.abrir(ruta) as b:
        igual_a_las_tablas(b)


def test_otro_proceso_escribe_mientras_se_leen_los_tramos(tmp_path, monkeypatch):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_pagos(_pagos(["C1"]), "a.csv")
    tramos = columnas.CopiaEnColumnas._tramos
    cargas = []

    def tramos_y_otro_carga(copia, tabla, nombres):
        leidos = tramos(copia, tabla, nombres)
        if len(cargas) < 1:
            cargas.append(True)
            with Bitacora.abrir(ruta) as otro:
                otro.cargar_pagos(_pagos(["C2"], "2025-03-05"), "b.csv")
        return leidos

    monkeypatch.setattr(columnas.CopiaEnColumnas, "_tramos", tramos_y_otro_carga)
    with Bitacora.abrir(ruta) as b:
        assert sorted(b.pagos(columnas=("cliente_id",), compacto=True)["cliente_id"].astype(str)) == ["C1", "C2"]


def test_si_otro_proceso_no_deja_de_escribir_se_explica(tmp_path, monkeypatch):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_pagos(_pagos(["C1"]), "a.csv")
    tramos = columnas.CopiaEnColumnas._tramos

    def tramos_y_otro_carga(copia, tabla, nombres):
        with Bitacora.abrir(ruta) as otro:
            otro.cargar_pagos(_pagos([f"C{len(otro.ingestas())}"], "2025-03-05"), "b.csv")
        return tramos(copia, tabla, nombres)

    monkeypatch.setattr(columnas.CopiaEnColumnas, "_tramos", tramos_y_otro_carga)
    with Bitacora.abrir(ruta) as b, pytest.raises(ErrorArchivo, match="otro proceso la está escribiendo"):
        b.pagos(columnas=("cliente_id",), compacto=True)


def test_columnas_en_el_orden_de_las_tablas(tmp_path):
    # Antes: sin compacto, las columnas salían en el orden pedido; de SQLite salen en el de la tabla.
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(_tipificaciones(), "t.csv")
        assert b.tipificaciones(columnas=("codigo", "cliente_id")).columns.tolist() == ["cliente_id", "codigo"]
        assert b.tipificaciones(columnas=("codigo", "cliente_id"), compacto=True).columns.tolist() == [
            "codigo", "cliente_id"]


def test_una_lista_sin_ningun_canal_se_carga(tmp_path):
    # Antes: KeyError «canal» (la carga no envía una columna vacía en todas las filas).
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        lista = _tipificaciones().drop(columns="canal").assign(_hoja="ana", cliente_id=["C1", "C2", "C3"])
        assert b.cargar_tipificaciones(lista, "lista.xlsx").cargadas == 3
        corregida = lista.assign(codigo=["PP", "PP", "NC"])
        assert b.cargar_tipificaciones(corregida, "lista.xlsx").reemplazadas == 1
        igual_a_las_tablas(b)


def test_un_monto_menos_cero_se_lee_cero_como_de_sqlite(tmp_path):
    # Antes: la copia guardaba -0.0 y SQLite lo devuelve 0.0 (hallado por la prueba de propiedades).
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        datos = _tipificaciones()
        datos["monto_promesa"] = -0.0
        b.cargar_tipificaciones(datos, "t.csv")
        montos = b.tipificaciones(columnas=("monto_promesa",), compacto=True)["monto_promesa"].to_numpy()
        assert not np.signbit(montos).any()
        igual_a_las_tablas(b)
