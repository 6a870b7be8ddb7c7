"""El ciclo diario por la línea de comandos: init → lista → cargar → embudo, con cifras contadas a mano."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from limonero_cli.cli import limonero

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
FECHA = "2025-07-15"


def correr(*argumentos, entrada=None):
    resultado = CliRunner().invoke(limonero, [str(a) for a in argumentos], input=entrada, catch_exceptions=False)
    return resultado


def escribir_cartera(ruta: Path, filas: list[list]):
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Cartera")
    encabezado = ["No. Cuenta", "Documento Cliente", "Nombre", "Días de Mora", "Saldo Vencido", "Asesor", "Teléfono"]
    for j, nombre in enumerate(encabezado):
        hoja.write_string(0, j, nombre)
    for i, fila in enumerate(filas, start=1):
        for j, valor in enumerate(fila):
            if isinstance(valor, str):
                hoja.write_string(i, j, valor)
            else:
                hoja.write_number(i, j, valor)
    libro.close()


@pytest.fixture
def espacio(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resultado = correr("init", ".")
    assert resultado.exit_code == 0, resultado.output
    return tmp_path


def test_ayuda_no_carga_pandas():
    codigo = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from limonero_cli.cli import limonero\n"
        "r = CliRunner().invoke(limonero, ['--help'])\n"
        "assert r.exit_code == 0\n"
        "print('pandas' in sys.modules)\n"
    )
    salida = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True)
    assert salida.stdout.strip() == "False"


def test_cada_comando_tiene_ayuda_en_espanol_con_ejemplo():
    from limonero_cli.cli import COMANDOS

    comandos = [c for c in COMANDOS if c != "cargar"] + ["cargar tipificaciones", "cargar pagos", "cargar catalogo"]
    for comando in comandos:
        resultado = correr(*comando.split(), "--help")
        assert resultado.exit_code == 0
        assert "Uso:" in resultado.output and "Opciones:" in resultado.output
        assert "Ejemplo" in resultado.output, comando


def test_ciclo_completo_con_cifras_contadas_a_mano(espacio):
    # D1 tiene dos cuentas (una nota crédito), D2 y D3 una cada uno; todos en el día 3 de mora (evento llamada)
    escribir_cartera(
        espacio / "cartera.xlsx",
        [
            ["0001", "900", "Ana", 3, 100000, "A01", "3001112233"],
            ["0002", "900", "Ana", 3, -20000, "A01", "3001112233"],
            ["0003", "901", "Beto", 3, 50000, "A01", "3002223344"],
            ["0004", "902", "Caro", 3, 70000, "A02", "3003334455"],
        ],
    )
    resultado = correr("lista", "cartera.xlsx", "--fecha", FECHA)
    assert resultado.exit_code == 0, resultado.output
    libro_ruta = espacio / "listas" / FECHA / f"lista_{FECHA}.xlsx"
    libro = CalamineWorkbook.from_path(str(libro_ruta))
    assert libro.sheet_names[0] == "Resumen"
    filas = []
    for nombre in libro.sheet_names[1:-1]:
        datos = libro.get_sheet_by_name(nombre).to_python()
        filas += [dict(zip(datos[0], fila)) for fila in datos[1:]]
    por_deudor = {f["cliente_id"]: f for f in filas}
    assert sorted(por_deudor) == ["900", "901", "902"]
    assert por_deudor["900"]["saldo_vencido"] == 80000  # 100.000 − 20.000 de la nota crédito
    assert por_deudor["900"]["cuentas"] == "0001, 0002"

    # el asesor llena su hoja: una promesa, un no contesta, y un deudor sin gestionar
    editable = openpyxl.load_workbook(libro_ruta)
    capturadas = 0
    for hoja in editable.worksheets[1:-1]:
        encabezado = [c.value for c in hoja[1]]
        for fila in hoja.iter_rows(min_row=2):
            cliente = fila[encabezado.index("cliente_id")].value
            if cliente == "900":
                fila[encabezado.index("tipificacion")].value = "PP"
                fila[encabezado.index("monto_promesa")].value = 80000
                fila[encabezado.index("fecha_promesa")].value = "2025-07-18"
                capturadas += 1
            elif cliente == "901":
                fila[encabezado.index("tipificacion")].value = "NC"
                capturadas += 1
    editable.save(libro_ruta)
    assert capturadas == 2

    resultado = correr("cargar", "tipificaciones", libro_ruta)
    assert resultado.exit_code == 0, resultado.output
    assert "│ 3 │ 2 │ 0 │ 0 │ 1 │".replace(" ", "") in resultado.output.replace(" ", "")
    otra_vez = correr("cargar", "tipificaciones", libro_ruta)
    assert "│ 3 │ 0 │ 2 │ 0 │ 1 │".replace(" ", "") in otra_vez.output.replace(" ", "")

    pd.DataFrame({"cuenta": ["0001", "0004"], "fecha": ["17/07/2025", "16/07/2025"], "monto": [80000, 1000]}).to_csv(
        espacio / "pagos.csv", index=False
    )
    assert correr("cargar", "pagos", "pagos.csv").exit_code == 0

    resultado = correr("embudo", "--formato", "json", "--por", "total", "--fecha", "2025-07-25")
    assert resultado.exit_code == 0, resultado.output
    (total,) = json.loads(resultado.output)
    esperado = {
        "asignadas": 3,
        "gestionadas": 2,
        "contactadas": 1,  # solo la promesa es contacto
        "contacto_titular": 1,
        "promesas": 1,
        "promesas_cumplidas": 1,
        "monto_recuperado": 81000.0,
    }
    assert {clave: total[clave] for clave in esperado} == esperado


def test_cartera_sin_columna_obligatoria_da_una_frase_clara(espacio):
    pd.DataFrame({"cuenta": ["1"], "dias_mora": [3]}).to_csv(espacio / "mala.csv", index=False)
    resultado = CliRunner().invoke(limonero, ["lista", "mala.csv", "--fecha", FECHA])
    assert resultado.exit_code == 1
    assert "saldo_vencido" in resultado.output
    assert "Traceback" not in resultado.output


def test_fecha_mal_escrita_es_error_de_uso():
    resultado = CliRunner().invoke(limonero, ["embudo", "--desde", "15/07/2025"])
    assert resultado.exit_code == 2
    assert "no es una fecha AAAA-MM-DD" in resultado.output


def test_lista_no_reemplaza_salidas_sin_sobrescribir(espacio):
    escribir_cartera(espacio / "cartera.xlsx", [["0001", "900", "Ana", 3, 100000, "A01", "3001112233"]])
    assert correr("lista", "cartera.xlsx", "--fecha", FECHA).exit_code == 0
    segunda = CliRunner().invoke(limonero, ["lista", "cartera.xlsx", "--fecha", FECHA])
    assert segunda.exit_code == 2
    assert "--sobrescribir" in segunda.output
    assert correr("lista", "cartera.xlsx", "--fecha", FECHA, "--sobrescribir").exit_code == 0


@pytest.mark.skipif(not (COMPARTIDO / "datos_reales").exists(), reason="sin ../shared/datos_reales")
def test_cartera_real_de_la_distribuidora(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real = COMPARTIDO / "datos_reales" / "cartera_distribuidora_co.xlsx"
    resultado = correr("init", "ws", "--desde", real)
    assert resultado.exit_code == 0, resultado.output
    hojas = CalamineWorkbook.from_path(str(tmp_path / "ws" / "estrategia.xlsx"))
    columnas = dict(r[:2] for r in hojas.get_sheet_by_name("columnas").to_python()[1:])
    assert columnas["cuenta"] == "Serie + Número"
    assert columnas["cliente_id"] == "Cod. Cliente"
    assert columnas["asesor"] == "NOMVENDEDOR"
    assert columnas["dias_mora"] == "DIAS_VENCIDO"
    assert columnas["saldo_vencido"] == "IMPORTE"

    monkeypatch.chdir(tmp_path / "ws")
    resultado = correr("lista", real, "--fecha", FECHA)
    assert resultado.exit_code == 0, resultado.output
    carpeta = tmp_path / "ws" / "listas" / FECHA
    libro = CalamineWorkbook.from_path(str(carpeta / f"lista_{FECHA}.xlsx"))
    assert libro.sheet_names[0] == "Resumen" and len(libro.sheet_names) > 3
    assert list(carpeta.glob("canal_*.csv"))

    # saldo de cada deudor en la lista = suma de todas sus facturas (notas crédito restan), contado aparte
    original = pd.DataFrame(CalamineWorkbook.from_path(str(real)).get_sheet_by_name("Hoja1").to_python())
    original.columns = original.iloc[0]
    original = original.iloc[1:]
    original["cliente"] = original["Cod. Cliente"].map(lambda v: str(int(v)))
    saldos = original.groupby("cliente")["IMPORTE"].sum()
    filas = []
    for nombre in libro.sheet_names[1:-1]:
        datos = libro.get_sheet_by_name(nombre).to_python()
        filas += [dict(zip(datos[0], fila)) for fila in datos[1:]]
    assert filas
    for fila in filas:
        assert fila["saldo_vencido"] == pytest.approx(saldos[fila["cliente_id"]])
    pares = [(f["cliente_id"], f["canal"]) for f in filas]
    assert len(pares) == len(set(pares))


def test_sin_dias_de_mora_ni_corte_la_mora_se_cuenta_hasta_la_fecha_de_la_lista(tmp_path):
    import datetime as dt

    from limonero_cli.hojas.entradas import leer_cartera

    ruta = tmp_path / "cartera.csv"
    ruta.write_text("cuenta;fecha_vencimiento;saldo_vencido\nA1;12/07/2025;1000\n", encoding="utf-8")
    entrada = leer_cartera(ruta, corte_por_defecto=dt.date(2025, 7, 15))
    assert entrada.datos["dias_mora"].tolist() == [3]
    con_corte = leer_cartera(ruta, fecha_corte=dt.date(2025, 7, 20), corte_por_defecto=dt.date(2025, 7, 15))
    assert con_corte.datos["dias_mora"].tolist() == [8]


def test_tipificaciones_cargadas_por_cuenta_antes_de_la_primera_lista_cuentan(espacio):
    """Una tipificación que llegó solo con el número de cuenta queda a nombre del deudor al armar la lista."""
    escribir_cartera(espacio / "cartera.xlsx", [["0001", "900", "Ana", 4, 100000, "A01", "3001112233"]])
    (espacio / "tip.csv").write_text(
        "cuenta;fecha_hora;asesor;canal;codigo\n0001;14/07/2025 10:00;A01;llamada;NC\n", encoding="utf-8"
    )
    assert correr("cargar", "tipificaciones", "tip.csv").exit_code == 0
    assert correr("lista", "cartera.xlsx", "--fecha", FECHA).exit_code == 0
    libro = CalamineWorkbook.from_path(str(espacio / "listas" / FECHA / f"lista_{FECHA}.xlsx"))
    datos = libro.get_sheet_by_name("A01").to_python()
    fila = dict(zip(datos[0], datos[1]))
    assert fila["cliente_id"] == "900"
    assert fila["motivo"] == "ruta tras NC (reintentar)"


def test_corregir_una_lista_y_volver_a_cargarla_reemplaza_no_suma(espacio):
    escribir_cartera(espacio / "cartera.xlsx", [["0001", "900", "Ana", 3, 100000, "A01", "3001112233"],
                                                 ["0002", "901", "Beto", 3, 50000, "A01", "3002223344"]])
    assert correr("lista", "cartera.xlsx", "--fecha", FECHA).exit_code == 0
    ruta = espacio / "listas" / FECHA / f"lista_{FECHA}.xlsx"

    def capturar(monto):
        libro = openpyxl.load_workbook(ruta)
        hoja = libro["A01"]
        encabezado = [c.value for c in hoja[1]]
        for fila in hoja.iter_rows(min_row=2):
            if fila[encabezado.index("cliente_id")].value == "900":
                fila[encabezado.index("tipificacion")].value = "PP"
                fila[encabezado.index("monto_promesa")].value = monto
                fila[encabezado.index("fecha_promesa")].value = "18/07/2025"
            else:
                fila[encabezado.index("tipificacion")].value = "NC"
        libro.save(ruta)

    capturar(50000)
    assert correr("cargar", "tipificaciones", ruta).exit_code == 0
    capturar(40000)  # el asesor corrige el monto
    resultado = correr("cargar", "tipificaciones", ruta)
    assert "1 filas corregidas" in resultado.output
    from limonero_cli.bitacora import Bitacora

    with Bitacora.abrir(espacio / "limonero.db") as bitacora:
        tipificaciones = bitacora.tipificaciones()
    assert len(tipificaciones) == 2  # una por deudor: la corrección reemplazó, el NC idéntico no se duplicó
    assert tipificaciones.loc[tipificaciones["cliente_id"] == "900", "monto_promesa"].tolist() == [40000.0]


def test_pagos_de_cuentas_que_ninguna_cartera_trae_se_guardan_con_un_aviso(espacio):
    """Un pago cuyo deudor (resuelto como al cargarlo) no está en ninguna cartera no se pierde, pero se avisa:
    no cuenta en ningún embudo hasta que ese deudor llegue en una cartera."""
    pd.DataFrame({"cuenta": ["0001"], "fecha": ["16/07/2025"], "monto": [100]}).to_csv(espacio / "antes.csv",
                                                                                      index=False)
    antes = correr("cargar", "pagos", "antes.csv")
    assert antes.exit_code == 0
    assert "todavía no conoce ninguna cartera" in antes.output

    escribir_cartera(
        espacio / "cartera.xlsx",
        [
            ["0001", "900", "Ana", 3, 100000, "A01", "3001112233"],
            ["0002", "900", "Ana", 3, 20000, "A01", "3001112233"],
            ["0003", "901", "Beto", 3, 50000, "A01", "3002223344"],
        ],
    )
    assert correr("lista", "cartera.xlsx", "--fecha", FECHA).exit_code == 0
    (espacio / "pagos.csv").write_text(
        "cuenta;cliente_id;fecha;monto\n"
        "0001;;16/07/2025;1000\n"  # cuenta conocida
        ";901;16/07/2025;2000\n"  # cliente conocido, sin cuenta
        "901;;16/07/2025;400\n"  # el cliente en la columna de cuenta: se guarda a nombre de 901 y cuenta
        "1;;16/07/2025;5000\n"  # la cuenta 0001 sin sus ceros: desconocida
        "0099;;17/07/2025;2500\n"  # desconocida
        "0003;777;17/07/2025;300\n",  # cuenta conocida pero con otro cliente en el archivo: se guarda a nombre de 777
        encoding="utf-8",
    )
    resultado = correr("cargar", "pagos", "pagos.csv")
    assert resultado.exit_code == 0, resultado.output
    assert "│ pagos.csv │ 6 │ 6 │ 0 │ 0 │".replace(" ", "") in resultado.output.replace(" ", "")
    aviso = " ".join(resultado.output.split())
    assert "3 pagos por 7.800 no son de ningún deudor de las carteras que conoce la bitácora" in aviso
    assert "(el primero, fila 5: cuenta «1»)" in aviso

    embudo = correr("embudo", "--formato", "json", "--por", "total", "--fecha", "2025-07-25")
    (total,) = json.loads(embudo.output)
    assert total["monto_recuperado"] == 100 + 1000 + 2000 + 400  # los 7.800 desconocidos no cuentan

    (espacio / "uno.csv").write_text("cuenta;cliente_id;fecha;monto\n0003;777;18/07/2025;7\n", encoding="utf-8")
    uno = " ".join(correr("cargar", "pagos", "uno.csv").output.split())
    assert "1 pago por 7,00 no es de ningún deudor" in uno and "(fila 2: cuenta «0003», cliente «777»)" in uno
    assert "Está en la bitácora, pero no cuenta en los embudos" in uno


def test_init_desde_la_cartera_anota_sus_cuentas_para_la_historia_del_primer_dia(tmp_path, monkeypatch):
    """El primer día: init --desde, cargar la historia, y recién después la primera lista. Los pagos por cuenta
    quedan desde el principio a nombre de su deudor y no hay aviso de «no conozco ninguna cartera»."""
    import sqlite3

    monkeypatch.chdir(tmp_path)
    escribir_cartera(tmp_path / "cartera.xlsx", [["0001", "900", "Ana", 3, 100000, "A01", "3001112233"],
                                                  ["0002", "900", "Ana", 3, 5000, "A01", "3001112233"]])
    resultado = correr("init", "ws", "--desde", "cartera.xlsx")
    assert resultado.exit_code == 0, resultado.output
    assert "Anoté en la bitácora el cliente de cada una de las 2 cuentas de la cartera." in resultado.output
    monkeypatch.chdir(tmp_path / "ws")
    (tmp_path / "ws" / "pagos.csv").write_text("cuenta;fecha;monto\n0002;14/07/2025;500\n", encoding="utf-8")
    cargado = correr("cargar", "pagos", "pagos.csv")
    assert cargado.exit_code == 0 and "Aviso" not in cargado.output
    with sqlite3.connect(tmp_path / "ws" / "limonero.db") as c:
        assert c.execute("SELECT cuenta, cliente_id FROM pagos").fetchall() == [("0002", "900")]

    # init --sobrescribir con una exportación vieja (otros clientes) conserva la bitácora tal cual.
    monkeypatch.chdir(tmp_path)
    escribir_cartera(tmp_path / "vieja.xlsx", [["0002", "777", "Ana", 3, 5000, "A01", "3001112233"]])
    otra = correr("init", "ws", "--desde", "vieja.xlsx", "--sobrescribir")
    assert otra.exit_code == 0, otra.output
    assert "Anoté en la bitácora" not in otra.output
    with sqlite3.connect(tmp_path / "ws" / "limonero.db") as c:
        assert c.execute("SELECT cliente_id FROM cuentas WHERE cuenta = '0002'").fetchone() == ("900",)
        assert c.execute("SELECT cliente_id FROM pagos").fetchall() == [("900",)]


def test_un_archivo_que_no_existe_es_error_de_uso_en_todos_los_comandos(espacio):
    """Código 2 («el comando se usó mal»), como lo da click en lista o init, también en cargar."""
    for argumentos in (("lista", "no_existe.xlsx"), ("cargar", "pagos", "no_existe.xlsx"),
                       ("cargar", "tipificaciones", "no_existe.xlsx")):
        resultado = correr(*argumentos)
        assert resultado.exit_code == 2, (argumentos, resultado.output)
