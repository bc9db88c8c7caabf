"""Score ``crawler.extract.extract_article`` and trafilatura on the Fundus test pages.

    python -m bench.eval_fundus [--dataset PATH] [--json out.json] [--worst N] [--only PATTERN]

Both extractors run in the same process on the same pages, one page after the other, so the
timings are comparable. Each field is scored only on the pages whose expected value is
present and non-empty; the table says on how many. Exits 0 with a message when the dataset
is absent (it is optional and never part of the repository).

Two body scores are given. "body F1" compares our ``body`` with Fundus's body sections
(section headlines + paragraphs): Fundus keeps the summary/lead apart, as our Article does
(``lead``), so this is the fair score for a body extractor. "body+summary F1" compares the
same text with summary + headlines + paragraphs; this is the convention that reproduces the
dataset README's baselines (trafilatura keeps the lead in its text), so quote it next to them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make ``bench`` and ``crawler`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fundus_data import Case, load_cases
from bench.fundus_scoring import (
    BodyScore,
    aggregate_body,
    authors_match,
    body_score,
    date_match,
    expected_body,
    first_differences,
    rate,
    title_match,
)

DEFAULT_DATASET = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "fundus"
FIELDS = ("body", "title", "date", "authors")


@dataclass(frozen=True)
class Extracted:
    """The four compared fields, in a shape common to every extractor."""

    title: str | None = None
    body: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    lead: str | None = None  # extractors that keep the lead apart (ours); None when it is in ``body``

    def with_lead(self) -> str | None:
        """Lead and body together, for comparing with Fundus's summary + body."""
        if self.lead and self.body and not self.body.startswith(self.lead[:60]):
            return f"{self.lead}\n\n{self.body}"
        return self.body


def run_ours(html: str, url: str) -> Extracted:
    from crawler.extract import extract_article

    fields = extract_article(html, url)
    return Extracted(fields.get("title"), fields.get("body"), fields.get("published_at"),
                     list(fields.get("authors") or []), fields.get("lead"))


def run_trafilatura(html: str, url: str) -> Extracted:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Extracted()
    if isinstance(doc, dict):  # trafilatura < 2 or as_dict
        get = doc.get
    else:
        def get(name: str) -> Any:
            return getattr(doc, name, None)
    author = get("author") or ""
    authors = [name.strip() for name in author.split(";") if name.strip()]
    return Extracted(get("title"), get("text"), get("date"), authors)


EXTRACTORS: dict[str, Callable[[str, str], Extracted]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
}


@dataclass
class PageResult:
    """One extractor on one page: scores (None where the field is not scored) and timing."""

    case: str
    url: str
    ms: float
    error: str | None = None
    body: BodyScore | None = None
    body_summary: BodyScore | None = None
    title: bool | None = None
    date: bool | None = None
    authors: bool | None = None
    got: dict[str, Any] = field(default_factory=dict)
    want: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case, "url": self.url, "ms": round(self.ms, 2), "error": self.error,
            "body_precision": None if self.body is None else round(self.body.precision, 4),
            "body_recall": None if self.body is None else round(self.body.recall, 4),
            "body_f1": None if self.body is None else round(self.body.f1, 4),
            "body_summary_f1": None if self.body_summary is None else round(self.body_summary.f1, 4),
            "title": self.title, "date": self.date, "authors": self.authors,
            "got": self.got, "want": self.want,
        }


def score_page(case: Case, html: str, extractor: Callable[[str, str], Extracted]) -> PageResult:
    error = None
    start = time.perf_counter()
    try:
        got = extractor(html, case.url)
    except Exception as exc:  # noqa: BLE001 -- a crash on one page is scored as an empty extraction
        got, error = Extracted(), f"{type(exc).__name__}: {exc}"
    ms = (time.perf_counter() - start) * 1000
    expected = case.expected
    result = PageResult(case.name, case.url, ms, error)
    want_body = expected_body(expected.get("body"))
    if want_body.strip():
        result.body = body_score(got.body, want_body)
    with_summary = expected_body(expected.get("body"), include_summary=True)
    if with_summary.strip():
        result.body_summary = body_score(got.with_lead(), with_summary)
    if (expected.get("title") or "").strip():
        result.title = title_match(got.title, expected["title"])
    if expected.get("publishing_date"):
        result.date = date_match(got.published, expected["publishing_date"])
    if expected.get("authors"):
        result.authors = authors_match(got.authors, expected["authors"])
    result.got = {"title": got.title, "published": got.published, "authors": got.authors, "body": got.body}
    result.want = {"title": expected.get("title"), "published": expected.get("publishing_date"),
                   "authors": expected.get("authors"), "body": want_body}
    return result


def summarize(results: list[PageResult]) -> dict[str, Any]:
    bodies = aggregate_body([r.body for r in results if r.body is not None])
    with_summary = aggregate_body([r.body_summary for r in results if r.body_summary is not None])
    times = [r.ms for r in results]
    summary: dict[str, Any] = {
        "body_f1": bodies.f1, "body_precision": bodies.precision, "body_recall": bodies.recall,
        "body_pages": bodies.pages,
        "body_summary_f1": with_summary.f1, "body_summary_pages": with_summary.pages,
        "median_ms": statistics.median(times) if times else 0.0,
        "mean_ms": statistics.fmean(times) if times else 0.0,
        "errors": sum(r.error is not None for r in results),
    }
    for name in ("title", "date", "authors"):
        values = [getattr(r, name) for r in results if getattr(r, name) is not None]
        summary[name] = rate(values)
        summary[f"{name}_pages"] = len(values)
    return summary


