"""Matching benchmark: the matcher against plain BM25 on judged needs, and its latency.

    .venv/bin/python bench/matching.py [--corpus achievements.jsonl] [--needs needs-dev.jsonl]
        [--qrels qrels-needs-dev.tsv] [--strip-keywords] [--latency-size 100000]
        [--no-latency] [--no-write] [--backend whoosh|postgres]

Relevance: the records become published achievements and the needs become needs
(bench/matching_corpus.py), the achievements are indexed (Whoosh in a temp dir, or
PostgreSQL with --backend postgres: a throwaway server unless --database-url), the
keyword vocabulary is built from the records' keyword lists, and every need is matched
(`exchange.matching.match_need`, default weights) twice: as given ("kept") and with its
keywords removed ("stripped", the only condition with --strip-keywords). The need's
`source_record` is removed from each ranking before it is cut, as the data README says.
Plain BM25 (bm25s, k1=1.5, b=0.75) ranks the same records over the same tokens
(`index_tokens` of title, keywords and abstract) for `query_tokens` of the need's title and
description, in the same run. Prints one JSON object per condition: nDCG@10, recall@50 and
BM25's, and writes sections matching-relevance (with the stricter reading of the
judgments: grade-1 pairs kept only where the discipline matches) and matching-latency
(one need against a make_corpus.py corpus of --latency-size records, both conditions, the
first 200 needs, after a warm-up) of docs/benchmarks.md unless --no-write.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, shared_data, write_section  # noqa: E402
from bench.matching_corpus import (  # noqa: E402
    NOW,
    achievement_profile,
    need_profile,
    strict_qrels,
)
from bench.search_corpus import (  # noqa: E402
    corpus_path,
    doc_text_fields,
    load_documents,
    open_backend,
    read_records,
    to_document,
)
from bench.search_relevance import bm25_search, ndcg, read_qrels  # noqa: E402
from bench.search_speed import percentile  # noqa: E402
from exchange.matching import DEFAULT_WEIGHTS, match_need  # noqa: E402

CUTOFF, RECALL_AT = 10, 50
TARGET_GAIN, TARGET_P95_MS = 1.25, 200.0
LATENCY_NEEDS, WARMUP = 200, 5


def recall(ranking: list[str], judged: dict[str, int], k: int = RECALL_AT) -> float:
    relevant = {d for d, g in judged.items() if g >= 1}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict:
    """Mean nDCG@10 and recall@50 over the judged needs (a need without a run scores 0)."""
    judged = [qid for qid in qrels if any(g > 0 for g in qrels[qid].values())]
    if not judged:
        return {"ndcg@10": 0.0, "recall@50": 0.0, "needs": 0}
    return {"ndcg@10": round(statistics.fmean(ndcg(runs.get(q, []), qrels[q], CUTOFF)
                                              for q in judged), 4),
            "recall@50": round(statistics.fmean(recall(runs.get(q, []), qrels[q])
                                                for q in judged), 4),
            "needs": len(judged)}


def without_source(ranking: list[str], need: dict) -> list[str]:
    return [d for d in ranking if d != need.get("source_record")]


def stripped(needs: list[dict]) -> list[dict]:
    """The needs as an enterprise writes them: title and description, no keyword list."""
    return [{**n, "keywords": []} for n in needs]


def matcher_runs(backend, profiles: dict, needs: list[dict],
                 vocabulary=None) -> dict[str, list[str]]:
    def lookup(ids):
        return {i: profiles[i] for i in ids if i in profiles}

    return {n["id"]: without_source([m.id for m in match_need(
        need_profile(n), backend, lookup, now=NOW, vocabulary=vocabulary)], n)
        for n in needs}


def bm25_runs(docs, needs: list[dict], depth: int) -> dict[str, list[str]]:
    import bm25s

    from search_index.analysis import index_tokens, query_tokens

    retriever = bm25s.BM25()
    retriever.index([[t for f in doc_text_fields(d) if f for t in index_tokens(f)]
                     for d in docs], show_progress=False)
    ids = [d.id for d in docs]
    return {n["id"]: without_source(bm25_search(retriever, ids, query_tokens(
        f"{n['title']} {n.get('description') or ''}"), depth + 1), n) for n in needs}


def vocabulary_of(docs):
    """As the app builds it: the keyword lists, the need boilerplate ignored, the domain
    dictionary's words added."""
    from exchange.matching.terms import BOILERPLATE
    from search_index.analysis import domain_words
    from search_index.vocabulary import build

    return build(((d.keywords, _section(d)) for d in docs), BOILERPLATE, domain_words())


