"""La lista del día: a quién contactar hoy, por qué canal, con qué argumento y qué oferta.

Para cada deudor de la cartera de hoy: segmento → tratamiento (y variante) →
etapa según sus días de mora → los eventos que el calendario pone hoy, más los
seguimientos que la bitácora dice que tocan (ruta de la última tipificación,
recordatorio de promesa, verificación de promesa, promesa incumplida); menos
las exclusiones (sin saldo, tipificación final, promesa vigente, no contactar,
días y festivos no permitidos en su país) y las reglas de contacto del país
(``reglas.py``: horario, topes por día, semana y canal). Luego la oferta (el
producto más alto desbloqueado), el argumento, la prioridad y el reparto entre
asesores respetando capacidades (``reparto.py``); lo que no cabe se cuenta
como desborde, nunca se pierde en silencio.

**Por qué está cada fila** (columna ``motivo``), para auditarla:

- «evento: día 3 de Temprana», «evento: cada 5 días en Temprana»: el calendario de ``eventos``;
- «ruta tras NC (reintentar)»: la ruta de la última tipificación, ``en_dias`` después de ella;
- «recordatorio de promesa»: el día antes de ``fecha_promesa`` de una promesa pendiente;
- «verificación de promesa»: el día después de ``fecha_promesa`` si aún no se cumplió
  (acción «verificar pago», por el canal en que se hizo la promesa);
- «promesa incumplida»: la ruta ``PROMESA_INCUMPLIDA``, ``en_dias`` después de vencida la gracia.

**Modelo argumental.** La situación de cada fila es, en este orden:

1. ``promesa_incumplida``: su última promesa venció sin pago suficiente y no hubo gestión después;
2. ``recordatorio`` o ``verificacion``: la fila es un recordatorio o una verificación de promesa
   (sin argumentos de ``verificacion`` en la hoja, se usa uno de ``recordatorio``);
3. ``objecion``: su última tipificación es una objeción, es decir, su ruta lleva un argumento
   de situación ``objecion`` (``SD`` → ``OBJ_SD``) o existe uno llamado ``OBJ_<código>``;
4. ``primer_contacto``: la bitácora no tiene ninguna tipificación del deudor;
5. ``seguimiento``: en cualquier otro caso.

El argumento es: en una objeción, el de esa objeción; si no, el que trae la fila (del evento
o de la ruta) cuando su situación es la de la fila; si no, el primero de la hoja ``argumentos``
con esa situación y la etapa del deudor; si no, el primero con esa situación y sin etapa; y si
tampoco hay, el que trae la fila (o, sin ninguno, el primero de la etapa del deudor).

Todo es vectorial sobre DataFrames: una cartera de un millón de cuentas se
procesa en segundos.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.estrategia.modelo import NIVELES, PROMESA_INCUMPLIDA, Estrategia
from limonero_cli.nucleo.calendario import dias_no_permitidos
from limonero_cli.nucleo.segmentacion import segmentar_deudores, unir_por_deudor

# Columnas de cada fila de la lista, en el orden en que las ve el asesor.
COLUMNAS_LISTA = [
    "prioridad",
    "fecha_lista",
    "asesor",
    "canal",
    "horario",
    "accion",
    "motivo",
    "cliente_id",
    "nombre",
    "telefono",
    "telefono2",
    "email",
    "cuentas",
    "n_cuentas",
    "saldo_vencido",
    "dias_mora",
    "etapa",
    "segmento",
    "tratamiento",
    "variante",
    "argumento",
    "texto_argumento",
    "codigo_oferta",
    "oferta",
]
# Lo que la bitácora guarda de cada fila asignada.
COLUMNAS_ASIGNACION = (
    "cliente_id", "cuentas", "asesor", "canal", "accion", "motivo", "segmento", "tratamiento", "variante", "etapa",
    "saldo_vencido", "dias_mora", "producto", "argumento",
)
COLUMNAS_CAPTURA = ["tipificacion", "monto_promesa", "fecha_promesa", "comentario"]

CANAL_LOCALIZACION = "localizacion"

MOTIVO_EVENTO = "evento"
MOTIVO_RUTA = "ruta"
MOTIVO_RECORDATORIO = "recordatorio de promesa"
MOTIVO_VERIFICACION = "verificación de promesa"
MOTIVO_INCUMPLIDA = "promesa incumplida"
ACCION_VERIFICACION = "verificar pago"

# Origen de cada fila candidata (columna interna ``origen``).
ORIGEN_EVENTO, ORIGEN_RUTA, ORIGEN_RECORDATORIO, ORIGEN_VERIFICACION, ORIGEN_INCUMPLIDA = (
    "evento", "ruta", "recordatorio", "verificacion", "incumplida"
)

# Cuántos días sigue pendiente un seguimiento que no se hizo el día que tocaba.
VENTANA_SEGUIMIENTO = 7


@dataclass(frozen=True)
class Historial:
    """Lo que la bitácora sabe de los deudores, ya con ``cliente_id`` resuelto."""

    tipificaciones: pd.DataFrame
    pagos: pd.DataFrame
    asignaciones: pd.DataFrame

    @classmethod
    def vacio(cls) -> "Historial":
        return cls(
            tipificaciones=pd.DataFrame(
                {
                    "cliente_id": pd.Series(dtype=object),
                    "fecha_hora": pd.Series(dtype="datetime64[ns]"),
                    "asesor": pd.Series(dtype=object),
                    "canal": pd.Series(dtype=object),
                    "codigo": pd.Series(dtype=object),
                    "monto_promesa": pd.Series(dtype=float),
                    "fecha_promesa": pd.Series(dtype="datetime64[ns]"),
                }
            ),
            pagos=pd.DataFrame(
                {
                    "cliente_id": pd.Series(dtype=object),
                    "fecha": pd.Series(dtype="datetime64[ns]"),
                    "monto": pd.Series(dtype=float),
                }
            ),
            asignaciones=pd.DataFrame(
                {
                    "fecha": pd.Series(dtype="datetime64[ns]"),
                    "cliente_id": pd.Series(dtype=object),
                    "asesor": pd.Series(dtype=object),
                    "canal": pd.Series(dtype=object),
                }
            ),
        )


@dataclass(frozen=True)
class ListaDelDia:
    """El resultado de ``construir_lista``: filas, desbordes, exclusiones y cifras del día."""

    fecha: dt.date
    filas: pd.DataFrame
    desbordes: pd.DataFrame
    exclusiones: pd.DataFrame
    cuentas: int
    deudores: int
    asesores_sin_ficha: tuple[str, ...] = ()
    capacidad_por_defecto: int = 0
    sin_segmento: int = 0
    sin_contacto_hoy: int = 0

    def resumen(self) -> dict:
        """Cifras del día para el resumen de la terminal y de la hoja ``Resumen``."""
        return {
            "fecha": self.fecha.isoformat(),
            "cuentas": self.cuentas,
            "deudores": self.deudores,
            "deudores_en_lista": int(self.filas["cliente_id"].nunique()) if len(self.filas) else 0,
            "filas": len(self.filas),
            "desbordes": len(self.desbordes),
            # Deudores sin ninguna fila en la lista porque no cupieron (con un canal en la lista, están en la lista).
            "deudores_desborde": int(pd.Index(self.desbordes["cliente_id"]).difference(
                pd.Index(self.filas["cliente_id"])).size),
            # Excluidos: los que no tienen ninguna fila hoy (ni en la lista ni en el desborde) por una
            # exclusión; quien tiene un canal excluido y otro en la lista está en la lista.
            "excluidos": int(pd.Index(self.exclusiones["cliente_id"]).difference(
                pd.concat([self.filas["cliente_id"], self.desbordes["cliente_id"]])).size),
            "sin_segmento": self.sin_segmento,
            "sin_contacto_hoy": self.sin_contacto_hoy,
        }


def construir_lista(
    cartera: pd.DataFrame, estrategia: Estrategia, historial: Historial, fecha: dt.date
) -> ListaDelDia:
    """Arma la lista del día ``fecha`` para la cartera dada.

    ``cartera`` trae columnas canónicas (una fila por cuenta). Devuelve una
    ``ListaDelDia`` cuyas filas ya tienen asesor, canal, argumento y oferta.
    """
    deudores = _deudores_del_dia(cartera, estrategia)
    perfil = _perfil_historial(deudores["cliente_id"], historial, estrategia, fecha)
    deudores = unir_por_deudor(deudores, perfil)
    _rellenar_perfil(deudores)

    gracia = pd.Timedelta(days=estrategia.parametros.dias_gracia)
    deudores["promesa_rota_sin_gestion"] = deudores["promesa_estado"].isin(["incumplida", "parcial"]) & (
        deudores["ultima_fecha"].isna() | (deudores["ultima_fecha"] <= deudores["promesa_fecha"] + gracia)
    )

    exclusiones = _exclusiones_de_deudor(deudores, estrategia, fecha)
    excluidos = set(exclusiones.loc[~exclusiones["permite_recordatorio"], "cliente_id"])
    solo_recordatorio = set(exclusiones.loc[exclusiones["permite_recordatorio"], "cliente_id"])

    candidatas = pd.concat(
        [_filas_de_eventos(deudores, estrategia), _filas_de_seguimiento(deudores, estrategia, fecha)],
        ignore_index=True,
    )
    candidatas = candidatas[~candidatas["cliente_id"].isin(excluidos)]
    es_recordatorio = candidatas["origen"].eq(ORIGEN_RECORDATORIO)
    candidatas = candidatas[~candidatas["cliente_id"].isin(solo_recordatorio) | es_recordatorio]
    candidatas, inalcanzables = _sin_medio_de_contacto(candidatas, deudores)
    candidatas, por_reglas = _aplicar_reglas_contacto(candidatas, deudores, estrategia, historial, fecha)
    exclusiones = pd.concat(
        [exclusiones.drop(columns="permite_recordatorio"), inalcanzables, por_reglas], ignore_index=True
    )

    filas = unir_por_deudor(candidatas, deudores, sufijos=("", "_deudor"))
    filas = _con_oferta(filas, estrategia)
    filas = _con_argumento(filas, estrategia)
    filas["prioridad_orden"] = _orden_de_prioridad(filas)
    filas["fecha_lista"] = pd.Timestamp(fecha)

    asesores_sin_ficha = _asesores_sin_ficha(deudores, estrategia)
    filas, desbordes = repartir(filas, estrategia, asesores_sin_ficha)
    # Los que hoy no tienen nada: ni fila, ni desborde, ni exclusión (ningún evento ni seguimiento cae hoy).
    con_algo_hoy = pd.concat([filas["cliente_id"], desbordes["cliente_id"], exclusiones["cliente_id"]])
    sin_contacto_hoy = int((~deudores["cliente_id"].isin(con_algo_hoy)).sum())

    return ListaDelDia(
        fecha=fecha,
        filas=filas,
        desbordes=desbordes,
        exclusiones=exclusiones.reset_index(drop=True),
        cuentas=len(cartera),
        deudores=len(deudores),
        asesores_sin_ficha=tuple(sorted(asesores_sin_ficha)),
        capacidad_por_defecto=estrategia.parametros.capacidad_asesor,
        sin_segmento=int(deudores["segmento_sin_regla"].sum()),
        sin_contacto_hoy=sin_contacto_hoy,
    )


# --- deudores -------------------------------------------------------------------------------


def _deudores_del_dia(cartera: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """Una fila por deudor con la suma de sus cuentas y su tratamiento."""
    deudores = segmentar_deudores(cartera, estrategia)
    sin_regla = set(s.segmento for s in estrategia.segmentos)
    deudores["segmento_sin_regla"] = ~deudores["segmento"].isin(sin_regla)
    pais = deudores["pais"] if "pais" in deudores else pd.Series(None, index=deudores.index, dtype=object)
    deudores["pais"] = _por_valores_distintos(
        pais.fillna(estrategia.parametros.pais), lambda distintos: distintos.astype(str).str.upper().str.strip()
    )
    for columna in ("nombre", "telefono", "telefono2", "email", "asesor"):
        if columna not in deudores:
            deudores[columna] = None
    if "no_contactar" not in deudores:
        deudores["no_contactar"] = False
    deudores["no_contactar"] = deudores["no_contactar"].fillna(False).astype(bool)
    if "score" not in deudores:
        deudores["score"] = np.nan
    return deudores


def _por_valores_distintos(serie: pd.Series, funcion) -> pd.Series:
    """``funcion(serie)`` para una función valor por valor (como ``.str.upper()``), aplicada una vez a
    cada valor distinto y repartida a las filas: una columna de países o asesores tiene pocos."""
    codigos, distintos = pd.factorize(serie, use_na_sentinel=False)
    resultado = funcion(pd.Series(distintos, dtype=serie.dtype))
    return pd.Series(resultado.array.take(codigos), index=serie.index, name=serie.name)


def _posiciones_de(deudores: pd.Index, columna: pd.Series) -> np.ndarray:
    """La posición en ``deudores`` del ``cliente_id`` de cada fila (-1 si ese deudor no está).

    Con una columna ``category`` se busca cada categoría una vez y no cada fila.
    """
    if isinstance(columna.dtype, pd.CategoricalDtype):
        por_categoria = np.append(deudores.get_indexer(columna.cat.categories), -1)  # el código -1 (vacío) → -1
        return por_categoria[columna.cat.codes.to_numpy()]
    return deudores.get_indexer(columna.to_numpy(dtype=object))


class _PorDeudor:
    """Filas ya ordenadas por deudor (``quien``: posición del deudor, de menor a mayor) y sus tramos."""

    def __init__(self, quien: np.ndarray, n_deudores: int):
        self.quien = quien
        self.n = n_deudores
        cambia = quien[1:] != quien[:-1]
        hay = len(quien) > 0
        self.ultima = np.flatnonzero(np.append(cambia, hay))  # última fila de cada deudor
        self.primera = np.flatnonzero(np.insert(cambia, 0, hay))
        self.deudores = quien[self.ultima]

    def ultima_donde(self, marcadas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(deudores, fila) de la última fila marcada de cada deudor que tiene alguna."""
        filas = np.flatnonzero(marcadas)
        de_quien = self.quien[filas]
        ultimas = filas[np.append(de_quien[1:] != de_quien[:-1], True)] if len(filas) else filas
        return self.quien[ultimas], ultimas

    def repartir(self, deudores: np.ndarray, valores, vacio, tipo=object) -> np.ndarray:
        """Un valor por deudor de hoy: ``valores`` para ``deudores``, ``vacio`` para los demás."""
        resultado = np.full(self.n, vacio, dtype=tipo)
        resultado[deudores] = valores
        return resultado


