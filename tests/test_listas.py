"""La lista del día: eventos, seguimientos, exclusiones, reglas de contacto, ofertas y capacidad."""

import datetime as dt

import pandas as pd
import pytest

from limonero_cli.estrategia.cargar import estrategia_desde_hojas
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.nucleo.listas import Historial, construir_lista

MARTES = dt.date(2025, 7, 15)
DOMINGO = dt.date(2025, 7, 13)


def estrategia_simple(asesores=None):
    """La estrategia por defecto sin el retador, para que cada deudor temprano caiga en Contención."""
    hojas = hojas_por_defecto()
    hojas["tratamientos"] = hojas["tratamientos"][hojas["tratamientos"]["tratamiento"] != "Contención digital"].copy()
    hojas["tratamientos"].loc[hojas["tratamientos"]["tratamiento"] == "Contención", "proporcion"] = 1.0
    hojas["eventos"] = hojas["eventos"][hojas["eventos"]["tratamiento"] != "Contención digital"]
    if asesores is not None:
        hojas["asesores"] = pd.DataFrame(asesores, columns=["asesor", "nombre", "canales", "capacidad_diaria",
                                                            "tratamientos", "activo"], dtype=object)
    return estrategia_desde_hojas(hojas)


def cartera(*filas):
    """Filas (cuenta, cliente_id, dias_mora, saldo_vencido[, asesor[, pais]])."""
    registros = []
    for fila in filas:
        cuenta, cliente, dias, saldo, *resto = fila
        registros.append(
            {
                "cuenta": cuenta,
                "cliente_id": cliente,
                "nombre": f"Deudor {cliente}",
                "dias_mora": dias,
                "saldo_vencido": float(saldo),
                "asesor": resto[0] if resto else "A01",
                "pais": resto[1] if len(resto) > 1 else "CO",
                "telefono": "3001234567",
                "email": f"deudor{cliente}@ejemplo.com",
                "score": 500.0,
            }
        )
    datos = pd.DataFrame(registros)
    datos["dias_mora"] = datos["dias_mora"].astype("Int64")
    return datos


def historial(tipificaciones=(), pagos=()):
    vacio = Historial.vacio()
    tip = pd.DataFrame(
        list(tipificaciones),
        columns=["cliente_id", "fecha_hora", "asesor", "canal", "codigo", "monto_promesa", "fecha_promesa"],
    )
    tip["fecha_hora"] = pd.to_datetime(tip["fecha_hora"])
    tip["fecha_promesa"] = pd.to_datetime(tip["fecha_promesa"])
    tip["monto_promesa"] = tip["monto_promesa"].astype(float)
    pag = pd.DataFrame(list(pagos), columns=["cliente_id", "fecha", "monto"])
    pag["fecha"] = pd.to_datetime(pag["fecha"])
    pag["monto"] = pag["monto"].astype(float)
    return Historial(tipificaciones=tip if len(tip) else vacio.tipificaciones, pagos=pag if len(pag) else vacio.pagos,
                     asignaciones=vacio.asignaciones)


def test_evento_del_dia_3_lista_al_deudor_y_al_dia_4_no():
    estrategia = estrategia_simple()
    hoy = construir_lista(cartera(("C1", "D1", 3, 100000)), estrategia, Historial.vacio(), MARTES)
    manana = construir_lista(cartera(("C1", "D1", 4, 100000)), estrategia, Historial.vacio(), MARTES)
    assert hoy.filas[["cliente_id", "canal", "motivo", "argumento"]].values.tolist() == [
        ["D1", "llamada", "evento: día 3 de Temprana", "TEM2"]
    ]
    assert hoy.filas["tratamiento"].tolist() == ["Contención"]
    assert hoy.filas["etapa"].tolist() == ["Temprana"]
    assert manana.filas.empty


def test_un_deudor_con_varias_cuentas_es_una_fila_con_la_suma_y_las_notas_credito_restan():
    lista = construir_lista(
        cartera(("C1", "D1", 3, 100000), ("C2", "D1", 1, 50000), ("C3", "D1", 3, -30000)),
        estrategia_simple(),
        Historial.vacio(),
        MARTES,
    )
    assert len(lista.filas) == 1
    fila = lista.filas.iloc[0]
    assert fila["saldo_vencido"] == 120000.0
    assert fila["n_cuentas"] == 3
    assert set(fila["cuentas"].split(", ")) == {"C1", "C2", "C3"}


