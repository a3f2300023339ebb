"""The command line: python -m assessment <command>.

Errors (unknown area, empty round, bad database URL, bad framework file) print one clear line to
stderr and exit with status 1; bad arguments exit with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from assessment.access import SERVER_SUBJECTS
from assessment.accounts import (
    Account,
    Role,
    a_role,
    named_comparison_agreed,
    parse_role,
    set_named_comparison,
)
from assessment.areas import match_area_name
from assessment.charts.png import ChartRenderError
from assessment.dates import round_name
from assessment.decisions import DecisionError, record_decision
from assessment.excel.export import programme_workbook, results_workbook
from assessment.excel.importer import import_files
from assessment.excel.problems import ImportRefused
from assessment.excel.questionnaire import questionnaire_workbook
from assessment.framework import FrameworkError, load_framework
from assessment.models import DEFAULT_RATIFIERS, DecisionInput, Ratification, RatificationStatus, RoundInput
from assessment.paper import STATUSES, ConverterMissing, write_docx, write_pdf
from assessment.results import resolve_round, round_decision, summary
from assessment.sample import SAMPLE_PASSPHRASE, SAMPLE_PIN, load_sample, sample_passphrase_is_set
from assessment.signin import set_passphrase, unlock_area
from assessment.storage import Store, StoreError, new_pin
from assessment.storage.backup import backup, integrity_problems, restore

CLI_ACTOR = "command line"
PAPER_FORMATS = {".docx": write_docx, ".pdf": write_pdf}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assessment",
        description="Joint commissioning self-assessment: load the sample, list areas, open rounds, score them.",
    )
    parser.add_argument("--database", help="database URL (default: ASSESSMENT_DATABASE_URL or the SQLite file)")
    parser.add_argument("--framework", help="framework file (default: data/framework.yaml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="load the illustrative sample into the database")
    demo.add_argument("--reset", action="store_true", help="delete everything in the database first")
    demo.add_argument("--if-empty", action="store_true", help="do nothing when the database already has areas")

    listing = commands.add_parser("areas", help="list areas and their rounds")
    listing.add_argument("--json", action="store_true", help="print JSON")

    opening = commands.add_parser("open-round", help="open a new round for an area (created if new)")
    opening.add_argument("area")
    opening.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD (default: today)")
    opening.add_argument("--title", default="")
    opening.add_argument(
        "--board", default="", help="the Board the round's paper goes to, e.g. 'Health and Wellbeing Board'"
    )
    opening.add_argument(
        "--executive",
        choices=("yes", "no"),
        default=None,
        help="whether the partnership has an executive group doing the Board's executive work (default: not asked)",
    )
    opening.add_argument(
        "--pin", default=None, help="facilitator PIN (4 to 64 characters; default: one is generated and printed once)"
    )
    opening.add_argument("--priority", action="append", default=[], help="a priority area id or name (repeatable)")
    opening.add_argument("--json", action="store_true")

    scored = commands.add_parser("summary", help="the scored round")
    scored.add_argument("area")
    scored.add_argument("--round", dest="round_ref", default=None, help="round id or date (default: the newest)")
    scored.add_argument("--json", action="store_true", help="print JSON (the default)")

    secret = commands.add_parser(
        "passphrase", help="set the programme passphrase, which opens every area (read from a prompt or stdin)"
    )
    secret.add_argument("--stdin", action="store_true", help="read the passphrase from the first line of stdin")

    unlocking = commands.add_parser(
        "unlock", help="lift the lock on an area's facilitator PIN, or (--server) the server's limits on codes"
    )
    unlocking.add_argument("area", nargs="?", help="the area whose PIN is locked")
    unlocking.add_argument("--round", dest="round_ref", default=None, help="a round of the area (id or date)")
    unlocking.add_argument(
        "--server", action="store_true", help="lift the server-wide limits on passphrases and join codes"
    )

    saving = commands.add_parser("backup", help="write a consistent copy of the whole database to a file")
    saving.add_argument("-o", "--output", required=True, help="the backup file to write (.json.gz)")
    loading = commands.add_parser("restore", help="load a backup into the database")
    loading.add_argument("file", help="a file written by the backup command")
    loading.add_argument("--replace", action="store_true", help="delete what the database holds first")
    commands.add_parser("check", help="check the database's integrity")

    exporting = commands.add_parser("export", help="write the results workbook (.xlsx) of a round, or of every area")
    exporting.add_argument("area", nargs="?", help="the area (leave out with --all)")
    exporting.add_argument("--round", dest="round_ref", default=None, help="round id or date (default: the newest)")
    exporting.add_argument("--all", action="store_true", help="every area's latest finalised round side by side")
    exporting.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    template = commands.add_parser("template", help="write the offline questionnaire (.xlsx) of a round")
    template.add_argument("area")
    template.add_argument("round_ref", metavar="ROUND", help="round id or date")
    template.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    paper = commands.add_parser("report", help="write the Board paper of a round (.docx or .pdf)")
    paper.add_argument("area")
    paper.add_argument("--round", dest="round_ref", default=None, help="round id or date (default: the newest)")
    paper.add_argument("-o", "--output", required=True, help="the file to write: .docx (Word) or .pdf")
    paper.add_argument(
        "--status", choices=STATUSES, default=None, help="draft or final (default: final once the round is finalised)"
    )

    deciding = commands.add_parser("decide", help="record the Board's decision on a finalised round's options")
    deciding.add_argument("area")
    deciding.add_argument("--round", dest="round_ref", required=True, help="round id or date")
    deciding.add_argument("--option", required=True, help="the option chosen: an option id, or a hybrid's id")
    deciding.add_argument(
        "--date", type=_date, default=None, help="the Board's meeting date, YYYY-MM-DD (default: today)"
    )
    deciding.add_argument("--meeting", default="", help="the meeting, e.g. 'Children's Trust Board, 19 March 2010'")
    deciding.add_argument("--resolution", default="", help="the resolution as worded in the minutes")
    deciding.add_argument("--conditions", default="", help="conditions the Board attached")
    deciding.add_argument(
        "--ratify",
        action="append",
        default=None,
        metavar="BODY",
        help=f"a body that must ratify it (repeatable; default: {' and '.join(DEFAULT_RATIFIERS)})",
    )
    deciding.add_argument("--json", action="store_true", help="print the recorded decision as JSON")

    ratifying = commands.add_parser("ratify", help="set where a ratifying body has got to with a round's decision")
    ratifying.add_argument("area")
    ratifying.add_argument("--round", dest="round_ref", required=True, help="round id or date")
    ratifying.add_argument("--body", required=True, help="the ratifying body, e.g. 'Council cabinet'")
    ratifying.add_argument("--status", required=True, choices=[s.value for s in RatificationStatus])
    ratifying.add_argument("--date", type=_date, default=None, help="when the body decided, YYYY-MM-DD")

    users = commands.add_parser("users", help="the accounts that sign in when the app is hosted, and their roles")
    people = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    adding = people.add_parser("add", help="add an account, or change its role and areas")
    adding.add_argument("email", metavar="EMAIL")
    adding.add_argument("--role", required=True, type=_role, help="admin, lead or viewer")
    adding.add_argument(
        "--area", action="append", default=[], metavar="NAME", help="an area of a lead or viewer (repeatable)"
    )
    people_list = people.add_parser("list", help="list the accounts with their roles and areas")
    people_list.add_argument("--json", action="store_true", help="print JSON")
    removing = people.add_parser("remove", help="remove an account")
    removing.add_argument("email", metavar="EMAIL")

    comparing = commands.add_parser(
        "comparison", help="whether area leads and viewers see other areas by name or anonymously"
    )
    comparing.add_argument("setting", nargs="?", choices=("named", "anonymous"), help="(default: show the setting)")

    importing = commands.add_parser("import", help="import filled questionnaires and results workbooks, all or nothing")
    importing.add_argument("files", nargs="+", metavar="FILE")
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from exc


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        framework = load_framework(args.framework)
        store = Store(args.database)
        return _run(args, store, framework)
    except (StoreError, FrameworkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "input"
        print(f"error: {field}: {first['msg']}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    if args.command == "demo":
        if args.if_empty and store.rounds.list_areas():
            print("The database already has areas; the sample was not loaded.")
            return 0
        if args.reset:
            store.delete_all()
        rounds = load_sample(store, framework)
        print(f"Loaded the illustrative sample: {len(store.rounds.list_areas())} areas, {len(rounds)} rounds.")
        print(f"Each sample round's facilitator PIN is {SAMPLE_PIN}.")
        if sample_passphrase_is_set(store):
            print(f"The programme passphrase is '{SAMPLE_PASSPHRASE}'.")
        return 0
    if args.command == "areas":
        return _areas(store, args.json)
    if args.command == "open-round":
        return _open_round(args, store, framework)
    if args.command == "passphrase":
        return _passphrase(args, store)
    if args.command == "unlock":
        return _unlock(args, store)
    if args.command == "summary":
        print(json.dumps(summary(store, framework, args.area, args.round_ref), indent=2))
        return 0
    if args.command in ("backup", "restore", "check"):
        return _backup_commands(args, store, framework)
    if args.command in ("export", "template", "import"):
        return excel_command(args, store, framework)
    if args.command == "report":
        return _report(args, store, framework)
    if args.command in ("decide", "ratify"):
        return _decide(args, store, framework)
    if args.command == "users":
        return _users(args, store)
    if args.command == "comparison":
        return _comparison(args, store)
    raise AssertionError(args.command)


def _open_round(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    """Open a round; a PIN is generated when none is given, and printed this once."""
    generated = None if args.pin else new_pin()
    spec = RoundInput(
        area=args.area,
        held_on=args.date or dt.date.today(),
        title=args.title,
        board=args.board,
        has_executive=None if args.executive is None else args.executive == "yes",
        pin=args.pin or generated,
        priority_areas=tuple(args.priority),
    )
    row = store.rounds.open_round(spec, framework.version, actor=CLI_ACTOR)
    if args.json:
        info = {"round": row.id, "area": row.area_name, "held_on": row.held_on.isoformat(), "join_code": row.join_code}
        print(json.dumps(info | {"pin": generated}))
        return 0
    print(f"Opened round {row.id} for {row.area_name}; join code {row.join_code}")
    if generated:
        print(f"Facilitator PIN: {generated} (shown only this once: write it down)")
    return 0


def _decide(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    """Record the Board's decision on a round (decide), or a ratifying body's status (ratify)."""
    round_row = resolve_round(store, args.area, args.round_ref)
    if args.command == "ratify":
        current = store.decisions.current(round_row.id)
        if current is None:
            print(f"error: round {round_row.id} of {round_row.area_name} has no decision recorded yet", file=sys.stderr)
            return 1
        store.decisions.set_ratification(
            current.id, Ratification(body=args.body, status=args.status, on=args.date), actor=CLI_ACTOR
        )
        print(f"{args.body}: {args.status} for the decision of round {round_row.id} of {round_row.area_name}")
        return 0
    bodies = DEFAULT_RATIFIERS if args.ratify is None else args.ratify
    decision = DecisionInput(
        option_id=args.option,
        decided_on=args.date or dt.date.today(),
        meeting=args.meeting,
        resolution=args.resolution,
        conditions=args.conditions,
        ratifications=tuple(Ratification(body=b) for b in bodies),
    )
    try:
        record_decision(store, framework, round_row, decision, actor=CLI_ACTOR)
    except DecisionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    view = round_decision(store, round_row)
    if args.json:
        print(json.dumps(view.as_data(), indent=2))
        return 0
    print(view.sentence)
    for line in [*view.ratification_lines, *view.superseded_lines]:
        print(line)
    return 0


def _passphrase(args: argparse.Namespace, store: Store) -> int:
    """Set the programme passphrase from a prompt (typed twice) or from the first line of stdin."""
    if args.stdin or not sys.stdin.isatty():
        passphrase = sys.stdin.readline().rstrip("\r\n")
    else:
        passphrase = getpass.getpass("Programme passphrase: ")
        if getpass.getpass("The same again: ") != passphrase:
            print("error: the two passphrases are not the same; nothing was changed", file=sys.stderr)
            return 1
    try:
        set_passphrase(store, passphrase, actor=CLI_ACTOR)
    except ValueError as exc:
        print(f"error: {exc}; nothing was changed", file=sys.stderr)
        return 1
    print("The programme passphrase is set. It opens every area: keep it as you would a password.")
    return 0


def _unlock(args: argparse.Namespace, store: Store) -> int:
    """Lift an area's PIN lock, or the server-wide limits."""
    if args.server == bool(args.area):
        print("error: name an AREA or give --server, not both", file=sys.stderr)
        return 2
    if args.server:
        for subject in SERVER_SUBJECTS:
            store.access.clear_attempts(subject)
        print("The server's limits on passphrases and codes are lifted.")
        return 0
    area = store.rounds.find_area(args.area)
    if args.round_ref is not None:
        resolve_round(store, area.name, args.round_ref)  # the round must be the area's
    was_locked = unlock_area(store, area, actor=CLI_ACTOR)
    state = "was locked and is now unlocked" if was_locked else "was not locked"
    print(f"The facilitator PIN of {area.name} (every round of the area) {state}.")
    return 0


