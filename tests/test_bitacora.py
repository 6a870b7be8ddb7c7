"""La bitácora SQLite: esquema, cargas idempotentes, transacciones y lecturas."""

import sqlite3
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limonero_cli.bitacora import Bitacora, ResultadoCarga, VERSION_ESQUEMA
from limonero_cli.bitacora import bitacora as modulo
from limonero_cli.errores import ErrorArchivo, ErrorDatos


def tipificaciones():
    return pd.DataFrame(
        {
            "cuenta": ["001", "002", None],
            "cliente_id": [None, None, "C9"],
            "fecha_hora": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 11:30", "2025-03-02 09:15"]),
            "asesor": ["ana", "ana", "luis"],
            "canal": ["llamada", "llamada", "whatsapp"],
            "codigo": ["PP", "NC", "CT"],
            "monto_promesa": [150.0, None, None],
            "fecha_promesa": pd.to_datetime(["2025-03-05", None, None]),
            "comentario": ["paga el viernes", None, None],
            "_fila": [2, 3, 4],
        }
    )


def pagos():
    return pd.DataFrame(
        {
            "cuenta": ["001", "001", "001", "777"],
            "fecha": pd.to_datetime(["2025-03-04", "2025-03-04", "2025-03-06", "2025-03-06"]),
            "monto": [50.0, 50.0, 50.0, 10.0],
            "referencia": [None, None, "R1", None],
        }
    )


def conteo(ruta, tabla):
    with sqlite3.connect(ruta) as c:
        return c.execute(f"SELECT COUNT(*) FROM {tabla}").fetchone()[0]


