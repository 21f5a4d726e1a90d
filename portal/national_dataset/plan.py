"""How much the national data set holds at a given scale, and how it spreads over départements."""

import bisect
from dataclasses import dataclass

# At scale 1: the association's national network (DESIGN.md) over the past 12 months and the
# next 3. Every count is multiplied by the scale, down to these minimums.
BASE = {
    "departments": 50,
    "partners": 6_000,
    "events": 30_000,
    "slots": 120_000,
    "structures": 4_000,
    "persons": 250_000,
    "participants": 1_000_000,
}
MINIMUMS = {
    "departments": 2,
    "partners": 6,
    "events": 20,
    "slots": 60,
    "structures": 6,
    "persons": 150,
    "participants": 300,
}
PARIS = "75"
PARIS_SHARE = 0.10
# The benchmark's "worker of a large Paris structure": its relay's weight among those of
# Paris, for about 3,000 of the ~36,000 bookings of Paris (it books open slots too, which
# inactive relays do not).
LARGE_STRUCTURE_SHARE = 0.083
# About one booking in ten is cancelled (DESIGN.md: bookings cancelled before the cutoff).
CANCELLED_SHARE = 0.10
PAST_DAYS = 365
FUTURE_DAYS = 90


@dataclass(frozen=True)
class Plan:
    scale: float

    def count(self, name):
        return max(MINIMUMS[name], round(BASE[name] * self.scale))


def department_shares(count):
    """Paris holds PARIS_SHARE of everything; the other départements share the rest, the
    first ones (large cities) several times more than the last (a rural département)."""
    if count == 1:
        return [1.0]
    weights = [1 / (rank + 4) ** 0.9 for rank in range(count - 1)]
    total = sum(weights)
    return [PARIS_SHARE, *((1 - PARIS_SHARE) * weight / total for weight in weights)]


def split(total, weights, minimum=0):
    """`total` items shared in proportion to `weights` (largest remainders), each at least
    `minimum`: the sum is `total`, or more when the minimums ask for it."""
    if not weights:
        return []
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return [max(minimum, count) for count in counts]


def spread(rng, total, weights, minimum=1):
    """`total` items dealt at random, in proportion to `weights`, at least `minimum` each."""
    counts = [minimum] * len(weights)
    cumulative = cumulate(weights)
    for _ in range(total - minimum * len(weights)):
        counts[pick_index(rng, cumulative)] += 1
    return counts


def cumulate(weights):
    cumulative, running = [], 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)
    return cumulative


def pick_index(rng, cumulative):
    """A random index, each with the probability of its weight (`cumulate`d)."""
    index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
    return min(index, len(cumulative) - 1)