def _section(doc) -> str | None:
    values = doc.facets.get("section") or ()
    return values[0] if values else None


CONDITIONS = {"kept": lambda needs: needs, "stripped": stripped}


def relevance(corpus: Path, needs_path: Path, qrels_path: Path, backend_name: str = "whoosh",
              database_url: str | None = None,
              conditions: tuple[str, ...] = tuple(CONDITIONS)) -> dict:
    """{condition: {nDCG@10, recall@50, needs, bm25, strict}} for each condition: the needs
    as given ("kept") and without their keywords ("stripped"); BM25 reads only the title
    and description, so it is the same run for both."""
    records = list(read_records(corpus))
    discipline_of = {r["id"]: r.get("discipline") for r in records}
    docs = [to_document(r) for r in records]
    del records
    profiles = {d.id: achievement_profile(d) for d in docs}
    vocabulary = vocabulary_of(docs)
    needs = list(read_records(needs_path))
    qrels = read_qrels(qrels_path)
    with open_backend(backend_name, database_url) as (backend, _size):
        backend.rebuild(docs)
        runs = {c: matcher_runs(backend, profiles, CONDITIONS[c](needs), vocabulary)
                for c in conditions}
    baseline = bm25_runs(docs, needs, RECALL_AT)
    strict = strict_qrels(qrels, needs, discipline_of)
    result = {}
    for condition, run in runs.items():
        result[condition] = {**evaluate(run, qrels), "bm25": {
            k: v for k, v in evaluate(baseline, qrels).items() if k != "needs"}}
        result[condition]["strict"] = {**evaluate(run, strict), "bm25": {
            k: v for k, v in evaluate(baseline, strict).items() if k != "needs"}}
    return result


def latency(size: int, needs_path: Path, backend_name: str = "whoosh",
            database_url: str | None = None, count: int = LATENCY_NEEDS) -> dict:
    """Per condition: one need at a time against `size` achievements, the vocabulary
    built once beforehand (as a web process keeps it)."""
    docs = load_documents(corpus_path(size))
    profiles = {d.id: achievement_profile(d) for d in docs}
    start = time.perf_counter()
    vocabulary = vocabulary_of(docs)
    vocabulary.automaton()
    vocabulary_s = time.perf_counter() - start
    records = list(read_records(needs_path))[:count]

    def lookup(ids):
        return {i: profiles[i] for i in ids if i in profiles}

    result = {"documents": len(docs), "needs": len(records),
              "vocabulary_s": round(vocabulary_s, 1)}
    with open_backend(backend_name, database_url) as (backend, _size):
        start = time.perf_counter()
        backend.rebuild(docs)
        result["build_s"] = round(time.perf_counter() - start, 1)
        for condition, make in CONDITIONS.items():
            needs = [need_profile(n) for n in make(records)]
            for need in needs[:WARMUP]:
                match_need(need, backend, lookup, now=NOW, vocabulary=vocabulary)
            ms = []
            for need in needs:
                start = time.perf_counter()
                match_need(need, backend, lookup, now=NOW, vocabulary=vocabulary)
                ms.append((time.perf_counter() - start) * 1000)
            result[condition] = {"p50_ms": round(percentile(ms, 50), 1),
                                 "p95_ms": round(percentile(ms, 95), 1),
                                 "max_ms": round(max(ms), 1)}
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def section_name(kind: str, backend: str) -> str:
    return f"matching-{kind}" + ("" if backend == "whoosh" else f"-{backend}")


CONDITION_NAMES = {"kept": "keywords kept (as in the data)",
                   "stripped": "keywords stripped (title and description only)"}