def _asesor_anterior(deudores: pd.Index, historial: Historial, hoy: pd.Timestamp) -> pd.Series:
    """El último asesor que tuvo cada deudor en una lista anterior (continuidad si la cartera no trae asesor)."""
    asignaciones = historial.asignaciones
    if asignaciones.empty or "asesor" not in asignaciones:
        return pd.Series(None, index=range(len(deudores)), dtype=object)
    quien = _posiciones_de(deudores, asignaciones["cliente_id"])
    fechas = pd.to_datetime(asignaciones["fecha"]).to_numpy(dtype="datetime64[ns]")
    previas = np.flatnonzero(asignaciones["asesor"].notna().to_numpy() & (fechas < hoy.to_datetime64()) & (quien >= 0))
    # por deudor y, dentro de cada uno, por fecha (a igual fecha, en el orden de la bitácora): vale la última
    orden = previas[np.lexsort((fechas[previas].view("int64"), quien[previas]))]
    por_deudor = _PorDeudor(quien[orden], len(deudores))
    asesores = asignaciones["asesor"].to_numpy(dtype=object)[orden[por_deudor.ultima]]
    return pd.Series(por_deudor.repartir(por_deudor.deudores, asesores, np.nan), dtype=object)


def _perfil_historial(
    clientes: pd.Series, historial: Historial, estrategia: Estrategia, fecha: dt.date
) -> pd.DataFrame:
    """Lo que la bitácora dice de cada deudor, en una fila por deudor.

    Con millones de tipificaciones todo se hace sobre la posición de cada deudor de hoy (enteros) y
    cada código del catálogo se busca una vez: ni uniones ni agrupaciones por texto.
    """
    catalogo = estrategia.catalogo().set_index("codigo")
    hoy = pd.Timestamp(fecha)
    perfil = pd.DataFrame({"cliente_id": pd.unique(clientes)})
    de_hoy = pd.Index(perfil["cliente_id"])
    perfil["asesor_anterior"] = _asesor_anterior(de_hoy, historial, hoy)
    tip = historial.tipificaciones
    if tip.empty:
        return perfil
    quien = _posiciones_de(de_hoy, tip["cliente_id"])
    momentos = tip["fecha_hora"].to_numpy(dtype="datetime64[ns]")
    elegidas = np.flatnonzero((quien >= 0) & (momentos < (hoy + pd.Timedelta(days=1)).to_datetime64()))
    if not len(elegidas):
        return perfil

    # cada código distinto se busca una vez en el catálogo (el código vacío, -1, cae en la última casilla)
    codigos, distintos = pd.factorize(tip["codigo"].to_numpy(dtype=object)[elegidas])
    del_catalogo = pd.Series(distintos, dtype=object)
    nivel_idx = np.append(del_catalogo.map(catalogo["nivel"]).map({n: i for i, n in enumerate(NIVELES)})
                          .fillna(-1).to_numpy(dtype=float), -1)[codigos]
    final = np.append(del_catalogo.map(catalogo["final"]).fillna(False).to_numpy(dtype=bool), False)[codigos]
    peso = np.append(del_catalogo.map(catalogo["peso"]).fillna(0).to_numpy(dtype=float), 0)[codigos]

    # por deudor, fecha y peso, estable (a igual clave, en el orden de la bitácora)
    orden = np.lexsort((peso, momentos[elegidas].view("int64"), quien[elegidas]))
    filas = elegidas[orden]
    nivel_idx, final = nivel_idx[orden], final[orden]
    ordenadas = tip.take(filas).assign(nivel_idx=nivel_idx, final=final, peso=peso[orden])
    por_deudor = _PorDeudor(quien[filas], len(perfil))
    deudores, ultimas = por_deudor.deudores, por_deudor.ultima

    perfil["ultimo_codigo"] = por_deudor.repartir(deudores, ordenadas["codigo"].to_numpy(dtype=object)[ultimas], np.nan)
    dias = momentos[filas[ultimas]].astype("datetime64[D]").astype("datetime64[ns]")
    perfil["ultima_fecha"] = por_deudor.repartir(deudores, dias, np.datetime64("NaT"), "datetime64[ns]")
    perfil["ultimo_canal"] = por_deudor.repartir(deudores, ordenadas["canal"].to_numpy(dtype=object)[ultimas], np.nan)

    con_final, fila_final = por_deudor.ultima_donde(final)
    perfil["codigo_final"] = por_deudor.repartir(con_final, ordenadas["codigo"].to_numpy(dtype=object)[fila_final],
                                                 np.nan)

    negociaciones = np.bincount(por_deudor.quien[nivel_idx >= NIVELES.index("negociacion")], minlength=len(perfil))
    perfil["negociaciones"] = np.where(negociaciones > 0, negociaciones, np.nan)

    # intentos seguidos sin contacto al final de la historia de cada deudor
    racha = por_deudor.repartir(deudores, ultimas - por_deudor.primera + 1, np.nan, float)  # ningún contacto: todos
    con_contacto, fila_contacto = por_deudor.ultima_donde(nivel_idx > 0)
    racha[con_contacto] = (por_deudor.repartir(deudores, ultimas, -1, np.int64)[con_contacto] - fila_contacto)
    perfil["racha_sin_contacto"] = racha
    perfil = perfil.merge(_perfil_promesas(ordenadas, historial, estrategia, fecha), on="cliente_id", how="left")
    return perfil


