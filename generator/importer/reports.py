"""A report or briefing note's printed parts: its header fields (To, From, Date, Subject or
Title, Report of), its numbered sections (Purpose or Summary, Recommendations, Contact), its
author and contact details. Only what the page prints is filled in."""

from __future__ import annotations

import re

from generator.importer.document import Paragraph

FIELD = re.compile(r"^(?:[0-9]+\.\s*)?(?:Report\s+)?(?P<label>To|From|Date|Subject|Title|Report of|Authors?|Meeting)"
                   r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)
SECTION_NUMBER = re.compile(r"^(?:[0-9]{1,2}\.?\s+)")
PURPOSE = re.compile(r"^(?:[0-9]{1,2}\.?\s+)?(?:Purpose|Summary)\b", re.IGNORECASE)
RECOMMENDATIONS = re.compile(r"^(?:[0-9]{1,2}\.?\s+)?Recommendations?\b", re.IGNORECASE)
CONTACT = re.compile(r"^(?:[0-9]{1,2}\.?\s+)?Contact(?: details| officer)?s?\b\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
AUTHORS = re.compile(r"^(?:[0-9]{1,2}\.?\s+)?(?:Report )?Authors?\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?:Tel(?:ephone)?:?\s*)?(\(?[0-9][0-9() ]{4,}[0-9])")
E_MAIL = re.compile(r"\bE-?mail\s*:?", re.IGNORECASE)
TELEPHONE = re.compile(r"^(?:Tel(?:ephone)?|Phone)\b", re.IGNORECASE)
ITEM_LABEL = re.compile(r"^(?:[-•·]\s*)?(?:\(?[0-9]{1,2}(?:\.[0-9]{1,2})?[.)]?|\(?[a-z][.)]|\([ivx]+\))\s+")
REPORT_OPENING = re.compile(r"^(?:Briefing note|.*\bREPORT TO\b.*|Report of\b.*|Report to\b.*)$", re.IGNORECASE)


def header_fields(paragraphs: list[Paragraph]) -> dict[str, str]:
    """'To: ... Date: ...', 'Report From: ...', '2. Date: 11th June, 2014' (a table row)."""
    found: dict[str, str] = {}
    for paragraph in paragraphs:
        text = re.sub(r"^[0-9]+\.\s+", "", paragraph.text.replace("\t", " ").strip())
        match = FIELD.match(text)
        if not match:
            continue
        label, value = match["label"].lower().rstrip("s"), match["value"].strip()
        if " Date:" in value:
            value, found["date"] = value.split(" Date:", 1)
        label = {"meeting": "to", "report of": "from"}.get(label, label)
        if value:
            found.setdefault(label, value.strip())
    return found


def opens_as_report(paragraphs: list[Paragraph]) -> bool:
    """A report's first lines: two header fields (To, From, Date, Title ...) or 'Report to ...'."""
    first = paragraphs[:15]
    return len(header_fields(first)) >= 2 or any(REPORT_OPENING.match(p.text.strip()) for p in first[:6])


def is_section_heading(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    if paragraph.heading:
        return len(text) < 120
    if len(text) > 70 or text.endswith((".", ";", ",", ":")) or "\t" in text or not text[:1].isalnum():
        return False
    numbered = SECTION_NUMBER.match(text)
    words = text[numbered.end():] if numbered else text
    return bool(words[:1].isupper()) and (bool(numbered) or len(words) <= 40) and not ITEM_LABEL.match(words)


def sections(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, list[Paragraph]]]:
    """(heading, the paragraphs under it) for every section heading."""
    found: list[tuple[Paragraph, list[Paragraph]]] = []
    for paragraph in paragraphs:
        if is_section_heading(paragraph):
            found.append((paragraph, []))
        elif found:
            found[-1][1].append(paragraph)
    return found


def report_fields(paragraphs: list[Paragraph]) -> dict:
    """purpose, recommendations, author and contact, as far as the report prints them."""
    fields: dict = {}
    for heading, body in sections(paragraphs):
        title = heading.text.strip()
        if PURPOSE.match(title) and body and "purpose" not in fields:
            fields["purpose"] = "\n\n".join(p.text.strip() for p in body)
        elif RECOMMENDATIONS.match(title) and body and "recommendations" not in fields:
            fields["recommendations"] = _recommendations(body)
    contact = _contact(paragraphs)
    author = _author(paragraphs, contact)
    if author:
        fields["author"] = author
    if contact:
        fields["contact"] = contact
    return fields


def _recommendations(body: list[Paragraph]) -> list[str]:
    items = []
    for paragraph in body:
        text = paragraph.text.strip()
        if text.endswith((":", ":-", ": -")) or re.fullmatch(r"That(?: Members)?:?", text):
            continue
        items.append(ITEM_LABEL.sub("", text).strip())
    return [item for item in items if item]


def _contact(paragraphs: list[Paragraph]) -> dict | None:
    """The first line that prints an email address, with the name and role printed before it
    ('Gennie Holmes Scrutiny Co-ordinator gennie.holmes@coventry.gov.uk 024 7683 1172') or on
    the lines above it ('Kirston Nelson, Director ...', 'Telephone: 024 7683 3621')."""
    for index, paragraph in enumerate(paragraphs):
        email = EMAIL.search(paragraph.text)
        if not email:
            continue
        text = CONTACT.sub(lambda m: m["rest"], paragraph.text.strip())
        before = E_MAIL.sub("", text[:text.find(email[0])]).strip(" ,;:")
        phone = PHONE.search(text.replace(email[0], " "))
        for above in reversed(paragraphs[max(0, index - 3):index]):
            if before or EMAIL.search(above.text):
                break
            if TELEPHONE.match(above.text.strip()):
                phone = phone or PHONE.search(above.text)
            else:
                before = above.text.strip(" ,;:")
        contact: dict = {}
        name, role = _name_and_role(PHONE.sub("", before).strip(" ,;:"), email[0])
        contact |= {k: v for k, v in (("name", name), ("role", role)) if v}
        if phone:
            contact["phone"] = phone[1].strip()
        contact["email"] = email[0]
        return contact
    return None


def _name_and_role(text: str, email: str) -> tuple[str | None, str | None]:
    """'Caroline Webb, Senior Scrutiny Adviser' by its comma; without one, the leading words
    the email's local part spells ('gennie.holmes' -> 'Gennie Holmes')."""
    if not text or len(text) > 160 or CONTACT.match(text):
        return None, None
    if "," in text:
        name, role = text.split(",", 1)
        return name.strip(), role.strip() or None
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower())
    words = text.split()
    for count in range(min(4, len(words)), 0, -1):
        if re.sub(r"[^a-z]", "", "".join(words[:count]).lower()) == local:
            return " ".join(words[:count]), " ".join(words[count:]) or None
    return None, None


def _author(paragraphs: list[Paragraph], contact: dict | None) -> str | None:
    for index, paragraph in enumerate(paragraphs):
        match = AUTHORS.match(paragraph.text.strip())
        if match:
            text = match["rest"].strip() or (paragraphs[index + 1].text.strip() if index + 1 < len(paragraphs) else "")
            return text or None
    if contact and contact.get("name"):
        return ", ".join(v for v in (contact["name"], contact.get("role")) if v)
    return None