def _area_ids(store: Store, typed: Sequence[str]) -> list[int]:
    """The ids of the areas named (ignoring case and outer spaces); StoreError naming the first unknown one,
    with the name it is closest to."""
    by_name = {area.name: area.id for area in store.rounds.list_areas()}
    ids = []
    for name in typed:
        match = match_area_name(name, by_name)
        if match is None or not match.exact:
            hint = f"; did you mean {match.name!r}?" if match is not None else "."
            raise StoreError(f"there is no area called {name.strip()!r}{hint} Nothing was changed.")
        ids.append(by_name[match.name])
    return ids


def _account_line(account: Account, names: dict[int, str]) -> str:
    if account.role == Role.ADMIN:
        return f"{account.email} is {a_role(account.role)} (every area)"
    areas = ", ".join(sorted(names[area_id] for area_id in account.area_ids)) or "no area"
    return f"{account.email} is {a_role(account.role)} of {areas}"


def _users(args: argparse.Namespace, store: Store) -> int:
    """users add / list / remove: the accounts of hosted mode."""
    names = {area.id: area.name for area in store.rounds.list_areas()}
    try:
        if args.users_command == "add":
            if args.role == Role.ADMIN and args.area:
                print("error: an admin has every area; leave out --area", file=sys.stderr)
                return 2
            account = store.accounts.add(args.email, args.role, _area_ids(store, args.area), actor=CLI_ACTOR)
            print(_account_line(account, names) + ".")
        elif args.users_command == "remove":
            store.accounts.remove(args.email, actor=CLI_ACTOR)
            print(f"The account {args.email.strip().casefold()} was removed.")
        elif args.json:
            listing = [
                {
                    "email": account.email,
                    "role": account.role.value,
                    "areas": sorted(names[area_id] for area_id in account.area_ids),
                }
                for account in store.accounts.list()
            ]
            print(json.dumps(listing, indent=2))
        else:
            accounts = store.accounts.list()
            if not accounts:
                print("No accounts yet. Add the first admin with: python -m assessment users add EMAIL --role admin")
            for account in accounts:
                print(_account_line(account, names))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _comparison(args: argparse.Namespace, store: Store) -> int:
    """Show or set whether leads and viewers see other areas by name."""
    if args.setting is not None:
        set_named_comparison(store, args.setting == "named", actor=CLI_ACTOR)
    if named_comparison_agreed(store):
        print("Named comparison is agreed: area leads and viewers see every area by name.")
    else:
        print("Areas are compared anonymously: area leads and viewers see other areas as Area A, Area B ...")
    return 0