def test_promesa_que_vence_en_dos_dias_saca_al_deudor_y_la_de_manana_pide_recordatorio():
    estrategia = estrategia_simple()
    ayer = pd.Timestamp(MARTES - dt.timedelta(days=1))
    en_dos_dias = historial([("D1", ayer, "A01", "llamada", "PP", 50000, MARTES + dt.timedelta(days=2))])
    lista = construir_lista(cartera(("C1", "D1", 3, 100000)), estrategia, en_dos_dias, MARTES)
    assert lista.filas.empty
    assert lista.exclusiones["motivo"].tolist() == ["promesa vigente"]

    manana = historial([("D1", ayer, "A01", "llamada", "PP", 50000, MARTES + dt.timedelta(days=1))])
    # en México el recordatorio va por SMS, como dice la ruta de PP
    lista = construir_lista(cartera(("C1", "D1", 3, 100000, "A01", "MX")), estrategia, manana, MARTES)
    assert lista.filas[["canal", "accion", "motivo"]].values.tolist() == [["sms", "recordatorio", "recordatorio de promesa"]]
    # en Colombia (un solo canal por semana) va por el canal que ya se usó esta semana: la llamada
    lista = construir_lista(cartera(("C1", "D1", 3, 100000)), estrategia, manana, MARTES)
    assert lista.filas[["canal", "accion", "motivo"]].values.tolist() == [["llamada", "recordatorio", "recordatorio de promesa"]]


def test_promesa_incumplida_dispara_su_ruta_el_dia_despues_de_la_gracia():
    estrategia = estrategia_simple()
    gracia = estrategia.parametros.dias_gracia
    fecha_promesa = MARTES - dt.timedelta(days=gracia + 1)
    tipificacion = ("D1", pd.Timestamp(fecha_promesa - dt.timedelta(days=3)), "A01", "llamada", "PP", 50000, fecha_promesa)
    lista = construir_lista(cartera(("C1", "D1", 8, 100000)), estrategia, historial([tipificacion]), MARTES)
    assert lista.filas[["canal", "motivo", "argumento"]].values.tolist() == [["llamada", "promesa incumplida", "INC1"]]

    cumplida = historial([tipificacion], pagos=[("D1", fecha_promesa, 50000)])
    lista = construir_lista(cartera(("C1", "D1", 8, 100000)), estrategia, cumplida, MARTES)
    assert lista.filas.empty


def test_ruta_tras_no_contesta_pide_reintento_al_dia_siguiente():
    ayer = pd.Timestamp(MARTES - dt.timedelta(days=1)) + pd.Timedelta(hours=10)
    lista = construir_lista(
        cartera(("C1", "D1", 4, 100000)), estrategia_simple(), historial([("D1", ayer, "A01", "llamada", "NC", None, None)]), MARTES
    )
    assert lista.filas[["canal", "accion", "motivo"]].values.tolist() == [["llamada", "reintentar", "ruta tras NC (reintentar)"]]


def test_deudor_colombiano_contactado_hoy_no_vuelve_a_la_lista_de_hoy():
    hoy_temprano = pd.Timestamp(MARTES) + pd.Timedelta(hours=9)
    lista = construir_lista(
        cartera(("C1", "D1", 3, 100000)),
        estrategia_simple(),
        historial([("D1", hoy_temprano, "A01", "whatsapp", "NC", None, None)]),
        MARTES,
    )
    assert lista.filas.empty
    assert "regla de contacto" in lista.exclusiones["motivo"].iloc[0]


def test_domingo_en_colombia_no_hay_llamadas_pero_en_mexico_si():
    estrategia = estrategia_simple()
    colombia = construir_lista(cartera(("C1", "D1", 3, 100000, "A01", "CO")), estrategia, Historial.vacio(), DOMINGO)
    assert colombia.filas.empty
    assert colombia.exclusiones["motivo"].tolist() == ["día no permitido en su país"]
    festivo = dt.date(2025, 7, 20)  # Día de la Independencia de Colombia (domingo)
    assert festivo.weekday() == 6
    lunes_festivo = dt.date(2025, 6, 30)  # San Pedro y San Pablo, festivo trasladado a lunes
    en_festivo = construir_lista(cartera(("C1", "D1", 3, 100000)), estrategia, Historial.vacio(), lunes_festivo)
    assert en_festivo.filas.empty


def test_chile_una_llamada_por_semana():
    lunes = pd.Timestamp(MARTES - dt.timedelta(days=1)) + pd.Timedelta(hours=10)
    miercoles = MARTES + dt.timedelta(days=1)
    lista = construir_lista(
        cartera(("C1", "D1", 3, 100000, "A01", "CL")),
        estrategia_simple(),
        historial([("D1", lunes, "A01", "llamada", "CT", None, None)]),
        miercoles,
    )
    # la ruta de CT pediría seguimiento, pero ya hubo una llamada esta semana
    assert not lista.filas["canal"].eq("llamada").any()


