"""Tables printed in a pack, read into the rows of their record: a recommendations tracker
('Meeting Date | Agenda Item | Cabinet Member | Rec', Action or Info | ... | Response/ Status'),
a work programme ('Date | Title | Detail | Cabinet Member/ Lead Officer') and an action plan's
actions ('| By when | By whom | Status').

A table is read from rows whose cells the reader kept apart (tabs: text and DOCX tables). A row
that continues the one above (a page break cut it) is joined to it and named in a review entry;
a row that cannot be read is left out of the rows and named in one. A table whose cells were not
kept apart (a PDF's lines) is not read: the caller keeps its text and its review entry."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.importer.document import Paragraph
from generator.importer.text import MONTHS, find_date

SHORT_DATE = re.compile(r"\b([0-9]{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?\s*([0-9]{4}|[0-9]{2})\b")
SLASH_DATE = re.compile(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})\b")
CONNECTING = re.compile(r"(?:\b(?:and|of|from|the|to|for|in|with|on|by|a)|[–-])$", re.IGNORECASE)
CABINET = re.compile(r"\bCllrs?\.?\s+(?:[A-Z]\.?\s+)?[A-Z][\w'’-]+")
# Letters a tracker prints for its type, with the look-alikes a PDF's text layer gives for them.
TYPE_LETTERS = {"R": "recommendation", "A": "action", "I": "information"}
LOOK_ALIKES = {"\u0410": "A", "\u0391": "A", "\u0399": "I", "\u0406": "I", "\u0420": "R", "\u03a1": "R",
               "l": "I", "1": "I", "|": "I"}


@dataclass(frozen=True)
class Table:
    kind: str                       # "tracker", "work-programme" or "action-plan"
    columns: tuple[str, ...]        # a field name per column ("" for a column not used)
    header: Paragraph


def table_kind(paragraph: Paragraph) -> Table | None:
    """The table a header row opens, told by its column names."""
    if "\t" not in paragraph.text:
        return None
    cells = [c.strip().lower() for c in paragraph.text.split("\t")]
    joined = " | ".join(cells)
    if "agenda item" in joined and ("response" in joined or "recommendation" in joined):
        return Table("tracker", tuple(_tracker_column(c) for c in cells), paragraph)
    if "by when" in joined and "by whom" in joined:
        return Table("action-plan", tuple(_action_column(c) for c in cells), paragraph)
    if (re.search(r"(^|\| )date\b", joined) and "title" in joined and ("detail" in joined or "lead officer" in joined)) \
            or ("subject" in joined and "timing" in joined):
        return Table("work-programme", tuple(_programme_column(c) for c in cells), paragraph)
    return None


def _tracker_column(cell: str) -> str:
    for pattern, name in ((r"or info|^type", "type"), (r"date", "meeting_date"), (r"agenda", "agenda_item"),
                          (r"cabinet", "cabinet_member"), (r"response|status", "response"),
                          (r"recommendation|action", "text")):
        if re.search(pattern, cell):
            return name
    return ""


def _action_column(cell: str) -> str:
    return {"by when": "by_when", "by whom": "by_whom", "status": "status"}.get(cell, "action" if not cell else "")


def _programme_column(cell: str) -> str:
    for pattern, name in ((r"date|timing", "date"), (r"title|subject", "title"), (r"detail", "detail"),
                          (r"cabinet|lead|officer", "people")):
        if re.search(pattern, cell):
            return name
    return ""


def cells_of(paragraph: Paragraph, table: Table) -> dict[str, str]:
    cells = [c.strip() for c in paragraph.text.split("\t")]
    return {name: cells[i] for i, name in enumerate(table.columns) if name and i < len(cells) and cells[i]}


def short_date(text: str) -> dt.date | None:
    """'16 th June 16', '10th Nov 16', '8th December 2016', '6/2/17', '07/04/17'."""
    for match in SHORT_DATE.finditer(text):
        month = MONTHS.get(match[2].lower()) or MONTHS.get(match[2].lower()[:3])
        if month:
            return _date(match[3], month, match[1])
    match = SLASH_DATE.search(text)
    return _date(match[3], int(match[2]), match[1]) if match else find_date(text)


def _date(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class ReadTable:
    rows: tuple[dict, ...]
    joined: tuple[str, ...] = ()      # rows joined to the one above
    unread: tuple[str, ...] = ()      # rows left out, as printed
    realigned: tuple[str, ...] = ()   # rows one cell short, an empty cell put back


def row_paragraphs(paragraphs: list[Paragraph], table: Table) -> tuple[list[Paragraph], list[str]]:
    """The table's rows (repeated header rows dropped) and the stray lines between them."""
    rows, stray = [], []
    for paragraph in paragraphs:
        if paragraph.text == table.header.text:
            continue
        if "\t" in paragraph.text:
            rows.append(paragraph)
        elif paragraph.text.strip():
            stray.append(paragraph.text.strip())
    return rows, stray


