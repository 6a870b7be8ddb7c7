"""Verificación independiente de las reglas de contacto de una lista del día.

Vuelve a aplicar, fila por fila y sin reutilizar el código del motor
(``reglas.py``, ``calendario.py``), las reglas de ``reglas_contacto`` a una
lista ya armada, dada la historia anterior. Sirve para auditar una lista y
para que las pruebas comprueben el motor con otra implementación: lenta pero
fácil de leer. Reglas que revisa, para cada deudor con una regla de su país:

- el día de la semana está permitido y no es festivo (si la regla no los permite);
- el ``horario`` de cada fila cae dentro del horario legal de ese día y del horario del canal;
- contactos del día (historia de hoy + filas) <= ``max_por_dia``;
- contactos de la semana (lunes a domingo) <= ``max_por_semana``;
- un solo canal en la semana, si ``un_canal_por_semana``;
- llamadas y visitas de la semana <= ``max_llamadas_semana``;
- mensajes (canales masivos) de la semana <= ``max_mensajes_semana``, y entre un
  mensaje y el siguiente al menos ``dias_entre_mensajes`` días.

La historia son las tipificaciones hasta ``fecha`` (inclusive) y las
asignaciones de días anteriores que no tienen una tipificación del mismo
deudor, día y canal. ``localizacion`` no es un contacto.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import lru_cache

import pandas as pd

from limonero_cli.estrategia.modelo import Estrategia

NO_CONTACTO = {"localizacion"}
VENTANA_DIAS = 31
"""Días de historia que se miran (una semana y la separación entre mensajes caben de sobra)."""
_HORARIO = re.compile(r"^\s*(\d{1,2})\s*[–-]\s*(\d{1,2})\s*h")


def _texto(valor) -> str:
    if valor is None or (isinstance(valor, float) and valor != valor):
        return ""
    return str(valor).strip()


def _dia(valor) -> dt.date | None:
    if valor is None or pd.isna(valor):
        return None
    return pd.Timestamp(valor).date()


@lru_cache(maxsize=256)
def _festivo(pais: str, fecha: dt.date) -> bool:
    import holidays

    try:
        return fecha in holidays.country_holidays(pais, years=fecha.year)
    except NotImplementedError:
        return False


def _contactos_previos(historial, fecha: dt.date, clientes: set[str]) -> dict[str, list[tuple[dt.date, str]]]:
    """``cliente_id → [(día, canal), ...]`` de la historia de ``clientes`` en los 31 días hasta ``fecha``."""
    contactos: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    tipificados = set()
    desde = pd.Timestamp(fecha - dt.timedelta(days=VENTANA_DIAS))
    tip = historial.tipificaciones
    tip = tip[tip["cliente_id"].isin(clientes) & (pd.to_datetime(tip["fecha_hora"]) >= desde)]
    for cliente, momento, canal in zip(tip["cliente_id"], tip["fecha_hora"], tip["canal"]):
        dia = _dia(momento)
        canal = _texto(canal).casefold()
        if dia is None or dia > fecha or canal in NO_CONTACTO:
            continue
        contactos[_texto(cliente)].append((dia, canal))
        tipificados.add((_texto(cliente), dia, canal))
    asig = historial.asignaciones
    asig = asig[asig["cliente_id"].isin(clientes) & (pd.to_datetime(asig["fecha"]) >= desde)]
    for cliente, dia, canal in zip(asig["cliente_id"], asig["fecha"], asig["canal"]):
        dia = _dia(dia)
        canal = _texto(canal).casefold()
        if dia is None or dia >= fecha or canal in NO_CONTACTO:
            continue
        if (_texto(cliente), dia, canal) in tipificados:
            continue
        contactos[_texto(cliente)].append((dia, canal))
    return contactos


def verificar_lista(filas: pd.DataFrame, historial, estrategia: Estrategia, fecha: dt.date) -> list[str]:
    """Cada violación de las reglas de contacto de la lista ``filas`` del día ``fecha``, en español.

    ``filas`` son las filas de la lista (``cliente_id``, ``canal``, ``horario`` y,
    si la trae, ``pais``; sin ``pais`` rige el de ``parametros``); ``historial``
    es lo que había antes de la lista. Devuelve una lista vacía si no hay ninguna.
    """
    tipos = {c.canal.casefold(): c.tipo for c in estrategia.canales}
    horas_canal = {c.canal.casefold(): (c.hora_inicio, c.hora_fin) for c in estrategia.canales}
    lunes = fecha - dt.timedelta(days=fecha.weekday())
    hoy_por_deudor: dict[str, list[dict]] = defaultdict(list)
    paises = filas["pais"] if "pais" in filas.columns else pd.Series(estrategia.parametros.pais, index=filas.index)
    horarios = filas["horario"] if "horario" in filas.columns else pd.Series(None, index=filas.index, dtype=object)
    for cliente, canal, pais, horario in zip(filas["cliente_id"], filas["canal"], paises, horarios):
        canal = _texto(canal).casefold()
        if canal in NO_CONTACTO:
            continue
        pais = (_texto(pais) or estrategia.parametros.pais).upper()
        hoy_por_deudor[_texto(cliente)].append({"canal": canal, "pais": pais, "horario": _texto(horario)})

    previos = _contactos_previos(historial, fecha, set(hoy_por_deudor))

    def es_llamada(canal: str) -> bool:
        return tipos.get(canal, "asesor") == "asesor"

    problemas: list[str] = []
    for cliente, de_hoy in hoy_por_deudor.items():
        pais = de_hoy[0]["pais"]
        regla = estrategia.regla_contacto(pais)
        quien = f"{fecha.isoformat()}: deudor {cliente} ({pais})"
        for fila in de_hoy:
            inicio_canal, fin_canal = horas_canal.get(fila["canal"], (0, 24))
            legal = regla.horario(fecha.weekday()) if regla is not None else (0, 24)
            coincide = _HORARIO.match(fila["horario"])
            if not coincide:
                problemas.append(f"{quien}: la fila por {fila['canal']} no dice su horario.")
                continue
            desde, hasta = int(coincide.group(1)), int(coincide.group(2))
            if legal is None or desde < legal[0] or hasta > legal[1] or desde < inicio_canal or hasta > fin_canal:
                problemas.append(
                    f"{quien}: el horario {fila['horario']} por {fila['canal']} sale del permitido ese día."
                )
        if regla is None:
            continue
        if fecha.weekday() not in regla.dias_semana:
            problemas.append(f"{quien}: no se contacta en {pais} ese día de la semana.")
        if not regla.festivos_permitidos and _festivo(pais, fecha):
            problemas.append(f"{quien}: es festivo en {pais}.")

        historia = previos.get(cliente, [])
        semana = [(d, c) for d, c in historia if lunes <= d <= fecha]
        canales_hoy = [f["canal"] for f in de_hoy]
        del_dia = [c for d, c in semana if d == fecha] + canales_hoy
        de_la_semana = [c for _, c in semana] + canales_hoy
        if regla.max_por_dia is not None and len(del_dia) > regla.max_por_dia:
            problemas.append(f"{quien}: {len(del_dia)} contactos en el día (máximo {regla.max_por_dia}).")
        if regla.max_por_semana is not None and len(de_la_semana) > regla.max_por_semana:
            problemas.append(f"{quien}: {len(de_la_semana)} contactos en la semana (máximo {regla.max_por_semana}).")
        if regla.un_canal_por_semana and len(set(de_la_semana)) > 1:
            problemas.append(f"{quien}: varios canales en la semana ({', '.join(sorted(set(de_la_semana)))}).")
        llamadas = [c for c in de_la_semana if es_llamada(c)]
        if regla.max_llamadas_semana is not None and len(llamadas) > regla.max_llamadas_semana:
            problemas.append(
                f"{quien}: {len(llamadas)} llamadas o visitas en la semana (máximo {regla.max_llamadas_semana})."
            )
        mensajes = [c for c in de_la_semana if not es_llamada(c)]
        if regla.max_mensajes_semana is not None and len(mensajes) > regla.max_mensajes_semana:
            problemas.append(f"{quien}: {len(mensajes)} mensajes en la semana (máximo {regla.max_mensajes_semana}).")
        if regla.dias_entre_mensajes:
            mensajes_hoy = [c for c in canales_hoy if not es_llamada(c)]
            dias_mensaje = sorted(d for d, c in historia if not es_llamada(c))
            if len(mensajes_hoy) > 1:
                problemas.append(f"{quien}: {len(mensajes_hoy)} mensajes el mismo día.")
            if mensajes_hoy and dias_mensaje and (fecha - dias_mensaje[-1]).days < regla.dias_entre_mensajes:
                problemas.append(
                    f"{quien}: mensaje a {(fecha - dias_mensaje[-1]).days} días del anterior "
                    f"(mínimo {regla.dias_entre_mensajes})."
                )
    return problemas
