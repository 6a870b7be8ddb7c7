"""El motor de tratamientos, regla por regla: eventos, promesas, argumentos, productos, reglas de contacto,
capacidad y campeón/retador. Cada prueba es una tabla: deudor + bitácora + fecha → lo que debe salir."""

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from limonero_cli.estrategia.cargar import estrategia_desde_hojas
from limonero_cli.estrategia.defecto import hojas_por_defecto
from limonero_cli.nucleo.listas import COLUMNAS_LISTA, Historial, construir_lista, filas_para_bitacora
from limonero_cli.nucleo.segmentacion import segmentar

LUNES = dt.date(2025, 7, 14)
MARTES = dt.date(2025, 7, 15)
MIERCOLES = dt.date(2025, 7, 16)
JUEVES = dt.date(2025, 7, 17)
VIERNES = dt.date(2025, 7, 18)
SABADO = dt.date(2025, 7, 19)
DOMINGO = dt.date(2025, 7, 13)
FESTIVO_CO = dt.date(2025, 3, 24)  # San José, trasladado a lunes


def estrategia(cambios=None):
    """La estrategia por defecto sin el retador (cada deudor temprano cae en Contención)."""
    hojas = hojas_por_defecto()
    hojas["tratamientos"] = hojas["tratamientos"][hojas["tratamientos"]["tratamiento"] != "Contención digital"].copy()
    hojas["tratamientos"].loc[hojas["tratamientos"]["tratamiento"] == "Contención", "proporcion"] = 1.0
    hojas["eventos"] = hojas["eventos"][hojas["eventos"]["tratamiento"] != "Contención digital"]
    if cambios:
        cambios(hojas)
    return estrategia_desde_hojas(hojas)


ESTRATEGIA = estrategia()


def cartera(*filas):
    """Filas (cliente_id, dias_mora, saldo_vencido[, pais[, asesor]]); una cuenta por deudor."""
    registros = []
    for cliente, dias, saldo, *resto in filas:
        registros.append(
            {
                "cuenta": f"C-{cliente}",
                "cliente_id": cliente,
                "nombre": f"Deudor {cliente}",
                "dias_mora": dias,
                "saldo_vencido": float(saldo),
                "pais": resto[0] if resto else "CO",
                "asesor": resto[1] if len(resto) > 1 else "A01",
                "telefono": "3001234567",
                "email": f"deudor{cliente}@ejemplo.com",
                "score": 500.0,
            }
        )
    datos = pd.DataFrame(registros)
    datos["dias_mora"] = datos["dias_mora"].astype("Int64")
    return datos


def historial(tipificaciones=(), pagos=(), asignaciones=()):
    """Tipificaciones (cliente, fecha_hora, canal, codigo[, monto, fecha_promesa]); pagos (cliente, fecha, monto);
    asignaciones (fecha, cliente, canal)."""
    vacio = Historial.vacio()
    tip = pd.DataFrame(
        [
            {
                "cliente_id": t[0],
                "fecha_hora": pd.Timestamp(t[1]),
                "asesor": "A01",
                "canal": t[2],
                "codigo": t[3],
                "monto_promesa": float(t[4]) if len(t) > 4 else np.nan,
                "fecha_promesa": pd.Timestamp(t[5]) if len(t) > 5 else pd.NaT,
            }
            for t in tipificaciones
        ],
        columns=list(vacio.tipificaciones.columns),
    )
    tip = tip.astype({"fecha_hora": "datetime64[ns]", "fecha_promesa": "datetime64[ns]", "monto_promesa": float})
    pag = pd.DataFrame(list(pagos), columns=["cliente_id", "fecha", "monto"]).astype(
        {"fecha": "datetime64[ns]", "monto": float}
    )
    asig = pd.DataFrame(
        [{"fecha": pd.Timestamp(f), "cliente_id": c, "asesor": None, "canal": canal} for f, c, canal in asignaciones],
        columns=["fecha", "cliente_id", "asesor", "canal"],
    ).astype({"fecha": "datetime64[ns]"})
    return Historial(
        tipificaciones=tip if len(tip) else vacio.tipificaciones,
        pagos=pag if len(pag) else vacio.pagos,
        asignaciones=asig if len(asig) else vacio.asignaciones,
    )


