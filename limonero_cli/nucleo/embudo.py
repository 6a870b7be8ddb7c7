"""El embudo de cobranza: deudores asignados → gestionados → contactados → titular →
promesa → promesa cumplida, con montos y conversiones.

Lógica pura. Las definiciones son las de ``docs/arquitectura.md`` («Números que se
informan»):

- Se cuentan **deudores** (``cliente_id``), no cuentas ni intentos.
- ``asignadas``: deudores con al menos una asignación con ``fecha`` en el periodo. Cada
  deudor cuenta en el grupo de su **última** asignación del periodo (la última fila
  registrada de su último día), y de ella sale su ``saldo_asignado``.
- ``gestionadas``: de esos, los que tienen al menos una tipificación en el periodo.
- ``contactadas``: su mejor nivel del periodo es ``contacto_tercero`` o más (los niveles
  se ordenan como en :data:`NIVELES`; un código fuera del catálogo cuenta como intento
  pero no como contacto).
- ``contacto_titular``: mejor nivel ``contacto_titular`` o más.
- ``promesas``: al menos una promesa (código de nivel ``promesa``) hecha en el periodo.
- ``promesas_cumplidas``: al menos una de esas promesas está cumplida
  (ver :mod:`limonero_cli.nucleo.promesas`; los pagos que la cumplen pueden caer después
  del periodo, hasta ``fecha``).
- ``monto_prometido``: suma de los montos de esas promesas.
- ``monto_recuperado``: pagos de los deudores asignados hechos desde el día de su **primera**
  asignación del periodo (ese día incluido) hasta el fin del periodo, hayan sido contactados o
  no. Lo que un deudor pagó antes de que se lo asignara no es recuperación de la gestión.
- ``conv_<paso>``: el paso dividido por el paso anterior; ``tasa_<paso>``: el paso dividido
  por ``asignadas``; ``tasa_recuperacion``: ``monto_recuperado / saldo_asignado``. Son
  fracciones (0,25 = 25 %); vacías (NaN) cuando el denominador es cero.

Como cada paso es un subconjunto del anterior, los conteos nunca crecen de un paso al
siguiente.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorUso
from limonero_cli.nucleo.promesas import evaluar_promesas
from limonero_cli.nucleo.tipificaciones import NIVELES, RANGO_NIVEL, preparar_catalogo, rango_de_codigos

__all__ = [
    "DIMENSIONES",
    "NIVELES",
    "PASOS",
    "SIN_DATO",
    "calcular_embudo",
    "columnas_embudo",
    "comparar_metas",
    "comparar_variantes",
    "prueba_dos_proporciones",
]

#: Dimensiones por las que se puede abrir el embudo (columnas de las asignaciones).
DIMENSIONES = ("tratamiento", "etapa", "segmento", "asesor", "canal", "variante")

#: Pasos del embudo, en orden.
PASOS = ("asignadas", "gestionadas", "contactadas", "contacto_titular", "promesas", "promesas_cumplidas")

#: Etiqueta de un grupo cuya dimensión viene vacía.
SIN_DATO = "(sin dato)"

MONTOS = ("monto_prometido", "monto_recuperado", "saldo_asignado")


def columnas_embudo(por: list[str]) -> list[str]:
    """Columnas del resultado de :func:`calcular_embudo`, en orden."""
    conversiones = [f"conv_{p}" for p in PASOS[1:]]
    tasas = [f"tasa_{p}" for p in PASOS[1:]]
    return ["grupo", *por, *PASOS, *MONTOS, *conversiones, *tasas, "tasa_recuperacion"]


def normalizar_por(por: list[str] | str | None) -> list[str]:
    """Valida ``por``: ninguna, una o dos dimensiones de :data:`DIMENSIONES`.

    Acepta una lista o un texto separado por comas (``"tratamiento,etapa"``).
    """
    if por is None:
        return []
    if isinstance(por, str):
        por = [p for p in por.split(",")]
    dims = [str(p).strip().lower() for p in por if str(p).strip()]
    desconocidas = [d for d in dims if d not in DIMENSIONES]
    if desconocidas:
        raise ErrorUso(
            f"No se puede abrir el embudo por «{desconocidas[0]}».",
            f"Use una o dos de: {', '.join(DIMENSIONES)} (por ejemplo --por tratamiento,etapa), "
            "o «total» para una sola fila.",
        )
    if len(dims) > 2:
        raise ErrorUso(
            f"El embudo se abre por una o dos dimensiones, no por {len(dims)} ({', '.join(dims)}).",
            "Elija dos, por ejemplo --por tratamiento,etapa.",
        )
    if len(set(dims)) != len(dims):
        raise ErrorUso(f"La dimensión «{dims[0]}» está repetida en --por.", "Escríbala una sola vez.")
    return dims


def _columna(datos: pd.DataFrame, nombre: str) -> pd.Series:
    if nombre in datos.columns:
        return datos[nombre]
    return pd.Series([None] * len(datos), index=datos.index, dtype=object)


def _en_periodo(fechas: pd.Series, desde: date | None, hasta: date | None) -> np.ndarray:
    """Máscara de las fechas (o fechas y horas) cuyo día cae entre ``desde`` y ``hasta``."""
    dias = pd.to_datetime(fechas, errors="coerce").dt.normalize()
    mascara = dias.notna().to_numpy(dtype=bool, copy=True)
    if desde is not None:
        mascara &= (dias >= pd.Timestamp(desde).normalize()).fillna(False).to_numpy(dtype=bool)
    if hasta is not None:
        mascara &= (dias <= pd.Timestamp(hasta).normalize()).fillna(False).to_numpy(dtype=bool)
    return mascara


def _dividir(numerador: pd.Series, denominador: pd.Series) -> pd.Series:
    num = numerador.astype("float64")
    den = denominador.astype("float64")
    return (num / den).where(den > 0)


def calcular_embudo(
    asignaciones: pd.DataFrame,
    tipificaciones: pd.DataFrame,
    pagos: pd.DataFrame,
    catalogo: pd.DataFrame,
    por: list[str] | None,
    desde: date | None,
    hasta: date | None,
    dias_gracia: int,
    tolerancia_pct: float,
    fecha: date,
) -> pd.DataFrame:
    """Embudo por grupo (una fila por grupo; una sola fila «Total» si ``por`` está vacío).

    ``grupo`` es la etiqueta del grupo: ``"Total"``, el valor de la dimensión, o
    ``"A / B"`` con dos dimensiones. Los datos pueden traer todo el historial: aquí se
    filtra el periodo ``[desde, hasta]`` (ambos incluidos; ``None`` = sin límite).

    Ejemplo: ``calcular_embudo(asig, tip, pag, cat, ["tratamiento"], date(2025, 7, 1),
    date(2025, 7, 31), 2, 5.0, date(2025, 8, 3))``.
    """
    dims = normalizar_por(por)
    columnas = columnas_embudo(dims)

    # 1. Deudores asignados en el periodo y su última asignación.
    en_periodo = _en_periodo(_columna(asignaciones, "fecha"), desde, hasta)
    asig = pd.DataFrame(
        {
            "cliente_id": _columna(asignaciones, "cliente_id").to_numpy(dtype=object)[en_periodo],
            "fecha": pd.to_datetime(_columna(asignaciones, "fecha"), errors="coerce").to_numpy()[en_periodo],
            "saldo_vencido": pd.to_numeric(_columna(asignaciones, "saldo_vencido"), errors="coerce").to_numpy(
                dtype="float64"
            )[en_periodo],
        }
    )
    for dim in dims:
        asig[dim] = _columna(asignaciones, dim).to_numpy(dtype=object)[en_periodo]
    asig = asig[asig["cliente_id"].notna()]
    asig = asig.sort_values("fecha", kind="stable")
    # Día de la primera asignación del periodo: los pagos anteriores no son recuperación.
    primera_asignacion = asig.drop_duplicates("cliente_id", keep="first").set_index("cliente_id")["fecha"]
    asig = asig.drop_duplicates("cliente_id", keep="last")
    deudores = pd.Index(asig["cliente_id"].to_numpy(dtype=object))
    n = len(deudores)
    primera = pd.to_datetime(primera_asignacion.reindex(deudores)).dt.normalize().to_numpy(dtype="datetime64[ns]")

    por_deudor = pd.DataFrame(index=range(n))
    for dim in dims:
        valores = asig[dim].astype("string").str.strip()
        valores = valores.where(valores.notna() & (valores != ""), SIN_DATO)
        por_deudor[dim] = valores.to_numpy(dtype=object)
    por_deudor["saldo_asignado"] = np.nan_to_num(asig["saldo_vencido"].to_numpy(dtype="float64"))

    # 2. Mejor nivel de cada deudor en el periodo.
    cat = preparar_catalogo(catalogo)
    mejor = np.full(n, -2, dtype=np.int64)  # -2 = sin intentos
    promesas = np.zeros(n, dtype=np.int64)
    cumplidas = np.zeros(n, dtype=np.int64)
    prometido = np.zeros(n, dtype="float64")
    if n and len(tipificaciones):
        rango_todas = rango_de_codigos(_columna(tipificaciones, "codigo"), cat)
        mascara = _en_periodo(_columna(tipificaciones, "fecha_hora"), desde, hasta)
        ids = _columna(tipificaciones, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        rango = rango_todas[mascara]
        asignado = posicion >= 0
        np.maximum.at(mejor, posicion[asignado], rango[asignado])

        # 3. Promesas hechas en el periodo y su cumplimiento (pagos hasta ``fecha``). Se evalúan
        # todas las promesas (también las anteriores al periodo: se llevan pagos primero).
        es_promesa = rango_todas == RANGO_NIVEL["promesa"]
        columnas_promesa = [c for c in ("cliente_id", "fecha_hora", "codigo", "monto_promesa", "fecha_promesa") if c in tipificaciones.columns]
        evaluadas = evaluar_promesas(
            tipificaciones.loc[es_promesa, columnas_promesa], pagos, catalogo, dias_gracia, tolerancia_pct, fecha
        )
        evaluadas = evaluadas[_en_periodo(evaluadas["fecha_hora"], desde, hasta)]
        posicion = deudores.get_indexer(pd.Index(evaluadas["cliente_id"].to_numpy(dtype=object), dtype=object))
        asignado = posicion >= 0
        posicion = posicion[asignado]
        np.add.at(promesas, posicion, 1)
        np.add.at(cumplidas, posicion, (evaluadas["estado"].to_numpy()[asignado] == "cumplida").astype(np.int64))
        np.add.at(prometido, posicion, np.nan_to_num(evaluadas["monto_promesa"].to_numpy(dtype="float64")[asignado]))
    por_deudor["asignadas"] = 1
    por_deudor["gestionadas"] = (mejor >= -1).astype(np.int64)
    por_deudor["contactadas"] = (mejor >= RANGO_NIVEL["contacto_tercero"]).astype(np.int64)
    por_deudor["contacto_titular"] = (mejor >= RANGO_NIVEL["contacto_titular"]).astype(np.int64)
    por_deudor["promesas"] = (promesas > 0).astype(np.int64)
    por_deudor["promesas_cumplidas"] = (cumplidas > 0).astype(np.int64)
    por_deudor["monto_prometido"] = prometido

    # 4. Pagos del periodo de los deudores asignados, desde el día de su primera asignación.
    recuperado = np.zeros(n, dtype="float64")
    if n and len(pagos):
        mascara = _en_periodo(_columna(pagos, "fecha"), desde, hasta)
        ids = _columna(pagos, "cliente_id").to_numpy(dtype=object)[mascara]
        posicion = deudores.get_indexer(pd.Index(ids, dtype=object))
        montos = np.nan_to_num(pd.to_numeric(_columna(pagos, "monto"), errors="coerce").to_numpy(dtype="float64")[mascara])
        dias_pago = pd.to_datetime(_columna(pagos, "fecha"), errors="coerce").dt.normalize().to_numpy(
            dtype="datetime64[ns]")[mascara]
        asignado = posicion >= 0
        asignado[asignado] = dias_pago[asignado] >= primera[posicion[asignado]]
        recuperado = np.bincount(posicion[asignado], weights=montos[asignado], minlength=n).astype("float64")
    por_deudor["monto_recuperado"] = recuperado

    # 5. Agregar por grupo.
    sumas = list(PASOS) + list(MONTOS)
    if dims:
        tabla = por_deudor.groupby(dims, sort=True, dropna=False)[sumas].sum().reset_index()
        grupo = tabla[dims[0]].astype(str)
        if len(dims) > 1:
            grupo = grupo + " / " + tabla[dims[1]].astype(str)
        tabla["grupo"] = grupo.to_numpy(dtype=object)
    else:
        tabla = por_deudor[sumas].sum().to_frame().T
        tabla["grupo"] = "Total"
    for paso in PASOS:
        tabla[paso] = tabla[paso].astype(np.int64)
    for monto in MONTOS:
        tabla[monto] = tabla[monto].astype("float64").round(2)
    for previo, paso in zip(PASOS[:-1], PASOS[1:]):
        tabla[f"conv_{paso}"] = _dividir(tabla[paso], tabla[previo])
        tabla[f"tasa_{paso}"] = _dividir(tabla[paso], tabla["asignadas"])
    tabla["tasa_recuperacion"] = _dividir(tabla["monto_recuperado"], tabla["saldo_asignado"])
    return tabla[columnas].reset_index(drop=True)


# --------------------------------------------------------------------------- metas e hipótesis

#: Indicador de cada meta del libro de estrategia: (numerador, denominador).
INDICADORES_META = {
    "cobertura": ("gestionadas", "asignadas"),
    "contacto": ("contactadas", "gestionadas"),
    "promesa": ("promesas", "contacto_titular"),
    "cumplimiento": ("promesas_cumplidas", "promesas"),
    "recuperacion": ("monto_recuperado", "saldo_asignado"),
}


def _como_fraccion(valores: pd.Series) -> pd.Series:
    """Metas escritas como 95, "95 %", 0,95 o 0.95 → 0.95."""
    texto = valores.astype("string").str.replace("%", "", regex=False).str.replace(",", ".", regex=False).str.strip()
    numeros = pd.to_numeric(texto, errors="coerce").astype("float64")
    return numeros.where(numeros <= 1, numeros / 100)


def comparar_metas(embudo: pd.DataFrame, metas: pd.DataFrame) -> pd.DataFrame:
    """Metas de cada tratamiento junto a lo logrado, y si la hipótesis se sostiene.

    ``embudo`` es el resultado de :func:`calcular_embudo` abierto por ``tratamiento`` (con
    o sin otra dimensión: se suma por tratamiento). ``metas`` trae ``tratamiento`` y
    columnas ``meta_cobertura``, ``meta_contacto``, ``meta_promesa``, ``meta_cumplimiento``,
    ``meta_recuperacion`` (en % o fracción). Indicadores (:data:`INDICADORES_META`):
    cobertura = gestionadas / asignadas; contacto = contactadas / gestionadas;
    promesa = promesas / contacto_titular; cumplimiento = promesas_cumplidas / promesas;
    recuperacion = monto_recuperado / saldo_asignado.

    Devuelve una fila por tratamiento e indicador con meta: ``tratamiento``, ``indicador``,
    ``meta``, ``real`` (fracciones; ``real`` vacío si el denominador es cero), ``cumple``
    (``True``/``False``, vacío sin datos) e ``hipotesis_se_cumple`` (todas las metas con
    datos cumplidas, y al menos una con datos).
    """
    if "tratamiento" not in embudo.columns:
        raise ErrorUso("Para comparar con las metas, abra el embudo por tratamiento.", "Use --por tratamiento.")
    sumas = embudo.groupby("tratamiento", sort=True)[list(PASOS) + list(MONTOS)].sum()
    filas = []
    for fila in metas.itertuples(index=False):
        trat = getattr(fila, "tratamiento")
        for indicador, (num, den) in INDICADORES_META.items():
            columna = f"meta_{indicador}"
            if columna not in metas.columns:
                continue
            meta = _como_fraccion(pd.Series([getattr(fila, columna)])).iloc[0]
            if pd.isna(meta):
                continue
            real = np.nan
            if trat in sumas.index and sumas.loc[trat, den] > 0:
                real = float(sumas.loc[trat, num]) / float(sumas.loc[trat, den])
            filas.append({"tratamiento": trat, "indicador": indicador, "meta": float(meta), "real": real,
                          "cumple": None if np.isnan(real) else bool(real >= meta)})
    tabla = pd.DataFrame(filas, columns=["tratamiento", "indicador", "meta", "real", "cumple"])
    con_datos = tabla[tabla["cumple"].notna()]
    veredicto = con_datos.groupby("tratamiento")["cumple"].agg(lambda c: bool(all(c)))
    tabla["hipotesis_se_cumple"] = tabla["tratamiento"].map(veredicto).astype(object)
    tabla["hipotesis_se_cumple"] = tabla["hipotesis_se_cumple"].where(tabla["hipotesis_se_cumple"].notna(), None)
    return tabla


# --------------------------------------------------------------------------- campeón y retador

MUESTRA_MINIMA = 30


def _pct(valor: float) -> str:
    return f"{valor * 100:.1f}".replace(".", ",") + " %"


def _p(valor: float) -> str:
    return f"{valor:.3f}".replace(".", ",")


def prueba_dos_proporciones(exitos_a: int, n_a: int, exitos_b: int, n_b: int) -> float:
    """Valor p (dos colas) de la prueba z de diferencia de dos proporciones con varianza combinada."""
    if n_a == 0 or n_b == 0:
        return float("nan")
    combinada = (exitos_a + exitos_b) / (n_a + n_b)
    error = np.sqrt(combinada * (1 - combinada) * (1 / n_a + 1 / n_b))
    if error == 0:
        return 1.0
    z = (exitos_a / n_a - exitos_b / n_b) / error
    return float(math.erfc(abs(z) / math.sqrt(2)))


def comparar_variantes(
    embudo: pd.DataFrame,
    paso: str = "promesas_cumplidas",
    campeon: str | dict | None = None,
    alfa: float = 0.05,
    dentro: str = "tratamiento",
    brazo: str = "variante",
) -> pd.DataFrame:
    """Campeón contra retador(es) dentro de cada grupo ``dentro``: ``paso`` / ``asignadas`` y un veredicto.

    ``embudo`` abierto por ``dentro`` y ``brazo`` (por defecto ``tratamiento`` y ``variante``; en
    la estrategia el campeón y el retador suelen ser dos tratamientos de un mismo segmento:
    ``dentro="segmento"``). El campeón es ``campeon`` (un nombre, o un dict grupo → nombre); si no
    se da o no está, la variante llamada ``campeon``/``campeón``/``control``; si tampoco, la de más
    deudores asignados. El veredicto dice, en palabras, si la diferencia es clara (prueba z de dos
    proporciones, ``alfa`` 5 %) o si la muestra es demasiado chica para saberlo (menos de
    :data:`MUESTRA_MINIMA` deudores por variante, o menos de 5 éxitos o fracasos esperados).
    La primera columna de la salida se llama como ``dentro``.
    """
    if not {dentro, brazo} <= set(embudo.columns):
        if dentro == "tratamiento":
            raise ErrorUso("Para comparar variantes, abra el embudo por tratamiento y variante.",
                           "Use --por tratamiento,variante.")
        raise ErrorUso(f"Para comparar variantes, abra el embudo por {dentro} y {brazo}.",
                       f"Use --por {dentro},{brazo}.")
    if paso not in PASOS[1:]:
        raise ErrorUso(f"«{paso}» no es un paso del embudo.", f"Use uno de: {', '.join(PASOS[1:])}.")
    filas = []
    for nombre_grupo, grupo in embudo.groupby(dentro, sort=True):
        grupo = grupo.groupby(brazo)[["asignadas", paso]].sum()
        if len(grupo) < 2:
            continue
        nombres = {str(v).strip().lower(): v for v in grupo.index}
        pedido = campeon.get(nombre_grupo) if isinstance(campeon, dict) else campeon
        elegido = pedido if pedido in grupo.index else next(
            (nombres[n] for n in ("campeon", "campeón", "control") if n in nombres), grupo["asignadas"].idxmax()
        )
        n_c, e_c = int(grupo.loc[elegido, "asignadas"]), int(grupo.loc[elegido, paso])
        for variante, datos in grupo.drop(index=elegido).iterrows():
            n_r, e_r = int(datos["asignadas"]), int(datos[paso])
            tasa_c = e_c / n_c if n_c else np.nan
            tasa_r = e_r / n_r if n_r else np.nan
            p = prueba_dos_proporciones(e_r, n_r, e_c, n_c)
            combinada = (e_c + e_r) / (n_c + n_r) if (n_c + n_r) else 0.0
            esperados = min(n * q for n in (n_c, n_r) for q in (combinada, 1 - combinada))
            if min(n_c, n_r) < MUESTRA_MINIMA or esperados < 5:
                veredicto = (f"Muestra demasiado pequeña para saber: {n_r} deudores en «{variante}» y {n_c} en "
                             f"«{elegido}»; hacen falta al menos {MUESTRA_MINIMA} por variante y más resultados.")
            elif p < alfa:
                sentido = "mejor" if tasa_r > tasa_c else "peor"
                veredicto = (f"«{variante}» funciona {sentido} que «{elegido}» ({_pct(tasa_r)} contra {_pct(tasa_c)}); "
                             f"la diferencia es clara (p = {_p(p)}).")
            else:
                veredicto = (f"No hay diferencia clara entre «{variante}» y «{elegido}» "
                             f"({_pct(tasa_r)} contra {_pct(tasa_c)}, p = {_p(p)}).")
            filas.append({dentro: nombre_grupo, "campeon": elegido, "retador": variante, "paso": paso,
                          "asignadas_campeon": n_c, "exitos_campeon": e_c, "tasa_campeon": tasa_c,
                          "asignadas_retador": n_r, "exitos_retador": e_r, "tasa_retador": tasa_r,
                          "valor_p": p, "veredicto": veredicto})
    columnas = [dentro, "campeon", "retador", "paso", "asignadas_campeon", "exitos_campeon", "tasa_campeon",
                "asignadas_retador", "exitos_retador", "tasa_retador", "valor_p", "veredicto"]
    return pd.DataFrame(filas, columns=columnas)
