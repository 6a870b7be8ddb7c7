"""Carga y validación del libro de estrategia: la estrategia por defecto y cada tipo de error."""


import pandas as pd
import pytest

from limonero_cli.errores import ErrorArchivo, ErrorEstrategia, ErrorUso
from limonero_cli.estrategia.cargar import estrategia_desde_hojas, estrategia_por_defecto, validar_hojas
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.estrategia.modelo import CAMPOS_CARTERA, NIVELES, PROMESA_INCUMPLIDA, Etapa, Evento
from limonero_cli.hojas.estrategia_xlsx import escribir_estrategia, leer_hojas_estrategia


def errores_de(hojas):
    return [p for p in validar_hojas(hojas, "e.xlsx") if p.gravedad == "error"]


def ubicaciones(hojas):
    return {(p.hoja, p.fila, p.columna) for p in errores_de(hojas)}


# --- la estrategia por defecto ------------------------------------------------------------------


def test_la_estrategia_por_defecto_valida_sin_errores_ni_avisos():
    assert validar_hojas(hojas_por_defecto()) == []


def test_la_estrategia_por_defecto_es_completa_y_coherente():
    e = estrategia_por_defecto()
    assert e.parametros.pais == "CO" and e.parametros.dia_primero is True
    assert [c for c in CAMPOS_CARTERA] == list(hojas_por_defecto()["columnas"]["campo"])
    assert e.columnas == {}
    assert {t.nivel for t in e.tipificaciones} == set(NIVELES)
    assert 14 <= len(e.tipificaciones) <= 18
    codigos_ruta = {r.codigo for r in e.rutas}
    assert codigos_ruta == {t.codigo for t in e.tipificaciones} | {PROMESA_INCUMPLIDA}
    assert {"llamada", "sms", "whatsapp", "email", "carta"} <= {c.canal for c in e.canales}
    assert {ev.canal for ev in e.eventos} >= {"llamada", "sms", "whatsapp", "email", "carta"}
    assert any(ev.cada for ev in e.eventos) and any(ev.dia is not None and ev.dia < 0 for ev in e.eventos)
    assert [p.codigo for p in e.productos] == ["P0", "P1", "P2", "P3", "P4"]
    assert [p.desde_dias_mora for p in e.productos] == sorted(p.desde_dias_mora for p in e.productos)
    assert {r.pais for r in e.reglas_contacto} == {"CO", "MX", "PE", "CL"}
    assert 3 <= len(e.asesores) <= 5
    # un solo segmento con campeón/retador, que suma 1
    divididos = [s for s in {t.segmento for t in e.tratamientos} if len(e.tratamientos_de(s)) > 1]
    assert divididos == ["Temprano"]
    assert [(t.variante, t.proporcion) for t in e.tratamientos_de("Temprano")] == [("A", 0.8), ("B", 0.2)]
    for t in e.tratamientos:
        assert t.hipotesis and all(
            0 < getattr(t, m) <= 1
            for m in ("meta_cobertura", "meta_contacto", "meta_promesa", "meta_cumplimiento", "meta_recuperacion")
        )
        etapas = e.etapas_de(t.tratamiento)
        assert [x.etapa for x in etapas] == ["Preventiva", "Temprana", "Media", "Tardía", "Recuperación"]
        for a, b in zip(etapas, etapas[1:]):
            assert b.desde == a.hasta + 1
        assert etapas[-1].hasta is None
    for ev in e.eventos:
        assert e.argumento(ev.argumento) is not None and e.canal(ev.canal) is not None


