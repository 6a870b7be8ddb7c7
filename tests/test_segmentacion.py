"""Segmentación por deudor: primera regla que se cumple, decisión por deudor, variantes estables."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from limonero_cli.estrategia.cargar import estrategia_desde_hojas, estrategia_por_defecto
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.estrategia.modelo import SIN_SEGMENTO
from limonero_cli.nucleo.segmentacion import agregar_deudores, resumir_segmentacion, segmentar


def cartera(filas, columnas=("cuenta", "cliente_id", "dias_mora", "saldo_vencido", "score")):
    tabla = pd.DataFrame(filas, columns=list(columnas))
    tabla["dias_mora"] = tabla["dias_mora"].astype("Int64")
    tabla["saldo_vencido"] = tabla["saldo_vencido"].astype("float64")
    return tabla


def estrategia_sin_retador():
    hojas = hojas_por_defecto()
    t = hojas["tratamientos"]
    t = t[t["variante"] != "B"].reset_index(drop=True)
    t.loc[t["segmento"] == "Temprano", "proporcion"] = 1.0
    hojas["tratamientos"] = t
    hojas["eventos"] = hojas["eventos"][hojas["eventos"]["tratamiento"] != "Contención digital"]
    return estrategia_desde_hojas(hojas)


def test_la_primera_regla_que_se_cumple_gana():
    e = estrategia_sin_retador()
    c = cartera(
        [
            ("1", "1", 10, 100.0, 700),  # Olvidadizo (antes que Temprano)
            ("2", "2", 10, 100.0, 500),  # Temprano
            ("3", "3", 10, 9_000_000.0, 700),  # Olvidadizo gana a Alto valor: va primero
            ("4", "4", 40, 9_000_000.0, 500),  # Alto valor gana a Temprano
            ("5", "5", -3, 0.0, None),  # Preventivo
            ("6", "6", 100, 10.0, None),  # Tardío
            ("7", "7", 500, 10.0, 900),  # Recuperación
            ("8", "8", None, 10.0, 900),  # sin mora: ninguna regla
        ]
    )
    s = segmentar(c, e)
    assert s["segmento"].tolist() == [
        "Olvidadizo", "Temprano", "Olvidadizo", "Alto valor", "Preventivo", "Tardío", "Recuperación", SIN_SEGMENTO
    ]
    assert s["tratamiento"].tolist() == [
        "Recordatorio", "Contención", "Recordatorio", "Negociación personal", "Prevención", "Solución", "Recuperación", None
    ]
    assert s["etapa"].tolist() == ["Temprana", "Temprana", "Temprana", "Media", "Preventiva", "Tardía", "Recuperación", None]
    assert s["variante"].tolist()[:7] == ["A"] * 7
    assert s.attrs["sin_segmento"] == 1 and s.attrs["deudores_sin_segmento"] == 1
    # la entrada no cambia y no se pierden filas
    assert "segmento" not in c.columns and len(s) == len(c)


def test_el_segmento_se_decide_por_deudor():
    e = estrategia_sin_retador()
    c = cartera(
        [
            ("A1", "X", 5, 3_000_000.0, 500),
            ("A2", "X", 70, 3_000_000.0, 500),  # la más vencida: 70 días
            ("A3", "X", 20, -1_500_000.0, 500),  # nota crédito: resta
            ("B1", "Y", 5, 4_000_000.0, 500),
            ("B2", "Y", 10, 2_000_000.0, 500),  # suma 6.000.000: Alto valor
            ("C1", None, 5, 10.0, 500),  # sin cliente_id: el deudor es la cuenta
        ]
    )
    s = segmentar(c, e)
    # X: mora 70, saldo 4.500.000 (< 5.000.000) → Tardío, etapa Media (31..90) para todas sus cuentas
    assert s["segmento"].tolist()[:3] == ["Tardío"] * 3
    assert set(s["etapa"].iloc[:3]) == {"Media"}
    assert s["segmento"].tolist()[3:5] == ["Alto valor"] * 2
    assert set(s["etapa"].iloc[3:5]) == {"Temprana"}
    assert s["segmento"].iloc[5] == "Temprano"
    assert s.groupby("cliente_id", dropna=False)["tratamiento"].nunique().max() == 1


def test_agregar_deudores():
    c = pd.DataFrame(
        {
            "cuenta": ["A1", "A2", "A3", "B1", "C1"],
            "cliente_id": ["X", "X", "X", "Y", ""],
            "nombre": [None, "Ana", "Ana María", "Beto", "Carla"],
            "telefono": ["", None, "3001234567", "3100000000", None],
            "dias_mora": pd.array([5, 70, 20, 0, 3], dtype="Int64"),
            "saldo_vencido": [100.0, 200.0, -50.0, 10.0, np.nan],
            "no_contactar": [False, False, True, False, False],
            "pais": ["CO", None, "CO", "MX", "CO"],
        }
    )
    d = agregar_deudores(c)
    assert d["cliente_id"].tolist() == ["X", "Y", "C1"]
    assert d["cuentas"].tolist() == ["A1, A2, A3", "B1", "C1"]
    assert d["n_cuentas"].tolist() == [3, 1, 1]
    assert d["dias_mora"].tolist() == [70, 0, 3]
    assert d["saldo_vencido"].tolist()[:2] == [250.0, 10.0] and np.isnan(d["saldo_vencido"].iloc[2])
    # primero no vacío empezando por la más vencida (A2: 70, luego A3: 20, luego A1)
    assert d["nombre"].tolist() == ["Ana", "Beto", "Carla"]
    assert d["telefono"].tolist()[:2] == ["3001234567", "3100000000"]
    assert d["pais"].tolist() == ["CO", "MX", "CO"]
    assert d["no_contactar"].tolist() == [True, False, False]
    assert d["n_cuentas"].sum() == len(c)


def test_variante_estable_y_en_proporcion():
    e = estrategia_por_defecto()
    n = 10_000
    c = cartera([(f"F{i}", f"CC{i:06d}", 20, 1000.0, 500) for i in range(n)])
    s1 = segmentar(c, e)
    assert set(s1["segmento"]) == {"Temprano"}
    proporcion_b = (s1["variante"] == "B").mean()
    assert abs(proporcion_b - 0.2) <= 0.02
    assert set(s1.loc[s1["variante"] == "B", "tratamiento"]) == {"Contención digital"}
    # otra corrida, con las filas en otro orden y otros deudores al lado: mismo resultado por deudor
    barajada = c.sample(frac=1, random_state=7).iloc[: n // 2]
    s2 = segmentar(pd.concat([barajada, cartera([("Z", "OTRO", 20, 1.0, 500)])], ignore_index=True), e)
    antes = dict(zip(s1["cliente_id"], s1["variante"]))
    assert all(antes[k] == v for k, v in zip(s2["cliente_id"], s2["variante"]) if k != "OTRO")


def test_variante_fija_por_deudor_conocido():
    # valor fijado: si cambia el hash o la sal, los deudores cambiarían de variante entre versiones
    e = estrategia_por_defecto()
    c = cartera([(f"F{i}", f"{i}", 20, 1.0, 500) for i in range(20)])
    assert "".join(segmentar(c, e)["variante"]) == "BAAAAABABABAAAAABAAA"


def test_proporciones_de_tres_variantes():
    hojas = hojas_por_defecto()
    t = hojas["tratamientos"]
    t.loc[3, "proporcion"] = 0.5
    t.loc[4, "proporcion"] = 0.3
    extra = t.iloc[[4]].copy()
    extra["variante"], extra["proporcion"], extra["tratamiento"] = "C", 0.2, "Contención"
    hojas["tratamientos"] = pd.concat([t, extra], ignore_index=True)
    e = estrategia_desde_hojas(hojas)
    c = cartera([(f"F{i}", f"D{i}", 20, 1000.0, 500) for i in range(10_000)])
    partes = segmentar(c, e)["variante"].value_counts(normalize=True)
    assert abs(partes["A"] - 0.5) <= 0.02 and abs(partes["B"] - 0.3) <= 0.02 and abs(partes["C"] - 0.2) <= 0.02


def test_campos_que_la_cartera_no_trae_no_cumplen_y_se_informan():
    e = estrategia_sin_retador()
    c = cartera([("1", "1", 10, 100.0)], columnas=("cuenta", "cliente_id", "dias_mora", "saldo_vencido"))
    s = segmentar(c, e)
    assert s["segmento"].tolist() == ["Temprano"]  # sin score no es Olvidadizo
    assert s.attrs["campos_faltantes"] == ["score"]


def test_columnas_adicionales_en_las_reglas():
    hojas = hojas_por_defecto()
    hojas["segmentos"]["ciudad"] = ["-", "-", "-", "Bogotá, Medellín", "-", "-"]
    e = estrategia_desde_hojas(hojas)
    c = cartera([("1", "1", 10, 1.0, 1), ("2", "2", 10, 1.0, 1)])
    c["ciudad"] = ["BOGOTA", "Cali"]
    assert segmentar(c, e)["segmento"].tolist() == ["Temprano", SIN_SEGMENTO]


def test_resumen():
    e = estrategia_sin_retador()
    c = cartera([("1", "X", 10, 100.0, 500), ("2", "X", 12, 50.0, 500), ("3", "Y", 100, 7.0, 500)])
    r = resumir_segmentacion(segmentar(c, e)).set_index("segmento")
    assert r.loc["Temprano", "deudores"] == 1 and r.loc["Temprano", "cuentas"] == 2
    assert r.loc["Temprano", "saldo_vencido"] == 150.0 and r.loc["Tardío", "saldo_vencido"] == 7.0


def test_estrategia_es_inmutable():
    e = estrategia_por_defecto()
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.parametros = None


def test_falta_dias_mora():
    from limonero_cli.errores import ErrorDatos

    with pytest.raises(ErrorDatos, match="no tiene la columna «dias_mora»"):
        segmentar(pd.DataFrame({"cuenta": ["1"], "saldo_vencido": [1.0]}), estrategia_por_defecto())


def test_cartera_vacia():
    c = cartera([])
    s = segmentar(c, estrategia_por_defecto())
    assert len(s) == 0 and list(s.columns)[-4:] == ["segmento", "tratamiento", "variante", "etapa"]
    assert len(agregar_deudores(c)) == 0


from hypothesis import given, settings
from hypothesis import strategies as st

_ESTRATEGIA = estrategia_por_defecto()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["X", "Y", "Z", "W", None]),
            st.one_of(st.none(), st.integers(-30, 2000)),
            st.one_of(st.none(), st.floats(-1e7, 1e8, allow_nan=False)),
            st.one_of(st.none(), st.integers(0, 1000)),
        ),
        max_size=30,
    )
)
def test_cada_cuenta_en_un_solo_segmento_y_un_tratamiento_por_deudor(filas):
    c = cartera([(f"F{i}", *f) for i, f in enumerate(filas)])
    s = segmentar(c, _ESTRATEGIA)
    assert len(s) == len(c) and s["segmento"].notna().all()
    deudor = s["cliente_id"].where(s["cliente_id"].notna(), s["cuenta"])
    for columna in ("segmento", "tratamiento", "variante", "etapa"):
        assert (s[columna].astype(str).groupby(deudor).nunique() <= 1).all()
    assert (s["segmento"] == SIN_SEGMENTO).sum() == s.attrs["sin_segmento"]
    assert s.loc[s["segmento"] != SIN_SEGMENTO, "tratamiento"].notna().all()


def test_la_mora_del_deudor_es_la_de_su_cuenta_impaga_mas_antigua():
    from limonero_cli.nucleo.segmentacion import agregar_deudores

    cartera = pd.DataFrame(
        {
            "cuenta": ["F1", "F2", "NC1", "G1"],
            "cliente_id": ["D1", "D1", "D1", "D2"],
            "dias_mora": pd.array([400, 12, 900, 30], dtype="Int64"),
            "saldo_vencido": [0.0, 5000.0, -300.0, -10.0],
        }
    )
    deudores = agregar_deudores(cartera).set_index("cliente_id")
    assert deudores.loc["D1", "dias_mora"] == 12  # la saldada (400) y la nota crédito (900) no cuentan
    assert deudores.loc["D1", "saldo_vencido"] == 4700.0
    assert deudores.loc["D2", "dias_mora"] == 30  # nada debe: cuenta la más vencida


def test_segmentar_deudores_decide_lo_mismo_que_segmentar():
    from limonero_cli.nucleo.segmentacion import segmentar_deudores

    generador = np.random.default_rng(3)
    n = 3000
    cartera = pd.DataFrame(
        {
            "cuenta": [f"C{i}" for i in range(n)],
            "cliente_id": [f"D{i}" for i in generador.integers(0, 1200, n)],
            "dias_mora": pd.array(generador.integers(-10, 400, n), dtype="Int64"),
            "saldo_vencido": generador.normal(800000, 2000000, n).round(0),
            "score": generador.integers(300, 900, n).astype(float),
        }
    )
    estrategia = estrategia_por_defecto()
    por_cuenta = segmentar(cartera, estrategia).drop_duplicates("cliente_id").set_index("cliente_id")
    por_deudor = segmentar_deudores(cartera, estrategia).set_index("cliente_id")
    assert list(por_deudor.index) == list(por_cuenta.index)
    for columna in ("segmento", "tratamiento", "variante", "etapa"):
        assert por_deudor[columna].tolist() == por_cuenta[columna].tolist(), columna
    agregados = agregar_deudores(cartera).set_index("cliente_id")
    assert por_deudor["saldo_vencido"].tolist() == agregados["saldo_vencido"].tolist()
    assert por_deudor["cuentas"].tolist() == agregados["cuentas"].tolist()
