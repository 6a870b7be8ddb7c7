"""Focalización: segmento, tratamiento, variante y etapa de cada cuenta.

El segmento se decide por **deudor** (``cliente_id``), no por cuenta: primero se
juntan sus cuentas (mora = la mayor, saldo vencido = la suma, con las notas
crédito restando; los demás campos, de la cuenta más vencida) y luego se aplica
la tabla ``segmentos``. Así un deudor nunca recibe dos tratamientos.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos
from limonero_cli.estrategia.dmn import evaluar, parsear_prueba
from limonero_cli.estrategia.modelo import SIN_SEGMENTO, Estrategia, clave

SAL_VARIANTE = "limonero-variante-1"
"""Sal fija del reparto campeón/retador: cambiarla reasigna a todos los deudores."""

SUMADOS = ("saldo_vencido", "saldo_total")
"""Campos que se suman entre las cuentas del deudor."""

COLUMNAS_SEGMENTACION = ("segmento", "tratamiento", "variante", "etapa")


def _ids_deudor(cartera: pd.DataFrame) -> pd.Series:
    """``cliente_id`` como texto; vacío = la cuenta."""
    cuenta = cartera["cuenta"].astype(object)
    if "cliente_id" not in cartera.columns:
        return cuenta
    cliente = cartera["cliente_id"].astype(object)
    vacio = cliente.isna().to_numpy() | (cliente.to_numpy() == "")
    if vacio.any():
        cliente = cliente.where(~vacio, cuenta)
    return cliente


def _como_float(serie: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(serie.dtype) and not pd.api.types.is_bool_dtype(serie.dtype):
        return serie.astype("float64").to_numpy(na_value=np.nan)
    return pd.to_numeric(serie, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


class _Agrupacion:
    """Las cuentas ordenadas por deudor: primero las que deben (saldo vencido > 0), la más vencida primero.

    Así la mora del deudor es la de su cuenta impaga más antigua: una factura ya
    saldada o una nota crédito con muchos días no la inflan. Si ninguna cuenta
    debe, cuenta la más vencida de todas.
    """

    def __init__(self, cartera: pd.DataFrame):
        ids = _ids_deudor(cartera)
        self.codigos, self.ids = pd.factorize(ids, sort=False)
        self.n = len(self.ids)
        dias = _como_float(cartera["dias_mora"]) if "dias_mora" in cartera.columns else np.full(len(cartera), np.nan)
        self.dias_cuenta = dias
        llave_dias = np.where(np.isnan(dias), np.inf, -dias)
        saldo = _como_float(cartera["saldo_vencido"]) if "saldo_vencido" in cartera.columns else np.ones(len(cartera))
        sin_deuda = ~(saldo > 0)
        self.orden = np.lexsort((np.arange(len(cartera)), llave_dias, sin_deuda, self.codigos))
        codigos_ordenados = self.codigos[self.orden]
        self.inicios = np.flatnonzero(np.r_[True, codigos_ordenados[1:] != codigos_ordenados[:-1]]) if len(cartera) else np.array([], dtype=int)
        self.n_cuentas = np.bincount(self.codigos, minlength=self.n)

    def dias_mora(self) -> np.ndarray:
        """Mayor mora de cada deudor (NaN si ninguna cuenta la trae)."""
        return self.dias_cuenta[self.orden][self.inicios]

    def suma(self, serie: pd.Series) -> np.ndarray:
        valores = _como_float(serie)
        presentes = ~np.isnan(valores)
        suma = np.bincount(self.codigos, weights=np.where(presentes, valores, 0.0), minlength=self.n)
        cuantos = np.bincount(self.codigos, weights=presentes.astype(float), minlength=self.n)
        return np.where(cuantos > 0, suma, np.nan)

    def alguno(self, serie: pd.Series) -> np.ndarray:
        if pd.api.types.is_bool_dtype(serie.dtype):
            verdad = serie.fillna(False).to_numpy(dtype=bool)
        else:
            normal = serie.map(lambda v: clave(v) if isinstance(v, str) else v, na_action="ignore")
            verdad = normal.isin([True, 1, "si", "s", "x", "true", "verdadero", "1"]).to_numpy()
        return np.bincount(self.codigos, weights=verdad.astype(float), minlength=self.n) > 0

    def primero(self, cartera: pd.DataFrame, columnas: list[str]) -> pd.DataFrame:
        """Primer valor no vacío de cada columna, empezando por la cuenta más vencida.

        Vacíos son los nulos y ``""``. Lo mismo que ``groupby(...).first()`` sobre las cuentas en
        ese orden (un deudor sin ningún valor queda ``None`` en una columna de objetos y con el
        nulo de su tipo en las demás), pero por posiciones: las cuentas ya están agrupadas por
        deudor, así que el primer valor de cada uno es el primero de su tramo.
        """
        if not columnas:
            return pd.DataFrame(index=pd.RangeIndex(self.n))
        codigos = self.codigos[self.orden]
        primeros = {}
        for columna in columnas:
            serie = cartera[columna]
            # los vacíos se miran en el orden de la cartera (en memoria, seguido: rápido) y luego se ordenan
            vacios = serie.isna().to_numpy()
            if serie.dtype == object or pd.api.types.is_string_dtype(serie.dtype):
                vacios = vacios | (serie.to_numpy(dtype=object) == "")
            llenas = np.flatnonzero(~vacios[self.orden])
            de_quien = codigos[llenas]
            es_primera = np.ones(len(llenas), dtype=bool)
            es_primera[1:] = de_quien[1:] != de_quien[:-1]
            posicion = np.full(self.n, -1, dtype=np.int64)  # fila de la cartera con el primer valor de cada deudor
            posicion[de_quien[es_primera]] = self.orden[llenas[es_primera]]
            if serie.dtype == object:
                tomados = np.full(self.n, None, dtype=object)
                con_valor = posicion >= 0
                tomados[con_valor] = serie.to_numpy(dtype=object)[posicion[con_valor]]
                primeros[columna] = pd.Series(tomados, dtype=object)
            else:
                primeros[columna] = pd.Series(serie.array.take(posicion, allow_fill=True))
        return pd.DataFrame(primeros, index=pd.RangeIndex(self.n))


def _deudores(cartera: pd.DataFrame, agrupacion: _Agrupacion, columnas: list[str]) -> pd.DataFrame:
    """Tabla de deudores con los campos pedidos agregados."""
    especiales = {"cuenta", "cliente_id", "dias_mora", "no_contactar", "_fila", *SUMADOS}
    otras = [c for c in columnas if c not in especiales and c in cartera.columns]
    deudores = agrupacion.primero(cartera, otras)
    deudores.insert(0, "cliente_id", pd.Series(np.asarray(agrupacion.ids, dtype=object), dtype=object))
    dias = agrupacion.dias_mora()
    deudores["dias_mora"] = pd.array(np.floor(dias), dtype="Float64").astype("Int64")
    for campo in SUMADOS:
        if campo in cartera.columns and (campo in columnas or campo == "saldo_vencido"):
            deudores[campo] = agrupacion.suma(cartera[campo])
    if "no_contactar" in cartera.columns and "no_contactar" in columnas:
        deudores["no_contactar"] = agrupacion.alguno(cartera["no_contactar"])
    return deudores


def agregar_deudores(cartera: pd.DataFrame) -> pd.DataFrame:
    """Una fila por deudor: ``cliente_id``, ``cuentas`` (unidas con ", "), ``n_cuentas``,
    ``dias_mora`` (la mayor), ``saldo_vencido`` y ``saldo_total`` (sumas; las notas crédito
    restan), ``no_contactar`` (si alguna cuenta lo pide) y, para los demás campos, el primer
    valor no vacío empezando por la cuenta más vencida. Deudores en orden de aparición.
    """
    return _agregar(cartera, _Agrupacion(cartera))


def _agregar(cartera: pd.DataFrame, agrupacion: _Agrupacion) -> pd.DataFrame:
    """:func:`agregar_deudores` sobre una agrupación ya hecha."""
    columnas = [c for c in cartera.columns if c not in ("cuenta", "_fila")]
    deudores = _deudores(cartera, agrupacion, columnas)
    cuentas = cartera["cuenta"].to_numpy(dtype=object)
    if pd.isna(cuentas).any() or pd.api.types.infer_dtype(cuentas, skipna=False) != "string":
        cuentas = cartera["cuenta"].astype(object).fillna("").astype(str).to_numpy(dtype=object)
    unidas = np.empty(agrupacion.n, dtype=object)
    unicas = agrupacion.n_cuentas[agrupacion.codigos] == 1
    unidas[agrupacion.codigos[unicas]] = cuentas[unicas]
    if (~unicas).any():
        filas = np.flatnonzero(~unicas)
        filas = filas[np.argsort(agrupacion.codigos[filas], kind="stable")]
        codigos = agrupacion.codigos[filas]
        valores = cuentas[filas].tolist()
        limites = np.flatnonzero(np.r_[True, codigos[1:] != codigos[:-1], True])
        unidas[codigos[limites[:-1]]] = [", ".join(valores[a:b]) for a, b in zip(limites[:-1], limites[1:])]
    deudores.insert(1, "cuentas", pd.Series(unidas, dtype=object))
    deudores.insert(2, "n_cuentas", agrupacion.n_cuentas.astype("int64"))
    return deudores


def unir_por_deudor(izquierda: pd.DataFrame, derecha: pd.DataFrame, sufijos=("_x", "_y")) -> pd.DataFrame:
    """``izquierda.merge(derecha, on="cliente_id", how="left", suffixes=sufijos)`` con ``derecha`` de un
    deudor por fila: se toma la fila de cada deudor por su posición, sin volver a unir por texto.

    Con columnas en común, deudores repetidos a la derecha o alguno que falte, hace ``merge``.
    """
    propias = [c for c in derecha.columns if c != "cliente_id"]
    clientes = pd.Index(derecha["cliente_id"].to_numpy())
    if set(propias) & set(izquierda.columns) or not clientes.is_unique:
        return izquierda.merge(derecha, on="cliente_id", how="left", suffixes=sufijos)
    buscados = izquierda["cliente_id"].to_numpy()
    if len(clientes) == len(buscados) and np.array_equal(clientes.to_numpy(), buscados):
        posicion = np.arange(len(clientes))  # el mismo orden: cada fila con la suya
    else:
        posicion = clientes.get_indexer(buscados)  # la tabla de búsqueda ya está hecha (is_unique)
        if (posicion < 0).any():  # un deudor sin fila a la derecha: que lo resuelva merge
            return izquierda.merge(derecha, on="cliente_id", how="left", suffixes=sufijos)
    tomadas = derecha[propias].take(posicion)
    tomadas.index = pd.RangeIndex(len(posicion))
    return pd.concat([izquierda.reset_index(drop=True), tomadas], axis=1)


def _fraccion_estable(ids: np.ndarray) -> np.ndarray:
    """Número en [0, 1) fijo para cada deudor: CRC32 del id con sal, mezclado (fmix32)."""
    crudo = np.fromiter(
        (zlib.crc32(f"{SAL_VARIANTE}:{i}".encode("utf-8")) for i in ids), dtype=np.uint64, count=len(ids)
    )
    h = crudo & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    return h.astype(np.float64) / 2.0**32


def campos_de_segmentacion(estrategia: Estrategia) -> list[str]:
    """Campos de la cartera que usan las reglas de ``segmentos``, en orden de aparición."""
    campos: list[str] = []
    for regla in estrategia.segmentos:
        for campo, _ in regla.pruebas:
            if campo not in campos:
                campos.append(campo)
    return campos


def campos_faltantes(cartera: pd.DataFrame, estrategia: Estrategia) -> list[str]:
    """Campos que usan las reglas y la cartera no trae (las reglas que los usan no se cumplen)."""
    return [c for c in campos_de_segmentacion(estrategia) if c not in cartera.columns]


def segmentar(cartera: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """Copia de ``cartera`` con ``segmento``, ``tratamiento``, ``variante`` y ``etapa`` por cuenta.

    Todas las cuentas de un deudor reciben lo mismo. Las que no cumplen ninguna
    regla quedan en ``"Sin segmento"`` (sin tratamiento) y se cuentan en
    ``attrs["sin_segmento"]`` (cuentas) y ``attrs["deudores_sin_segmento"]``;
    ``attrs["campos_faltantes"]`` lista los campos de las reglas que la cartera no trae.
    """
    _exigir_columnas(cartera)
    agrupacion = _Agrupacion(cartera)
    campos = campos_de_segmentacion(estrategia)
    decision = _decidir(_deudores(cartera, agrupacion, campos), agrupacion, estrategia)
    resultado = cartera.copy()
    codigos = agrupacion.codigos
    for nombre in COLUMNAS_SEGMENTACION:
        resultado[nombre] = pd.Series(decision[nombre][codigos], index=resultado.index, dtype=object)
    sin = decision["indice_regla"] == -1
    resultado.attrs["sin_segmento"] = int(sin[codigos].sum())
    resultado.attrs["deudores_sin_segmento"] = int(sin.sum())
    resultado.attrs["campos_faltantes"] = [c for c in campos if c not in cartera.columns]
    return resultado


def segmentar_deudores(cartera: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """Una fila por deudor (como :func:`agregar_deudores`) con su ``segmento``, ``tratamiento``,
    ``variante`` y ``etapa``: lo mismo que :func:`segmentar` decide, agrupando la cartera una sola vez."""
    _exigir_columnas(cartera)
    agrupacion = _Agrupacion(cartera)
    deudores = _agregar(cartera, agrupacion)
    decision = _decidir(deudores, agrupacion, estrategia)
    deudores = deudores.drop(columns=[c for c in COLUMNAS_SEGMENTACION if c in deudores.columns])
    for nombre in COLUMNAS_SEGMENTACION:
        deudores[nombre] = pd.Series(decision[nombre], index=deudores.index, dtype=object)
    return deudores


def _exigir_columnas(cartera: pd.DataFrame) -> None:
    for obligatoria in ("cuenta", "dias_mora"):
        if obligatoria not in cartera.columns:
            raise ErrorDatos(
                f"La cartera no tiene la columna «{obligatoria}», necesaria para segmentar.",
                "Indique en la hoja «columnas» de la estrategia qué encabezado de su archivo le corresponde.",
            )


def _decidir(deudores: pd.DataFrame, agrupacion: _Agrupacion, estrategia: Estrategia) -> dict[str, np.ndarray]:
    """Segmento (primera regla que se cumple), tratamiento y variante (estables) y etapa de cada deudor.

    ``deudores`` trae una fila por deudor en el orden de ``agrupacion`` con, al menos, los campos
    que usan las reglas. Devuelve arreglos por deudor, más ``indice_regla`` (-1 = sin segmento).
    """
    n = agrupacion.n

    condiciones = []
    resultados: dict[tuple[str, str], np.ndarray] = {}
    for regla in estrategia.segmentos:
        cumple = np.ones(n, dtype=bool)
        for campo, texto in regla.pruebas:
            llave = (campo, texto)
            if llave not in resultados:
                if campo in deudores.columns:
                    resultados[llave] = evaluar(parsear_prueba(texto), deudores[campo])
                else:
                    resultados[llave] = np.zeros(n, dtype=bool)
            cumple &= resultados[llave]
        condiciones.append(cumple)
    indice_regla = np.select(condiciones, np.arange(len(condiciones)), default=-1) if condiciones else np.full(n, -1)

    nombres_segmento = np.array([r.segmento for r in estrategia.segmentos] + [SIN_SEGMENTO], dtype=object)
    segmento = nombres_segmento[indice_regla]  # -1 toma el último: «Sin segmento»
    tratamiento = np.full(n, None, dtype=object)
    variante = np.full(n, None, dtype=object)

    codigos_segmento, segmentos_unicos = pd.factorize(pd.Series(segmento, dtype=object))
    for posicion, nombre in enumerate(segmentos_unicos):
        if nombre == SIN_SEGMENTO:
            continue
        opciones = estrategia.tratamientos_de(nombre)
        if not opciones:
            continue
        miembros = np.flatnonzero(codigos_segmento == posicion)
        if len(opciones) == 1:
            tratamiento[miembros] = opciones[0].tratamiento
            variante[miembros] = opciones[0].variante
            continue
        fraccion = _fraccion_estable(deudores["cliente_id"].to_numpy(dtype=object)[miembros])
        cortes = np.cumsum([o.proporcion for o in opciones])
        cortes[-1] = np.inf
        elegida = np.searchsorted(cortes, fraccion, side="right")
        tratamiento[miembros] = np.array([o.tratamiento for o in opciones], dtype=object)[elegida]
        variante[miembros] = np.array([o.variante for o in opciones], dtype=object)[elegida]

    etapa = np.full(n, None, dtype=object)
    dias = agrupacion.dias_mora()
    codigos_tratamiento, tratamientos_unicos = pd.factorize(pd.Series(tratamiento, dtype=object))
    for posicion, nombre in enumerate(tratamientos_unicos):
        miembros = np.flatnonzero(codigos_tratamiento == posicion)
        etapas = estrategia.etapas_de(nombre)
        d = dias[miembros]
        with np.errstate(invalid="ignore"):
            condiciones_etapa = [
                (d >= e.desde) & ((d <= e.hasta) if e.hasta is not None else ~np.isnan(d)) for e in etapas
            ]
        if condiciones_etapa:
            nombres = np.array([e.etapa for e in etapas] + [None], dtype=object)
            etapa[miembros] = nombres[np.select(condiciones_etapa, np.arange(len(etapas)), default=-1)]

    return {"segmento": segmento, "tratamiento": tratamiento, "variante": variante, "etapa": etapa,
            "indice_regla": indice_regla}


def resumir_segmentacion(segmentada: pd.DataFrame) -> pd.DataFrame:
    """Deudores, cuentas y saldo vencido por segmento, tratamiento y variante (de ``segmentar``)."""
    ids = _ids_deudor(segmentada)
    tabla = pd.DataFrame(
        {
            "segmento": segmentada["segmento"].to_numpy(dtype=object),
            "tratamiento": segmentada["tratamiento"].fillna("").to_numpy(dtype=object),
            "variante": segmentada["variante"].fillna("").to_numpy(dtype=object),
            "cliente_id": ids.to_numpy(dtype=object),
            "saldo_vencido": _como_float(segmentada["saldo_vencido"]) if "saldo_vencido" in segmentada else 0.0,
        }
    )
    resumen = (
        tabla.groupby(["segmento", "tratamiento", "variante"], sort=False)
        .agg(deudores=("cliente_id", "nunique"), cuentas=("cliente_id", "size"), saldo_vencido=("saldo_vencido", "sum"))
        .reset_index()
    )
    return resumen
