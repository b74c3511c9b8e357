"""What a staff password must be (OWASP ASVS 2.1): at least 12 characters
(up to 256, any characters), not among the passwords most often found in
breaches (the shipped list, `data/common-passwords.txt.gz`), and not easily
guessed as zxcvbn estimates it (score 3 of 4, taking the e-mail address and
the office's names as known words). `strength` is what the console's meter
shows while a password is typed."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MIN_SCORE = 3
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
KNOWN_WORDS = ("oie", "สศอ", "industry", "industrial", "thailand", "ministry", "mpi", "line")


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    GUESSABLE = "guessable"


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4 (zxcvbn)
    problem: PasswordProblem | None


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8", errors="replace") as handle:
        return frozenset(line.rstrip("\n").lower() for line in handle)


def strength(password: str, email: str = "") -> Strength:
    if len(password) < MIN_PASSWORD_LENGTH:
        return Strength(0, PasswordProblem.TOO_SHORT)
    if len(password) > MAX_PASSWORD_LENGTH:
        return Strength(0, PasswordProblem.TOO_LONG)
    if password.lower() in common_passwords():
        return Strength(0, PasswordProblem.COMMON)
    known = [*KNOWN_WORDS, *(part for part in email.lower().replace("@", ".").split(".") if part)]
    score = int(zxcvbn(password[:100], user_inputs=known)["score"])
    return Strength(score, PasswordProblem.GUESSABLE if score < MIN_SCORE else None)
