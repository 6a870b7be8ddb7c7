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

from limonero_cli.estrategia.cargar import estrategia_desde_hojas
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.estrategia.modelo import NIVELES
from limonero_cli.nucleo import listas
from limonero_cli.nucleo.listas import Historial, _por_valores_distintos, construir_lista
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


# --------------------------------------------------------------------------- perfil de la historia
# ``_perfil_historial`` y ``_asesor_anterior`` como eran (uniones y agrupaciones por texto), de referencia.

def _asesor_anterior_de_antes(clientes: pd.Series, historial, hoy: pd.Timestamp) -> pd.Series:
    """El último asesor que tuvo cada deudor en una lista anterior (continuidad si la cartera no trae asesor)."""
    asignaciones = historial.asignaciones
    if asignaciones.empty or "asesor" not in asignaciones:
        return pd.Series(None, index=clientes.index, dtype=object)
    previas = asignaciones[asignaciones["asesor"].notna() & (pd.to_datetime(asignaciones["fecha"]) < hoy)]
    ultimo = previas.sort_values("fecha", kind="stable").groupby("cliente_id")["asesor"].last()
    return pd.Series(ultimo.reindex(clientes.to_numpy()).to_numpy(), index=clientes.index, dtype=object)


def _perfil_de_antes(
    clientes: pd.Series, historial, estrategia, fecha
) -> pd.DataFrame:
    """Lo que la bitácora dice de cada deudor, en una fila por deudor."""
    catalogo = estrategia.catalogo().set_index("codigo")
    hoy = pd.Timestamp(fecha)
    tip = historial.tipificaciones
    if len(tip):  # sin historia no hace falta el conjunto de cientos de miles de deudores
        tip = tip[tip["cliente_id"].isin(set(clientes)) & (tip["fecha_hora"] < hoy + pd.Timedelta(days=1))]
    tip = tip.assign(
        nivel_idx=tip["codigo"].map(catalogo["nivel"]).map({n: i for i, n in enumerate(NIVELES)}).fillna(-1),
        final=tip["codigo"].map(catalogo["final"]).fillna(False).astype(bool),
        peso=tip["codigo"].map(catalogo["peso"]).fillna(0),
    )
    perfil = pd.DataFrame({"cliente_id": pd.unique(clientes)})
    perfil["asesor_anterior"] = _asesor_anterior_de_antes(perfil["cliente_id"], historial, hoy)
    if tip.empty:
        return perfil

    ordenadas = tip.sort_values(["cliente_id", "fecha_hora", "peso"], kind="stable")
    ultima = ordenadas.groupby("cliente_id", sort=False).tail(1).set_index("cliente_id")
    perfil["ultimo_codigo"] = perfil["cliente_id"].map(ultima["codigo"])
    perfil["ultima_fecha"] = perfil["cliente_id"].map(ultima["fecha_hora"].dt.normalize())
    perfil["ultimo_canal"] = perfil["cliente_id"].map(ultima["canal"])

    finales = ordenadas.loc[ordenadas["final"]].groupby("cliente_id")["codigo"].last()
    perfil["codigo_final"] = perfil["cliente_id"].map(finales)

    indice_negociacion = NIVELES.index("negociacion")
    negociaciones = ordenadas.loc[ordenadas["nivel_idx"] >= indice_negociacion].groupby("cliente_id").size()
    perfil["negociaciones"] = perfil["cliente_id"].map(negociaciones)

    # intentos seguidos sin contacto al final de la historia de cada deudor
    posicion = pd.Series(np.arange(len(ordenadas)), index=ordenadas["cliente_id"].to_numpy())
    ultima_posicion = posicion.groupby(level=0).max()
    antes_de_la_primera = posicion.groupby(level=0).min() - 1
    con_contacto = ordenadas["nivel_idx"].gt(0).to_numpy()
    ultimo_contacto = posicion[con_contacto].groupby(level=0).max()
    racha = ultima_posicion - ultimo_contacto.reindex(ultima_posicion.index).fillna(antes_de_la_primera)
    perfil["racha_sin_contacto"] = perfil["cliente_id"].map(racha)
    perfil = perfil.merge(listas._perfil_promesas(ordenadas, historial, estrategia, fecha), on="cliente_id", how="left")
    return perfil