# --- tracker -----------------------------------------------------------------------------------


def tracker_rows(rows: list[Paragraph], table: Table) -> ReadTable:
    cut: list[dict[str, str]] = []
    joined: list[str] = []
    short_at: int | None = None
    realigned: list[str] = []
    for paragraph in rows:
        cells = [c.strip() for c in paragraph.text.split("\t")]
        if cells[0]:
            short_at = _missing_cell(cells, table)
            if short_at is not None:
                realigned.append(f"{cells[0]}, {cells[1] if len(cells) > 1 else ''}")
        if short_at is not None and len(cells) == len(table.columns) - 1:
            cells.insert(short_at, "")
        named = {name: cells[i] for i, name in enumerate(table.columns) if name and i < len(cells) and cells[i]}
        if not named:
            continue
        if "meeting_date" not in named and cut:
            cut[-1] = _joined(cut[-1], named)
            joined.append(f"{cut[-1].get('meeting_date', '')}, {cut[-1].get('agenda_item', '')}")
        else:
            cut.append(named)
    read, unread = [], []
    for cells in cut:
        row = _tracker_row(cells)
        (read.append(row) if row else unread.append(" | ".join(cells.values())))
    return ReadTable(tuple(read), tuple(dict.fromkeys(joined)), tuple(unread), tuple(realigned))


def _missing_cell(cells: list[str], table: Table) -> int | None:
    """A row one cell short of the header (its text layer dropped an empty cell): the place an
    empty cell goes for its type column to hold a type letter; None when the row is whole."""
    if len(cells) != len(table.columns) - 1 or "type" not in table.columns:
        return None
    type_at = table.columns.index("type")
    for place in range(type_at, 0, -1):
        trial = cells[:place] + [""] + cells[place:]
        if _type_of(trial[type_at]):
            return place
    return None


def _type_of(cell: str) -> str | None:
    letter = LOOK_ALIKES.get(cell.strip(), cell.strip())
    return TYPE_LETTERS.get(letter.upper()) or next((v for v in TYPE_LETTERS.values() if letter.lower() == v), None)


def _joined(row: dict[str, str], more: dict[str, str]) -> dict[str, str]:
    out = dict(row)
    for key, value in more.items():
        out[key] = f"{out[key]} {value}" if out.get(key) else value
    return out


def _tracker_row(cells: dict[str, str]) -> dict | None:
    date = short_date(cells.get("meeting_date", ""))
    kind = _type_of(cells.get("type", ""))
    if not (date and kind and cells.get("text") and cells.get("agenda_item")):
        return None
    row: dict = {"meeting_date": date, "agenda_item": cells["agenda_item"]}
    if cells.get("cabinet_member"):
        row["cabinet_member"] = cells["cabinet_member"]
    row |= {"type": kind, "text": cells["text"]}
    row |= _response(cells.get("response", ""))
    return row


def _response(text: str) -> dict:
    text = text.strip()
    if not text:
        return {"status": "open"}
    out: dict = {}
    match = SLASH_DATE.search(text)
    if match and (match.start() == 0 or match.end() == len(text.rstrip("."))):
        out["response_date"] = short_date(match[0])
        text = (text[:match.start()] + text[match.end():]).strip(" .,-")
    out["response"] = text or "(a date only)"
    out["status"] = "responded"
    return out


# --- work programme ------------------------------------------------------------------------------


SECTIONS = ((re.compile(r"^Progress Reports?\b", re.IGNORECASE), "progress_reports"),
            (re.compile(r"^Next Municipal Year\b", re.IGNORECASE), "next_year"),
            (re.compile(r"^(?:To (?:be )?schedule[d]?|Unscheduled|Items to be scheduled)\b", re.IGNORECASE), "to_schedule"))


def programme_rows(rows: list[Paragraph], table: Table, year_start: int | None = None) -> tuple[dict, ReadTable]:
    """{'meetings': [...], 'progress_reports': [...], 'next_year': [...], ...} and how it went.
    `year_start`: the municipal year's first year, for dates printed without a year."""
    out: dict = {"meetings": []}
    section, last = "meetings", None
    joined, unread, dated = [], [], []
    for paragraph in rows:
        cells = cells_of(paragraph, table)
        if set(cells) == {"title"} and any(p.match(cells["title"]) for p, _n in SECTIONS):
            cells = {"date": cells["title"]}
        first = cells.get("date", "")
        named = next((name for pattern, name in SECTIONS if pattern.match(first)), None)
        if named:
            section, first = named, ""
            out.setdefault(section, [])
            if not cells.get("title"):
                continue
        date = short_date(first) if first else None
        if first and not named and year_start and (not date or date.year not in (year_start, year_start + 1)
                                                   or not re.search(r"[0-9]{4}", first) and date != _in_year(first, year_start)):
            date = _in_year(first, year_start)
            dated.append(f"'{first}' as {date}")
        if first and not date:
            unread.append(paragraph.text.replace("\t", " | "))
            continue
        if last is not None and not date and _continues(last, cells):
            last.update(_joined(last, {k: v for k, v in cells.items() if k != "date"}))
            joined.append(last["title"][:60])
            continue
        if not cells.get("title"):
            unread.append(paragraph.text.replace("\t", " | "))
            continue
        titles = _bulleted(cells["title"])
        for index, title in enumerate(titles[:-1]):
            _place(out, section, date if index == 0 else None, {"title": title})
        last = {k: v for k, v in cells.items() if k in ("title", "detail", "people")}
        last["title"] = titles[-1]
        _place(out, section, date if len(titles) == 1 else None, last)
    out["meetings"] = [m for m in out["meetings"] if m["date"]]
    return _finish(out), ReadTable((), tuple(joined), tuple(unread), tuple(dated))


