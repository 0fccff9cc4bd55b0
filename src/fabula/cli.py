"""The ``fabula`` command line.

Every failure a user can cause ends with one line saying what went wrong and a non-zero exit
status, never a traceback (``--debug`` shows one for bug reports).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .errors import FabulaError
from .export import EXPORTERS

FORMATS = list(EXPORTERS)


class FabulaGroup(click.Group):
    """Turns fabula's own errors and unexpected crashes into a one-line message."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FabulaError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None
        except Exception as exc:  # a bug: say so in one line unless debugging
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)"
            ) from None


@click.group(cls=FabulaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fabula")
@click.option("--debug", is_flag=True, help="Show full tracebacks (for bug reports).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """fabula reads a work of prose fiction and reconstructs what happens in it:
    the cast, who says what to whom, and how they feel.

    \b
    Try it on the bundled sample story:
      fabula demo
    Analyse your own stories (plain text, EPUB or HTML):
      fabula analyze novel.txt -o out/ --format json --format html
      cat chapter.txt | fabula analyze - --format script -o out/
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def sample_path() -> Path:
    """The bundled sample story (an original text written for fabula)."""
    return Path(str(resources.files("fabula").joinpath("data/sample.txt")))


def _progress_bar(label: str):  # type: ignore[no-untyped-def]
    """A tqdm bar over pipeline stages; hidden when stderr is not a terminal."""
    from tqdm import tqdm

    bar = tqdm(total=1, desc=label, unit="stage", disable=None, leave=False, file=sys.stderr)

    def progress(stage: str, done: int, total: int) -> None:
        bar.total = total
        bar.set_postfix_str(stage)
        bar.n = done
        bar.refresh()
        if done == total:
            bar.close()

    return progress


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the result files (default: print a summary only).")
@click.option("-f", "--format", "formats", type=click.Choice(FORMATS), multiple=True,
              help="Output format; repeat for several. json: the full model (docs/json.md); "
                   "tsv: BookNLP-style .tokens/.entities/.quotes; html: a self-contained report; "
                   "script: a screenplay. Default with -o: json.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Corpus mode: analyse this many books at once, one process each.")
@click.option("--resume", is_flag=True, help="Corpus mode: skip books whose results are already in -o.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Corpus mode: run on the Dask scheduler at ADDRESS, or 'local' for a local cluster.")
def analyze(paths: tuple[str, ...], out_dir: Path | None, formats: tuple[str, ...], quiet: bool,
            jobs: int | None, resume: bool, dask: str | None) -> None:
    """Analyse one or more stories. PATH may be a file, a folder, or - for standard input.

    Without -o, prints the cast and who said what. With -o, writes one file per format
    and story, named after the story file. A folder (or --jobs/--resume/--dask) switches to
    corpus mode (docs/corpus.md): every .txt/.epub/.html file in it is analysed in parallel
    and OUT/corpus.csv summarises them all.
    """
    if jobs or resume or dask or any(Path(p).is_dir() for p in paths if p != "-"):
        _analyze_corpus(paths, out_dir, formats, jobs or 1, resume, dask)
        return
    from .export import export
    from .export.summary import render_summary
    from .pipeline import default_pipeline
    from .readers import load_story

    chosen = list(formats) or (["json"] if out_dir else [])
    if chosen and out_dir is None:
        out_dir = Path(".")
    for path in paths:
        story = load_story(path)
        pipeline = default_pipeline()
        pipeline(story, progress=_progress_bar(Path(path).name if path != "-" else "stdin"))
        if not quiet:
            click.echo(render_summary(story))
        if chosen and out_dir is not None:
            stem = Path(path).stem if path != "-" else "stdin"
            for written in export(story, out_dir, stem, chosen):
                click.echo(f"wrote {written}", err=True)


def _analyze_corpus(paths: tuple[str, ...], out_dir: Path | None, formats: tuple[str, ...],
                    jobs: int, resume: bool, dask: str | None) -> None:
    """Corpus mode of ``analyze``: a one-line report, and a failing exit status if any book failed."""
    from .corpus import analyze_corpus
    from .errors import InputError

    if out_dir is None:
        raise InputError("corpus mode (a folder, --jobs, --resume or --dask) needs -o OUT for the results")
    report = analyze_corpus([Path(p) for p in paths], out_dir, list(formats) or ["json"],
                            jobs=jobs, resume=resume, dask=dask)
    click.echo(report.describe(), err=True)
    if report.failures:
        raise FabulaError(f"{len(report.failures)} of {report.books} books failed; see {out_dir / 'failures.tsv'}")


@main.command()
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the sample's results (JSON, HTML, script) to this folder.")
@click.pass_context
def demo(ctx: click.Context, out_dir: Path | None) -> None:
    """Analyse the bundled sample story and print its cast and who said what."""
    formats = ("json", "html", "script") if out_dir is not None else ()
    ctx.invoke(analyze, paths=(str(sample_path()),), out_dir=out_dir, formats=formats, quiet=False)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(path: Path) -> None:
    """Check that a fabula JSON file matches the fabula/1 schema."""
    import json

    import jsonschema

    from .export.json import validate as validate_doc

    try:
        validate_doc(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise FabulaError(f"{path} is not JSON: {exc}") from None
    except jsonschema.ValidationError as exc:
        raise FabulaError(f"{path} does not match fabula/1: {exc.message}") from None
    click.echo(f"{path}: valid fabula/1")


@main.group()
def train() -> None:
    """Retrain fabula's shipped weights from the shared data (needs ``pip install -e .[train]``)."""


def _training_options(weights: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The LitBank folder argument and the options every ``fabula train`` command takes."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        command = click.option("--jobs", default=1, show_default=True, type=click.IntRange(1),
                               help="Worker processes for featurising.")(command)
        command = click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                               default=None, help=f"Where to write all.npz and fold-K.npz (default: the "
                               f"package's weights/{weights}).")(command)
        return click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))(command)

    return decorate


