"""A scrutiny review's scoping document, printed as a form: numbered questions in one column,
the answers in the next ('3. | Rationale Why do you want to undertake this review? | ...').
Each answer goes into the field its question names; sign-off rows (Name, Role, Date) under
'To be completed by the ...' become sign_offs. A question the model has no field for stays in
the body with a review entry."""

from __future__ import annotations

import re

from generator.importer.document import Paragraph
from generator.importer.drafts import Review
from generator.importer.tables import short_date

# The form's questions, as scoping templates word them, and the field each answer belongs in
# (checked in this order: the first that the question's words match).
QUESTIONS: tuple[tuple[str, str], ...] = (
    (r"^title of the (?:proposed )?(?:scrutiny )?review", "title"),
    (r"^proposed by", "proposed_by"),
    (r"^proposed start date|^start date", "timescales.start"),
    (r"^proposed completion date|^completion date|^end date", "timescales.completion"),
    (r"^rationale|why do you want", "rationale"),
    (r"^purpose and aims|^aims|^objectives", "aims"),
    (r"^links? (?:with|to) (?:corporate|council)", "links_to_priorities"),
    (r"^scope\b", "scope"),
    (r"^methodology", "methodology"),
    (r"^witnesses", "witnesses"),
    (r"^timescales?", "timescales.duration"),
    (r"^resources|staffing requirements", "resources"),
    (r"further resources", "further_resources"),
    (r"^review recommendations and findings|to whom will the recommendations", "findings_to"),
    (r"^likely publicity", "likely_publicity"),
    (r"^publicising", "publicising"),
    (r"add value", "added_value"),
    (r"^divisional comments|^directorate comments", "divisional_comments"),
    (r"potential risks", "risks"),
    (r"able to assist", "able_to_assist"),
    (r"impact on other work|negatively impact", "impact_on_scrutiny_team"),
    (r"available staffing|staffing resources available", "staffing_available"),
)
COMPLETED_BY = re.compile(r"^To be completed by (?:the )?(?P<section>.+?)\s*$", re.IGNORECASE)
SIGN_OFF = re.compile(r"^(?P<label>Name|Role|Date)$", re.IGNORECASE)
NUMBER_CELL = re.compile(r"^[0-9]{1,2}\.?$")


def scoping_fields(paragraphs: list[Paragraph], where: str) -> tuple[dict, list[Paragraph], list[Review]]:
    """(fields, the paragraphs not taken, reviews)."""
    fields: dict = {}
    kept: list[Paragraph] = []
    unknown: list[str] = []
    field, section, signing = None, None, None
    for paragraph in paragraphs:
        cells = [c.strip() for c in paragraph.text.split("\t")]
        if len(cells) < 2:
            completed = COMPLETED_BY.match(paragraph.text.strip())
            section = completed["section"] if completed else section
            kept.append(paragraph)
            continue
        if NUMBER_CELL.match(cells[0]) or (not cells[0] and len(cells) > 2):
            cells = cells[1:]  # the form's number column
        question, answer = cells[0], " ".join(c for c in cells[1:] if c)
        completed = COMPLETED_BY.match(question)
        if completed:
            section, field = completed["section"], None
            continue
        label = SIGN_OFF.match(question)
        if label:
            signing = _sign(fields, section, signing, label["label"].lower(), answer)
            continue
        if question:
            field = _field_of(question)
            if field is None:
                unknown.append(question[:60])
                kept.append(paragraph)
                continue
        if field and answer:
            _put(fields, field, answer)
    reviews = [Review(f"a question of the form not matched to a field: '{q}'", where,
                      "its answer is kept in the body; move it to the right field") for q in unknown]
    return fields, kept, reviews


def _field_of(question: str) -> str | None:
    lowered = question.lower()
    return next((name for pattern, name in QUESTIONS if re.search(pattern, lowered)), None)


def _put(fields: dict, field: str, answer: str) -> None:
    if field.startswith("timescales."):
        fields.setdefault("timescales", {})[field.split(".", 1)[1]] = answer
    elif field == "title":
        fields["title"] = answer.strip(" '‘’\".")
    else:
        fields[field] = f"{fields[field]}\n\n{answer}" if fields.get(field) else answer


def _sign(fields: dict, section: str | None, signing: dict | None, label: str, value: str) -> dict:
    """Name, Role, Date rows under a 'To be completed by the X' heading: one sign-off for X."""
    if signing is None or signing.get("section") != (section or "Sign-off") or label == "name" and "name" in signing:
        signing = {"section": section or "Sign-off"}
        fields.setdefault("sign_offs", []).append(signing)
    if label == "date":
        date = short_date(value)
        if date:
            signing["date"] = date
    elif value:
        signing[label] = value
    return signing
