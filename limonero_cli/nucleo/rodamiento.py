"""Rodamiento de cartera: cómo se movieron las cuentas entre dos cortes.

Se cruzan dos carteras (anterior y actual) por una llave (``cuenta`` por
defecto) y se cuenta, para cada tramo de mora del corte anterior, en qué tramo
quedó cada cuenta en el corte actual, o si ``Salió`` (ya no está: pagó o se
castigó). Las cuentas que solo están en el corte actual ``entraron``.

Definiciones (cada tasa lleva su numerador y su denominador, en cuentas y en
saldo vencido del corte anterior):

- **rodamiento** (roll forward): cuentas que pasaron a un tramo peor ÷ cuentas
  del corte anterior que podían empeorar (todas menos las del último tramo).
- **mejora**: cuentas que pasaron a un tramo mejor ÷ cuentas vencidas del corte
  anterior (todas menos las de "Al día").
- **cura**: cuentas vencidas que quedaron "Al día" ÷ cuentas vencidas del corte
  anterior.
- **salida**: cuentas que ya no están ÷ cuentas del corte anterior.
- **flujo** del tramo i: cuentas del tramo i que quedaron en el tramo i+1 ÷
  cuentas del tramo i (la tasa clásica entre cortes mensuales).

Si la llave se repite dentro de un corte (por ejemplo, llave ``cliente_id``), las
filas se agrupan: días de mora = el máximo, saldo = la suma.

Ejemplo::

    r = calcular_rodamiento(cartera_marzo, cartera_abril)
    r.matriz_cuentas          # filas: tramo en marzo; columnas: tramo en abril + "Salió"
    r.rodamiento.valor        # 0.18
    r.rodamiento.descripcion  # "312 de 1.734 cuentas que podían empeorar (no estaban en ..."
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from limonero_cli.errores import ErrorDatos
from limonero_cli.nucleo.tramos import TRAMOS_POR_DEFECTO, Tramo, asignar_tramo

SALIO = "Salió"
ENTRO = "Entró"


def _entero_es(valor: float) -> str:
    return f"{int(round(valor)):,}".replace(",", ".")


@dataclass(frozen=True)
class Tasa:
    """Una tasa con su numerador y su denominador (``valor`` es NaN si el denominador es 0)."""

    numerador: float
    denominador: float
    unidad: str  # qué se cuenta: "cuentas" o "saldo vencido"
    base: str  # qué es el denominador, en palabras

    @property
    def valor(self) -> float:
        return self.numerador / self.denominador if self.denominador else math.nan

    @property
    def descripcion(self) -> str:
        if self.unidad == "cuentas":
            return f"{_entero_es(self.numerador)} de {_entero_es(self.denominador)} {self.base}"
        # Sin símbolo de moneda: el núcleo no sabe si son pesos, soles o dólares.
        return (f"{_entero_es(self.numerador)} de {_entero_es(self.denominador)} "
                f"de saldo vencido de {self.base}")


@dataclass(frozen=True)
class Rodamiento:
    """Resultado de comparar dos cortes de cartera."""

    tramos: tuple[str, ...]
    matriz_cuentas: pd.DataFrame  # filas: tramo anterior; columnas: tramo actual + "Salió"
    matriz_saldo: pd.DataFrame  # igual, en saldo vencido del corte anterior
    entradas: pd.DataFrame  # por tramo actual: cuentas y saldo (del corte actual) que entraron
    flujo: pd.DataFrame  # por tramo i: cuentas y saldo que pasaron al tramo i+1, con tasas
    resumen: pd.DataFrame  # por tramo anterior: empeoraron, igual, mejoraron, salieron
    detalle: pd.DataFrame  # una fila por llave: tramos, saldos y movimiento
    rodamiento: Tasa
    rodamiento_saldo: Tasa
    mejora: Tasa
    mejora_saldo: Tasa
    cura: Tasa
    cura_saldo: Tasa
    salida: Tasa
    salida_saldo: Tasa
    cuentas_anterior: int  # llaves del corte anterior ubicadas en un tramo (base de la matriz)
    cuentas_actual: int  # llaves del corte actual (tras agrupar repetidas)
    cuentas_salieron: int  # estaban antes y ya no están (pagaron o se castigaron)
    cuentas_entraron: int  # solo están en el corte actual
    sin_mora_anterior: int  # llaves sin días de mora (no se ubican en un tramo ni se comparan)
    sin_mora_actual: int
    repetidas_anterior: int  # filas agrupadas porque su llave se repite
    repetidas_actual: int
    llave: str

    def tasas(self) -> pd.DataFrame:
        """Las tasas globales en una tabla: valor, numerador, denominador y base."""
        filas = []
        for nombre, tasa in (
            ("rodamiento", self.rodamiento), ("rodamiento (saldo)", self.rodamiento_saldo),
            ("mejora", self.mejora), ("mejora (saldo)", self.mejora_saldo),
            ("cura", self.cura), ("cura (saldo)", self.cura_saldo),
            ("salida", self.salida), ("salida (saldo)", self.salida_saldo),
        ):
            filas.append({"tasa": nombre, "valor": tasa.valor, "numerador": tasa.numerador,
                          "denominador": tasa.denominador, "base": tasa.descripcion})
        return pd.DataFrame(filas)


def _preparar(cartera: pd.DataFrame, llave: str, cual: str, tramos: Sequence[Tramo],
              medida: str) -> tuple[pd.DataFrame, int, int]:
    """Una fila por llave con ``tramo`` (códigos) y ``saldo``; cuenta las filas sin mora y repetidas."""
    faltan = [c for c in (llave, "dias_mora", medida) if c not in cartera.columns]
    if faltan:
        raise ErrorDatos(
            f"La cartera {cual} no tiene la columna «{faltan[0]}», que el rodamiento necesita.",
            "Revise el encabezado o indique la columna en la hoja «columnas» de la estrategia.",
        )
    datos = pd.DataFrame({
        "llave": cartera[llave].to_numpy(dtype=object),
        "dias": pd.to_numeric(cartera["dias_mora"], errors="coerce").astype("float64").to_numpy(),
        "saldo": pd.to_numeric(cartera[medida], errors="coerce").astype("float64")
        .fillna(0.0).to_numpy(),
    })
    datos = datos[pd.notna(datos["llave"])]
    repetidas = int(datos["llave"].duplicated().sum())
    if repetidas:
        datos = datos.groupby("llave", sort=False, as_index=False).agg(
            dias=("dias", "max"), saldo=("saldo", "sum"))
    sin_mora = int(datos["dias"].isna().sum())
    # Las filas sin días de mora se quedan (código -1): no "salen" ni "entran", solo no se ubican.
    datos = datos.assign(tramo=asignar_tramo(datos["dias"], tramos).cat.codes.to_numpy())
    return datos.reset_index(drop=True), sin_mora, repetidas


def calcular_rodamiento(
    anterior: pd.DataFrame,
    actual: pd.DataFrame,
    llave: str = "cuenta",
    tramos: Sequence[Tramo] = TRAMOS_POR_DEFECTO,
    medida: str = "saldo_vencido",
) -> Rodamiento:
    """Compara dos cortes de cartera (columnas canónicas) y devuelve la matriz y las tasas."""
    tramos = tuple(tramos)
    etiquetas = tuple(t.etiqueta for t in tramos)
    k = len(etiquetas)
    previa, sin_mora_ant, rep_ant = _preparar(anterior, llave, "anterior", tramos, medida)
    nueva, sin_mora_act, rep_act = _preparar(actual, llave, "actual", tramos, medida)

    cruce = previa.merge(nueva, on="llave", how="outer", suffixes=("_ant", "_act"),
                         indicator=True, sort=False)
    en_anterior = cruce["_merge"].ne("right_only").to_numpy()
    en_actual = cruce["_merge"].ne("left_only").to_numpy()
    origen = cruce["tramo_ant"].fillna(-1).to_numpy(dtype="int64")
    destino = np.where(en_actual, cruce["tramo_act"].fillna(-1).to_numpy(dtype="int64"), k)
    saldo_ant = cruce["saldo_ant"].fillna(0.0).to_numpy(dtype="float64")
    saldo_act = cruce["saldo_act"].fillna(0.0).to_numpy(dtype="float64")
    # Se comparan las llaves ubicadas en un tramo en el corte anterior y, si siguen, también
    # en el actual.
    comparables = en_anterior & (origen >= 0) & (destino >= 0)

    # Matrices: índice plano origen * (k + 1) + destino.
    o, d, s = origen[comparables], destino[comparables], saldo_ant[comparables]
    plano = o * (k + 1) + d
    cuentas = np.bincount(plano, minlength=k * (k + 1)).reshape(k, k + 1)
    saldos = np.bincount(plano, weights=s, minlength=k * (k + 1)).reshape(k, k + 1)
    filas_idx = pd.Index(etiquetas, name="tramo anterior")
    columnas_idx = pd.Index([*etiquetas, SALIO], name="tramo actual")
    matriz_cuentas = pd.DataFrame(cuentas, index=filas_idx, columns=columnas_idx)
    matriz_saldo = pd.DataFrame(saldos, index=filas_idx, columns=columnas_idx)

    # Entradas: solo en el corte actual.
    solo_actual = ~en_anterior & (destino >= 0)
    d_ent = destino[solo_actual]
    entradas = pd.DataFrame(
        {"cuentas": np.bincount(d_ent, minlength=k),
         "saldo": np.bincount(d_ent, weights=saldo_act[solo_actual], minlength=k)},
        index=pd.Index(etiquetas, name="tramo actual"),
    )

    # Movimientos de las cuentas del corte anterior.
    sigue = d < k
    peor = sigue & (d > o)
    mejor = sigue & (d < o)
    igual = sigue & (d == o)
    salio = ~sigue
    vencidas = o > 0
    pueden_empeorar = o < k - 1
    curadas = vencidas & (d == 0)

    def _tasa(numerador_mask, denominador_mask, unidad, base):
        pesos = s if unidad == "saldo vencido" else np.ones_like(s)
        return Tasa(float(pesos[numerador_mask].sum()), float(pesos[denominador_mask].sum()),
                    unidad, base)

    base_emp = "cuentas que podían empeorar (no estaban en el último tramo)"
    base_emp_s = "las cuentas que podían empeorar"
    base_venc = "cuentas vencidas en el corte anterior"
    base_venc_s = "las cuentas vencidas en el corte anterior"
    base_todas = "cuentas del corte anterior"
    base_todas_s = "todo el corte anterior"

    def _por_tramo(mascara, pesos=None):
        return np.bincount(o[mascara], weights=None if pesos is None else pesos[mascara],
                           minlength=k)

    resumen = pd.DataFrame({
        "cuentas": _por_tramo(np.ones_like(o, dtype=bool)),
        "empeoraron": _por_tramo(peor),
        "igual": _por_tramo(igual),
        "mejoraron": _por_tramo(mejor),
        "salieron": _por_tramo(salio),
        "saldo": _por_tramo(np.ones_like(o, dtype=bool), s),
        "saldo_empeoro": _por_tramo(peor, s),
        "saldo_mejoro": _por_tramo(mejor, s),
        "saldo_salio": _por_tramo(salio, s),
    }, index=filas_idx)
    with np.errstate(invalid="ignore", divide="ignore"):
        resumen["tasa_rodamiento"] = resumen["empeoraron"] / resumen["cuentas"].replace(0, np.nan)
        resumen["tasa_mejora"] = resumen["mejoraron"] / resumen["cuentas"].replace(0, np.nan)
        resumen["tasa_salida"] = resumen["salieron"] / resumen["cuentas"].replace(0, np.nan)

    # Flujo: tramo i → tramo i+1.
    diag_sig_c = np.array([cuentas[i, i + 1] for i in range(k - 1)], dtype="float64")
    diag_sig_s = np.array([saldos[i, i + 1] for i in range(k - 1)], dtype="float64")
    inicio_c = cuentas.sum(axis=1)[: k - 1].astype("float64")
    inicio_s = saldos.sum(axis=1)[: k - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        flujo = pd.DataFrame({
            "hacia": list(etiquetas[1:]),
            "cuentas_inicio": inicio_c.astype("int64"),
            "cuentas_pasan": diag_sig_c.astype("int64"),
            "tasa": np.where(inicio_c > 0, diag_sig_c / np.where(inicio_c > 0, inicio_c, 1), np.nan),
            "saldo_inicio": inicio_s,
            "saldo_pasa": diag_sig_s,
            "tasa_saldo": np.where(inicio_s != 0, diag_sig_s / np.where(inicio_s != 0, inicio_s, 1),
                                   np.nan),
        }, index=pd.Index(etiquetas[:-1], name="desde"))

    # Detalle por llave.
    movimiento = np.where(en_anterior, "Sin días de mora", ENTRO).astype(object)
    movimiento[~en_anterior & (destino < 0)] = "Sin días de mora"
    mov_ant = np.select([salio, peor, mejor], [SALIO, "Empeoró", "Mejoró"], default="Igual")
    movimiento[np.flatnonzero(comparables)] = mov_ant
    nombres = np.array([*etiquetas, SALIO], dtype=object)
    tramo_ant = np.where(origen >= 0, nombres[np.clip(origen, 0, k)], None)
    tramo_act = np.where(en_actual & (destino >= 0), nombres[np.clip(destino, 0, k)], None)
    detalle = pd.DataFrame({
        llave: cruce["llave"].to_numpy(dtype=object),
        "tramo_anterior": tramo_ant,
        "tramo_actual": tramo_act,
        "dias_mora_anterior": cruce["dias_ant"].to_numpy(),
        "dias_mora_actual": cruce["dias_act"].to_numpy(),
        "saldo_anterior": np.where(en_anterior, saldo_ant, np.nan),
        "saldo_actual": np.where(en_actual, saldo_act, np.nan),
        "movimiento": movimiento,
    })

    return Rodamiento(
        tramos=etiquetas,
        matriz_cuentas=matriz_cuentas,
        matriz_saldo=matriz_saldo,
        entradas=entradas,
        flujo=flujo,
        resumen=resumen,
        detalle=detalle,
        rodamiento=_tasa(peor, pueden_empeorar, "cuentas", base_emp),
        rodamiento_saldo=_tasa(peor, pueden_empeorar, "saldo vencido", base_emp_s),
        mejora=_tasa(mejor & vencidas, vencidas, "cuentas", base_venc),
        mejora_saldo=_tasa(mejor & vencidas, vencidas, "saldo vencido", base_venc_s),
        cura=_tasa(curadas, vencidas, "cuentas", base_venc),
        cura_saldo=_tasa(curadas, vencidas, "saldo vencido", base_venc_s),
        salida=_tasa(salio, np.ones_like(salio), "cuentas", base_todas),
        salida_saldo=_tasa(salio, np.ones_like(salio), "saldo vencido", base_todas_s),
        cuentas_anterior=int(comparables.sum()),
        cuentas_actual=int(en_actual.sum()),
        cuentas_salieron=int(salio.sum()),
        cuentas_entraron=int(solo_actual.sum()),
        sin_mora_anterior=sin_mora_ant,
        sin_mora_actual=sin_mora_act,
        repetidas_anterior=rep_ant,
        repetidas_actual=rep_act,
        llave=llave,
    )
