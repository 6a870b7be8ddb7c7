"""Las piezas rápidas de la lista dan exactamente lo mismo que lo que reemplazan.

- ``_Agrupacion.primero`` (primer valor no vacío de cada deudor, por posiciones) contra el
  ``groupby(...).first()`` de antes, que se conserva aquí tal cual como referencia;
- ``unir_por_deudor`` (tomar la fila de cada deudor por posición) contra ``merge``;
- ``_por_valores_distintos`` contra aplicar la función a la columna entera.

Sobre tablas aleatorias con semilla: deudores con una y varias cuentas, vacíos (``None``, NaN,
``""``, NaT, ``pd.NA``) y columnas de objetos, textos de pandas, números, fechas, ``Int64``,
sí/no y categorías. No mide tiempos.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from limonero_cli.nucleo.listas import _por_valores_distintos
from limonero_cli.nucleo.segmentacion import _Agrupacion, unir_por_deudor


def _primero_de_antes(agrupacion: _Agrupacion, cartera: pd.DataFrame, columnas: list[str]) -> pd.DataFrame:
    """``_Agrupacion.primero`` como era: ``groupby(...).first()`` sobre las cuentas ordenadas."""
    if not columnas:
        return pd.DataFrame(index=pd.RangeIndex(agrupacion.n))
    parte = cartera[columnas].take(agrupacion.orden)
    for columna in columnas:
        serie = parte[columna]
        if serie.dtype == object or pd.api.types.is_string_dtype(serie.dtype):
            vacios = serie.to_numpy(dtype=object) == ""
            if vacios.any():
                parte[columna] = serie.mask(vacios)
    parte.index = pd.RangeIndex(len(parte))
    primeros = parte.groupby(agrupacion.codigos[agrupacion.orden], sort=True).first()
    primeros.index = pd.RangeIndex(agrupacion.n)
    for columna in columnas:
        if primeros[columna].dtype != cartera[columna].dtype:
            try:
                primeros[columna] = primeros[columna].astype(cartera[columna].dtype)
            except (TypeError, ValueError):
                pass
    return primeros


def _cartera(semilla: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(semilla)
    deudores = max(1, n // 2)
    textos = np.array(["ana", "", None, np.nan, "luis", "  ", "Peña"], dtype=object)
    return pd.DataFrame(
        {
            "cuenta": [f"C{i:04d}" for i in range(n)],
            "cliente_id": [f"D{d:03d}" for d in rng.integers(0, deudores, n)],
            "dias_mora": rng.integers(-5, 200, n),
            "saldo_vencido": np.where(rng.random(n) < 0.2, -50.0, rng.random(n) * 1000),
            "nombre": pd.Series(textos[rng.integers(0, len(textos), n)], dtype=object),
            "pais": pd.Series(rng.choice(["co", "MX ", None, ""], n), dtype="str"),
            "score": np.where(rng.random(n) < 0.3, np.nan, rng.integers(300, 900, n)),
            "fecha": pd.Series(pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"))
            .where(rng.random(n) > 0.3),
            "dias_int": pd.array(np.where(rng.random(n) < 0.3, None, rng.integers(0, 9, n)), dtype="Int64"),
            "mezcla": pd.Series(np.array([1, "x", None, 2.5, np.nan, True], dtype=object)[rng.integers(0, 6, n)],
                                dtype=object),
            "marca": rng.random(n) < 0.5,
            "categoria": pd.Categorical(rng.choice(["A", "B", None], n)),
        }
    )


def _iguales(rapido: pd.DataFrame, antes: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(rapido, antes, check_exact=True)
    for columna in rapido.columns:  # None y NaN no son lo mismo en una columna de objetos
        if rapido[columna].dtype == object:
            assert [type(v) for v in rapido[columna]] == [type(v) for v in antes[columna]], columna


@pytest.mark.parametrize("semilla", range(8))
def test_primero_igual_al_groupby_first_de_antes(semilla):
    cartera = _cartera(semilla, int(np.random.default_rng(semilla).integers(1, 120)))
    agrupacion = _Agrupacion(cartera)
    columnas = ["nombre", "pais", "score", "fecha", "dias_int", "mezcla", "marca", "categoria"]
    _iguales(agrupacion.primero(cartera, columnas), _primero_de_antes(agrupacion, cartera, columnas))


@pytest.mark.parametrize("semilla", range(8))
def test_unir_por_deudor_igual_a_merge(semilla):
    rng = np.random.default_rng(semilla)
    cartera = _cartera(semilla, 60)
    derecha = cartera.drop_duplicates("cliente_id").drop(columns=["cuenta"]).reset_index(drop=True)
    derecha = derecha.take(rng.permutation(len(derecha))).reset_index(drop=True)
    casos = [
        derecha[["cliente_id"]].assign(propio=1),  # las mismas filas en el mismo orden
        derecha[["cliente_id"]].take(rng.integers(0, len(derecha), 40)).assign(canal="sms"),  # repetidas, otro orden
        pd.DataFrame({"cliente_id": ["D999", derecha["cliente_id"].iloc[0]]}),  # un deudor que no está: merge
        derecha[["cliente_id", "nombre"]],  # columnas en común: merge con sufijos
    ]
    for izquierda in casos:
        esperado = izquierda.merge(derecha, on="cliente_id", how="left", suffixes=("", "_deudor"))
        _iguales(unir_por_deudor(izquierda, derecha, sufijos=("", "_deudor")), esperado)
        _iguales(unir_por_deudor(izquierda, derecha), izquierda.merge(derecha, on="cliente_id", how="left"))


def test_por_valores_distintos_igual_a_la_columna_entera():
    serie = pd.Series([" co", "MX", None, " co", "pe "] * 20, dtype="str", index=range(5, 105))
    funcion = lambda s: s.astype(str).str.upper().str.strip()  # noqa: E731
    pd.testing.assert_series_equal(_por_valores_distintos(serie.fillna("CO"), funcion), funcion(serie.fillna("CO")))
    objetos = pd.Series(["a", 1, None, "a"], dtype=object)
    pd.testing.assert_series_equal(_por_valores_distintos(objetos, funcion), funcion(objetos))


def _filas_de_eventos_de_antes(deudores: pd.DataFrame, estrategia) -> pd.DataFrame:
    """``_filas_de_eventos`` como era: cruzar cada deudor con los eventos de su etapa y filtrar."""
    from limonero_cli.nucleo.listas import ORIGEN_EVENTO, _tabla_de_eventos, _vacia_candidatas

    if not estrategia.eventos:
        return _vacia_candidatas()
    eventos = _tabla_de_eventos(estrategia)
    base = deudores[["cliente_id", "tratamiento", "etapa", "dias_mora"]].dropna(subset=["etapa", "dias_mora"])
    cruce = base.merge(eventos, on=["tratamiento", "etapa"], how="inner")
    if cruce.empty:
        return _vacia_candidatas()
    dias = cruce["dias_mora"].astype(float)
    toca_dia = cruce["dia"].notna() & dias.eq(cruce["dia"])
    en_etapa = dias - cruce["desde"]
    cada = cruce["cada"]
    toca_cada = cada.notna() & (en_etapa >= 0) & ((en_etapa % cada.fillna(1)) == 0)
    cruce = cruce[toca_dia | toca_cada]
    cruce = cruce.assign(origen=ORIGEN_EVENTO, es_seguimiento=False)
    return cruce[_vacia_candidatas().columns]


@pytest.mark.parametrize("semilla", range(6))
def test_eventos_del_dia_iguales_al_cruce_de_antes(semilla):
    from limonero_cli.estrategia.cargar import estrategia_desde_hojas
    from limonero_cli.estrategia.defecto import hojas_por_defecto
    from limonero_cli.nucleo.listas import _filas_de_eventos

    estrategia = estrategia_desde_hojas(hojas_por_defecto())
    rng = np.random.default_rng(semilla)
    n = 400 if semilla else 0
    etapas = sorted({(e.tratamiento, e.etapa) for e in estrategia.etapas}) + [(None, None), ("Otro", "Temprana")]
    elegidas = [etapas[i] for i in rng.integers(0, len(etapas), n)]
    deudores = pd.DataFrame(
        {
            "cliente_id": pd.Series([f"D{i:04d}" for i in range(n)], dtype=object),
            "tratamiento": pd.Series([t for t, _ in elegidas], dtype=object),
            "etapa": pd.Series([e for _, e in elegidas], dtype=object),
            "dias_mora": pd.array(np.where(rng.random(n) < 0.05, None, rng.integers(-10, 400, n)), dtype="Int64"),
        },
        index=rng.permutation(n) + 7,  # el índice de los deudores no importa
    )
    rapido = _filas_de_eventos(deudores, estrategia).reset_index(drop=True)
    antes = _filas_de_eventos_de_antes(deudores, estrategia).reset_index(drop=True)
    assert n == 0 or len(antes) > 0
    _iguales(rapido, antes)