def test_reglas_de_contacto_por_pais():
    e = estrategia_por_defecto()
    co, mx, pe, cl = (e.regla_contacto(p) for p in ("CO", "mx", "PE", "CL"))
    assert co.dias_semana == (0, 1, 2, 3, 4, 5) and co.horario(5) == (8, 15) and co.horario(6) is None
    assert co.horario(0) == (7, 19) and co.max_por_dia == 1 and co.un_canal_por_semana and not co.festivos_permitidos
    assert "2300" in co.notas
    assert mx.solo_titular and (mx.hora_inicio, mx.hora_fin) == (7, 22)
    assert pe.dias_semana == (0, 1, 2, 3, 4) and (pe.hora_inicio, pe.hora_fin) == (7, 20)
    assert (cl.max_llamadas_semana, cl.max_mensajes_semana, cl.dias_entre_mensajes) == (1, 2, 2)


def test_ayudas_del_modelo():
    e = estrategia_por_defecto()
    assert e.tipificacion(" pp ").nivel == "promesa" and e.tipificacion("ZZ") is None
    assert e.canal("WhatsApp").tipo == "masivo"
    assert e.etapa_de("Contención", 45).etapa == "Media" and e.etapa_de("Contención", -9) is None
    catalogo = e.catalogo()
    assert list(catalogo.columns) == ["codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final", "peso"]
    assert catalogo.set_index("codigo").loc["PP", "requiere_monto"]
    assert [ev.dia for ev in e.eventos_del_dia("Contención", 3)] == [3]
    assert {ev.cada for ev in e.eventos_del_dia("Contención", 11)} == {5}
    assert [p.codigo for p in e.productos_disponibles(31, 2)] == ["P0", "P1", "P2"]


def test_ida_y_vuelta_por_xlsx_da_la_misma_estrategia(tmp_path):
    ruta = tmp_path / "estrategia.xlsx"
    escribir_estrategia(ruta, hojas_por_defecto())
    hojas = leer_hojas_estrategia(ruta)
    assert list(hojas) == list(hojas_por_defecto())
    assert estrategia_desde_hojas(hojas, str(ruta)) == estrategia_por_defecto()
    with pytest.raises(ErrorUso, match="ya existe"):
        escribir_estrategia(ruta, hojas_por_defecto())
    escribir_estrategia(ruta, hojas_por_defecto(), sobrescribir=True)


def test_el_libro_escrito_tiene_leeme_primero_y_celdas_seguras(tmp_path):
    import openpyxl

    ruta = tmp_path / "estrategia.xlsx"
    escribir_estrategia(ruta, hojas_por_defecto())
    libro = openpyxl.load_workbook(ruta)
    assert libro.sheetnames[0] == "LEEME"
    hoja = libro["segmentos"]
    assert hoja.freeze_panes == "A2" and hoja.auto_filter.ref
    valores = [c.value for fila in hoja.iter_rows() for c in fila]
    assert "-" in valores and not any(isinstance(v, str) and v.startswith("=") for v in valores)
    assert hoja["C2"].quotePrefix if hoja["C2"].value == "-" else True


def test_archivo_inexistente_o_danado(tmp_path):
    with pytest.raises(ErrorArchivo, match="No se encuentra el libro de estrategia"):
        leer_hojas_estrategia(tmp_path / "no_esta.xlsx")
    malo = tmp_path / "malo.xlsx"
    malo.write_bytes(b"esto no es un zip")
    with pytest.raises(ErrorArchivo, match="no es un libro de Excel"):
        leer_hojas_estrategia(malo)
    with pytest.raises(ErrorArchivo, match="bloqueo"):
        leer_hojas_estrategia(tmp_path / "~$estrategia.xlsx")


# --- cada error con hoja, fila y columna ----------------------------------------------------------


def test_falta_una_hoja_y_una_columna():
    hojas = hojas_por_defecto()
    del hojas["rutas"]
    hojas["canales"] = hojas["canales"].drop(columns=["tipo"])
    with pytest.raises(ErrorEstrategia) as error:
        estrategia_desde_hojas(hojas, "e.xlsx")
    lugares = {(p.hoja, p.fila, p.columna) for p in error.value.problemas if p.gravedad == "error"}
    assert ("rutas", None, None) in lugares
    assert ("canales", 1, "tipo") in lugares
    assert "e.xlsx" in error.value.mensaje and all(p.archivo == "e.xlsx" for p in error.value.problemas)


