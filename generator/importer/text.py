"""Small readers of printed text: dates, times, titles in capitals, slugs."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE = re.compile(r"\b([0-9]{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+([0-9]{4})\b", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b")
TIME = re.compile(r"\b([0-9]{1,2})(?:[.:]([0-9]{2}))?\s*(a\.?m\.?|p\.?m\.?|noon)(?![a-z])", re.IGNORECASE)
CLOCK = re.compile(r"\b([0-9]{1,2}):([0-9]{2})\b")

SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
               "or", "the", "to", "with", "per", "via", "vs"}
ACRONYMS = {"OFSTED": "Ofsted"}


def find_date(text: str) -> dt.date | None:
    for match in DATE.finditer(text):
        try:
            month = MONTHS.get(match[2].lower()) or MONTHS[match[2].lower()[:3]]
            return dt.date(int(match[3]), month, int(match[1]))
        except (ValueError, KeyError):
            continue
    for match in NUMERIC_DATE.finditer(text):
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            continue
    return None


def find_time(text: str) -> str | None:
    """'2.00 pm', '5:45 pm', '1.30 p.m.', '12 noon' as 24-hour HH:MM."""
    match = TIME.search(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        suffix = match[3].lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    match = CLOCK.search(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}"
    return None


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def title_case(text: str) -> str:
    """A title printed in capitals, in the title case the archive writes ('Minutes of the
    Previous Meeting'); a title printed in mixed case is kept as printed."""
    if not is_capitals(text):
        return text
    words = text.lower().split(" ")
    out = []
    for index, word in enumerate(words):
        core = word.strip("(\"'‘“")
        if word == "held" and index + 1 < len(words) and words[index + 1] == "on":
            out.append(word)  # 'Minutes of the Previous Meeting held on 12th March': a clause, not title words
        elif word.upper() in ACRONYMS:
            out.append(ACRONYMS[word.upper()])
        elif index and core in SMALL_WORDS and not out[-1].endswith((":", "–", "-")):
            out.append(word)
        elif core[:1].isdigit():
            out.append(word)
        else:
            lead = len(word) - len(word.lstrip("(\"'‘“"))
            out.append(word[:lead] + word[lead:lead + 1].upper() + word[lead + 1:])
    return _after_hyphens(" ".join(out))


def _after_hyphens(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z])-([a-z])", lambda m: "-" + m[1].upper(), text)


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "document"