def _perfil_promesas(
    tipificaciones: pd.DataFrame, historial: Historial, estrategia: Estrategia, fecha: dt.date
) -> pd.DataFrame:
    """La última promesa de cada deudor y su estado a la fecha."""
    from limonero_cli.nucleo.promesas import evaluar_promesas

    parametros = estrategia.parametros
    promesas = evaluar_promesas(
        tipificaciones,
        historial.pagos,
        estrategia.catalogo(),
        parametros.dias_gracia,
        parametros.tolerancia_pct,
        fecha,
    )
    if promesas.empty:
        return pd.DataFrame(columns=["cliente_id", "promesa_estado", "promesa_fecha", "promesa_canal"])
    # evaluar_promesas ya las devuelve por deudor y fecha: la última de cada uno
    ultima = promesas[~promesas["cliente_id"].duplicated(keep="last")]
    fecha_promesa = pd.to_datetime(ultima["fecha_promesa"]).dt.normalize()
    fecha_promesa = fecha_promesa.fillna(pd.to_datetime(ultima["fecha_hora"]).dt.normalize())
    return pd.DataFrame(
        {
            "cliente_id": ultima["cliente_id"].to_numpy(),
            "promesa_estado": ultima["estado"].to_numpy(),
            "promesa_fecha": fecha_promesa.to_numpy(),
            "promesa_canal": ultima["canal"].to_numpy(),
        }
    )