def _historia(semilla: int, clientes: list[str], hoy: pd.Timestamp) -> Historial:
    """Tipificaciones, pagos y asignaciones al azar: deudores de hoy y de otros días, códigos del catálogo,
    desconocidos y vacíos, horas repetidas (empates), fechas después de hoy, asesores vacíos."""
    rng = np.random.default_rng(semilla)
    n = int(rng.integers(0, 400 if semilla % 2 else 40))  # con mucha historia y con poca
    quienes = np.array(clientes + ["OTRO1", "OTRO2", None], dtype=object)
    codigos = np.array(["NC", "CT", "CTT", "PP", "PR", "NI", "FA", "RP", "XX", None, "pp"], dtype=object)
    momentos = hoy - pd.to_timedelta(rng.integers(-2, 40, n), unit="D") + pd.to_timedelta(
        rng.choice([0, 3600, 7200], n), unit="s")
    tipificaciones = pd.DataFrame({
        "cliente_id": pd.Series(quienes[rng.integers(0, len(quienes), n)], dtype=object),
        "fecha_hora": momentos.astype("datetime64[ns]"),
        "asesor": pd.Series(rng.choice(["A01", "A02", None], n), dtype=object),
        "canal": pd.Series(rng.choice(["llamada", "whatsapp", None], n), dtype=object),
        "codigo": pd.Series(codigos[rng.integers(0, len(codigos), n)], dtype=object),
        "monto_promesa": np.where(rng.random(n) < 0.5, np.nan, rng.integers(1, 50, n) * 1000.0),
        "fecha_promesa": (momentos + pd.to_timedelta(rng.integers(0, 10, n), unit="D")).astype("datetime64[ns]"),
    })
    m = int(rng.integers(0, 60))
    pagos = pd.DataFrame({
        "cliente_id": pd.Series(quienes[rng.integers(0, len(quienes), m)], dtype=object),
        "fecha": (hoy - pd.to_timedelta(rng.integers(0, 30, m), unit="D")).astype("datetime64[ns]"),
        "monto": rng.integers(1, 60, m) * 1000.0,
    })
    k = int(rng.integers(0, 200))
    asignaciones = pd.DataFrame({
        "fecha": (hoy - pd.to_timedelta(rng.integers(-1, 10, k), unit="D")).astype("datetime64[ns]"),
        "cliente_id": pd.Series(quienes[rng.integers(0, len(quienes), k)], dtype=object),
        "asesor": pd.Series(rng.choice(["A01", "A02", "A03", "", None], k), dtype=object),
        "canal": pd.Series(rng.choice(["llamada", "sms"], k), dtype=object),
    })
    if semilla % 3 == 0:  # deudores como categoría (la lectura compacta de la bitácora)
        tipificaciones["cliente_id"] = tipificaciones["cliente_id"].astype("category")
        asignaciones["cliente_id"] = asignaciones["cliente_id"].astype("category")
    vacio = Historial.vacio()
    return Historial(tipificaciones=tipificaciones if n else vacio.tipificaciones,
                     pagos=pagos if m else vacio.pagos, asignaciones=asignaciones if k else vacio.asignaciones)