def relevance_section(result: dict, args) -> str:
    weights = ", ".join(f"{k} {v:g}" for k, v in DEFAULT_WEIGHTS.items())
    lines = []
    verdicts = []
    for condition, r in result.items():
        for reading, row in (("all", r), ("strict", r["strict"])):
            lines.append(
                f"| {CONDITION_NAMES[condition]} | {reading} | {row['needs']} | "
                f"{row['ndcg@10']:.4f} | {row['bm25']['ndcg@10']:.4f} | "
                f"{row['ndcg@10'] / row['bm25']['ndcg@10']:.2f}× | {row['recall@50']:.4f} | "
                f"{row['bm25']['recall@50']:.4f} |")
        ratio = r["ndcg@10"] / r["bm25"]["ndcg@10"] if r["bm25"]["ndcg@10"] else 0
        verdicts.append(f"{condition}: **{ratio:.2f}×** "
                        f"({'met' if ratio >= TARGET_GAIN else 'NOT met'})")
    return (
        f"## Matching relevance ({args.backend})\n\n"
        f"`bench/matching.py` on `{Path(args.corpus).name}`, `{Path(args.needs).name}`, "
        f"`{Path(args.qrels).name}`: every need matched against the records as published "
        f"achievements ({args.backend}), the need's source record removed before cutting; "
        "twice: with the needs' keywords, and with them stripped (what an enterprise that "
        "leaves the keyword box empty writes). The matcher's vocabulary (inferred keywords, "
        "associations, feedback) is built from the records' keyword lists. BM25: plain "
        "bm25s over the need's title and description, same tokens, the same run for both "
        "conditions. The strict reading keeps grade-1 pairs only where the discipline is "
        "the need's.\n\n"
        "| needs | judgments | n | matcher nDCG@10 | BM25 nDCG@10 | ratio | matcher recall@50 "
        "| BM25 recall@50 |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
        + "\n".join(lines) + "\n\n"
        f"Matcher / BM25 nDCG@10 (target ≥ {TARGET_GAIN}×): {'; '.join(verdicts)}. "
        f"Default weights: {weights}.\n\n"
        "The judgments are silver: derived from keywords shared with the need's source record "
        "and from its discipline, so the keywords and industry factors weigh heavily here; "
        "the deal factors (mode, TRL, budget, district, date) are drawn at random for both "
        "sides and only add noise. With the keywords stripped, the need's title still names "
        "its first two keywords (the data's titles are built from them), as a person's "
        "title names the subject.\n")


def latency_section(result: dict, backend: str) -> str:
    rows = "\n".join(
        f"| {CONDITION_NAMES[c]} | {result[c]['p50_ms']} ms | {result[c]['p95_ms']} ms | "
        f"{result[c]['max_ms']} ms |" for c in CONDITIONS)
    ok = all(result[c]["p95_ms"] <= TARGET_P95_MS for c in CONDITIONS)
    return (
        f"## Matching latency ({backend})\n\n"
        f"`bench/matching.py`: one need (the first {result['needs']} dev needs, after "
        f"{WARMUP} warm-up) matched against {result['documents']:,} indexed achievements "
        f"({backend}, make_corpus.py corpus) with the expansion on: key terms, inferred "
        "keywords, associations, first retrieval, feedback, second retrieval, profile "
        "lookups and scoring included.\n\n"
        "| needs | p50 | p95 | max |\n|---|---:|---:|---:|\n" + rows + "\n\n"
        f"Index build {result['build_s']} s; the keyword vocabulary of the "
        f"{result['documents']:,} achievements builds in {result['vocabulary_s']} s (a web "
        f"process rebuilds it when the published achievements change); peak RSS "
        f"{result['peak_rss_mb']} MB.\n\n"
        f"Target p95 ≤ {TARGET_P95_MS:g} ms: {'met' if ok else 'NOT met'}.\n")


def main(argv: list[str] | None = None) -> None:
    data = shared_data()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(data / "achievements.jsonl"))
    parser.add_argument("--needs", default=str(data / "needs-dev.jsonl"))
    parser.add_argument("--qrels", default=str(data / "qrels-needs-dev.tsv"))
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--database-url", help="PostgreSQL to use instead of a throwaway one")
    parser.add_argument("--latency-size", type=int, default=100_000)
    parser.add_argument("--strip-keywords", action="store_true",
                        help="only the needs without their keywords (the default runs both)")
    parser.add_argument("--no-latency", action="store_true", help="relevance only")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    args = parser.parse_args(argv)

    conditions = ("stripped",) if args.strip_keywords else tuple(CONDITIONS)
    result = relevance(Path(args.corpus), Path(args.needs), Path(args.qrels), args.backend,
                       args.database_url, conditions)
    print(json.dumps({c: {k: r[k] for k in ("ndcg@10", "recall@50", "needs", "bm25")}
                      for c, r in result.items()}, ensure_ascii=False), flush=True)
    if not args.no_write:
        write_section(section_name("relevance", args.backend),
                      relevance_section(result, args))
    if not args.no_latency:
        timing = latency(args.latency_size, Path(args.needs), args.backend, args.database_url)
        print(json.dumps({"latency": timing}), file=sys.stderr)
        if not args.no_write:
            write_section(section_name("latency", args.backend),
                          latency_section(timing, args.backend))


if __name__ == "__main__":
    main()
