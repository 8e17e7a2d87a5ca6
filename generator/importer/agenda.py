"""An agenda: numbered items with sub-items a), b), page ranges and whose report each is."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.importer.document import Paragraph
from generator.importer.drafts import AgendaItemDraft

ITEM = re.compile(r"^(?:[-•]\s*)?(?P<number>[0-9]{1,3})\.\s+(?P<title>\S.*)$")
SUB_ITEM = re.compile(r"^(?:[-•]\s*)?\(?(?P<letter>[a-z])\)\s+(?P<title>\S.*)$")
PAGES = re.compile(r"\s*\(Pages?\s+(?P<first>[0-9]+)(?:\s*[-–]?\s*(?P<last>[0-9]+))?\)\s*")
REPORT_OF = re.compile(r"^(?:Report|Briefing Note|Joint Report)s?\s+of\s+(?:the\s+)?(?P<who>.+?)\.?$", re.IGNORECASE)
PRIVATE = re.compile(r"^(?:Private Business|Part (?:II|2|B))\b", re.IGNORECASE)


def parse_agenda(paragraphs: list[Paragraph]) -> list[AgendaItemDraft]:
    items: list[AgendaItemDraft] = []
    private = False
    expecting = 1
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        item = ITEM.match(text)
        if PRIVATE.match(text):
            private = True
        elif item and int(item["number"]) == expecting:
            title, pages = _pages(item["title"])
            items.append(AgendaItemDraft(item["number"], title, pages, private=private))
            expecting += 1
        elif items and SUB_ITEM.match(text) and not ITEM.match(text):
            sub = SUB_ITEM.match(text)
            title, pages = _pages(sub["title"])
            items[-1] = replace(items[-1], items=items[-1].items + (AgendaItemDraft(sub["letter"], title, pages),))
        elif items and REPORT_OF.match(text) and not items[-1].report_of:
            items[-1] = replace(items[-1], report_of=REPORT_OF.match(text)["who"])
        elif items and items[-1].title.rstrip().endswith((":", ": -", ":-")) and len(text) < 200:
            items[-1] = replace(items[-1], title=f"{items[-1].title} {text.lstrip('-• ')}")
    return items


def _pages(title: str) -> tuple[str, str | None]:
    match = PAGES.search(title)
    if not match:
        return title.strip(), None
    pages = f"{match['first']} - {match['last']}" if match["last"] else match["first"]
    return (title[:match.start()] + " " + title[match.end():]).strip(), pages