def test_abrir_crea_el_esquema_con_version(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        assert b.version_esquema == VERSION_ESQUEMA
        assert b.tipificaciones().empty and b.pagos().empty and b.asignaciones().empty and b.ingestas().empty
    # Reabrir no rehace nada ni falla; sin archivos auxiliares (se respalda copiando un solo archivo).
    with Bitacora.abrir(ruta) as b:
        assert b.version_esquema == VERSION_ESQUEMA
    assert sorted(p.name for p in tmp_path.iterdir()) == ["limonero.db"]


def test_archivo_que_no_es_sqlite(tmp_path):
    ruta = tmp_path / "limonero.db"
    ruta.write_text("esto es una planilla, no una base de datos\n" * 200)
    with pytest.raises(ErrorArchivo) as error:
        Bitacora.abrir(ruta)
    assert "no es una bitácora de limonero: no es un archivo SQLite o está dañado" in str(error.value)
    assert str(ruta) in str(error.value)


def test_sqlite_ajeno(tmp_path):
    ruta = tmp_path / "otra.db"
    with sqlite3.connect(ruta) as c:
        c.execute("CREATE TABLE clientes (id)")
    with pytest.raises(ErrorArchivo, match="es una base SQLite, pero no una bitácora de limonero"):
        Bitacora.abrir(ruta)


def test_esquema_mas_nuevo(tmp_path):
    ruta = tmp_path / "limonero.db"
    Bitacora.abrir(ruta).cerrar()
    with sqlite3.connect(ruta) as c:
        c.execute("INSERT INTO esquema (version, aplicada) VALUES (99, 'x')")
    with pytest.raises(ErrorArchivo, match="versión más nueva de limonero"):
        Bitacora.abrir(ruta)


def test_carpeta_inexistente_y_carpeta(tmp_path):
    with pytest.raises(ErrorArchivo, match="No existe la carpeta"):
        Bitacora.abrir(tmp_path / "no" / "limonero.db")
    with pytest.raises(ErrorArchivo, match="es una carpeta, no una bitácora"):
        Bitacora.abrir(tmp_path)


def test_cargar_dos_veces_no_agrega_nada(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        r1 = b.cargar_tipificaciones(tipificaciones(), "lista_ana.xlsx", rechazadas=2, sin_gestion=5)
        assert (r1.leidas, r1.cargadas, r1.duplicadas, r1.rechazadas, r1.sin_gestion) == (10, 3, 0, 2, 5)
        assert r1.ya_cargado_el is None
        r2 = b.cargar_tipificaciones(tipificaciones(), "lista_ana.xlsx", rechazadas=2, sin_gestion=5)
        assert (r2.leidas, r2.cargadas, r2.duplicadas) == (10, 0, 3)
        assert r2.ya_cargado_el is not None
        # Renombrado y con las filas en otro orden y otros números de fila: nada nuevo.
        otra = tipificaciones().iloc[::-1].assign(_fila=[40, 41, 42])
        r3 = b.cargar_tipificaciones(otra, "copia de lista_ana (1).xlsx")
        assert (r3.leidas, r3.cargadas, r3.duplicadas) == (3, 0, 3)
        assert r3.ya_cargado_el is not None
        ingestas = b.ingestas()
    assert conteo(ruta, "tipificaciones") == 3
    assert ingestas["archivo"].tolist() == ["lista_ana.xlsx", "lista_ana.xlsx", "copia de lista_ana (1).xlsx"]
    assert ingestas["cargadas"].tolist() == [3, 0, 0]
    assert ingestas["duplicadas"].tolist() == [0, 3, 3]
    assert ingestas["rechazadas"].tolist() == [2, 2, 0]
    assert ingestas["sin_gestion"].tolist() == [5, 5, 0]
    assert ingestas["leidas"].tolist() == [10, 10, 3]
    assert ingestas["huella_archivo"].nunique() == 1
    assert (ingestas["leidas"] == ingestas[["cargadas", "duplicadas", "rechazadas", "sin_gestion"]].sum(axis=1)).all()


def test_normalizacion_de_la_huella(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        # Espacios, montos con más decimales y la misma fecha como texto: la misma fila.
        variante = tipificaciones()
        variante["asesor"] = ["  ana ", "ana", "luis "]
        variante["monto_promesa"] = [150.001, None, None]
        r = b.cargar_tipificaciones(variante, "b.xlsx")
    assert (r.cargadas, r.duplicadas) == (0, 3)


def test_filas_iguales_en_una_carga_son_hechos_distintos(tmp_path):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        r = b.cargar_pagos(pagos(), "pagos_lunes.csv")
        assert (r.leidas, r.cargadas, r.duplicadas) == (4, 4, 0)
        # Un archivo posterior que repite los dos pagos iguales y trae uno nuevo: solo entra el nuevo.
        nuevos = pd.concat([pagos().iloc[:2], pagos().iloc[:1]], ignore_index=True)
        r = b.cargar_pagos(nuevos, "pagos_martes.csv")
        assert (r.leidas, r.cargadas, r.duplicadas) == (3, 1, 2)
        assert b.pagos()["monto"].sum() == 210.0


def test_carga_interrumpida_deja_la_bitacora_como_estaba(tmp_path, monkeypatch):
    ruta = tmp_path / "limonero.db"
    with Bitacora.abrir(ruta) as b:
        b.cargar_pagos(pagos().iloc[:1], "primero.csv")
        antes_pagos, antes_ingestas = b.pagos(), b.ingestas()

        original = modulo._filas_para_insertar

        def se_corta(tabla):
            for i, fila in enumerate(original(tabla)):
                if i == 2:
                    raise KeyboardInterrupt  # Ctrl+C a mitad de la carga
                yield fila

        monkeypatch.setattr(modulo, "_filas_para_insertar", se_corta)
        with pytest.raises(KeyboardInterrupt):
            b.cargar_pagos(pagos(), "pagos.csv")
        monkeypatch.undo()
        pd.testing.assert_frame_equal(b.pagos(), antes_pagos)
        pd.testing.assert_frame_equal(b.ingestas(), antes_ingestas)
        # La bitácora sigue usable y la carga completa funciona después.
        r = b.cargar_pagos(pagos(), "pagos.csv")
        assert (r.cargadas, r.duplicadas) == (3, 1)
    assert conteo(ruta, "pagos") == 4


def test_cliente_resuelto_por_cuenta(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        b.cargar_pagos(pagos(), "p.csv")
        # Antes de registrar las cuentas, la cuenta hace de cliente.
        assert b.tipificaciones()["cliente_id"].tolist() == ["001", "002", "C9"]
        b.registrar_cuentas(pd.DataFrame({"cuenta": ["001", "002"], "cliente_id": ["C1", "C1"]}))
        t = b.tipificaciones()
        p = b.pagos()
        b.registrar_cuentas(pd.DataFrame({"cuenta": ["002"], "cliente_id": ["C2"]}))
        t2 = b.tipificaciones()
    assert t["cliente_id"].tolist() == ["C1", "C1", "C9"]
    assert t["cuenta"].tolist() == ["001", "002", None]
    # A igual fecha, el orden es el de llegada a la bitácora (el de la huella dentro de una carga).
    assert sorted(p["cliente_id"]) == ["777", "C1", "C1", "C1"]
    assert dict(zip(p["cuenta"], p["cliente_id"])) == {"001": "C1", "777": "777"}
    assert t2["cliente_id"].tolist() == ["C1", "C2", "C9"]


def test_tipos_y_filtros_de_lectura(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        b.cargar_tipificaciones(tipificaciones(), "a.xlsx")
        b.cargar_pagos(pagos(), "p.csv")
        t = b.tipificaciones()
        assert str(t["fecha_hora"].dtype) == "datetime64[ns]"
        assert str(t["fecha_promesa"].dtype) == "datetime64[ns]"
        assert t["monto_promesa"].dtype == "float64"
        assert t["comentario"].dtype == object
        assert t["comentario"].tolist() == ["paga el viernes", None, None]
        assert t["fecha_hora"].tolist()[1] == pd.Timestamp("2025-03-01 11:30")
        assert len(b.tipificaciones(hasta=date(2025, 3, 1))) == 2
        assert len(b.tipificaciones(desde=date(2025, 3, 2))) == 1
        assert sorted(b.pagos(desde=date(2025, 3, 5), hasta=date(2025, 3, 6))["monto"]) == [10.0, 50.0]


def test_asignaciones_se_reemplazan_por_fecha(tmp_path):
    asig = pd.DataFrame(
        {
            "cliente_id": ["C1", "C2"],
            "cuentas": [["001", "002"], "003"],
            "asesor": ["ana", "luis"],
            "canal": ["llamada", "sms"],
            "tratamiento": ["Contención", "Solución"],
            "saldo_vencido": [1500.5, 300.0],
            "dias_mora": [12, 75],
        }
    )
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        assert b.registrar_asignaciones(date(2025, 3, 1), asig) == 2
        assert b.registrar_asignaciones(date(2025, 3, 2), asig.iloc[:1]) == 1
        assert b.registrar_asignaciones(date(2025, 3, 1), asig.iloc[1:]) == 1
        todas = b.asignaciones()
        solo = b.asignaciones(desde=date(2025, 3, 2))
    assert todas["fecha"].tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-02")]
    assert todas["cliente_id"].tolist() == ["C2", "C1"]
    assert todas["cuentas"].tolist() == ["003", "001, 002"]
    assert todas["dias_mora"].tolist() == [75, 12]
    assert todas["saldo_vencido"].tolist() == [300.0, 1500.5]
    assert todas["variante"].tolist() == [None, None]
    assert solo["cliente_id"].tolist() == ["C1"]


def test_asignacion_sin_cliente_es_error(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        with pytest.raises(ErrorDatos, match="no tiene cliente_id"):
            b.registrar_asignaciones(date(2025, 3, 1), pd.DataFrame({"cliente_id": ["C1", None]}))
        assert b.asignaciones().empty


def test_carga_sin_fecha_es_error_claro(tmp_path):
    datos = tipificaciones()
    datos.loc[1, "fecha_hora"] = pd.NaT
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        with pytest.raises(ErrorDatos) as error:
            b.cargar_tipificaciones(datos, "lista.xlsx")
        assert b.tipificaciones().empty
    assert "lista.xlsx, fila 3, columna «fecha_hora»: falta el dato" in str(error.value)


def test_cuentas_que_no_cuadran(tmp_path):
    with Bitacora.abrir(tmp_path / "limonero.db") as b:
        with pytest.raises(ErrorDatos, match="no cuadran"):
            b.cargar_pagos(pagos(), "p.csv", rechazadas=1, leidas=3)


def test_resultado_carga_es_inmutable():
    r = ResultadoCarga(leidas=1, cargadas=1, duplicadas=0, rechazadas=0, sin_gestion=0)
    with pytest.raises(AttributeError):
        r.cargadas = 2  # type: ignore[misc]


filas_pago = st.lists(
    st.tuples(
        st.sampled_from(["001", "002", "003"]),
        st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 1, 10)),
        st.sampled_from([10.0, 20.5, 100.0]),
    ),
    max_size=15,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(primero=filas_pago, segundo=filas_pago)
def test_propiedad_cargar_dos_veces_no_cambia_nada(tmp_path_factory, primero, segundo):
    ruta = tmp_path_factory.mktemp("b") / "limonero.db"
    marco = lambda filas: pd.DataFrame(filas, columns=["cuenta", "fecha", "monto"]).astype({"monto": "float64"})
    with Bitacora.abrir(ruta) as b:
        r1 = b.cargar_pagos(marco(primero), "uno.csv")
        r2 = b.cargar_pagos(marco(segundo), "dos.csv")
        antes = b.pagos().drop(columns="ingesta_id")
        r3 = b.cargar_pagos(marco(primero), "uno_renombrado.csv")
        r4 = b.cargar_pagos(marco(segundo), "dos_renombrado.csv")
        despues = b.pagos().drop(columns="ingesta_id")
    assert r1.cargadas == len(primero)
    assert r3.cargadas == 0 and r4.cargadas == 0
    pd.testing.assert_frame_equal(antes, despues)
    for r in (r1, r2, r3, r4):
        assert r.leidas == r.cargadas + r.duplicadas + r.rechazadas + r.sin_gestion


def test_lectura_de_columnas_y_codigos(tmp_path):
    from datetime import date as _date

    tips = pd.DataFrame(
        {
            "cuenta": ["1", "2", "3", "4"],
            "fecha_hora": pd.to_datetime(["2025-03-01 09:00", "2025-03-02 09:00", "2025-03-03 09:00", "2025-03-04 09:00"]),
            "codigo": ["PP", "NC", None, "pp"],
            "monto_promesa": [10.0, None, None, 5.0],
            "fecha_promesa": pd.to_datetime(["2025-03-05", None, None, "2025-03-06"]),
        }
    )
    with Bitacora.abrir(tmp_path / "b.db") as b:
        b.cargar_tipificaciones(tips, "t.xlsx")
        solo = b.tipificaciones(columnas=("cliente_id", "codigo"), solo_codigos=("PP",))
        sin = b.tipificaciones(_date(2025, 3, 2), None, columnas=("cliente_id", "fecha_hora"), sin_codigos=("PP",))
        with pytest.raises(ErrorDatos, match="no tiene la columna «color»"):
            b.tipificaciones(columnas=("color",))
        pagos = b.pagos(columnas=("cliente_id", "monto"))
    assert list(solo.columns) == ["cliente_id", "codigo"] and sorted(solo["cliente_id"]) == ["1", "4"]
    assert sorted(sin["cliente_id"]) == ["2", "3"] and sin["fecha_hora"].dtype == "datetime64[ns]"
    assert list(pagos.columns) == ["cliente_id", "monto"] and pagos.empty