def _train(trainer: Callable[..., list[dict[str, Any]]], default_dir: Path, path: Path, out_dir: Path | None,
           jobs: int, columns: tuple[tuple[str, str, str], ...]) -> None:
    """Run ``trainer`` on LitBank and print its held-out figures fold by fold."""
    try:
        import scipy  # noqa: F401
    except ImportError:
        raise FabulaError("training needs scipy: pip install -e .[train]") from None
    from .evaluate.cli import render_table

    target = out_dir or default_dir
    rows = trainer(path, target, jobs=jobs)
    click.echo(render_table(rows, (("fold", "fold", "{:<16}"), ("docs", "docs", "{:>4}")) + columns))
    click.echo(f"Weights written to {target}. Trained on LitBank (Bamman et al., CC BY 4.0).")


@train.command("mentions")
@_training_options("mentions")
def train_mentions_command(path: Path, out_dir: Path | None, jobs: int) -> None:
    """Train the person-span tagger on LitBank (PATH, e.g. ../shared/data/litbank) and print
    its held-out PER figures, fold by fold."""
    from .spantagger import WEIGHTS_DIR
    from .training import train_mentions

    _train(train_mentions, WEIGHTS_DIR, path, out_dir, jobs,
           (("per_p", "PER P", "{:>6.3f}"), ("per_r", "PER R", "{:>6.3f}"), ("per_f1", "PER F1", "{:>6.3f}")))


@train.command("coref")
@_training_options("coref")
def train_coref_command(path: Path, out_dir: Path | None, jobs: int) -> None:
    """Train the pronoun ranker on LitBank's coreference chains (PATH, e.g. ../shared/data/litbank)
    and print its held-out antecedent accuracy, fold by fold, beside the nearest candidate's."""
    from .antecedents import WEIGHTS_DIR
    from .training import train_coref

    _train(train_coref, WEIGHTS_DIR, path, out_dir, jobs,
           (("pronouns", "pronouns", "{:>8}"), ("accuracy", "ranker", "{:>7.3f}"), ("nearest", "nearest", "{:>7.3f}")))


from .evaluate.cli import evaluate_command  # noqa: E402  (a command group defined in its own module)

main.add_command(evaluate_command)

if __name__ == "__main__":  # pragma: no cover
    main()