def test_encabezados_con_tildes_y_mayusculas_se_reconocen():
    hojas = hojas_por_defecto()
    hojas["Tratamientos"] = hojas.pop("tratamientos").rename(columns={"hipotesis": "Hipótesis", "proporcion": "Proporción"})
    assert estrategia_desde_hojas(hojas) == estrategia_por_defecto()


def test_prueba_mal_escrita_en_segmentos():
    hojas = hojas_por_defecto()
    hojas["segmentos"].loc[3, "dias_mora"] = "[1..60"
    hojas["segmentos"].loc[0, "score"] = "alto"
    lugares = ubicaciones(hojas)
    assert ("segmentos", 5, "dias_mora") in lugares
    assert ("segmentos", 2, "score") in lugares


def test_campo_desconocido_en_segmentos_es_solo_aviso():
    hojas = hojas_por_defecto()
    hojas["segmentos"]["ciudad"] = ["-", "-", "-", "Bogotá, Medellín", "-", "-"]
    problemas = validar_hojas(hojas)
    assert [(p.gravedad, p.hoja, p.columna) for p in problemas] == [("aviso", "segmentos", "ciudad")]
    e = estrategia_desde_hojas(hojas)
    assert ("ciudad", "Bogotá, Medellín") in e.segmentos[3].pruebas and e.avisos


def test_etapas_que_se_traslapan_o_dejan_hueco():
    hojas = hojas_por_defecto()
    hojas["etapas"].loc[1, "desde"] = 0  # Temprana desde 0: se traslapa con Preventiva (-5..0)
    hojas["etapas"].loc[3, "desde"] = 95  # Tardía desde 95: hueco 91..94
    errores = errores_de(hojas)
    assert {(p.hoja, p.fila, p.columna) for p in errores} == {("etapas", 3, "desde"), ("etapas", 5, "desde")}
    hueco = next(p for p in errores if p.fila == 5)
    assert "91 a 94" in hueco.mensaje


def test_etapa_que_termina_antes_de_empezar_y_dias_no_numericos():
    hojas = hojas_por_defecto()
    hojas["etapas"].loc[2, "hasta"] = 20
    hojas["etapas"].loc[4, "desde"] = "ciento ochenta"
    lugares = ubicaciones(hojas)
    assert ("etapas", 4, "hasta") in lugares and ("etapas", 6, "desde") in lugares


def test_eventos_con_referencias_desconocidas():
    hojas = hojas_por_defecto()
    ev = hojas["eventos"]
    ev.loc[0, "canal"] = "telegrama"
    ev.loc[1, "argumento"] = "XX9"
    ev.loc[2, "producto"] = "P9"
    ev.loc[3, "etapa"] = "Eterna"
    ev.loc[4, "tratamiento"] = "Magia"
    ev.loc[5, "dia"] = 45  # Temprana es 1..30
    ev.loc[6, "dia"] = "cada dos"
    ev.loc[7, "prioridad"] = "alta"
    assert ubicaciones(hojas) == {
        ("eventos", 2, "canal"),
        ("eventos", 3, "argumento"),
        ("eventos", 4, "producto"),
        ("eventos", 5, "etapa"),
        ("eventos", 6, "tratamiento"),
        ("eventos", 7, "dia"),
        ("eventos", 8, "dia"),
        ("eventos", 9, "prioridad"),
    }


def test_cada_n_y_dia_negativo_se_leen():
    e = estrategia_por_defecto()
    assert Evento("Contención", "Temprana", "llamada", "Seguimiento", "TEM3", None, 5, None, 3) in e.eventos
    assert any(ev.dia == -5 and ev.canal == "email" for ev in e.eventos)


