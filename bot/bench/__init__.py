"""``newsbot bench``: speed at scale, measured side by side with plain rank-bm25.

For each size it writes a corpus of N paragraphs that recombines the real corpus's sentences with
varied names, numbers and dates, then measures, each in a fresh process:

- build: the retriever's index from an empty cache (chunk, tokenise every distinct text on all cores,
  score matrix, save), its throughput in characters per second and the peak memory;
- cold start: a fresh ``newsbot ask`` process to its first answer, with the index persisted;
- serving: per-question latency of (a) the full reply (``Engine.reply``: tokenise, retrieve, compose)
  and (b) retrieval alone (``BM25Index.top`` on the question's terms), and the serving memory;
- (c) rank_bm25's ``BM25Okapi.get_scores`` over the same chunks' terms, time-boxed: above
  ``baseline_max`` paragraphs it is not run and its latency is extrapolated linearly from the largest
  size measured, which the table says.

The table goes to standard output and everything to a JSON file.

The package: ``corpus`` generates the corpora and questions, ``phases`` measures one phase in a fresh
process (``python -m bot.bench PHASE …``), ``driver`` runs the phases per size, ``report`` prints the table.
``web`` times the newsroom's pages over an invented question log (``newsbot bench --web N``).
May import config, corpus, ingestion, search, state and the engine; nothing imports it but the command line.
"""

from bot.bench.corpus import Recombiner, make_corpus
from bot.bench.driver import BenchOptions, run_bench

__all__ = ["BenchOptions", "Recombiner", "make_corpus", "run_bench"]