def _rellenar_perfil(deudores: pd.DataFrame) -> None:
    for columna, tipo in (
        ("ultimo_codigo", object),
        ("ultimo_canal", object),
        ("codigo_final", object),
        ("promesa_estado", object),
        ("promesa_canal", object),
        ("ultima_fecha", "datetime64[ns]"),
        ("promesa_fecha", "datetime64[ns]"),
    ):
        if columna not in deudores:
            deudores[columna] = pd.Series(None, index=deudores.index, dtype=tipo)
        elif tipo != object:
            deudores[columna] = pd.to_datetime(deudores[columna]).astype("datetime64[ns]")
    for columna in ("negociaciones", "racha_sin_contacto"):
        if columna not in deudores:
            deudores[columna] = 0
        deudores[columna] = deudores[columna].fillna(0).astype(int)


# --- exclusiones ----------------------------------------------------------------------------


def _exclusiones_de_deudor(deudores: pd.DataFrame, estrategia: Estrategia, fecha: dt.date) -> pd.DataFrame:
    """Deudores que hoy no se contactan, con el motivo (el primero que aplica)."""
    hoy = pd.Timestamp(fecha)
    promesa_vigente = deudores["promesa_estado"].eq("pendiente") & (deudores["promesa_fecha"] >= hoy)
    reglas = [
        (deudores["saldo_vencido"].fillna(0) <= 0, "sin saldo vencido", False),
        (deudores["no_contactar"], "no contactar", False),
        (deudores["codigo_final"].notna(), "tipificación final", False),
        (deudores["pais"].isin(dias_no_permitidos(estrategia, fecha)), "día no permitido en su país", False),
        (promesa_vigente, "promesa vigente", True),
    ]
    tablas = []
    ya = pd.Series(False, index=deudores.index)
    for condicion, motivo, permite_recordatorio in reglas:
        nuevo = condicion.fillna(False).astype(bool) & ~ya
        ya |= nuevo
        tablas.append(
            pd.DataFrame(
                {
                    "cliente_id": deudores.loc[nuevo, "cliente_id"].to_numpy(),
                    "motivo": motivo,
                    "permite_recordatorio": permite_recordatorio,
                }
            )
        )
    return pd.concat(tablas, ignore_index=True)


# --- filas candidatas -----------------------------------------------------------------------


