"""`flask matching export-judgments`: the matches real use judged, for the benchmark."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from exchange.db_types import LOCAL_ZONE
from exchange.matching import funnel
from exchange.search import documents

matching_cli = AppGroup("matching", help="Need–achievement matching.")


@matching_cli.command("export-judgments")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write (default: standard output).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only what happened from this day on (local time).")
def export_judgments(out, since):
    """Write every need–achievement pair shown to the need's enterprise as TREC qrels
    (`need-id 0 docid grade`, the format bench/matching.py reads): grade 0 shown only,
    1 opened, 2 an inquiry, 3 an agreement. Ids are the search index's (need:12,
    achievement:34)."""
    start = since.replace(tzinfo=LOCAL_ZONE) if since else None
    pairs = funnel.observed(start)
    for need_id, achievement_id, grade in pairs:
        out.write(f"{documents.need_doc_id(need_id)} 0 {documents.doc_id(achievement_id)} "
                  f"{grade}\n")
    click.echo(f"{len(pairs)} judged pairs", err=True)