def en_lote(casos, estrategia_=None):
    """Resuelve varios casos (cartera de un deudor «D1», historial, fecha) con una lista por fecha.

    Los deudores no se influyen entre sí (salvo por capacidad, que aquí sobra): cada caso
    pasa a ser el deudor «D1#i» y las listas del mismo día se arman juntas, para que la
    tabla entera cueste unas pocas llamadas a ``construir_lista``.
    """
    estrategia_ = estrategia_ or ESTRATEGIA
    por_fecha = {}
    for i, (datos, hist, fecha) in enumerate(casos):
        por_fecha.setdefault(fecha, []).append((i, datos, hist))
    resultados = {}
    for fecha, grupo in por_fecha.items():
        def renombrar(tabla, i):
            tabla = tabla.copy()
            tabla["cliente_id"] = tabla["cliente_id"].astype(object).map(lambda c: f"{c}#{i}")
            return tabla

        carteras = [renombrar(d, i).assign(cuenta=lambda t: t["cliente_id"]) for i, d, _ in grupo]
        hist = Historial(
            tipificaciones=pd.concat([renombrar(h.tipificaciones, i) for i, _, h in grupo], ignore_index=True),
            pagos=pd.concat([renombrar(h.pagos, i) for i, _, h in grupo], ignore_index=True),
            asignaciones=pd.concat([renombrar(h.asignaciones, i) for i, _, h in grupo], ignore_index=True),
        )
        lista = construir_lista(pd.concat(carteras, ignore_index=True), estrategia_, hist, fecha)
        for i, _, _ in grupo:
            def del_caso(tabla):
                propias = tabla[tabla["cliente_id"].astype(str).str.endswith(f"#{i}")].copy()
                propias["cliente_id"] = propias["cliente_id"].str.rsplit("#", n=1).str[0]
                return propias.reset_index(drop=True)

            resultados[i] = SimpleNamespace(filas=del_caso(lista.filas), exclusiones=del_caso(lista.exclusiones),
                                            desbordes=del_caso(lista.desbordes))
    return [resultados[i] for i in range(len(casos))]


def tabla_en_lote(casos, armar):
    """Decorador de pruebas por tabla: calcula todos los casos juntos una sola vez."""
    memoria = {}

    def resultado(i):
        if "todo" not in memoria:
            memoria["todo"] = en_lote([armar(*caso) for caso in casos])
        return memoria["todo"][i]

    return resultado


def a_las(fecha, hora=10):
    return pd.Timestamp(fecha) + pd.Timedelta(hours=hora)


def filas_de(lista, *columnas):
    return sorted(lista.filas[list(columnas)].itertuples(index=False, name=None))


# --- eventos ------------------------------------------------------------------------------------


CASOS_EVENTOS = [  # "dias, pais, esperado"
        (3, "CO", [("llamada", "evento: día 3 de Temprana")]),
        (4, "CO", []),
        (6, "CO", [("llamada", "evento: cada 5 días en Temprana")]),  # 1.º día de la etapa + 5
        (11, "CO", [("llamada", "evento: cada 5 días en Temprana")]),
        (10, "CO", [("email", "evento: día 10 de Temprana")]),
        (35, "CO", [("llamada", "evento: cada 4 días en Media")]),  # Media empieza el 31
        (34, "CO", []),
        (-2, "CO", [("sms", "evento: día -2 de Preventiva")]),  # preventivo: antes del vencimiento
        (-5, "CO", [("email", "evento: día -5 de Preventiva")]),
        (-4, "CO", []),
        # día 1: aviso por SMS y la llamada «cada 5» (primer día de la etapa); en México van los dos
        (1, "MX", [("llamada", "evento: cada 5 días en Temprana"), ("sms", "evento: día 1 de Temprana")]),
        # en Colombia, un contacto al día: queda el de mayor prioridad (la llamada, prioridad 3 < 4)
        (1, "CO", [("llamada", "evento: cada 5 días en Temprana")]),
]


@pytest.mark.parametrize("i", range(len(CASOS_EVENTOS)))
def test_eventos_por_dia_de_mora(i):
    dias, pais, esperado = CASOS_EVENTOS[i]
    assert filas_de(_eventos(i), "canal", "motivo") == esperado