def _vacia_candidatas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cliente_id": pd.Series(dtype=object),
            "canal": pd.Series(dtype=object),
            "accion": pd.Series(dtype=object),
            "motivo": pd.Series(dtype=object),
            "origen": pd.Series(dtype=object),
            "argumento": pd.Series(dtype=object),
            "producto_pedido": pd.Series(dtype=object),
            "prioridad_evento": pd.Series(dtype=float),
            "es_seguimiento": pd.Series(dtype=bool),
        }
    )


def _tabla_de_eventos(estrategia: Estrategia) -> pd.DataFrame:
    """Los eventos como tabla, con el inicio de su etapa y el motivo que verá el supervisor."""
    inicio_etapa = {(e.tratamiento, e.etapa): e.desde for e in estrategia.etapas}
    return pd.DataFrame(
        [
            {
                "tratamiento": e.tratamiento,
                "etapa": e.etapa,
                "canal": e.canal,
                "accion": e.accion,
                "argumento": e.argumento,
                "producto_pedido": e.producto,
                "prioridad_evento": float(e.prioridad),
                "dia": np.nan if e.dia is None else float(e.dia),
                "cada": np.nan if e.cada is None else float(e.cada),
                "desde": float(inicio_etapa.get((e.tratamiento, e.etapa), 0)),
                "motivo": (
                    f"{MOTIVO_EVENTO}: día {e.dia} de {e.etapa}"
                    if e.dia is not None
                    else f"{MOTIVO_EVENTO}: cada {e.cada} días en {e.etapa}"
                ),
            }
            for e in estrategia.eventos
        ]
    )


def _filas_de_eventos(deudores: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """Los eventos del calendario que caen hoy para cada deudor según su etapa y días de mora.

    Un evento con ``dia`` toca ese día de mora exacto (negativo: antes del
    vencimiento); uno con ``cada`` N toca el primer día de la etapa y luego cada
    N días dentro de ella. Varios eventos el mismo día son varias filas (una por
    canal); las reglas de contacto deciden cuáles quedan.
    """
    if not estrategia.eventos:
        return _vacia_candidatas()
    eventos = _tabla_de_eventos(estrategia)
    base = deudores[["cliente_id", "tratamiento", "etapa", "dias_mora"]].dropna(subset=["etapa", "dias_mora"])
    pares = _eventos_que_tocan(base, eventos)
    if pares is None:
        return _vacia_candidatas()
    fila, evento = pares
    cruce = pd.DataFrame({"cliente_id": base["cliente_id"].take(fila).reset_index(drop=True)})
    for columna in ("canal", "accion", "motivo", "argumento", "producto_pedido", "prioridad_evento"):
        cruce[columna] = eventos[columna].take(evento).reset_index(drop=True)
    cruce = cruce.assign(origen=ORIGEN_EVENTO, es_seguimiento=False)
    return cruce[_vacia_candidatas().columns]


def _eventos_que_tocan(base: pd.DataFrame, eventos: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """(fila de ``base``, fila de ``eventos``) de cada evento que toca hoy a cada deudor, en el orden de
    ``base.merge(eventos, on=["tratamiento", "etapa"], how="inner")`` (deudor, luego evento); ``None``
    si ningún deudor está en la etapa de un evento (ese cruce sería vacío).

    En vez de cruzar cada deudor con todos los eventos de su etapa y filtrar, cada evento mira a los
    deudores de su tratamiento y etapa (unas decenas de eventos, no millones de filas cruzadas).
    """
    if eventos[["tratamiento", "etapa"]].isna().any(axis=None):  # merge junta vacío con vacío: que lo haga merge
        cruce = base.assign(_fila=np.arange(len(base))).merge(
            eventos.assign(_evento=np.arange(len(eventos))), on=["tratamiento", "etapa"], how="inner"
        )
        if cruce.empty:
            return None
        dias = cruce["dias_mora"].astype(float)
        en_etapa = dias - cruce["desde"]
        toca = (cruce["dia"].notna() & dias.eq(cruce["dia"])) | (
            cruce["cada"].notna() & (en_etapa >= 0) & ((en_etapa % cruce["cada"].fillna(1)) == 0)
        )
        return cruce["_fila"].to_numpy()[toca.to_numpy()], cruce["_evento"].to_numpy()[toca.to_numpy()]
    codigos_tratamiento, tratamientos = pd.factorize(base["tratamiento"].to_numpy(dtype=object))
    codigos_etapa, etapas = pd.factorize(base["etapa"].to_numpy(dtype=object))
    llave = codigos_tratamiento.astype(np.int64) * (len(etapas) + 1) + codigos_etapa
    llave[(codigos_tratamiento < 0) | (codigos_etapa < 0)] = -1
    orden = np.argsort(llave, kind="stable")
    llaves_ordenadas = llave[orden]
    de_tratamiento = {v: i for i, v in enumerate(tratamientos)}
    de_etapa = {v: i for i, v in enumerate(etapas)}
    dias = base["dias_mora"].astype(float).to_numpy()
    filas, cuales, hubo_cruce = [], [], False
    for k, (tratamiento, etapa, dia, cada, desde) in enumerate(
        eventos[["tratamiento", "etapa", "dia", "cada", "desde"]].itertuples(index=False)
    ):
        if tratamiento not in de_tratamiento or etapa not in de_etapa:
            continue
        buscada = de_tratamiento[tratamiento] * (len(etapas) + 1) + de_etapa[etapa]
        desde_aqui, hasta_aqui = np.searchsorted(llaves_ordenadas, [buscada, buscada + 1])
        miembros = np.sort(orden[desde_aqui:hasta_aqui])
        hubo_cruce |= len(miembros) > 0
        d = dias[miembros]
        toca = np.zeros(len(miembros), dtype=bool)
        if not pd.isna(dia):
            toca |= d == dia
        if not pd.isna(cada):
            en_etapa = d - desde
            toca |= (en_etapa >= 0) & ((en_etapa % cada) == 0)
        filas.append(miembros[toca])
        cuales.append(np.full(int(toca.sum()), k, dtype=np.int64))
    if not hubo_cruce:
        return None
    fila, evento = np.concatenate(filas), np.concatenate(cuales)
    orden = np.lexsort((evento, fila))
    return fila[orden], evento[orden]


def _tabla_de_rutas(estrategia: Estrategia) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "_codigo": r.codigo.strip().upper(),
                "ruta_accion": r.accion,
                "ruta_en_dias": 0 if r.en_dias is None else int(r.en_dias),
                "ruta_canal": r.canal,
                "ruta_argumento": r.argumento,
                "ruta_producto": r.producto,
            }
            for r in estrategia.rutas
        ],
        columns=["_codigo", "ruta_accion", "ruta_en_dias", "ruta_canal", "ruta_argumento", "ruta_producto"],
    )


