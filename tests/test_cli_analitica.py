"""Los comandos de analítica (mapa, pareto, rodamiento, capacidad) por la línea de comandos.

Cada cifra se vuelve a contar aquí, a mano, desde los datos de entrada.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from limonero_cli.cli import limonero

EJEMPLOS = Path(__file__).resolve().parents[1] / "ejemplos"
LIMITES = [0, 30, 60, 90, 120, 180]
TRAMOS = ["Al día", "1–30", "31–60", "61–90", "91–120", "121–180", "181+"]


def correr(*argumentos):
    return CliRunner().invoke(limonero, [str(a) for a in argumentos], catch_exceptions=False)


def tramo(dias: float) -> str:
    return TRAMOS[sum(1 for limite in LIMITES if dias > limite)]


# Una cartera pequeña: 8 deudores, 11 cuentas (D1, D2 y D5 con varias).
CARTERA = pd.DataFrame({
    "No. Cuenta": ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"],
    "Documento Cliente": ["D1", "D1", "D2", "D2", "D3", "D4", "D5", "D5", "D6", "D7", "D8"],
    "Días de Mora": [5, 40, 0, 200, 15, 75, 100, 10, 35, 150, 3],
    "Saldo Vencido": [100000, 50000, 20000, 900000, 30000, 250000, 400000, 5000, 60000, 700000, 8000],
    "Producto": ["TDC", "PERSONAL", "TDC", "NOMINA", "TDC", "PERSONAL", "NOMINA", "TDC", "TDC", "PERSONAL", "NOMINA"],
    "Score": [720, 720, 610, 610, 800, 540, 450, 450, 660, 380, 700],
})


@pytest.fixture
def cartera_csv(tmp_path) -> Path:
    ruta = tmp_path / "cartera.csv"
    CARTERA.to_csv(ruta, index=False)
    return ruta


def _probabilidad(score):
    puntos = [(300, 0.02), (500, 0.10), (600, 0.25), (700, 0.50), (800, 0.75), (900, 0.90)]
    return float(np.interp(score, [p[0] for p in puntos], [p[1] for p in puntos]))


# ---------------------------------------------------------------------------
# mapa


def test_mapa_por_tramo_y_producto_con_cifras_contadas_a_mano(cartera_csv, tmp_path):
    r = correr("mapa", cartera_csv, "--filas", "Días de mora", "--columnas", "producto", "--formato", "json",
               "--bitacora", tmp_path / "no_existe.db")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    assert datos["fuente"] == "score" and datos["filas"] == "dias_mora"
    assert "no se usa historial de pagos" in datos["origen_pagos"]
    # A mano: cada deudor en la fila de su mayor mora y la columna del producto de su cuenta de más saldo.
    esperado: dict[tuple[str, str], list[float]] = {}
    for _, deudor in CARTERA.groupby("Documento Cliente"):
        principal = deudor.loc[deudor["Saldo Vencido"].idxmax()]
        celda = (tramo(deudor["Días de Mora"].max()), principal["Producto"])
        recuperacion = sum(s * _probabilidad(p) for s, p in zip(deudor["Saldo Vencido"], deudor["Score"]))
        previo = esperado.setdefault(celda, [0, 0.0, 0.0])
        previo[0] += 1
        previo[1] += deudor["Saldo Vencido"].sum()
        previo[2] += recuperacion
    celdas = {(c["dias_mora"], c["producto"]): c for c in datos["celdas"] if c["deudores"]}
    assert set(celdas) == set(esperado)
    for clave, (deudores, saldo, recuperacion) in esperado.items():
        assert celdas[clave]["deudores"] == deudores
        assert celdas[clave]["saldo_vencido"] == pytest.approx(saldo)
        assert celdas[clave]["recuperacion_esperada"] == pytest.approx(recuperacion)
    assert datos["total_deudores"] == 8
    assert datos["total_saldo_vencido"] == pytest.approx(CARTERA["Saldo Vencido"].sum())


def test_mapa_sin_score_usa_los_dias_de_mora(tmp_path):
    ruta = tmp_path / "sin_score.csv"
    CARTERA.drop(columns="Score").to_csv(ruta, index=False)
    r = correr("mapa", ruta, "--formato", "json", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    assert datos["fuente"] == "días de mora" and datos["filas"] == "dias_mora"


def test_mapa_usa_los_pagos_de_la_bitacora_si_son_de_estos_deudores(cartera_csv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert correr("init", ".").exit_code == 0
    pd.DataFrame({"cuenta": ["0009999"], "fecha": ["10/03/2025"], "monto": [5000]}).to_csv("ajenos.csv", index=False)
    assert correr("cargar", "pagos", "ajenos.csv").exit_code == 0
    r = correr("mapa", cartera_csv, "--formato", "json")
    datos = json.loads(r.stdout)
    assert datos["fuente"] == "score" and "ninguno de deudores de esta cartera" in datos["origen_pagos"]

    pd.DataFrame({"cuenta": ["0004", "0010"], "fecha": ["11/03/2025", "12/03/2025"],
                  "monto": [90000, 70000]}).to_csv("pagos.csv", index=False)
    assert correr("cargar", "pagos", "pagos.csv").exit_code == 0
    r = correr("mapa", cartera_csv, "--filas", "dias_mora", "--columnas", "producto", "--formato", "json")
    datos = json.loads(r.stdout)
    assert datos["fuente"] == "historial de pagos"
    assert datos["pagos_sin_cartera"] == 1
    assert "2 pagos de la bitácora" in datos["origen_pagos"]
    # D2 (0004, 181+, NOMINA) pagó 90.000 de 920.000; D7 (0010, 121–180, PERSONAL) 70.000 de 700.000.
    celdas = {(c["dias_mora"], c["producto"]): c for c in datos["celdas"]}
    assert celdas[("181+", "NOMINA")]["tasa_recuperacion"] == pytest.approx(90000 / 920000)
    assert celdas[("121–180", "PERSONAL")]["recuperacion_esperada"] == pytest.approx(70000)
    assert datos["total_recuperacion_esperada"] == pytest.approx(160000)

    r = correr("mapa", cartera_csv)  # la terminal dice de dónde sale la recuperación
    assert r.exit_code == 0 and "Fuente de la recuperación esperada: historial de pagos" in r.stdout


def test_mapa_en_xlsx_lleva_mapa_de_calor(cartera_csv, tmp_path):
    salida = tmp_path / "mapa.xlsx"
    r = correr("mapa", cartera_csv, "-o", salida, "--silencioso", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 0, r.output
    libro = openpyxl.load_workbook(salida)
    assert libro.sheetnames[:3] == ["Recuperación esperada", "Saldo vencido", "Deudores"]
    hoja = libro["Deudores"]
    reglas = [regla for rango in hoja.conditional_formatting for regla in rango.rules]
    assert reglas and reglas[0].type == "colorScale"
    # La celda de totales suma los 8 deudores.
    valores = [[c.value for c in fila] for fila in hoja.iter_rows()]
    assert valores[-1][0] == "Total" and valores[-1][-1] == 8
    # No se reemplaza sin --sobrescribir.
    r = correr("mapa", cartera_csv, "-o", salida, "--silencioso", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 2 and "ya existe" in r.stderr


def test_mapa_con_variable_desconocida_es_error_de_uso(cartera_csv, tmp_path):
    r = correr("mapa", cartera_csv, "--filas", "color_favorito", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 2
    assert "--filas «color_favorito»: la cartera no tiene esa columna." in r.stderr
    assert "dias_mora" in r.stderr


def test_mapa_markdown_y_terminal(cartera_csv, tmp_path):
    r = correr("mapa", cartera_csv, "--formato", "markdown", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 0
    assert "### Deudores" in r.stdout and "| Total" in r.stdout
    r = correr("mapa", cartera_csv, "--filas", "dias_mora", "--columnas", "producto", "--bitacora", tmp_path / "no.db")
    assert r.exit_code == 0
    assert "Mapa de posibilidades: dias mora (filas) × producto (columnas)" in r.stdout
    total = f"{int(CARTERA['Saldo Vencido'].sum()):,}".replace(",", ".")
    assert f"8 deudores, {total} de saldo vencido" in r.stdout


# ---------------------------------------------------------------------------
# pareto


def _clases_a_mano(totales: dict[str, float], corte_a=0.8, corte_b=0.95) -> dict[str, str]:
    orden = sorted(totales, key=lambda k: -totales[k])
    total = sum(v for v in totales.values() if v > 0)
    clases, acumulado = {}, 0.0
    for clave in orden:
        previo = acumulado
        acumulado += max(totales[clave], 0) / total
        clases[clave] = "A" if previo < corte_a else ("B" if previo < corte_b else "C")
    return clases


def test_pareto_clases_y_titular_contados_a_mano(cartera_csv):
    r = correr("pareto", cartera_csv, "--formato", "json")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    totales = CARTERA.groupby("Documento Cliente")["Saldo Vencido"].sum().to_dict()
    clases = _clases_a_mano(totales)
    assert {f["cliente_id"]: f["clase"] for f in datos["tabla"]} == clases
    n_a = sum(1 for c in clases.values() if c == "A")
    saldo_a = sum(totales[k] for k, c in clases.items() if c == "A")
    share = saldo_a / sum(totales.values())
    texto_share = f"{share * 100:.1f}".replace(".", ",")
    texto_n = f"{n_a / 8 * 100:.1f}".replace(".", ",")
    assert datos["titular"] == (f"el {texto_n} % de los deudores ({n_a} de 8) concentra el {texto_share} % "
                                "del saldo vencido")
    resumen = {f["clase"]: f for f in datos["resumen"]}
    assert resumen["A"]["cantidad"] == n_a and resumen["A"]["saldo_vencido"] == pytest.approx(saldo_a)

    r = correr("pareto", cartera_csv)
    assert r.exit_code == 0 and r.stdout.startswith(f"El {texto_n} % de los deudores")
    assert "Clase A:" in r.stdout


def test_pareto_por_dimension_y_recuperacion(cartera_csv):
    r = correr("pareto", cartera_csv, "--por", "Producto", "--medida", "recuperacion_esperada", "--formato", "json")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    recuperacion = CARTERA.assign(r=[s * _probabilidad(p) for s, p in zip(CARTERA["Saldo Vencido"], CARTERA["Score"])])
    totales = recuperacion.groupby("Producto")["r"].sum().to_dict()
    assert {f["producto"]: f["recuperacion_esperada"] for f in datos["tabla"]} == pytest.approx(totales)
    assert {f["producto"]: f["clase"] for f in datos["tabla"]} == _clases_a_mano(totales)
    assert "de los productos" in datos["titular"]


def test_pareto_escribe_la_clase_y_segmentar_la_usa(cartera_csv, tmp_path):
    from limonero_cli.estrategia.defecto import hojas_por_defecto
    from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia

    salida = tmp_path / "cartera_abc.xlsx"
    r = correr("pareto", cartera_csv, "-o", salida, "--silencioso")
    assert r.exit_code == 0, r.output
    escrita = pd.read_excel(salida, dtype={"cuenta": str, "cliente_id": str}, engine="openpyxl")
    clases = _clases_a_mano(CARTERA.groupby("Documento Cliente")["Saldo Vencido"].sum().to_dict())
    assert dict(zip(escrita["cuenta"], escrita["clase_pareto"])) == {
        c: clases[d] for c, d in zip(CARTERA["No. Cuenta"], CARTERA["Documento Cliente"])}

    # Una estrategia cuya primera regla es «clase_pareto = A» → «Alto valor».
    hojas = hojas_por_defecto()
    segmentos = hojas["segmentos"].copy()
    segmentos["clase_pareto"] = "-"
    alto = segmentos["segmento"].eq("Alto valor")
    segmentos.loc[alto, "saldo_vencido"] = "-"
    segmentos.loc[alto, "clase_pareto"] = "A"
    hojas["segmentos"] = pd.concat([segmentos[alto], segmentos[~alto]], ignore_index=True)
    estrategia = tmp_path / "estrategia_abc.xlsx"
    escribir_estrategia(estrategia, hojas)

    segmentada = tmp_path / "segmentada.csv"
    r = correr("segmentar", salida, "--estrategia", estrategia, "-o", segmentada, "--silencioso")
    assert r.exit_code == 0, r.output
    resultado = pd.read_csv(segmentada, dtype=str)
    es_alto = resultado["segmento"].eq("Alto valor")
    assert (es_alto == resultado["clase_pareto"].eq("A")).all()
    assert es_alto.sum() == sum(1 for d in CARTERA["Documento Cliente"] if clases[d] == "A")


def test_pareto_errores_claros(cartera_csv, tmp_path):
    r = correr("pareto", cartera_csv, "--por", "zona")
    assert r.exit_code == 2 and "--por «zona»: la cartera no tiene esa columna." in r.stderr
    r = correr("pareto", cartera_csv, "-o", tmp_path / "salida.txt")
    assert r.exit_code == 2 and "se escribe como .xlsx o .csv" in r.stderr
    r = correr("pareto", cartera_csv, "--corte-a", "96", "--corte-b", "95")
    assert r.exit_code == 1 and "deben cumplir 0 < A < B ≤ 1" in r.stderr


# ---------------------------------------------------------------------------
# rodamiento


def _cortes(tmp_path) -> tuple[Path, Path, pd.DataFrame, pd.DataFrame]:
    """Dos cortes cuyas columnas cambiaron de nombre: el actual se lee con la hoja «columnas»."""
    generador = np.random.default_rng(7)
    n = 120
    anterior = pd.DataFrame({
        "No. Cuenta": [f"{i:05d}" for i in range(n)],
        "Días de Mora": generador.integers(-5, 250, n),
        "Saldo Vencido": generador.integers(1, 100, n) * 1000.0,
    })
    siguen = anterior.sample(frac=0.8, random_state=1).copy()
    siguen["Días de Mora"] = np.where(generador.random(len(siguen)) < 0.2, 0, siguen["Días de Mora"] + 30)
    nuevas = pd.DataFrame({"No. Cuenta": [f"9{i:04d}" for i in range(15)],
                           "Días de Mora": generador.integers(1, 40, 15),
                           "Saldo Vencido": 5000.0})
    actual = pd.concat([siguen, nuevas], ignore_index=True)
    ruta_ant, ruta_act = tmp_path / "marzo.csv", tmp_path / "abril.csv"
    anterior.to_csv(ruta_ant, index=False)
    actual.rename(columns={"No. Cuenta": "Nro Operacion", "Días de Mora": "Atraso",
                           "Saldo Vencido": "Deuda Vencida"}).assign(Estado="V").to_csv(ruta_act, index=False)
    return ruta_ant, ruta_act, anterior, actual


def _estrategia_con_columnas(tmp_path) -> Path:
    from limonero_cli.estrategia.defecto import hojas_por_defecto
    from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia

    hojas = hojas_por_defecto()
    columnas = hojas["columnas"].copy().astype(object)
    for campo, encabezado in (("cuenta", "Nro Operacion"), ("dias_mora", "Atraso"),
                              ("saldo_vencido", "Deuda Vencida")):
        columnas.loc[columnas["campo"] == campo, "encabezado"] = encabezado
    hojas["columnas"] = columnas
    ruta = tmp_path / "estrategia.xlsx"
    escribir_estrategia(ruta, hojas)
    return ruta


def test_rodamiento_entre_exportaciones_con_columnas_distintas(tmp_path):
    ruta_ant, ruta_act, anterior, actual = _cortes(tmp_path)
    estrategia = _estrategia_con_columnas(tmp_path)
    r = correr("rodamiento", ruta_ant, ruta_act, "--estrategia", estrategia, "--formato", "json")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    # A mano.
    antes = dict(zip(anterior["No. Cuenta"], zip(anterior["Días de Mora"], anterior["Saldo Vencido"])))
    despues = dict(zip(actual["No. Cuenta"], actual["Días de Mora"]))
    matriz: dict[tuple[str, str], list[float]] = {}
    for cuenta, (dias, saldo) in antes.items():
        destino = tramo(despues[cuenta]) if cuenta in despues else "Salió"
        celda = matriz.setdefault((tramo(dias), destino), [0, 0.0])
        celda[0] += 1
        celda[1] += saldo
    obtenida = {(f["tramo_anterior"], f["tramo_actual"]): f for f in datos["matriz"] if f["cuentas"]}
    assert set(obtenida) == set(matriz)
    for clave, (cuentas, saldo) in matriz.items():
        assert obtenida[clave]["cuentas"] == cuentas
        assert obtenida[clave]["saldo_vencido"] == pytest.approx(saldo)
    assert datos["cuentas_salieron"] == len(anterior) - 96 == 24
    assert datos["cuentas_entraron"] == 15
    # Tasas con su denominador.
    indice = {t: i for i, t in enumerate(TRAMOS)}
    pares = [(tramo(d), tramo(despues[c]) if c in despues else None) for c, (d, _) in antes.items()]
    vencidas = [p for p in pares if p[0] != "Al día"]
    curadas = [p for p in vencidas if p[1] == "Al día"]
    pueden = [p for p in pares if p[0] != "181+"]
    empeoran = [p for p in pueden if p[1] is not None and indice[p[1]] > indice[p[0]]]
    tasas = {t["tasa"]: t for t in datos["tasas"]}
    assert (tasas["cura"]["numerador"], tasas["cura"]["denominador"]) == (len(curadas), len(vencidas))
    assert (tasas["rodamiento"]["numerador"], tasas["rodamiento"]["denominador"]) == (len(empeoran), len(pueden))
    assert tasas["salida"]["valor"] == pytest.approx(24 / 120)
    # Flujo 1–30 → 31–60: sobre las cuentas que estaban en 1–30.
    flujo = {f["desde"]: f for f in datos["flujo"]}
    en_1_30 = [p for p in pares if p[0] == "1–30"]
    assert flujo["1–30"]["cuentas_inicio"] == len(en_1_30)
    assert flujo["1–30"]["cuentas_pasan"] == sum(1 for p in en_1_30 if p[1] == "31–60")


def test_rodamiento_de_un_corte_consigo_mismo_es_la_identidad(tmp_path):
    ruta_ant, _, anterior, _ = _cortes(tmp_path)
    r = correr("rodamiento", ruta_ant, ruta_ant, "--formato", "json")
    assert r.exit_code == 0, r.output
    datos = json.loads(r.stdout)
    for fila in datos["matriz"]:
        if fila["tramo_anterior"] != fila["tramo_actual"]:
            assert fila["cuentas"] == 0
    diagonal = {f["tramo_anterior"]: f["cuentas"] for f in datos["matriz"] if f["tramo_anterior"] == f["tramo_actual"]}
    assert diagonal == {t: sum(1 for d in anterior["Días de Mora"] if tramo(d) == t) for t in TRAMOS}
    assert datos["cuentas_salieron"] == datos["cuentas_entraron"] == 0


def test_rodamiento_terminal_csv_y_xlsx(tmp_path):
    ruta_ant, ruta_act, _, _ = _cortes(tmp_path)
    estrategia = _estrategia_con_columnas(tmp_path)
    r = correr("rodamiento", ruta_ant, ruta_act, "--estrategia", estrategia, "-o", tmp_path / "rod.xlsx")
    assert r.exit_code == 0, r.output
    assert "Salieron 24 (estaban antes y ya no están" in r.stdout and "entraron 15" in r.stdout
    assert "Matriz de rodamiento en cuentas" in r.stdout
    libro = openpyxl.load_workbook(tmp_path / "rod.xlsx")
    assert libro.sheetnames[:3] == ["Matriz en cuentas", "Matriz en saldo", "Tasas"]
    assert any(r.type == "colorScale" for rango in libro["Matriz en cuentas"].conditional_formatting
               for r in rango.rules)
    r = correr("rodamiento", ruta_ant, ruta_act, "--estrategia", estrategia, "--formato", "csv")
    largo = pd.read_csv(pd.io.common.StringIO(r.stdout))
    assert list(largo.columns) == ["tramo_anterior", "tramo_actual", "cuentas", "saldo_vencido"]
    assert largo["cuentas"].sum() == 120


def test_rodamiento_llave_que_no_existe(tmp_path):
    ruta_ant, _, _, _ = _cortes(tmp_path)
    r = correr("rodamiento", ruta_ant, ruta_ant, "--llave", "sucursal")
    assert r.exit_code == 1
    assert "no tiene la columna «sucursal» para cruzar los cortes con --llave." in r.stderr


def test_salidas_con_otra_extension_se_rechazan_antes_de_mostrar_nada(cartera_csv, tmp_path):
    for argumentos in (("mapa", cartera_csv, "-o", tmp_path / "mapa.csv"),
                       ("pareto", cartera_csv, "--informe", tmp_path / "pareto.csv")):
        r = correr(*argumentos)
        assert r.exit_code == 2 and "se escribe como libro .xlsx" in r.stderr
        assert r.stdout == ""  # antes se mostraba todo el informe y recién entonces el error


def test_silencioso_calla_el_informe_de_la_terminal_solo_si_va_a_un_archivo(cartera_csv, tmp_path, monkeypatch):
    """La misma regla en todos los comandos de informe: --silencioso sin archivo muestra el informe pedido (antes
    pareto, mapa, capacidad y segmentar no mostraban nada); con -o no muestra nada."""
    monkeypatch.chdir(tmp_path)
    assert correr("init", ".").exit_code == 0
    for comando, extra in (("mapa", ()), ("pareto", ()), ("segmentar", ()), ("capacidad", ("--dias", "2"))):
        solo = correr(comando, cartera_csv, *extra, "--silencioso")
        assert solo.exit_code == 0 and solo.stdout.strip(), (comando, solo.output)
        con_archivo = correr(comando, cartera_csv, *extra, "--silencioso", "-o", tmp_path / f"{comando}.xlsx")
        assert con_archivo.exit_code == 0 and con_archivo.output == "", (comando, con_archivo.output)
    for comando in ("embudo", "asesores"):
        assert correr(comando, "--silencioso").stdout.strip()
        con_archivo = correr(comando, "--silencioso", "-o", tmp_path / f"{comando}.xlsx")
        assert con_archivo.exit_code == 0 and con_archivo.output == "", (comando, con_archivo.output)
    (tmp_path / "pagos.csv").write_text("cuenta;fecha;monto\n0001;14/07/2025;100\nx;no es fecha;5\n", encoding="utf-8")
    carga = correr("cargar", "pagos", "pagos.csv", "--silencioso")
    assert carga.exit_code == 0 and carga.output == ""
    assert len(list((tmp_path / "rechazos").glob("pagos_rechazos_*.csv"))) == 1  # lo rechazado queda igual
