"""Search speed: index build, size on disk and query latency per backend and corpus size.

    .venv/bin/python bench/search_speed.py [--sizes 10000,100000] [--backends whoosh,postgres]
        [--no-relevance] [--no-write]

For each size, a make_corpus.py corpus of the real records (cached in /tmp/exchange-bench)
becomes `Document`s (bench/search_corpus.py) and is measured for: single-process jieba
tokenisation of the same text as the targets define it (normalize, i.e. NFKC + OpenCC t2s +
lower case, then cut_for_search, over title, keywords and abstract), and the analyser's
index_tokens for comparison; per backend, `rebuild(docs)` (tokenising included), size on
disk and p50/p95 latency of the first 200 dev queries and of the 20 broad queries, each a
`Query(text)` with the default facets and highlights, after a short warm-up; and plain BM25
(bm25s) on the same tokens as a baseline. Then bench/search_relevance.py is run on the dev
judgments for each backend and for BM25. Sections search-speed and search-relevance of
docs/benchmarks.md are rewritten.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, shared_data, write_section  # noqa: E402
from bench.search_corpus import (  # noqa: E402
    corpus_path,
    doc_text_fields,
    load_documents,
    open_backend,
    originals,
    postgres_backend_class,
)
from bench.search_relevance import bm25_search, read_queries  # noqa: E402

TARGET_DEV_MS, TARGET_BROAD_MS, TARGET_BUILD_RATIO = 30.0, 60.0, 1.5
TARGET_SIZE = 100_000  # the targets are set for one run over this many records
WARMUP = 5


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def latencies(run, texts: list[str]) -> dict:
    ms = []
    for text in texts:
        start = time.perf_counter()
        run(text)
        ms.append((time.perf_counter() - start) * 1000)
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms),
            "mean": statistics.fmean(ms)}


def tokenise(docs) -> tuple[float, float, list[list[str]]]:
    """(seconds for jieba as the target defines it: normalize (NFKC, OpenCC t2s, lower
    case) + cut_for_search, one process; seconds for the analyser's index_tokens, which
    adds the domain dictionary's filtering; the analyser's tokens)."""
    from search_index.analysis import index_tokens, normalize, tokenizer

    tk = tokenizer()
    index_tokens("预热分词器")  # dictionary loaded before timing
    texts = [f for doc in docs for f in doc_text_fields(doc) if f]
    start = time.perf_counter()
    for text in texts:
        for _ in tk.cut_for_search(normalize(text), HMM=True):
            pass
    reference = time.perf_counter() - start
    tokens, spent = [], 0.0
    for doc in docs:
        start = time.perf_counter()
        toks = [t for field in doc_text_fields(doc) if field for t in index_tokens(field)]
        spent += time.perf_counter() - start
        tokens.append(toks)
    return reference, spent, tokens


def measure_backend(name: str, docs, dev: list[str], broad: list[str], warm: list[str]) -> dict:
    from search_index.schema import Query

    with open_backend(name) as (backend, size):
        gc.collect()
        start = time.perf_counter()
        count = backend.rebuild(docs)
        build = time.perf_counter() - start
        assert count == len(docs), (count, len(docs))
        disk = size()

        def run(text: str):
            return backend.search(Query(text=text))

        for text in warm:
            run(text)
        totals = [run(text).total for text in broad]
        return {"build": build, "bytes": disk, "dev": latencies(run, dev),
                "broad": latencies(run, broad), "broad_hits": statistics.median(totals)}


def measure_bm25(docs, tokens, dev: list[str], broad: list[str], warm: list[str]) -> dict:
    import bm25s

    from search_index.analysis import query_tokens

    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    build = time.perf_counter() - start
    ids = [d.id for d in docs]

    def run(text: str):
        return bm25_search(retriever, ids, query_tokens(text), 10)

    for text in warm:
        run(text)
    return {"build": build, "dev": latencies(run, dev), "broad": latencies(run, broad)}


def relevance(args: list[str]) -> dict | None:
    data = shared_data()
    cmd = [sys.executable, str(Path(__file__).with_name("search_relevance.py")),
           "--corpus", str(originals()), "--queries", str(data / "queries-dev.tsv"),
           "--qrels", str(data / "qrels-dev.tsv"), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"relevance {' '.join(args)} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout)


def mark(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def speed_section(results: dict) -> str:
    lines = ["## Search speed", "",
             "Corpora from `make_corpus.py` (the 6,723 real records, then variants with "
             "sentences and keywords rotated); facets hashed from the id "
             "(`bench/search_corpus.py`). Latency: one `search(Query(text))` call with the "
             "7 default facets and highlighting, first 200 dev queries and the 20 broad "
             "queries, one pass each after a warm-up; wall clock, one process.", "",
             "| docs | system | build s | build ÷ jieba | size MB | dev p50 ms | "
             "dev p95 ms | broad p50 ms | broad p95 ms | broad hits (median) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    verdicts = []
    for size, r in results.items():
        tok = r["jieba"]
        lines.append(f"| {size:,} | jieba: normalize + cut_for_search, one process | "
                     f"{tok:.1f} | 1.00 | | | | | | |")
        lines.append(f"| {size:,} | analyser: normalize + index_tokens, one process | "
                     f"{r['analyser']:.1f} | {r['analyser'] / tok:.2f} | | | | | | |")
        for name, b in r["backends"].items():
            lines.append(
                f"| {size:,} | {name} | {b['build']:.1f} | {b['build'] / tok:.2f} | "
                f"{b['bytes'] / 1e6:.1f} | {b['dev']['p50']:.1f} | {b['dev']['p95']:.1f} | "
                f"{b['broad']['p50']:.1f} | {b['broad']['p95']:.1f} | {b['broad_hits']:,.0f} |")
            verdicts.append(
                f"- {name}, {size:,} docs{'' if size == TARGET_SIZE else ' (for reference)'}: "
                f"dev p95 {b['dev']['p95']:.1f} ms ≤ "
                f"{TARGET_DEV_MS:.0f} — {mark(b['dev']['p95'] <= TARGET_DEV_MS)}; broad p95 "
                f"{b['broad']['p95']:.1f} ms ≤ {TARGET_BROAD_MS:.0f} — "
                f"{mark(b['broad']['p95'] <= TARGET_BROAD_MS)}; build {b['build']:.1f} s ≤ "
                f"{TARGET_BUILD_RATIO}× jieba ({TARGET_BUILD_RATIO * tok:.1f} s) — "
                f"{mark(b['build'] <= TARGET_BUILD_RATIO * tok)}")
        m = r["bm25"]
        lines.append(
            f"| {size:,} | BM25 (bm25s) index, tokens given | {m['build']:.1f} | "
            f"{m['build'] / tok:.2f} | | {m['dev']['p50']:.1f} | {m['dev']['p95']:.1f} | "
            f"{m['broad']['p50']:.1f} | {m['broad']['p95']:.1f} | |")
    lines += ["", "BM25 latency includes `query_tokens` but no facets or highlights; its build "
              "excludes tokenising (add the analyser row). Builds tokenise on every core (2 "
              "here). Targets (from one run over 100,000 records, each backend): dev p95 ≤ 30 "
              "ms, broad p95 ≤ 60 ms, build (tokenising included) ≤ 1.5× single-process "
              "jieba tokenisation of the same text.", "", *verdicts, "",
              f"Peak RSS {peak_rss_mb():.0f} MB."]
    return "\n".join(lines)


def relevance_section(scores: dict[str, dict]) -> str:
    kinds = sorted({k for s in scores.values() for k in s["by_kind"]})
    lines = ["## Search relevance (dev judgments)", "",
             "`bench/search_relevance.py` on `achievements.jsonl` with `queries-dev.tsv` / "
             "`qrels-dev.tsv` (silver judgments: compare systems, do not read the numbers as "
             "quality). nDCG@10 as trec_eval `ndcg_cut.10`; MRR of the first record with "
             "grade ≥ 1 within the top 10. BM25: bm25s over the same jieba tokens, no field "
             "weights.", "",
             "| system | queries | nDCG@10 | MRR | "
             + " | ".join(f"{k} nDCG@10 | {k} MRR" for k in kinds) + " |",
             "|---|---:|---:|---:|" + "---:|---:|" * len(kinds)]
    for name, s in scores.items():
        cells = [f"{s['by_kind'][k]['ndcg@10']:.4f} | {s['by_kind'][k]['mrr']:.4f}"
                 if k in s["by_kind"] else " | " for k in kinds]
        lines.append(f"| {name} | {s['queries']} | {s['ndcg@10']:.4f} | {s['mrr']:.4f} | "
                     + " | ".join(cells) + " |")
    base = scores.get("BM25 (bm25s)")
    if base:
        lines.append("")
        for name, s in scores.items():
            if name != "BM25 (bm25s)":
                lines.append(f"- {name}: nDCG@10 {s['ndcg@10']:.4f} above BM25's "
                             f"{base['ndcg@10']:.4f} — {mark(s['ndcg@10'] > base['ndcg@10'])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument("--no-relevance", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = [b for b in args.backends.split(",") if b]
    data = shared_data()
    every = [text for _, _, text in read_queries(data / "queries-dev.tsv")]
    dev, warm = every[:200], every[200:200 + WARMUP]  # warm-up queries are not timed
    if "postgres" in backends:
        try:
            postgres_backend_class()
        except SystemExit as exc:
            print(f"skipping postgres: {exc}", file=sys.stderr)
            backends.remove("postgres")
    broad = [text for _, _, text in read_queries(data / "queries-broad.tsv")]

    results = {}
    for size in sizes:
        docs = load_documents(corpus_path(size))
        reference, spent, tokens = tokenise(docs)
        r = {"jieba": reference, "analyser": spent, "backends": {}}
        print(f"{size}: jieba {reference:.1f} s, analyser {spent:.1f} s", flush=True)
        for name in backends:
            r["backends"][name] = measure_backend(name, docs, dev, broad, warm)
            print(f"{size} {name}: {json.dumps(r['backends'][name])}", flush=True)
        r["bm25"] = measure_bm25(docs, tokens, dev, broad, warm)
        print(f"{size} bm25: {json.dumps(r['bm25'])}", flush=True)
        results[size] = r
        del docs, tokens
        gc.collect()
    body = speed_section(results)
    print(body)
    if not args.no_write:
        write_section("search-speed", body)
    if args.no_relevance:
        return
    scores = {}
    for name in backends:
        extra = ["--backend", name]
        if (s := relevance(extra)) is not None:
            scores[name] = s
    if (s := relevance(["--bm25"])) is not None:
        scores["BM25 (bm25s)"] = s
    body = relevance_section(scores)
    print(body)
    if not args.no_write:
        write_section("search-relevance", body)


if __name__ == "__main__":
    main()