def test_rutas_a_ninguna_parte():
    hojas = hojas_por_defecto()
    rutas = hojas["rutas"]
    rutas.loc[0, "codigo"] = "QQ"  # código que no existe
    rutas.loc[1, "canal"] = None  # cambiar_canal sin canal
    rutas.loc[2, "accion"] = "rezar"
    rutas.loc[4, "en_dias"] = None  # volver_a_llamar sin días
    rutas.loc[5, "argumento"] = "NADA"
    rutas.loc[6, "codigo"] = "TI"  # repetida
    lugares = ubicaciones(hojas)
    assert lugares == {
        ("rutas", 2, "codigo"),
        ("rutas", 3, "canal"),
        ("rutas", 4, "accion"),
        ("rutas", 6, "en_dias"),
        ("rutas", 7, "argumento"),
        ("rutas", 8, "codigo"),
    }


def test_niveles_y_logicos_invalidos_en_tipificaciones():
    hojas = hojas_por_defecto()
    hojas["tipificaciones"].loc[0, "nivel"] = "contactado"
    hojas["tipificaciones"].loc[1, "final"] = "tal vez"
    hojas["tipificaciones"].loc[2, "codigo"] = "NC"
    lugares = ubicaciones(hojas)
    assert {("tipificaciones", 2, "nivel"), ("tipificaciones", 3, "final"), ("tipificaciones", 4, "codigo")} <= lugares


def test_niveles_escritos_a_mano_se_normalizan():
    hojas = hojas_por_defecto()
    hojas["tipificaciones"].loc[0, "nivel"] = "Sin contacto"
    hojas["tipificaciones"].loc[11, "nivel"] = "Negociación"
    assert estrategia_desde_hojas(hojas) == estrategia_por_defecto()


def test_capacidades_que_no_son_numeros():
    hojas = hojas_por_defecto()
    hojas["canales"].loc[0, "capacidad_diaria"] = "muchas"
    hojas["asesores"].loc[1, "capacidad_diaria"] = "120 llamadas"
    hojas["canales"].loc[2, "tipo"] = "robot"
    lugares = ubicaciones(hojas)
    assert ("canales", 2, "capacidad_diaria") in lugares
    assert ("asesores", 3, "capacidad_diaria") in lugares
    assert ("canales", 4, "tipo") in lugares


def test_asesores_con_canal_o_tratamiento_desconocido():
    hojas = hojas_por_defecto()
    hojas["asesores"].loc[0, "canales"] = "llamada, paloma"
    hojas["asesores"].loc[2, "tratamientos"] = "Negociación personal, Hechizo"
    assert ubicaciones(hojas) == {("asesores", 2, "canales"), ("asesores", 4, "tratamientos")}


def test_proporciones_que_no_suman_uno_y_segmento_sin_tratamiento():
    hojas = hojas_por_defecto()
    hojas["tratamientos"].loc[4, "proporcion"] = 0.3
    hojas["tratamientos"] = hojas["tratamientos"].drop(index=0).reset_index(drop=True)  # Olvidadizo sin tratamiento
    errores = errores_de(hojas)
    lugares = {(p.hoja, p.fila, p.columna) for p in errores}
    assert ("tratamientos", 4, "proporcion") in lugares
    assert ("segmentos", 2, "segmento") in lugares
    suma = next(p for p in errores if p.columna == "proporcion")
    assert "110 %" in suma.mensaje


def test_porcentajes_escritos_de_varias_formas():
    hojas = hojas_por_defecto()
    hojas["tratamientos"].loc[3, "proporcion"] = "80 %"
    hojas["tratamientos"].loc[4, "proporcion"] = 20
    hojas["tratamientos"].loc[0, "meta_contacto"] = "0,6"
    assert estrategia_desde_hojas(hojas) == estrategia_por_defecto()


