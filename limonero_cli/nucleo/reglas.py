"""Reglas de contacto por país aplicadas a las filas candidatas de la lista.

La historia de contactos de un deudor son sus tipificaciones (cualquier canal)
y los envíos masivos que limonero ya le asignó en días anteriores. Con ella,
para cada deudor, se aplican en este orden: un solo canal por semana, tope de
llamadas o visitas por semana, tope y separación de mensajes, tope por semana
y tope por día. Entre las filas que sobreviven, un deudor conserva las de
mayor prioridad (seguimientos primero).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from limonero_cli.estrategia.modelo import Estrategia

CANALES_SIN_CONTACTO = {"localizacion"}


def inicio_de_semana(fecha: dt.date) -> dt.date:
    """El lunes de la semana de ``fecha``."""
    return fecha - dt.timedelta(days=fecha.weekday())


def historia_de_contactos(historial, fecha: dt.date) -> pd.DataFrame:
    """Contactos (fecha, cliente_id, canal) de la semana de ``fecha``, hasta ``fecha``.

    Son las tipificaciones (cualquier canal) y los envíos masivos asignados en
    días anteriores; las asignaciones del mismo día no cuentan, porque rehacer
    la lista de hoy las reemplaza.
    """
    desde = pd.Timestamp(inicio_de_semana(fecha))
    hoy = pd.Timestamp(fecha)
    tipificaciones = historial.tipificaciones
    intentos = pd.DataFrame(
        {
            "fecha": tipificaciones["fecha_hora"].dt.normalize(),
            "cliente_id": tipificaciones["cliente_id"],
            "canal": tipificaciones["canal"],
        }
    )
    asignaciones = historial.asignaciones
    envios = pd.DataFrame(
        {
            "fecha": pd.to_datetime(asignaciones["fecha"]).dt.normalize(),
            "cliente_id": asignaciones["cliente_id"],
            "canal": asignaciones["canal"],
        }
    )
    # las asignaciones de hoy son la lista que se está rehaciendo: no cuentan
    envios = envios[envios["fecha"] < hoy]
    contactos = pd.concat([intentos, envios], ignore_index=True)
    contactos = contactos[(contactos["fecha"] >= desde) & (contactos["fecha"] <= hoy)]
    return contactos[~contactos["canal"].isin(CANALES_SIN_CONTACTO)]


def filtrar_por_reglas(
    candidatas: pd.DataFrame,
    deudores: pd.DataFrame,
    estrategia: Estrategia,
    historial,
    fecha: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Devuelve (filas permitidas, filas quitadas con ``cliente_id``, ``canal`` y ``motivo``)."""
    tipos = {c.canal: c.tipo for c in estrategia.canales}
    filas = candidatas.merge(deudores[["cliente_id", "pais"]], on="cliente_id", how="left")
    filas = _ordenar_dentro_del_deudor(filas)
    contactos = historia_de_contactos(historial, fecha)
    contactos = contactos[contactos["cliente_id"].isin(set(filas["cliente_id"]))]
    filas = _seguimientos_por_el_canal_de_la_semana(filas, contactos, estrategia)
    # un deudor, un canal, una fila: gana la de mayor prioridad
    filas = filas[~filas.duplicated(["cliente_id", "canal"])]
    quitadas = []
    hoy = pd.Timestamp(fecha)
    es_contacto = ~filas["canal"].isin(CANALES_SIN_CONTACTO)
    es_llamada = filas["canal"].map(tipos).eq("asesor")
    contactos_llamada = contactos["canal"].map(tipos).eq("asesor")

    por_deudor = contactos.groupby("cliente_id")
    semana = por_deudor.size()
    hoy_n = contactos[contactos["fecha"].eq(hoy)].groupby("cliente_id").size()
    llamadas = contactos[contactos_llamada].groupby("cliente_id").size()
    mensajes = contactos[~contactos_llamada].groupby("cliente_id").size()
    ultimo_mensaje = contactos[~contactos_llamada].groupby("cliente_id")["fecha"].max()

    cliente = filas["cliente_id"]
    usados_semana = _por_cliente(semana, cliente).fillna(0)
    usados_hoy = _por_cliente(hoy_n, cliente).fillna(0)
    llamadas_semana = _por_cliente(llamadas, cliente).fillna(0)
    mensajes_semana = _por_cliente(mensajes, cliente).fillna(0)
    dias_desde_mensaje = (hoy - pd.to_datetime(_por_cliente(ultimo_mensaje, cliente))).dt.days
    # otro canal: el deudor ya tuvo contacto esta semana, pero no por el canal de esta fila
    pares = contactos[["cliente_id", "canal"]].drop_duplicates().assign(_mismo=True)
    mismo_canal = filas[["cliente_id", "canal"]].merge(pares, on=["cliente_id", "canal"], how="left")["_mismo"]
    otro_canal = cliente.isin(set(contactos["cliente_id"])) & ~mismo_canal.fillna(False).astype(bool).to_numpy()

    reglas = {r.pais: r for r in estrategia.reglas_contacto}
    fuera = pd.Series(False, index=filas.index)
    for pais, regla in reglas.items():
        del_pais = filas["pais"].eq(pais) & es_contacto
        if not del_pais.any():
            continue
        if regla.un_canal_por_semana:
            fuera_ahora = del_pais & ~fuera & otro_canal
            quitadas.append(_quitar(filas, fuera_ahora, "un solo canal por semana"))
            fuera |= fuera_ahora
        if regla.max_llamadas_semana is not None:
            fuera_ahora = del_pais & ~fuera & es_llamada & (llamadas_semana >= regla.max_llamadas_semana)
            quitadas.append(_quitar(filas, fuera_ahora, "tope de llamadas o visitas por semana"))
            fuera |= fuera_ahora
        if regla.max_mensajes_semana is not None:
            fuera_ahora = del_pais & ~fuera & ~es_llamada & (mensajes_semana >= regla.max_mensajes_semana)
            quitadas.append(_quitar(filas, fuera_ahora, "tope de mensajes por semana"))
            fuera |= fuera_ahora
        if regla.dias_entre_mensajes is not None:
            muy_pronto = dias_desde_mensaje.notna() & (dias_desde_mensaje < regla.dias_entre_mensajes)
            fuera_ahora = del_pais & ~fuera & ~es_llamada & muy_pronto
            quitadas.append(_quitar(filas, fuera_ahora, "mensajes demasiado seguidos"))
            fuera |= fuera_ahora
        filas_vivas = filas[~fuera]
        rango = filas_vivas[es_contacto[~fuera]].groupby("cliente_id").cumcount()
        rango = rango.reindex(filas.index)
        if regla.max_llamadas_semana is not None:
            vivas_llamada = filas[~fuera & es_llamada & es_contacto]
            rango_llamada = vivas_llamada.groupby("cliente_id").cumcount().reindex(filas.index)
            fuera_ahora = del_pais & ~fuera & es_llamada & (
                rango_llamada >= regla.max_llamadas_semana - llamadas_semana
            )
            quitadas.append(_quitar(filas, fuera_ahora, "tope de llamadas o visitas por semana"))
            fuera |= fuera_ahora
            rango = filas[~fuera & es_contacto].groupby("cliente_id").cumcount().reindex(filas.index)
        if regla.un_canal_por_semana:
            fuera_ahora = del_pais & ~fuera & (rango >= 1)
            quitadas.append(_quitar(filas, fuera_ahora, "un solo canal por semana"))
            fuera |= fuera_ahora
        if regla.max_por_semana is not None:
            fuera_ahora = del_pais & ~fuera & (rango >= regla.max_por_semana - usados_semana)
            quitadas.append(_quitar(filas, fuera_ahora, "tope de contactos por semana"))
            fuera |= fuera_ahora
        if regla.max_por_dia is not None:
            fuera_ahora = del_pais & ~fuera & (rango >= regla.max_por_dia - usados_hoy)
            quitadas.append(_quitar(filas, fuera_ahora, "tope de contactos por día"))
            fuera |= fuera_ahora

    quitadas = [q for q in quitadas if q is not None]
    quitadas = (
        pd.concat(quitadas, ignore_index=True)
        if quitadas
        else pd.DataFrame({"cliente_id": [], "canal": [], "motivo": []}, dtype=object)
    )
    permitidas = filas[~fuera].drop(columns=["pais", "_orden"])
    return permitidas, quitadas


