"""Linking is finished in the link stage: the linked archive holds, frozen, the links of every text a
page shows, and pages are rendered from the archive and the linked archive alone (no resolver)."""

from __future__ import annotations

import dataclasses
import gc
import inspect
import weakref
from pathlib import Path
from types import MappingProxyType

import pytest

from generator.build import check
from generator.link.links import LinkedArchive, LinkStatus, Resolver
from generator.records.texts import agenda_place, archive_texts, declarations_place, shown_texts
from generator.render.page_inputs import page_inputs
from generator.render.pages import guide_markdown, render_pages

MEETING = "content/testshire/overview-scrutiny/2016-06-01"
NOTE = "Members to read minute 999 beforehand."


def _with_shown_only_references(root: Path) -> Path:
    """An agenda note and a declaration that cite minutes: texts a page links but that are not
    read for references (no diagnostic, no backlink), today as before."""
    meeting = root / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text().replace(
        "    title: Apologies\n", f"    title: Apologies\n    notes: {NOTE}\n"))
    minutes = root / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("detail: a foster carer", "detail: a foster carer (minute 2 below)"))
    return root


def _pages_without_resolver(root: Path) -> tuple[dict[str, str], LinkedArchive, list[str]]:
    """Render every page from the archive and its linked archive, the resolver gone first."""
    checked = check(root)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    archive, linked, files = checked.archive, checked.linked, checked.files
    diagnostics = [d.format() for d in checked.diagnostics]
    resolver = weakref.ref(checked.resolver)
    del checked
    gc.collect()
    assert resolver() is None
    pages = render_pages(archive, linked, guide_markdown(), page_inputs(archive, linked), workers=1, files=files)
    return {page.path: page.text for page in pages}, linked, diagnostics


def test_rendering_takes_no_resolver():
    assert not any(parameter.annotation in (Resolver, "Resolver") or "resolver" in name
                   for name, parameter in inspect.signature(render_pages).parameters.items())


def test_the_linked_archive_is_frozen(minimal_copy):
    linked = check(minimal_copy).linked
    with pytest.raises(dataclasses.FrozenInstanceError):
        linked.links = ()
    assert isinstance(linked.links, tuple) and isinstance(linked.threads, tuple)
    for mapping in (linked.backlinks, linked.approvals, linked.text_links, *linked.text_links.values()):
        assert isinstance(mapping, MappingProxyType)
    assert all(isinstance(places, tuple) for places in linked.backlinks.values())
    assert all(isinstance(links, tuple) for texts in linked.text_links.values() for links in texts.values())
    with pytest.raises(TypeError):
        linked.backlinks[("testshire", "overview-scrutiny", "2016-06-01"), "2"] = ()


def test_the_linked_archive_holds_every_text_a_page_shows(minimal_copy):
    root = _with_shown_only_references(minimal_copy)
    checked = check(root)
    archive, linked = checked.archive, checked.linked
    for source in (*archive_texts(archive), *shown_texts(archive)):
        assert linked.links_in(source.text, source.place) == linked.text_links[source.place][source.text]


def test_pages_render_without_the_resolver_and_link_texts_only_shown(minimal_copy):
    """The agenda note's and the declaration's references are linked on their pages from the
    linked archive, and, as before, neither reported nor among the archive's links."""
    plain = check(minimal_copy)
    pages, linked, diagnostics = _pages_without_resolver(_with_shown_only_references(minimal_copy))
    assert diagnostics == [d.format() for d in plain.diagnostics]
    assert len(linked.links) == len(plain.linked.links)
    meeting = next(m for m in plain.archive.meetings if m.slug == "2016-06-01")
    [missing] = linked.links_in(NOTE, agenda_place(meeting, "1"))
    assert missing.status is LinkStatus.NOT_IN_ARCHIVE
    [quoted] = linked.links_in("a foster carer (minute 2 below)", declarations_place(meeting))
    assert quoted.status is LinkStatus.RESOLVED and quoted.target.minute == "2"
    assert 'ref-missing' in pages["testshire/overview-scrutiny/2016-06-01/index.md"].split("minute 999")[0][-200:]
    person = next(text for path, text in pages.items() if "/people/b-member" in path)
    assert "minute 2, 1 June 2016</a>" in person


def test_a_text_the_link_stage_did_not_link_is_a_mistake_said_plainly(minimal_copy):
    checked = check(minimal_copy)
    linked, meeting = checked.linked, checked.archive.meetings[0]
    with pytest.raises(LookupError, match="records/texts.py"):
        linked.links_in("A text no record holds, citing minute 2.", agenda_place(meeting, "1"))
