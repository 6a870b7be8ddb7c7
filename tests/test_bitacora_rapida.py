"""La bitácora a escala: huellas enteras, recarga por bytes, migración del esquema 1 y lecturas sin unir."""

import hashlib
import sqlite3

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from limonero_cli.bitacora import Bitacora, VERSION_ESQUEMA
from limonero_cli.bitacora import esquema
from limonero_cli.bitacora.huellas import huella_de_archivo, huellas_de_filas, resumen_de_columna
from limonero_cli.cli import limonero


def tipificaciones():
    return pd.DataFrame(
        {
            "cuenta": ["001", "002", None, "003"],
            "cliente_id": [None, None, "C9", None],
            "fecha_hora": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 11:30", "2025-03-02 09:15",
                                          "2025-03-03 08:00"]),
            "asesor": ["ana", "ana", "luis", "luis"],
            "canal": ["llamada", "llamada", "whatsapp", "sms"],
            "codigo": ["PP", "NC", "CT", "NC"],
            "monto_promesa": [150.0, None, None, None],
            "fecha_promesa": pd.to_datetime(["2025-03-05", None, None, None]),
            "comentario": ["paga el viernes", None, "x" * 80, None],
        }
    )


def pagos():
    return pd.DataFrame({"cuenta": ["001", "001", "777"], "fecha": pd.to_datetime(["2025-03-04"] * 3),
                         "monto": [50.0, 50.0, 10.0], "referencia": [None, None, "R1"]})


# --------------------------------------------------------------------------- huellas


def test_huella_de_un_valor_no_depende_de_sus_vecinos():
    solo = resumen_de_columna(pd.Series(["ab", "abc"]))
    con_largos = resumen_de_columna(pd.Series(["y" * 31, "ab", "z" * 200, "abc", None]))
    assert solo.tolist() == [con_largos[1], con_largos[3]]
    assert len(set(con_largos.tolist())) == 5


def test_huellas_enteras_distintas_y_repeticiones():
    tabla = pd.DataFrame({"a": ["1", "1", "1", "2", None], "b": [None, None, None, "x", "1"]})
    h = huellas_de_filas(tabla)
    assert h.dtype == np.int64 and len(set(h.tolist())) == 5
    # Sin numerar repeticiones, las tres filas iguales comparten la huella de la primera.
    base = huellas_de_filas(tabla, repeticiones=False)
    assert base[0] == base[1] == base[2] == h[0]
    # Mover un valor a otra columna cambia la huella.
    otra = huellas_de_filas(pd.DataFrame({"a": [None], "b": ["1"]}))
    assert otra[0] != huellas_de_filas(pd.DataFrame({"a": ["1"], "b": [None]}))[0]


def test_huella_de_archivo_por_partes(tmp_path):
    ruta = tmp_path / "a.csv"
    contenido = b"cuenta;monto\n" + b"001;5\n" * 300_000  # más de un bloque
    ruta.write_bytes(contenido)
    esperado = hashlib.blake2b(b"ctx\x00" + contenido, digest_size=20).hexdigest()
    assert huella_de_archivo(ruta, "ctx") == esperado
    assert huella_de_archivo(ruta, "otro") != esperado


# --------------------------------------------------------------------------- esquema 2


