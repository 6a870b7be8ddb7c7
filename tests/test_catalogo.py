"""Importar un catálogo de tipificaciones ajeno: la regla de niveles, los avisos y el comando."""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from limonero_cli.cli import limonero
from limonero_cli.estrategia.cargar import estrategia_desde_hojas
from limonero_cli.hojas.estrategia_xlsx import leer_hojas_estrategia
from limonero_cli.nucleo.catalogo import catalogo_desde_tabla, nivel_por_regla

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"
CATALOGO_CL = COMPARTIDO / "datos_reales" / "catalogo_tipificaciones_cl.csv"


@pytest.mark.parametrize(
    "grueso, detalle, nivel",
    [
        ("No conecta", "Buzón de Voz", "sin_contacto"),
        ("Conecta - No efectivo - Tercero", "Fallecido", "contacto_tercero"),
        ("Conecta- Comunica con Tercero", "Se corta", "contacto_tercero"),
        ("Conecta - efectivo - Cliente", "No Interesa - Medio De Pago", "contacto_titular"),
        ("Conecta - efectivo - Cliente", "Volver a Llamar", "contacto_titular"),
        ("Conecta - Efectivo - Cliente", "Pendiente de pago", "promesa"),
        ("Conecta - efectivo - Cliente", "Promesa de pago", "promesa"),
        ("Conecta - efectivo - Cliente", "Ya pagó", "pago"),
        ("Conecta - efectivo - Cliente", "Interesa - Venta", "negociacion"),
        ("Conecta - Efectivo - Cliente", "Link De Pago Enviado", "negociacion"),
        ("Conecta - efectivo - Cliente", "Agent Not Available", "sin_contacto"),
        ("promesa", "", "promesa"),
    ],
)
def test_regla_de_niveles(grueso, detalle, nivel):
    assert nivel_por_regla(grueso, detalle)[0] == nivel


def test_repetidos_mayusculas_espacios_pesos_y_finales():
    datos = pd.DataFrame(
        {
            "COD_VICIDIAL": ["ab1 ", "AB1", "pp", "PP", "X9", None, "DNCL"],
            "Calif_1": ["No conecta", "No conecta", "Conecta - efectivo - Cliente", "Conecta - efectivo - Cliente",
                        "Error Agente", "No conecta", "Lista Negra Vicidial"],
            "Calif_2": ["Ocupado", "Ocupado", "Promesa de pago", "Promesa", "Error", "x", "Lista Negra"],
            "Calif_3": [None, None, None, None, None, None, None],
            "Estado": [None, None, "Terminado", None, None, None, None],
            "Peso": ["22", "22", "90", "91", None, "1", "80"],
        }
    )
    catalogo, problemas = catalogo_desde_tabla(datos, archivo="cat.csv")
    assert catalogo["codigo"].tolist() == ["AB1", "PP", "X9", "DNCL"]
    fila = catalogo.set_index("codigo")
    assert fila.loc["PP", "nivel"] == "promesa" and fila.loc["PP", "requiere_monto"] and fila.loc["PP", "requiere_fecha"]
    assert fila.loc["PP", "final"] and fila.loc["DNCL", "final"] and not fila.loc["AB1", "final"]
    assert fila.loc["X9", "peso"] == 0 and fila.loc["PP", "peso"] == 90
    textos = [p.como_texto() for p in problemas]
    assert any("fila 3" in t and "«AB1» está repetido (igual que en la fila 2)" in t for t in textos)
    assert any("«PP» está repetido con otros datos; se deja el de la fila 4" in t for t in textos)
    assert any("«X9» no tiene un peso numérico" in t for t in textos)
    assert any("«Error Agente» no dice si hubo contacto" in t for t in textos)
    assert any("la fila no tiene código" in t for t in textos)
    assert all(p.gravedad == "aviso" for p in problemas)


def test_sin_columnas_reconocibles_es_error():
    catalogo, problemas = catalogo_desde_tabla(pd.DataFrame({"a": [1], "b": [2]}))
    assert catalogo.empty and {p.gravedad for p in problemas} == {"error"}
    assert "no hay una columna con el código" in problemas[0].mensaje


