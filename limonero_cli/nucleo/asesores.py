"""Asesores en forma: productividad, efectividad, calidad y metas de cada asesor.

Lógica pura sobre DataFrames (las tablas de la bitácora). Definiciones (cada tasa con su
denominador escrito):

Productividad
- ``intentos``: tipificaciones del periodo registradas a nombre del asesor (las que no traen
  asesor, como las de la marcación automática, no son de nadie y no cuentan aquí).
- ``intentos_sin_hora``: intentos registrados exactamente a las 00:00:00, la «hora desconocida»
  (las tipificaciones que vuelven en el libro de la lista traen el día pero no la hora). No se
  usan para las horas trabajadas, ni para los intentos por hora, ni para revisar el horario.
- ``horas_trabajadas``: por cada día, el lapso entre su primer y su último intento con hora,
  sumado sobre los días (un día con un solo intento con hora suma 0). ``intentos_por_hora`` =
  intentos con hora / horas trabajadas (vacío si las horas son 0 o no hay intentos con hora).
- ``deudores_asignados``: deudores (``cliente_id``) con al menos una asignación del periodo a su
  nombre. ``cobertura`` = asignados que el asesor intentó en el periodo / asignados.

Efectividad (sobre los deudores que el asesor intentó en el periodo, ``deudores_gestionados``;
el nivel de cada deudor es el mejor de los intentos de ESTE asesor)
- ``tasa_contacto`` = deudores con nivel ≥ ``contacto_tercero`` / gestionados;
- ``tasa_titular`` = deudores con nivel ≥ ``contacto_titular`` / gestionados;
- ``tasa_promesa`` = deudores con al menos una promesa del asesor / deudores con contacto titular;
- ``tasa_cumplimiento`` = promesas cumplidas / promesas hechas por el asesor en el periodo
  (contadas una a una; el cumplimiento se evalúa como en :mod:`limonero_cli.nucleo.promesas`,
  con pagos hasta ``fecha``).
- ``monto_recuperado``: lo que los pagos aportaron a las promesas del asesor (el ``pagado`` que el
  reparto de pagos asignó a cada una de sus promesas del periodo). Cada pago se reparte una sola
  vez entre las promesas del deudor, así que un peso nunca se acredita a dos asesores, y un pago
  de un deudor al que nadie le tomó promesa no se acredita a ningún asesor. ``monto_cartera``
  (informativo): pagos de los deudores asignados al asesor hechos desde el día de la primera
  asignación del deudor a ese asesor en el periodo (incluido) hasta el fin del periodo; lo que el
  deudor pagó antes de que se lo asignaran no cuenta.

Calidad
- ``promesas_sin_monto_o_fecha``: intentos con código de nivel ``promesa`` sin monto positivo o sin fecha;
- ``duplicados``: intentos repetidos: mismo asesor, deudor, código y canal en el mismo minuto
  (se cuentan los que sobran);
- ``fuera_de_horario``: intentos fuera de los días y horas permitidos por ``reglas_contacto`` para
  el país del deudor (``paises``; si no se conoce, el país por defecto): un día no permitido (el
  domingo, en general) o una hora antes de ``hora_inicio`` o después de ``hora_fin`` (los sábados,
  las horas de sábado si las hay). Los festivos no se revisan aquí, ni los intentos sin hora
  (00:00:00): de ellos no se sabe la hora.
- ``incoherentes_canal``: códigos de contacto (nivel ``contacto_tercero`` o más) en un canal masivo
  (SMS, WhatsApp, correo, carta: un envío masivo no conversa con nadie; si el deudor responde y se
  conversa, la gestión se tipifica en el canal donde se conversó).
- ``fuera_de_catalogo``: códigos que ya no están en el catálogo.

Metas y semáforo
- Las metas de cada asesor son el promedio de las metas (``meta_cobertura``, ``meta_contacto``,
  ``meta_promesa``, ``meta_cumplimiento``) de los tratamientos de sus deudores asignados, pesado
  por deudores. ``logro`` de cada indicador = real / meta, **topado en 1** (pasarse de una meta
  no tapa otra: 100 % de promesa contra una meta de 25 % cuenta 1, no 4). Un indicador sin datos
  (denominador 0) o sin meta queda fuera. ``indice_metas`` = promedio de los logros con dato.
  Semáforo: ``verde`` si el índice es ≥ 0,9, ``amarillo`` si es ≥ 0,7, ``rojo`` si es menor;
  ``sin datos`` si tiene metas pero ningún indicador con datos; vacío si no tiene metas.
  ``puesto``: orden por índice (1 = el mejor).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.nucleo.embudo import (
    SIN_DIA,
    codigos_de_deudor,
    dia_entero,
    dias_en_periodo,
    dias_enteros,
)
from limonero_cli.nucleo.promesas import repartir_pagos
from limonero_cli.nucleo.tipificaciones import RANGO_NIVEL, preparar_catalogo, rango_de_codigos

_NS_DIA = 86_400 * 10**9

#: Umbrales del semáforo sobre el índice de metas (promedio de real / meta, cada uno topado en 1).
UMBRAL_VERDE = 0.9
UMBRAL_AMARILLO = 0.7
#: Semáforo de quien tiene metas pero ningún indicador con datos.
SIN_DATOS = "sin datos"

#: Indicadores con meta: (columna real, columna de meta de la estrategia).
INDICADORES = (
    ("cobertura", "meta_cobertura"),
    ("tasa_contacto", "meta_contacto"),
    ("tasa_promesa", "meta_promesa"),
    ("tasa_cumplimiento", "meta_cumplimiento"),
)

COLUMNAS_ASESORES = (
    "asesor", "intentos", "intentos_sin_hora", "dias_trabajados", "horas_trabajadas", "intentos_por_hora",
    "deudores_asignados", "asignados_gestionados", "cobertura",
    "deudores_gestionados", "contactados", "contacto_titular", "con_promesa",
    "tasa_contacto", "tasa_titular", "tasa_promesa",
    "promesas", "promesas_cumplidas", "tasa_cumplimiento", "monto_prometido", "monto_recuperado", "monto_cartera",
    "promesas_sin_monto_o_fecha", "duplicados", "fuera_de_horario", "incoherentes_canal", "fuera_de_catalogo",
    "meta_cobertura", "meta_contacto", "meta_promesa", "meta_cumplimiento", "indice_metas", "semaforo", "puesto",
)


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _texto(serie: pd.Series) -> pd.Series:
    texto = serie.astype("string").str.strip()
    return texto.where(texto != "").astype(object).where(texto.notna() & (texto != ""), None)


def _dividir(num, den) -> pd.Series:
    num = pd.Series(num, dtype="float64")
    den = pd.Series(den, dtype="float64", index=num.index)
    return (num / den).where(den > 0)


def sin_hora(fecha_hora: pd.Series) -> np.ndarray:
    """Máscara de los intentos con «hora desconocida»: exactamente las 00:00:00 (solo traen el día)."""
    fechas = pd.to_datetime(fecha_hora, errors="coerce")
    return (fechas.notna() & (fechas == fechas.dt.normalize())).to_numpy(dtype=bool)


def _factorizar(serie: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Un entero por valor (-1 = vacío) y los valores distintos; una columna categórica no se relee."""
    if isinstance(serie.dtype, pd.CategoricalDtype):
        return serie.cat.codes.to_numpy().astype(np.int64), serie.cat.categories.to_numpy(dtype=object)
    codigos, distintos = pd.factorize(serie.to_numpy(dtype=object), use_na_sentinel=True)
    return codigos.astype(np.int64, copy=False), np.asarray(distintos, dtype=object)