def _filas_de_seguimiento(deudores: pd.DataFrame, estrategia: Estrategia, fecha: dt.date) -> pd.DataFrame:
    """Seguimientos que la bitácora pide hoy: rutas, recordatorios, verificaciones y promesas incumplidas."""
    hoy = pd.Timestamp(fecha)
    tablas = [_vacia_candidatas()]

    # 1. ruta de la última tipificación, en_dias después de ella (las de promesa van aparte)
    con_ultima = deudores.loc[deudores["ultimo_codigo"].notna(), ["cliente_id", "ultimo_codigo", "ultima_fecha",
                                                                   "ultimo_canal", "racha_sin_contacto"]]
    rutas = _tabla_de_rutas(estrategia)
    if len(con_ultima) and len(rutas):
        con_ultima = con_ultima.assign(_codigo=con_ultima["ultimo_codigo"].astype(str).str.strip().str.upper())
        filas = con_ultima.merge(rutas, on="_codigo", how="inner")
        vence = filas["ultima_fecha"] + pd.to_timedelta(filas["ruta_en_dias"], unit="D")
        pendiente = (vence <= hoy) & (vence > hoy - pd.Timedelta(days=VENTANA_SEGUIMIENTO))
        pendiente &= ~filas["ruta_accion"].isin(["excluir", "recordatorio"])
        # la localización se pide una sola vez, el día que toca
        es_localizar = filas["ruta_accion"].eq("localizar")
        pendiente &= ~es_localizar | vence.eq(hoy)
        filas, es_localizar = filas[pendiente], es_localizar[pendiente]
        canal = filas["ruta_canal"].where(~es_localizar, CANAL_LOCALIZACION).fillna(filas["ultimo_canal"])
        canal = _cambiar_canal_tras_racha(canal, filas, estrategia)
        accion = filas["ruta_accion"].astype(str)
        tablas.append(
            pd.DataFrame(
                {
                    "cliente_id": filas["cliente_id"].to_numpy(),
                    "canal": canal.to_numpy(),
                    "accion": accion.to_numpy(),
                    "motivo": (
                        MOTIVO_RUTA + " tras " + filas["ultimo_codigo"].astype(str)
                        + " (" + accion.str.replace("_", " ") + ")"
                    ).to_numpy(),
                    "origen": ORIGEN_RUTA,
                    "argumento": filas["ruta_argumento"].to_numpy(),
                    "producto_pedido": filas["ruta_producto"].to_numpy(),
                    "prioridad_evento": 0.0,
                    "es_seguimiento": True,
                }
            )
        )

    pendiente = deudores["promesa_estado"].eq("pendiente")
    # 2. recordatorio el día antes de la fecha prometida
    recordar = deudores[pendiente & deudores["promesa_fecha"].eq(hoy + pd.Timedelta(days=1))]
    ruta_promesa = _ruta_de_accion(estrategia, "recordatorio")
    if len(recordar):
        tablas.append(
            pd.DataFrame(
                {
                    "cliente_id": recordar["cliente_id"].to_numpy(),
                    "canal": (ruta_promesa.canal if ruta_promesa and ruta_promesa.canal else "sms"),
                    "accion": "recordatorio",
                    "motivo": MOTIVO_RECORDATORIO,
                    "origen": ORIGEN_RECORDATORIO,
                    "argumento": ruta_promesa.argumento if ruta_promesa else None,
                    "producto_pedido": None,
                    "prioridad_evento": 0.0,
                    "es_seguimiento": True,
                }
            )
        )

    # 3. verificación el día después de la fecha prometida, si aún no se cumplió
    verificar = deudores[pendiente & deudores["promesa_fecha"].eq(hoy - pd.Timedelta(days=1))]
    if len(verificar):
        ruta_incumplida = estrategia.ruta(PROMESA_INCUMPLIDA)
        por_defecto = (ruta_incumplida.canal if ruta_incumplida and ruta_incumplida.canal else "llamada")
        canal = verificar["promesa_canal"].astype(object).where(verificar["promesa_canal"].notna(), por_defecto)
        canal = canal.astype(str).str.strip().str.casefold()
        canal = canal.where(canal.isin({c.canal for c in estrategia.canales}), por_defecto)
        tablas.append(
            pd.DataFrame(
                {
                    "cliente_id": verificar["cliente_id"].to_numpy(),
                    "canal": canal.to_numpy(),
                    "accion": ACCION_VERIFICACION,
                    "motivo": MOTIVO_VERIFICACION,
                    "origen": ORIGEN_VERIFICACION,
                    "argumento": None,
                    "producto_pedido": None,
                    "prioridad_evento": 0.0,
                    "es_seguimiento": True,
                }
            )
        )

    # 4. promesa incumplida: su ruta, en_dias después de vencida la gracia, si nadie la gestionó
    ruta_incumplida = estrategia.ruta(PROMESA_INCUMPLIDA)
    if ruta_incumplida is not None:
        gracia = estrategia.parametros.dias_gracia
        vence = deudores["promesa_fecha"] + pd.Timedelta(days=gracia + (ruta_incumplida.en_dias or 1))
        pendiente = (vence <= hoy) & (vence > hoy - pd.Timedelta(days=VENTANA_SEGUIMIENTO))
        filas = deudores[deudores["promesa_rota_sin_gestion"] & pendiente]
        if len(filas):
            tablas.append(
                pd.DataFrame(
                    {
                        "cliente_id": filas["cliente_id"].to_numpy(),
                        "canal": ruta_incumplida.canal or "llamada",
                        "accion": ruta_incumplida.accion,
                        "motivo": MOTIVO_INCUMPLIDA,
                        "origen": ORIGEN_INCUMPLIDA,
                        "argumento": ruta_incumplida.argumento,
                        "producto_pedido": ruta_incumplida.producto,
                        "prioridad_evento": 0.0,
                        "es_seguimiento": True,
                    }
                )
            )
    return pd.concat(tablas, ignore_index=True)


