"""The ``fhcheck`` command: options, wiring, printing and exit codes, nothing else.

Each command group lives in a module of this package with a ``register(app)`` function;
``COMMAND_MODULES`` lists them in the order ``--help`` shows them, and ``COMMANDS`` names
the module of each command, so that a run imports and builds only the command it invokes
(every one only for ``--help`` or a name that is not a command). Failures the user can
fix end in one message and exit status 2; a bug ends in one message and exit status 3,
with the traceback only under ``--debug``.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import typer

from fhcheck import __version__
from fhcheck.cli.exitcodes import BUG, USAGE

COMMAND_MODULES = (
    "assess", "criteria", "diff", "programmes", "init", "workbook", "schema", "compare", "actions", "explain"
)
#: command name -> the module in COMMAND_MODULES whose ``register`` adds it
COMMANDS = {
    "assess": "assess",
    "validate": "assess",
    "criteria": "criteria",
    "diff": "diff",
    "migrate": "diff",
    "programmes": "programmes",
    "feed": "programmes",
    "init": "init",
    "import": "workbook",
    "export-workbook": "workbook",
    "schema": "schema",
    "compare": "compare",
    "actions": "actions",
    "explain": "explain",
}

ISSUES_URL = "https://github.com/fhcheck/fhcheck/issues"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fhcheck {__version__}")
        raise typer.Exit(0)


#: the options typer's shell completion adds, and the variable a shell sets to ask for completions
COMPLETION_OPTIONS = ("--show-completion", "--install-completion")
COMPLETE_VARIABLE = "_FHCHECK_COMPLETE"
ROOT_HELP = (
    "Check a local authority's evidence against the Family Hub Model Framework. "
    "Shell completion (bash, zsh, fish): fhcheck --install-completion, or --show-completion to print it."
)


def completion_wanted(args: list[str]) -> bool:
    """Whether this run sets up or answers shell completion: typer's completion code (and
    shellingham, ~20 ms of imports) is loaded only then, so other runs start no slower."""
    import os

    return COMPLETE_VARIABLE in os.environ or any(arg.split("=", 1)[0] in COMPLETION_OPTIONS for arg in args)


def build_app(command: str | None = None, *, completion: bool = False) -> typer.Typer:
    """The typer app with every command, or only with ``command`` when that names one.

    Building a command's options costs typer a few milliseconds each; a run that invokes
    one command need not pay for the other nine. ``completion`` adds typer's own
    ``--install-completion`` and ``--show-completion`` (bash, zsh, fish, PowerShell).
    """
    app = typer.Typer(
        name="fhcheck",
        help=ROOT_HELP,
        no_args_is_help=True,
        add_completion=completion,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: drawing it with rich costs ~0.15 s of imports per --help
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
        debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error."),
    ) -> None:
        """Check a local authority's evidence against the Family Hub Model Framework."""

    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(f"fhcheck.cli.{name}").register(app)
    return app