_eventos = tabla_en_lote(
    CASOS_EVENTOS, lambda dias, pais, _: (cartera(("D1", dias, 100000, pais)), Historial.vacio(), MARTES)
)


def test_el_evento_del_dia_3_lista_el_dia_3_y_no_el_4():
    hoy = construir_lista(cartera(("D1", 3, 100000)), ESTRATEGIA, Historial.vacio(), MARTES)
    manana = construir_lista(cartera(("D1", 4, 100000)), ESTRATEGIA, Historial.vacio(), MIERCOLES)
    assert filas_de(hoy, "cliente_id", "accion") == [("D1", "Gestión")]
    assert manana.filas.empty


def test_columna_horario_va_despues_de_canal():
    assert COLUMNAS_LISTA.index("horario") == COLUMNAS_LISTA.index("canal") + 1
    lista = construir_lista(cartera(("D1", 3, 100000)), ESTRATEGIA, Historial.vacio(), MARTES)
    assert set(COLUMNAS_LISTA) <= set(lista.filas.columns)


# --- promesas -----------------------------------------------------------------------------------


GRACIA = ESTRATEGIA.parametros.dias_gracia


CASOS_PROMESAS = [  # "vence_en, pagado, esperado, excluido"
        (2, 0, [], "promesa vigente"),  # vence en dos días: fuera de la lista
        (5, 0, [], "promesa vigente"),
        (0, 0, [], "promesa vigente"),  # vence hoy: aún vigente
        (1, 0, [("sms", "recordatorio", "recordatorio de promesa", "PRM1")], None),  # vence mañana
        (-1, 0, [("llamada", "verificar pago", "verificación de promesa", "VER1")], None),  # venció ayer
        (-1, 50000, [], None),  # venció ayer y se cumplió: nada que verificar
        (-(GRACIA + 1), 0, [("llamada", "seguimiento", "promesa incumplida", "INC1")], None),  # rota ayer
        (-(GRACIA + 2), 0, [("llamada", "seguimiento", "promesa incumplida", "INC1")], None),  # sigue pendiente
        (-(GRACIA + 1), 50000, [], None),  # cumplida: sin ruta
]


def _caso_promesa(vence_en, pagado, _esperado, _excluido):
    fecha_promesa = MARTES + dt.timedelta(days=vence_en)
    hecha = a_las(min(MARTES - dt.timedelta(days=1), fecha_promesa - dt.timedelta(days=1)))
    pagos = [("D1", fecha_promesa, pagado)] if pagado else []
    hist = historial([("D1", hecha, "llamada", "PP", 50000, fecha_promesa)], pagos)
    # México: sin tope diario ni canal único, para ver la fila tal como la pide la ruta; día 4: sin eventos
    return cartera(("D1", 4, 100000, "MX")), hist, MARTES


_promesas = tabla_en_lote(CASOS_PROMESAS, _caso_promesa)


@pytest.mark.parametrize("i", range(len(CASOS_PROMESAS)))
def test_promesas(i):
    _, _, esperado, excluido = CASOS_PROMESAS[i]
    lista = _promesas(i)
    assert filas_de(lista, "canal", "accion", "motivo", "argumento") == esperado
    if excluido:
        assert lista.exclusiones["motivo"].tolist() == [excluido]


def test_la_promesa_vigente_deja_fuera_los_eventos_pero_no_el_recordatorio():
    hist = historial([("D1", a_las(LUNES), "llamada", "PP", 50000, MIERCOLES)])
    # día 3: tocaría la llamada del evento, pero la promesa vence mañana: solo el recordatorio
    lista = construir_lista(cartera(("D1", 3, 100000, "MX")), ESTRATEGIA, hist, MARTES)
    assert filas_de(lista, "motivo") == [("recordatorio de promesa",)]


# --- argumentos ---------------------------------------------------------------------------------


