"""Password checks beyond Django's own: not the app's words, and not easy to guess.

Django's validators (length, likeness to the username, its list of 20,000
common passwords, all digits) stay in AUTH_PASSWORD_VALIDATORS. These two
come after them:

* ``OwnWordsValidator`` refuses a password built mostly from Glimmers' own
  words ("glimmers", "journal", "safe" …) or the person's name, however it is
  capitalised or dressed up with digits for letters. These are the first
  guesses anyone would make against this site, and none of Django's lists
  hold them.
* ``GuessabilityValidator`` asks zxcvbn — an offline estimator that knows
  common passwords, words, names, keyboard rows, dates, repeats and l33t
  spellings — how many guesses the password would take, and refuses anything
  below score 3 (about 10^8 guesses). The app's words and the username are
  given to it as the first things an attacker would try.

Both explain what would work instead: a few unrelated ordinary words.
"""

from __future__ import annotations

import re
import threading

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The site's name and the words of the practice: what a guesser tries first here.
APP_WORDS = (
    "glimmers",
    "glimmer",
    "glimmering",
    "glimmerjournal",
    "journal",
    "journaling",
    "notice",
    "noticing",
    "noticed",
    "savour",
    "savor",
    "anchor",
    "anchored",
    "safe",
    "safety",
    "calm",
    "ventral",
    "vagal",
    "polyvagal",
    "gratitude",
    "grateful",
    "moment",
    "moments",
    "trigger",
    "triggers",
)

_LEET = str.maketrans({"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_ONE_AS = ("i", "l")  # "gl1mmers" and "1ight" both happen
# zxcvbn slows down on very long input; the first this-many characters decide.
ESTIMATE_LENGTH = 100
MIN_SCORE = 3
# zxcvbn keeps the words it was given in a module-level table while it works.
_ZXCVBN_LOCK = threading.Lock()


def _what_works() -> str:
    return _(
        "What works well: three or four ordinary words that have nothing to do with each "
        "other (and nothing to do with you or this site), with spaces or dashes between them."
    )


def _words_for(user) -> list[str]:
    words = list(APP_WORDS)
    if user is not None:
        for name in (
            getattr(user, "username", ""),
            getattr(user, "first_name", ""),
            getattr(user, "last_name", ""),
        ):
            for part in re.split(r"[\W_]+", (name or "").casefold()):
                if len(part) >= 3:
                    words.append(part)
    return words


def _leftover(password: str, words: list[str]) -> int:
    """How many letters and digits are left once the given words are taken out."""
    fewest = len(password)
    lowered = password.casefold().translate(_LEET)
    for one in _ONE_AS:
        text = lowered.replace("1", one)
        for word in sorted(words, key=len, reverse=True):
            text = text.replace(word, "")
        fewest = min(fewest, len(re.sub(r"[\W_]+", "", text)))
    return fewest


class OwnWordsValidator:
    """Refuse a password made mostly of this site's own words or the person's name."""

    def __init__(self, min_leftover: int = 6):
        self.min_leftover = min_leftover

    def validate(self, password: str, user=None) -> None:
        if _leftover(password[:ESTIMATE_LENGTH], _words_for(user)) < self.min_leftover:
            raise ValidationError(
                _(
                    "This password leans on words from this site (like “glimmers” or "
                    "“journal”) or on your name, and those are the very first things someone "
                    "would try here. %(what_works)s"
                ),
                code="password_own_words",
                params={"what_works": _what_works()},
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be built from this site’s words or your name.")


def _hint(result: dict) -> str:
    """One plain sentence on why zxcvbn found it easy, from the kinds of pattern it matched."""
    patterns = [match.get("pattern") for match in result.get("sequence", [])]
    dictionaries = {
        match.get("dictionary_name")
        for match in result.get("sequence", [])
        if match.get("pattern") == "dictionary"
    }
    if "passwords" in dictionaries:
        return _("It is close to a password many people use.")
    if "spatial" in patterns:
        return _("Keys next to each other on a keyboard are among the first guesses.")
    if "repeat" in patterns:
        return _("Repeated letters or words add little.")
    if "sequence" in patterns:
        return _("Runs like “abc” or “6543” are easy to guess.")
    if "date" in patterns or "regex" in patterns:
        return _("Years and dates are easy to guess.")
    if dictionaries & {"surnames", "male_names", "female_names"}:
        return _("Names are easy to guess.")
    if dictionaries:
        return _("A word or two on its own is easy to guess, even with a digit added.")
    return _("It is short enough to be tried quickly.")


class GuessabilityValidator:
    """Refuse a password zxcvbn (offline) estimates as easy to guess (score below 3)."""

    def __init__(self, min_score: int = MIN_SCORE):
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        from zxcvbn import zxcvbn  # imported when first needed: the CLI stays quick

        words = _words_for(user)
        if _leftover(password[:ESTIMATE_LENGTH], words) < OwnWordsValidator().min_leftover:
            return  # OwnWordsValidator explains this one; one kind message is enough
        with _ZXCVBN_LOCK:
            result = zxcvbn(
                password[:ESTIMATE_LENGTH],
                user_inputs=words,
                max_length=ESTIMATE_LENGTH,
            )
        if result["score"] < self.min_score:
            raise ValidationError(
                _("This password would be too easy to guess. %(hint)s %(what_works)s"),
                code="password_too_guessable",
                params={"hint": _hint(result), "what_works": _what_works()},
            )

    def get_help_text(self) -> str:
        return _(
            "It needs to be hard to guess: three or four unrelated words work well, and are "
            "easy to remember."
        )
