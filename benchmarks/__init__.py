"""The alliance-graph benchmark suite: numbers for the performance targets, not a test.

Run it with one command from the project root (wrk comes from Debian: ``apt-get install -y
wrk``)::

    .venv/bin/python -m benchmarks                         # all three parts, 10,000 / 1,000,000
    .venv/bin/python -m benchmarks --only reads             # one part (repeatable)
    .venv/bin/python -m benchmarks --only scale --actors 1000 --relationships 50000   # quick

It prints a table (each number with a live target marked ``ok`` or ``MISS`` against it; context
figures, such as the API against a direct call, unmarked) and writes every
number, the date and the machine (cores, CPU, Python and package versions) as JSON to
``--out`` (``benchmarks/results.json``). Generated datasets are cached in ``--cache``
(``benchmarks/.cache/``, not committed) and reused by later runs.

Reads (:mod:`benchmarks.reads`)
    Three seed-graph queries (an actor with its relationships and evidence; a filtered page of
    ``relationships``; a ``neighborhood`` of depth 2), POST and GET, against a bare Starlette
    route in the same uvicorn process that answers the very same bytes. wrk on loopback,
    interleaved rounds; the ratio of median requests/s. Target: >= 0.9.
Scale (:mod:`benchmarks.scale`)
    A synthetic graph (:mod:`benchmarks.generate`, deterministic per seed). Load time and
    resident memory from a seed file (the one ``alliance-graph export`` writes, relationships in
    id order, and the generator's, in generation order) and from the SQLite store, each in a
    clean process;
    p50/p99 of each operation in :mod:`benchmarks.operations` over HTTP against
    ``alliance-graph serve --data``, next to the same call on the graph. Operations the API
    caches per graph version report a cold pass (distinct arguments) and a cached pass.
    Targets: load <= 15 s, RSS <= 2 GB, p50 <= 20 ms (balance: first and cached). The ratio
    of the HTTP answer to the direct call (and to NetworkX's own functions) is printed as
    context, with no mark.
Stalls (:mod:`benchmarks.stalls`; only with ``--only stalls``)
    ``serve --data`` over the synthetic graph (``--actors 10000 --relationships 300000`` is the
    measured size): latency of ``/healthz`` and a small ``actor`` query from one client while
    two others loop uncached ``balance`` and ``centrality(measure: BETWEENNESS)``; each heavy
    query alone with ``/healthz`` asked every 50 ms; when a betweenness past its budget was
    refused and when the server's CPU (its children's included) stopped. Target: cheap-read
    p99 <= 50 ms under the load.
Writes (:mod:`benchmarks.writes`)
    Durable ``addRelationship`` mutations per second from wrk with a token, and the delay until
    a ``graphChanged`` subscriber in another process sees each change. Targets: >= 300/s,
    p99 <= 50 ms.
Replicas (:mod:`benchmarks.replicas`; only with ``--only replicas``)
    Cold reads (a new body per request) from ``serve --workers 2`` against ``--workers 1``;
    two ``serve`` processes over one SQLite file and over one PostgreSQL database (a throwaway
    cluster of Debian's server): how soon a write through one is seen on the other, and
    durable writes per second from 8 writers over the two; how long a replica joining the
    synthetic store takes to be ready (over PostgreSQL after ``alliance-graph import``).
    Targets: reads ratio >= 1.6, seen p99 <= 100 ms, PostgreSQL writes >= 300/s.
Exports (:mod:`benchmarks.exports`; only with ``--only exports``)
    Every whole-graph ``/export/{format}`` of the synthetic graph (``--actors 10000
    --relationships 300000`` is the measured size) from ``serve --data``: time to the first
    byte and to the last, size, the layout chosen, the server's RSS before, at its peak and
    after; ``layout=spring`` and ``kamada-kawai`` refused. Target: RSS back within 200 MB.
Hazards (:mod:`benchmarks.hazards`; only with ``--only hazards``)
    Every request of issue 27's hostile probe (new layout seeds, allies of 100 states, 30
    betweenness aliases, a timeline with evidence, the relationships of a hub's partners, each
    over POST and GET; two whole-graph exports with a write meanwhile; hundreds of whitespace
    copies of a large query; a subscriber that never reads) against ``serve --data`` with a
    cheap-request poller beside it. Targets: worst stall <= 100 ms, peak memory of the server
    and its children <= 4 GB, server RSS after within 300 MB of post-load.

Ingest (:mod:`benchmarks.ingest`; only with ``--only ingest``)
    Quality, not speed: precision, recall and verbatim quotes of proposals from article text
    on the seed's NBC article (``--article``, default ``../shared/seeds/…`` beside the
    checkout) and the articles of ``tests/fixtures/articles/``. Targets on the seed article:
    recall >= 0.8, precision >= 0.7, quotes 100 % verbatim.
Signed (:mod:`benchmarks.signed`; only with ``--only signed`` or ``--only signed-scale``)
    Frustration and blocs, exact or not, in the analytics budget: on ten synthetic graphs of
    200 actors and 1,000 relationships and two of random signs, or (``signed-scale``) on the
    ``--actors``/``--relationships`` graph. Target: every synthetic graph's frustration proved.

Everything runs on loopback, on this machine; each run is bounded in time.
"""
