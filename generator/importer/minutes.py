"""Minutes text to a draft: the header (date, time, venue), attendance, and each minute as
printed, with its resolutions as ::: blocks and its declarations of interest."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from generator.importer.attendance import identify, read_attendance, split_people
from generator.importer.document import Paragraph, SourceDocument
from generator.importer.drafts import (AttendanceDraft, DeclarationDraft, MeetingDraft, MinuteDraft,
                                       MinutesDraft, PersonDraft, Review)
from generator.importer.people_match import PeopleIndex
from generator.importer.text import find_date, find_time, title_case
from generator.importer.titled import as_people, titled_in_minutes

HEADING = re.compile(r"^(?:[-•]\s*)?(?P<number>[0-9]{1,4}[a-z]?)(?:\.\s+|\s{2,}|\s+(?=[A-Z]{3}))(?P<title>[\"'‘“A-Z0-9(].*)$")
VERB = re.compile(r"^(?P<verb>RESOLVED|AGREED|NOTED|Resolved|Agreed|Noted)\b(?P<sep>\s*[:;,]?\s*[-–—]*\s*:?)\s*(?P<rest>.*)$")
NUMBERED = re.compile(r"^(?:[-•]\s*)?(?P<label>\([0-9]{1,2}\)|[0-9]{1,2}[).])\s+(?P<text>\S.*)$")
LETTERED = re.compile(r"^(?:[-•]\s*)?(?P<label>\((?:[a-z]|[ivx]+)\)|(?:[a-z]|[ivx]+)\))\s+(?P<text>\S.*)$")
BULLET = re.compile(r"^[-•·▪]\s+(?P<text>.*)$")
PART = re.compile(r"^(?P<part>(?:Public|Private) Business|Part (?:I|II|1|2|A|B))\s*:?$", re.IGNORECASE)
CLOSED = re.compile(r"(?:meeting|it)\s+(?:closed|ended|finished|concluded|rose)\s+at\s+(?P<time>.+?)\)?\.?$", re.IGNORECASE)
VENUE = re.compile(r"^(?:Venue|Place|Location)\s*[:\-–]\s*(?P<venue>.+)$", re.IGNORECASE)
MET_AT = re.compile(r"\bmet (?:at|in) (?:the )?(?P<venue>[A-Z].+?)\.?$")
DECLARATIONS_TITLE = re.compile(r"declarations?\b.*\binterest|\binterests\b", re.IGNORECASE)
APOLOGIES_TITLE = re.compile(r"apolog", re.IGNORECASE)
INLINE_TITLE = re.compile(r"^(?P<title>[A-Z0-9][A-Z0-9 ,.'’&()/:-]+?)\s+[–—-]\s+(?P<rest>.+)$")
MISSING_TITLE = "[Heading not printed in the source]"
MAX_TITLE = 300


@dataclass(frozen=True)
class Context:
    """What the importer knows beside the text: the archive's people and the command's options."""

    people: PeopleIndex
    people_file: str
    date: dt.date | None = None


def find_headings(paragraphs: list[Paragraph], kind: str) -> list[tuple[int, str, str]]:
    """(index, number, title) of each minute: the longest run of numbered headings whose
    numbers rise by one (or two, a minute missing); or, where a page prints no numbers
    (ModernGov, Word), its headings, numbered by counting."""
    candidates = []
    for index, paragraph in enumerate(paragraphs):
        match = HEADING.match(paragraph.text)
        if match and (paragraph.heading or len(match["title"]) <= MAX_TITLE * 3):
            candidates.append((index, match["number"], match["title"]))
    chain = _longest_chain(candidates)
    if chain or kind not in ("moderngov", "docx", "html"):
        return chain
    return [(i, "", p.text) for i, p in enumerate(paragraphs) if p.heading and not PART.match(p.text)][1:]


def _numeric(number: str) -> int:
    return int(re.match(r"[0-9]+", number)[0])


def _longest_chain(candidates: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    best: list[list[tuple[int, str, str]]] = []
    for position, candidate in enumerate(candidates):
        options = [best[j] for j in range(position)
                   if 1 <= _numeric(candidate[1]) - _numeric(candidates[j][1]) <= 2]
        previous = max(options, key=len, default=[])
        best.append(previous + [candidate])
    longest = max(best, key=len, default=[])
    return longest if len(longest) >= 2 or (longest and len(candidates) == 1) else longest


def parse_minutes(doc: SourceDocument, paragraphs: list[Paragraph], context: Context) -> MeetingDraft:
    headings = find_headings(paragraphs, doc.kind)
    first = headings[0][0] if headings else len(paragraphs)
    header = paragraphs[:first]
    reviews: list[Review] = []
    date = _meeting_date(doc, header, paragraphs, context, reviews)
    start_time = _start_time(header)
    venue = _venue(header)
    if start_time is None:
        reviews.append(Review("no start time printed in the minutes' heading", doc.where(header[0] if header else None),
                              "add start_time: if another paper gives it"))
    if venue is None:
        reviews.append(Review("no venue printed in the minutes' heading", doc.where(header[0] if header else None),
                              "add venue: if another paper gives it"))
    attendance, people_reviews = read_attendance(header, doc, context.people, context.people_file)
    reviews += people_reviews
    items, closed_at, minute_reviews = _minutes(doc, paragraphs, headings)
    attendance, apology_reviews = _apologies_from_minutes(attendance, items, doc, paragraphs, headings, context)
    reviews += apology_reviews
    attendance, titled_reviews = _titled_from_minutes(attendance, items, doc, paragraphs, headings)
    reviews += titled_reviews
    if not (attendance.chair or attendance.present):
        reviews.append(Review("no members present were found", doc.where(header[0] if header else None),
                              "add the attendance from the printed minutes"))
    declarations, declaration_reviews = _declarations(items, doc, paragraphs, headings, context)
    minutes = MinutesDraft(tuple(items), closed_at, tuple(declarations),
                           tuple(minute_reviews + declaration_reviews), source=_source_text(doc, paragraphs))
    return MeetingDraft(date, start_time, venue, attendance, (), minutes, (), tuple(reviews),
                        source=_source_text(doc, paragraphs))


def _source_text(doc: SourceDocument, paragraphs: list[Paragraph]) -> str:
    name = doc.path.rsplit("/", 1)[-1]
    pages = sorted({p.page for p in paragraphs if p.page})
    if pages:
        return f"{name}, pages {pages[0]} - {pages[-1]}" if len(pages) > 1 else f"{name}, page {pages[0]}"
    lines = [p.line for p in paragraphs if p.line]
    unit = "lines" if doc.kind == "text" else "paragraphs"
    return f"{name}, {unit} {lines[0]} - {lines[-1]}" if lines else name


def _meeting_date(doc, header, paragraphs, context: Context, reviews: list[Review]) -> dt.date | None:
    for paragraph in header[:12] or paragraphs[:12]:
        date = find_date(paragraph.text)
        if date:
            if context.date and context.date != date:
                reviews.append(Review(f"the minutes print the date {date}, the command gave --date {context.date}",
                                      doc.where(paragraph), "check which is the meeting's date; the folder uses --date"))
                return context.date
            return date
    if context.date:
        reviews.append(Review("the minutes print no meeting date; --date gave it", doc.where(header[0] if header else None),
                              "check the date against the council's calendar"))
    return context.date


def _start_time(header: list[Paragraph]) -> str | None:
    for paragraph in header[:12]:
        text = paragraph.text
        if find_date(text) or re.search(r"\b(?:time|held|at|commenc|start)", text, re.IGNORECASE):
            time = find_time(text)
            if time:
                return time
    return None


def _venue(header: list[Paragraph]) -> str | None:
    for index, paragraph in enumerate(header):
        match = VENUE.match(paragraph.text) or MET_AT.search(paragraph.text)
        if match:
            return match["venue"].strip().rstrip(".").replace(" View directions", "")
        if paragraph.text.strip().lower() in ("place", "venue") and index + 1 < len(header):
            return header[index + 1].text.strip()
    return None


def _minutes(doc: SourceDocument, paragraphs: list[Paragraph],
             headings: list[tuple[int, str, str]]) -> tuple[list[MinuteDraft], str | None, list[Review]]:
    items: list[MinuteDraft] = []
    reviews: list[Review] = []
    closed_at = None
    part = _part_before(paragraphs, headings[0][0] if headings else 0)
    previous_number = None
    for position, (index, number, title) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(paragraphs)
        body = paragraphs[index + 1:end]
        title, body = _inline_title(title, body, paragraphs[index])
        body, next_part, closed = _strip_parts_and_close(body)
        closed_at = closed or closed_at
        number, review = _number(number, previous_number, doc, paragraphs[index])
        reviews += review
        items += _gap(items, previous_number, number, doc, paragraphs[index], reviews)
        private = bool(part and re.search(r"private|part (?:ii|2|b)", part, re.IGNORECASE))
        if private:
            reviews.append(Review(f"minute {number} was taken in private ({part})", doc.where(paragraphs[index]),
                                  "write {exempt=N} with the Schedule 12A paragraph, or {confidential}; "
                                  "make sure its title is neutral; its text was not imported"))
        items.append(MinuteDraft(number, _title(title), () if private else tuple(blocks(body)), part, private))
        previous_number = number
        part = next_part or part
    return items, closed_at, reviews


def _part_before(paragraphs: list[Paragraph], first: int) -> str | None:
    for paragraph in reversed(paragraphs[:first]):
        if PART.match(paragraph.text.strip()):
            return title_case(paragraph.text.strip().rstrip(":"))
    return None


def _inline_title(title: str, body: list[Paragraph], heading: Paragraph) -> tuple[str, list[Paragraph]]:
    """'233  MINUTES – Resolved – That ...': a title in capitals runs on into the text."""
    match = INLINE_TITLE.match(title)
    if match and (len(title) > 120 or re.match(r"(?:Resolved|RESOLVED|There|The|No)\b", match["rest"])):
        return match["title"].strip(), [replace(heading, text=match["rest"].strip(" –-"))] + body
    if len(title) > MAX_TITLE:
        return title[:MAX_TITLE].rsplit(" ", 1)[0], [replace(heading, text=title)] + body
    return title, body


def _strip_parts_and_close(body: list[Paragraph]) -> tuple[list[Paragraph], str | None, str | None]:
    kept, part, closed = [], None, None
    for paragraph in body:
        text = paragraph.text.strip()
        if PART.match(text):
            part = title_case(text.rstrip(":"))
            continue
        match = CLOSED.search(text)
        if match and len(text) < 80:
            closed = find_time(match["time"]) or closed
            if text.startswith("("):
                continue
        kept.append(paragraph)
    return kept, part, closed


def _title(title: str) -> str:
    title = re.sub(r"\s*[:;]\s*[-–]?\s*$", "", title.strip())
    title = title.rstrip(" .-–")
    title = title_case(title)
    return title.replace("{", "(").replace("}", ")") or MISSING_TITLE


def _number(number: str, previous: str | None, doc, heading: Paragraph) -> tuple[str, list[Review]]:
    if number:
        return number, []
    counted = str(_numeric(previous) + 1) if previous else "1"
    return counted, [Review(f"a minute with no printed number ('{heading.text[:60]}')", doc.where(heading),
                            f"it was numbered {counted} by counting; write the number the council cites it by")]


def _gap(items: list[MinuteDraft], previous: str | None, number: str, doc, heading: Paragraph,
         reviews: list[Review]) -> list[MinuteDraft]:
    """A number skipped between two minutes: its heading was not printed (or not read). When
    the minute before goes on after its resolution, that text is taken as the missing minute."""
    if previous is None or _numeric(number) - _numeric(previous) != 2:
        return []
    missing = str(_numeric(previous) + 1)
    last = items[-1]
    closing = [i for i, block in enumerate(last.blocks)
               if block.startswith(":::") and i + 1 < len(last.blocks) and not last.blocks[i + 1].startswith(":::")]
    if closing:
        cut = closing[0] + 1
        items[-1] = replace(last, blocks=last.blocks[:cut])
        reviews.append(Review(f"no heading for minute {missing} between minutes {previous} and {number}",
                              doc.where(heading), f"the text after minute {previous}'s resolution was taken as minute "
                              f"{missing}; check where it starts and write its title"))
        return [MinuteDraft(missing, MISSING_TITLE, last.blocks[cut:], last.part)]
    reviews.append(Review(f"minute {missing} is not in the text (between {previous} and {number})",
                          doc.where(heading), f"check whether minute {previous} holds its text"))
    return []


# --- the body of one minute -------------------------------------------------------------------


def blocks(body: list[Paragraph]) -> list[str]:
    """Markdown blocks: paragraphs, '-' lists, and ::: resolution blocks."""
    out: list[str] = []
    index = 0
    while index < len(body):
        paragraph = body[index]
        verb = VERB.match(paragraph.text.strip())
        if verb and _is_resolution(verb):
            block, index = _resolution(body, index, verb)
            out.append(block)
            continue
        _add_text(out, paragraph)
        index += 1
    return _lists_of_short_lines(out)


def _is_resolution(verb: re.Match) -> bool:
    return (verb["verb"].isupper() or bool(verb["sep"].strip()) or verb["rest"][:4].lower() in ("that", "")
            or verb["rest"].startswith("("))


def _add_text(out: list[str], paragraph: Paragraph) -> None:
    text = escape(paragraph.text.strip())
    bullet = BULLET.match(text)
    if bullet:
        item = "  " * paragraph.indent + "- " + bullet["text"]
        if out and out[-1].lstrip().startswith("- ") and not out[-1].startswith(":::"):
            out[-1] += "\n" + item
        else:
            out.append(item)
        return
    if out and _runs_on(out[-1], text):
        out[-1] += " " + text
        return
    out.append(text)


def _runs_on(previous: str, text: str) -> bool:
    """A paragraph cut by a page break: the last one ends mid-sentence and this one starts in lower case."""
    return (not previous.startswith(":::") and not previous.rstrip().endswith((".", ":", ";", "?", "!", ")", '"', "”"))
            and text[:1].islower())


def _lists_of_short_lines(out: list[str]) -> list[str]:
    """Three or more short lines in a row (dates, names) as printed one a line: a list."""
    result: list[str] = []
    run: list[str] = []

    def flush():
        if len(run) >= 3:
            result.append("\n".join(f"- {line}" for line in run))
        else:
            result.extend(run)
        run.clear()

    for block in out:
        if len(block) <= 40 and "\n" not in block and not block.startswith(("- ", ":::")) and not block.endswith((".", ":")):
            run.append(block)
        else:
            flush()
            result.append(block)
    flush()
    return result


def _resolution(body: list[Paragraph], index: int, verb: re.Match) -> tuple[str, int]:
    word = verb["verb"].upper()
    rest = escape(verb["rest"].strip())
    numbered: list[str] = []
    loose: list[str] = []
    first_numbered = NUMBERED.match(rest)
    if first_numbered:
        numbered.append(f"{first_numbered['label']} {first_numbered['text']}")
        rest = ""
    open_ended = not rest or rest.endswith((":", ":-", ": -")) or rest.lower() in ("that", "that:")
    index += 1
    while index < len(body):
        text = escape(body[index].text.strip())
        if VERB.match(text) and _is_resolution(VERB.match(text)):
            break
        item = NUMBERED.match(text)
        sub = LETTERED.match(text)
        if item and (numbered or open_ended or not loose) and (body[index].indent == 0 or not numbered):
            if not numbered and not open_ended and rest and not loose:
                pass
            numbered.append(f"{item['label']} {item['text']}")
        elif sub and numbered:
            numbered.append(f"   {sub['label']} {sub['text']}")
        elif numbered and body[index].indent > 0:
            numbered.append("   " + text.lstrip("-• "))
        elif open_ended and not numbered:
            loose.append(text)
        else:
            break
        index += 1
    if numbered:
        preamble = " ".join(p for p in [rest] + loose if p)
        lines = [f"::: {word}" + (f" {preamble}" if preamble else "")] + numbered
    else:
        text = "\n\n".join(_lists_of_short_lines(_merged([rest] + loose)))
        lines = [f"::: {word}", text or "(no text printed)"]
    return "\n".join(lines + [":::"]), index


def _merged(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        bullet = BULLET.match(part)
        if bullet and out and out[-1].startswith("- "):
            out[-1] += "\n" + part
        else:
            out.append(part)
    return out


def escape(text: str) -> str:
    """Text as Markdown that shows it as printed: a line that would open a heading, a
    resolution block or a quote is escaped."""
    if text.startswith(("#", ":::", ">", "|")):
        return "\\" + text
    return text


# --- apologies and declarations written in the minutes themselves --------------------------------


def _apologies_from_minutes(attendance: AttendanceDraft, items, doc, paragraphs, headings,
                            context: Context) -> tuple[AttendanceDraft, list[Review]]:
    if attendance.apologies:
        return attendance, []
    found: list[PersonDraft] = []
    reviews: list[Review] = []
    for position, (index, _number, title) in enumerate(headings):
        if not APOLOGIES_TITLE.search(title):
            continue
        end = headings[position + 1][0] if position + 1 < len(headings) else len(paragraphs)
        for paragraph in paragraphs[index + 1:end]:
            text = paragraph.text.strip()
            match = re.search(r"apologies (?:for absence )?were received from\s*(?:the following(?: people)?)?\s*[:\-–]*\s*(.*)$",
                              text, re.IGNORECASE)
            source = match[1] if match else (BULLET.match(text)["text"] if BULLET.match(text) else "")
            for _part, person in split_people(source, "apologies") if source else []:
                person, review = identify(person, doc.where(paragraph), context.people, context.people_file)
                found.append(person)
                reviews += [review] if review else []
    return replace(attendance, apologies=tuple(found)), reviews


def _titled_from_minutes(attendance: AttendanceDraft, items: list[MinuteDraft], doc, paragraphs,
                         headings) -> tuple[AttendanceDraft, list[Review]]:
    """Officers or witnesses the minutes name only by title in their text, for the parts of the
    attendance the heading leaves empty (where it lists officers, those are the ones named)."""
    empty = [part for part in ("officers", "invited") if not getattr(attendance, part)]
    if not empty:
        return attendance, []
    placed = {number: paragraphs[index] for index, number, _title in headings if number}
    bodies, at = [], paragraphs[0] if paragraphs else Paragraph("")
    for item in items:
        at = placed.get(item.number, at)
        if not item.private:
            bodies.append((item.number, [replace(at, text=block) for block in item.blocks]))
    titled = [t for t in titled_in_minutes(bodies) if t.part in empty]
    parts, reviews = as_people(titled, doc)
    return replace(attendance, **{part: tuple(parts[part]) for part in empty if parts[part]}), reviews


DECLARED = re.compile(r"^(?P<who>.*?)\s+declared\s+(?:an?\s+|his\s+|her\s+|their\s+)?(?P<interest>[\w\s-]*?interests?)\b(?P<rest>.*)$",
                      re.IGNORECASE)
NAMED = re.compile(r"((?:Councillor|Cllr\.?|Mr|Mrs|Ms|Miss|Dr)\s+(?:Dr\s+)?[A-Z][\w.'’ -]*?)$")
KINDS = (("disclosable pecuniary", "disclosable-pecuniary"), ("other disclosable", "other-disclosable"),
         ("prejudicial", "prejudicial"), ("personal", "personal"), ("pecuniary", "disclosable-pecuniary"))


def _declarations(items: list[MinuteDraft], doc, paragraphs, headings,
                  context: Context) -> tuple[list[DeclarationDraft], list[Review]]:
    found: list[DeclarationDraft] = []
    reviews: list[Review] = []
    numbers = {item.number for item in items}
    for position, (index, _number, title) in enumerate(headings):
        if not DECLARATIONS_TITLE.search(title):
            continue
        end = headings[position + 1][0] if position + 1 < len(headings) else len(paragraphs)
        for paragraph in paragraphs[index + 1:end]:
            found += _declared_in(paragraph, doc, context, numbers, reviews)
    return found, reviews


def _declared_in(paragraph: Paragraph, doc, context: Context, numbers: set[str],
                 reviews: list[Review]) -> list[DeclarationDraft]:
    found: list[DeclarationDraft] = []
    member: PersonDraft | None = None
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", paragraph.text):
        if re.search(r"\bwithdrew\b|\bleft the (?:room|meeting)\b", sentence, re.IGNORECASE) and found:
            found[-1] = replace(found[-1], withdrew=True)
            continue
        match = DECLARED.match(sentence.strip())
        if not match or re.match(r"^(?:no|there)\b", match["who"], re.IGNORECASE):
            continue
        who = match["who"].strip()
        named = NAMED.search(who)
        if named:
            member, review = identify(PersonDraft(_clean_member(named[1])), doc.where(paragraph),
                                      context.people, context.people_file)
            reviews += [review] if review else []
        elif member is None:
            continue
        interest = match["interest"].strip()
        detail = re.sub(r"^\s*,?\s*(?:in the general business of the meeting)?\s*,?\s*", "", match["rest"]).rstrip(". ")
        item = re.search(r"\b(?:minute|item)\s+(?:No\.?\s*)?([0-9]+[a-z]?)\b", detail, re.IGNORECASE)
        kind = next((k for phrase, k in KINDS if phrase in interest.lower()), "other")
        number = item[1] if item and item[1] in numbers else None
        found.append(DeclarationDraft(member, interest, kind, number, detail or None, False))
    return found


def _clean_member(text: str) -> str:
    return re.sub(r"\s+(?:also|further)$", "", text.strip())