def test_tratamiento_de_un_segmento_inexistente_y_etapa_de_tratamiento_inexistente():
    hojas = hojas_por_defecto()
    hojas["tratamientos"].loc[0, "segmento"] = "Fantasma"
    hojas["etapas"].loc[0, "tratamiento"] = "Nadie"
    lugares = ubicaciones(hojas)
    assert ("tratamientos", 2, "segmento") in lugares and ("etapas", 2, "tratamiento") in lugares


def test_argumentos_productos_y_reglas_invalidas():
    hojas = hojas_por_defecto()
    hojas["argumentos"].loc[0, "situacion"] = "enojo"
    hojas["productos"].loc[2, "condicion"] = "saldo_vencido >=abc"
    hojas["productos"].loc[3, "desde_negociacion"] = "tercera"
    hojas["reglas_contacto"].loc[0, "dias_semana"] = "lunes a feriado"
    hojas["reglas_contacto"].loc[1, "hora_fin"] = 5
    hojas["parametros"].loc[5, "valor"] = "Marte/Olympus"
    lugares = ubicaciones(hojas)
    assert {
        ("argumentos", 2, "situacion"),
        ("productos", 4, "condicion"),
        ("productos", 5, "desde_negociacion"),
        ("reglas_contacto", 2, "dias_semana"),
        ("reglas_contacto", 3, "hora_fin"),
        ("parametros", 7, "valor"),
    } <= lugares


def test_filas_en_blanco_no_cuentan_y_numeros_de_fila_son_los_de_excel():
    hojas = hojas_por_defecto()
    eventos = hojas["eventos"]
    vacia = pd.DataFrame([[None] * len(eventos.columns)], columns=eventos.columns)
    hojas["eventos"] = pd.concat([eventos.iloc[:2], vacia, eventos.iloc[2:]], ignore_index=True)
    hojas["eventos"].loc[3, "canal"] = "fax"
    assert ubicaciones(hojas) == {("eventos", 5, "canal")}


def test_columnas_usuario():
    hojas = hojas_por_defecto()
    c = hojas["columnas"]
    c.loc[c["campo"] == "cuenta", "encabezado"] = "Serie + Número"
    c.loc[c["campo"] == "dias_mora", "encabezado"] = "DIAS_VENCIDO"
    e = estrategia_desde_hojas(hojas)
    assert e.columnas == {"cuenta": "Serie + Número", "dias_mora": "DIAS_VENCIDO"}
    c.loc[c["campo"] == "asesor", "encabezado"] = "A + "
    assert ("columnas", 2 + CAMPOS_CARTERA.index("asesor"), "encabezado") in ubicaciones(hojas)


def test_etapas_propias_de_un_tratamiento_reemplazan_las_de_todos():
    hojas = hojas_por_defecto()
    propias = pd.DataFrame(
        [["Recuperación", "Única", 181, None], ["Recuperación", "Antes", -1000, 180]], columns=hojas["etapas"].columns
    )
    hojas["etapas"] = pd.concat([hojas["etapas"], propias], ignore_index=True)
    hojas["eventos"]["etapa"] = hojas["eventos"].apply(
        lambda f: "Única" if f["tratamiento"] == "Recuperación" else f["etapa"], axis=1
    )
    e = estrategia_desde_hojas(hojas)
    assert e.etapas_de("Recuperación") == (Etapa("Recuperación", "Antes", -1000, 180), Etapa("Recuperación", "Única", 181, None))
    assert len(e.etapas_de("Solución")) == 5


def test_mensaje_de_error_completo_en_espanol():
    hojas = hojas_por_defecto()
    hojas["canales"].loc[0, "capacidad_diaria"] = "muchas"
    with pytest.raises(ErrorEstrategia) as error:
        estrategia_desde_hojas(hojas, "estrategia.xlsx")
    texto = [p.como_texto() for p in error.value.problemas if p.gravedad == "error"]
    assert "estrategia.xlsx, hoja «canales», fila 2, columna «capacidad_diaria»: «muchas» no es un número entero" in texto[0]
    assert "1 error" in error.value.mensaje