def test_esquema_nuevo_tiene_huella_entera_e_indices(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
    with sqlite3.connect(ruta) as c:
        tipos = {fila[0] for fila in c.execute("SELECT typeof(huella) FROM tipificaciones")}
        indices = {fila[0] for fila in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert VERSION_ESQUEMA == 4 and tipos == {"integer"}
    assert {"tipificaciones_huella", "pagos_huella", "pagos_fecha"} <= indices
    # El periodo de las tipificaciones se lee de la copia en columnas: su índice por fecha no hace falta.
    assert "tipificaciones_fecha_hora" not in indices


def test_cliente_resuelto_al_cargar_y_corregido_al_registrar(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.registrar_cuentas(pd.DataFrame({"cuenta": ["001"], "cliente_id": ["C1"]}))
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        b.cargar_pagos(pagos(), "p.csv")
        with sqlite3.connect(ruta) as c:
            guardado = dict(c.execute("SELECT COALESCE(cuenta, '-'), cliente_id FROM tipificaciones").fetchall())
        assert guardado == {"001": "C1", "002": "002", "-": "C9", "003": "003"}
        # Registrar una cuenta nueva con su propio número no cambia nada; con otro cliente, corrige.
        assert b.registrar_cuentas(pd.DataFrame({"cuenta": ["003"], "cliente_id": ["003"]})) == 0
        assert b.registrar_cuentas(pd.DataFrame({"cuenta": ["002", "777", "001"],
                                                 "cliente_id": ["C2", "C7", "C1"]})) == 2
        t = b.tipificaciones(columnas=("cuenta", "cliente_id"))
        p = b.pagos(columnas=("cuenta", "cliente_id"))
    assert dict(zip(t["cuenta"].fillna("-"), t["cliente_id"])) == {"001": "C1", "002": "C2", "-": "C9", "003": "003"}
    assert sorted(p["cliente_id"]) == ["C1", "C1", "C7"]


def test_lectura_compacta_y_sin_orden(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        compacta = b.tipificaciones(columnas=("cliente_id", "codigo", "canal"), compacto=True)
        ordenada = b.tipificaciones()
    assert isinstance(compacta["codigo"].dtype, pd.CategoricalDtype)
    assert isinstance(compacta["cliente_id"].dtype, pd.CategoricalDtype)
    assert sorted(compacta["codigo"].astype(str)) == ["CT", "NC", "NC", "PP"]
    assert ordenada["fecha_hora"].is_monotonic_increasing


# --------------------------------------------------------------------------- migración 1 → 2


def _bitacora_v1(ruta, tips: pd.DataFrame, pagos_: pd.DataFrame, cuentas: dict[str, str]):
    """Una bitácora del esquema 1 escrita como la escribía limonero 0.1 (huella SHA-1 en texto)."""
    c = sqlite3.connect(ruta)
    c.execute("CREATE TABLE esquema (version INTEGER NOT NULL, aplicada TEXT NOT NULL)")
    for sentencia in esquema.MIGRACIONES[1]:
        c.execute(sentencia)
    c.execute("INSERT INTO esquema VALUES (1, '2025-01-01 00:00:00')")
    c.execute("INSERT INTO ingestas (tipo, archivo, huella_archivo, fecha_hora, leidas, cargadas, duplicadas, "
              "rechazadas, sin_gestion) VALUES ('tipificaciones', 'v1.xlsx', 'x', '2025-01-01 00:00:00', 4, 4, 0, 0, 0)")
    c.executemany("INSERT INTO cuentas VALUES (?, ?)", cuentas.items())

    def huella(valores, repeticion):
        texto = "\x1f".join("" if v is None else str(v) for v in valores)
        base = hashlib.sha1(texto.encode("utf-8")).hexdigest()
        return base + (f":{repeticion}" if repeticion else "")

    for tabla, datos in (("tipificaciones", tips), ("pagos", pagos_)):
        vistas: dict = {}
        for fila in datos.itertuples(index=False):
            valores = list(fila)
            clave = tuple(valores)
            vistas[clave] = vistas.get(clave, -1) + 1
            marcas = ", ".join("?" for _ in range(len(valores) + 2))
            c.execute(f"INSERT INTO {tabla} ({', '.join(['huella', *datos.columns, 'ingesta_id'])}) VALUES ({marcas})",
                      [huella(valores, vistas[clave]), *valores, 1])
    c.commit()
    c.close()


def _normalizadas():
    tips = pd.DataFrame({
        "cuenta": ["001", "002", None, "003"], "cliente_id": [None, None, "C9", None],
        "fecha_hora": ["2025-03-01 10:00:00", "2025-03-01 11:30:00", "2025-03-02 09:15:00", "2025-03-03 08:00:00"],
        "asesor": ["ana", "ana", "luis", "luis"], "canal": ["llamada", "llamada", "whatsapp", "sms"],
        "codigo": ["PP", "NC", "CT", "NC"], "monto_promesa": [150.0, None, None, None],
        "fecha_promesa": ["2025-03-05", None, None, None], "comentario": ["paga el viernes", None, "x" * 80, None],
    }).astype(object).where(lambda d: d.notna(), None)
    pag = pd.DataFrame({"cuenta": ["001", "001", "777"], "cliente_id": [None, None, None],
                        "fecha": ["2025-03-04"] * 3, "monto": [50.0, 50.0, 10.0],
                        "referencia": [None, None, "R1"]}).astype(object).where(lambda d: d.notna(), None)
    return tips, pag


def test_migracion_del_esquema_1(tmp_path):
    ruta = tmp_path / "limonero.db"
    tips, pag = _normalizadas()
    _bitacora_v1(ruta, tips, pag, {"001": "C1"})
    with Bitacora.abrir(ruta) as b:
        assert b.version_esquema == VERSION_ESQUEMA
        t = b.tipificaciones()
        p = b.pagos()
        # Lo ya cargado antes de migrar se reconoce: volver a cargarlo no agrega nada.
        r1 = b.cargar_tipificaciones(tipificaciones(), "otra_vez.xlsx")
        r2 = b.cargar_pagos(pagos(), "otra_vez.csv")
        nueva = tipificaciones().iloc[:1].assign(codigo="NC")
        r3 = b.cargar_tipificaciones(nueva, "nueva.xlsx")
        ingestas = b.ingestas()
    assert (r1.cargadas, r1.duplicadas) == (0, 4)
    assert (r2.cargadas, r2.duplicadas) == (0, 3)
    assert (r3.cargadas, r3.duplicadas) == (1, 0)
    assert t["cliente_id"].tolist() == ["C1", "002", "C9", "003"]
    assert t["comentario"].tolist() == ["paga el viernes", None, "x" * 80, None]
    assert sorted(p["cliente_id"]) == ["777", "C1", "C1"]
    assert ingestas["archivo"].tolist()[0] == "v1.xlsx"
    with sqlite3.connect(ruta) as c:
        assert c.execute("SELECT COUNT(*) FROM tipificaciones").fetchone()[0] == 5
        assert {f[0] for f in c.execute("SELECT typeof(huella) FROM pagos")} == {"integer"}
        assert c.execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_v2'").fetchone()[0] == 0


def test_migracion_por_tramos(tmp_path, monkeypatch):
    ruta = tmp_path / "limonero.db"
    tips, pag = _normalizadas()
    _bitacora_v1(ruta, tips, pag, {})
    monkeypatch.setattr(esquema, "TRAMO_MIGRACION", 2)
    with Bitacora.abrir(ruta) as b:
        assert b.cargar_pagos(pagos(), "p.csv").cargadas == 0
        assert len(b.tipificaciones()) == 4


def test_migracion_fallida_deja_el_esquema_1(tmp_path, monkeypatch):
    ruta = tmp_path / "limonero.db"
    tips, pag = _normalizadas()
    _bitacora_v1(ruta, tips, pag, {})

    def falla(_conexion):
        raise sqlite3.OperationalError("disco lleno")

    monkeypatch.setitem(esquema.MIGRACIONES, 2, (esquema.INDICES_V2[0], falla))
    with pytest.raises(Exception, match="disco lleno"):
        Bitacora.abrir(ruta)
    with sqlite3.connect(ruta) as c:
        assert c.execute("SELECT MAX(version) FROM esquema").fetchone()[0] == 1
        assert {f[0] for f in c.execute("SELECT typeof(huella) FROM tipificaciones")} == {"text"}


# --------------------------------------------------------------------------- recarga del mismo archivo


def test_carga_repetida_por_bytes(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        assert b.carga_repetida("pagos", "p.csv", "abc") is None
        primera = b.cargar_pagos(pagos(), "p.csv", rechazadas=2, huella_bytes="abc")
        otra = b.cargar_pagos(pagos().iloc[:1], "q.csv", huella_bytes="def")
        repetida = b.carga_repetida("pagos", "p (copia).csv", "abc")
        assert b.carga_repetida("tipificaciones", "p.csv", "abc") is None
        ingestas = b.ingestas()
    assert (primera.leidas, primera.cargadas) == (5, 3) and otra.cargadas == 0
    assert repetida.mismos_bytes and repetida.ya_cargado_el is not None
    assert (repetida.leidas, repetida.cargadas, repetida.duplicadas, repetida.rechazadas) == (5, 0, 3, 2)
    assert ingestas["archivo"].tolist() == ["p.csv", "q.csv", "p (copia).csv"]
    assert ingestas.iloc[-1][["leidas", "cargadas", "duplicadas", "rechazadas"]].tolist() == [5, 0, 3, 2]


def _escribir_pagos(ruta):
    ruta.write_text("cuenta,fecha,monto,referencia\n001,04/03/2025,50,\n002,05/03/2025,70,R2\n"
                    ",05/03/2025,10,\n", encoding="utf-8")


def test_cli_recarga_sin_leer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ruta = tmp_path / "pagos.csv"
    _escribir_pagos(ruta)
    r = CliRunner().invoke(limonero, ["cargar", "pagos", str(ruta)])
    assert r.exit_code == 0, r.output
    import limonero_cli.hojas.entradas as entradas

    def no_leer(*_a, **_k):
        raise AssertionError("no debía leer el archivo")

    monkeypatch.setattr(entradas, "leer_pagos", no_leer)
    r = CliRunner().invoke(limonero, ["cargar", "pagos", str(ruta)])
    assert r.exit_code == 0, r.output
    assert "este archivo ya se cargó el" in r.output
    assert "no se agregó nada" in r.output
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        ingestas = b.ingestas()
    primera, segunda = ingestas.iloc[0], ingestas.iloc[1]
    assert segunda["leidas"] == primera["leidas"] and segunda["cargadas"] == 0
    assert segunda["duplicadas"] == primera["cargadas"] + primera["duplicadas"]
    assert segunda["rechazadas"] == primera["rechazadas"]
    # Un byte distinto: se vuelve a leer (y sus filas ya estaban por contenido).
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    ruta.write_text(ruta.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    r = CliRunner().invoke(limonero, ["cargar", "pagos", str(ruta)])
    assert r.exit_code == 0, r.output
    assert "este archivo ya se cargó" not in r.output and "no se agregó nada" in r.output


@given(st.lists(st.one_of(st.none(), st.just(np.nan), st.text(alphabet=" \t\u00a0\x00\x1fab0ñ🍋", max_size=5),
                          st.sampled_from(["001", " 002", "003 ", "", "x\ny"])), max_size=12))
@settings(max_examples=300, deadline=None)
def test_textos_ya_limpios_se_dejan_igual_que_si_se_limpiaran(valores):
    """El atajo de ``_texto`` (columna que ya viene limpia) da lo mismo que limpiar valor por valor."""
    from limonero_cli.bitacora import bitacora as modulo

    serie = pd.Series(valores, dtype=object, index=range(5, 5 + len(valores)))
    esperado = [None if (v is None or v != v or not v.strip()) else v.strip() for v in valores]
    assert modulo._texto(serie).tolist() == esperado
    atajo = modulo._textos_limpios(serie)
    if atajo is not None:
        assert atajo.tolist() == esperado and atajo.index.equals(serie.index)


def test_registrar_cuentas_en_cualquier_orden_da_lo_mismo(tmp_path):
    cuentas = pd.DataFrame({"cuenta": ["9", "10", " 2", "2", "ñ", "A"], "cliente_id": ["C9", None, "X", "C2", "Cñ", "CA"]})
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        # «2» dos veces: vale la última; «10» es su propio cliente (no cuenta como cambio)
        assert b.registrar_cuentas(cuentas) == 4
        filas = b._conexion.execute("SELECT cuenta, cliente_id FROM cuentas ORDER BY cuenta").fetchall()
    assert filas == [("10", "10"), ("2", "C2"), ("9", "C9"), ("A", "CA"), ("ñ", "Cñ")]


def test_registrar_otra_vez_la_misma_cartera_no_toca_nada_y_un_cambio_si(tmp_path):
    """Las cuentas ya registradas con el mismo cliente se saltan antes de SQLite (el caso de cada día)."""
    cuentas = pd.DataFrame({"cuenta": ["001", "002", "003"], "cliente_id": ["C1", "C1", "C3"]})
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        assert b.registrar_cuentas(cuentas) == 3
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        antes = b._conexion.total_changes
        assert b.registrar_cuentas(cuentas) == 0
        assert b._conexion.total_changes == antes  # ni una escritura
        # Mañana la cuenta 002 pasa al cliente C2 y llega una cuenta nueva: solo eso se escribe.
        manana = pd.DataFrame({"cuenta": ["001", "002", "003", "004"], "cliente_id": ["C1", "C2", "C3", "C4"]})
        assert b.registrar_cuentas(manana) == 2
        registradas = b._conexion.execute("SELECT cuenta, cliente_id FROM cuentas ORDER BY cuenta").fetchall()
        t = b.tipificaciones(columnas=("cuenta", "cliente_id"))
    assert registradas == [("001", "C1"), ("002", "C2"), ("003", "C3"), ("004", "C4")]
    assert dict(zip(t["cuenta"].fillna("-"), t["cliente_id"]))["002"] == "C2"