CASOS_ARGUMENTOS = [  # "dias, tipificaciones, esperado"
        # primer contacto: nada en la bitácora; el evento trae TEM2 (primer_contacto): se respeta
        (3, [], [("evento: día 3 de Temprana", "primer_contacto", "TEM2")]),
        # el evento «cada 5» trae TEM3 (seguimiento), pero es el primer contacto: TEM1 (primer_contacto, Temprana)
        (6, [], [("evento: cada 5 días en Temprana", "primer_contacto", "TEM1")]),
        # con un contacto anterior (cuya ruta ya pasó) es seguimiento: TEM3
        (6, [("D1", a_las(MARTES - dt.timedelta(days=12)), "llamada", "CT")],
         [("evento: cada 5 días en Temprana", "seguimiento", "TEM3")]),
        # la ruta de NC no trae argumento: el de seguimiento de la etapa
        (4, [("D1", a_las(LUNES), "llamada", "NC")], [("ruta tras NC (reintentar)", "seguimiento", "TEM3")]),
        # tras una objeción (sin dinero) su argumento, OBJ_SD
        (4, [("D1", a_las(MARTES - dt.timedelta(days=2)), "llamada", "SD")],
         [("ruta tras SD (ofrecer producto)", "objecion", "OBJ_SD")]),
        # el evento de un deudor con objeción también usa el argumento de la objeción
        (6, [("D1", a_las(MARTES - dt.timedelta(days=12)), "llamada", "RP")],
         [("evento: cada 5 días en Temprana", "objecion", "OBJ_RP")]),
        # en Media, el primer contacto es MED1
        (35, [], [("evento: cada 4 días en Media", "primer_contacto", "MED1")]),
]


_argumentos = tabla_en_lote(
    CASOS_ARGUMENTOS, lambda dias, tip, _: (cartera(("D1", dias, 100000, "MX")), historial(tip), MARTES)
)


@pytest.mark.parametrize("i", range(len(CASOS_ARGUMENTOS)))
def test_argumento_por_situacion_y_etapa(i):
    _, _, esperado = CASOS_ARGUMENTOS[i]
    lista = _argumentos(i)
    assert filas_de(lista, "motivo", "situacion", "argumento") == esperado
    textos = {a.codigo: a.texto for a in ESTRATEGIA.argumentos}
    assert lista.filas["texto_argumento"].tolist() == [textos[esperado[0][2]]]


def test_tras_una_promesa_rota_el_evento_usa_el_argumento_de_incumplimiento():
    fecha_promesa = MARTES - dt.timedelta(days=GRACIA + 10)
    hist = historial([("D1", a_las(fecha_promesa - dt.timedelta(days=2)), "llamada", "PP", 50000, fecha_promesa)])
    # la ruta de promesa incumplida ya pasó su ventana, pero nadie gestionó: la situación sigue
    lista = construir_lista(cartera(("D1", 11, 100000, "MX")), ESTRATEGIA, hist, MARTES)
    assert filas_de(lista, "motivo", "argumento") == [("evento: cada 5 días en Temprana", "INC1")]
    # con la ruta aún pendiente, la fila es la de la ruta (el mismo canal no se repite)
    fecha_promesa = MARTES - dt.timedelta(days=GRACIA + 3)
    hist = historial([("D1", a_las(fecha_promesa - dt.timedelta(days=2)), "llamada", "PP", 50000, fecha_promesa)])
    lista = construir_lista(cartera(("D1", 11, 100000, "MX")), ESTRATEGIA, hist, MARTES)
    assert filas_de(lista, "motivo", "argumento") == [("promesa incumplida", "INC1")]


def test_sin_argumento_de_verificacion_se_usa_el_de_recordatorio():
    def sin_ver1(hojas):
        hojas["argumentos"] = hojas["argumentos"][hojas["argumentos"]["codigo"] != "VER1"]

    fecha_promesa = MARTES - dt.timedelta(days=1)
    hist = historial([("D1", a_las(LUNES - dt.timedelta(days=3)), "llamada", "PP", 50000, fecha_promesa)])
    lista = construir_lista(cartera(("D1", 4, 100000, "MX")), estrategia(sin_ver1), hist, MARTES)
    assert lista.filas["argumento"].tolist() == ["PRM1"]


# --- productos ----------------------------------------------------------------------------------