def markdown_table(summaries: dict[str, dict[str, Any]]) -> str:
    first = next(iter(summaries.values()))
    header = (
        f"| extractor | body F1 (P / R), {first['body_pages']} pages "
        f"| body+summary F1, {first['body_summary_pages']} | title exact, {first['title_pages']} "
        f"| date same day, {first['date_pages']} | authors exact, {first['authors_pages']} "
        "| median ms/page | mean ms/page |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for name, s in summaries.items():
        lines.append(
            f"| {name} | {s['body_f1']:.3f} ({s['body_precision']:.3f} / {s['body_recall']:.3f}) "
            f"| {s['body_summary_f1']:.3f} "
            f"| {s['title']:.3f} | {s['date']:.3f} | {s['authors']:.3f} "
            f"| {s['median_ms']:.1f} | {s['mean_ms']:.1f} |"
        )
    return "\n".join(lines)


def worst_pages(results: list[PageResult], count: int) -> str:
    """The pages where our extractor does worst, per field, with what it got and what was wanted."""
    out: list[str] = []
    scored_body = sorted((r for r in results if r.body is not None), key=lambda r: r.body.f1)  # type: ignore[union-attr]
    out.append(f"\n## worst body F1 (ours), {min(count, len(scored_body))} pages")
    for r in scored_body[:count]:
        assert r.body is not None
        out.append(f"- {r.case} F1 {r.body.f1:.3f} (P {r.body.precision:.3f} R {r.body.recall:.3f}) {r.url}")
        extra, missing = first_differences(r.got["body"], r.want["body"])
        out.append(f"    got starts:  {(r.got['body'] or '')[:120]!r}")
        out.append(f"    want starts: {r.want['body'][:120]!r}")
        if extra:
            out.append(f"    first extra text:   {extra!r}")
        if missing:
            out.append(f"    first missing text: {missing!r}")
    for name, key in (("title", "title"), ("date", "published"), ("authors", "authors")):
        failed = [r for r in results if getattr(r, name) is False]
        out.append(f"\n## {name} misses (ours): {len(failed)}" + (f", first {count}" if len(failed) > count else ""))
        for r in failed[:count]:
            out.append(f"- {r.case}: got {r.got[key]!r} want {r.want[key]!r}")
    errors = [r for r in results if r.error]
    if errors:
        out.append(f"\n## errors (ours): {len(errors)}")
        out.extend(f"- {r.case}: {r.error}" for r in errors)
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET,
                        help="the fundus folder (default: ../shared/datasets/fundus)")
    parser.add_argument("--json", type=Path, help="write summaries and per-page scores here")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="show the N worst pages per field for our extractor")
    parser.add_argument("--per-page", action="store_true", help="print every page's scores (ours)")
    parser.add_argument("--only", default="", metavar="PATTERN",
                        help="only pages whose '<country>/<Publisher>_<date>' contains PATTERN")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS),
                        help=f"comma-separated, from {', '.join(EXTRACTORS)}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.dataset / "test_data").is_dir() and not args.dataset.is_dir():
        print(f"Fundus dataset not found at {args.dataset}: skipping the evaluation.")
        return 0
    cases = [c for c in load_cases(args.dataset) if args.only in c.name]
    if not cases:
        print(f"No pages found under {args.dataset}" + (f" matching {args.only!r}" if args.only else ""))
        return 0
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        print(f"unknown extractor(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    # Warm up (imports, lazily built regexes) so that the first page's time is not skewed.
    warm = cases[0].html()
    for name in names:
        score_page(cases[0], warm, EXTRACTORS[name])  # errors are caught and scored there

    results: dict[str, list[PageResult]] = {name: [] for name in names}
    for case in cases:
        html = case.html()
        for name in names:  # interleaved: both extractors see the same cache state
            results[name].append(score_page(case, html, EXTRACTORS[name]))

    summaries = {name: summarize(rs) for name, rs in results.items()}
    print(f"Fundus test pages: {len(cases)} from {args.dataset}")
    print("Expected body: section headlines + paragraphs (body+summary: with Fundus's summary first)")
    print()
    print(markdown_table(summaries))
    for name, s in summaries.items():
        if s["errors"]:
            print(f"\n{name}: {s['errors']} page(s) raised an exception (scored as empty)")

    ours = results.get("ours")
    if ours and args.per_page:
        print("\n## per page (ours)")
        for r in ours:
            body = "-" if r.body is None else f"{r.body.f1:.3f}"
            print(f"{r.case}\tbody {body}\ttitle {r.title}\tdate {r.date}\tauthors {r.authors}\t{r.ms:.1f} ms")
    if ours and args.worst:
        print(worst_pages(ours, args.worst))
    if args.json:
        args.json.write_text(json.dumps(
            {"pages": len(cases), "summary": summaries,
             "per_page": {name: [r.as_json() for r in rs] for name, rs in results.items()}},
            ensure_ascii=False, indent=1), "utf-8")
        print(f"\nper-page scores written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
