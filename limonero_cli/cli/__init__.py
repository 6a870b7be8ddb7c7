"""La línea de comandos de limonero.

Los comandos viven cada uno en su módulo y se importan solo cuando se usan,
para que ``limonero --help`` responda al instante (sin cargar pandas). Los
errores de limonero se traducen aquí, en un solo lugar, a una frase en
español y un código de salida.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from limonero_cli import __version__
from limonero_cli.cli.idioma import usar_espanol
from limonero_cli.errores import (
    SALIDA_ERROR_DATOS,
    ErrorConProblemas,
    ErrorLimonero,
)

# nombre del comando -> módulo que define ``comando``
COMANDOS = {
    "init": "limonero_cli.cli.init",
    "demo": "limonero_cli.cli.demo",
    "validar": "limonero_cli.cli.validar",
    "segmentar": "limonero_cli.cli.segmentar",
    "lista": "limonero_cli.cli.lista",
    "cargar": "limonero_cli.cli.cargar",
    "embudo": "limonero_cli.cli.embudo",
    "asesores": "limonero_cli.cli.asesores",
    "mapa": "limonero_cli.cli.mapa",
    "pareto": "limonero_cli.cli.pareto",
    "rodamiento": "limonero_cli.cli.rodamiento",
    "capacidad": "limonero_cli.cli.capacidad",
}

MAX_PROBLEMAS_EN_PANTALLA = 30

usar_espanol()


def _disponible(modulo: str) -> bool:
    return importlib.util.find_spec(modulo) is not None


class GrupoLimonero(click.Group):
    """Grupo que carga cada comando al usarlo y traduce los errores de limonero."""

    def list_commands(self, ctx):
        return [nombre for nombre, modulo in COMANDOS.items() if _disponible(modulo)]

    def get_command(self, ctx, nombre):
        modulo = COMANDOS.get(nombre)
        if modulo is None or not _disponible(modulo):
            return None
        return _en_espanol(importlib.import_module(modulo).comando)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ErrorLimonero as error:
            informar_error(error)
            ctx.exit(error.codigo_salida)


def _en_espanol(comando: click.Command) -> click.Command:
    """Metavariables de uso en español, también en los subcomandos."""
    comando.options_metavar = "[OPCIONES]"
    for parametro in comando.params:
        # click nombraría el valor TEXT, INTEGER o PATH: se usa el nombre de la opción (HOJA, SALIDA...)
        es_opcion_con_valor = isinstance(parametro, click.Option) and not parametro.is_flag
        if es_opcion_con_valor and parametro.metavar is None and not isinstance(parametro.type, click.Choice):
            parametro.metavar = (parametro.name or "valor").upper()
    if isinstance(comando, click.Group):
        comando.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for subcomando in comando.commands.values():
            _en_espanol(subcomando)
    return comando


def informar_error(error: ErrorLimonero) -> None:
    """Escribe el error en stderr: la frase, los problemas (si los hay) y la sugerencia."""
    click.echo(f"Error: {error.mensaje}", err=True)
    if isinstance(error, ErrorConProblemas):
        errores = [p for p in error.problemas if p.gravedad == "error"]
        avisos = [p for p in error.problemas if p.gravedad != "error"]
        for problema in errores[:MAX_PROBLEMAS_EN_PANTALLA]:
            click.echo(f"  - {problema.como_texto()}", err=True)
        restantes = len(errores) - MAX_PROBLEMAS_EN_PANTALLA
        if restantes > 0:
            click.echo(f"  ... y {restantes} errores más (use «limonero validar» para verlos todos).", err=True)
        if avisos:
            click.echo(f"  (además, {len(avisos)} avisos: véalos con «limonero validar»)", err=True)
    if error.sugerencia:
        click.echo(error.sugerencia, err=True)


CONTEXTO = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    cls=GrupoLimonero,
    context_settings=CONTEXTO,
    options_metavar="[OPCIONES]",
    subcommand_metavar="COMANDO [ARGUMENTOS]...",
)
@click.version_option(__version__, "--version", message="limonero %(version)s")
@click.option("--depurar", is_flag=True, help="Muestra el detalle técnico completo de un error inesperado.")
@click.pass_context
def limonero(ctx, depurar):
    """Cobranza por tratamientos: listas diarias, tipificaciones, pagos y embudos.

    \b
    El ciclo diario:
      mañana:  limonero lista cartera_hoy.xlsx
      tarde:   limonero cargar tipificaciones listas/AAAA-MM-DD/lista_*.xlsx
               limonero cargar pagos pagos_hoy.xlsx
      reporte: limonero embudo

    Para empezar: «limonero init mi_cobranza» crea un espacio de trabajo,
    y «limonero demo» recorre el ciclo completo con datos de ejemplo.
    """
    ctx.ensure_object(dict)
    ctx.obj["depurar"] = depurar


def main() -> None:
    """Punto de entrada del comando ``limonero``."""
    argumentos = sys.argv[1:]
    depurar = "--depurar" in argumentos
    if depurar:  # se acepta en cualquier lugar: «limonero lista x.xlsx --depurar»
        argumentos = ["--depurar", *[a for a in argumentos if a != "--depurar"]]
    try:
        limonero.main(args=argumentos, prog_name="limonero", standalone_mode=True)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.stderr.write("\nInterrumpido.\n")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - último recurso: nunca un traceback sin pedirlo
        if depurar:
            raise
        sys.stderr.write(
            f"Error inesperado ({type(error).__name__}): {error}\n"
            "Esto es un defecto de limonero, no de sus datos. Ejecute de nuevo el mismo comando "
            "agregando --depurar y envíe el detalle al equipo.\n"
        )
        sys.exit(SALIDA_ERROR_DATOS)
