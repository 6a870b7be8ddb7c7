"""Estado de las promesas de pago: pendiente, cumplida, parcial o incumplida.

Lógica pura sobre DataFrames. Reglas (las mismas que ve el supervisor en ``parametros``):

- Una **promesa** es una tipificación cuyo código tiene nivel ``promesa`` en el catálogo.
- Su **ventana** va desde el día en que se hizo (incluido) hasta ``fecha_promesa`` más
  ``dias_gracia`` (incluido): ``vence``. Un pago anterior a la promesa no la cumple.
- Los pagos de un deudor se reparten entre sus promesas **en orden de fecha**: cada
  promesa, de la más antigua a la más nueva, toma los pagos aún libres de su ventana, del
  más antiguo al más nuevo, hasta alcanzar su umbral. **Cada pago se usa una sola vez y
  entero** (no se parte): con dos promesas y un solo pago, el pago cumple la primera y la
  segunda queda sin pago. El exceso de un pago sobre lo prometido no pasa a otra promesa.
- **Umbral**: ``monto_promesa * (1 - tolerancia_pct / 100)``. Cumplida: lo asignado llega
  al umbral. Una promesa sin monto (el catálogo no lo exigía) se cumple con cualquier pago
  en su ventana; una sin fecha de promesa vence el mismo día en que se hizo (más la gracia).
- Si no está cumplida: ``pendiente`` mientras ``fecha <= vence``; vencida, ``parcial`` si
  recibió algún pago y ``incumplida`` si no recibió nada.
- Todo se evalúa **a la fecha** ``fecha``: las promesas hechas después y los pagos
  posteriores a ``fecha`` no cuentan (así se puede reconstruir el estado de un día pasado).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.nucleo.tipificaciones import normalizar_codigo, preparar_catalogo

ESTADOS_PROMESA = ("pendiente", "cumplida", "parcial", "incumplida")

COLUMNAS_PROMESA = (
    "cliente_id",
    "cuenta",
    "fecha_hora",
    "asesor",
    "canal",
    "codigo",
    "monto_promesa",
    "fecha_promesa",
    "vence",
    "pagado",
    "estado",
)


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def codigos_de_nivel(catalogo: pd.DataFrame, nivel: str) -> set[str]:
    """Claves normalizadas de los códigos del catálogo con ese ``nivel``."""
    cat = preparar_catalogo(catalogo)
    return set(cat.loc[cat["nivel"] == nivel, "clave"])


def evaluar_promesas(
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> pd.DataFrame:
    """Una fila por promesa con lo ``pagado`` que se le asignó y su ``estado``.

    ``tipificaciones`` necesita ``cliente_id``, ``fecha_hora``, ``codigo``,
    ``monto_promesa`` y ``fecha_promesa``; ``pagos`` necesita ``cliente_id``, ``fecha`` y
    ``monto``. Columnas de salida: :data:`COLUMNAS_PROMESA`, ordenadas por deudor y fecha.

    Ejemplo: promesa de 100 el 1/3 para el 5/3, gracia 2 días, tolerancia 5 %; pagos de
    60 el 4/3 y 40 el 7/3 → ``pagado`` 100, ``cumplida``. Con el segundo pago el 8/3 y
    ``fecha`` 10/3 → ``pagado`` 60, ``parcial``.
    """
    dia = pd.Timestamp(fecha).normalize()
    claves = codigos_de_nivel(catalogo, "promesa")
    es_promesa = normalizar_codigo(_columna(tipificaciones, "codigo")).isin(claves).to_numpy(dtype=bool, copy=True)
    fecha_hora = pd.to_datetime(_columna(tipificaciones, "fecha_hora"), errors="coerce")
    es_promesa &= (fecha_hora.dt.normalize() <= dia).fillna(False).to_numpy(dtype=bool)

    prom = pd.DataFrame(
        {
            col: _columna(tipificaciones, col).to_numpy()[es_promesa]
            for col in ("cliente_id", "cuenta", "asesor", "canal", "codigo")
        }
    )
    prom["fecha_hora"] = fecha_hora.to_numpy()[es_promesa]
    prom["monto_promesa"] = pd.to_numeric(_columna(tipificaciones, "monto_promesa"), errors="coerce").to_numpy(
        dtype="float64"
    )[es_promesa]
    prom["fecha_promesa"] = pd.to_datetime(_columna(tipificaciones, "fecha_promesa"), errors="coerce").to_numpy()[
        es_promesa
    ]
    prom["fecha_hora"] = prom["fecha_hora"].astype("datetime64[ns]")
    prom["fecha_promesa"] = prom["fecha_promesa"].astype("datetime64[ns]").dt.normalize()
    prom["cliente_id"] = prom["cliente_id"].where(prom["cliente_id"].notna(), "").astype(str).astype(object)
    # Orden por deudor y fecha con enteros (ordenar textos de millones de filas es lento).
    cod_prom, deudores = pd.factorize(prom["cliente_id"], sort=True)
    orden = np.lexsort((prom["fecha_hora"].to_numpy(dtype="datetime64[ns]").astype(np.int64), cod_prom))
    prom = prom.take(orden).reset_index(drop=True)
    cod_prom = cod_prom[orden]

    inicio = prom["fecha_hora"].dt.normalize()
    prom["vence"] = prom["fecha_promesa"].fillna(inicio) + pd.Timedelta(days=int(dias_gracia))
    monto = prom["monto_promesa"].to_numpy(dtype="float64")
    umbral = np.where(np.isnan(monto), 0.005, monto * (1.0 - float(tolerancia_pct) / 100.0))
    umbral = np.maximum(umbral, 0.005)  # cumplir exige haber pagado algo

    pagado = _asignar_pagos(prom, cod_prom, pd.Index(deudores, dtype=object), inicio, umbral, pagos, dia)
    prom["pagado"] = pagado

    cumplida = pagado >= umbral
    vigente = (prom["vence"] >= dia).to_numpy(dtype=bool)
    prom["estado"] = np.select(
        [cumplida, vigente, pagado > 0],
        ["cumplida", "pendiente", "parcial"],
        default="incumplida",
    ).astype(object)
    return prom[list(COLUMNAS_PROMESA)]


def _asignar_pagos(
    prom: pd.DataFrame,
    cod_prom: np.ndarray,
    deudores: pd.Index,
    inicio: pd.Series,
    umbral: np.ndarray,
    pagos: pd.DataFrame,
    dia: pd.Timestamp,
) -> np.ndarray:
    """Monto asignado a cada promesa (``prom`` ordenado por deudor y fecha; ``cod_prom``
    es la posición de su deudor en ``deudores``, creciente)."""
    pagado = np.zeros(len(prom), dtype="float64")
    if prom.empty or pagos.empty:
        return pagado
    ids = _columna(pagos, "cliente_id").to_numpy(dtype=object)
    cod_pag = deudores.get_indexer(pd.Index(ids, dtype=object))
    fec_g = pd.to_datetime(_columna(pagos, "fecha"), errors="coerce").to_numpy(dtype="datetime64[D]")
    mon_g = pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")
    sirve = (cod_pag >= 0) & ~np.isnat(fec_g) & (fec_g <= dia.to_datetime64().astype("datetime64[D]")) & (mon_g > 0)
    if not sirve.any():
        return pagado
    cod_pag, fec_g, mon_g = cod_pag[sirve], fec_g[sirve].astype(np.int64), mon_g[sirve]
    orden = np.lexsort((fec_g, cod_pag))  # estable: a igual fecha, el orden de llegada
    cod_pag, fec_g, mon_g = cod_pag[orden], fec_g[orden], mon_g[orden]
    ini_p = inicio.to_numpy(dtype="datetime64[D]").astype(np.int64)
    ven_p = prom["vence"].to_numpy(dtype="datetime64[D]").astype(np.int64)

    return repartir_pagos(cod_prom, ini_p, ven_p, umbral, cod_pag, fec_g, mon_g)


#: Deudores con más promesas o más pagos que esto se reparten con el bucle simple (son pocos);
#: el resto, todos a la vez con operaciones sobre arreglos.
_LIMITE_VECTORIAL = 16


def repartir_pagos(
    cod_prom: np.ndarray,
    ini_p: np.ndarray,
    ven_p: np.ndarray,
    umbral: np.ndarray,
    cod_pag: np.ndarray,
    fec_pag: np.ndarray,
    mon_pag: np.ndarray,
) -> np.ndarray:
    """Monto que los pagos aportan a cada promesa, con las reglas del módulo.

    Trabaja sobre arreglos: ``cod_prom`` (entero del deudor, creciente), ``ini_p`` y ``ven_p``
    (días, enteros) y ``umbral`` de cada promesa, ordenadas por deudor y fecha de la gestión;
    ``cod_pag``, ``fec_pag`` (días) y ``mon_pag`` de los pagos que pueden cumplir (hasta la
    fecha de evaluación y de monto positivo), ordenados por deudor y día (a igual día, el orden
    de llegada). Las sumas se hacen pago a pago en ese orden, igual que el bucle simple.
    """
    pagado = np.zeros(len(cod_prom), dtype="float64")
    if not len(cod_prom) or not len(cod_pag):
        return pagado
    # Deudores con promesas y con pagos (los dos arreglos ya vienen ordenados por deudor).
    con_promesas = cod_prom[np.r_[True, cod_prom[1:] != cod_prom[:-1]]]
    con_pagos = cod_pag[np.r_[True, cod_pag[1:] != cod_pag[:-1]]]
    encontrado = np.minimum(np.searchsorted(con_pagos, con_promesas), len(con_pagos) - 1)
    comunes = con_promesas[con_pagos[encontrado] == con_promesas]
    if not len(comunes):
        return pagado
    p_desde = np.searchsorted(cod_prom, comunes, side="left")
    p_cuantas = np.searchsorted(cod_prom, comunes, side="right") - p_desde
    g_desde = np.searchsorted(cod_pag, comunes, side="left")
    g_cuantos = np.searchsorted(cod_pag, comunes, side="right") - g_desde
    usado = np.zeros(len(cod_pag), dtype=bool)

    # Pocos deudores con muchas promesas o pagos: bucle simple.
    grandes = (p_cuantas > _LIMITE_VECTORIAL) | (g_cuantos > _LIMITE_VECTORIAL)
    if grandes.any():
        ini_l, ven_l, umb_l = ini_p.tolist(), ven_p.tolist(), umbral.tolist()
        fec_l, mon_l = fec_pag.tolist(), mon_pag.tolist()
        for pd_, pc, gd, gc in zip(p_desde[grandes].tolist(), p_cuantas[grandes].tolist(),
                                   g_desde[grandes].tolist(), g_cuantos[grandes].tolist()):
            usados = [False] * gc
            for i in range(pd_, pd_ + pc):
                total = 0.0
                for k in range(gd, gd + gc):
                    if usados[k - gd] or fec_l[k] < ini_l[i]:
                        continue
                    if fec_l[k] > ven_l[i]:
                        break
                    usados[k - gd] = True
                    total += mon_l[k]
                    if total >= umb_l[i]:
                        break
                pagado[i] = total

    # El resto a la vez: la promesa r-ésima de cada deudor (en orden), y dentro de ella sus pagos
    # uno a uno, sumando en el mismo orden que el bucle simple.
    chicos = ~grandes
    p_desde, p_cuantas = p_desde[chicos], p_cuantas[chicos]
    g_desde, g_cuantos = g_desde[chicos], g_cuantos[chicos]
    for r in range(int(p_cuantas.max(initial=0))):
        activos = np.flatnonzero(p_cuantas > r)
        promesa = p_desde[activos] + r
        primero = g_desde[activos]
        cuantos = g_cuantos[activos]
        total = np.zeros(len(activos), dtype="float64")
        abiertas = np.arange(len(activos))  # promesas que aún no llegan a su umbral
        for j in range(int(cuantos.max(initial=0))):
            abiertas = abiertas[cuantos[abiertas] > j]
            if not len(abiertas):
                break
            k = primero[abiertas] + j
            i = promesa[abiertas]
            toma = ~usado[k] & (fec_pag[k] >= ini_p[i]) & (fec_pag[k] <= ven_p[i])
            if not toma.any():
                continue
            tomadas, k = abiertas[toma], k[toma]
            usado[k] = True
            total[tomadas] += mon_pag[k]
            llegan = total[tomadas] >= umbral[i[toma]]
            if llegan.any():
                abiertas = np.setdiff1d(abiertas, tomadas[llegan], assume_unique=True)
        pagado[promesa] = total
    return pagado