def _cartera_de_hoy(semilla: int) -> pd.DataFrame:
    rng = np.random.default_rng(semilla)
    n = int(rng.integers(1, 80))
    return pd.DataFrame({
        "cuenta": [f"K{i:03d}" for i in range(n)],
        "cliente_id": [f"D{d:02d}" for d in rng.integers(0, max(1, n // 2), n)],
        "nombre": "Deudor",
        "dias_mora": pd.array(rng.integers(-3, 120, n), dtype="Int64"),
        "saldo_vencido": rng.integers(1, 500, n) * 1000.0,
        "asesor": pd.Series(rng.choice(["A01", None, ""], n), dtype=object),
        "pais": "CO",
        "telefono": "3001234567",
        "email": "deudor@ejemplo.com",
        "score": 500.0,
    })


def _iguales_salvo_columnas_vacias(nueva: pd.DataFrame, antes: pd.DataFrame) -> None:
    """Iguales valor por valor y de tipo; una columna toda vacía puede ser de objetos en una y float en la
    otra (antes, ``codigo_final`` sin ningún código final salía float)."""
    pd.testing.assert_frame_equal(nueva, antes, check_exact=True, check_dtype=False)
    for columna in nueva.columns:
        if not (nueva[columna].isna().all() and antes[columna].isna().all()):
            assert nueva[columna].dtype == antes[columna].dtype, columna


@pytest.mark.parametrize("semilla", range(12))
def test_perfil_de_la_historia_igual_al_de_antes(semilla, monkeypatch):
    """El perfil por posiciones da la misma lista que el de uniones por texto, con la misma historia."""
    estrategia = estrategia_desde_hojas(hojas_por_defecto())
    hoy = pd.Timestamp("2025-03-14")
    cartera = _cartera_de_hoy(semilla)
    historia = _historia(semilla, sorted(set(cartera["cliente_id"])), hoy)
    nueva = construir_lista(cartera, estrategia, historia, hoy.date())
    perfil_nuevo = listas._perfil_historial(cartera["cliente_id"], historia, estrategia, hoy.date())
    monkeypatch.setattr(listas, "_perfil_historial", _perfil_de_antes)
    antes = construir_lista(cartera, estrategia, historia, hoy.date())
    perfil_antes = _perfil_de_antes(cartera["cliente_id"], historia, estrategia, hoy.date())
    for parte in ("filas", "desbordes", "exclusiones"):
        _iguales_salvo_columnas_vacias(getattr(nueva, parte), getattr(antes, parte))
    # el perfil mismo, con los vacíos como los deja construir_lista (_rellenar_perfil)
    listas._rellenar_perfil(perfil_nuevo)
    listas._rellenar_perfil(perfil_antes)
    pd.testing.assert_frame_equal(perfil_nuevo, perfil_antes[perfil_nuevo.columns], check_dtype=False,
                                  check_exact=True)


def _en_categorias(historia: Historial) -> Historial:
    """La historia como la lee ``historial_de`` de la bitácora: textos como categorías."""
    def convertir(datos: pd.DataFrame) -> pd.DataFrame:
        return datos.astype({c: "category" for c in datos.columns if datos[c].dtype == object})
    return Historial(convertir(historia.tipificaciones), convertir(historia.pagos), convertir(historia.asignaciones))


@pytest.mark.parametrize("semilla", [1, 2, 4, 5, 7, 8])
def test_la_historia_compacta_da_la_misma_lista(semilla):
    """Textos de la historia como categorías (lectura compacta) o como objetos: la misma lista, sin categorías."""
    estrategia = estrategia_desde_hojas(hojas_por_defecto())
    hoy = pd.Timestamp("2025-03-14")
    cartera = _cartera_de_hoy(semilla)
    historia = _historia(semilla, sorted(set(cartera["cliente_id"])), hoy)
    con_textos = construir_lista(cartera, estrategia, historia, hoy.date())
    compacta = construir_lista(cartera, estrategia, _en_categorias(historia), hoy.date())
    for parte in ("filas", "desbordes", "exclusiones"):
        datos = getattr(compacta, parte)
        assert not any(isinstance(t, pd.CategoricalDtype) for t in datos.dtypes), parte
        _iguales_salvo_columnas_vacias(datos, getattr(con_textos, parte))