CASOS_PRODUCTOS = [  # "dias, negociaciones_previas, saldo, producto"
        (3, 0, 100000, "P0"),  # desde el día 1 y la 1.ª negociación
        (20, 0, 100000, "P0"),  # P1 pide la 2.ª negociación
        (20, 1, 100000, "P1"),
        (10, 1, 100000, "P0"),  # P1 pide 15 días de mora
        (31, 1, 1000000, "P2"),  # convenio: 31 días, 2.ª negociación y saldo >= 500.000
        (31, 1, 100000, "P1"),  # sin el saldo del convenio
        (70, 1, 1000000, "P2"),  # P3 pide la 3.ª negociación
        (70, 2, 1000000, "P3"),
        (200, 0, 100000, "P0"),  # P4 pide la 2.ª negociación
        (200, 1, 100000, "P4"),
]


def _caso_producto(dias, negociaciones_previas, saldo, _):
    # negociaciones anteriores (SD, nivel negociación) hace semanas; ayer un NC, cuya ruta da la fila de hoy
    anteriores = [("D1", a_las(MARTES - dt.timedelta(days=20 + k)), "llamada", "SD") for k in range(negociaciones_previas)]
    anteriores.append(("D1", a_las(LUNES), "llamada", "NC"))
    return cartera(("D1", dias, saldo, "MX")), historial(anteriores), MARTES


_productos = tabla_en_lote(CASOS_PRODUCTOS, _caso_producto)


@pytest.mark.parametrize("i", range(len(CASOS_PRODUCTOS)))
def test_el_producto_nunca_se_adelanta_a_su_etapa_ni_a_su_negociacion(i):
    producto = CASOS_PRODUCTOS[i][-1]
    lista = _productos(i)
    assert len(lista.filas) >= 1
    assert set(lista.filas["codigo_oferta"]) == {producto}


def test_antes_del_vencimiento_no_hay_producto():
    lista = construir_lista(cartera(("D1", -2, 100000)), ESTRATEGIA, Historial.vacio(), MARTES)
    assert lista.filas["codigo_oferta"].isna().all()


# --- reglas de contacto -------------------------------------------------------------------------


CASOS_REGLAS = [  # "pais, dias, hist, fecha, esperado, motivo"
        # Colombia: contactado hoy (por cualquier canal) no vuelve a la lista de hoy
        ("CO", 3, historial([("D1", a_las(MARTES, 9), "whatsapp", "NC")]), MARTES, [], "tope de contactos por día"),
        # Colombia: un solo canal por semana; el lunes fue SMS, el evento del miércoles es una llamada
        ("CO", 3, historial(asignaciones=[(LUNES, "D1", "sms")]), MIERCOLES, [], "un solo canal por semana"),
        # ... pero un seguimiento se mueve al canal de la semana: el reintento tras NC va por WhatsApp
        ("CO", 4, historial([("D1", a_las(LUNES), "whatsapp", "NC")]), MARTES, [("whatsapp", "ruta tras NC (reintentar)")], None),
        # Chile: llamado el lunes, el seguimiento de CT del jueves no es otra llamada
        ("CL", 4, historial([("D1", a_las(LUNES), "llamada", "CT")]), JUEVES, [], "tope de llamadas o visitas por semana"),
        # Chile: la semana siguiente sí
        ("CL", 4, historial([("D1", a_las(LUNES - dt.timedelta(days=3)), "llamada", "CT")]), LUNES,
         [("llamada", "ruta tras CT (seguimiento)")], None),
        # Chile: dos mensajes por semana, con dos días entre ellos
        ("CL", 1, historial(asignaciones=[(LUNES, "D1", "whatsapp")]), MARTES, [("llamada", "evento: cada 5 días en Temprana")],
         "mensajes demasiado seguidos"),
        # (el miércoles 16 es festivo en Chile: Virgen del Carmen)
        ("CL", 1, historial(asignaciones=[(LUNES, "D1", "whatsapp")]), JUEVES,
         [("llamada", "evento: cada 5 días en Temprana"), ("sms", "evento: día 1 de Temprana")], None),
        ("CL", 1, historial(asignaciones=[(LUNES, "D1", "whatsapp"), (MIERCOLES - dt.timedelta(days=5), "D1", "sms"),
                                          (MIERCOLES, "D1", "email")]), VIERNES,
         [("llamada", "evento: cada 5 días en Temprana")], "tope de mensajes por semana"),
        # Colombia: ni domingos ni festivos; Perú: ni sábados; México: sábado sí, domingo no
        ("CO", 3, Historial.vacio(), DOMINGO, [], "día no permitido en su país"),
        ("CO", 3, Historial.vacio(), FESTIVO_CO, [], "día no permitido en su país"),
        ("PE", 3, Historial.vacio(), SABADO, [], "día no permitido en su país"),
        ("MX", 3, Historial.vacio(), SABADO, [("llamada", "evento: día 3 de Temprana")], None),
        ("MX", 3, Historial.vacio(), DOMINGO, [], "día no permitido en su país"),
        ("AR", 3, Historial.vacio(), DOMINGO, [("llamada", "evento: día 3 de Temprana")], None),  # sin regla
]