def invoked_command(args: list[str]) -> str | None:
    """The command a command line invokes: its first argument that is not an option.

    The root options (``--version``, ``--debug``, ``--help``) take no values, so nothing
    before the command name can be mistaken for it. Help asked of the root (``fhcheck -h
    assess``) lists every command, so then there is none.
    """
    for arg in args:
        if arg in ("--", "-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit with its status."""
    _without_pydantic_plugins()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if sys.stdout is None:  # started with stdout closed (>&-): writing to it is a usage error, below
        sys.stdout = _ClosedStream()
    from fhcheck.cli.pipe import ReaderAware

    original = sys.stdout
    if not isinstance(original, _ClosedStream):
        sys.stdout = ReaderAware(original)  # a closed pipe stops writing, not the run
    try:
        status = _run(args, debug)
    finally:
        if sys.stdout is not original and isinstance(sys.stdout, ReaderAware):
            sys.stdout = original
    sys.exit(status)


def _run(args: list[str], debug: bool) -> int:
    """The command's exit status, with every failure turned into its message and status."""
    from fhcheck.errors import FhcheckError, InputError

    completion = completion_wanted(args)
    command = typer.main.get_command(build_app(None if completion else invoked_command(args), completion=completion))
    try:
        status = command.main(args=args, prog_name="fhcheck", standalone_mode=False)
    except typer.Exit as done:
        status = done.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        status = USAGE
    except FhcheckError as exc:
        from fhcheck.safe_text import ci_line, ci_lines
        from fhcheck.validate import screenful

        if isinstance(exc, InputError):
            typer.echo("\n".join(ci_line(str(problem)) for problem in screenful(exc.problems)), err=True)
        else:
            typer.echo(ci_lines(f"fhcheck: {exc}"), err=True)
        status = USAGE
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        status = 130
    except BrokenPipeError:
        # a write that went past fhcheck.cli.pipe (which lets the run finish with its own status):
        # the run stopped before its status was known, so it cannot claim success
        _silence_stdout()
        status = USAGE
    except UnicodeEncodeError as exc:
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        if exc.encoding.lower().replace("-", "") in ("utf8", "utf_8"):
            return _report_bug(exc, debug)  # text no encoding can carry: a bug of ours, not the terminal's
        typer.echo(
            f"fhcheck: standard output's encoding ({encoding}) cannot carry the report's text; expected UTF-8 "
            "(set PYTHONIOENCODING=utf-8, or write the report to a file with FORMAT:FILE)",
            err=True,
        )
        _silence_stdout()
        status = USAGE
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            status = _report_bug(exc, debug)
        else:
            typer.echo(
                f"fhcheck: cannot write standard output ({exc.strerror or exc}); expected a writable output "
                "(or the report written to a file with FORMAT:FILE)",
                err=True,
            )
            _silence_stdout()
            status = USAGE
    except Exception as exc:
        status = _command_line_error(exc) if _is_command_line_error(exc) else _report_bug(exc, debug)
    return status if isinstance(status, int) else 0


def run() -> NoReturn:
    """The ``fhcheck`` program: :func:`main` in a process of its own, which ends when it does.

    The collector is held while start-up builds and frozen out of the exit's collections
    (:mod:`fhcheck.cli.collector`): together a fifth of a one-file run.
    """
    from fhcheck.cli import collector

    collector.hold()
    try:
        main()
    finally:
        collector.finish()


def _without_pydantic_plugins() -> None:
    """Let pydantic build fhcheck's models without looking for plugins, unless told otherwise.

    The first model pydantic builds makes it read the metadata of every installed
    distribution for plugin entry points (observability hooks for applications' models):
    ~25 ms on every run, for models that are fhcheck's own business. (Its plugin loader
    still imports importlib.metadata; only the scan is skipped.) typer skips it for the
    models behind its options the same way. ``PYDANTIC_DISABLE_PLUGINS`` set by the user
    is left as it is.
    """
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


def _is_command_line_error(exc: Exception) -> bool:
    """Click's (or typer's vendored click's) usage errors: they know how to show themselves."""
    return callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)


def _command_line_error(exc: Exception) -> int:
    exc.show()  # type: ignore[attr-defined]
    return USAGE


def _report_bug(exc: BaseException, debug: bool) -> int:
    """A bug of ours: one line that says so and where to report it; the traceback only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else ""
    if len(detail) > 200:
        detail = detail[:197] + "..."
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    typer.echo(
        f"fhcheck: internal error ({what}). This is a bug in fhcheck {__version__}, not in your files; "
        f"please report it at {ISSUES_URL}"
        + (" with the traceback above." if debug else " with the output of the same command run with --debug."),
        err=True,
    )
    return BUG


#: errors of writing standard output (a full disk, /dev/full, a closed descriptor), not bugs
_OUTPUT_ERRNOS = frozenset({28, 5, 9, 27, 122})  # ENOSPC, EIO, EBADF, EFBIG, EDQUOT


class _ClosedStream:
    """Standard output when the process was started without one: every write fails as the OS would."""

    encoding = "utf-8"

    def write(self, _: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def _silence_stdout() -> None:
    """Point stdout at the null device so that Python's final flush cannot complain about the pipe."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
