"""An action plan (or an excerpt of one) as councils print them after an inspection: the
recommendation, 'Lead:', 'Linked Plan:', then lettered parts: expected outcome, measures of
success, the actions table (by when, by whom, RAG status), progress, impact, further action."""

from __future__ import annotations

import re

from generator.importer.document import Paragraph
from generator.importer.drafts import Review
from generator.importer.tables import action_rows, row_paragraphs, table_kind

LEAD = re.compile(r"^Lead(?: officer)?\s*:\s*(?P<value>.+)$", re.IGNORECASE)
LINKED = re.compile(r"^Linked Plan\s*:\s*(?P<value>.+)$", re.IGNORECASE)
PART = re.compile(r"^(?:\(?[a-z][.)]\s+)?(?P<name>.+)$")
PARTS = ((r"^expected outcome", "expected_outcomes"), (r"^measures? of success", "measures_of_success"),
         (r"progress", "progress"), (r"^actions?\b", "actions"), (r"^impact", "impact"),
         (r"further action", "further_action"))
NUMBERED = re.compile(r"^[0-9]{1,3}[.)]\s+\S")


def starts_action_plan(paragraphs: list[Paragraph]) -> int | None:
    """Where an action plan starts in a document: its recommendation before a 'Lead:' line that an
    actions table (by when, by whom) follows."""
    for index, paragraph in enumerate(paragraphs):
        if LEAD.match(paragraph.text.strip()) and any(
                (t := table_kind(p)) and t.kind == "action-plan" for p in paragraphs[index:index + 15]):
            return index - 1 if index and NUMBERED.match(paragraphs[index - 1].text.strip()) else index
    return None


def action_plan_fields(paragraphs: list[Paragraph], where: str) -> tuple[dict, list[Review]]:
    fields: dict = {}
    reviews: list[Review] = []
    part, table = None, None
    if paragraphs and NUMBERED.match(paragraphs[0].text.strip()):
        fields["recommendation"] = paragraphs[0].text.strip()
        paragraphs = paragraphs[1:]
    collected: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        lead, linked, found = LEAD.match(text), LINKED.match(text), table_kind(paragraph)
        if lead or linked:
            fields["lead" if lead else "linked_plan"] = (lead or linked)["value"].strip()
        elif found and found.kind == "action-plan":
            part, table = "actions", found
        elif (named := _part_named(text)) is not None:
            part = named
        elif part and not (text.isupper() and len(text.split()) > 1):  # 'MONITORING AND IMPACT': a heading
            collected.setdefault(part, []).append(paragraph)
    for name, body in collected.items():
        if name == "actions" and table:
            rows, stray = row_paragraphs(body, table)
            read = action_rows(rows, table)
            fields["actions"] = list(read.rows)
            reviews += _action_reviews(read, stray, where)
        elif name in ("expected_outcomes", "measures_of_success"):
            fields[name] = [re.sub(r"^[-•·]\s*", "", p.text.strip()) for p in body]
        elif name != "actions":
            fields[name] = "\n\n".join(p.text.strip() for p in body)
    return fields, reviews


def _part_named(text: str) -> str | None:
    match = PART.match(text)
    if not match or len(text) > 90 or "\t" in text:
        return None
    lowered = match["name"].lower()
    return next((name for pattern, name in PARTS if re.search(pattern, lowered)), None)


def _action_reviews(read, stray: list[str], where: str) -> list[Review]:
    reviews = []
    unrated = sum(1 for a in read.rows if a["status"] == "not-rated")
    if unrated:
        reviews.append(Review(f"{unrated} action(s) with no RAG rating read from the Status column", where,
                              "set status: red, amber, green or blue where the plan rates them"))
    for text in list(read.unread) + stray:
        reviews.append(Review(f"a line of the actions table not read: '{text[:80]}'", where,
                              "add it to actions: if it is one"))
    return reviews


