"""Los caminos rápidos del lector dan exactamente lo mismo que la lectura cuidadosa, valor por valor.

Cada conversor de ``valores`` lee de una vez la mayoría limpia de una columna y deja el resto
a la lectura cuidadosa. Aquí se compara, sobre columnas difíciles (los casos de
``/work/shared/casos`` y columnas generadas con hypothesis), el resultado con el de la lectura
cuidadosa aplicada a la columna entera: mismos valores, mismas notas, en el mismo orden.
No mide tiempos.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limonero_cli.errores import ErrorLimonero
from limonero_cli.hojas import texto, valores
from limonero_cli.hojas import tabla as modulo_tabla
from limonero_cli.hojas.leer import leer_tabla

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
CASOS = COMPARTIDO / "casos"
AJUSTES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _iguales(rapido, lento) -> None:
    """Misma serie (valores, tipo e índice) y mismas notas en el mismo orden."""
    serie_r, notas_r = rapido
    serie_l, notas_l = lento
    pd.testing.assert_series_equal(serie_r, serie_l)
    assert notas_r == notas_l


# ---------------------------------------------------------------- montos

MONTOS_DIFICILES = [
    "1.234,56", "1,234.56", "1.500", "1,500", "12.345", "(2.500,00)", "-1.000,50", "S/ 1.500", "$ 12.345",
    "\u00a0987,65\u00a0", "€ 99,90", "0,00", "1234", "12345.67", "12345.678", "0.5", ".5", "5.", "1e5", "1E+3",
    "abc", "n/a", "-", "", "   ", "1.234.567", "1,234,567", "1.234.567,89", "1'234'567.50", "100-", "+45",
    "1234567890123456789", "0001234", "12.3456", "99.9", "1..2", "\u2212 50", "USD 1,000.00", "12 345,00",
]
simple = st.one_of(
    st.integers(0, 10**12).map(str),
    st.tuples(st.integers(0, 10**9), st.integers(0, 10**6)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.floats(0, 1e9, allow_nan=False).map(lambda v: f"{v:.2f}"),
)
celda_monto = st.one_of(simple, st.sampled_from(MONTOS_DIFICILES), st.none(), st.floats(-1e9, 1e9, allow_nan=False))


@given(st.lists(celda_monto, min_size=1, max_size=60), st.sampled_from([None, "es", "en"]))
@AJUSTES
def test_montos_rapido_igual_a_cuidadoso(celdas, convencion):
    serie = pd.Series(celdas, dtype=object)
    _iguales(valores.a_monto(serie, convencion), valores._a_monto(serie, convencion, rapido=False))


@given(st.lists(st.one_of(simple, st.sampled_from(["1.500", "2.250", "1,5", "3,25", "1.234,56"])), min_size=1, max_size=80))
@AJUSTES
def test_montos_convencion_por_columna_igual(celdas):
    """La evidencia de la columna (coma o punto decimal) se cuenta igual con el camino rápido."""
    serie = pd.Series(celdas, dtype=object, index=range(100, 100 + len(celdas)))
    _iguales(valores.a_monto(serie), valores._a_monto(serie, None, rapido=False))


def test_montos_mil_quinientos_depende_de_la_columna():
    # Tres montos con punto decimal prueban la convención inglesa: «1.500» es 1,5.
    ingles = pd.Series(["10.25", "3.5", "7.75", "1.500"], dtype=object)
    assert valores.a_monto(ingles)[0].tolist() == [10.25, 3.5, 7.75, 1.5]
    # Con más evidencia de coma decimal, «1.500» es mil quinientos.
    espanol = pd.Series(["10,25", "3,5", "7,75", "1.500", "2.5"], dtype=object)
    assert valores.a_monto(espanol)[0].tolist() == [10.25, 3.5, 7.75, 1500.0, 2.5]


# ---------------------------------------------------------------- ids y teléfonos

IDS_DIFICILES = [
    "000123", " 0991234567 ", "5.215512345678E+12", "5.21552E+12", "1e3", "12.0", "12.00", "12.50", "0.0",
    "\u00a0123\u00a0", "AB\u00a0CD", "x.0", "٣٣٣.0", "²³.0", "C001", "ana.perez@correo.com", "   ", "", "-", "1,5e3",
    "+52 1 55 1234 5678", "5512345678.0", "0", "N/A", "55 1234 5678 / 55 8765 4321", "\t77\t", "E5", "4e", "x\n",
]
celda_id = st.one_of(
    st.from_regex(r"0?[0-9]{4,13}", fullmatch=True),
    st.sampled_from(IDS_DIFICILES),
    st.none(),
    st.floats(-1e17, 1e17, allow_nan=False),
    st.integers(-10**12, 10**12),
    st.text(alphabet="abcE0123456789. \u00a0+-e,", max_size=10),
)


@given(st.lists(celda_id, min_size=1, max_size=60))
@AJUSTES
def test_ids_rapido_igual_a_cuidadoso(celdas):
    serie = pd.Series(celdas, dtype=object, index=range(7, 7 + len(celdas)))
    _iguales(valores.a_texto_id(serie), valores._a_texto_id(serie, rapido=False))


@given(st.lists(celda_id, min_size=1, max_size=60))
@AJUSTES
def test_telefonos_rapido_igual_a_cuidadoso(celdas):
    serie = pd.Series(celdas, dtype=object)
    principal_r, extras_r, notas_r = valores.a_telefonos(serie)
    principal_l, extras_l, notas_l = valores._a_telefonos(serie, rapido=False)
    pd.testing.assert_series_equal(principal_r, principal_l)
    pd.testing.assert_series_equal(extras_r, extras_l)
    assert notas_r == notas_l


# Columnas con valores repetidos (de 1 o 2 valores al principio, luego otros): con una muestra
# de 8 filas se leen por valores distintos.
def _repetidas(celda):
    return st.tuples(st.lists(celda, min_size=1, max_size=2), st.lists(celda, max_size=3)).flatmap(
        lambda pools: st.tuples(
            st.lists(st.sampled_from(pools[0]), min_size=8, max_size=8),
            st.lists(st.sampled_from(pools[0] + pools[1]), min_size=24, max_size=60),
        ).map(lambda partes: partes[0] + partes[1])
    )


@given(_repetidas(st.one_of(st.sampled_from(IDS_DIFICILES + ["TDC", "NOMINA", "Bogotá", "CO"]), st.none(), celda_id)))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_ids_por_valores_distintos_igual_a_cuidadoso(monkeypatch, celdas):
    monkeypatch.setattr(valores, "MUESTRA_DISTINTOS", 8)
    serie = pd.Series(celdas, dtype=object, index=range(3, 3 + len(celdas)))
    _iguales(valores.a_texto_id(serie), valores._a_texto_id(serie, rapido=False))


@given(_repetidas(st.one_of(simple, st.sampled_from(["10", "250.5", "0", "007", "3.1416", "1.500"]), st.none(), celda_monto)))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_montos_repetidos_por_valores_distintos_igual_a_cuidadoso(monkeypatch, celdas):
    monkeypatch.setattr(valores, "MUESTRA_DISTINTOS", 8)
    serie = pd.Series(celdas, dtype=object)
    _iguales(valores.a_monto(serie), valores._a_monto(serie, None, rapido=False))


def test_columna_repetida_se_lee_por_valores_distintos(monkeypatch):
    """Con pocos valores distintos, cada uno se limpia una vez (y el resultado es el de siempre)."""
    monkeypatch.setattr(valores, "MUESTRA_DISTINTOS", 4)
    serie = pd.Series([" TDC "] * 4 + [" TDC ", "NOMINA", None, " TDC "] * 4, dtype=object)
    assert valores._textos_distintos(serie) is not None
    assert valores.a_texto_id(serie)[0].tolist() == ["TDC"] * 4 + ["TDC", "NOMINA", None, "TDC"] * 4
    # con un número entre los textos no se junta nada (1 y 1.0 no se leen igual que «1.0»)
    assert valores._textos_distintos(pd.Series(["1", 1.0] * 10, dtype=object)) is None


def test_ids_limpios_quedan_tal_cual_y_los_sucios_se_limpian():
    serie = pd.Series(["000123", " 0456 ", "789.0", "5.215512345678E+12", "ABC\u00a0"], dtype=object)
    assert valores.a_texto_id(serie)[0].tolist() == ["000123", "0456", "789", "5215512345678", "ABC"]


# ---------------------------------------------------------------- lectura de texto

celda_csv = st.text(alphabet='ab1,;" \n\r\t.', max_size=6)


def _leer_ambos(tmp_path, contenido: bytes, monkeypatch):
    """(rejilla rápida, rejilla lenta, tabla rápida, tabla lenta); las rejillas, con las filas de igual ancho."""
    ruta = tmp_path / "datos.csv"
    ruta.write_bytes(contenido)
    resultados = []
    for umbral in (0, 10**12):
        monkeypatch.setattr(texto, "CARACTERES_LECTURA_RAPIDA", umbral)
        # La cabeza se busca primero en un prefijo muy corto: así se prueba el corte del prefijo
        # (también dentro de un campo entre comillas que ocupa varias líneas).
        monkeypatch.setattr(texto, "PREFIJO_CABEZA", 3)
        # La cabeza leída con csv cubre siempre las filas donde se buscan encabezados y fecha de corte.
        monkeypatch.setattr(texto, "FILAS_CABEZA", 4)
        monkeypatch.setattr(modulo_tabla, "FILAS_BUSQUEDA_CORTE", 2)
        monkeypatch.setattr(modulo_tabla, "FILAS_BUSQUEDA_ENCABEZADO", 2)
        leido = texto.leer_texto(ruta)
        try:
            tabla = leer_tabla(ruta)
        except ErrorLimonero as error:
            tabla = str(error)
        resultados.append((leido, tabla))
    (rapido, tabla_r), (lento, tabla_l) = resultados
    return _parejas(rapido.todas_las_filas()), _parejas(lento.filas), tabla_r, tabla_l


def _parejas(filas: list[list]) -> list[list]:
    """Las filas rellenas con ``None`` al mismo ancho, y sin columnas del final vacías en todas."""
    ancho = max((len(f) for f in filas), default=0)
    filas = [list(f) + [None] * (ancho - len(f)) for f in filas]
    while ancho and all(f[ancho - 1] is None for f in filas):
        ancho -= 1
        filas = [f[:ancho] for f in filas]
    return filas


def _tablas_iguales(tabla_r, tabla_l) -> None:
    if isinstance(tabla_l, str) or isinstance(tabla_r, str):
        assert tabla_r == tabla_l
        return
    pd.testing.assert_frame_equal(tabla_r.datos, tabla_l.datos)
    assert tabla_r.filas == tabla_l.filas
    assert tabla_r.avisos == tabla_l.avisos
    assert tabla_r.encabezado_crudo == tabla_l.encabezado_crudo
    assert tabla_r.fecha_corte == tabla_l.fecha_corte


@given(st.lists(st.lists(celda_csv, min_size=1, max_size=5), min_size=1, max_size=12), st.sampled_from([",", ";"]))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_csv_por_columnas_igual_al_modulo_csv(tmp_path, monkeypatch, filas, separador):
    salida = io.StringIO()
    csv.writer(salida, delimiter=separador, lineterminator="\r\n").writerows(filas)
    rapido, lento, tabla_r, tabla_l = _leer_ambos(tmp_path, ("x" + separador + "y\r\n" + salida.getvalue()).encode(), monkeypatch)
    assert rapido == lento
    _tablas_iguales(tabla_r, tabla_l)


@given(st.text(alphabet='ab1,"\n\r ', max_size=40))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_csv_mal_formado_se_lee_igual(tmp_path, monkeypatch, contenido):
    """Comillas sin cerrar, filas disparejas, líneas en blanco: igual que el módulo csv (o se usa el módulo csv)."""
    rapido, lento, tabla_r, tabla_l = _leer_ambos(tmp_path, ("x,y\n" + contenido).encode(), monkeypatch)
    assert rapido == lento
    _tablas_iguales(tabla_r, tabla_l)


@given(st.text(alphabet='ab,"\n\r ', max_size=80), st.integers(1, 30), st.integers(1, 6))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cabeza_leida_de_un_prefijo_igual_a_la_del_texto_entero(monkeypatch, contenido, prefijo, filas):
    """Las filas de la cabeza leídas de un prefijo son las del texto entero (o no se usan: ``None``)."""
    monkeypatch.setattr(texto, "PREFIJO_CABEZA", prefijo)
    monkeypatch.setattr(texto, "FILAS_CABEZA", filas)
    cabeza = texto._cabeza(contenido, ",")
    try:
        esperadas = [fila for _, fila in zip(range(filas), csv.reader(io.StringIO(contenido, newline=""), strict=False))]
    except csv.Error:
        esperadas = None
    if cabeza is not None:
        assert cabeza == esperadas


def test_la_cabeza_leida_con_csv_cubre_la_busqueda_de_encabezados_y_fecha_de_corte():
    assert texto.FILAS_CABEZA >= modulo_tabla.FILAS_BUSQUEDA_CORTE + 2
    assert texto.FILAS_CABEZA >= modulo_tabla.FILAS_BUSQUEDA_ENCABEZADO + 1


def test_csv_grande_se_lee_por_columnas_con_filas_de_totales_y_vacias(tmp_path):
    lineas = ["Reporte de cartera", "Fecha de corte: 15/03/2024", "", "cuenta;saldo;nombre"]
    lineas += [f"{i:06d};{i},50;  Ana {i}  " for i in range(3000)]
    lineas += [";;", "   ;  ;", "TOTAL;123;"]
    ruta = tmp_path / "grande.csv"
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    leido = texto.leer_texto(ruta)
    assert leido.resto is not None
    assert leido.resto.iloc[-2].tolist() == [None, None, None]  # celdas de solo espacios: vacías
    assert leido.resto.iloc[-4].tolist() == ["002999", "2999,50", "  Ana 2999  "]
    tabla = leer_tabla(ruta)
    assert len(tabla.datos) == 3000
    assert tabla.filas[0] == 5 and tabla.filas[-1] == 3004
    assert tabla.datos["cuenta"].iloc[-1] == "002999"
    assert tabla.datos["nombre"].iloc[0] == "  Ana 0  "
    assert str(tabla.fecha_corte) == "2024-03-15"
    assert any("totales" in a.mensaje for a in tabla.avisos)


# ---------------------------------------------------------------- fechas

FECHAS_DIFICILES = [
    "2024-02-31", "2024-02-29", "2023-02-29", "2025-07-15 25:00", "2025-07-15 23:59:59", "2025-07-15 24:00:00",
    "0000-00-00", "0000-00-00 00:00:00", "  /  /    ", "1899-12-31", "2201-01-01", "2200-12-31 23:59:59",
    "13/04/2024", "03/04/2024", "04/13/2024", "15-mar-2024", "15 de marzo de 2024", "45366", "20240315",
    " 2024-03-15 ", "2024-03-15T07:30:00", "2024-3-5", "2024/03/15", "2024.03.15", "2024-03-15 07:30",
    "2024-03-15 07:30:00.5", "01/01/29", "01/01/30", "n/a", "mañana", "2024-00-10", "2024-13-01", "9999-12-31",
    "2024-03-15 7:30", "15/03/2024 03:00 pm", "2024-03-1５",
]
fecha_iso = st.tuples(st.integers(1850, 2250), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25)).map(
    lambda p: f"{p[0]:04d}-{p[1]:02d}-{p[2]:02d}" + (f" {p[3]:02d}:{p[3]:02d}:{p[3] % 61:02d}" if p[3] % 2 else "")
)
fecha_num = st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2030)).map(lambda p: f"{p[0]:02d}/{p[1]:02d}/{p[2]}")
celda_fecha = st.one_of(fecha_iso, fecha_num, st.sampled_from(FECHAS_DIFICILES), st.none(), st.floats(0, 120000))


@given(st.lists(celda_fecha, min_size=1, max_size=60), st.booleans(), st.booleans())
@AJUSTES
def test_fechas_rapido_igual_a_cuidadoso(celdas, dia_primero, fecha1904):
    serie = pd.Series(celdas, dtype=object, index=range(3, 3 + len(celdas)))
    _iguales(valores.a_fecha(serie, dia_primero, fecha1904), valores._a_fecha(serie, dia_primero, fecha1904, rapido=False))


def test_fechas_iso_de_forma_fija_sin_corregir_nada():
    serie = pd.Series(["2024-02-29 10:15:30", "2024-02-30", "1899-12-31", "0000-00-00", "2024-03-15"], dtype=object)
    fechas, notas = valores.a_fecha(serie)
    assert fechas.iloc[0] == pd.Timestamp("2024-02-29 10:15:30")
    assert fechas.iloc[4] == pd.Timestamp("2024-03-15")
    assert fechas.iloc[1:4].isna().all()
    assert [n.indice for n in notas] == [1, 2]  # «0000-00-00» es vacío, no un error
    assert "fuera del rango" in notas[1].mensaje


# ---------------------------------------------------------------- casos reales de /work/shared

def _casos():
    if not CASOS.is_dir():
        return []
    return sorted(
        p for p in CASOS.iterdir()
        if p.suffix in (".csv", ".xlsx", ".xls") and not p.name.startswith(("20_", "22_", "16_"))
    )


@pytest.mark.parametrize("ruta", _casos(), ids=lambda p: p.name)
def test_casos_cada_columna_rapido_igual_a_cuidadoso(ruta):
    """Cada columna de cada caso difícil, leída con cada conversor, da lo mismo por los dos caminos."""
    if not CASOS.is_dir():
        pytest.skip("no está /work/shared/casos")
    tabla = leer_tabla(ruta)
    for encabezado in tabla.datos.columns:
        crudo = tabla.datos[encabezado]
        _iguales(valores.a_monto(crudo), valores._a_monto(crudo, None, rapido=False))
        _iguales(valores.a_texto_id(crudo), valores._a_texto_id(crudo, rapido=False))
        _iguales(valores.a_fecha(crudo, True, tabla.fecha1904), valores._a_fecha(crudo, True, tabla.fecha1904, rapido=False))
        principal_r, extras_r, notas_r = valores.a_telefonos(crudo)
        principal_l, extras_l, notas_l = valores._a_telefonos(crudo, rapido=False)
        pd.testing.assert_series_equal(principal_r, principal_l)
        assert notas_r == notas_l


def test_sin_casos_compartidos_se_salta():
    if not CASOS.is_dir():
        pytest.skip("no está /work/shared/casos")
    assert _casos()


@given(st.lists(st.one_of(st.none(), st.sampled_from(["si", "Sí", " NO ", "x", "", "  ", "talvez", "1", "0.0", "bloqueado"])), min_size=1, max_size=40))
@AJUSTES
def test_booleanos_rapido_igual_a_cuidadoso(celdas):
    serie = pd.Series(celdas, dtype=object, index=range(5, 5 + len(celdas)))
    _iguales(valores.a_booleano(serie), valores._a_booleano(serie, rapido=False))


def test_serial_de_excel_cerca_de_2200_no_hace_fallar_la_columna():
    """Un Timedelta en nanosegundos no llega a 106.752 días; esos seriales se leen igual."""
    fechas, notas = valores.a_fecha(pd.Series([106752.5, 45366, 109573.0], dtype=object))
    assert fechas.tolist() == [pd.Timestamp("2192-04-09 12:00"), pd.Timestamp("2024-03-15"), pd.Timestamp("2199-12-30")]
    assert notas == []


@given(st.text(alphabet=st.one_of(st.sampled_from("tTOoaAlLsSuUmMñÑİıſKÅ \x00"), st.characters()), max_size=30))
@settings(max_examples=300, deadline=None)
def test_dice_total_o_suma_igual_que_con_minusculas(contenido):
    minusculas = contenido.lower()
    assert modulo_tabla._dice_total_o_suma(contenido) == ("total" in minusculas or "suma" in minusculas)