_reglas = tabla_en_lote(
    CASOS_REGLAS, lambda pais, dias, hist, fecha, *_: (cartera(("D1", dias, 100000, pais)), hist, fecha)
)


@pytest.mark.parametrize("i", range(len(CASOS_REGLAS)))
def test_reglas_de_contacto(i):
    _, _, _, _, esperado, motivo = CASOS_REGLAS[i]
    lista = _reglas(i)
    assert filas_de(lista, "canal", "motivo") == esperado
    if motivo:
        assert any(motivo in m for m in lista.exclusiones["motivo"]), lista.exclusiones


def test_domingo_en_colombia_la_lista_no_tiene_llamadas():
    filas = [(f"D{i}", d, 100000, "CO") for i, d in enumerate([1, 3, 6, 11, 31, 35, 61, 100, 181, 200, -2])]
    lista = construir_lista(cartera(*filas), ESTRATEGIA, Historial.vacio(), DOMINGO)
    assert lista.filas.empty
    lunes = construir_lista(cartera(*filas), ESTRATEGIA, Historial.vacio(), DOMINGO + dt.timedelta(days=1))
    assert lunes.filas["canal"].eq("llamada").any()


CASOS_HORARIOS = [  # "pais, fecha, canal, dias, horario"
        ("CO", MARTES, "llamada", 3, "08–19 h"),  # ley 7–19 h ∩ canal 8–19 h
        ("CO", SABADO, "llamada", 3, "08–15 h"),  # sábado 8–15 h
        ("MX", MARTES, "llamada", 3, "08–19 h"),
        ("MX", MARTES, "email", 10, "08–19 h"),
        ("CL", SABADO, "llamada", 3, "08–19 h"),
]


@pytest.mark.parametrize("i", range(len(CASOS_HORARIOS)))
def test_horario_de_cada_fila(i):
    _, _, canal, _, horario = CASOS_HORARIOS[i]
    assert filas_de(_horarios(i), "canal", "horario") == [(canal, horario)]


_horarios = tabla_en_lote(
    CASOS_HORARIOS,
    lambda pais, fecha, canal, dias, horario: (cartera(("D1", dias, 100000, pais)), Historial.vacio(), fecha),
)


def test_un_canal_sin_horario_legal_ese_dia_sale_de_la_lista():
    def carta_tarde(hojas):
        canales = hojas["canales"]
        canales.loc[canales["canal"] == "email", ["hora_inicio", "hora_fin"]] = [16, 19]

    # el sábado en Colombia se contacta de 8 a 15 h: un correo de 16 a 19 h no cabe
    lista = construir_lista(cartera(("D1", 10, 100000, "MX"), ("D2", 10, 100000, "CO")), estrategia(carta_tarde),
                            Historial.vacio(), SABADO)
    assert filas_de(lista, "cliente_id", "canal", "horario") == [("D1", "email", "16–19 h")]
    assert "regla de contacto: fuera del horario permitido" in set(lista.exclusiones["motivo"])


# --- capacidad ----------------------------------------------------------------------------------


