"""The word pools of the national data set (words.toml), drawn by one seeded generator."""

import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("words.toml")


@cache
def words():
    with WORDS_FILE.open("rb") as file:
        return tomllib.load(file)


class Namer:
    """Names, phones, addresses and moments, all from the one seeded generator `rng`."""

    def __init__(self, rng):
        self.rng = rng
        pools = words()
        self.first_names = pools["first_names"]
        self.last_names = pools["last_names"]
        self.streets = pools["streets"]
        self.texts = pools["texts"]

    def choice(self, items):
        return items[int(self.rng.random() * len(items))]

    def first_name(self):
        return self.choice(self.first_names)

    def last_name(self):
        return self.choice(self.last_names)

    def phone(self, mobile=False):
        digits = " ".join(f"{self.rng.randrange(100):02d}" for _ in range(4))
        return f"0{self.choice('67') if mobile else self.rng.randint(1, 5)} {digits}"

    def street(self):
        return f"{self.rng.randint(1, 180)} {self.choice(self.streets)}"

    def of(self, place):
        """ "de Belleville", "du Vieux Port", "des Quartiers Nord", "de la Plaine"."""
        for article, contracted in (("le ", "du "), ("les ", "des ")):
            if place.lower().startswith(article):
                return contracted + place[len(article) :]
        return f"de {place}"

    def text(self, pool):
        return self.choice(self.texts[pool])

    def between(self, start, end):
        """A moment between `start` and `end` (datetimes), `start` if they are in the
        wrong order."""
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()

    def days(self, low, high):
        return timedelta(days=self.rng.uniform(low, high))
