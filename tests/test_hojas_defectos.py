"""Defectos que encontró la prueba de ataque a la capa de lectura (issue 3): cada uno con su mensaje."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from limonero_cli.errores import ErrorArchivo, ErrorDatos
from limonero_cli.hojas import valores
from limonero_cli.hojas.detectar import parece_binario, revisar_zip
from limonero_cli.hojas.entradas import leer_cartera, leer_pagos, leer_tipificaciones
from limonero_cli.hojas.leer import leer_tabla
from limonero_cli.hojas.tabla import parece_fila_de_datos
from limonero_cli.hojas.texto import decodificar

COMPARTIDO = Path(__file__).resolve().parents[1].parent / "shared"


def _csv(tmp_path, texto: str, nombre: str = "cartera.csv") -> Path:
    ruta = tmp_path / nombre
    ruta.write_text(texto, encoding="utf-8")
    return ruta


def _motivos(entrada) -> dict[str, str]:
    return dict(zip(entrada.rechazos["cuenta"], entrada.rechazos["motivo"]))


# 1 ------------------------------------------------------------ días de mora enormes


def test_dias_mora_enormes_rechazan_la_fila_sin_romper_ni_avisar(tmp_path):
    ruta = _csv(
        tmp_path,
        "cuenta,dias_mora,saldo_vencido\nA,99999999999999999999,100\nB,-1e20,100\nC,36501,100\n"
        "D,36500,100\nE,-30,100\nF,9223372036854775808,100\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        entrada = leer_cartera(ruta)
    assert entrada.datos["cuenta"].tolist() == ["D", "E"]
    assert entrada.datos["dias_mora"].tolist() == [36500, -30]
    motivos = _motivos(entrada)
    assert motivos["A"] == "«99999999999999999999» no es un número de días razonable (columna dias_mora)"
    assert motivos["B"] == "«-1e20» no es un número de días razonable (columna dias_mora)"
    assert motivos["C"].startswith("«36501» no es un número de días razonable")
    assert motivos["F"].startswith("«9223372036854775808» no es un número de días razonable")
    assert entrada.leidas == len(entrada.datos) + len(entrada.rechazos)
    problema = next(p for p in entrada.problemas_rechazos if p.fila == 2)
    assert problema.columna == "dias_mora"
    assert problema.como_texto().endswith("fila 2, columna «dias_mora»: «99999999999999999999» no es un número de días razonable")


def test_dias_mora_enormes_como_numero_en_xlsx(tmp_path):
    ruta = tmp_path / "cartera.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Cartera")
    for i, fila in enumerate([["cuenta", "dias_mora", "saldo_vencido"], ["A", 1e20, 100], ["B", 12, 50]]):
        hoja.write_row(i, 0, fila)
    libro.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        entrada = leer_cartera(ruta)
    assert entrada.datos["dias_mora"].tolist() == [12]
    assert entrada.rechazos["motivo"].tolist() == ["«100000000000000000000» no es un número de días razonable (columna dias_mora)"]
    assert entrada.hoja == "Cartera" and entrada.problemas_rechazos[0].hoja == "Cartera"


# 2 ------------------------------------------------------------ texto en columnas enteras


def test_texto_en_dias_mora_no_es_un_monto(tmp_path):
    ruta = _csv(tmp_path, "cuenta,dias_mora,saldo_vencido\nA,cinco,100\nB,30 días,100\nC,5.5,100\nD,1e3,100\n")
    motivos = _motivos(leer_cartera(ruta))
    assert motivos["A"] == "«cinco» no es un número de días (columna dias_mora)"
    assert motivos["B"] == "«30 días» no es un número de días (columna dias_mora)"
    assert motivos["C"] == "«5.5» no es un número de días (tiene decimales) (columna dias_mora)"
    assert "D" not in motivos  # 1e3 es un número: mil días


def test_a_entero_generico_dice_numero_entero():
    enteros, notas = valores.a_entero(pd.Series(["7", "siete", 2**60], dtype=object))
    assert enteros.tolist()[0] == 7 and enteros.isna().tolist() == [False, True, True]
    assert [n.mensaje for n in notas] == [
        "«siete» no es un número entero",
        f"«{2**60}» no es un número entero razonable",
    ]


# 3 ------------------------------------------------------------ fechas imposibles y fuera de rango


def test_hora_imposible_no_pasa_al_dia_siguiente():
    fechas, notas = valores.a_fecha(pd.Series(["2025-07-15 25:00", "2025-07-15 23:59", "15/07/2025 10:61"], dtype=object))
    assert pd.isna(fechas[0]) and fechas[1] == pd.Timestamp("2025-07-15 23:59") and pd.isna(fechas[2])
    assert notas[0].mensaje == "«2025-07-15 25:00» no es una fecha y hora válida (esa hora no existe)"
    assert notas[1].mensaje.startswith("«15/07/2025 10:61» no es una fecha y hora válida")


def test_tipificacion_con_hora_25_se_rechaza(tmp_path):
    ruta = _csv(
        tmp_path,
        "cuenta,fecha_hora,codigo\n0001,2025-07-15 10:00,NC\n0009,2025-07-15 25:00,NC\n",
        "tipificaciones.csv",
    )
    entrada = leer_tipificaciones(ruta)
    assert entrada.datos["cuenta"].tolist() == ["0001"]
    assert entrada.rechazos["motivo"].tolist() == [
        "«2025-07-15 25:00» no es una fecha y hora válida (esa hora no existe) (columna fecha_hora)"
    ]


def test_fechas_fuera_de_1900_2200_se_rechazan_por_fila():
    serie = pd.Series(
        ["15/03/1899", "0001-01-01", "9999-12-31", "15-mar-2250", "31/12/2200", dt.datetime(1, 1, 1),
         dt.datetime(3000, 1, 1), dt.date(2024, 1, 5), 45366, 9_000_000.0],
        dtype=object,
    )
    fechas, notas = valores.a_fecha(serie)
    assert fechas.dtype == "datetime64[ns]"
    assert fechas.notna().tolist() == [False, False, False, False, True, False, False, True, True, False]
    assert fechas[8] == pd.Timestamp("2024-03-15")
    mensajes = {n.indice: n.mensaje for n in notas}
    rango = "no es una fecha válida: está fuera del rango que limonero acepta (01/01/1900 a 31/12/2200)"
    assert mensajes[0] == f"«15/03/1899» {rango}"
    assert mensajes[2] == f"«9999-12-31» {rango}"
    assert mensajes[5] == f"«0001-01-01» {rango}"
    assert mensajes[9] == "«9000000» no es una fecha ni un serial de fecha de Excel"


def test_columna_datetime_fuera_de_rango():
    serie = pd.Series(pd.to_datetime(["2024-01-01", "1850-06-01"]))
    fechas, notas = valores.a_fecha(serie)
    assert fechas.tolist()[0] == pd.Timestamp("2024-01-01") and pd.isna(fechas[1])
    assert notas[0].indice == 1 and "fuera del rango" in notas[0].mensaje


def test_anios_de_dos_cifras_con_la_regla_de_excel():
    fechas, notas = valores.a_fecha(pd.Series(["01/01/24", "01/01/29", "01/01/30", "01/01/50", "01/01/99"]))
    assert [f.year for f in fechas] == [2024, 2029, 1930, 1950, 1999]
    assert notas == []


def test_serial_de_excel_de_enero_de_1900():
    fechas, _ = valores.a_fecha(pd.Series([1.0, 59.0, 61.0]))
    assert fechas.dt.strftime("%Y-%m-%d").tolist() == ["1900-01-01", "1900-02-28", "1900-03-01"]


# 4 ------------------------------------------------------------ los rechazos guardan el motivo y el original


def test_rechazo_de_cartera_con_el_motivo_real_y_el_texto_original(tmp_path):
    ruta = _csv(tmp_path, "cuenta,dias_mora,saldo_vencido\nA,5,abc\nB,5,\nC,cinco,xyz\nD,5,100\n")
    entrada = leer_cartera(ruta)
    motivos = _motivos(entrada)
    assert motivos["A"] == "«abc» no es un monto válido (columna saldo_vencido)"
    assert motivos["B"] == "falta «saldo_vencido»"
    assert motivos["C"] == "«cinco» no es un número de días (columna dias_mora); «xyz» no es un monto válido (columna saldo_vencido)"
    assert entrada.rechazos["saldo_vencido"].tolist() == ["abc", None, "xyz"]
    # Un problema por celda mala, con hoja, fila y columna; los avisos no repiten esas celdas.
    problemas = [(p.fila, p.columna, p.mensaje) for p in entrada.problemas_rechazos]
    assert problemas == [
        (2, "saldo_vencido", "«abc» no es un monto válido"),
        (3, "saldo_vencido", "falta «saldo_vencido»"),
        (4, "dias_mora", "«cinco» no es un número de días"),
        (4, "saldo_vencido", "«xyz» no es un monto válido"),
    ]
    assert not [a for a in entrada.avisos if a.gravedad == "error"]


def test_error_en_campo_opcional_no_rechaza_y_se_informa_una_vez(tmp_path):
    ruta = _csv(tmp_path, "cuenta,dias_mora,saldo_vencido,score\nA,5,100,alto\n")
    entrada = leer_cartera(ruta)
    assert len(entrada.datos) == 1 and np.isnan(entrada.datos["score"].iloc[0])
    errores = [a for a in entrada.avisos if a.gravedad == "error"]
    assert [(a.fila, a.columna, a.mensaje) for a in errores] == [(2, "score", "«alto» no es un monto válido")]


def test_monto_de_promesa_ilegible_rechaza_con_el_valor_original(tmp_path):
    ruta = _csv(
        tmp_path,
        "cuenta,fecha_hora,codigo,monto_promesa,fecha_promesa\n0001,2025-07-15 10:00,PP,mil,18/07/2025\n"
        "0002,2025-07-15 11:00,PP,\"1.000\",pasado\n0003,2025-07-15 12:00,PP,500,18/07/2025\n",
        "tipificaciones.csv",
    )
    entrada = leer_tipificaciones(ruta)
    assert entrada.datos["cuenta"].tolist() == ["0003"]
    assert entrada.rechazos["motivo"].tolist() == [
        "«mil» no es un monto válido (columna monto_promesa)",
        "«pasado» no es una fecha válida (columna fecha_promesa)",
    ]
    assert entrada.rechazos["monto_promesa"].tolist() == ["mil", "1.000"]
    assert [(p.fila, p.columna) for p in entrada.problemas_rechazos] == [(2, "monto_promesa"), (3, "fecha_promesa")]


# 5 ------------------------------------------------------------ cartera sin filas


def test_cartera_solo_con_encabezados(tmp_path):
    ruta = _csv(tmp_path, "cuenta,cliente_id,nombre,dias_mora,saldo_vencido,telefono\n")
    with pytest.raises(ErrorDatos, match=r"no tiene filas de datos \(solo encabezados\)"):
        leer_cartera(ruta)


def test_libro_con_tabla_vacia(tmp_path):
    ruta = tmp_path / "cartera.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Cartera")
    hoja.write_row(0, 0, ["Reporte de cartera"])
    hoja.write_row(2, 0, ["cuenta", "dias_mora", "saldo_vencido"])
    hoja.write_row(3, 0, ["TOTAL", None, 0])
    libro.close()
    with pytest.raises(ErrorDatos) as error:
        leer_cartera(ruta)
    assert error.value.mensaje == f"{ruta}, hoja «Cartera»: la cartera no tiene filas de datos (solo encabezados)."


# 6 ------------------------------------------------------------ cuentas repetidas


def test_cuenta_repetida_se_conserva_con_aviso(tmp_path):
    ruta = _csv(tmp_path, "cuenta,dias_mora,saldo_vencido\n000123,5,100\n000123,6,50\n000124,1,10\n")
    entrada = leer_cartera(ruta)
    assert entrada.datos["cuenta"].tolist() == ["000123", "000123", "000124"]
    avisos = [a.mensaje for a in entrada.avisos if "aparece en las filas" in a.mensaje]
    assert avisos == ["la cuenta 000123 aparece en las filas 2 y 3; se suman como un mismo deudor"]


def test_muchas_cuentas_repetidas_pocos_ejemplos_y_un_total(tmp_path):
    filas = "".join(f"C{i},5,100\nC{i},6,100\n" for i in range(8)) + "C0,7,1\n"
    entrada = leer_cartera(_csv(tmp_path, "cuenta,dias_mora,saldo_vencido\n" + filas))
    repetidas = [a.mensaje for a in entrada.avisos if "aparece" in a.mensaje]
    assert len(repetidas) == 6
    assert repetidas[0] == "la cuenta C0 aparece en las filas 2, 3 y 18; se suman como un mismo deudor"
    assert repetidas[-1].startswith("en total 8 cuentas aparecen más de una vez (17 filas); se muestran las primeras 5")


# 7 ------------------------------------------------------------ codificaciones mezcladas


def test_utf8_con_una_linea_cp1252(tmp_path):
    ruta = tmp_path / "cartera.csv"
    ruta.write_bytes(b"cuenta,nombre,dias_mora,saldo_vencido\n0001,Jos\xc3\xa9,5,100\n0002,Pe\xf1a,6,200\n")
    entrada = leer_cartera(ruta)
    assert entrada.datos["nombre"].tolist() == ["José", "Peña"]
    aviso = next(a for a in entrada.avisos if "Windows-1252" in a.mensaje)
    assert aviso.mensaje.startswith("el archivo es UTF-8 pero la línea 3 trae caracteres en Windows-1252")


def test_utf8_con_bom_y_lineas_cp1252():
    texto, codificacion = decodificar(b"\xef\xbb\xbfnombre\nPe\xf1a\nJos\xc3\xa9\n")
    assert texto == "nombre\nPeña\nJosé\n" and codificacion == "utf-8+cp1252"


def test_cp1252_puro_sigue_siendo_cp1252():
    texto, codificacion = decodificar("nombre\nJosé Peña – “x”\nÑandú\n".encode("cp1252"))
    assert codificacion == "cp1252" and texto == "nombre\nJosé Peña – “x”\nÑandú\n"


# 8 ------------------------------------------------------------ archivos binarios


def test_bytes_al_azar_con_nombre_xlsx(tmp_path):
    ruta = tmp_path / "cartera.xlsx"
    ruta.write_bytes(np.random.default_rng(7).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(ErrorArchivo) as error:
        leer_tabla(ruta)
    assert error.value.mensaje == (
        f"{ruta} no es una hoja de cálculo ni un archivo de texto (parece un archivo binario o dañado)."
    )


def test_texto_con_bytes_nulos(tmp_path):
    ruta = tmp_path / "cartera.csv"
    ruta.write_bytes(b"cuenta,dias_mora,saldo_vencido\n0001,5,100\n\x00\x00\x00\n")
    with pytest.raises(ErrorArchivo, match="no es una hoja de cálculo ni un archivo de texto"):
        leer_tabla(ruta)


def test_utf16_sin_bom_no_es_binario(tmp_path):
    datos = "cuenta;saldo_vencido;dias_mora\n0001;1.234,56;5\n".encode("utf-16-le")
    assert not parece_binario(datos)
    ruta = tmp_path / "cartera.txt"
    ruta.write_bytes(datos)
    assert leer_cartera(ruta).datos["saldo_vencido"].tolist() == [1234.56]


# 9 ------------------------------------------------------------ archivo sin encabezados


def test_archivo_sin_encabezados_lo_dice(tmp_path):
    ruta = tmp_path / "deudores.txt"
    ruta.write_text("Pérez, Ana\t32200724\t1151209472\t  18.415.980,52 \nGómez, Luis\t32624162\t2615\t 4.465.029,06\n",
                    encoding="utf-8")
    with pytest.raises(ErrorDatos) as error:
        leer_cartera(ruta)
    assert "parece que el archivo no tiene fila de encabezados: la fila 1 («Pérez, Ana», «32200724»" in error.value.mensaje
    assert "--sin-encabezado" in error.value.sugerencia
    assert "la hoja «columnas» de estrategia.xlsx no sirve aquí" in error.value.sugerencia
    # El ejemplo de la pista usa los campos que faltan (antes sugería columnas con las que tampoco alcanzaba)
    # y dice que sin ellos el archivo no sirve como cartera.
    assert '--sin-encabezado "cuenta,saldo_vencido,dias_mora,nombre"' in error.value.sugerencia
    assert "lo aceptan lista, segmentar y validar" in error.value.sugerencia
    assert ("Como cartera, el archivo tiene que traer «cuenta», «saldo_vencido» y «dias_mora» "
            "(o «fecha_vencimiento»): si no los trae, no sirve como cartera.") in error.value.sugerencia


def test_pagos_sin_cuenta_dicen_que_cliente_id_tambien_sirve(tmp_path):
    with pytest.raises(ErrorDatos) as error:
        leer_pagos(_csv(tmp_path, "fecha,monto\n14/07/2025,100\n"))
    assert "le falta la columna «cuenta» (o «cliente_id»)" in error.value.mensaje


def test_archivo_real_sin_encabezados():
    ruta = COMPARTIDO / "datos_reales" / "deudores_sin_encabezado_ar.txt"
    if not ruta.exists():
        pytest.skip("falta ../shared/datos_reales")
    with pytest.raises(ErrorDatos, match="parece que el archivo no tiene fila de encabezados"):
        leer_cartera(ruta)


def test_fila_de_encabezados_normal_no_parece_datos():
    assert not parece_fila_de_datos(["No. Cuenta", "Días de atraso", "Saldo Vencido", "Teléfono"])
    assert parece_fila_de_datos(["0001", "C1", "José Peña", "5", "1.234,56", "3001"])


def test_faltan_columnas_sin_pista_si_hay_encabezados(tmp_path):
    with pytest.raises(ErrorDatos) as error:
        leer_cartera(_csv(tmp_path, "cuenta,nombre\n1,Ana\n"))
    assert "le faltan las columnas «saldo_vencido» y «dias_mora»" in error.value.mensaje
    assert "no tiene fila de encabezados" not in error.value.mensaje


# 10 ----------------------------------------------------------- datos en una hoja oculta


def test_datos_solo_en_hoja_oculta(tmp_path):
    ruta = tmp_path / "cartera.xlsx"
    libro = openpyxl.Workbook()
    notas = libro.active
    notas.title = "Notas"
    notas.append(["Ver la otra hoja"])
    oculta = libro.create_sheet("Cartera")
    oculta.append(["cuenta", "dias_mora", "saldo_vencido"])
    oculta.append(["C1", 5, 100])
    oculta.sheet_state = "hidden"
    libro.save(ruta)
    with pytest.raises(ErrorArchivo) as error:
        leer_cartera(ruta)
    assert "los datos parecen estar en la hoja oculta «Cartera»" in error.value.mensaje
    assert error.value.sugerencia.startswith("Indique la hoja con --hoja Cartera")
    assert leer_cartera(ruta, hoja="Cartera").datos["cuenta"].tolist() == ["C1"]


# 11 ----------------------------------------------------------- pagos no positivos


def test_pagos_de_cero_o_negativos_se_rechazan(tmp_path):
    ruta = _csv(tmp_path, "cuenta,fecha,monto\n0001,2025-07-16,-500\n0002,2025-07-16,0\n0003,2025-07-16,\"1.500,00\"\n",
                "pagos.csv")
    entrada = leer_pagos(ruta)
    assert entrada.datos["monto"].tolist() == [1500.0]
    assert _motivos(entrada) == {
        "0001": "«-500» no sirve: un pago debe ser mayor que cero (columna monto)",
        "0002": "«0» no sirve: un pago debe ser mayor que cero (columna monto)",
    }
    assert entrada.rechazos["monto"].tolist() == ["-500", "0"]


# 12 ----------------------------------------------------------- números a la española en los mensajes


def test_bomba_de_descompresion_con_miles_a_la_espanola():
    parte = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    parte.file_size = 1500 * 1024**2
    parte.compress_size = parte.file_size // 1007
    with pytest.raises(ErrorArchivo) as error:
        revisar_zip(Path("bomba.xlsx"), [parte])
    assert "ocupa 1.500 MB al descomprimirse (1.007 veces su tamaño)" in error.value.mensaje


def test_pagos_sin_encabezados_no_recomiendan_una_opcion_que_cargar_no_tiene(tmp_path):
    ruta = tmp_path / "pagos.csv"
    ruta.write_text("Pérez, Ana;0001;14/07/2025;1500\nGómez, Luis;0002;15/07/2025;200\n", encoding="utf-8")
    with pytest.raises(ErrorDatos) as error:
        leer_pagos(ruta)
    assert "no tiene fila de encabezados" in error.value.mensaje
    assert "--sin-encabezado" not in error.value.sugerencia
    assert error.value.sugerencia.startswith("Inserte en Excel una fila arriba con los nombres de sus columnas")