def test_la_oferta_no_se_adelanta_a_la_etapa_ni_a_la_negociacion():
    estrategia = estrategia_simple()
    sin_negociar = construir_lista(cartera(("C1", "D1", 31, 1000000)), estrategia, Historial.vacio(), MARTES)
    assert sin_negociar.filas["codigo_oferta"].tolist() == ["P0"]
    hace_una_semana = pd.Timestamp(MARTES - dt.timedelta(days=7))
    una_negociacion = historial([("D1", hace_una_semana, "A01", "llamada", "SD", None, None)])
    negociado = construir_lista(cartera(("C1", "D1", 31, 1000000)), estrategia, una_negociacion, MARTES)
    assert negociado.filas["codigo_oferta"].tolist() == ["P2"]  # convenio: desde 31 días, 2.ª negociación, saldo >= 500.000
    poco_saldo = construir_lista(cartera(("C1", "D1", 31, 100000)), estrategia, una_negociacion, MARTES)
    assert poco_saldo.filas["codigo_oferta"].tolist() == ["P1"]


def test_capacidad_del_asesor_se_respeta_y_el_desborde_se_cuenta():
    estrategia = estrategia_simple(asesores=[("A01", "Ana", "llamada", 5, None, "sí")])
    filas = [(f"C{i}", f"D{i}", 3, 100000 + i, "A01") for i in range(8)]
    lista = construir_lista(cartera(*filas), estrategia, Historial.vacio(), MARTES)
    assert len(lista.filas) == 5
    assert len(lista.desbordes) == 3
    assert set(lista.desbordes["motivo_desborde"]) == {"sin capacidad de asesores"}
    # se quedan los de mayor saldo (mayor recuperación esperada)
    assert sorted(lista.filas["cliente_id"]) == [f"D{i}" for i in range(3, 8)]


def test_cada_asesor_conserva_sus_deudores_y_los_sin_asesor_van_a_quien_tiene_lugar():
    estrategia = estrategia_simple(asesores=[("A01", "Ana", "llamada", 2, None, "sí"), ("A02", "Luis", "llamada", 5, None, "sí")])
    filas = [("C1", "D1", 3, 100, "A01"), ("C2", "D2", 3, 100, "A02"), ("C3", "D3", 3, 100, ""), ("C4", "D4", 3, 100, "A01"),
             ("C5", "D5", 3, 100, "A01")]
    lista = construir_lista(cartera(*filas), estrategia, Historial.vacio(), MARTES)
    asesor = dict(zip(lista.filas["cliente_id"], lista.filas["asesor"]))
    assert asesor["D2"] == "A02"
    assert sum(v == "A01" for v in asesor.values()) == 2
    assert asesor["D3"] == "A02"
    assert len(lista.desbordes) == 0


def test_asesor_de_la_cartera_sin_ficha_trabaja_con_capacidad_por_defecto():
    lista = construir_lista(cartera(("C1", "D1", 3, 100000, "VENDEDOR 9")), estrategia_simple(), Historial.vacio(), MARTES)
    assert lista.asesores_sin_ficha == ("VENDEDOR 9",)
    assert lista.filas["asesor"].tolist() == ["VENDEDOR 9"]


@pytest.mark.parametrize("saldo, motivo", [(0, "sin saldo vencido"), (-500, "sin saldo vencido")])
def test_sin_saldo_no_se_contacta(saldo, motivo):
    lista = construir_lista(cartera(("C1", "D1", 3, saldo)), estrategia_simple(), Historial.vacio(), MARTES)
    assert lista.filas.empty
    assert lista.exclusiones["motivo"].tolist() == [motivo]


def test_tipificacion_final_excluye_para_siempre():
    hace_un_mes = pd.Timestamp(MARTES - dt.timedelta(days=30))
    lista = construir_lista(
        cartera(("C1", "D1", 3, 100000)), estrategia_simple(), historial([("D1", hace_un_mes, "A01", "llamada", "NL", None, None)]), MARTES
    )
    assert lista.filas.empty
    assert lista.exclusiones["motivo"].tolist() == ["tipificación final"]


def test_no_contactar_excluye():
    datos = cartera(("C1", "D1", 3, 100000))
    datos["no_contactar"] = True
    lista = construir_lista(datos, estrategia_simple(), Historial.vacio(), MARTES)
    assert lista.filas.empty
    assert lista.exclusiones["motivo"].tolist() == ["no contactar"]


