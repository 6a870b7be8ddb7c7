"""Carga y validación del libro de estrategia.

Se revisan todas las hojas y todas las celdas antes de construir nada; cada
problema lleva hoja, fila (la de Excel: la fila 1 es el encabezado) y columna.
Si hay al menos un error se lanza ``ErrorEstrategia`` con la lista completa.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from dataclasses import dataclass, field

import pandas as pd

from limonero_cli.errores import ErrorEstrategia, Problema
from limonero_cli.estrategia.dmn import ErrorPrueba, Logico, parsear_prueba
from limonero_cli.estrategia.modelo import (
    ACCIONES_RUTA,
    CAMPOS_CARTERA,
    CAMPOS_LOGICOS,
    CAMPOS_NUMERICOS,
    CAMPOS_PAGOS,
    CAMPOS_TIPIFICACIONES,
    NIVELES,
    PROMESA_INCUMPLIDA,
    SITUACIONES,
    TIPOS_CANAL,
    Argumento,
    Asesor,
    Canal,
    Estrategia,
    Etapa,
    Evento,
    Parametros,
    Producto,
    ReglaContacto,
    ReglaSegmento,
    Ruta,
    Tipificacion,
    Tratamiento,
    clave,
)

TODOS = "todos"
"""En ``etapas``, el tratamiento ``todos`` define las etapas de los tratamientos que no tienen las suyas."""

COLUMNAS_LIBRES = ("descripcion", "notas", "comentario", "observaciones")
"""Columnas que cualquier hoja puede tener para notas del supervisor; se ignoran."""

HOJAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # hoja: (obligatorias, opcionales)
    "parametros": (("campo", "valor"), ()),
    "columnas": (("campo", "encabezado"), ()),
    "segmentos": (("segmento",), ()),
    "tratamientos": (
        ("segmento", "tratamiento"),
        ("variante", "proporcion", "hipotesis", "meta_cobertura", "meta_contacto", "meta_promesa",
         "meta_cumplimiento", "meta_recuperacion"),
    ),
    "etapas": (("tratamiento", "etapa", "desde", "hasta"), ()),
    "eventos": (("tratamiento", "etapa", "dia", "canal", "accion", "argumento"), ("producto", "prioridad")),
    "argumentos": (("codigo", "situacion", "texto"), ("etapa",)),
    "productos": (("codigo", "nombre", "desde_dias_mora", "desde_negociacion"), ("condicion", "descuento", "plazo")),
    "rutas": (("codigo", "accion", "en_dias"), ("canal", "argumento", "producto")),
    "tipificaciones": (
        ("codigo", "descripcion", "nivel"),
        ("requiere_monto", "requiere_fecha", "final", "peso", "equivalencias"),
    ),
    "canales": (("canal", "tipo", "capacidad_diaria"), ("hora_inicio", "hora_fin")),
    "asesores": (("asesor", "nombre", "canales", "capacidad_diaria"), ("tratamientos", "activo")),
    "reglas_contacto": (
        ("pais", "dias_semana", "hora_inicio", "hora_fin"),
        ("sabado_hora_inicio", "sabado_hora_fin", "festivos_permitidos", "max_por_dia", "max_por_semana",
         "max_llamadas_semana", "max_mensajes_semana", "dias_entre_mensajes", "un_canal_por_semana",
         "solo_titular"),
    ),
}
"""Hojas del libro con sus columnas obligatorias y opcionales."""

_VERDADEROS = {"si", "s", "x", "true", "verdadero", "1", "yes"}
_FALSOS = {"no", "n", "false", "falso", "0"}
_DIAS = {
    "lun": 0, "lunes": 0, "mar": 1, "martes": 1, "mie": 2, "miercoles": 2, "jue": 3, "jueves": 3,
    "vie": 4, "viernes": 4, "sab": 5, "sabado": 5, "dom": 6, "domingo": 6,
}
_CADA = re.compile(r"^cada\s+(\S+)(\s+dias?)?$")


def normalizar_nombre(texto) -> str:
    """Nombre de hoja o columna comparable: ``"Días de mora"`` → ``"dias_de_mora"``."""
    return re.sub(r"[^a-z0-9]+", "_", clave(texto)).strip("_")


def _vacio(valor) -> bool:
    if valor is None:
        return True
    if isinstance(valor, float) and math.isnan(valor):
        return True
    if valor is pd.NA or valor is pd.NaT:
        return True
    return isinstance(valor, str) and not valor.strip()


def _texto(valor) -> str | None:
    """Texto de una celda, sin espacios sobrantes; números enteros sin ``.0``; vacío = ``None``."""
    if _vacio(valor):
        return None
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return " ".join(str(valor).split())


def _para_mensaje(valor) -> str:
    return _texto(valor) or ""


@dataclass
class _Fila:
    """Una fila de una hoja, con su número de fila de Excel."""

    hoja: str
    numero: int
    valores: dict


@dataclass
class _Validador:
    origen: str
    problemas: list[Problema] = field(default_factory=list)

    def error(self, hoja: str | None, fila: int | None, columna: str | None, mensaje: str) -> None:
        self.problemas.append(Problema(mensaje, self.origen, hoja, fila, columna, "error"))

    def aviso(self, hoja: str | None, fila: int | None, columna: str | None, mensaje: str) -> None:
        self.problemas.append(Problema(mensaje, self.origen, hoja, fila, columna, "aviso"))

    @property
    def hay_errores(self) -> bool:
        return any(p.gravedad == "error" for p in self.problemas)

    # --- celdas -------------------------------------------------------------------------------

    def texto(self, fila: _Fila, columna: str, obligatorio: bool = False) -> str | None:
        valor = _texto(fila.valores.get(columna))
        if valor is None and obligatorio:
            self.error(fila.hoja, fila.numero, columna, f"la celda «{columna}» está vacía y es obligatoria.")
        return valor

    def entero(
        self,
        fila: _Fila,
        columna: str,
        obligatorio: bool = False,
        minimo: int | None = None,
        maximo: int | None = None,
        que: str = "un número entero",
    ) -> int | None:
        crudo = fila.valores.get(columna)
        if _vacio(crudo):
            if obligatorio:
                self.error(fila.hoja, fila.numero, columna, f"la celda «{columna}» está vacía; escriba {que}.")
            return None
        numero = _a_numero(crudo)
        if numero is None or not float(numero).is_integer():
            self.error(fila.hoja, fila.numero, columna, f"«{_para_mensaje(crudo)}» no es {que}.")
            return None
        numero = int(numero)
        if minimo is not None and numero < minimo:
            self.error(fila.hoja, fila.numero, columna, f"{numero} es menor que el mínimo permitido ({minimo}).")
            return None
        if maximo is not None and numero > maximo:
            self.error(fila.hoja, fila.numero, columna, f"{numero} es mayor que el máximo permitido ({maximo}).")
            return None
        return numero

    def fraccion(self, fila: _Fila, columna: str, defecto: float | None = None) -> float | None:
        """Una proporción o meta entre 0 y 1; acepta ``0,8``, ``80``, ``80 %``."""
        crudo = fila.valores.get(columna)
        if _vacio(crudo):
            return defecto
        texto = str(crudo).strip()
        por_ciento = isinstance(crudo, str) and texto.endswith("%")
        numero = _a_numero(texto.rstrip("%").strip() if por_ciento else crudo)
        if numero is None:
            self.error(fila.hoja, fila.numero, columna, f"«{_para_mensaje(crudo)}» no es un porcentaje; escriba p. ej. 0,8 u 80 %.")
            return None
        if por_ciento or 1 < numero <= 100:
            numero = numero / 100
        if not 0 <= numero <= 1:
            self.error(fila.hoja, fila.numero, columna, f"«{_para_mensaje(crudo)}» debe estar entre 0 y 1 (o entre 0 % y 100 %).")
            return None
        return round(float(numero), 10)

    def logico(self, fila: _Fila, columna: str, defecto: bool = False) -> bool:
        crudo = fila.valores.get(columna)
        if _vacio(crudo):
            return defecto
        if isinstance(crudo, bool):
            return crudo
        normal = clave(_texto(crudo))
        if normal in _VERDADEROS:
            return True
        if normal in _FALSOS:
            return False
        self.error(fila.hoja, fila.numero, columna, f"«{_para_mensaje(crudo)}» no es «sí» ni «no».")
        return defecto


def _a_numero(valor) -> float | None:
    if isinstance(valor, bool):
        return None
    if isinstance(valor, (int, float)):
        return None if isinstance(valor, float) and math.isnan(valor) else float(valor)
    texto = str(valor).strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d+,\d+", texto):  # coma decimal
        texto = texto.replace(",", ".")
    try:
        return float(texto)
    except ValueError:
        return None


# --- lectura de las hojas ------------------------------------------------------------------------


def _preparar_hojas(hojas: dict[str, pd.DataFrame], v: _Validador) -> dict[str, list[_Fila]]:
    """Encuentra cada hoja, revisa sus columnas y la convierte en filas con número de Excel."""
    por_nombre = {normalizar_nombre(nombre): nombre for nombre in hojas}
    resultado: dict[str, list[_Fila]] = {}
    for hoja, (obligatorias, opcionales) in HOJAS.items():
        if hoja not in por_nombre:
            v.error(hoja, None, None, f"falta la hoja «{hoja}»; cópiela de un libro nuevo creado con «limonero init».")
            continue
        tabla = hojas[por_nombre[hoja]]
        columnas = {}
        for posicion, encabezado in enumerate(tabla.columns):
            nombre = normalizar_nombre(encabezado)
            if not nombre or nombre.startswith("unnamed"):
                continue
            if nombre in columnas:
                v.error(hoja, 1, str(encabezado), f"la columna «{encabezado}» está repetida.")
                continue
            columnas[nombre] = posicion
        faltan = [c for c in obligatorias if c not in columnas]
        for columna in faltan:
            v.error(hoja, 1, columna, f"falta la columna «{columna}» en el encabezado (fila 1).")
        if hoja != "segmentos":
            conocidas = set(obligatorias) | set(opcionales) | set(COLUMNAS_LIBRES)
            for nombre in columnas:
                if nombre not in conocidas:
                    v.aviso(hoja, 1, nombre, f"la columna «{nombre}» no es de esta hoja y se ignora.")
        if faltan:
            continue
        filas = []
        valores = tabla.to_numpy(dtype=object)
        for indice, registro in enumerate(valores):
            celdas = {nombre: registro[posicion] for nombre, posicion in columnas.items()}
            if all(_vacio(celdas[c]) for c in columnas if c not in COLUMNAS_LIBRES):
                continue
            filas.append(_Fila(hoja, indice + 2, celdas))
        resultado[hoja] = filas
    conocidas = set(HOJAS) | {"leeme", "lea_me", "instrucciones"}
    for normal, nombre in por_nombre.items():
        if normal not in conocidas:
            v.aviso(str(nombre), None, None, f"la hoja «{nombre}» no es parte de la estrategia y se ignora.")
    return resultado


class _Nombres:
    """Nombres definidos en una hoja, comparados sin tildes ni mayúsculas; guarda la forma original."""

    def __init__(self) -> None:
        self.formas: dict[str, str] = {}
        self.filas: dict[str, int] = {}

    def agregar(self, nombre: str, fila: int) -> bool:
        llave = clave(nombre)
        if llave in self.formas:
            return False
        self.formas[llave] = nombre
        self.filas[llave] = fila
        return True

    def __contains__(self, nombre) -> bool:
        return clave(nombre) in self.formas

    def forma(self, nombre: str) -> str:
        return self.formas.get(clave(nombre), nombre)

    def lista(self) -> str:
        return ", ".join(self.formas.values())


# --- hojas una por una ---------------------------------------------------------------------------


def _parametros(filas: list[_Fila], v: _Validador) -> Parametros:
    base = Parametros()
    valores: dict = {}
    vistos: set[str] = set()
    for fila in filas:
        campo = normalizar_nombre(fila.valores.get("campo"))
        if not campo:
            v.error(fila.hoja, fila.numero, "campo", "la fila tiene valor pero no dice qué campo es.")
            continue
        if campo in vistos:
            v.error(fila.hoja, fila.numero, "campo", f"el parámetro «{campo}» está repetido.")
            continue
        vistos.add(campo)
        crudo = fila.valores.get("valor")
        if campo == "pais":
            pais = (_texto(crudo) or "").upper()
            if not re.fullmatch(r"[A-Z]{2}", pais):
                v.error(fila.hoja, fila.numero, "valor", f"«{_para_mensaje(crudo)}» no es un código de país de 2 letras (CO, MX, PE, CL...).")
            else:
                valores["pais"] = pais
        elif campo == "moneda":
            moneda = _texto(crudo)
            if moneda:
                valores["moneda"] = moneda.upper()
        elif campo == "formato_fecha":
            formato = clave(_texto(crudo)).replace(" ", "")
            if formato in ("dd/mm/aaaa", "dd/mm/aa", "dd-mm-aaaa", "dia/mes/anio", "dd/mm/yyyy"):
                valores["dia_primero"] = True
            elif formato in ("mm/dd/aaaa", "mm/dd/aa", "mm-dd-aaaa", "mes/dia/anio", "mm/dd/yyyy"):
                valores["dia_primero"] = False
            elif formato:
                v.error(fila.hoja, fila.numero, "valor", f"«{_para_mensaje(crudo)}» no es un formato de fecha conocido; escriba dd/mm/aaaa o mm/dd/aaaa.")
        elif campo == "dia_primero":
            valores["dia_primero"] = v.logico(_Fila(fila.hoja, fila.numero, {"valor": crudo}), "valor", True)
        elif campo == "dias_gracia":
            numero = v.entero(fila, "valor", True, 0, 60, "un número entero de días")
            if numero is not None:
                valores["dias_gracia"] = numero
        elif campo == "tolerancia_pct":
            numero = _a_numero(str(crudo).rstrip("%").strip()) if not _vacio(crudo) else None
            if numero is None or not 0 <= numero <= 100:
                v.error(fila.hoja, fila.numero, "valor", f"«{_para_mensaje(crudo)}» no es un porcentaje entre 0 y 100.")
            else:
                valores["tolerancia_pct"] = float(numero)
        elif campo == "zona_horaria":
            zona = _texto(crudo)
            if zona:
                try:
                    zoneinfo.ZoneInfo(zona)
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    v.error(fila.hoja, fila.numero, "valor", f"«{zona}» no es una zona horaria conocida; escriba p. ej. America/Bogota o America/Mexico_City.")
                else:
                    valores["zona_horaria"] = zona
        elif campo == "capacidad_asesor":
            numero = v.entero(fila, "valor", True, 0, None, "un número entero de gestiones por día")
            if numero is not None:
                valores["capacidad_asesor"] = numero
        else:
            v.aviso(fila.hoja, fila.numero, "campo", f"el parámetro «{campo}» no se conoce y se ignora.")
    return Parametros(**{**base.__dict__, **valores})


def _columnas(filas: list[_Fila], v: _Validador) -> dict[str, str]:
    conocidos = set(CAMPOS_CARTERA) | set(CAMPOS_TIPIFICACIONES) | set(CAMPOS_PAGOS)
    mapeo: dict[str, str] = {}
    vistos: set[str] = set()
    for fila in filas:
        campo = normalizar_nombre(fila.valores.get("campo"))
        if not campo:
            v.error(fila.hoja, fila.numero, "campo", "hay un encabezado sin campo; escriba a qué campo corresponde.")
            continue
        if campo in vistos:
            v.error(fila.hoja, fila.numero, "campo", f"el campo «{campo}» está repetido.")
            continue
        vistos.add(campo)
        if campo not in conocidos:
            v.aviso(fila.hoja, fila.numero, "campo", f"«{campo}» no es un campo conocido; se usará como columna adicional.")
        encabezado = fila.valores.get("encabezado")
        if not _vacio(encabezado):
            texto = str(encabezado).strip()
            partes = [p.strip() for p in texto.split("+")]
            if any(not p for p in partes):
                v.error(fila.hoja, fila.numero, "encabezado", f"«{texto}» tiene un «+» sin encabezado a un lado.")
                continue
            mapeo[campo] = texto
    return mapeo


def _segmentos(filas: list[_Fila], v: _Validador, hojas: dict[str, pd.DataFrame]) -> tuple[ReglaSegmento, ...]:
    campos = []
    if filas:
        campos = [c for c in filas[0].valores if c != "segmento" and c not in COLUMNAS_LIBRES]
    conocidos = set(CAMPOS_CARTERA)
    for campo in campos:
        if campo not in conocidos:
            v.aviso("segmentos", 1, campo, f"«{campo}» no es un campo canónico de la cartera; se buscará como columna adicional de su archivo.")
    reglas = []
    total_hallada = None
    for fila in filas:
        segmento = v.texto(fila, "segmento", obligatorio=True)
        pruebas = []
        for campo in campos:
            crudo = fila.valores.get(campo)
            try:
                prueba = parsear_prueba(crudo)
            except ErrorPrueba as error:
                v.error(fila.hoja, fila.numero, campo, str(error))
                continue
            if prueba.cualquiera:
                continue
            if campo in CAMPOS_NUMERICOS and prueba.textual:
                v.error(fila.hoja, fila.numero, campo, f"«{prueba.texto}» compara texto, pero «{campo}» es un número; use p. ej. <30, >=5000 o [1..30].")
                continue
            if campo in CAMPOS_LOGICOS and not all(isinstance(o, Logico) for o in prueba.opciones):
                v.error(fila.hoja, fila.numero, campo, f"«{campo}» es sí o no; escriba «si», «no» o «-».")
                continue
            pruebas.append((campo, prueba.texto))
        if segmento is None:
            continue
        if total_hallada is not None:
            v.aviso(fila.hoja, fila.numero, "segmento", f"la regla nunca se usa: la fila {total_hallada} la cumple cualquier cuenta y va antes.")
        if not pruebas and total_hallada is None:
            total_hallada = fila.numero
        reglas.append(ReglaSegmento(fila=fila.numero, segmento=segmento, pruebas=tuple(pruebas)))
    if not reglas and "segmentos" in {normalizar_nombre(n) for n in hojas}:
        v.error("segmentos", None, None, "la hoja no tiene ninguna regla; escriba al menos un segmento.")
    return tuple(reglas)


def _tratamientos(filas: list[_Fila], v: _Validador, segmentos: _Nombres) -> tuple[Tratamiento, ...]:
    resultado = []
    por_segmento: dict[str, list[tuple[_Fila, Tratamiento]]] = {}
    for fila in filas:
        segmento = v.texto(fila, "segmento", obligatorio=True)
        tratamiento = v.texto(fila, "tratamiento", obligatorio=True)
        variante = v.texto(fila, "variante") or "A"
        proporcion = v.fraccion(fila, "proporcion", 1.0)
        metas = {
            meta: v.fraccion(fila, meta)
            for meta in ("meta_cobertura", "meta_contacto", "meta_promesa", "meta_cumplimiento", "meta_recuperacion")
        }
        if segmento is None or tratamiento is None or proporcion is None:
            continue
        if segmento not in segmentos:
            v.error(fila.hoja, fila.numero, "segmento", f"el segmento «{segmento}» no está en la hoja segmentos (hay: {segmentos.lista()}).")
            continue
        registro = Tratamiento(
            segmento=segmentos.forma(segmento),
            tratamiento=tratamiento,
            variante=variante,
            proporcion=proporcion,
            hipotesis=v.texto(fila, "hipotesis") or "",
            **metas,
        )
        por_segmento.setdefault(clave(segmento), []).append((fila, registro))
        resultado.append(registro)
    for grupo in por_segmento.values():
        primera = grupo[0][0]
        variantes: set[str] = set()
        for fila, registro in grupo:
            if clave(registro.variante) in variantes:
                v.error(fila.hoja, fila.numero, "variante", f"la variante «{registro.variante}» del segmento «{registro.segmento}» está repetida.")
            variantes.add(clave(registro.variante))
        suma = sum(r.proporcion for _, r in grupo)
        if abs(suma - 1) > 1e-6:
            v.error(
                primera.hoja,
                primera.numero,
                "proporcion",
                f"las proporciones del segmento «{grupo[0][1].segmento}» suman "
                + f"{suma * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
                + " %; deben sumar 100 %.",
            )
    for llave, nombre in segmentos.formas.items():
        if llave not in por_segmento:
            v.error("segmentos", segmentos.filas[llave], "segmento", f"el segmento «{nombre}» no tiene tratamiento en la hoja tratamientos.")
    return tuple(resultado)


def _etapas(filas: list[_Fila], v: _Validador, tratamientos: _Nombres) -> tuple[Etapa, ...]:
    propias: dict[str, list[tuple[_Fila, Etapa]]] = {}
    for fila in filas:
        tratamiento = v.texto(fila, "tratamiento", obligatorio=True)
        etapa = v.texto(fila, "etapa", obligatorio=True)
        desde = v.entero(fila, "desde", True, que="un número entero de días de mora")
        hasta = v.entero(fila, "hasta", False, que="un número entero de días de mora (o vacío = sin límite)")
        if None in (tratamiento, etapa, desde):
            continue
        if hasta is not None and hasta < desde:
            v.error(fila.hoja, fila.numero, "hasta", f"la etapa «{etapa}» termina ({hasta}) antes de empezar ({desde}).")
            continue
        if clave(tratamiento) in (TODOS, "*"):
            llave = TODOS
        elif tratamiento in tratamientos:
            llave = clave(tratamiento)
            tratamiento = tratamientos.forma(tratamiento)
        else:
            v.error(fila.hoja, fila.numero, "tratamiento", f"el tratamiento «{tratamiento}» no está en la hoja tratamientos (hay: {tratamientos.lista()}).")
            continue
        propias.setdefault(llave, []).append((fila, Etapa(tratamiento, etapa, desde, hasta)))
    for grupo in propias.values():
        _revisar_tramos(grupo, v)
    resultado = []
    for llave, nombre in tratamientos.formas.items():
        if llave in propias:
            resultado.extend(e for _, e in propias[llave])
        elif TODOS in propias:
            resultado.extend(Etapa(nombre, e.etapa, e.desde, e.hasta) for _, e in propias[TODOS])
        else:
            v.error("tratamientos", tratamientos.filas[llave], "tratamiento", f"el tratamiento «{nombre}» no tiene etapas en la hoja etapas.")
    return tuple(resultado)


def _revisar_tramos(grupo: list[tuple[_Fila, Etapa]], v: _Validador) -> None:
    """Las etapas de un tratamiento no se traslapan ni dejan huecos."""
    nombres: set[str] = set()
    for fila, etapa in grupo:
        if clave(etapa.etapa) in nombres:
            v.error(fila.hoja, fila.numero, "etapa", f"la etapa «{etapa.etapa}» está repetida en «{etapa.tratamiento}».")
        nombres.add(clave(etapa.etapa))
    ordenado = sorted(grupo, key=lambda par: par[1].desde)
    for (fila_a, a), (fila_b, b) in zip(ordenado, ordenado[1:]):
        if a.hasta is None or b.desde <= a.hasta:
            fin = "sin límite" if a.hasta is None else str(a.hasta)
            v.error(
                fila_b.hoja, fila_b.numero, "desde",
                f"la etapa «{b.etapa}» (desde {b.desde}) se traslapa con «{a.etapa}» (fila {fila_a.numero}, {a.desde} a {fin}).",
            )
        elif b.desde > a.hasta + 1:
            hueco = f"{a.hasta + 1}" if b.desde == a.hasta + 2 else f"{a.hasta + 1} a {b.desde - 1}"
            v.error(
                fila_b.hoja, fila_b.numero, "desde",
                f"entre «{a.etapa}» (hasta {a.hasta}) y «{b.etapa}» (desde {b.desde}) quedan sin etapa los días {hueco}.",
            )


def _eventos(
    filas: list[_Fila], v: _Validador, tratamientos: _Nombres, etapas: tuple[Etapa, ...],
    canales: _Nombres, argumentos: _Nombres, productos: _Nombres,
) -> tuple[Evento, ...]:
    etapas_por = {(clave(e.tratamiento), clave(e.etapa)): e for e in etapas}
    resultado = []
    for fila in filas:
        tratamiento = v.texto(fila, "tratamiento", obligatorio=True)
        etapa_nombre = v.texto(fila, "etapa", obligatorio=True)
        canal = v.texto(fila, "canal", obligatorio=True)
        accion = v.texto(fila, "accion", obligatorio=True)
        argumento = v.texto(fila, "argumento", obligatorio=True)
        producto = v.texto(fila, "producto")
        prioridad = v.entero(fila, "prioridad", False, 0, 99, "un número entero de prioridad (1 = primero)")
        dia, cada = _dia_o_cada(fila, v)
        valido = None not in (tratamiento, etapa_nombre, canal, accion, argumento)
        etapa = None
        if tratamiento is not None and tratamiento not in tratamientos:
            v.error(fila.hoja, fila.numero, "tratamiento", f"el tratamiento «{tratamiento}» no está en la hoja tratamientos (hay: {tratamientos.lista()}).")
            valido = False
        elif tratamiento is not None and etapa_nombre is not None:
            etapa = etapas_por.get((clave(tratamiento), clave(etapa_nombre)))
            if etapa is None:
                disponibles = ", ".join(e.etapa for e in etapas if clave(e.tratamiento) == clave(tratamiento))
                v.error(fila.hoja, fila.numero, "etapa", f"«{tratamiento}» no tiene la etapa «{etapa_nombre}» (tiene: {disponibles or 'ninguna'}).")
                valido = False
        if canal is not None and canal not in canales:
            v.error(fila.hoja, fila.numero, "canal", f"el canal «{canal}» no está en la hoja canales (hay: {canales.lista()}).")
            valido = False
        if argumento is not None and argumento not in argumentos:
            v.error(fila.hoja, fila.numero, "argumento", f"el argumento «{argumento}» no está en la hoja argumentos.")
            valido = False
        if producto is not None and producto not in productos:
            v.error(fila.hoja, fila.numero, "producto", f"el producto «{producto}» no está en la hoja productos (hay: {productos.lista()}).")
            valido = False
        if etapa is not None and dia is not None and not etapa.contiene(dia):
            fin = "sin límite" if etapa.hasta is None else etapa.hasta
            v.error(fila.hoja, fila.numero, "dia", f"el día {dia} no cae en la etapa «{etapa.etapa}» ({etapa.desde} a {fin}).")
            valido = False
        if not valido or (dia is None and cada is None):
            continue
        resultado.append(
            Evento(
                tratamiento=tratamientos.forma(tratamiento),
                etapa=etapa.etapa,
                canal=canales.forma(canal),
                accion=accion,
                argumento=argumentos.forma(argumento),
                dia=dia,
                cada=cada,
                producto=productos.forma(producto) if producto else None,
                prioridad=5 if prioridad is None else prioridad,
            )
        )
    return tuple(resultado)


def _dia_o_cada(fila: _Fila, v: _Validador) -> tuple[int | None, int | None]:
    crudo = fila.valores.get("dia")
    if _vacio(crudo):
        v.error(fila.hoja, fila.numero, "dia", "la celda «dia» está vacía; escriba un día de mora (p. ej. 3 o -2) o «cada N».")
        return None, None
    numero = _a_numero(crudo)
    if numero is not None:
        if not float(numero).is_integer():
            v.error(fila.hoja, fila.numero, "dia", f"«{_para_mensaje(crudo)}» no es un día entero.")
            return None, None
        return int(numero), None
    coincide = _CADA.match(clave(_texto(crudo)))
    if coincide:
        cada = _a_numero(coincide.group(1))
        if cada is not None and float(cada).is_integer() and cada >= 1:
            return None, int(cada)
    v.error(fila.hoja, fila.numero, "dia", f"«{_para_mensaje(crudo)}» no es un día de mora ni «cada N» (p. ej. «cada 5»).")
    return None, None


def _argumentos(filas: list[_Fila], v: _Validador, etapas: tuple[Etapa, ...]) -> tuple[_Nombres, tuple[Argumento, ...]]:
    nombres = _Nombres()
    etapas_existentes = {clave(e.etapa): e.etapa for e in etapas}
    resultado = []
    for fila in filas:
        codigo = v.texto(fila, "codigo", obligatorio=True)
        situacion_cruda = v.texto(fila, "situacion", obligatorio=True)
        texto = v.texto(fila, "texto", obligatorio=True)
        etapa = v.texto(fila, "etapa")
        situacion = normalizar_nombre(situacion_cruda) if situacion_cruda else None
        if situacion is not None and situacion not in SITUACIONES:
            v.error(fila.hoja, fila.numero, "situacion", f"«{situacion_cruda}» no es una situación; use una de: {', '.join(SITUACIONES)}.")
            situacion = None
        if etapa is not None and clave(etapa) not in etapas_existentes:
            v.error(fila.hoja, fila.numero, "etapa", f"la etapa «{etapa}» no está en la hoja etapas.")
            etapa = None
        if codigo is None:
            continue
        if not nombres.agregar(codigo, fila.numero):
            v.error(fila.hoja, fila.numero, "codigo", f"el argumento «{codigo}» está repetido (ya está en la fila {nombres.filas[clave(codigo)]}).")
            continue
        if situacion is None or texto is None:
            continue
        resultado.append(Argumento(codigo, situacion, texto, etapas_existentes.get(clave(etapa)) if etapa else None))
    return nombres, tuple(resultado)


def _condicion(texto: str) -> tuple[str, str]:
    """Separa ``"saldo_vencido >=1000"`` en campo y prueba DMN; lanza ``ErrorPrueba``."""
    coincide = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$", texto)
    if not coincide or not coincide.group(2).strip():
        raise ErrorPrueba(f"«{texto}» no es una condición; escriba un campo y una prueba, p. ej. «saldo_vencido >=1000».")
    campo, prueba = coincide.group(1).lower(), coincide.group(2).strip()
    parsear_prueba(prueba)
    return campo, prueba


def _productos(filas: list[_Fila], v: _Validador) -> tuple[_Nombres, tuple[Producto, ...]]:
    nombres = _Nombres()
    resultado = []
    for fila in filas:
        codigo = v.texto(fila, "codigo", obligatorio=True)
        nombre = v.texto(fila, "nombre", obligatorio=True)
        desde_dias = v.entero(fila, "desde_dias_mora", True, que="un número entero de días de mora")
        desde_neg = v.entero(fila, "desde_negociacion", True, 0, None, "un número entero de negociación (1 = la primera)")
        condicion = v.texto(fila, "condicion")
        if condicion is not None:
            try:
                campo, prueba = _condicion(condicion)
            except ErrorPrueba as error:
                v.error(fila.hoja, fila.numero, "condicion", str(error))
                condicion = None
            else:
                condicion = f"{campo} {prueba}"
                if campo not in CAMPOS_CARTERA:
                    v.aviso(fila.hoja, fila.numero, "condicion", f"«{campo}» no es un campo canónico de la cartera; se buscará como columna adicional.")
        if codigo is None:
            continue
        if not nombres.agregar(codigo, fila.numero):
            v.error(fila.hoja, fila.numero, "codigo", f"el producto «{codigo}» está repetido (ya está en la fila {nombres.filas[clave(codigo)]}).")
            continue
        if None in (nombre, desde_dias, desde_neg):
            continue
        resultado.append(
            Producto(codigo, nombre, desde_dias, desde_neg, condicion, v.texto(fila, "descuento") or "", v.texto(fila, "plazo") or "")
        )
    return nombres, tuple(resultado)


def _equivalencias(fila: _Fila, v: _Validador, codigo: str | None, vistas: dict) -> tuple[str, ...]:
    """Los códigos del marcador de la celda ``equivalencias`` (separados por coma), en mayúsculas.

    Un mismo código del marcador no puede significar dos códigos del catálogo.
    """
    texto = v.texto(fila, "equivalencias")
    if texto is None or codigo is None:
        return ()
    propios = []
    for parte in re.split(r"[,;]", texto):
        externo = parte.strip().upper()
        if not externo or externo in propios:
            continue
        if externo in vistas and clave(vistas[externo][0]) != clave(codigo):
            v.error(fila.hoja, fila.numero, "equivalencias",
                    f"el código del marcador «{externo}» ya equivale a «{vistas[externo][0]}» "
                    f"(fila {vistas[externo][1]}); cada código del marcador va en un solo código del catálogo.")
            continue
        vistas[externo] = (codigo, fila.numero)
        propios.append(externo)
    return tuple(propios)


def _tipificaciones(filas: list[_Fila], v: _Validador) -> tuple[_Nombres, tuple[Tipificacion, ...]]:
    nombres = _Nombres()
    vistas_marcador: dict[str, tuple[str, int]] = {}
    resultado = []
    for fila in filas:
        codigo = v.texto(fila, "codigo", obligatorio=True)
        descripcion = v.texto(fila, "descripcion", obligatorio=True)
        nivel_crudo = v.texto(fila, "nivel", obligatorio=True)
        nivel = normalizar_nombre(nivel_crudo) if nivel_crudo else None
        if nivel is not None and nivel not in NIVELES:
            v.error(fila.hoja, fila.numero, "nivel", f"«{nivel_crudo}» no es un nivel del embudo; use uno de: {', '.join(NIVELES)}.")
            nivel = None
        requiere_monto = v.logico(fila, "requiere_monto")
        requiere_fecha = v.logico(fila, "requiere_fecha")
        final = v.logico(fila, "final")
        peso = v.entero(fila, "peso", False, 0, None, "un número entero (mayor = mejor resultado)")
        if codigo is None:
            continue
        if clave(codigo) == clave(PROMESA_INCUMPLIDA):
            v.error(fila.hoja, fila.numero, "codigo", f"«{PROMESA_INCUMPLIDA}» está reservado para las rutas; use otro código.")
            continue
        if not nombres.agregar(codigo, fila.numero):
            v.error(fila.hoja, fila.numero, "codigo", f"el código «{codigo}» está repetido (ya está en la fila {nombres.filas[clave(codigo)]}).")
            continue
        equivalencias = _equivalencias(fila, v, codigo, vistas_marcador)
        if descripcion is None or nivel is None:
            continue
        resultado.append(
            Tipificacion(codigo, descripcion, nivel, requiere_monto, requiere_fecha, final, peso or 0, equivalencias)
        )
    # Un código del marcador igual a OTRO código del catálogo sería ambiguo (¿se traduce o no?).
    for externo, (propio, numero) in vistas_marcador.items():
        if externo in nombres and clave(externo) != clave(propio):
            v.error("tipificaciones", numero, "equivalencias",
                    f"el código del marcador «{externo}» ya es un código del catálogo ({nombres.forma(externo)}); "
                    "quítelo de «equivalencias» o cambie el código del catálogo.")
    presentes = {t.nivel for t in resultado}
    for nivel in NIVELES:
        if resultado and nivel not in presentes:
            v.aviso("tipificaciones", None, "nivel", f"ningún código tiene el nivel «{nivel}»: ese paso del embudo quedará siempre en cero.")
    return nombres, tuple(resultado)


def _rutas(
    filas: list[_Fila], v: _Validador, codigos: _Nombres, tipificaciones: tuple[Tipificacion, ...],
    canales: _Nombres, argumentos: _Nombres, productos: _Nombres,
) -> tuple[Ruta, ...]:
    vistas = _Nombres()
    resultado = []
    necesitan_canal = {"reintentar", "volver_a_llamar", "seguimiento", "ofrecer_producto", "recordatorio", "cambiar_canal", "escalar"}
    for fila in filas:
        codigo = v.texto(fila, "codigo", obligatorio=True)
        accion_cruda = v.texto(fila, "accion", obligatorio=True)
        accion = normalizar_nombre(accion_cruda) if accion_cruda else None
        en_dias = v.entero(fila, "en_dias", False, que="un número entero de días")
        canal = v.texto(fila, "canal")
        argumento = v.texto(fila, "argumento")
        producto = v.texto(fila, "producto")
        valido = codigo is not None and accion is not None
        if codigo is not None and clave(codigo) != clave(PROMESA_INCUMPLIDA) and codigo not in codigos:
            v.error(fila.hoja, fila.numero, "codigo", f"la ruta es para «{codigo}», que no está en la hoja tipificaciones (ni es {PROMESA_INCUMPLIDA}).")
            valido = False
        if accion is not None and accion not in ACCIONES_RUTA:
            v.error(fila.hoja, fila.numero, "accion", f"«{accion_cruda}» no es una acción; use una de: {', '.join(ACCIONES_RUTA)}.")
            valido = False
        elif accion is not None and accion != "excluir":
            if en_dias is None and _vacio(fila.valores.get("en_dias")):
                v.error(fila.hoja, fila.numero, "en_dias", f"la ruta «{accion}» no dice en cuántos días; escriba un número (0 = hoy mismo).")
                valido = False
            if accion in necesitan_canal and canal is None:
                v.error(fila.hoja, fila.numero, "canal", f"la ruta «{accion}» no lleva a ningún canal; escriba uno de: {canales.lista()}.")
                valido = False
        if canal is not None and canal not in canales:
            v.error(fila.hoja, fila.numero, "canal", f"el canal «{canal}» no está en la hoja canales (hay: {canales.lista()}).")
            valido = False
        if argumento is not None and argumento not in argumentos:
            v.error(fila.hoja, fila.numero, "argumento", f"el argumento «{argumento}» no está en la hoja argumentos.")
            valido = False
        if producto is not None and producto not in productos:
            v.error(fila.hoja, fila.numero, "producto", f"el producto «{producto}» no está en la hoja productos (hay: {productos.lista()}).")
            valido = False
        if codigo is not None and not vistas.agregar(codigo, fila.numero):
            v.error(fila.hoja, fila.numero, "codigo", f"ya hay una ruta para «{codigo}» en la fila {vistas.filas[clave(codigo)]}.")
            valido = False
        if not valido:
            continue
        forma_codigo = PROMESA_INCUMPLIDA if clave(codigo) == clave(PROMESA_INCUMPLIDA) else codigos.forma(codigo)
        resultado.append(
            Ruta(
                codigo=forma_codigo,
                accion=accion,
                en_dias=None if accion == "excluir" else en_dias,
                canal=canales.forma(canal) if canal else None,
                argumento=argumentos.forma(argumento) if argumento else None,
                producto=productos.forma(producto) if producto else None,
            )
        )
    for tipificacion in tipificaciones:
        if tipificacion.codigo not in vistas and not tipificacion.final:
            v.aviso("rutas", None, "codigo", f"el código «{tipificacion.codigo}» no tiene ruta: el deudor seguirá solo su programación de eventos.")
    if clave(PROMESA_INCUMPLIDA) not in vistas.formas:
        v.aviso("rutas", None, "codigo", f"no hay ruta para {PROMESA_INCUMPLIDA}: una promesa rota no generará seguimiento.")
    return tuple(resultado)


def _canales(filas: list[_Fila], v: _Validador) -> tuple[_Nombres, tuple[Canal, ...]]:
    nombres = _Nombres()
    resultado = []
    for fila in filas:
        canal = v.texto(fila, "canal", obligatorio=True)
        tipo_crudo = v.texto(fila, "tipo", obligatorio=True)
        tipo = clave(tipo_crudo) if tipo_crudo else None
        if tipo is not None and tipo not in TIPOS_CANAL:
            v.error(fila.hoja, fila.numero, "tipo", f"«{tipo_crudo}» no es un tipo de canal; use «asesor» (llamada, visita) o «masivo» (sms, whatsapp, email, carta).")
            tipo = None
        capacidad = v.entero(fila, "capacidad_diaria", False, 0, None, "un número entero de gestiones por día (vacío = sin límite)")
        capacidad_mala = capacidad is None and not _vacio(fila.valores.get("capacidad_diaria"))
        if tipo == "asesor" and capacidad is None and not capacidad_mala:
            v.error(fila.hoja, fila.numero, "capacidad_diaria", f"el canal «{canal}» lo trabajan asesores: escriba cuántas gestiones puede hacer cada uno por día.")
            capacidad_mala = True
        inicio = v.entero(fila, "hora_inicio", False, 0, 23, "una hora entre 0 y 23")
        fin = v.entero(fila, "hora_fin", False, 1, 24, "una hora entre 1 y 24")
        inicio = 8 if inicio is None else inicio
        fin = 19 if fin is None else fin
        if inicio >= fin:
            v.error(fila.hoja, fila.numero, "hora_fin", f"la hora de fin ({fin}) debe ser posterior a la de inicio ({inicio}).")
        if canal is None:
            continue
        forma = clave(canal)
        if not nombres.agregar(forma, fila.numero):
            v.error(fila.hoja, fila.numero, "canal", f"el canal «{canal}» está repetido.")
            continue
        if tipo is None or capacidad_mala or inicio >= fin:
            continue
        resultado.append(Canal(forma, tipo, capacidad, inicio, fin))
    return nombres, tuple(resultado)


def _lista(texto: str | None) -> list[str]:
    if not texto:
        return []
    return [p.strip() for p in re.split(r"[,;/]", texto) if p.strip()]


def _asesores(
    filas: list[_Fila], v: _Validador, canales: _Nombres, tratamientos: _Nombres, parametros: Parametros
) -> tuple[Asesor, ...]:
    vistos = _Nombres()
    resultado = []
    for fila in filas:
        codigo = v.texto(fila, "asesor", obligatorio=True)
        nombre = v.texto(fila, "nombre") or codigo
        lista_canales = _lista(v.texto(fila, "canales", obligatorio=True))
        capacidad = v.entero(fila, "capacidad_diaria", False, 0, None, "un número entero de gestiones por día")
        capacidad_mala = capacidad is None and not _vacio(fila.valores.get("capacidad_diaria"))
        lista_tratamientos = _lista(v.texto(fila, "tratamientos"))
        activo = v.logico(fila, "activo", True)
        valido = codigo is not None and bool(lista_canales) and not capacidad_mala
        for canal in lista_canales:
            if canal not in canales:
                v.error(fila.hoja, fila.numero, "canales", f"el canal «{canal}» no está en la hoja canales (hay: {canales.lista()}).")
                valido = False
        for tratamiento in lista_tratamientos:
            if tratamiento not in tratamientos and clave(tratamiento) != TODOS:
                v.error(fila.hoja, fila.numero, "tratamientos", f"el tratamiento «{tratamiento}» no está en la hoja tratamientos (hay: {tratamientos.lista()}).")
                valido = False
        if codigo is not None and not vistos.agregar(codigo, fila.numero):
            v.error(fila.hoja, fila.numero, "asesor", f"el asesor «{codigo}» está repetido (ya está en la fila {vistos.filas[clave(codigo)]}).")
            valido = False
        if not valido:
            continue
        resultado.append(
            Asesor(
                asesor=codigo,
                nombre=nombre,
                canales=tuple(canales.forma(c) for c in lista_canales),
                capacidad_diaria=parametros.capacidad_asesor if capacidad is None else capacidad,
                tratamientos=tuple(tratamientos.forma(t) for t in lista_tratamientos if clave(t) != TODOS),
                activo=activo,
            )
        )
    return tuple(resultado)


def _dias_semana(texto: str) -> tuple[int, ...]:
    """``"lun-vie"``, ``"lunes a sábado"``, ``"lun, mie, vie"`` → días (0 = lunes); lanza ``ValueError``."""
    dias: set[int] = set()
    for parte in re.split(r"[,;]", clave(texto)):
        parte = parte.strip().rstrip(".")
        if not parte:
            continue
        extremos = re.split(r"\s*(?:-|–|\ba\b)\s*", parte)
        extremos = [e.strip(". ") for e in extremos if e.strip(". ")]
        if not extremos or len(extremos) > 2 or any(e not in _DIAS for e in extremos):
            raise ValueError(parte)
        inicio, fin = _DIAS[extremos[0]], _DIAS[extremos[-1]]
        if fin < inicio:
            raise ValueError(parte)
        dias.update(range(inicio, fin + 1))
    if not dias:
        raise ValueError(texto)
    return tuple(sorted(dias))


def _reglas_contacto(filas: list[_Fila], v: _Validador) -> tuple[ReglaContacto, ...]:
    vistos = _Nombres()
    resultado = []
    for fila in filas:
        pais = (v.texto(fila, "pais", obligatorio=True) or "").upper()
        if pais and not re.fullmatch(r"[A-Z]{2}", pais):
            v.error(fila.hoja, fila.numero, "pais", f"«{pais}» no es un código de país de 2 letras (CO, MX, PE, CL...).")
            pais = ""
        dias_texto = v.texto(fila, "dias_semana", obligatorio=True)
        dias: tuple[int, ...] | None = None
        if dias_texto:
            try:
                dias = _dias_semana(dias_texto)
            except ValueError:
                v.error(fila.hoja, fila.numero, "dias_semana", f"«{dias_texto}» no son días de la semana; escriba p. ej. «lun-vie» o «lun-sáb».")
        horas = {
            c: v.entero(fila, c, c in ("hora_inicio", "hora_fin"), 0, 24, "una hora entre 0 y 24")
            for c in ("hora_inicio", "hora_fin", "sabado_hora_inicio", "sabado_hora_fin")
        }
        topes = {
            c: v.entero(fila, c, False, 0, None, "un número entero (vacío = sin tope)")
            for c in ("max_por_dia", "max_por_semana", "max_llamadas_semana", "max_mensajes_semana", "dias_entre_mensajes")
        }
        malos = [c for c in topes if topes[c] is None and not _vacio(fila.valores.get(c))]
        malos += [c for c in horas if horas[c] is None and not _vacio(fila.valores.get(c))]
        for inicio, fin in (("hora_inicio", "hora_fin"), ("sabado_hora_inicio", "sabado_hora_fin")):
            if horas[inicio] is not None and horas[fin] is not None and horas[inicio] >= horas[fin]:
                v.error(fila.hoja, fila.numero, fin, f"la hora de fin ({horas[fin]}) debe ser posterior a la de inicio ({horas[inicio]}).")
                malos.append(fin)
            elif (horas[inicio] is None) != (horas[fin] is None) and inicio.startswith("sabado") and not malos:
                v.error(fila.hoja, fila.numero, inicio, "escriba las dos horas del sábado, o deje ambas vacías.")
                malos.append(inicio)
        festivos = v.logico(fila, "festivos_permitidos", False)
        un_canal = v.logico(fila, "un_canal_por_semana", False)
        solo_titular = v.logico(fila, "solo_titular", False)
        if pais and not vistos.agregar(pais, fila.numero):
            v.error(fila.hoja, fila.numero, "pais", f"el país «{pais}» está repetido (ya está en la fila {vistos.filas[clave(pais)]}).")
            continue
        if not pais or dias is None or malos or horas["hora_inicio"] is None or horas["hora_fin"] is None:
            continue
        resultado.append(
            ReglaContacto(
                pais=pais,
                dias_semana=dias,
                hora_inicio=horas["hora_inicio"],
                hora_fin=horas["hora_fin"],
                sabado_hora_inicio=horas["sabado_hora_inicio"],
                sabado_hora_fin=horas["sabado_hora_fin"],
                festivos_permitidos=festivos,
                max_por_dia=topes["max_por_dia"],
                max_por_semana=topes["max_por_semana"],
                max_llamadas_semana=topes["max_llamadas_semana"],
                max_mensajes_semana=topes["max_mensajes_semana"],
                dias_entre_mensajes=topes["dias_entre_mensajes"],
                un_canal_por_semana=un_canal,
                solo_titular=solo_titular,
                notas=v.texto(fila, "notas") or "",
            )
        )
    return tuple(resultado)


# --- entrada pública -----------------------------------------------------------------------------


def _cargar(hojas: dict[str, pd.DataFrame], origen: str) -> tuple[Estrategia | None, list[Problema]]:
    v = _Validador(origen)
    filas = _preparar_hojas(hojas, v)

    def de(hoja: str) -> list[_Fila]:
        return filas.get(hoja, [])

    parametros = _parametros(de("parametros"), v)
    columnas = _columnas(de("columnas"), v)
    segmentos = _segmentos(de("segmentos"), v, hojas) if "segmentos" in filas else ()
    nombres_segmentos = _Nombres()
    for regla in segmentos:
        nombres_segmentos.agregar(regla.segmento, regla.fila)
    tratamientos = _tratamientos(de("tratamientos"), v, nombres_segmentos) if "tratamientos" in filas else ()
    nombres_tratamientos = _Nombres()
    for tratamiento in tratamientos:
        fila = next((f.numero for f in de("tratamientos") if clave(_texto(f.valores.get("tratamiento"))) == clave(tratamiento.tratamiento)), None)
        nombres_tratamientos.agregar(tratamiento.tratamiento, fila)
    etapas = _etapas(de("etapas"), v, nombres_tratamientos) if "etapas" in filas else ()
    nombres_canales, canales = _canales(de("canales"), v)
    nombres_argumentos, argumentos = _argumentos(de("argumentos"), v, etapas)
    nombres_productos, productos = _productos(de("productos"), v)
    nombres_codigos, tipificaciones = _tipificaciones(de("tipificaciones"), v)
    eventos = _eventos(de("eventos"), v, nombres_tratamientos, etapas, nombres_canales, nombres_argumentos, nombres_productos)
    rutas = _rutas(de("rutas"), v, nombres_codigos, tipificaciones, nombres_canales, nombres_argumentos, nombres_productos)
    asesores = _asesores(de("asesores"), v, nombres_canales, nombres_tratamientos, parametros)
    reglas = _reglas_contacto(de("reglas_contacto"), v)
    if reglas and not any(r.pais == parametros.pais for r in reglas):
        v.aviso("reglas_contacto", None, "pais", f"no hay reglas de contacto para {parametros.pais}, el país de la hoja parametros.")
    if v.hay_errores:
        return None, v.problemas
    estrategia = Estrategia(
        parametros=parametros,
        columnas=columnas,
        segmentos=segmentos,
        tratamientos=tratamientos,
        etapas=etapas,
        eventos=eventos,
        argumentos=argumentos,
        productos=productos,
        rutas=rutas,
        tipificaciones=tipificaciones,
        canales=canales,
        asesores=asesores,
        reglas_contacto=reglas,
        avisos=tuple(v.problemas),
    )
    return estrategia, v.problemas


def validar_hojas(hojas: dict[str, pd.DataFrame], origen: str = "estrategia.xlsx") -> list[Problema]:
    """Todos los problemas del libro (errores y avisos), sin lanzar excepción."""
    return _cargar(hojas, origen)[1]


def estrategia_desde_hojas(hojas: dict[str, pd.DataFrame], origen: str = "estrategia.xlsx") -> Estrategia:
    """Construye la estrategia; lanza ``ErrorEstrategia`` con todos los errores si hay alguno.

    Los avisos quedan en ``Estrategia.avisos``.
    """
    estrategia, problemas = _cargar(hojas, origen)
    if estrategia is None:
        errores = [p for p in problemas if p.gravedad == "error"]
        cuantos = "1 error" if len(errores) == 1 else f"{len(errores)} errores"
        raise ErrorEstrategia(
            f"El libro de estrategia {origen} tiene {cuantos}.",
            problemas,
            "Corrija las celdas indicadas (hoja, fila y columna) y vuelva a intentarlo.",
        )
    return estrategia


def estrategia_por_defecto() -> Estrategia:
    """La estrategia por defecto (la misma que escribe ``limonero init``)."""
    from limonero_cli.estrategia.defecto import hojas_por_defecto

    return estrategia_desde_hojas(hojas_por_defecto(), "estrategia por defecto")
