"""La copia en columnas de la bitácora: siempre lo mismo que leer las tablas, después de cualquier escritura."""

import sqlite3
from datetime import date

import pandas as pd

from limonero_cli.bitacora import Bitacora
from limonero_cli.bitacora.columnas import COLUMNAS_COPIA

COLUMNAS = {tabla: tuple(columnas) for tabla, columnas in COLUMNAS_COPIA.items()}


def tipificaciones(dia: str, cuentas=("001", "002", "003"), codigo="NC"):
    n = len(cuentas)
    return pd.DataFrame({
        "cuenta": list(cuentas),
        "cliente_id": [None] * n,
        "fecha_hora": pd.to_datetime([f"{dia} {9 + i % 8:02d}:{i % 60:02d}" for i in range(n)]),
        "asesor": ["ana", "luis", None][:n] + ["ana"] * max(n - 3, 0),
        "canal": ["llamada"] * n,
        "codigo": [codigo] * (n - 1) + ["PP"],
        "monto_promesa": [None] * (n - 1) + [120.5],
        "fecha_promesa": pd.to_datetime([None] * (n - 1) + ["2025-03-20"]),
        "comentario": [None] * n,
    })


def asignaciones(clientes, tratamiento="Temprana"):
    return pd.DataFrame({"cliente_id": list(clientes), "asesor": "ana", "canal": "llamada",
                         "tratamiento": tratamiento, "segmento": "S1", "saldo_vencido": 100.0,
                         "dias_mora": [5, None, 7][: len(clientes)] + [1] * max(len(clientes) - 3, 0)})


def como_filas(df: pd.DataFrame) -> list[tuple]:
    """Filas comparables: categorías como texto, vacíos como None, en orden."""
    columnas = []
    for nombre in df.columns:
        valores = df[nombre].astype(object)
        columnas.append([None if pd.isna(v) else (v.isoformat() if isinstance(v, pd.Timestamp) else v)
                         for v in valores])
    return sorted(zip(*columnas), key=repr)


def igual_a_las_tablas(b: Bitacora, desde=None, hasta=None) -> None:
    """La copia (compacta y en forma de tabla) da lo mismo que SQLite (leer sin ``columnas`` va a SQLite)."""
    for leer, tabla in ((b.asignaciones, "asignaciones"), (b.tipificaciones, "tipificaciones"), (b.pagos, "pagos")):
        columnas = list(COLUMNAS[tabla])
        de_sql = leer(desde, hasta)[columnas]
        compacta = leer(desde, hasta, columnas=columnas, compacto=True)[columnas]
        assert como_filas(compacta) == como_filas(de_sql), tabla
        assert isinstance(compacta["cliente_id"].dtype, pd.CategoricalDtype)
        # Sin compacto, con columnas que están en la copia: la misma forma y el mismo orden que SQLite.
        como_tabla = leer(desde, hasta, columnas=columnas)[columnas]
        pd.testing.assert_frame_equal(como_tabla, de_sql.reset_index(drop=True), check_dtype=len(de_sql) > 0)


def tramos(ruta) -> dict[str, int]:
    with sqlite3.connect(ruta) as c:
        return dict(c.execute("SELECT tabla, COUNT(DISTINCT primer_id) FROM columnas GROUP BY tabla").fetchall())