def _codigos_de_texto(serie: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Un entero por texto limpio (sin espacios a los lados; vacío → -1) y los textos distintos.

    Se limpian solo los valores distintos (pocos) y se reparten: rápido con millones de filas.
    """
    codigos, distintos = _factorizar(serie)
    limpios = _texto(pd.Series(distintos, dtype=object)).to_numpy(dtype=object)
    traduccion, nombres = pd.factorize(limpios, use_na_sentinel=True)
    return np.append(traduccion, -1).astype(np.int64)[codigos], np.asarray(nombres, dtype=object)


def _suma_por_asesor(valores: np.ndarray, quien: np.ndarray, asesores: pd.Index) -> pd.Series:
    """Suma (sin vacíos) de ``valores`` por asesor, en el orden de las filas, como ``groupby().sum()``."""
    sumas = pd.Series(valores, dtype="float64").groupby(quien).sum()
    return pd.Series(sumas.to_numpy(), index=asesores[sumas.index.to_numpy()]).reindex(asesores, fill_value=0.0)


def _promesas_del_periodo(
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    rango: np.ndarray,
    dias: np.ndarray,
    momentos: np.ndarray,
    deudores: np.ndarray,
    deudores_pago: np.ndarray,
    clientes: np.ndarray,
    asesores: np.ndarray,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Promesas del periodo con asesor: (asesor, monto, pagado, cumplida), en el orden de :func:`evaluar_promesas`.

    Se evalúan (reparto de pagos incluido) solo los deudores con alguna de esas promesas, pero
    todas sus promesas hasta ``fecha``: las anteriores al periodo se llevan pagos primero.
    ``deudores`` / ``deudores_pago`` son los enteros de :func:`codigos_de_deudor`.
    """
    dia = dia_entero(fecha)
    es_promesa = (rango == RANGO_NIVEL["promesa"]) & (dias != SIN_DIA) & (dias <= dia)
    # Como en ``evaluar_promesas``, una promesa sin cliente es del cliente «».
    vacio = np.flatnonzero(clientes == "")
    deudores = np.where(deudores < 0, vacio[0] if len(vacio) else len(clientes), deudores)
    cuenta = es_promesa & dias_en_periodo(dias, desde, hasta) & (asesores >= 0)
    marcados = np.zeros(len(clientes) + 1, dtype=bool)
    marcados[deudores[cuenta]] = True
    filas = np.flatnonzero(es_promesa & marcados[deudores])
    if not len(filas):
        vacios = np.zeros(0, dtype="float64")
        return np.zeros(0, dtype=np.int64), vacios, vacios, np.zeros(0, dtype=bool)
    # Orden de ``evaluar_promesas``: por el texto del deudor y la fecha y hora (estable).
    presentes = np.flatnonzero(marcados)  # cada uno tiene al menos una promesa en ``filas``
    textos = np.append(clientes, "")[presentes].astype(str)
    puesto = np.zeros(len(clientes) + 1, dtype=np.int64)
    puesto[presentes[np.argsort(textos, kind="stable")]] = np.arange(len(presentes))
    filas = filas[np.lexsort((momentos[filas], puesto[deudores[filas]]))]
    cod_prom = puesto[deudores[filas]]
    inicio = dias[filas]
    prometida = dias_enteros(_columna(tipificaciones, "fecha_promesa"))[filas]
    vence = np.where(prometida == SIN_DIA, inicio, prometida) + int(dias_gracia)
    monto = pd.to_numeric(_columna(tipificaciones, "monto_promesa"), errors="coerce").to_numpy(dtype="float64")[filas]
    umbral = np.where(np.isnan(monto), 0.005, monto * (1.0 - float(tolerancia_pct) / 100.0))
    umbral = np.maximum(umbral, 0.005)  # cumplir exige haber pagado algo
    pagado = np.zeros(len(filas), dtype="float64")
    if len(pagos):
        dia_g = dias_enteros(_columna(pagos, "fecha"))
        monto_g = pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")
        sirve = np.flatnonzero((deudores_pago >= 0) & marcados[deudores_pago] & (dia_g != SIN_DIA) & (dia_g <= dia)
                               & (monto_g > 0))
        cod_pag = puesto[deudores_pago[sirve]]
        orden = np.lexsort((dia_g[sirve], cod_pag))  # estable: a igual día, el orden de llegada
        sirve, cod_pag = sirve[orden], cod_pag[orden]
        pagado = repartir_pagos(cod_prom, inicio, vence, umbral, cod_pag, dia_g[sirve], monto_g[sirve])
    contadas = cuenta[filas]
    return asesores[filas][contadas], monto[contadas], pagado[contadas], (pagado >= umbral)[contadas]


def _repetidos(codigos: list[tuple[np.ndarray, np.ndarray]], pares: np.ndarray, momentos: np.ndarray) -> np.ndarray:
    """Intentos que repiten uno anterior: mismo asesor y deudor (``pares``: un entero por par), código, canal y minuto.

    ``codigos``: (enteros, valores distintos) del código y del canal de cada intento; se comparan
    como texto (``str``, vacío es «None»), igual que antes.
    """
    if not len(pares):
        return np.zeros(0, dtype=bool)
    partes = [pares.astype(np.int64, copy=False)]
    for enteros, distintos in codigos:
        traduccion, textos = pd.factorize(np.array([str(v) for v in distintos] + ["None"], dtype=object))
        partes.append(traduccion[enteros])
    minuto = momentos // (60 * 10**9)
    partes.append(minuto - minuto.min())
    clave = partes[0]
    for parte in partes[1:]:
        cuantos = int(parte.max()) + 1
        if (int(clave.max()) + 1) * cuantos >= 2**62:  # no cabe en un entero: se renumera
            clave = pd.factorize(clave)[0].astype(np.int64)
        clave = clave * cuantos + parte
    return pd.Series(clave).duplicated().to_numpy()


def _pais_por_deudor(clientes: np.ndarray, paises: pd.Series | None, pais_por_defecto: str | None) -> np.ndarray:
    """País de cada deudor (los enteros de :func:`codigos_de_deudor`; la última casilla es el deudor vacío)."""
    if paises is not None and len(paises):
        pais = pd.Series(np.append(clientes, None), dtype=object).map(paises)
        pais = pais.where(pais.notna(), pais_por_defecto)
        return pais.to_numpy(dtype=object)
    return np.full(len(clientes) + 1, pais_por_defecto, dtype=object)


def _fuera_de_horario(momentos: np.ndarray, dias: np.ndarray, deudores: np.ndarray, pais_de_deudor: np.ndarray,
                      reglas: dict) -> np.ndarray:
    """Máscara de intentos fuera de los días y horas permitidos del país de su deudor (``reglas``: país → regla).

    ``momentos`` en nanosegundos y ``dias`` enteros (:func:`dias_enteros`); ``deudores``: enteros
    de :func:`codigos_de_deudor` (-1 = vacío, la última casilla de ``pais_de_deudor``). Un
    intento de un país sin regla no se revisa.
    """
    fuera = np.zeros(len(momentos), dtype=bool)
    if not reglas or not len(momentos):
        return fuera
    # Regla de cada deudor (-1: ninguna) y ventana de cada (regla, día de la semana), en minutos.
    regla_de_deudor = np.full(len(pais_de_deudor), -1, dtype=np.int64)
    desde_min = np.full((len(reglas), 7), -np.inf)
    hasta_min = np.full((len(reglas), 7), np.inf)
    for i, (codigo, regla) in enumerate(reglas.items()):
        regla_de_deudor[np.asarray(pais_de_deudor == codigo, dtype=bool) & (regla_de_deudor < 0)] = i
        for dia in range(7):
            horario = regla.horario(dia)
            if horario is None:  # día no permitido: todo está fuera
                desde_min[i, dia], hasta_min[i, dia] = np.inf, -np.inf
            else:
                desde_min[i, dia], hasta_min[i, dia] = horario[0] * 60, horario[1] * 60
    regla = regla_de_deudor[deudores]
    revisar = np.flatnonzero(regla >= 0)
    if not len(revisar):
        return fuera
    dia_semana = (dias[revisar] + 3) % 7  # el 1 de enero de 1970 fue jueves (lunes = 0)
    segundos = (momentos[revisar] - dias[revisar] * _NS_DIA) // 10**9
    minutos = (segundos // 3600 * 60 + segundos % 3600 // 60) + (segundos % 60) / 60
    cual = regla[revisar]
    fuera[revisar] = (minutos < desde_min[cual, dia_semana]) | (minutos > hasta_min[cual, dia_semana])
    return fuera


def _meta_vacia(tabla: pd.DataFrame, columna: str) -> float:
    """Meta de un tratamiento vacío (normalmente ninguna)."""
    return float(pd.Series([None], dtype=object).map(pd.to_numeric(tabla[columna], errors="coerce")).iloc[0])


def calcular_asesores(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
    reglas_contacto: dict | None = None,
    pais_por_defecto: str | None = None,
    paises: pd.Series | None = None,
    canales_masivos: set[str] | frozenset[str] = frozenset(),
    metas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Una fila por asesor con sus números del periodo ``[desde, hasta]`` (ver las definiciones del módulo).

    ``reglas_contacto``: país → :class:`~limonero_cli.estrategia.modelo.ReglaContacto`;
    ``paises``: país de cada deudor (índice ``cliente_id``); ``canales_masivos``: nombres (en
    minúsculas) de los canales de tipo masivo; ``metas``: ``tratamiento`` y columnas ``meta_*``
    en fracción. Columnas de salida: :data:`COLUMNAS_ASESORES`, ordenadas por ``puesto``.
    """
    cat = preparar_catalogo(catalogo)
    vacia = pd.Series([], dtype=object)
    ceros = np.zeros(0, dtype=np.int64)

    # --- un entero por deudor (el mismo en las tres tablas) y por asesor (su nombre limpio)
    filas_a = np.flatnonzero(dias_en_periodo(dias_enteros(_columna(asignaciones, "fecha")), desde, hasta))
    (cl_a, cl_tt, cl_pt), clientes = codigos_de_deudor([
        _columna(asignaciones, "cliente_id").take(filas_a),
        _columna(tipificaciones, "cliente_id") if len(tipificaciones) else vacia,
        _columna(pagos, "cliente_id") if len(pagos) else vacia,
    ])
    k1 = len(clientes) + 1  # base de las claves (asesor, deudor); el deudor vacío es 0
    as_tt, nombres_t = _codigos_de_texto(_columna(tipificaciones, "asesor"))
    as_a, nombres_a = _codigos_de_texto(_columna(asignaciones, "asesor").take(filas_a))

    # --- intentos del periodo con asesor
    dia_tt = dias_enteros(_columna(tipificaciones, "fecha_hora"))
    ft = np.flatnonzero(dias_en_periodo(dia_tt, desde, hasta) & (as_tt >= 0))
    # --- asignaciones del periodo con asesor y deudor
    fa = np.flatnonzero((as_a >= 0) & (cl_a >= 0))

    presentes_t = np.flatnonzero(np.bincount(as_tt[ft], minlength=len(nombres_t)))
    presentes_a = np.flatnonzero(np.bincount(as_a[fa], minlength=len(nombres_a)))
    asesores = pd.Index(sorted(set(nombres_t[presentes_t].tolist()) | set(nombres_a[presentes_a].tolist())),
                        dtype=object, name="asesor")
    n_as = len(asesores)
    a_t = np.append(asesores.get_indexer(pd.Index(nombres_t, dtype=object)), -1)[as_tt[ft]]
    a_a = np.append(asesores.get_indexer(pd.Index(nombres_a, dtype=object)), -1)[as_a[fa]]
    cl_t = cl_tt[ft]
    dia_t = dia_tt[ft]
    momento_tt = pd.to_datetime(_columna(tipificaciones, "fecha_hora"), errors="coerce").to_numpy(dtype="datetime64[ns]")
    momento_t = momento_tt[ft].view(np.int64)
    cod_codigo, codigos = _factorizar(_columna(tipificaciones, "codigo"))
    rango_tt = np.append(rango_de_codigos(pd.Series(codigos, dtype=object), cat), -1).astype(np.int64)[cod_codigo]
    canal_tt, canales = _codigos_de_texto(_columna(tipificaciones, "canal"))
    rango_t = rango_tt[ft]
    r = pd.DataFrame(index=asesores)

    def por_asesor(asesor: np.ndarray, pesos: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(asesor, weights=pesos, minlength=n_as)

    # Productividad. Los intentos sin hora (00:00:00) cuentan como intentos y como días, pero no
    # dan horas trabajadas ni entran en los intentos por hora.
    desconocida = momento_t == dia_t * _NS_DIA
    r["intentos"] = por_asesor(a_t)
    r["intentos_sin_hora"] = por_asesor(a_t, desconocida).astype(np.int64)
    base_dia = int(dia_t.min()) if len(dia_t) else 0
    dias_distintos = int(dia_t.max()) - base_dia + 1 if len(dia_t) else 1
    jornada = a_t.astype(np.int64) * dias_distintos + (dia_t - base_dia)  # (asesor, día) como un entero
    con_hora = ~desconocida
    directo = n_as * dias_distintos <= 2**25  # pocas jornadas posibles: una casilla por jornada, sin dispersión
    if directo:
        r["dias_trabajados"] = por_asesor(np.flatnonzero(np.bincount(jornada)) // dias_distintos)
        cod_jornada, casillas = jornada[con_hora], n_as * dias_distintos
    else:
        r["dias_trabajados"] = por_asesor(pd.unique(jornada) // dias_distintos)
        cod_jornada, jornadas = pd.factorize(jornada[con_hora])
        casillas = len(jornadas)
    inicio = np.full(casillas, np.iinfo(np.int64).max, dtype=np.int64)
    fin = np.full(casillas, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(inicio, cod_jornada, momento_t[con_hora])
    np.maximum.at(fin, cod_jornada, momento_t[con_hora])
    if directo:
        jornadas = np.flatnonzero(fin > np.iinfo(np.int64).min)  # las jornadas con algún intento con hora
        inicio, fin = inicio[jornadas], fin[jornadas]
    orden = np.argsort(jornadas, kind="stable")  # por asesor y día, como un groupby ordenado
    horas = pd.Series(pd.to_timedelta(fin[orden] - inicio[orden], unit="ns")).dt.total_seconds() / 3600
    horas = horas.groupby(jornadas[orden] // dias_distintos).sum()
    r["horas_trabajadas"] = pd.Series(horas.to_numpy(), index=asesores[horas.index.to_numpy()]).reindex(
        asesores, fill_value=0.0).round(4)
    intentos_con_hora = r["intentos"] - r["intentos_sin_hora"]
    r["intentos_por_hora"] = _dividir(intentos_con_hora, r["horas_trabajadas"]).where(intentos_con_hora > 0)

    # Cobertura de su lista: pares (asesor, deudor) como un solo entero.
    par_a = a_a.astype(np.int64) * k1 + (cl_a[fa] + 1)
    par_t = a_t.astype(np.int64) * k1 + (cl_t + 1)
    cod_par_a, pares_asig = pd.factorize(par_a)  # en orden de aparición
    cod_par_t, pares_t = pd.factorize(par_t)
    r["deudores_asignados"] = por_asesor(pares_asig // k1)
    cubiertos = pares_asig[pd.Series(pares_asig).isin(pares_t).to_numpy()]
    r["asignados_gestionados"] = por_asesor(cubiertos // k1)
    r["cobertura"] = _dividir(r["asignados_gestionados"], r["deudores_asignados"])

    # Efectividad por deudor (mejor nivel de los intentos de este asesor; sin deudor no cuenta).
    mejor = np.full(len(pares_t), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(mejor, cod_par_t, rango_t)
    con_deudor = pares_t % k1 > 0
    mejor, asesor_par = mejor[con_deudor], pares_t[con_deudor] // k1
    r["deudores_gestionados"] = por_asesor(asesor_par)
    r["contactados"] = por_asesor(asesor_par, mejor >= RANGO_NIVEL["contacto_tercero"]).astype(np.int64)
    r["contacto_titular"] = por_asesor(asesor_par, mejor >= RANGO_NIVEL["contacto_titular"]).astype(np.int64)
    es_promesa = rango_t == RANGO_NIVEL["promesa"]
    con_promesa = np.bincount(cod_par_t[es_promesa], minlength=len(pares_t)) > 0  # el deudor vacío cuenta
    r["con_promesa"] = por_asesor(pares_t[con_promesa] // k1)
    r["tasa_contacto"] = _dividir(r["contactados"], r["deudores_gestionados"])
    r["tasa_titular"] = _dividir(r["contacto_titular"], r["deudores_gestionados"])
    r["tasa_promesa"] = _dividir(r["con_promesa"], r["contacto_titular"])

    # Promesas del asesor y su cumplimiento (todas las promesas del historial llevan pagos en orden).
    promesas = _promesas_del_periodo(
        tipificaciones, pagos, rango_tt, dia_tt, momento_tt.view(np.int64), cl_tt, cl_pt, clientes,
        np.append(asesores.get_indexer(pd.Index(nombres_t, dtype=object)), -1)[as_tt],
        desde, hasta, dias_gracia, tolerancia_pct, fecha)
    quien, monto_p, pagado, cumplida = promesas
    r["promesas"] = por_asesor(quien)
    r["promesas_cumplidas"] = por_asesor(quien, cumplida).astype(np.int64)
    r["tasa_cumplimiento"] = _dividir(r["promesas_cumplidas"], r["promesas"])
    r["monto_prometido"] = _suma_por_asesor(monto_p, quien, asesores).round(2)
    r["monto_recuperado"] = _suma_por_asesor(pagado, quien, asesores).round(2)

    # Pagos de su cartera desde la primera asignación de cada deudor al asesor en el periodo
    # (como una unión de cada par con los pagos de su deudor, en el orden de llegada de ambos).
    pares_a = pares_asig
    primera = np.full(len(pares_a), np.iinfo(np.int64).max, dtype=np.int64)
    dia_a = dias_enteros(_columna(asignaciones, "fecha"))[filas_a][fa]
    np.minimum.at(primera, cod_par_a, dia_a)
    dia_pt = dias_enteros(_columna(pagos, "fecha")) if len(pagos) else ceros
    fp = np.flatnonzero(dias_en_periodo(dia_pt, desde, hasta) & (cl_pt >= 0))
    fp = fp[np.argsort(cl_pt[fp], kind="stable")]
    deudor_par = pares_a % k1 - 1
    desde_pago = np.searchsorted(cl_pt[fp], deudor_par, side="left")
    cuantos = np.searchsorted(cl_pt[fp], deudor_par, side="right") - desde_pago
    par_de = np.repeat(np.arange(len(pares_a)), cuantos)
    pago_de = fp[np.repeat(desde_pago, cuantos) + (np.arange(len(par_de)) - np.repeat(np.cumsum(cuantos) - cuantos, cuantos))]
    sirve = dia_pt[pago_de] >= primera[par_de]
    monto_pago = pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")
    r["monto_cartera"] = _suma_por_asesor(monto_pago[pago_de[sirve]], (pares_a // k1)[par_de[sirve]], asesores).round(2)

    # Calidad.
    monto_t = pd.to_numeric(_columna(tipificaciones, "monto_promesa"), errors="coerce").to_numpy(dtype="float64")[ft]
    prometida_t = dias_enteros(_columna(tipificaciones, "fecha_promesa"))[ft]
    sin_monto_fecha = es_promesa & ~((monto_t > 0) & (prometida_t != SIN_DIA))
    r["promesas_sin_monto_o_fecha"] = por_asesor(a_t, sin_monto_fecha).astype(np.int64)
    repetido = _repetidos([(cod_codigo[ft], codigos), (canal_tt[ft], canales)], cod_par_t, momento_t)
    r["duplicados"] = por_asesor(a_t, repetido).astype(np.int64)
    pais_de_deudor = _pais_por_deudor(clientes, paises, pais_por_defecto)
    fuera = _fuera_de_horario(momento_t, dia_t, cl_t, pais_de_deudor, reglas_contacto or {}) & ~desconocida
    r["fuera_de_horario"] = por_asesor(a_t, fuera).astype(np.int64)
    es_masivo = pd.Series(canales, dtype=object).astype("string").str.lower().isin(set(canales_masivos)).fillna(False)
    masivo = np.append(es_masivo.to_numpy(dtype=bool), False)[canal_tt[ft]]
    incoherente = masivo & (rango_t >= RANGO_NIVEL["contacto_tercero"])
    r["incoherentes_canal"] = por_asesor(a_t, incoherente).astype(np.int64)
    r["fuera_de_catalogo"] = por_asesor(a_t, rango_t < 0).astype(np.int64)

    # Metas y semáforo.
    for _, columna_meta in INDICADORES:
        r[columna_meta] = np.nan
    if metas is not None and len(metas) and len(fa):
        tabla = metas.drop_duplicates("tratamiento").set_index("tratamiento")
        # La última asignación de cada par (asesor, deudor), en el orden de las asignaciones.
        ultima = np.full(len(pares_a), -1, dtype=np.int64)
        np.maximum.at(ultima, cod_par_a, np.arange(len(fa)))
        ultima = np.sort(ultima)
        cod_trat, tratamientos = pd.factorize(
            _columna(asignaciones, "tratamiento").take(filas_a[fa[ultima]]).to_numpy(dtype=object), use_na_sentinel=True)
        grupo = a_a[ultima]
        for _, columna_meta in INDICADORES:
            if columna_meta in tabla.columns:
                meta = pd.Series(tratamientos, dtype=object).map(pd.to_numeric(tabla[columna_meta], errors="coerce"))
                valores = np.append(meta.to_numpy(dtype="float64"), _meta_vacia(tabla, columna_meta))[cod_trat]
                promedio = pd.Series(valores).groupby(grupo).mean()
                r[columna_meta] = pd.Series(promedio.to_numpy(), index=asesores[promedio.index.to_numpy()]).reindex(asesores)
    # Cada logro topado en 1: superar una meta no compensa quedarse corto en otra.
    logros = pd.DataFrame({real: (r[real] / r[meta].where(r[meta] > 0)).clip(upper=1.0) for real, meta in INDICADORES})
    r["indice_metas"] = logros.mean(axis=1, skipna=True).round(6)
    con_metas = (r[[meta for _, meta in INDICADORES]] > 0).any(axis=1)
    r["semaforo"] = np.select(
        [r["indice_metas"] >= UMBRAL_VERDE, r["indice_metas"] >= UMBRAL_AMARILLO, r["indice_metas"].notna(),
         con_metas.to_numpy()],
        ["verde", "amarillo", "rojo", SIN_DATOS], default="",
    )
    r["semaforo"] = r["semaforo"].where(r["semaforo"] != "", None).astype(object)
    r["puesto"] = r["indice_metas"].rank(ascending=False, method="min").astype("Int64")
    enteros = ["intentos", "intentos_sin_hora", "dias_trabajados", "deudores_asignados", "asignados_gestionados", "deudores_gestionados",
               "contactados", "contacto_titular", "con_promesa", "promesas", "promesas_cumplidas",
               "promesas_sin_monto_o_fecha", "duplicados", "fuera_de_horario", "incoherentes_canal", "fuera_de_catalogo"]
    for columna in enteros:
        r[columna] = r[columna].astype("int64")
    r = r.reset_index()
    orden = np.lexsort((r["asesor"].astype(str).to_numpy(), r["puesto"].astype("float64").fillna(np.inf).to_numpy()))
    return r.take(orden)[list(COLUMNAS_ASESORES)].reset_index(drop=True)
