"""The `textfix` command: `clean`, `check` and `rules` (reference: docs/cli.md).

The command reads bytes and hands them to `textfix.clean`, which decodes and repairs
them; it never looks inside the text itself. Exit codes: 0 ok, 1 changes needed
(`check`), 2 usage error, 3 some file could not be read or written, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

import textfix

from . import config, corpus, io
from .errors import UsageError
from .report.render import FORMATS

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_IO = 3
EXIT_INTERRUPTED = 130
STDIN_NAME = "<stdin>"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit code."""
    _tolerant_streams()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # argparse: --help/--version, or a usage error (2)
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as e:
        print(f"textfix: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("textfix: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `textfix check ... | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CHANGES


def _tolerant_streams() -> None:
    """Escape characters the terminal's encoding cannot show, instead of failing on them."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="textfix", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Repair encoding damage (mojibake, lossy decoding) and strip boilerplate (navigation, ads,\n"
                    "share bars, newsletter boxes) from scraped text, logging every change; correct text is left\n"
                    "as it is. Reads text files, JSONL shards (also compressed) and directories of them.",
        epilog="examples:\n"
               "  textfix clean page.txt                    cleaned text to stdout\n"
               "  textfix check corpus/ --statistics        what would change, counted per rule\n"
               "  textfix clean -i shards/ --log log.jsonl  rewrite in place, log every change\n"
               "  textfix rules                             every rule, on or off by default\n"
               "\nreference: docs/cli.md; options also come from [tool.textfix] in pyproject.toml")
    parser.add_argument("--version", action="version", version=f"textfix {textfix.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common_options()
    clean = commands.add_parser("clean", parents=[common], help="write the cleaned text")
    clean.add_argument("-o", "--output", metavar="OUT",
                       help="write to OUT instead of stdout (one input file); for one directory, OUT is a directory "
                            "that mirrors it, JSONL and compression kept")
    clean.add_argument("-i", "--in-place", action="store_true", help="rewrite each FILE that changes")
    clean.add_argument("--log", metavar="FILE.jsonl", help="write every change and finding as JSON lines (- for stderr)")
    clean.set_defaults(run=run_clean)
    check = commands.add_parser("check", parents=[common, _report_options()],
                                help="report what clean would change; write nothing")
    check.add_argument("--diff", action="store_true", help="show a unified diff instead of one line per change")
    check.add_argument("--output-format", choices=FORMATS, default=None,
                       help="text (default: each change with its line), concise (one line each), json, jsonl, "
                            "github (Actions annotations), sarif, or html (the review page)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when files would change (errors still 3)")
    check.set_defaults(run=run_check)
    report = commands.add_parser("report", parents=[common, _report_options()],
                                 help="write the HTML review page of what clean would change (check --output-format html)")
    report.set_defaults(run=run_report, output_format="html", exit_zero=True, diff=False)
    rules = commands.add_parser("rules", help="list every rule id; --explain ID says what one does")
    rules.add_argument("--explain", metavar="ID", help="what the rule does, why, the examples it must match and keep")
    rules.add_argument("--output-format", choices=("text", "json"), default="text",
                       help="json: every rule with its fields (id, family, default, description, pack fields)")
    rules.add_argument("--rules", action="append", metavar="FILE.toml", help="also list the rules of this pack")
    rules.set_defaults(run=run_rules)
    revert = commands.add_parser("revert", help="put back the original text of files a --log describes")
    revert.add_argument("--log", required=True, metavar="FILE.jsonl", help="the log of the clean run to undo")
    revert.add_argument("files", nargs="*", metavar="FILE",
                        help="only these files (default: every file the log names); for a log of one file, "
                             "FILE may be its cleaned copy (clean -o)")
    revert.set_defaults(run=run_revert)
    learn = commands.add_parser("learn", help="write a rule pack of lines repeated across many documents")
    learn.add_argument("paths", nargs="+", metavar="PATH", help="text files, JSONL files or directories of them")
    learn.add_argument("-o", "--output", metavar="FILE.toml", help="write the rule pack here (default: stdout)")
    learn.add_argument("--min-docs", type=int, default=5, metavar="N", help="a line must occur in at least N documents (5)")
    learn.add_argument("--min-fraction", type=float, default=0.05, metavar="F",
                       help="... and in at least this fraction of them (0.05)")
    learn.add_argument("--max-chars", type=int, default=200, metavar="N", help="only lines up to N characters (200)")
    learn.add_argument("--max-rules", type=int, default=1000, metavar="N", help="at most N rules, most frequent first")
    learn.add_argument("--position", default="aside", choices=("anywhere", "head", "tail", "edge", "aside"),
                       help="where the learned lines count as boilerplate (aside: not between two paragraphs)")
    learn.add_argument("--text-field", default="text", metavar="NAME", help="the JSONL field holding the text (text)")
    learn.set_defaults(run=run_learn)
    return parser


def _common_options() -> argparse.ArgumentParser:
    """The options `clean` and `check` share."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("files", nargs="+", metavar="FILE", help="a file to read, or - for standard input")
    common.add_argument("--select", action="append", metavar="RULES", help="run only these rules or prefixes (comma-separated)")
    common.add_argument("--ignore", action="append", metavar="RULES", help="do not run these rules or prefixes (comma-separated)")
    common.add_argument("--min-confidence", type=float, metavar="FLOAT", help="apply repairs at least this confident (0-1)")
    common.add_argument("-e", "--encoding", metavar="ENC", help="input encoding, or auto (the default) to detect it")
    common.add_argument("--config", metavar="PATH", help="read options from this TOML file, not pyproject.toml")
    common.add_argument("--rules", action="append", metavar="FILE.toml",
                        help="also use this boilerplate rule pack (repeatable; replaces `rules` of the configuration)")
    common.add_argument("--force-removals", action="store_const", const=True,
                        help="make boilerplate removals even when they would take over half of a document")
    common.add_argument("-v", "--verbose", action="store_true", help="print a summary on stderr (clean: also each file's findings)")
    common.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr, only errors (check: still the report)")
    corpus.add_arguments(common)
    return common


def _report_options() -> argparse.ArgumentParser:
    """The options of `check` and `report` about the report itself."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("report options")
    group.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    group.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="color the text report (auto: when stdout is a terminal and NO_COLOR is unset)")
    group.add_argument("--max-docs", type=int, default=1000, metavar="N",
                       help="html: show at most N documents, a uniform sample at a stated rate (1000)")
    return options


def options_from(args: argparse.Namespace) -> dict:
    """The `config` for `textfix.clean`: file configuration overridden by the flags, checked once."""
    flags = {"select": args.select, "ignore": args.ignore, "min_confidence": args.min_confidence, "encoding": args.encoding,
             "rules": [os.path.abspath(p) for p in args.rules] if args.rules else None,
             "force_removals": args.force_removals}
    flags.update(corpus.flags_from(args))
    options = config.resolve(flags, args.config)
    textfix.clean("", config=corpus.clean_options(options))  # raises UsageError now for an unknown rule, not once per file
    for _, glob, rules in options.get("per_file_ignores", ()):
        try:
            textfix.clean("", config={**corpus.clean_options(options), "ignore": rules})
        except UsageError as e:
            raise UsageError(f"per-file-ignores {glob!r}: {e}") from None
    return options


def run_clean(args: argparse.Namespace) -> int:
    """`textfix clean`: cleaned text to stdout, to `-o OUT`, or back into each file (`-i`)."""
    _check_clean_args(args)
    return corpus.run("clean", args, options_from(args))


def _check_clean_args(args: argparse.Namespace) -> None:
    """Refuse option combinations that make no sense."""
    if args.in_place and args.output:
        raise UsageError("use either -i/--in-place or -o/--output, not both")
    if args.output and len(args.files) > 1:
        raise UsageError("-o/--output takes a single input (a file, or a directory to mirror); "
                         "use -i/--in-place for several")
    if args.in_place and io.STDIN in args.files:
        raise UsageError("standard input (-) cannot be cleaned in place")


def run_check(args: argparse.Namespace) -> int:
    """`textfix check`: print what clean would change; exit 1 if anything would (0 with --exit-zero)."""
    if args.output_format is None:
        args.output_format = "html" if (args.output or "").lower().endswith((".html", ".htm")) else "text"
    _check_report_args(args)
    return corpus.run("check", args, options_from(args))


def _check_report_args(args: argparse.Namespace) -> None:
    """Refuse report options that make no sense together."""
    if args.diff and args.output_format not in ("text", "concise"):
        raise UsageError("--diff goes with the text output format only")
    if args.max_docs < 1:
        raise UsageError("--max-docs must be 1 or more")


def run_report(args: argparse.Namespace) -> int:
    """`textfix report`: the HTML review page (to -o FILE, default textfix-report.html); exit 0."""
    args.output = args.output or "textfix-report.html"
    _check_report_args(args)
    code = corpus.run("check", args, options_from(args))
    if code != EXIT_IO and not args.quiet:
        print(f"textfix: review page written to {io.shown(args.output)}", file=sys.stderr)
    return code


def run_rules(args: argparse.Namespace) -> int:
    """`textfix rules`: every rule id, whether it runs by default ("always" for decoding), and
    what it does; `--explain ID` for one rule; `--output-format json` for all of them."""
    import json

    from . import explain

    infos = explain.rule_infos(tuple(os.path.abspath(p) for p in args.rules or ()))
    if args.explain:
        text = explain.explain(args.explain, infos)
        sys.stdout.write(json.dumps(next(i for i in infos if i["id"] == args.explain), ensure_ascii=False, indent=2)
                         + "\n" if args.output_format == "json" else text)
    elif args.output_format == "json":
        sys.stdout.write(json.dumps(infos, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(explain.table(infos))
    return EXIT_OK


def run_revert(args: argparse.Namespace) -> int:
    """`textfix revert --log LOG [FILE...]`: replay the log backwards (textfix/report/revert.py)."""
    from .report import revert

    return revert.run(args.log, args.files)


def run_learn(args: argparse.Namespace) -> int:
    """`textfix learn`: lines repeated across documents, as a reviewable rule pack (textfix/learn.py)."""
    from .learn import learn_paths

    errors = []
    text, found, total = learn_paths(
        args.paths, args.output, min_docs=args.min_docs, min_fraction=args.min_fraction, max_chars=args.max_chars,
        max_rules=args.max_rules, position=args.position, field=args.text_field,
        on_error=lambda path, error: errors.append(path) or print(f"textfix: {path}: {error}", file=sys.stderr))
    if not args.output:
        sys.stdout.write(text)
    print(f"textfix learn: {len(found)} repeated line(s) from {total} document(s)"
          + (f" written to {args.output}" if args.output else ""), file=sys.stderr)
    return EXIT_IO if errors else EXIT_OK