def test_catalogo_real_de_chile():
    if not CATALOGO_CL.exists():
        pytest.skip("no está ../shared/datos_reales")
    from limonero_cli.hojas.leer import leer_tabla

    tabla = leer_tabla(CATALOGO_CL)
    catalogo, problemas = catalogo_desde_tabla(tabla.datos, list(tabla.filas), str(CATALOGO_CL))
    assert len(tabla.datos) == 149 and len(catalogo) == 147  # 1NC4FS y 2C5YT repetidos
    assert catalogo["codigo"].is_unique and (catalogo["codigo"] == catalogo["codigo"].str.strip().str.upper()).all()
    assert catalogo["nivel"].value_counts().to_dict() == {
        "contacto_titular": 81, "sin_contacto": 35, "negociacion": 15, "contacto_tercero": 15, "promesa": 1}
    assert int(catalogo["final"].sum()) == 13
    assert catalogo.set_index("codigo").loc["PENPAG", "nivel"] == "promesa"
    assert not [p for p in problemas if p.gravedad == "error"]


def test_comando_cargar_catalogo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(limonero, ["init", "."]).exit_code == 0
    archivo = tmp_path / "catalogo.csv"
    archivo.write_text(
        "codigo;Calif_1;Calif_2;Estado;Peso\n"
        "NC;No conecta;No contesta;;1\n"
        "TER;Conecta - No efectivo - Tercero;Recado;;3\n"
        "RPC;Conecta - efectivo - Cliente;Sin acuerdo;;5\n"
        "PTP;Conecta - efectivo - Cliente;Promesa de pago;;8\n"
        "PAG;Conecta - efectivo - Cliente;Ya pagó;Terminado;9\n",
        encoding="cp1252",
    )
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", str(archivo)])
    assert r.exit_code == 0, r.output
    assert "5 códigos" in r.output and "Rutas quitadas" in r.output
    respaldos = list(tmp_path.glob("estrategia_respaldo_*.xlsx"))
    assert len(respaldos) == 1
    hojas = leer_hojas_estrategia(tmp_path / "estrategia.xlsx")
    estrategia = estrategia_desde_hojas(hojas)  # sigue siendo válida
    assert [t.codigo for t in estrategia.tipificaciones] == ["NC", "TER", "RPC", "PTP", "PAG"]
    assert estrategia.tipificacion("PTP").requiere_monto and estrategia.tipificacion("PAG").final
    # Quedan las rutas de los códigos que siguen (NC) y la de PROMESA_INCUMPLIDA; las demás se quitan.
    assert [ruta.codigo for ruta in estrategia.rutas] == ["NC", "PROMESA_INCUMPLIDA"]
    assert "Rutas quitadas (sus códigos ya no existen): OC, FS" in r.output
    # El respaldo es el libro anterior, intacto.
    anterior = estrategia_desde_hojas(leer_hojas_estrategia(respaldos[0]))
    assert anterior.tipificacion("PP") is not None