def test_la_copia_sigue_a_cada_escritura(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.registrar_cuentas(pd.DataFrame({"cuenta": ["001", "002"], "cliente_id": ["C1", "C2"]}))
        b.registrar_asignaciones(date(2025, 3, 3), asignaciones(["C1", "C2", "003"]))
        b.cargar_tipificaciones(tipificaciones("2025-03-03"), "a.csv")
        b.cargar_pagos(pd.DataFrame({"cuenta": ["001", "003"], "fecha": pd.to_datetime(["2025-03-04", None]),
                                     "monto": [50.0, 10.0]}).dropna(subset=["fecha"]), "p.csv")
        igual_a_las_tablas(b)
        assert tramos(ruta) == {"asignaciones": 1, "tipificaciones": 1, "pagos": 1}

        # Cargar más agrega un tramo al cargar (sin leer de SQLite); los anteriores quedan. Con filas
        # ya cargadas en el archivo, el tramo tiene solo las nuevas.
        repetida = tipificaciones("2025-03-03").iloc[[1]]
        b.cargar_tipificaciones(pd.concat([repetida, tipificaciones("2025-03-04", ("001", "004"))]), "b.csv")
        assert tramos(ruta)["tipificaciones"] == 2
        igual_a_las_tablas(b)

        # La cuenta 003 pasa a ser del cliente C3: se corrigen sus filas (UPDATE) y su tramo se rehace.
        assert b.registrar_cuentas(pd.DataFrame({"cuenta": ["003"], "cliente_id": ["C3"]})) == 1
        igual_a_las_tablas(b)
        assert "C3" in set(b.tipificaciones(columnas=("cliente_id",), compacto=True)["cliente_id"].astype(str))

        # Volver a registrar el día reemplaza sus asignaciones (DELETE + INSERT).
        b.registrar_asignaciones(date(2025, 3, 3), asignaciones(["C1", "C9"], tratamiento="Tardía"))
        b.registrar_asignaciones(date(2025, 3, 4), asignaciones(["C2"]))
        igual_a_las_tablas(b)
        igual_a_las_tablas(b, desde=date(2025, 3, 4), hasta=date(2025, 3, 4))
        igual_a_las_tablas(b, hasta=date(2025, 3, 3))


def test_una_lista_corregida_reemplaza_tambien_en_la_copia(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        lista = tipificaciones("2025-03-05").assign(_hoja="ana", cliente_id=["C1", "C2", "C3"])
        b.cargar_tipificaciones(lista, "lista.xlsx")
        igual_a_las_tablas(b)
        corregida = lista.assign(codigo=["CT", "NC", "PP"])
        assert b.cargar_tipificaciones(corregida, "lista.xlsx").reemplazadas == 1
        igual_a_las_tablas(b)
        codigos = b.tipificaciones(columnas=("codigo",), compacto=True)["codigo"].astype(str).tolist()
    assert sorted(codigos) == ["CT", "NC", "PP"]


def test_las_tres_tablas_comparten_el_diccionario_de_deudores(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.registrar_asignaciones(date(2025, 3, 3), asignaciones(["C1", "C2"]))
        b.cargar_tipificaciones(tipificaciones("2025-03-03"), "a.csv")
        b.cargar_pagos(pd.DataFrame({"cliente_id": ["C2"], "fecha": pd.to_datetime(["2025-03-04"]),
                                     "monto": [5.0]}), "p.csv")
        a = b.asignaciones(columnas=("cliente_id",), compacto=True)
        t = b.tipificaciones(columnas=("cliente_id",), compacto=True)
        p = b.pagos(columnas=("cliente_id",), compacto=True)
    assert a["cliente_id"].cat.categories is t["cliente_id"].cat.categories is p["cliente_id"].cat.categories
    assert a["cliente_id"].cat.codes[1] == p["cliente_id"].cat.codes[0]  # C2 es el mismo entero


def test_filtros_de_codigo_y_tipos_como_las_tablas(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(tipificaciones("2025-03-03", ("001", "002", "003", "004")), "a.csv")
        b.registrar_asignaciones(date(2025, 3, 3), asignaciones(["C1", "C2", "C3"]))
        for filtro in ({"solo_codigos": ("pp",)}, {"sin_codigos": ("PP",)}, {"sin_codigos": ()}):
            de_sql = b.tipificaciones(**filtro)[["cliente_id", "codigo"]]
            compacta = b.tipificaciones(columnas=("cliente_id", "codigo"), compacto=True, **filtro)
            assert como_filas(compacta) == como_filas(de_sql), filtro
        t = b.tipificaciones(columnas=("fecha_hora", "monto_promesa", "fecha_promesa"), compacto=True)
        a = b.asignaciones(columnas=("dias_mora", "saldo_vencido"), compacto=True)
    assert t["fecha_hora"].dtype == "datetime64[ns]" and t["fecha_promesa"].dtype == "datetime64[ns]"
    assert t["monto_promesa"].dtype == "float64" and t["fecha_promesa"].isna().sum() == 3
    assert a["dias_mora"].dtype == "Int64" and a["dias_mora"].tolist()[:2] == [5, pd.NA]
    assert a.columns.tolist() == ["fecha", "dias_mora", "saldo_vencido"]


def test_bitacora_ocupada_lee_bien_sin_guardar_la_copia(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_tipificaciones(tipificaciones("2025-03-03"), "a.csv")
    with sqlite3.connect(ruta) as c:
        c.execute("DELETE FROM columnas")  # como una bitácora de antes de la copia
    otro = sqlite3.connect(ruta, isolation_level=None)
    otro.execute("BEGIN IMMEDIATE")  # otro proceso escribiendo: aquí no se puede guardar
    try:
        with Bitacora.abrir(ruta) as b:
            compacta = b.tipificaciones(columnas=("cliente_id", "codigo"), compacto=True)
            de_sql = b.tipificaciones()[["cliente_id", "codigo"]]
    finally:
        otro.execute("ROLLBACK")
        otro.close()
    assert como_filas(compacta) == como_filas(de_sql)
    assert tramos(ruta) == {}


def test_tramos_de_otra_version_o_danados_se_rehacen(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_tipificaciones(tipificaciones("2025-03-03"), "a.csv")
        b.tipificaciones(columnas=("codigo",), compacto=True)
    with sqlite3.connect(ruta) as c:
        c.execute("UPDATE columnas SET version = 0")
        c.execute("UPDATE columnas_deudores SET primer_codigo = 5")  # diccionario con un hueco
    with Bitacora.abrir(ruta) as b:
        igual_a_las_tablas(b)
    with sqlite3.connect(ruta) as c:
        assert c.execute("SELECT DISTINCT version FROM columnas").fetchall() == [(1,)]
        assert c.execute("SELECT MIN(primer_codigo) FROM columnas_deudores").fetchone() == (0,)


def test_tramos_de_un_millon_de_filas_como_maximo(tmp_path, monkeypatch):
    from limonero_cli.bitacora import columnas

    monkeypatch.setattr(columnas, "FILAS_POR_TRAMO", 2)
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_tipificaciones(tipificaciones("2025-03-03", ("001", "002", "003", "004", "005")), "a.csv")
    with sqlite3.connect(ruta) as c:
        c.execute("DELETE FROM columnas")  # la copia se arma al leer, de a dos filas
    with Bitacora.abrir(ruta) as b:
        igual_a_las_tablas(b)
    assert tramos(ruta)["tipificaciones"] == 3
