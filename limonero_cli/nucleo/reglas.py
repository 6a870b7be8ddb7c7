"""Reglas de contacto por país aplicadas a las filas candidatas de la lista.

La historia de contactos de un deudor son sus tipificaciones (cualquier canal,
hasta hoy inclusive) y las filas que limonero le asignó en días anteriores y
que no tienen tipificación ese mismo día por ese mismo canal (un envío masivo,
o una llamada asignada que nadie registró: se supone hecha). Los canales que no
son contacto (``localizacion``) no cuentan.

Para cada deudor, sus filas candidatas se revisan en orden de prioridad
(seguimientos primero, luego la prioridad del evento), una a la vez; cada fila
aceptada cuenta para las siguientes. Una fila se quita (con su motivo) si:

1. su canal y el horario legal del día no se cruzan (``fuera del horario permitido``);
2. ya hay otra fila aceptada hoy del mismo deudor por el mismo canal (se descarta sin informar);
3. rompe el tope de contactos por día o por semana (``max_por_dia``, ``max_por_semana``);
4. donde rige un solo canal por semana, usa un canal distinto del de la semana
   (un seguimiento no se pierde: se mueve al canal de la semana);
5. es llamada o visita y se llegó a ``max_llamadas_semana``;
6. es mensaje (canal masivo) y se llegó a ``max_mensajes_semana`` o el último
   mensaje fue hace menos de ``dias_entre_mensajes`` días (también de la semana anterior).

La semana va de lunes a domingo. Los días y festivos no permitidos se resuelven
antes, para el deudor entero (``calendario.py``). Cada fila que queda lleva su
``horario``: el cruce del horario legal del país ese día con el del canal,
p. ej. «08–15 h» un sábado en Colombia.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from limonero_cli.estrategia.modelo import Estrategia, ReglaContacto, clave
from limonero_cli.nucleo.segmentacion import unir_por_deudor

CANALES_SIN_CONTACTO = {"localizacion"}
VARIOS_CANALES = "\x00varios"
"""Marca del canal de la semana cuando el deudor ya tuvo contacto por más de un canal."""

MOTIVO_HORARIO = "fuera del horario permitido"
MOTIVO_DIA = "tope de contactos por día"
MOTIVO_SEMANA = "tope de contactos por semana"
MOTIVO_UN_CANAL = "un solo canal por semana"
MOTIVO_LLAMADAS = "tope de llamadas o visitas por semana"
MOTIVO_MENSAJES = "tope de mensajes por semana"
MOTIVO_SEPARACION = "mensajes demasiado seguidos"


def inicio_de_semana(fecha: dt.date) -> dt.date:
    """El lunes de la semana de ``fecha``."""
    return fecha - dt.timedelta(days=fecha.weekday())


def tipos_de_canal(estrategia: Estrategia) -> dict[str, str]:
    """``canal → tipo`` (``asesor`` o ``masivo``) con los nombres en su forma de comparación."""
    return {clave(c.canal): c.tipo for c in estrategia.canales}


def es_canal_de_asesor(canales: pd.Series, estrategia: Estrategia) -> np.ndarray:
    """Llamadas y visitas (canales ``asesor``); un canal desconocido cuenta como llamada."""
    tipos = tipos_de_canal(estrategia)
    codigos, valores = pd.factorize(pd.Series(_canal_normal(canales), dtype=object))
    de_asesor = np.array([tipos.get(v, "asesor") == "asesor" for v in valores] + [True], dtype=bool)
    return de_asesor[codigos]  # -1 (vacío) toma el último: como llamada


def historia_de_contactos(historial, fecha: dt.date, desde: dt.date | None = None) -> pd.DataFrame:
    """Contactos (``fecha``, ``cliente_id``, ``canal``) de ``desde`` (por defecto, el lunes) a ``fecha``.

    Son las tipificaciones (cualquier canal) y las asignaciones de días
    anteriores sin tipificación ese día por ese canal; las asignaciones del
    mismo día no cuentan, porque rehacer la lista de hoy las reemplaza.
    """
    desde = pd.Timestamp(desde if desde is not None else inicio_de_semana(fecha))
    hoy = pd.Timestamp(fecha)
    tipificaciones = historial.tipificaciones
    intentos = pd.DataFrame(
        {
            "fecha": pd.to_datetime(tipificaciones["fecha_hora"]).dt.normalize(),
            "cliente_id": tipificaciones["cliente_id"].to_numpy(),
            "canal": _canal_normal(tipificaciones["canal"]),
        }
    )
    intentos = intentos[(intentos["fecha"] >= desde) & (intentos["fecha"] <= hoy)]
    asignaciones = historial.asignaciones
    envios = pd.DataFrame(
        {
            "fecha": pd.to_datetime(asignaciones["fecha"]).dt.normalize(),
            "cliente_id": asignaciones["cliente_id"].to_numpy(),
            "canal": _canal_normal(asignaciones["canal"]),
        }
    )
    # las asignaciones de hoy son la lista que se está rehaciendo: no cuentan
    envios = envios[(envios["fecha"] >= desde) & (envios["fecha"] < hoy)]
    # una asignación trabajada ya está en sus tipificaciones: no se cuenta dos veces
    llave = ["fecha", "cliente_id", "canal"]
    trabajadas = intentos[llave].drop_duplicates().assign(_trabajada=True)
    envios = envios.merge(trabajadas, on=llave, how="left")
    envios = envios[envios["_trabajada"].isna()].drop(columns="_trabajada")
    contactos = pd.concat([intentos, envios], ignore_index=True)
    return contactos[~contactos["canal"].isin(CANALES_SIN_CONTACTO)].reset_index(drop=True)


def _canal_normal(canales: pd.Series) -> np.ndarray:
    """Nombres de canal sin espacios a los lados y en minúsculas; se normaliza cada valor distinto una vez."""
    codigos, valores = pd.factorize(pd.Series(canales).astype(object), use_na_sentinel=True)
    normales = np.array([str(v).strip().casefold() for v in valores] + [""], dtype=object)
    return normales[codigos]


def texto_horario(inicio: int, fin: int) -> str:
    """``(8, 15)`` → «08–15 h»."""
    return f"{int(inicio):02d}–{int(fin):02d} h"


def ventanas_horarias(filas: pd.DataFrame, estrategia: Estrategia, fecha: dt.date) -> pd.DataFrame:
    """``inicio``, ``fin`` y ``horario`` (texto) permitidos hoy para cada fila (país del deudor × canal).

    Es el cruce del horario legal del país ese día de la semana con el horario
    del canal en la hoja ``canales``; sin regla para el país, el del canal. Si el
    cruce es vacío, ``inicio >= fin`` y ``horario`` queda vacío.
    """
    dia = fecha.weekday()
    canales = {clave(c.canal): (c.hora_inicio, c.hora_fin) for c in estrategia.canales}
    llaves = filas[["pais", "canal"]].astype(object).fillna("")
    registros = []
    for pais, canal in llaves.drop_duplicates().itertuples(index=False):  # combinaciones, no filas
        inicio, fin = canales.get(clave(canal), (0, 24))
        regla = estrategia.regla_contacto(pais)
        if regla is not None:
            legal = regla.horario(dia)
            inicio, fin = (0, 0) if legal is None else (max(inicio, legal[0]), min(fin, legal[1]))
        horario = texto_horario(inicio, fin) if inicio < fin else None
        registros.append((pais, canal, float(inicio), float(fin), horario))
    tabla = pd.DataFrame(registros, columns=["pais", "canal", "inicio", "fin", "horario"])
    alineada = llaves.merge(tabla, on=["pais", "canal"], how="left")
    alineada.index = filas.index
    return alineada[["inicio", "fin", "horario"]]


def _columna_de_regla(paises: np.ndarray, reglas: dict[str, ReglaContacto], atributo: str) -> np.ndarray:
    """El valor de ``atributo`` de la regla del país de cada fila (NaN: sin tope o sin regla)."""
    valores = {}
    for pais, regla in reglas.items():
        valor = getattr(regla, atributo)
        valores[pais] = np.nan if valor is None else float(valor)
    codigos, distintos = pd.factorize(paises)  # unos pocos países para miles de filas
    de_cada_uno = pd.Series(distintos, dtype=object).map(valores).to_numpy(dtype=float)
    return np.append(de_cada_uno, np.nan)[codigos]


def filtrar_por_reglas(
    candidatas: pd.DataFrame,
    deudores: pd.DataFrame,
    estrategia: Estrategia,
    historial,
    fecha: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Devuelve (filas permitidas con ``horario``, filas quitadas con ``cliente_id``, ``canal`` y ``motivo``)."""
    filas = unir_por_deudor(candidatas, deudores[["cliente_id", "pais"]])
    filas["canal"] = _canal_normal(filas["canal"])
    filas = _ordenar_dentro_del_deudor(filas)
    reglas = {clave(r.pais).upper(): r for r in estrategia.reglas_contacto}
    hoy = pd.Timestamp(fecha)
    separacion = max([r.dias_entre_mensajes or 0 for r in reglas.values()] + [0])
    lunes = inicio_de_semana(fecha)
    desde = min(lunes, fecha - dt.timedelta(days=separacion))
    contactos = historia_de_contactos(historial, fecha, desde)
    contactos = contactos[contactos["cliente_id"].isin(set(filas["cliente_id"]))]

    n = len(filas)
    motivo = np.full(n, None, dtype=object)
    descartada = np.zeros(n, dtype=bool)  # quitadas sin informar (mismo canal dos veces)
    es_contacto = ~filas["canal"].isin(CANALES_SIN_CONTACTO).to_numpy()

    # 1. horario: el cruce del horario legal del día con el del canal
    ventanas = ventanas_horarias(filas, estrategia, fecha)
    sin_horario = es_contacto & ~(ventanas["inicio"] < ventanas["fin"]).to_numpy()
    motivo[sin_horario] = MOTIVO_HORARIO
    filas["horario"] = ventanas["horario"].to_numpy(dtype=object)

    # estado de cada deudor al empezar el día, según su historia
    codigos, clientes = pd.factorize(filas["cliente_id"])
    m = len(clientes)
    semana = contactos[contactos["fecha"] >= pd.Timestamp(lunes)]
    asesor_hist = es_canal_de_asesor(semana["canal"], estrategia)
    indice = pd.Index(clientes)

    def _contar(tabla: pd.DataFrame) -> np.ndarray:
        posicion = indice.get_indexer(tabla["cliente_id"])
        posicion = posicion[posicion >= 0]
        return np.bincount(posicion, minlength=m).astype(float)

    usados_hoy = _contar(semana[semana["fecha"].eq(hoy)])
    usados_semana = _contar(semana)
    llamadas_semana = _contar(semana[asesor_hist])
    mensajes_semana = _contar(semana[~asesor_hist])
    mensajes = contactos[~es_canal_de_asesor(contactos["canal"], estrategia)]
    ultimo = mensajes.groupby("cliente_id")["fecha"].max()
    ultimo_mensaje = ultimo.reindex(clientes).to_numpy(dtype="datetime64[ns]").copy()
    canales_semana = semana.drop_duplicates(["cliente_id", "canal"])
    canal_semana = np.full(m, None, dtype=object)
    if len(canales_semana):
        por_cliente = canales_semana.groupby("cliente_id")["canal"].agg(["first", "size"])
        por_cliente = por_cliente.reindex(clientes)
        canal_semana = np.where(
            por_cliente["size"].fillna(0).to_numpy() > 1, VARIOS_CANALES, por_cliente["first"].to_numpy(dtype=object)
        ).astype(object)
        canal_semana[por_cliente["size"].isna().to_numpy()] = None

    # topes de la regla del país de cada fila
    paises = filas["pais"].astype(object).where(filas["pais"].notna(), "").astype(str).str.upper().to_numpy()
    tope_dia = _columna_de_regla(paises, reglas, "max_por_dia")
    tope_semana = _columna_de_regla(paises, reglas, "max_por_semana")
    tope_llamadas = _columna_de_regla(paises, reglas, "max_llamadas_semana")
    tope_mensajes = _columna_de_regla(paises, reglas, "max_mensajes_semana")
    separacion_dias = _columna_de_regla(paises, reglas, "dias_entre_mensajes")
    un_canal = pd.Series(paises).isin([p for p, r in reglas.items() if r.un_canal_por_semana]).to_numpy()

    canal = filas["canal"].to_numpy(dtype=object).copy()
    seguimiento = filas["es_seguimiento"].fillna(False).astype(bool).to_numpy()
    # cada canal posible (los de las filas y los de la semana) con un número fijo
    nombres_canal = pd.Index(pd.unique(np.concatenate([canal, semana["canal"].to_numpy(dtype=object)])))
    codigos_canal = nombres_canal.get_indexer(canal)
    n_canales = len(nombres_canal)
    aceptados_hoy = np.array([], dtype=np.int64)  # llaves deudor × canal ya aceptadas hoy
    hoy64 = np.datetime64(hoy.to_datetime64(), "ns")

    rango = filas.groupby("cliente_id", sort=False).cumcount().to_numpy() if n else np.array([], dtype=int)
    for k in range(int(rango.max()) + 1 if n else 0):  # pocas vueltas: filas por deudor, no filas
        i = np.flatnonzero((rango == k) & pd.isna(motivo) & ~descartada)
        if not len(i):
            continue
        d = codigos[i]
        contacto = es_contacto[i]
        # un seguimiento va por el canal que ya se usó esta semana, si la regla lo exige
        semana_d = canal_semana[d]
        mover = (
            un_canal[i] & seguimiento[i] & contacto & pd.notna(semana_d) & (semana_d != VARIOS_CANALES)
            & (semana_d != canal[i])
        )
        if mover.any():
            canal[i[mover]] = semana_d[mover]
            codigos_canal[i[mover]] = nombres_canal.get_indexer(canal[i[mover]])
        llave = d.astype(np.int64) * n_canales + codigos_canal[i]
        repetida = np.isin(llave, aceptados_hoy)
        asesor = es_canal_de_asesor(pd.Series(canal[i], dtype=object), estrategia)
        dias_desde = (hoy64 - ultimo_mensaje[d]).astype("timedelta64[D]").astype(float)
        dias_desde[np.isnat(ultimo_mensaje[d])] = np.inf
        pruebas = [
            (MOTIVO_DIA, usados_hoy[d] >= tope_dia[i]),
            (MOTIVO_SEMANA, usados_semana[d] >= tope_semana[i]),
            (
                MOTIVO_UN_CANAL,
                un_canal[i] & pd.notna(semana_d) & (semana_d != canal[i]),
            ),
            (MOTIVO_LLAMADAS, asesor & (llamadas_semana[d] >= tope_llamadas[i])),
            (MOTIVO_MENSAJES, ~asesor & (mensajes_semana[d] >= tope_mensajes[i])),
            (MOTIVO_SEPARACION, ~asesor & (dias_desde < separacion_dias[i])),
        ]
        fuera = np.zeros(len(i), dtype=bool)
        descartada[i[repetida]] = True
        fuera |= repetida
        for texto, condicion in pruebas:
            nueva = contacto & condicion & ~fuera
            motivo[i[nueva]] = texto
            fuera |= nueva
        ok = ~fuera
        aceptados_hoy = np.concatenate([aceptados_hoy, llave[ok]])
        # lo aceptado cuenta para las filas siguientes del mismo deudor
        a, c = d[ok & contacto], asesor[ok & contacto]
        np.add.at(usados_hoy, a, 1)
        np.add.at(usados_semana, a, 1)
        np.add.at(llamadas_semana, a[c], 1)
        np.add.at(mensajes_semana, a[~c], 1)
        ultimo_mensaje[a[~c]] = hoy64
        nuevo_canal = canal[i[ok & contacto]]
        previo = canal_semana[a]
        canal_semana[a] = np.where(pd.isna(previo) | (previo == nuevo_canal), nuevo_canal, VARIOS_CANALES)

    movidas = canal != filas["canal"].to_numpy(dtype=object)
    filas["canal"] = canal
    if movidas.any():  # el horario de un seguimiento que cambió de canal es el del canal nuevo
        ventanas = ventanas_horarias(filas[movidas], estrategia, fecha)
        filas.loc[movidas, "horario"] = ventanas["horario"].to_numpy(dtype=object)
        sin_horario = np.zeros(n, dtype=bool)
        sin_horario[np.flatnonzero(movidas)] = ~(ventanas["inicio"] < ventanas["fin"]).to_numpy()
        motivo[sin_horario & pd.isna(motivo)] = MOTIVO_HORARIO
    quitada = pd.notna(motivo)
    quitadas = filas.loc[quitada, ["cliente_id", "canal"]].copy()
    quitadas["motivo"] = "regla de contacto: " + pd.Series(motivo[quitada], index=quitadas.index, dtype=object)
    permitidas = filas[~quitada & ~descartada].drop(columns=["pais", "_orden"])
    return permitidas.reset_index(drop=True), quitadas.reset_index(drop=True)


def _ordenar_dentro_del_deudor(filas: pd.DataFrame) -> pd.DataFrame:
    """Ordena por deudor y, dentro, seguimientos primero y luego por prioridad del evento."""
    filas = filas.assign(
        _orden=np.where(filas["es_seguimiento"].fillna(False).astype(bool), 0, 1) * 1000
        + filas["prioridad_evento"].fillna(5)
    )
    return filas.sort_values(["cliente_id", "_orden"], kind="stable").reset_index(drop=True)