def test_comando_cargar_catalogo_sin_estrategia(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    archivo = tmp_path / "catalogo.csv"
    archivo.write_text("codigo;nivel\nNC;sin_contacto\n", encoding="utf-8")
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", str(archivo)])
    assert r.exit_code == 1 and "No encuentro el libro de estrategia estrategia.xlsx" in r.output


def test_cambios_de_nivel_de_lo_ya_cargado():
    from limonero_cli.nucleo.catalogo import cambios_de_nivel

    antes = pd.DataFrame({"codigo": ["NC", "PP", "CT", "RP"],
                          "nivel": ["sin_contacto", "promesa", "contacto_titular", "negociacion"]})
    despues = pd.DataFrame({"codigo": ["nc ", "CT", "RP"], "nivel": ["sin_contacto", "negociacion", "negociacion"]})
    conteo = pd.Series({"NC": 7, "PP": 2, "CT": 5, "RP": 4, "XX": 9})  # XX: fuera de los dos catálogos
    cambios = cambios_de_nivel(conteo, antes, despues)
    # CT pasa de titular a negociación: el embudo lo cuenta igual (contacto con el titular); PP deja de ser promesa.
    assert cambios.values.tolist() == [
        ["CT", 5, "contacto_titular", "negociacion", False],
        ["PP", 2, "promesa", None, True],
    ]


def test_cargar_catalogo_dice_que_tipificaciones_ya_cargadas_cambian_de_nivel(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(limonero, ["init", "."]).exit_code == 0
    (tmp_path / "tip.csv").write_text(
        "cuenta;fecha_hora;asesor;canal;codigo;monto_promesa;fecha_promesa\n"
        "1;14/07/2025 09:00;A01;llamada;NC;;\n"
        "2;14/07/2025 09:05;A01;llamada;NC;;\n"
        "3;14/07/2025 09:10;A01;llamada;PP;1000;18/07/2025\n"
        "4;14/07/2025 09:15;A01;llamada;PP;2000;18/07/2025\n"
        "5;14/07/2025 09:20;A01;llamada;CT;;\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(limonero, ["cargar", "tipificaciones", "tip.csv"]).exit_code == 0
    (tmp_path / "catalogo.csv").write_text("codigo;nivel\nNC;sin_contacto\nPTP;promesa\n", encoding="utf-8")
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", "catalogo.csv"])
    assert r.exit_code == 0, r.output
    lineas = [" ".join(linea.split()) for linea in r.output.splitlines()]
    assert ("Ojo: con este catálogo, 3 tipificaciones ya cargadas en limonero.db cambian de nivel; 3 de ellas "
            "(marcadas con *) cambian las cifras de los embudos de días pasados:") in lineas
    assert "* PP 2 promesa → fuera del catálogo (solo intento)" in lineas
    assert "* CT 1 contacto_titular → fuera del catálogo (solo intento)" in lineas
    assert not any("NC " in linea for linea in lineas)  # sigue en sin_contacto
    assert any(linea.startswith("Si los códigos que salen del catálogo se siguen usando") for linea in lineas)

    # Un catálogo que solo mueve códigos entre niveles que el embudo cuenta igual no anuncia cambios de cifras.
    (tmp_path / "neutro.csv").write_text("codigo;nivel\nNC;sin_contacto\nPTP;promesa\nPP;promesa\nCT;pago\n",
                                         encoding="utf-8")
    (tmp_path / "otro.csv").write_text("codigo;nivel\nPTP;promesa\nPP;promesa\nCT;contacto_titular\n",
                                       encoding="utf-8")
    assert CliRunner().invoke(limonero, ["cargar", "catalogo", "neutro.csv"]).exit_code == 0
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", "otro.csv"])
    lineas = [" ".join(linea.split()) for linea in r.output.splitlines()]
    assert ("Ojo: con este catálogo, 3 tipificaciones ya cargadas en limonero.db cambian de nivel; ninguna cambia "
            "las cifras de los embudos:") in lineas
    assert "NC 2 sin_contacto → fuera del catálogo (solo intento)" in lineas
    assert "CT 1 pago → contacto_titular" in lineas


def test_cargar_catalogo_con_una_bitacora_que_no_se_puede_leer_escribe_el_catalogo_y_avisa(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(limonero, ["init", "."]).exit_code == 0
    (tmp_path / "falsa.db").write_text("hola", encoding="utf-8")
    (tmp_path / "catalogo.csv").write_text("codigo;nivel\nNC;sin_contacto\nPTP;promesa\n", encoding="utf-8")
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", "catalogo.csv", "--bitacora", "falsa.db"])
    assert r.exit_code == 0, r.output
    assert "Aviso: no pude revisar las tipificaciones ya cargadas en falsa.db" in " ".join(r.output.split())
    assert [t.codigo for t in estrategia_desde_hojas(leer_hojas_estrategia(tmp_path / "estrategia.xlsx")).tipificaciones] \
        == ["NC", "PTP"]


def test_la_hoja_tipificaciones_exportada_vuelve_igual(tmp_path, monkeypatch):
    """La hoja tipificaciones de una estrategia, guardada como CSV, se importa sin perder nada. Antes el lector
    tomaba la última fila («YP ... no, no, no») como encabezado porque repetía «no», y las equivalencias se perdían."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(limonero, ["init", "."]).exit_code == 0
    original = leer_hojas_estrategia(tmp_path / "estrategia.xlsx")["tipificaciones"]
    original.to_csv(tmp_path / "exportada.csv", index=False)
    r = CliRunner().invoke(limonero, ["cargar", "catalogo", "exportada.csv"])
    assert r.exit_code == 0, r.output
    assert "16 códigos" in r.output
    antes = estrategia_desde_hojas({**leer_hojas_estrategia(next(tmp_path.glob("estrategia_respaldo_*.xlsx")))})
    despues = estrategia_desde_hojas(leer_hojas_estrategia(tmp_path / "estrategia.xlsx"))
    assert despues.tipificaciones == antes.tipificaciones
    assert despues.equivalencias() == antes.equivalencias() and len(despues.equivalencias()) > 20
