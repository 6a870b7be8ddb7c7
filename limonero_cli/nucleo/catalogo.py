"""Importar un catálogo de tipificaciones ajeno (el de un marcador o de otro sistema) a los niveles de limonero.

Lógica pura: recibe la tabla ya leída (encabezados originales, valores crudos) y devuelve el
catálogo en la forma de la hoja ``tipificaciones`` más la lista de problemas encontrados.

Columnas que se reconocen (sin importar mayúsculas, tildes ni espacios):

- código: ``codigo``, ``cod_vicidial``, ``status``, ``estado_marcador``, ``cod``, ``code``;
- nivel grueso: ``nivel`` (si ya trae los niveles de limonero se usan tal cual), ``calif_1``,
  ``calificacion``, ``categoria``, ``grupo``;
- detalle: ``calif_2``, ``calif_3``, ``descripcion``, ``detalle``, ``subcategoria``;
- ``estado`` (``Terminado`` = código final) y ``peso``.

**Regla para el nivel** (se aplica en este orden; el texto se compara sin tildes ni mayúsculas):

1. Si el detalle dice que la llamada no llegó a nadie (``agent not available``, ``timeout``,
   ``dead air``, ``drop``, ``no discado``, ``no tipificado``) → ``sin_contacto``.
2. Nivel grueso con «no conecta» / «sin contacto» → ``sin_contacto``.
3. Nivel grueso con «tercero» → ``contacto_tercero``.
4. Nivel grueso con «cliente» o «titular» → ``contacto_titular``, y sube según el detalle, salvo
   que el detalle sea una negativa («no interesa», «no venta», «no desea», «rechaza», «sin ...»,
   «se niega»):
   - ``pago`` si dice «ya pagó», «pagado», «pago realizado / total / confirmado / recibido»;
   - ``promesa`` si dice «promesa», «promete», «compromiso», «acuerdo de pago», «pendiente de
     pago», «PTP»;
   - ``negociacion`` si dice «interesa», «lo pensará», «negocia», «cotización», «link de pago»,
     «venta», «preventa», «oferta», «descuento», «convenio», «reestructura», «información».
5. Cualquier otro nivel grueso («Error Agente», «Lista Negra», «No Discado»...) → ``sin_contacto``,
   con un aviso que lo nombra para que el supervisor lo revise.

Además: ``final`` = ``Estado`` es «Terminado» (o «final», «cerrado»), o el texto dice «lista negra»
o «no volver a llamar»; los códigos de nivel ``promesa`` exigen monto y fecha; ``descripcion`` =
detalle (o el nivel grueso si no hay detalle). Los códigos se comparan sin espacios a los lados y
en mayúsculas: un código repetido deja la primera fila y avisa (diciendo si la repetida traía otros
datos). Un peso vacío o ilegible queda en 0, con aviso.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from limonero_cli.errores import Problema
from limonero_cli.nucleo.tipificaciones import NIVELES, preparar_catalogo, rango_de_codigos

COLUMNAS_SALIDA = ("codigo", "descripcion", "nivel", "requiere_monto", "requiere_fecha", "final", "peso", "equivalencias")

_NOMBRES_CODIGO = ("codigo", "cod_vicidial", "codigo_vicidial", "status", "estado_marcador", "cod", "code", "cod_gestion")
_NOMBRES_NIVEL = ("nivel", "calif_1", "calif1", "calificacion", "calificacion_1", "categoria", "grupo", "nivel_1")
_NOMBRES_DETALLE = ("calif_2", "calif2", "calificacion_2", "calif_3", "calif3", "calificacion_3", "descripcion",
                    "detalle", "subcategoria", "nivel_2", "nivel_3")
_NOMBRES_ESTADO = ("estado", "final", "terminal")
_NOMBRES_PESO = ("peso", "prioridad_resultado", "ranking", "orden")
_NOMBRES_EQUIVALENCIAS = ("equivalencias", "equivalencia", "codigos_marcador")

_SIN_LLAMADA = re.compile(r"agent not available|timeout|dead air|\bdrop\b|no discado|no tipificado")
_GRUESO_SIN_CONTACTO = re.compile(r"no conecta|sin contacto|no contacto")
_GRUESO_TERCERO = re.compile(r"tercero")
_GRUESO_TITULAR = re.compile(r"cliente|titular|deudor")
_NEGATIVA = re.compile(r"\bno (interesa|venta|desea|acepta|puede|quiere)|rechaza|\bsin\b|se niega|niega")
_PAGO = re.compile(r"ya pago|\bpagad[oa]\b|pago (realizado|total|confirmado|recibido|efectuado)")
_PROMESA = re.compile(r"promesa|promete|compromiso|acuerdo de pago|pendiente de pago|\bptp\b")
_NEGOCIACION = re.compile(
    r"\binteresa\b|lo pensar|negocia|cotizacion|link de pago|\bventa\b|preventa|pre-venta|oferta|descuento|"
    r"convenio|reestructur|refinancia|informacion"
)
_FINAL_ESTADO = re.compile(r"^(terminado|final|cerrado|si|sí)$")
_FINAL_TEXTO = re.compile(r"lista negra|no volver a llamar")


def _llave(texto) -> str:
    """Texto comparable: sin tildes, minúsculas, espacios simples."""
    if texto is None or (isinstance(texto, float) and np.isnan(texto)):
        return ""
    sin_tildes = unicodedata.normalize("NFKD", str(texto))
    sin_tildes = "".join(c for c in sin_tildes if not unicodedata.combining(c))
    return " ".join(sin_tildes.casefold().split())


def _nombre_columna(texto) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _llave(texto)).strip("_")


def _limpio(valor) -> str:
    """Texto de una celda con espacios simples; vacío → ``""``."""
    if valor is None or (isinstance(valor, float) and np.isnan(valor)):
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return " ".join(str(valor).split())


def _buscar(columnas: dict[str, str], nombres: tuple[str, ...]) -> list[str]:
    return [columnas[n] for n in nombres if n in columnas]


def nivel_por_regla(grueso: str, detalle: str) -> tuple[str, bool]:
    """El nivel de limonero para un nivel grueso y un detalle, y si se reconoció el nivel grueso.

    >>> nivel_por_regla("Conecta - efectivo - Cliente", "Pendiente de pago")
    ('promesa', True)
    """
    g, d = _llave(grueso), _llave(detalle)
    if g in NIVELES:
        return g, True
    if _SIN_LLAMADA.search(d):
        return "sin_contacto", True
    if _GRUESO_SIN_CONTACTO.search(g):
        return "sin_contacto", True
    if _GRUESO_TERCERO.search(g):
        return "contacto_tercero", True
    if _GRUESO_TITULAR.search(g):
        if _NEGATIVA.search(d):
            return "contacto_titular", True
        if _PAGO.search(d):
            return "pago", True
        if _PROMESA.search(d):
            return "promesa", True
        if _NEGOCIACION.search(d):
            return "negociacion", True
        return "contacto_titular", True
    return "sin_contacto", False


def catalogo_desde_tabla(
    datos: pd.DataFrame, filas: list[int] | None = None, archivo: str | None = None
) -> tuple[pd.DataFrame, list[Problema]]:
    """Convierte un catálogo ajeno en la hoja ``tipificaciones`` de limonero (ver la regla del módulo).

    ``datos`` trae los encabezados originales y los valores crudos; ``filas`` el número de fila
    original de cada registro (por defecto, índice + 2: la fila 1 es el encabezado). Devuelve
    ``(catalogo, problemas)``: ``catalogo`` con las columnas :data:`COLUMNAS_SALIDA` (booleanos de
    verdad, ``peso`` entero) y los problemas como :class:`Problema` (``gravedad`` error o aviso).
    Con algún error el catálogo no debe usarse.
    """
    problemas: list[Problema] = []
    if filas is None:
        filas = list(range(2, len(datos) + 2))

    def problema(mensaje: str, fila=None, columna=None, gravedad="aviso") -> None:
        problemas.append(Problema(mensaje, archivo=archivo, fila=fila, columna=columna, gravedad=gravedad))

    columnas: dict[str, str] = {}
    for encabezado in datos.columns:
        columnas.setdefault(_nombre_columna(encabezado), encabezado)
    codigo_col = _buscar(columnas, _NOMBRES_CODIGO)
    nivel_col = _buscar(columnas, _NOMBRES_NIVEL)
    vacio = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNAS_SALIDA})
    if not codigo_col:
        problema("no hay una columna con el código de tipificación (codigo, COD_VICIDIAL, status...).",
                 gravedad="error")
    if not nivel_col:
        problema("no hay una columna con el nivel o la calificación del resultado (nivel, Calif_1, categoria...).",
                 gravedad="error")
    if not codigo_col or not nivel_col:
        return vacio, problemas
    detalle_cols = [c for c in _buscar(columnas, _NOMBRES_DETALLE) if c != nivel_col[0]]
    estado_col = _buscar(columnas, _NOMBRES_ESTADO)
    peso_col = _buscar(columnas, _NOMBRES_PESO)
    # Un catálogo que ya trae equivalencias (p. ej. la hoja tipificaciones de otra estrategia) las conserva.
    equivalencias_col = _buscar(columnas, _NOMBRES_EQUIVALENCIAS)

    registros = []
    vistos: dict[str, tuple[int, tuple]] = {}
    desconocidos: dict[str, list[str]] = {}
    for posicion, valores in enumerate(datos.to_dict("records")):
        fila = filas[posicion]
        codigo = _limpio(valores.get(codigo_col[0])).upper()
        grueso = _limpio(valores.get(nivel_col[0]))
        partes: list[str] = []
        for columna in detalle_cols:
            texto = _limpio(valores.get(columna))
            if texto and _llave(texto) not in {_llave(p) for p in partes}:
                partes.append(texto)
        detalle = " - ".join(partes)
        estado = _limpio(valores.get(estado_col[0])) if estado_col else ""
        peso_texto = _limpio(valores.get(peso_col[0])) if peso_col else ""
        if not codigo:
            if grueso or detalle:
                problema("la fila no tiene código; se omite.", fila, codigo_col[0])
            continue
        firma = (_llave(grueso), _llave(detalle), _llave(estado), peso_texto)
        if codigo in vistos:
            primera, firma_previa = vistos[codigo]
            if firma == firma_previa:
                problema(f"el código «{codigo}» está repetido (igual que en la fila {primera}); se deja una vez.",
                         fila, codigo_col[0])
            else:
                problema(f"el código «{codigo}» está repetido con otros datos; se deja el de la fila {primera}.",
                         fila, codigo_col[0])
            continue
        vistos[codigo] = (fila, firma)
        nivel, reconocido = nivel_por_regla(grueso, detalle)
        if not reconocido:
            desconocidos.setdefault(grueso or "(vacío)", []).append(codigo)
        try:
            peso = int(float(peso_texto.replace(",", "."))) if peso_texto else None
        except ValueError:
            peso = None
        if peso is None:
            problema(f"el código «{codigo}» no tiene un peso numérico; queda en 0 (el menor).", fila,
                     peso_col[0] if peso_col else None)
            peso = 0
        final = bool(_FINAL_ESTADO.match(_llave(estado))) or bool(_FINAL_TEXTO.search(_llave(grueso + " " + detalle)))
        registros.append(
            {
                "codigo": codigo,
                "descripcion": detalle or grueso or codigo,
                "nivel": nivel,
                "requiere_monto": nivel == "promesa",
                "requiere_fecha": nivel == "promesa",
                "final": final,
                "peso": peso,
                "equivalencias": (_limpio(valores.get(equivalencias_col[0])) or None) if equivalencias_col else None,
            }
        )
    for grueso, codigos in desconocidos.items():
        muestra = ", ".join(codigos[:5]) + (" ..." if len(codigos) > 5 else "")
        problema(f"la calificación «{grueso}» no dice si hubo contacto; sus {len(codigos)} códigos ({muestra}) "
                 "quedan como sin_contacto: revíselos.", columna=nivel_col[0])
    if not registros:
        problema("el archivo no trae ningún código de tipificación.", gravedad="error")
        return vacio, problemas
    catalogo = pd.DataFrame(registros, columns=list(COLUMNAS_SALIDA))
    catalogo["peso"] = catalogo["peso"].astype("int64")
    presentes = set(catalogo["nivel"])
    for nivel in NIVELES:
        if nivel not in presentes:
            problema(f"ningún código quedó con el nivel «{nivel}»: ese paso del embudo quedará en cero.")
    return catalogo, problemas


def rutas_sin_codigo(rutas: pd.DataFrame, catalogo: pd.DataFrame, reservado: str) -> np.ndarray:
    """Máscara de las filas de la hoja ``rutas`` cuyo código ya no está en ``catalogo`` (salvo ``reservado``)."""
    if "codigo" not in rutas.columns or rutas.empty:
        return np.zeros(len(rutas), dtype=bool)
    codigos = {_llave(c) for c in catalogo["codigo"]} | {_llave(reservado)}
    llaves = rutas["codigo"].map(_llave)
    return (~llaves.isin(codigos) & (llaves != "")).to_numpy(dtype=bool)


def cambios_de_nivel(conteo: pd.Series, antes: pd.DataFrame, despues: pd.DataFrame) -> pd.DataFrame:
    """Los códigos ya cargados que el embudo lee distinto con el catálogo ``despues`` que con ``antes``.

    ``conteo``: tipificaciones por código (índice = código tal como está en la bitácora). Devuelve
    ``codigo``, ``tipificaciones``, ``nivel_antes`` y ``nivel_despues`` (``None``: fuera del catálogo, que el
    embudo cuenta solo como intento) y ``cambia_embudo`` (el embudo lo cuenta en otro paso: ver
    :func:`~limonero_cli.nucleo.embudo.escalon_del_embudo`), de más a menos tipificaciones.
    """
    from limonero_cli.nucleo.embudo import escalon_del_embudo

    codigos = pd.Series(conteo.index.astype(object), dtype=object)
    niveles = np.array([*NIVELES, None], dtype=object)  # rango -1 → None
    rango_antes = rango_de_codigos(codigos, preparar_catalogo(antes))
    rango_despues = rango_de_codigos(codigos, preparar_catalogo(despues))
    nivel_antes, nivel_despues = niveles[rango_antes], niveles[rango_despues]
    tabla = pd.DataFrame({
        "codigo": codigos,
        "tipificaciones": conteo.to_numpy(dtype=np.int64),
        "nivel_antes": pd.Series(nivel_antes, dtype=object),
        "nivel_despues": pd.Series(nivel_despues, dtype=object),
        "cambia_embudo": escalon_del_embudo(rango_antes) != escalon_del_embudo(rango_despues),
    })
    return tabla[rango_antes != rango_despues].sort_values(["tipificaciones", "codigo"], ascending=[False, True], ignore_index=True)
