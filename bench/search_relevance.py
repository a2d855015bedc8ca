"""Search relevance: nDCG@10 and MRR of a backend (or plain BM25) on a judged query set.

    .venv/bin/python bench/search_relevance.py --corpus ../shared/data/achievements.jsonl \
        --queries ../shared/data/queries-dev.tsv --qrels ../shared/data/qrels-dev.tsv \
        [--backend whoosh|postgres] [--database-url URL] [--bm25]

Indexes the corpus with the backend in a temp dir (PostgreSQL: a throwaway server unless
--database-url is given), asks every query as `Query(text, per_page=10)` (default facets,
highlights: exactly what the search page does), and prints one JSON object:
{"ndcg@10": …, "mrr": …, "queries": …, "by_kind": {kind: {"ndcg@10": …, "mrr": …,
"queries": …}}}. --bm25 ranks with plain BM25 (bm25s, Lucene variant, k1=1.5, b=0.75) over
the same tokens instead: `index_tokens` of title, keywords and abstract for the records,
`query_tokens` for the queries, no field weights.

Metrics as trec_eval: nDCG@10 with the grade as gain and a log2 discount, the ideal ranking
built from every judged record of the query; MRR is the reciprocal rank of the first record
of grade >= 1 within the top 10 (0 otherwise). Only queries with at least one judgment are
scored; unjudged records count as not relevant. On a scaled corpus (records with
`variant_of`) each hit is mapped to its original and only the first occurrence of each
original is kept (the top 200 hits are fetched to fill 10 distinct ones).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_corpus import (  # noqa: E402
    doc_text_fields,
    open_backend,
    read_records,
    to_document,
)

CUTOFF = 10
DEEP = 200  # hits fetched when variants must be collapsed onto their originals


def read_queries(path: str | Path) -> list[tuple[str, str, str]]:
    """(qid, kind, text) per line of a `qid<TAB>kind<TAB>text` file."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, kind, text = line.split("\t", 2)
            rows.append((qid, kind, text))
    return rows


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """qid -> {docid: grade} from a TREC `qid 0 docid grade` file."""
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, docid, grade = line.split()
            qrels[qid][docid] = int(grade)
    return dict(qrels)


def ndcg(ranking: list[str], judged: dict[str, int], k: int = CUTOFF) -> float:
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranking: list[str], judged: dict[str, int], k: int = CUTOFF) -> float:
    for i, d in enumerate(ranking[:k]):
        if judged.get(d, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def collapse(ranking: list[str], original: dict[str, str]) -> list[str]:
    seen, out = set(), []
    for d in ranking:
        d = original.get(d, d)
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def score(runs: dict[str, list[str]], queries, qrels) -> dict:
    """The JSON object: overall and per-kind means over the judged queries."""
    per_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for qid, kind, _ in queries:
        if qid in qrels:
            ranking = runs.get(qid, [])
            per_kind[kind].append((ndcg(ranking, qrels[qid]),
                                   reciprocal_rank(ranking, qrels[qid])))

    def summary(pairs):
        n = len(pairs)
        return {"ndcg@10": round(sum(p[0] for p in pairs) / n, 4) if n else 0.0,
                "mrr": round(sum(p[1] for p in pairs) / n, 4) if n else 0.0, "queries": n}

    everything = [p for pairs in per_kind.values() for p in pairs]
    return {**summary(everything), "by_kind": {k: summary(v) for k, v in per_kind.items()}}


def backend_runs(name: str, docs, queries, database_url: str | None, depth: int):
    from search_index.schema import Query

    with open_backend(name, database_url) as (backend, _size):
        backend.rebuild(docs)
        return {qid: [h.id for h in backend.search(Query(text=text, per_page=depth)).hits]
                for qid, _, text in queries}


def bm25_runs(docs, queries, depth: int):
    import bm25s

    from search_index.analysis import index_tokens, query_tokens

    corpus_tokens = [[t for field in doc_text_fields(d) if field for t in index_tokens(field)]
                     for d in docs]
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    ids = [d.id for d in docs]
    runs = {}
    for qid, _, text in queries:
        runs[qid] = bm25_search(retriever, ids, query_tokens(text), depth)
    return runs


def bm25_search(retriever, ids: list[str], tokens: list[str], depth: int) -> list[str]:
    """Top `depth` ids with a positive BM25 score (no hits when no token is indexed)."""
    if not any(t in retriever.vocab_dict for t in tokens):
        return []
    found, scores = retriever.retrieve([tokens], k=min(depth, len(ids)), show_progress=False)
    return [ids[int(i)] for i, s in zip(found[0], scores[0], strict=True) if s > 0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, help="records, achievements.jsonl format")
    parser.add_argument("--queries", required=True, help="qid<TAB>kind<TAB>text")
    parser.add_argument("--qrels", required=True, help="TREC qrels: qid 0 docid grade")
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--database-url", help="PostgreSQL to use instead of a throwaway one")
    parser.add_argument("--bm25", action="store_true",
                        help="plain BM25 (bm25s) over the same tokens instead of a backend")
    args = parser.parse_args(argv)

    records = list(read_records(args.corpus))
    original = {r["id"]: r["variant_of"] for r in records if r.get("variant_of")}
    docs = [to_document(r) for r in records]
    del records
    queries, qrels = read_queries(args.queries), read_qrels(args.qrels)
    depth = DEEP if original else CUTOFF
    if args.bm25:
        runs = bm25_runs(docs, queries, depth)
    else:
        runs = backend_runs(args.backend, docs, queries, args.database_url, depth)
    if original:
        runs = {qid: collapse(r, original) for qid, r in runs.items()}
    print(json.dumps(score(runs, queries, qrels), ensure_ascii=False))


if __name__ == "__main__":
    main()