def _ruta_de_accion(estrategia: Estrategia, accion: str):
    for ruta in estrategia.rutas:
        if ruta.accion == accion:
            return ruta
    return None


RACHA_CAMBIO_CANAL = 3


def _cambiar_canal_tras_racha(canal: pd.Series, filas: pd.DataFrame, estrategia: Estrategia) -> pd.Series:
    """Tras varios intentos seguidos sin contacto, la ruta ``cambiar_canal`` propone otro canal."""
    cambio = _ruta_de_accion(estrategia, "cambiar_canal")
    if cambio is None or not cambio.canal:
        return canal
    largo = filas["racha_sin_contacto"] >= RACHA_CAMBIO_CANAL
    return canal.where(~largo.to_numpy(), cambio.canal)


# --- medios de contacto ---------------------------------------------------------------------

# Canales que necesitan un dato del deudor para poder usarse (por nombre de canal).
CANALES_POR_TELEFONO = {"llamada", "sms", "whatsapp"}
CANALES_POR_CORREO = {"email", "correo"}


def _sin_medio_de_contacto(candidatas: pd.DataFrame, deudores: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quita las filas de canales que el deudor no puede recibir: llamada, SMS o WhatsApp sin teléfono,
    correo sin e-mail. No gastan capacidad ni el tope de contactos, y se informan como exclusión."""
    # la fila del deudor de cada candidata (un deudor que no está no tiene medios)
    posicion = pd.Index(deudores["cliente_id"].to_numpy()).get_indexer(candidatas["cliente_id"].to_numpy())
    esta = posicion >= 0

    def tiene(columnas) -> np.ndarray:
        presente = np.zeros(len(candidatas), dtype=bool)
        for columna in columnas:
            if columna in deudores:
                valor = deudores[columna].to_numpy(dtype=object)[posicion[esta]]
                presente[esta] |= pd.notna(valor) & (valor != "")
        return presente

    canal = candidatas["canal"]
    sin_telefono = canal.isin(CANALES_POR_TELEFONO) & ~tiene(("telefono", "telefono2"))
    sin_correo = canal.isin(CANALES_POR_CORREO) & ~tiene(("email",))
    quitadas = pd.concat(
        [
            candidatas.loc[sin_telefono, ["cliente_id", "canal"]].assign(motivo="sin teléfono para el canal"),
            candidatas.loc[sin_correo, ["cliente_id", "canal"]].assign(motivo="sin correo electrónico"),
        ],
        ignore_index=True,
    )
    return candidatas[~(sin_telefono | sin_correo)], quitadas


# --- reglas de contacto ---------------------------------------------------------------------


def _aplicar_reglas_contacto(
    candidatas: pd.DataFrame,
    deudores: pd.DataFrame,
    estrategia: Estrategia,
    historial: Historial,
    fecha: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quita las filas que romperían las reglas de contacto del país del deudor."""
    from limonero_cli.nucleo.reglas import filtrar_por_reglas

    return filtrar_por_reglas(candidatas, deudores, estrategia, historial, fecha)


# --- oferta, argumento, prioridad ------------------------------------------------------------


def _con_oferta(filas: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """El producto más alto desbloqueado por etapa (días de mora) y número de negociación."""
    from limonero_cli.estrategia.dmn import evaluar, parsear_prueba

    filas = filas.copy()
    filas["codigo_oferta"] = None
    filas["oferta"] = None
    if not estrategia.productos or filas.empty:
        return filas
    numero_negociacion = filas["negociaciones"].fillna(0).astype(int) + 1
    dias = filas["dias_mora"].astype(float)
    orden = {p.codigo: i for i, p in enumerate(estrategia.productos)}
    tope = filas["producto_pedido"].map(orden).fillna(len(orden))
    for i, producto in enumerate(estrategia.productos):  # en orden: el último que aplica es el más alto
        desbloqueado = (dias >= producto.desde_dias_mora) & (numero_negociacion >= producto.desde_negociacion)
        desbloqueado &= tope >= i
        condicion = producto.partes_condicion()
        if condicion is not None:
            campo, prueba = condicion
            if campo in filas:
                desbloqueado &= evaluar(parsear_prueba(prueba), filas[campo])
        filas.loc[desbloqueado, "codigo_oferta"] = producto.codigo
        filas.loc[desbloqueado, "oferta"] = producto.nombre
    return filas


def situacion_de_filas(filas: pd.DataFrame, estrategia: Estrategia) -> pd.Series:
    """La situación del modelo argumental de cada fila (ver el docstring del módulo)."""
    objeciones = argumentos_de_objecion(estrategia)
    codigo = filas["ultimo_codigo"].astype(object).where(filas["ultimo_codigo"].notna(), "")
    codigo = codigo.astype(str).str.strip().str.upper()
    condiciones = [
        filas["promesa_rota_sin_gestion"].fillna(False).astype(bool) | filas["origen"].eq(ORIGEN_INCUMPLIDA),
        filas["origen"].eq(ORIGEN_RECORDATORIO),
        filas["origen"].eq(ORIGEN_VERIFICACION),
        codigo.isin(set(objeciones)),
        filas["ultimo_codigo"].isna(),
    ]
    opciones = ["promesa_incumplida", "recordatorio", "verificacion", "objecion", "primer_contacto"]
    return pd.Series(np.select(condiciones, opciones, default="seguimiento"), index=filas.index, dtype=object)


def argumentos_de_objecion(estrategia: Estrategia) -> dict[str, str]:
    """``código de tipificación → argumento`` de las objeciones (``SD`` → ``OBJ_SD``)."""
    situacion = {a.codigo: a.situacion for a in estrategia.argumentos}
    resultado = {}
    for ruta in estrategia.rutas:
        if ruta.argumento and situacion.get(ruta.argumento) == "objecion":
            resultado[ruta.codigo.strip().upper()] = ruta.argumento
    for argumento in estrategia.argumentos:
        if argumento.situacion == "objecion" and argumento.codigo.upper().startswith("OBJ_"):
            resultado.setdefault(argumento.codigo[4:].strip().upper(), argumento.codigo)
    return resultado


def _elegir_argumento(
    situacion: str, etapa, propio, codigo: str, estrategia: Estrategia, objeciones: dict[str, str]
):
    """El argumento de una combinación (situación, etapa, argumento de la fila, último código)."""
    argumentos = estrategia.argumentos
    etapa = etapa or None
    if situacion == "objecion" and codigo in objeciones:
        return objeciones[codigo]
    if situacion == "verificacion" and not any(a.situacion == situacion for a in argumentos):
        situacion = "recordatorio"  # una estrategia sin argumento de verificación usa el de recordatorio
    propio = propio if isinstance(propio, str) and propio else None
    situacion_propia = next((a.situacion for a in argumentos if a.codigo == propio), None)
    if propio is not None and situacion_propia == situacion:
        return propio
    de_etapa = next((a.codigo for a in argumentos if a.situacion == situacion and a.etapa == etapa), None)
    if de_etapa is not None:
        return de_etapa
    sin_etapa = next((a.codigo for a in argumentos if a.situacion == situacion and a.etapa is None), None)
    if sin_etapa is not None:
        return sin_etapa
    if propio is not None:
        return propio
    return next((a.codigo for a in argumentos if a.etapa == etapa), None)


def _con_argumento(filas: pd.DataFrame, estrategia: Estrategia) -> pd.DataFrame:
    """El argumento de cada fila según su situación y etapa, y su texto para el asesor."""
    filas = filas.copy()
    filas["situacion"] = situacion_de_filas(filas, estrategia)
    objeciones = argumentos_de_objecion(estrategia)
    codigo = filas["ultimo_codigo"].astype(object).where(filas["ultimo_codigo"].notna(), "")
    llaves = pd.DataFrame(
        {
            "situacion": filas["situacion"],
            "etapa": filas["etapa"].astype(object).where(filas["etapa"].notna(), ""),
            "argumento": filas["argumento"].astype(object).where(filas["argumento"].notna(), ""),
            "codigo": codigo.astype(str).str.strip().str.upper(),
        }
    )
    llaves["codigo"] = llaves["codigo"].where(llaves["situacion"].eq("objecion"), "")
    combinaciones = llaves.drop_duplicates()
    elegidos = [  # una vuelta por combinación distinta (decenas), no por fila
        _elegir_argumento(s, e, a, c, estrategia, objeciones) for s, e, a, c in combinaciones.itertuples(index=False)
    ]
    combinaciones = combinaciones.assign(_elegido=elegidos)
    elegido = llaves.merge(combinaciones, on=["situacion", "etapa", "argumento", "codigo"], how="left")["_elegido"]
    filas["argumento"] = elegido.to_numpy(dtype=object)
    textos = {a.codigo: a.texto for a in estrategia.argumentos}
    filas["texto_argumento"] = filas["argumento"].map(textos)
    return filas


def _orden_de_prioridad(filas: pd.DataFrame) -> pd.Series:
    """Seguimientos primero; luego recuperación esperada (saldo × probabilidad por score)."""
    probabilidad = probabilidad_de_pago(filas["score"])
    esperado = filas["saldo_vencido"].fillna(0).clip(lower=0) * probabilidad
    # clave: seguimiento (0) antes que evento (1); dentro, mayor recuperación esperada primero
    clave = pd.DataFrame(
        {
            "grupo": np.where(filas["es_seguimiento"].fillna(False), 0, 1),
            "evento": filas["prioridad_evento"].fillna(5),
            "esperado": -esperado,
            "cliente_id": filas["cliente_id"].astype(str),
        }
    )
    rango = clave.sort_values(["grupo", "esperado", "evento", "cliente_id"], kind="stable").index
    orden = pd.Series(0, index=filas.index)
    orden.loc[rango] = np.arange(1, len(rango) + 1)
    return orden


def probabilidad_de_pago(score: pd.Series) -> pd.Series:
    """Probabilidad de pago supuesta a partir del score (300–900); 0,5 sin score."""
    score = pd.to_numeric(score, errors="coerce")
    return ((score - 300) / 600).clip(0.05, 0.95).fillna(0.5)


# --- reparto entre asesores -----------------------------------------------------------------


def _asesores_sin_ficha(deudores: pd.DataFrame, estrategia: Estrategia) -> set[str]:
    conocidos = {a.asesor for a in estrategia.asesores}
    distintos = pd.Series(pd.unique(deudores["asesor"].dropna()), dtype=object)  # cientos, no cientos de miles
    nombrados = set(distintos.astype(str).str.strip()) - {""}
    return nombrados - conocidos


def repartir(
    filas: pd.DataFrame, estrategia: Estrategia, asesores_sin_ficha: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reparte las filas entre asesores y canales masivos respetando capacidades.

    Cada asesor conserva a sus deudores (continuidad) hasta su capacidad; lo
    que no le cabe, y los deudores sin asesor, pasan a los asesores con lugar
    que atienden ese canal y tratamiento, en orden de prioridad. Lo que aún
    no cabe es desborde.
    """
    from limonero_cli.nucleo.reparto import repartir_filas

    return repartir_filas(filas, estrategia, asesores_sin_ficha)


def filas_para_bitacora(lista: ListaDelDia) -> pd.DataFrame:
    """Las asignaciones del día, como las guarda la bitácora (el código de la oferta va en ``producto``)."""
    filas = lista.filas.drop(columns=["producto"], errors="ignore")  # el producto de la cartera no va
    return filas.rename(columns={"codigo_oferta": "producto"})[list(COLUMNAS_ASIGNACION)].copy()