def test_el_desborde_de_una_plataforma_masiva_se_cuenta():
    def sms_chico(hojas):
        hojas["canales"].loc[hojas["canales"]["canal"] == "sms", "capacidad_diaria"] = 2

    filas = [(f"D{i}", -2, 100000 * (i + 1)) for i in range(5)]
    lista = construir_lista(cartera(*filas), estrategia(sms_chico), Historial.vacio(), MARTES)
    assert len(lista.filas) == 2 and len(lista.desbordes) == 3
    assert set(lista.desbordes["motivo_desborde"]) == {"sin capacidad en la plataforma del canal"}
    assert sorted(lista.filas["cliente_id"]) == ["D3", "D4"]  # los de mayor saldo
    assert lista.resumen()["desbordes"] == 3


def test_capacidad_por_asesor_continuidad_y_desborde():
    def dos_asesores(hojas):
        hojas["asesores"] = pd.DataFrame(
            [("A01", "Ana", "llamada", 3, None, "sí"), ("A02", "Luis", "llamada", 2, None, "sí")],
            columns=["asesor", "nombre", "canales", "capacidad_diaria", "tratamientos", "activo"], dtype=object,
        )

    filas = [(f"D{i}", 3, 1000 + i, "CO", "A01" if i < 5 else "A02") for i in range(7)]
    lista = construir_lista(cartera(*filas), estrategia(dos_asesores), Historial.vacio(), MARTES)
    asesor = dict(zip(lista.filas["cliente_id"], lista.filas["asesor"]))
    # A02 conserva a los suyos (D5, D6) y A01 a los tres de mayor saldo; nadie tiene lugar para el resto
    assert asesor == {"D2": "A01", "D3": "A01", "D4": "A01", "D5": "A02", "D6": "A02"}
    assert sorted(lista.desbordes["cliente_id"]) == ["D0", "D1"]
    assert set(lista.desbordes["motivo_desborde"]) == {"sin capacidad de asesores"}


def test_lo_que_no_cabe_a_su_asesor_pasa_a_quien_tiene_lugar():
    def dos_asesores(hojas):
        hojas["asesores"] = pd.DataFrame(
            [("A01", "Ana", "llamada", 2, None, "sí"), ("A02", "Luis", "llamada", 5, None, "sí")],
            columns=["asesor", "nombre", "canales", "capacidad_diaria", "tratamientos", "activo"], dtype=object,
        )

    filas = [(f"D{i}", 3, 1000 + i, "CO", "A01") for i in range(4)]
    lista = construir_lista(cartera(*filas), estrategia(dos_asesores), Historial.vacio(), MARTES)
    asesor = dict(zip(lista.filas["cliente_id"], lista.filas["asesor"]))
    assert asesor == {"D3": "A01", "D2": "A01", "D1": "A02", "D0": "A02"}
    assert lista.desbordes.empty


# --- campeón / retador --------------------------------------------------------------------------


def test_la_variante_reparte_10000_deudores_en_su_proporcion_y_es_estable():
    datos = cartera(*[(f"CLI{i:05d}", 1 + i % 60, 100000) for i in range(10_000)])
    por_defecto = estrategia_desde_hojas(hojas_por_defecto())  # Contención 80 % (A), Contención digital 20 % (B)
    primera = segmentar(datos, por_defecto)
    segunda = segmentar(datos.sample(frac=1, random_state=3), por_defecto).loc[primera.index]
    temprano = primera["segmento"].eq("Temprano")
    assert temprano.all()
    proporcion_b = primera.loc[temprano, "variante"].eq("B").mean()
    assert abs(proporcion_b - 0.2) <= 0.02
    assert primera.loc[temprano, "tratamiento"].eq("Contención digital").mean() == proporcion_b
    assert (segunda["variante"] == primera["variante"]).all()  # el mismo deudor, la misma variante


def test_la_variante_llega_a_la_bitacora():
    por_defecto = estrategia_desde_hojas(hojas_por_defecto())
    datos = cartera(*[(f"CLI{i:03d}", 3, 100000, "MX") for i in range(200)])
    lista = construir_lista(datos, por_defecto, Historial.vacio(), MARTES)
    asignaciones = filas_para_bitacora(lista)
    assert set(asignaciones["variante"]) == {"A", "B"}
    esperado = segmentar(datos, por_defecto).set_index("cliente_id")["variante"]
    assert (asignaciones.set_index("cliente_id")["variante"] == esperado.reindex(asignaciones["cliente_id"])).all()