def _seguimientos_por_el_canal_de_la_semana(
    filas: pd.DataFrame, contactos: pd.DataFrame, estrategia: Estrategia
) -> pd.DataFrame:
    """Donde rige un solo canal por semana, un seguimiento va por el canal ya usado esa semana.

    Un recordatorio de promesa por SMS, si esta semana ya se llamó al deudor,
    se hace con una llamada: el seguimiento no se pierde y la regla se cumple.
    Los eventos del calendario no se mueven de canal (la regla los quita).
    """
    paises = {r.pais for r in estrategia.reglas_contacto if r.un_canal_por_semana}
    if not paises or contactos.empty:
        return filas
    canal_semana = contactos.sort_values("fecha", kind="stable").groupby("cliente_id")["canal"].last()
    canal_usado = _por_cliente(canal_semana, filas["cliente_id"])
    mover = (
        filas["pais"].isin(paises)
        & filas["es_seguimiento"].fillna(False).astype(bool)
        & ~filas["canal"].isin(CANALES_SIN_CONTACTO)
        & canal_usado.notna()
        & filas["canal"].ne(canal_usado)
    )
    filas = filas.copy()
    filas.loc[mover, "canal"] = canal_usado[mover]
    return filas


def _por_cliente(valores: pd.Series, clientes: pd.Series) -> pd.Series:
    """``valores`` (indexados por cliente_id) alineados con la columna ``clientes``."""
    return pd.Series(valores.reindex(clientes.to_numpy()).to_numpy(), index=clientes.index)


def _ordenar_dentro_del_deudor(filas: pd.DataFrame) -> pd.DataFrame:
    """Ordena por deudor y, dentro, seguimientos primero y luego por prioridad del evento."""
    filas = filas.assign(
        _orden=np.where(filas["es_seguimiento"].fillna(False).astype(bool), 0, 1) * 1000
        + filas["prioridad_evento"].fillna(5)
    )
    return filas.sort_values(["cliente_id", "_orden"], kind="stable").reset_index(drop=True)


def _quitar(filas: pd.DataFrame, mascara: pd.Series, motivo: str | None):
    """Las filas quitadas por ``motivo`` (``None``: duplicados que no se informan)."""
    if motivo is None or not mascara.any():
        return None
    quitadas = filas.loc[mascara, ["cliente_id", "canal"]].copy()
    quitadas["motivo"] = "regla de contacto: " + motivo
    return quitadas