def test_sin_telefono_ni_correo_no_hay_filas_de_esos_canales():
    datos = cartera(("C1", "D1", 3, 100000), ("C2", "D2", 10, 100000))
    datos["telefono"] = None
    datos["email"] = None
    lista = construir_lista(datos, estrategia_simple(), Historial.vacio(), MARTES)
    assert lista.filas.empty  # día 3 era llamada y día 10 correo: ninguno se puede usar
    motivos = dict(zip(lista.exclusiones["cliente_id"], lista.exclusiones["motivo"]))
    assert motivos == {"D1": "sin teléfono para el canal", "D2": "sin correo electrónico"}


def test_deudor_sin_asesor_en_la_cartera_vuelve_con_el_asesor_de_la_lista_anterior():
    estrategia = estrategia_simple(asesores=[("A01", "Ana", "llamada", 50, None, "sí"), ("A02", "Luis", "llamada", 50, None, "sí")])
    previo = Historial.vacio()
    asignaciones = pd.DataFrame({"fecha": pd.to_datetime(["2025-07-10"]), "cliente_id": ["D1"], "asesor": ["A02"],
                                 "canal": ["llamada"]})
    historia = Historial(tipificaciones=previo.tipificaciones, pagos=previo.pagos, asignaciones=asignaciones)
    lista = construir_lista(cartera(("C1", "D1", 3, 100000, "")), estrategia, historia, MARTES)
    assert lista.filas["asesor"].tolist() == ["A02"]


def test_el_resumen_reparte_a_cada_deudor_en_un_solo_grupo():
    """En lista, desborde, excluidos y sin contacto hoy suman los deudores de la cartera, sin contar a nadie dos veces."""
    estrategia = estrategia_simple(asesores=[("A01", "Ana", "llamada", 1, None, "sí")])
    datos = cartera(
        ("C1", "D1", 3, 900000),  # evento del día 3: en la lista
        ("C5", "D5", 3, 100000),  # también, pero A01 ya no tiene lugar: desborde
        ("C2", "D2", 3, 0),  # sin saldo vencido: excluido
        ("C3", "D3", 4, 100000),  # ningún evento cae en el día 4: sin contacto hoy
        ("C4", "D4", 3, 100000),  # sin teléfono para la llamada: excluido
    )
    datos.loc[datos["cliente_id"] == "D4", "telefono"] = None
    lista = construir_lista(datos, estrategia, Historial.vacio(), MARTES)
    cifras = lista.resumen()
    assert lista.filas["cliente_id"].tolist() == ["D1"]
    assert lista.desbordes["cliente_id"].tolist() == ["D5"]
    assert sorted(lista.exclusiones["cliente_id"]) == ["D2", "D4"]
    assert (cifras["deudores"], cifras["deudores_en_lista"], cifras["deudores_desborde"], cifras["excluidos"],
            cifras["sin_contacto_hoy"]) == (5, 1, 1, 2, 1)
    assert cifras["desbordes"] == 1


def test_en_la_cartera_de_ejemplo_los_grupos_del_resumen_suman_los_deudores():
    """Con la cartera de ejemplo hay deudores en la lista por un canal y excluidos en otro (tope diario):
    cuentan en la lista, no como excluidos."""
    from pathlib import Path

    from limonero_cli.hojas.entradas import leer_cartera

    ejemplo = Path(__file__).resolve().parents[1] / "ejemplos" / "cartera_ejemplo.xlsx"
    datos = leer_cartera(ejemplo, columnas={"cliente_id": "Documento Cliente"}).datos
    lista = construir_lista(datos, estrategia_desde_hojas(hojas_por_defecto()), Historial.vacio(),
                            dt.date(2025, 3, 14))
    cifras = lista.resumen()
    en_lista = set(lista.filas["cliente_id"])
    solo_desborde = set(lista.desbordes["cliente_id"]) - en_lista
    excluidos = set(lista.exclusiones["cliente_id"]) - en_lista - solo_desborde
    assert set(lista.exclusiones["cliente_id"]) & en_lista  # el caso que este resumen aclara
    assert cifras["excluidos"] == len(excluidos)
    assert cifras["deudores_en_lista"] == len(en_lista)
    sin_nada = set(datos["cliente_id"]) - en_lista - solo_desborde - excluidos
    assert cifras["sin_contacto_hoy"] == len(sin_nada)
    assert cifras["deudores_desborde"] == len(solo_desborde)
    assert (cifras["deudores_en_lista"] + cifras["deudores_desborde"] + cifras["excluidos"]
            + cifras["sin_contacto_hoy"]) == cifras["deudores"]
