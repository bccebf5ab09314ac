"""A deterministic synthetic corpus shaped like the real case studies, for benchmarks and tests.

Shape (chosen to match the bundled documents, scaled up): 300 companies named
like "Acme Cloud" with a mildly skewed share of articles, 60 tags drawn with a
Zipf-like skew (a few tags are on most articles, most tags are rare), 2-4 tags
per article, one-paragraph summaries of 200-400 characters whose sentences start
with a capital letter (so no summary line can be read as a tags line), reading
times of 1-30 minutes, and a unique company + title per article.

The same ``(n, seed)`` always gives the same articles in the same order.
Importing this module has no side effects.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from tui.core.document import format_articles
from tui.core.models import Article

COMPANY_FIRST = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Cyberdyne", "Soylent",
    "Tyrell", "Aperture", "Vandelay", "Wonka", "Oscorp", "Massive", "Piedmont", "Gringotts",
    "Monarch", "Nimbus", "Vertex", "Quantum", "Bluefin", "Redwood", "Silverline", "Northwind",
    "Contoso", "Fabrikam", "Litware", "Tailspin", "Proseware",
)  # fmt: skip
COMPANY_SECOND = (
    "Cloud", "Labs", "Systems", "Data", "Networks", "Pay", "Health", "Media", "Logistics", "Games",
)  # fmt: skip

# Ordered by popularity: the first tag is the most common (Zipf rank 1).
TAGS = (
    "general", "microservices", "distributed-systems", "ml-systems", "databases", "observability",
    "kafka", "caching", "kubernetes", "performance", "reliability", "streaming", "storage",
    "search", "data-pipelines", "testing", "ci-cd", "security", "networking", "frontend", "mobile",
    "incident-response", "cost-optimization", "postgres", "mysql", "redis", "cassandra",
    "elasticsearch", "graphql", "grpc", "api-design", "serverless", "aws", "gcp", "monorepo",
    "build-systems", "compilers", "jvm", "go", "rust", "python", "react", "recommendation",
    "experimentation", "feature-flags", "load-balancing", "service-mesh", "consensus", "queues",
    "event-sourcing", "data-warehouse", "spark", "flink", "llm", "vector-search", "privacy",
    "auth", "payments", "migration", "developer-productivity",
)  # fmt: skip

GERUNDS = (
    "Scaling", "Rebuilding", "Migrating", "Debugging", "Optimizing", "Rethinking", "Automating",
    "Securing", "Observing", "Sharding", "Caching", "Testing", "Operating", "Simplifying",
    "Replacing", "Hardening", "Profiling", "Designing", "Untangling", "Modernizing",
)  # fmt: skip
THINGS = (
    "Kafka Consumers", "the Payments Ledger", "Search Indexing", "Feature Stores",
    "the Build Pipeline", "Model Serving", "Edge Caches", "the Notification Service",
    "Time-Series Storage", "Service Discovery", "the Recommendation Engine", "Log Ingestion",
    "Schema Migrations", "the Monorepo", "GraphQL Gateways", "Rate Limiting", "Batch Jobs",
    "the Data Warehouse", "Mobile Releases", "Container Scheduling", "Trace Sampling",
    "Config Rollouts", "Image Processing", "the Checkout Flow", "Fraud Detection",
    "Vector Search", "Event Sourcing", "Leader Election", "Connection Pools", "Blob Storage",
    "A/B Experiments", "the Ads Auction", "Geo Routing", "Access Control", "Video Encoding",
    "Stream Joins", "Cold Starts", "Flaky Tests", "Dependency Graphs", "Query Planning",
)  # fmt: skip
TECH = (
    "Rust", "Go", "Postgres", "Redis", "Cassandra", "Flink", "Spark", "Kubernetes", "Envoy",
    "gRPC", "Kotlin", "eBPF", "WebAssembly", "DuckDB", "ClickHouse", "Bazel", "Temporal",
    "SQLite", "Raft", "Arrow",
)  # fmt: skip
SCALE = (
    "at Scale", "Without Downtime", "in Production", "Across Regions", "for a Billion Users",
    "on a Budget", "in Six Weeks", "the Hard Way", "Twice", "for Real",
)  # fmt: skip
TITLE_FORMS = (
    "{gerund} {thing} at {company}",
    "{gerund} {thing} with {tech}",
    "{gerund} {thing} {scale}",
    "How {company} Stopped {gerund} {thing}",
    "Lessons from {gerund_lower} {thing} {scale}",
    "{thing}: From {tech} to {tech2}",
)

NEEDS = (
    "needed to cut the tail latency of {thing_lower} while traffic kept doubling every year.",
    "had outgrown its first design for {thing_lower}, and every incident pointed back at it.",
    "wanted {thing_lower} to survive the loss of a whole region without paging anyone.",
    "was spending too much on {thing_lower} and could not tell which teams drove the cost.",
    "had to move {thing_lower} to {tech} without freezing feature work for a quarter.",
)  # fmt: skip
MIDDLE = (
    "The team measured where time went before changing anything, and the answer surprised them.",
    "They replaced a shared database with per-service storage and an event log between them.",
    "A small proof of concept ran beside the old system for weeks, compared on real traffic.",
    "Engineers added tracing to every hop, which exposed retries that multiplied the load.",
    "The rollout used feature flags per customer, so any regression could be switched off.",
    "Capacity tests replayed a peak day of traffic against the new design every night.",
    "Ownership moved to one team with a clear on-call rotation and written runbooks.",
    "Most of the gain came from batching writes and caching the hottest keys in memory.",
)  # fmt: skip
RESULTS = (
    "Latency at the 99th percentile fell by more than half.",
    "Costs dropped by a third in the first month.",
    "Incidents caused by the old path went to zero.",
    "Deploys now take minutes instead of hours.",
    "The new system handles ten times the load on the same hardware.",
    "Other teams have since adopted the same approach.",
)  # fmt: skip

MIN_SUMMARY, MAX_SUMMARY = 200, 400


def companies() -> list[str]:
    """300 names like "Acme Cloud", in a fixed order (the most prolific first)."""
    return [f"{a} {b}" for b in COMPANY_SECOND for a in COMPANY_FIRST]


def _zipf_cum_weights(count: int, exponent: float) -> list[float]:
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _pick(rng: random.Random, items: Sequence[str], cum: list[float]) -> str:
    """A weighted choice: one random number per pick, so the sequence is stable."""
    return items[bisect_left(cum, rng.random() * cum[-1])]


def _summary(rng: random.Random, company: str, thing: str) -> str:
    target = rng.randint(MIN_SUMMARY, MAX_SUMMARY)
    fill = {"thing_lower": thing.lower(), "tech": rng.choice(TECH)}
    opening = f"{company} {rng.choice(NEEDS).format(**fill)}"
    result = rng.choice(RESULTS)
    middle = rng.sample(MIDDLE, len(MIDDLE))
    sentences: list[str] = []
    while len(" ".join([opening, *sentences, result])) < target and middle:
        sentences.append(middle.pop())
    while len(" ".join([opening, *sentences, result])) > MAX_SUMMARY:
        sentences.pop()
    if len(" ".join([opening, *sentences, result])) < MIN_SUMMARY:
        sentences.append(rng.choice(RESULTS[:2]))  # short filler; stays under the maximum
    return " ".join([opening, *sentences, result])


def _title(rng: random.Random, company: str) -> tuple[str, str]:
    gerund, thing = rng.choice(GERUNDS), rng.choice(THINGS)
    tech, tech2 = rng.sample(TECH, 2)
    title = rng.choice(TITLE_FORMS).format(
        gerund=gerund,
        gerund_lower=gerund.lower(),
        thing=thing[0].upper() + thing[1:],
        company=company,
        tech=tech,
        tech2=tech2,
        scale=rng.choice(SCALE),
    )
    return title, thing


def generate(n: int, seed: int = 0) -> list[Article]:
    """``n`` articles; deterministic for a given ``(n, seed)``."""
    rng = random.Random(seed)
    names = companies()
    company_cum = _zipf_cum_weights(len(names), 0.6)
    tag_cum = _zipf_cum_weights(len(TAGS), 1.0)
    seen: set[str] = set()
    articles: list[Article] = []
    while len(articles) < n:
        company = _pick(rng, names, company_cum)
        title, thing = _title(rng, company)
        article_id = Article.create(company, title, "", (), 1).id
        if article_id in seen:  # the id folds case, so compare ids, not strings
            title = f"{title} (Part {len(articles) + 1})"
            article_id = Article.create(company, title, "", (), 1).id
        seen.add(article_id)
        tags: dict[str, None] = {}
        wanted = rng.randint(2, 4)
        while len(tags) < wanted:
            tags[_pick(rng, TAGS, tag_cum)] = None
        articles.append(
            Article.create(
                company, title, _summary(rng, company, thing), tuple(tags), rng.randint(1, 30)
            )
        )
    return articles


def generate_wide(n: int, seed: int = 0) -> list[Article]:
    """The "wide" shape: like ``generate``, but every article has its own company and its
    own tag (besides its usual ones), so the sidebar has about 2n entries."""
    return [
        Article.create(
            f"{a.company} {i:06d}", a.title, a.summary, (*a.tags, f"u{i:06d}"), a.read_minutes
        )
        for i, a in enumerate(generate(n, seed))
    ]


SHAPES = {"normal": generate, "wide": generate_wide}


def document(n: int, seed: int = 0) -> str:
    """The corpus as one document in the seed format."""
    return format_articles(generate(n, seed))


def write_corpus(path: Path, n: int, seed: int = 0, shape: str = "normal") -> list[Article]:
    """Writes the corpus to ``path`` and returns the articles written (in file order)."""
    articles = SHAPES[shape](n, seed)
    path.write_text(format_articles(articles), encoding="utf-8")
    return articles