def _backup_commands(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    if args.command == "backup":
        counts = backup(store, args.output)
        print(f"Backed up {counts['rounds']} rounds and {counts['answers']} answers to {args.output}")
        return 0
    if args.command == "restore":
        restored = restore(store, args.file, framework, replace=args.replace)
        counts = restored.counts
        print(f"Restored {counts['rounds']} rounds and {counts['answers']} answers from {args.file}")
        if restored.note:
            print(f"note: {args.file}: {restored.note}")
        return 0
    problems = integrity_problems(store)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print("The database is sound." if not problems else f"{len(problems)} problems found.")
    return 1 if problems else 0


def excel_command(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    """Run export, template or import; returns the exit status (problems go to stderr, one per line)."""
    if args.command == "import":
        return _import(args.files, store, framework)
    if args.command == "export" and args.all == bool(args.area):
        print("error: name an AREA or give --all, not both", file=sys.stderr)
        return 2
    if args.command == "export" and args.all:
        data = programme_workbook(store, framework)
        what = "every area's latest finalised round"
    else:
        round_row = resolve_round(store, args.area, args.round_ref)
        if args.command == "export":
            data = results_workbook(store, framework, round_row.id)
            what = f"the results of {round_row.area_name}, {round_name(round_row)},"
        else:
            data = questionnaire_workbook(framework, round_row)
            what = f"the questionnaire of {round_row.area_name}, {round_name(round_row)}, round code {round_row.join_code},"
    return _write(args.output, data, what)


def _write(output: str, data: bytes, what: str) -> int:
    """Write a file the command made, and say so; an unwritable path is one line and status 1."""
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        print(f"error: cannot write {output}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote {what} to {output}")
    return 0


def _report(args: argparse.Namespace, store: Store, framework) -> int:  # noqa: ANN001
    """Write the Board paper as Word or PDF, chosen by the output file's extension."""
    suffix = Path(args.output).suffix.lower()
    if suffix not in PAPER_FORMATS:
        print(
            f"error: {args.output}: the Board paper is written as .docx or .pdf, not {suffix or 'no extension'}",
            file=sys.stderr,
        )
        return 1
    round_row = resolve_round(store, args.area, args.round_ref)
    try:
        data = PAPER_FORMATS[suffix](store, framework, round_row.id, args.status)
    except (ChartRenderError, ConverterMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return _write(args.output, data, f"the Board paper of {round_row.area_name}, {round_name(round_row)},")


def _import(paths: Sequence[str], store: Store, framework) -> int:  # noqa: ANN001
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as exc:
            print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 1
    try:
        plan = import_files(store, framework, files, actor=CLI_ACTOR)
    except ImportRefused as refused:
        more = refused.more()
        for line in [*map(str, refused.first()), *([more] if more else []), str(refused)]:
            print(f"error: {line}", file=sys.stderr)
        return 1
    for line in plan.described:
        print(f"Imported {line}")
    for line in plan.pins:
        print(f"New round {line} (shown only this once: write it down)")
    return 0


def _areas(store: Store, as_json: bool) -> int:
    rounds = store.rounds.list_rounds()
    listing = [
        {
            "area": area.name,
            "illustrative": area.illustrative,
            "rounds": [
                {"id": r.id, "held_on": r.held_on.isoformat(), "title": r.title, "status": r.status.value}
                for r in rounds
                if r.area_id == area.id
            ],
        }
        for area in store.rounds.list_areas()
    ]
    if as_json:
        print(json.dumps(listing, indent=2))
        return 0
    if not listing:
        print("No areas yet. Load the sample with: python -m assessment demo")
    for entry in listing:
        tag = " (illustrative)" if entry["illustrative"] else ""
        print(f"{entry['area']}{tag}")
        for r in entry["rounds"]:
            print(f"  round {r['id']}: {r['held_on']} {r['title']} [{r['status']}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