def _place(out: dict, section: str, date, item: dict) -> None:
    if section == "meetings":
        if date or not out["meetings"]:
            out["meetings"].append({"date": date, "items": []})
        out["meetings"][-1]["items"].append(item)
    else:
        out[section].append(item)


def _bulleted(text: str) -> list[str]:
    """'• A • B': two items printed in one cell."""
    items = [t.strip() for t in re.split(r"\s*•\s*", text) if t.strip()]
    return items or [text]


DAY_MONTH = re.compile(r"\b([0-9]{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\b|\b([A-Za-z]{3,9})\s+([0-9]{1,2})\s*(?:st|nd|rd|th)?\b")


def _in_year(text: str, year_start: int) -> dt.date | None:
    """'11 th June', 'September 17 th' in the municipal year starting in May of `year_start`."""
    for match in DAY_MONTH.finditer(text):
        day, month_name = (match[1], match[2]) if match[1] else (match[4], match[3])
        month = MONTHS.get(month_name.lower()) or MONTHS.get(month_name.lower()[:3])
        if month:
            return _date(str(year_start if month >= 5 else year_start + 1), month, day)
    return None


def _continues(last: dict, cells: dict[str, str]) -> bool:
    """A row cut by a page break: no title of its own, a title that ends on 'and' or 'from', or
    a detail that starts in lower case."""
    return (not cells.get("title") or bool(CONNECTING.search(last.get("title", "")))
            or cells.get("detail", "")[:1].islower())


def _finish(out: dict) -> dict:
    for meeting in out["meetings"]:
        meeting["items"] = [_item(i) for i in meeting["items"]]
    for key in ("to_schedule", "progress_reports", "next_year"):
        if key in out:
            out[key] = [_item(i) for i in out[key]]
    return out


def _item(cells: dict) -> dict:
    item = {"title": re.sub(r"\s{2,}", " ", cells["title"]).strip()}
    if cells.get("detail"):
        item["detail"] = cells["detail"]
    officers, members = people(cells.get("people", ""))
    if officers:
        item["lead_officers"] = officers
    if members:
        item["cabinet_members"] = members
    return item


def people(text: str) -> tuple[list[str], list[str]]:
    """'John Gregg Fran Doyle Cllr Ruane' -> (['John Gregg', 'Fran Doyle'], ['Cllr Ruane']):
    'Cllr' names are cabinet members; the rest are split at '/' and ',' and, where a piece holds
    an even number of words, into first name and surname pairs."""
    members = [m.strip() for m in CABINET.findall(text)]
    rest = CABINET.sub(" ", text)
    rest = re.sub(r"(\w)-\s+(\w)", r"\1-\2", rest)
    officers: list[str] = []
    for piece in re.split(r"\s*[/,]\s*", rest):
        words = piece.split()
        if not words:
            continue
        if "–" in piece or len(words) % 2 or not all(w[:1].isupper() for w in words):
            officers.append(" ".join(words))
        else:
            officers += [" ".join(words[i:i + 2]) for i in range(0, len(words), 2)]
    return officers, members


# --- action plan -----------------------------------------------------------------------------------


RAG = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "green": "green", "g": "green",
       "blue": "blue", "b": "blue", "complete": "blue", "completed": "blue"}


def action_rows(rows: list[Paragraph], table: Table) -> ReadTable:
    read, unread = [], []
    for paragraph in rows:
        cells = [c.strip() for c in paragraph.text.split("\t")]
        named = {name or "action": cells[i] for i, name in enumerate(table.columns) if i < len(cells) and cells[i]}
        if not named.get("action"):
            unread.append(paragraph.text.replace("\t", " | "))
            continue
        action = {"action": named["action"]}
        action |= {k: named[k] for k in ("by_when", "by_whom") if named.get(k)}
        action["status"] = RAG.get(named.get("status", "").lower(), "not-rated")
        read.append(action)
    return ReadTable(tuple(read), (), tuple(unread))
