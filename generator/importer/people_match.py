"""Names as minutes print them ('Councillor G. A. Russell', 'Mrs S Hanson', 'Cole') matched to
the ids of a council's people.yml. A name matches when its surname is a person's and its
initials or forenames agree; a name that matches nobody, or more than one person, is left as
printed and noted for review, with the id it would get."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

HONORIFICS = {"councillor", "councillors", "cllr", "cllrs", "mr", "mrs", "ms", "miss", "mx", "dr",
              "deputy", "professor", "prof", "rev", "revd", "reverend", "sir", "dame", "lord",
              "lady", "alderman", "alderwoman", "the", "baroness", "bishop"}
POST_NOMINALS = {"mbe", "obe", "cbe", "jp", "dl", "qc", "kc", "mp", "phd"}


@dataclass(frozen=True)
class NameParts:
    surname: str
    given: tuple[str, ...]

    @classmethod
    def of(cls, printed: str) -> "NameParts":
        tokens = [t for t in re.split(r"[\s.]+", printed.lower().replace("’", "'")) if t]
        tokens = [t for t in tokens if t not in POST_NOMINALS]
        while tokens and tokens[0] in HONORIFICS:
            tokens = tokens[1:]
        if not tokens:
            return cls("", ())
        return cls(tokens[-1], tuple(tokens[:-1]))

    def agrees_with(self, other: "NameParts") -> bool:
        if self.surname != other.surname:
            return False
        for mine, theirs in zip(self.given, other.given):
            if len(mine) == 1 or len(theirs) == 1:
                if mine[0] != theirs[0]:
                    return False
            elif mine != theirs:
                return False
        return True


def clean_name(printed: str) -> str:
    """'Councillor G. A. Russell' -> 'G. A. Russell'; 'Jawaid MBE' -> 'Jawaid'."""
    words = printed.replace("\u00a0", " ").split()
    while words and words[0].lower().strip(".") in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower().strip(".,") in POST_NOMINALS:
        words = words[:-1]
    return " ".join(words).strip(" ,;:.-–")


def proposed_id(printed: str) -> str:
    parts = NameParts.of(printed)
    initials = [g[0] for g in parts.given]
    slug = "-".join(initials + [re.sub(r"[^a-z0-9]+", "-", parts.surname).strip("-")])
    return slug or "person"


@dataclass(frozen=True)
class PeopleIndex:
    people: tuple[tuple[str, NameParts], ...]

    @classmethod
    def load(cls, people_file: Path) -> "PeopleIndex":
        try:
            data = yaml.safe_load(people_file.read_text(encoding="utf-8")) if people_file.is_file() else {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(tuple((str(pid), NameParts.of(str(entry.get("name", ""))))
                         for pid, entry in data.items() if isinstance(entry, dict)))

    def candidates(self, printed: str) -> list[str]:
        parts = NameParts.of(printed)
        found = [pid for pid, known in self.people if known.agrees_with(parts)]
        if len(found) > 1:
            exact = [pid for pid, known in self.people if known == parts]
            return exact if len(exact) == 1 else found
        return found

    def ids(self) -> set[str]:
        return {pid for pid, _ in self.people}
