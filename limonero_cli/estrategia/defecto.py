"""La estrategia por defecto que escribe ``limonero init``: un prestamista de consumo en Colombia.

Todo lo que una hoja nombra existe en otra (códigos, argumentos, productos,
canales); ``cargar.validar_hojas`` lo comprueba y un test lo exige. Los montos
están en pesos colombianos (``moneda`` = COP): ajústelos si su moneda es otra.
"""

from __future__ import annotations

import pandas as pd

from limonero_cli.estrategia.modelo import CAMPOS_CARTERA

SI, NO = "sí", "no"


def _tabla(columnas: list[str], filas: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([list(f) for f in filas], columns=columnas, dtype=object)


def _parametros() -> pd.DataFrame:
    return _tabla(
        ["campo", "valor", "descripcion"],
        [
            ("pais", "CO", "País de las cuentas que no traen columna pais (código de 2 letras: CO, MX, PE, CL...)."),
            ("moneda", "COP", "Moneda de los montos."),
            ("formato_fecha", "dd/mm/aaaa", "Cómo leer fechas escritas como texto: dd/mm/aaaa (día primero) o mm/dd/aaaa."),
            ("dias_gracia", 2, "Días después de la fecha prometida en que un pago todavía cumple la promesa."),
            ("tolerancia_pct", 5, "Porcentaje del monto prometido que puede faltar y la promesa igual se da por cumplida."),
            ("zona_horaria", "America/Bogota", "Zona horaria de la operación (para horarios de contacto)."),
            ("capacidad_asesor", 120, "Gestiones diarias de un asesor que no está en la hoja asesores."),
        ],
    )


def _columnas() -> pd.DataFrame:
    return _tabla(["campo", "encabezado"], [(campo, None) for campo in CAMPOS_CARTERA])


def _segmentos() -> pd.DataFrame:
    return _tabla(
        ["segmento", "dias_mora", "saldo_vencido", "score", "producto", "descripcion"],
        [
            ("Olvidadizo", "[-5..15]", "-", ">=650", "-", "Buen historial y poca mora: suele pagar apenas se le recuerda."),
            ("Alto valor", "-", ">=5000000", "-", "-", "Mucho dinero vencido: merece un asesor con nombre propio."),
            ("Preventivo", "<=0", "-", "-", "-", "Aún no vence (o vence hoy): avisar antes evita la mora."),
            ("Temprano", "[1..60]", "-", "-", "-", "Mora temprana: hay que frenar el paso a más de 60 días."),
            ("Tardío", "[61..180]", "-", "-", "-", "Mora avanzada: necesita una solución a su medida."),
            ("Recuperación", ">180", "-", "-", "-", "Deuda castigada o casi: se recupera con un arreglo."),
        ],
    )


def _tratamientos() -> pd.DataFrame:
    return _tabla(
        [
            "segmento",
            "tratamiento",
            "variante",
            "proporcion",
            "hipotesis",
            "meta_cobertura",
            "meta_contacto",
            "meta_promesa",
            "meta_cumplimiento",
            "meta_recuperacion",
        ],
        [
            ("Olvidadizo", "Recordatorio", "A", 1.0,
             "Es un cliente cumplidor que se distrajo: un recordatorio a tiempo basta y paga en pocos días.",
             0.98, 0.60, 0.30, 0.85, 0.70),
            ("Alto valor", "Negociación personal", "A", 1.0,
             "Un asesor con nombre propio que propone un plan antes de que la deuda crezca consigue el pago.",
             1.00, 0.70, 0.40, 0.65, 0.35),
            ("Preventivo", "Prevención", "A", 1.0,
             "Avisar antes del vencimiento, por canales baratos, evita que la cuenta entre en mora.",
             0.95, 0.50, 0.10, 0.80, 0.60),
            ("Temprano", "Contención", "A", 0.8,
             "Contacto frecuente y una fecha clara de pago frenan el paso a más de 60 días.",
             0.95, 0.45, 0.25, 0.60, 0.20),
            ("Temprano", "Contención digital", "B", 0.2,
             "Retador: el mismo primer llamado, pero el seguimiento por WhatsApp logra las mismas promesas con menos llamadas.",
             0.95, 0.45, 0.25, 0.60, 0.20),
            ("Tardío", "Solución", "A", 1.0,
             "Una oferta ajustada a la situación del deudor (convenio o reestructura) destraba el pago.",
             0.90, 0.35, 0.20, 0.50, 0.10),
            ("Recuperación", "Recuperación", "A", 1.0,
             "Un arreglo con descuento recupera parte de una deuda que de otro modo se pierde.",
             0.80, 0.25, 0.10, 0.45, 0.05),
        ],
    )


def _etapas() -> pd.DataFrame:
    return _tabla(
        ["tratamiento", "etapa", "desde", "hasta"],
        [
            ("todos", "Preventiva", -5, 0),
            ("todos", "Temprana", 1, 30),
            ("todos", "Media", 31, 90),
            ("todos", "Tardía", 91, 180),
            ("todos", "Recuperación", 181, None),
        ],
    )


def _eventos() -> pd.DataFrame:
    filas = [
        # tratamiento, etapa, dia, canal, accion, argumento, producto, prioridad
        ("Prevención", "Preventiva", -5, "email", "Aviso de próximo vencimiento", "PRE1", None, 6),
        ("Prevención", "Preventiva", -2, "sms", "Recordatorio", "PRE1", None, 5),
        ("Prevención", "Preventiva", 0, "whatsapp", "Recordatorio el día del vencimiento", "PRE2", None, 4),
        ("Recordatorio", "Preventiva", -3, "sms", "Recordatorio", "PRE1", None, 5),
        ("Recordatorio", "Preventiva", 0, "whatsapp", "Recordatorio el día del vencimiento", "PRE2", None, 4),
        ("Recordatorio", "Temprana", 1, "sms", "Aviso de atraso", "TEM1", None, 4),
        ("Recordatorio", "Temprana", 5, "whatsapp", "Recordatorio", "TEM1", None, 4),
        ("Recordatorio", "Temprana", 10, "llamada", "Gestión", "TEM2", "P0", 3),
        ("Contención", "Preventiva", -3, "sms", "Recordatorio", "PRE1", None, 5),
        ("Contención", "Preventiva", 0, "whatsapp", "Recordatorio el día del vencimiento", "PRE2", None, 4),
        ("Contención", "Temprana", 1, "sms", "Aviso de atraso", "TEM1", None, 4),
        ("Contención", "Temprana", 3, "llamada", "Gestión", "TEM2", "P0", 2),
        ("Contención", "Temprana", "cada 5", "llamada", "Seguimiento", "TEM3", None, 3),
        ("Contención", "Temprana", 10, "email", "Aviso formal", "TEM4", None, 6),
        ("Contención", "Media", "cada 4", "llamada", "Negociación", "MED1", None, 2),
        ("Contención", "Media", 45, "carta", "Aviso de consecuencias", "MED2", None, 6),
        ("Contención digital", "Preventiva", -3, "whatsapp", "Recordatorio", "PRE1", None, 5),
        ("Contención digital", "Preventiva", 0, "whatsapp", "Recordatorio el día del vencimiento", "PRE2", None, 4),
        ("Contención digital", "Temprana", 1, "whatsapp", "Aviso de atraso", "TEM1", None, 4),
        ("Contención digital", "Temprana", 3, "llamada", "Gestión", "TEM2", "P0", 2),
        ("Contención digital", "Temprana", "cada 4", "whatsapp", "Seguimiento", "TEM3", None, 4),
        ("Contención digital", "Temprana", 10, "email", "Aviso formal", "TEM4", None, 6),
        ("Contención digital", "Media", "cada 4", "llamada", "Negociación", "MED1", None, 2),
        ("Contención digital", "Media", 45, "carta", "Aviso de consecuencias", "MED2", None, 6),
        ("Negociación personal", "Preventiva", -3, "llamada", "Llamada preventiva", "NEG1", None, 2),
        ("Negociación personal", "Temprana", 1, "llamada", "Gestión personal", "NEG1", "P0", 1),
        ("Negociación personal", "Temprana", "cada 3", "llamada", "Seguimiento", "TEM3", None, 2),
        ("Negociación personal", "Media", "cada 3", "llamada", "Negociación", "MED1", None, 1),
        ("Negociación personal", "Tardía", "cada 5", "llamada", "Propuesta de solución", "SOL1", None, 1),
        ("Negociación personal", "Tardía", 100, "visita", "Visita de negociación", "SOL1", None, 1),
        ("Negociación personal", "Recuperación", "cada 7", "llamada", "Propuesta de arreglo", "REC1", None, 1),
        ("Solución", "Media", 61, "email", "Propuesta de solución", "SOL1", None, 5),
        ("Solución", "Media", "cada 4", "llamada", "Negociación", "MED1", None, 2),
        ("Solución", "Tardía", "cada 5", "llamada", "Propuesta de solución", "SOL1", None, 2),
        ("Solución", "Tardía", 120, "carta", "Aviso de consecuencias", "MED2", None, 6),
        ("Recuperación", "Recuperación", 181, "carta", "Oferta de arreglo", "REC2", "P4", 5),
        ("Recuperación", "Recuperación", "cada 7", "llamada", "Propuesta de arreglo", "REC1", None, 2),
        ("Recuperación", "Recuperación", "cada 15", "sms", "Recordatorio de la oferta", "REC2", None, 6),
    ]
    return _tabla(["tratamiento", "etapa", "dia", "canal", "accion", "argumento", "producto", "prioridad"], filas)


def _argumentos() -> pd.DataFrame:
    filas = [
        ("PRE1", "Preventiva", "recordatorio",
         "Le recordamos que su cuota vence pronto. Pagar a tiempo mantiene su cupo disponible y su buen historial. "
         "¿Podemos contar con su pago en la fecha?"),
        ("PRE2", "Preventiva", "recordatorio",
         "Hoy vence su cuota. Si paga hoy evita cargos por atraso y conserva su buen historial."),
        ("TEM1", "Temprana", "primer_contacto",
         "Su cuota está vencida. Si paga en los próximos días evita cargos por atraso y un reporte negativo. "
         "¿Qué día puede hacer el pago?"),
        ("TEM2", "Temprana", "primer_contacto",
         "Lo llamamos para ayudarle a ponerse al día antes de que se sumen cargos. Conserve su cupo pagando lo vencido. "
         "¿Puede pagar hoy o qué fecha le queda bien?"),
        ("TEM3", "Temprana", "seguimiento",
         "Seguimos pendientes de su pago. Ponerse al día ahora le evita intereses de mora y mantiene su crédito activo. "
         "¿Confirmamos una fecha?"),
        ("TEM4", "Temprana", "seguimiento",
         "Aviso formal: su obligación presenta atraso. Pagando lo vencido conserva su historial; "
         "comuníquese con nosotros para acordar una fecha."),
        ("MED1", "Media", "primer_contacto",
         "Su deuda ya supera los 30 días. Queremos evitar que pase a cobro jurídico: le proponemos un acuerdo que pueda cumplir. "
         "¿Cuánto puede pagar y cuándo?"),
        ("MED2", "Media", "seguimiento",
         "Le informamos las consecuencias de seguir en mora: reporte a centrales de riesgo y cobro jurídico. "
         "Aún está a tiempo de un acuerdo."),
        ("NEG1", None, "primer_contacto",
         "Soy su asesor personal. Quiero proponerle un plan para ponerse al día antes de que la deuda crezca. "
         "¿Revisamos juntos qué puede pagar y en qué fecha?"),
        ("SOL1", "Tardía", "primer_contacto",
         "Tenemos una solución para su caso: un convenio o una reestructura con cuotas a su alcance. "
         "Así detiene los cobros y recupera su historial. ¿Le explico las condiciones?"),
        ("REC1", "Recuperación", "primer_contacto",
         "Podemos cerrar su deuda con un descuento especial si paga en una fecha acordada. "
         "Es la mejor condición disponible. ¿Qué monto puede reunir?"),
        ("REC2", "Recuperación", "seguimiento",
         "Su oferta de arreglo con descuento sigue vigente por tiempo limitado. Comuníquese para aprovecharla."),
        ("INC1", None, "promesa_incumplida",
         "Entendemos que algo pasó con el pago que acordamos. ¿Qué fecha sí puede cumplir? "
         "Busquemos un monto que le quede posible."),
        ("PRM1", None, "recordatorio",
         "Le recordamos su compromiso de pago de mañana. Cumplirlo mantiene su acuerdo y evita nuevas gestiones."),
        ("VER1", None, "verificacion",
         "Ayer vencía su compromiso de pago y aún no lo vemos registrado. ¿Pudo hacerlo? Si ya pagó, "
         "indíquenos la fecha, el monto y el medio de pago; si no, acordemos una fecha que sí pueda cumplir."),
        ("OBJ_SD", None, "objecion",
         "Entendemos su situación. Para no dejar crecer la deuda, ¿qué monto pequeño puede pagar ahora? "
         "Podemos revisar un plan de pagos."),
        ("OBJ_SR", None, "objecion",
         "Revisemos su caso para ofrecerle la mejor alternativa disponible. ¿Cuánto podría pagar al mes?"),
        ("OBJ_YP", None, "objecion",
         "Gracias por pagar. Para registrarlo, ¿nos indica la fecha, el monto y el medio de pago?"),
        ("OBJ_RP", None, "objecion",
         "Queremos entender por qué no desea pagar. Ponerse al día evita cobro jurídico y le devuelve su crédito. "
         "¿Qué necesitaría para llegar a un acuerdo?"),
        ("OBJ_LD", None, "objecion",
         "Con gusto lo llamamos después. ¿A qué hora y a qué número le queda mejor?"),
    ]
    return _tabla(["codigo", "etapa", "situacion", "texto"], filas)


def _productos() -> pd.DataFrame:
    return _tabla(
        ["codigo", "nombre", "desde_dias_mora", "desde_negociacion", "condicion", "descuento", "plazo"],
        [
            ("P0", "Pago total de lo vencido", 1, 1, None, "", ""),
            ("P1", "Condonación de cargos por atraso", 15, 2, None, "cargos 100 %", ""),
            ("P2", "Convenio en 3 pagos", 31, 2, "saldo_vencido >=500000", "", "3 meses"),
            ("P3", "Reestructura", 61, 3, None, "", "hasta 12 meses"),
            ("P4", "Liquidación con descuento", 181, 2, None, "hasta 40 %", "un pago"),
        ],
    )


def _rutas() -> pd.DataFrame:
    return _tabla(
        ["codigo", "accion", "en_dias", "canal", "argumento", "producto"],
        [
            ("NC", "reintentar", 1, "llamada", None, None),
            ("OC", "cambiar_canal", 1, "whatsapp", "TEM3", None),
            ("FS", "localizar", 0, None, None, None),
            ("NE", "localizar", 0, None, None, None),
            ("MT", "volver_a_llamar", 1, "llamada", None, None),
            ("TI", "volver_a_llamar", 1, "llamada", "OBJ_LD", None),
            ("CT", "seguimiento", 3, "llamada", "TEM3", None),
            ("RP", "escalar", 2, "llamada", "OBJ_RP", None),
            ("DI", "excluir", None, None, None, None),
            ("SD", "ofrecer_producto", 2, "llamada", "OBJ_SD", None),
            ("SR", "ofrecer_producto", 1, "llamada", "OBJ_SR", None),
            ("PP", "recordatorio", -1, "sms", "PRM1", None),
            ("PR", "recordatorio", -1, "sms", "PRM1", None),
            ("YP", "seguimiento", 3, "llamada", "OBJ_YP", None),
            ("FA", "excluir", None, None, None, None),
            ("NL", "excluir", None, None, None, None),
            ("PROMESA_INCUMPLIDA", "seguimiento", 1, "llamada", "INC1", None),
        ],
    )


def _tipificaciones() -> pd.DataFrame:
    # ``equivalencias``: los estados del marcador (Vicidial) que significan cada código, para cargar
    # sus exportaciones. NA/N no contesta, DROP/PDROP se cortó antes de hablar con un asesor, AFTHRS
    # fuera de horario, NANQUE/TIMEOT sin asesor libre, ADAIR silencio, ERI error del asesor;
    # B/AB ocupado, A/AA/AM/AL contestadora; DC/ADC/ADCT desconectado, AFAX fax; CALLBK/CBHOLD
    # volver a llamar; XFER transferida a un asesor; NI no le interesa; DNC/DNCL/DNCC no llamar;
    # SALE venta (en cobranza, el acuerdo de pago). TER, RPC y PTP son estados propios de campañas de
    # cobranza (tercero, titular, promesa).
    return _tabla(
        ["codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final", "peso", "equivalencias"],
        [
            ("NC", "No contesta", "sin_contacto", NO, NO, NO, 1, "NA, N, DROP, PDROP, AFTHRS, NANQUE, TIMEOT, ADAIR, ERI"),
            ("OC", "Ocupado / buzón de voz", "sin_contacto", NO, NO, NO, 1, "B, AB, A, AA, AM, AL"),
            ("FS", "Fuera de servicio / número inválido", "sin_contacto", NO, NO, NO, 2, "DC, ADC, ADCT, AFAX"),
            ("NE", "Número equivocado (no corresponde al titular)", "sin_contacto", NO, NO, NO, 2, None),
            ("MT", "Mensaje con tercero", "contacto_tercero", NO, NO, NO, 3, "TER"),
            ("TI", "Titular no disponible, volver a llamar", "contacto_tercero", NO, NO, NO, 3, "CALLBK, CBHOLD"),
            ("FA", "Fallecido", "contacto_tercero", NO, NO, SI, 4, None),
            ("CT", "Contacto con titular, sin acuerdo", "contacto_titular", NO, NO, NO, 5, "RPC, XFER"),
            ("RP", "Se niega a pagar", "contacto_titular", NO, NO, NO, 5, "NI"),
            ("DI", "Disputa / reclamo del cargo", "contacto_titular", NO, NO, SI, 5, None),
            ("NL", "No llamar (solicitud del titular)", "contacto_titular", NO, NO, SI, 4, "DNC, DNCL, DNCC"),
            ("SD", "Sin dinero / desempleo (objeción)", "negociacion", NO, NO, NO, 6, None),
            ("SR", "Solicita reestructura o descuento", "negociacion", NO, NO, NO, 6, None),
            ("PR", "Promesa de pago parcial", "promesa", SI, SI, NO, 7, None),
            ("PP", "Promesa de pago", "promesa", SI, SI, NO, 8, "PTP, SALE"),
            ("YP", "Ya pagó (por verificar)", "pago", NO, NO, NO, 9, None),
        ],
    )


def _canales() -> pd.DataFrame:
    return _tabla(
        ["canal", "tipo", "capacidad_diaria", "hora_inicio", "hora_fin", "descripcion"],
        [
            ("llamada", "asesor", 120, 8, 19, "Llamada de un asesor; capacidad por asesor y día."),
            ("visita", "asesor", 10, 8, 17, "Visita en terreno; capacidad por asesor y día."),
            ("sms", "masivo", 5000, 8, 19, "Mensaje de texto desde la plataforma de envíos; capacidad total del día."),
            ("whatsapp", "masivo", 2000, 8, 19, "Mensaje de WhatsApp con plantilla aprobada; capacidad total del día."),
            ("email", "masivo", None, 8, 19, "Correo electrónico; vacío = sin límite."),
            ("carta", "masivo", 200, 8, 17, "Carta impresa o certificada; capacidad total del día."),
        ],
    )


def _asesores() -> pd.DataFrame:
    return _tabla(
        ["asesor", "nombre", "canales", "capacidad_diaria", "tratamientos", "activo"],
        [
            ("A01", "Ana Torres", "llamada", 120, None, SI),
            ("A02", "Luis Pérez", "llamada", 120, None, SI),
            ("A03", "María Gómez", "llamada, visita", 80, "Negociación personal, Solución", SI),
            ("A04", "Jorge Ruiz", "llamada", 120, "Recuperación, Solución", SI),
            ("A05", "Paula Ríos", "llamada", 100, None, NO),
        ],
    )


def _reglas_contacto() -> pd.DataFrame:
    columnas = [
        "pais",
        "dias_semana",
        "hora_inicio",
        "hora_fin",
        "sabado_hora_inicio",
        "sabado_hora_fin",
        "festivos_permitidos",
        "max_por_dia",
        "max_por_semana",
        "max_llamadas_semana",
        "max_mensajes_semana",
        "dias_entre_mensajes",
        "un_canal_por_semana",
        "solo_titular",
        "notas",
    ]
    return _tabla(
        columnas,
        [
            ("CO", "lun-sáb", 7, 19, 8, 15, NO, 1, None, None, None, None, SI, NO,
             "Ley 2300 de 2023: lunes a viernes de 7 a 19 h y sábados de 8 a 15 h; ni domingos ni festivos; "
             "un contacto al día y no por varios canales en la misma semana."),
            ("MX", "lun-sáb", 7, 22, None, None, SI, None, None, None, None, None, NO, SI,
             "CONDUSEF: de 7 a 22 h; solo con el deudor, nunca con terceros ni referencias."),
            ("PE", "lun-vie", 7, 20, None, None, NO, None, None, None, None, None, NO, NO,
             "Ley 29571 (Código de Protección al Consumidor): ni sábados, domingos ni feriados; no entre 20 y 7 h."),
            ("CL", "lun-sáb", 8, 20, None, None, NO, None, None, 1, 2, 2, NO, NO,
             "Ley 21.320: de lunes a sábado de 8 a 20 h; una llamada o visita por semana y dos mensajes "
             "de otro tipo, con dos días entre ellos."),
        ],
    )


def hojas_por_defecto() -> dict[str, pd.DataFrame]:
    """Las hojas de la estrategia por defecto, en el orden del libro.

    >>> sorted(hojas_por_defecto())[:3]
    ['argumentos', 'asesores', 'canales']
    """
    return {
        "parametros": _parametros(),
        "columnas": _columnas(),
        "segmentos": _segmentos(),
        "tratamientos": _tratamientos(),
        "etapas": _etapas(),
        "eventos": _eventos(),
        "argumentos": _argumentos(),
        "productos": _productos(),
        "rutas": _rutas(),
        "tipificaciones": _tipificaciones(),
        "canales": _canales(),
        "asesores": _asesores(),
        "reglas_contacto": _reglas_contacto(),
    }
