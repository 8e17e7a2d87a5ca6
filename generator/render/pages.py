"""Stage 4, render pages: every page of the site as a Markdown file for MkDocs, from templates.

Pages are gathered in memory first (`render_pages`), then written by `mkdocs_project.py`.
Templates own the presentation; this module only chooses the template and its data.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache, partial
from html import escape as html_escape
from importlib import resources

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from generator.records.archive import Archive, Committee, Council, DocumentFile, Meeting
from generator.read.attachments import CheckedFiles
from generator.link.links import LinkedArchive, Link, Thread, minute_titled
from generator.link.proceedings import proceedings_at, public_proceedings
from generator.records.proceedings import minute_named
from generator.records.texts import Place, agenda_place, declarations_place, document_place, minute_place
from generator.records.text_forms import body_sections, markdown_as_text
from generator.processes.helpers import run_shared
from generator.render.html_blocks import mark_html_blocks
from generator.render.page_text import front_matter, neutral_html, page_text
from generator.render.page_inputs import PageInputs
from generator.incremental.build_record import RenderedBefore
from generator.link.people import person_activity
from generator.records.site_paths import (
    minute_anchor,
    paragraph_anchor,
    paragraph_label,
    committee_path,
    council_path,
    document_path,
    meeting_path,
    page_url,
    people_index_path,
    person_path,
    relative_url,
    resolutions_path,
    search_bundles,
    threads_path,
)
from generator.records.models import (
    ActionPlan,
    MinuteItem,
    PersonRef,
    Report,
    Resolution,
    ResolutionBlock,
    ScopingDocument,
    Tracker,
    WorkProgramme,
)

DOCUMENT_TEMPLATES = {
    Report: "document_report.md.j2",
    ScopingDocument: "document_scoping.md.j2",
    WorkProgramme: "document_work_programme.md.j2",
    Tracker: "document_tracker.md.j2",
    ActionPlan: "document_action_plan.md.j2",
}
DOCUMENT_TYPE_LABELS = {
    "report": "Report",
    "briefing-note": "Briefing note",
    "appendix": "Appendix",
    "scoping-document": "Scoping document",
    "work-programme": "Work programme",
    "tracker": "Recommendations tracker",
    "action-plan": "Action plan",
}


@dataclass(frozen=True)
class Page:
    """A page of the site: its source path in the MkDocs project, its Markdown text (None when
    the project's file is current, the page not rendered again), the date its content last
    changed (for the sitemap), and the digest of what it was rendered from."""

    path: str
    text: str | None
    updated: dt.date | None = None
    inputs: str = ""

    @property
    def url(self) -> str:
        return page_url(self.path)


def minute_permalink(archive: Archive, council: str, committee: str, slug: str, number: str) -> str:
    """The short address a journalist can cite for one minute; a redirect to its anchor."""
    code = archive.committee(council, committee).config.code or committee
    return f"m/{council}/{code}/{slug}/{minute_anchor(number).removeprefix('minute-')}/"  # redirects.PERMALINK_DIR


@dataclass(frozen=True)
class Decision:
    """One resolution of a meeting, for its summary: its verb, where it is, what it says in brief."""

    verb: str
    anchor: str
    text: str


@dataclass(frozen=True)
class MinuteDecisions:
    """A minute's decisions, and the places that followed it up (with a tracker row's status
    where one says)."""

    number: str
    title: str
    decisions: tuple[Decision, ...]
    follow_ups: tuple[tuple[Place, str], ...]


def decisions(meeting: Meeting) -> list[tuple[MinuteItem, ResolutionBlock, Resolution, str]]:
    """Every public resolution of the meeting with its anchor, as the meeting page numbers them."""
    found = []
    for item in meeting.minutes.items if meeting.minutes is not None else ():
        if not item.is_public:
            continue
        for count, block in enumerate(item.resolution_blocks, start=1):
            single = len(block.resolutions) == 1 and not block.resolutions[0].number
            for index, resolution in enumerate(block.resolutions, start=1):
                suffix = count if single else resolution.number or index
                found.append((item, block, resolution, f"{minute_anchor(item.number)}-resolution-{suffix}"))
    return found


def in_brief(text: str, words: int = 28) -> str:
    """The start of a resolution as plain text, cut at a word."""
    plain = markdown_as_text(text)
    cut = plain.split(" ")
    return plain if len(cut) <= words else " ".join(cut[:words]).rstrip(",;:") + " …"


def clock(time: str | None) -> str:
    """A time as council minutes print it: 14:00 is 2.00 pm, 19:38 is 7.38 pm, 12:00 is noon."""
    if not time:
        return ""
    hours, minutes = (int(part) for part in time.split(":"))
    if (hours, minutes) == (12, 0):
        return "12 noon"
    return f"{(hours - 1) % 12 + 1}.{minutes:02d} {'am' if hours < 12 else 'pm'}"


def meeting_hours(meeting: Meeting) -> str:
    """When the meeting sat, in one form: '5.30 pm to 7.38 pm' (the end from the record, or the
    time the minutes say it closed)."""
    end = meeting.record.end_time or (meeting.minutes.front.closed_at if meeting.minutes else None)
    start = clock(meeting.record.start_time)
    if start and end:
        return f"{start} to {clock(end)}"
    return start or (f"closed at {clock(end)}" if end else "")


def thread_size(thread: Thread) -> str:
    """'3 minutes', '1 minute and 3 rows followed up'."""
    minutes = f"{len(thread.minutes)} minute{'s' if len(thread.minutes) != 1 else ''}"
    rows = len(thread.rows)
    return minutes + (f" and {rows} row{'s' if rows != 1 else ''} that follow{'' if rows != 1 else 's'} it up"
                      if rows else "")


def meeting_status(meeting: Meeting, committee: Committee) -> str:
    """The meeting's status in words. A meeting still marked scheduled although the committee
    has met since was planned and never recorded here: it is not called scheduled. (The build
    never looks at the clock: a scheduled meeting after the last one held stays scheduled.)"""
    status = meeting.record.status.value
    if status == "scheduled" and any(m.is_held and m.date > meeting.date for m in committee.meetings):
        return "Planned; no record of it in this archive"
    return status.capitalize()


def documents_in_agenda_order(meeting: Meeting) -> list[DocumentFile]:
    """The meeting's documents in the order the agenda lists them (an item's `documents:`, then
    documents naming the item), then any the agenda does not name, by title."""
    order: dict[str, int] = {}

    def walk(items, prefix=""):
        for item in items:
            number = prefix + item.number
            for slug in item.documents:
                order.setdefault(slug, len(order))
            for doc in meeting.documents:
                if doc.document.agenda_item == number:
                    order.setdefault(doc.slug, len(order))
            walk(item.items, number)
    walk(meeting.record.agenda)
    return sorted(meeting.documents, key=lambda d: (order.get(d.slug, len(order)), d.document.title.lower(), d.slug))


def long_date(date: dt.date | None) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}" if date else ""


def short_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else ""


PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
NOT_PLACEHOLDERS = str.maketrans("\ue000\ue001", "\ufffd\ufffd")
EXTERNAL_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.I)
# Text that Markdown would only wrap in <p>: no markup characters, no indented or list lines.
PLAIN_TEXT = re.compile(r"(?:(?![ \t]|[-+*>#|]|\d+[.)]\s)[^\n*_`\[\]<>&\\!#|~=:{}]*(?<! )(?:\n|$))*", re.S)
ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
FOOTNOTE_ID = re.compile(r"^fn(?:ref)?:[\w-]+$")
CLEAN_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, **{tag: nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | {"id"}
                                                 for tag in ("a", "li", "sup", "div")}}


class _Renderer:
    def __init__(self, archive: Archive, linked: LinkedArchive, files: CheckedFiles | None):
        self.archive = archive
        self.linked = linked
        self.files = files
        self._markdown_cache: dict[tuple[str, str, str], Markup] = {}
        self._relative_cache: dict[tuple[str, str], str] = {}
        self.newest = max((linked.updated(m) for m in archive.meetings), default=dt.date(2000, 1, 1))
        self.proceedings = proceedings_at(public_proceedings(archive))
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator.render", "templates"),
            autoescape=True,
            auto_reload=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=page_text,
            # Markdown's heading ids, {#minute-73}, would otherwise open Jinja comments.
            comment_start_string="{%#",
            comment_end_string="#%}",
        )
        self._markdown = markdown_lib.Markdown(extensions=["sane_lists", "tables", "footnotes"])
        self.env.filters.update(
            markdown=jinja2.pass_context(lambda context, text: self.markdown(
                text, context.get("url_prefix", ""), context.get("meeting"))),
            long_date=long_date,
            clock=clock,
            short_date=short_date,
            inline=lambda html: Markup(ONE_PARAGRAPH.sub(r"\1", str(html).strip())),
        )
        self.env.globals.update(
            minute_anchor=minute_anchor,
            anchored_paragraphs=anchored_paragraphs,
            front_matter=front_matter,
            document_type_label=DOCUMENT_TYPE_LABELS.get,
            archive=archive,
        )

    def markdown(self, text: str | None, url_prefix: str = "", meeting: Meeting | None = None) -> Markup:
        """Maintainer Markdown to HTML, with raw HTML cleaned to an allow-list.

        Relative URLs (attachments beside the records of `meeting`) get `url_prefix`, for pages
        that sit a level below their meeting's folder; a link to a record file leads to its page."""
        if not text:
            return Markup("")
        key = (text, url_prefix, meeting.folder if meeting is not None else "")
        if key not in self._markdown_cache:
            self._markdown_cache[key] = self._convert(text, url_prefix, meeting)
        return self._markdown_cache[key]

    def record_href(self, meeting: Meeting | None, url: str) -> str | None:
        """Where a link in `meeting`'s texts that names a record file leads, from the meeting's
        folder: the record's page (records are published as pages, never as files)."""
        found = self.files.record_page(meeting, url) if self.files is not None and meeting is not None else None
        if found is None:
            return None
        page, fragment = found
        href = relative_url(page_url(page), page_url(meeting_path(meeting)))
        return href + (f"#{fragment}" if fragment else "")

    def _convert(self, text: str, url_prefix: str, meeting: Meeting | None) -> Markup:
        if PLAIN_TEXT.fullmatch(text):
            # Plain paragraphs (most minutes): what Markdown would make of them, without its cost.
            paragraphs = (p.strip("\n") for p in BLANK_LINE.split(text.strip("\n")))
            return Markup("\n".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs if p.strip()))
        html = self._markdown.reset().convert(text)

        def rebase(element: str, attribute: str, value: str) -> str | None:
            if attribute == "id":
                return value if FOOTNOTE_ID.match(value) else None
            if attribute in ("href", "src") and not EXTERNAL_URL.match(value):
                record = self.record_href(meeting, value)
                return (url_prefix + (record if record is not None else value)) or "./"
            return value

        return neutral_html(nh3.clean(html, attributes=CLEAN_ATTRIBUTES, attribute_filter=rebase))

    def linked_markdown(self, text: str | None, place: Place, href_of, url_prefix: str = "") -> Markup:
        """Markdown whose references become links (or 'not in this archive' marks).

        References are swapped for placeholders before the Markdown is rendered and cleaned,
        then replaced by the reference template, so the allow-list never sees our own markup."""
        if not text:
            return Markup("")
        links = self.linked.links_in(text, place)
        own = text.translate(NOT_PLACEHOLDERS)  # the text's own marks are never taken for ours
        pieces, last = [], 0
        for index, link in enumerate(links):
            pieces += [own[last:link.reference.start], f"\ue000{index}\ue001"]
            last = link.reference.end
        html = self.markdown("".join(pieces) + own[last:], url_prefix, self.archive.meeting(place.meeting))
        template = self.env.get_template("_reference.j2")
        return Markup(PLACEHOLDER.sub(
            lambda m: template.render(link=links[int(m[1])], href=href_of(links[int(m[1])])), html))

    def linked_title(self, text: str, place: Place, href_of) -> Markup:
        """A title (text, never Markdown) whose references become links."""
        links = self.linked.links_in(text, place)
        template = self.env.get_template("_reference.j2")
        pieces, last = [], 0
        for link in links:
            pieces += [page_text(text[last:link.reference.start]),
                       Markup(template.render(link=link, href=href_of(link)))]
            last = link.reference.end
        return Markup("").join(pieces + [page_text(text[last:])])

    def quotation(self, text: str, meeting: Meeting, href_of) -> Markup:
        """Words quoted away from their meeting (a declaration on a person's page): each reference
        the resolver places is shown as its target, 'minute 75, 6 April 2017', since the words
        around it ('minute 75 below') made sense only on the meeting's page."""
        plain = markdown_as_text(text)
        links = self.linked.links_in(plain, declarations_place(meeting))
        template = self.env.get_template("_quoted_reference.j2")
        pieces, last = [], 0
        for link in links:
            if link.target is None or link.target.minute is None:
                continue
            pieces += [page_text(plain[last:link.reference.start]),
                       Markup(template.render(link=link, href=href_of(link),
                                              target=self.archive.meeting(link.target.meeting)).strip())]
            last = link.reference.end
        return Markup("").join(pieces + [page_text(plain[last:])])

    def render(self, template: str, path: str, url_prefix: str = "", updated: dt.date | None = None,
               **context) -> Page:
        """`url_prefix` leads from the page to its meeting's folder, where attachments are."""
        here_dir = page_url(path)

        def link(target_path: str, anchor: str = "") -> str:
            key = (target_path, here_dir)
            if key not in self._relative_cache:
                self._relative_cache[key] = relative_url(page_url(target_path), here_dir)
            prefix = self._relative_cache[key]
            return Markup.escape(prefix + f"#{anchor}" if anchor else prefix or "./")

        def target_href(found: Link) -> str:
            if found.target is None:
                return ""
            return link(meeting_path(self.archive.meeting(found.target.meeting)), found.target.anchor)

        def source_href(place: Place) -> str:
            meeting = self.archive.meeting(place.meeting)
            if place.document:
                return link(document_path(meeting, meeting.document(place.document)), place.anchor)
            return link(meeting_path(meeting), minute_anchor(place.minute) if place.minute else "")

        helpers = dict(
            link=link,
            minute_text=lambda text, meeting, number: self.linked_markdown(
                text, minute_place(meeting, number), target_href),
            document_text=lambda text, meeting, doc: self.linked_markdown(
                text, document_place(meeting, doc.slug, doc.document.title), target_href, url_prefix),
            url_prefix=url_prefix,
            agenda_text=lambda text, meeting, number: self.linked_markdown(
                text, agenda_place(meeting, number), target_href),
            agenda_title=lambda text, meeting, number: self.linked_title(
                text, agenda_place(meeting, number), target_href),
            backlinks=lambda meeting, number: self.linked.backlinks.get((meeting.key, number), []),
            approval_of=lambda meeting: self.linked.approvals.get(meeting.key),
            thread_of=lambda meeting, number: self.linked.thread_of((meeting.key, number)),
            thread_link=lambda thread: link(threads_path(thread.started.year), thread.slug),
            meeting_by_key=self.archive.meeting,
            minute_titled=minute_titled,
            minutes_state=self.minutes_state,
            people_named=self.people_named,
            meeting_of_committee_on=lambda committee, date: committee.meeting_on(date),
            minute_named=minute_named,
            proceedings_at=lambda meeting, number=None: self.proceedings.get(
                (meeting.key, number) if number else meeting.key, []),
            source_href=source_href,
            source_meeting=lambda place: self.archive.meeting(place.meeting),
            meeting_link=lambda m, anchor="": link(meeting_path(m), anchor),
            document_link=lambda m, d: link(document_path(m, d)),
            committee_link=lambda c: link(committee_path(c)),
            council_link=lambda c: link(council_path(c)),
            person_name=lambda ref, council: self.person_name(ref, council),
            name_of_id=lambda person_id, council: self.person_name(PersonRef(person=person_id), council),
            committee_of=lambda m: self.archive.committee(m.council, m.committee),
            council_of=lambda m: self.archive.council(m.council),
            minutes_range=minutes_range,
            decisions_of=self.decisions_of,
            documents_in_agenda_order=documents_in_agenda_order,
            meeting_hours=meeting_hours,
            body_sections=body_sections,
            thread_size=thread_size,
            backlinked_minutes=lambda meeting, number: {
                (place.meeting, place.minute) for place in self.linked.backlinks.get((meeting.key, number), [])
                if place.minute},
            quotation=lambda text, meeting: self.quotation(text, meeting, target_href),
            thread_last=lambda thread: max((self.archive.meeting(key) for key in
                                            [thread.minutes[-1][0], *(place.meeting for place in thread.rows)]),
                                           key=lambda m: m.date),
            person_named=self.person_named,
            meeting_status=lambda m: meeting_status(m, self.archive.committee(m.council, m.committee)),
            permalink=lambda meeting, number: link(
                minute_permalink(self.archive, meeting.council, meeting.committee, meeting.slug, number) + "index.md"),
        )
        text = mark_html_blocks(self.env.get_template(template).render(**context, **helpers))
        return Page(path, _with_updated(text, updated or self.newest), updated or self.newest)

    def decisions_of(self, meeting: Meeting) -> list[MinuteDecisions]:
        by_minute: dict[str, list[Decision]] = {}
        titles: dict[str, str] = {}
        for item, block, resolution, anchor in decisions(meeting):
            by_minute.setdefault(item.number, []).append(Decision(block.verb.value, anchor, in_brief(resolution.text)))
            titles[item.number] = item.title
        return [MinuteDecisions(number, titles[number], tuple(found),
                                tuple((place, self.row_status(place)) for place in self.follow_ups(meeting, number)))
                for number, found in by_minute.items()]

    def follow_ups(self, meeting: Meeting, number: str) -> list[Place]:
        """What came after a minute: later minutes that cite it, and tracker and work-programme
        rows (a reference from earlier in the same meeting is not a follow-up)."""
        return [place for place in self.linked.backlinks.get((meeting.key, number), [])
                if place.document or place.meeting != meeting.key
                or self.archive.meeting(place.meeting).date > meeting.date]

    def row_status(self, place: Place) -> str:
        """A tracker row's status in words ('Completed'), where the place is such a row."""
        if not place.anchor.startswith("row-") or not place.document:
            return ""
        document = self.archive.meeting(place.meeting).document(place.document).document
        rows = getattr(document, "rows", ())
        index = int(place.anchor.removeprefix("row-")) - 1
        return rows[index].status.value.replace("-", " ").capitalize() if index < len(rows) else ""

    def minutes_state(self, meeting: Meeting) -> str:
        if meeting.minutes is None:
            return "Not in this archive"
        approval = self.linked.approvals.get(meeting.key)
        if (approval and approval.confirmed) or meeting.minutes.front.status.value == "confirmed":
            return "Confirmed"
        return "Draft, submitted for approval" if approval else "Draft"

    def people_named(self, meeting: Meeting) -> list[str]:
        """Everyone the meeting's record names (attendance and declarations), for the search filter."""
        attendance = meeting.record.attendance
        refs = [ref for _, group in attendance.by_role() for ref in group]
        if meeting.minutes is not None:
            refs += [d.member for d in meeting.minutes.front.declarations]
        return sorted({self.person_name(ref, meeting.council) for ref in refs})

    def person_named(self, text: str, council: str) -> str | None:
        """The id of the one person of the council whose name, with or without honorific, is
        `text` as written (an action plan's 'By whom'); None for none or more than one."""
        wanted = " ".join(text.split()).lower()
        found = [person_id for person_id, person in self.archive.council(council).people.items()
                 if wanted in (person.name.lower(), person.display_name.lower())]
        return found[0] if len(found) == 1 else None

    def person_name(self, ref: PersonRef, council: str) -> str:
        if ref.person:
            person = self.archive.person(council, ref.person)
            return person.display_name if person else ref.person
        return ref.name or ""


@dataclass(frozen=True)
class PageJob:
    """A page to render: its path, the meetings whose minutes text it shows (see page_inputs.py)
    and how to render it. Jobs are cheap to make; what a page needs is gathered when it renders."""

    path: str
    render: Callable[[], Page]
    shows: tuple[Meeting, ...] = ()




# Below this many pages to render, forking a second process costs more than it saves.
MIN_JOBS_TO_FORK = 50


def render_pages(archive: Archive, linked: LinkedArchive, guide_markdown: str,
                 inputs: PageInputs, before: Mapping[str, RenderedBefore] | None = None,
                 workers: int = 2, files: CheckedFiles | None = None) -> list[Page]:
    """Every page of the site, in a fixed order. A page whose inputs have the digest they had
    `before` is not rendered again: it comes back without text, its file in the project being
    current. Pages are independent of one another, so on a machine with cores to spare they are
    rendered `workers` at a time (see `processes/helpers.py`)."""
    before = before or {}
    renderer = _Renderer(archive, linked, files)
    jobs = [(job, inputs.digest(job.shows)) for job in _page_jobs(renderer, archive, linked, guide_markdown)]
    stale = [job for job, digest in jobs if getattr(before.get(job.path), "inputs", None) != digest]
    rendered = dict(zip((job.path for job in stale),
                        run_shared([job.render for job in stale], workers if (os.cpu_count() or 1) > 1 else 1,
                                   MIN_JOBS_TO_FORK)))
    return [replace(rendered[job.path], inputs=digest) if job.path in rendered
            else Page(job.path, None, before[job.path].updated, digest) for job, digest in jobs]


def _page_jobs(renderer: _Renderer, archive: Archive, linked: LinkedArchive, guide_markdown: str) -> list[PageJob]:
    render = renderer.render
    activity = cache(lambda: person_activity(archive))
    jobs = [
        PageJob("index.md", lambda: render("home.md.j2", "index.md", upcoming=upcoming(archive))),
        PageJob("about.md", partial(render, "about.md.j2", "about.md")),
        PageJob("search.md", partial(render, "search.md.j2", "search.md", bundles=search_bundles(archive))),
        PageJob("writing-records.md", partial(Page, "writing-records.md",
                                              _with_updated(guide_markdown, renderer.newest), renderer.newest)),
        PageJob("accessibility.md", partial(render, "accessibility.md.j2", "accessibility.md")),
    ]
    jobs += _calendar_jobs(renderer, archive)
    by_year = threads_by_year(linked.threads)
    jobs.append(PageJob("threads/index.md", partial(render, "threads.md.j2", "threads/index.md", years=[
        (year, len(threads)) for year, threads in reversed(by_year.items())])))
    jobs += [PageJob(threads_path(year), partial(render, "threads_year.md.j2", threads_path(year), year=year,
                                                threads=threads)) for year, threads in by_year.items()]
    for council in archive.councils:
        jobs.append(PageJob(council_path(council), partial(
            render, "council.md.j2", council_path(council), council=council,
            updated=max(map(linked.updated, council.meetings), default=None))))
        people_path = people_index_path(council)
        jobs.append(PageJob(people_path, lambda council=council, path=people_path: render(
            "people.md.j2", path, council=council,
            people=[activity()[(council.slug, person_id)] for person_id in sorted(council.people)])))
        for person_id in sorted(council.people):
            path = person_path(council, person_id)
            jobs.append(PageJob(path, lambda council=council, path=path, key=(council.slug, person_id): render(
                "person.md.j2", path, council=council, activity=activity()[key])))
        for committee in council.committees:
            jobs += _committee_jobs(renderer, linked, council, committee)
    return jobs


def _committee_jobs(renderer: _Renderer, linked: LinkedArchive, council: Council, committee: Committee) -> list[PageJob]:
    render = renderer.render
    jobs = [PageJob(committee_path(committee), partial(
        render, "committee.md.j2", committee_path(committee), council=council, committee=committee,
        updated=max(map(linked.updated, committee.meetings), default=None)))]
    years = committee.minutes_by_year()
    for year, meetings in years.items():
        path = resolutions_path(committee, year)
        jobs.append(PageJob(path, lambda path=path, year=year: render(
            "resolutions.md.j2", path, council=council, committee=committee, year=year, years=list(years),
            rows=committee.resolutions_by_year()[year]), shows=tuple(meetings)))
    for meeting in committee.meetings:
        jobs.append(PageJob(meeting_path(meeting), partial(
            render, "meeting.md.j2", meeting_path(meeting), updated=linked.updated(meeting), council=council,
            committee=committee, meeting=meeting), shows=(meeting,)))
        jobs += [PageJob(document_path(meeting, doc), partial(_document_page, renderer, council, committee, meeting, doc),
                         shows=(meeting,)) for doc in meeting.documents if doc.document.is_public]
    return jobs


def _with_updated(text: str, updated: dt.date) -> str:
    """Stamp the page's front matter with the date its content last changed (for the sitemap)."""
    if text.startswith("---\n"):
        return f"---\nupdated: {updated.isoformat()}\n" + text[4:]
    return f"---\nupdated: {updated.isoformat()}\n---\n\n" + text


def _document_page(renderer: _Renderer, council: Council, committee: Committee,
                   meeting: Meeting, doc: DocumentFile) -> Page:
    return renderer.render(DOCUMENT_TEMPLATES[type(doc.document)], document_path(meeting, doc), "../",
                           updated=renderer.linked.updated(meeting), council=council, committee=committee,
                           meeting=meeting, doc=doc, document=doc.document)


def upcoming(archive: Archive) -> list[tuple]:
    """Scheduled meetings and work-programme dates after each committee's latest held meeting,
    as (date, committee, what, meeting or None). Which of them are still in the future is
    decided in the reader's browser: the build itself never looks at the clock."""
    found = {}
    for council in archive.councils:
        for committee in council.committees:
            held = [m.date for m in committee.meetings if m.is_held]
            latest = max(held, default=None)
            for meeting in committee.meetings:
                if meeting.record.status.value == "scheduled" and (latest is None or meeting.date > latest):
                    found[(meeting.date, committee.council, committee.slug)] = (meeting.date, committee, "scheduled", meeting)
            for _, doc in committee.work_programmes:
                for planned in doc.document.meetings:
                    key = (planned.date, committee.council, committee.slug)
                    if (latest is None or planned.date > latest) and key not in found:
                        found[key] = (planned.date, committee, "planned in the work programme", None)
    return [found[key] for key in sorted(found)]


def threads_by_year(threads: list[Thread]) -> dict[int, list[Thread]]:
    """Threads by the year their first minute was taken, oldest year first. One page a year
    rather than one a thread: a thread's own content is a short list (each of its minutes shows
    the whole thread too), which on a page of its own would be a tenth of the page."""
    by_year: dict[int, list[Thread]] = {}
    for thread in threads:
        by_year.setdefault(thread.started.year, []).append(thread)
    return dict(sorted(by_year.items()))


def _calendar_jobs(renderer: "_Renderer", archive: Archive) -> list[PageJob]:
    by_year: dict[int, list[Meeting]] = {}
    for meeting in archive.meetings:
        by_year.setdefault(meeting.date.year, []).append(meeting)
    jobs = [PageJob("calendar/index.md", partial(
        renderer.render, "calendar_index.md.j2", "calendar/index.md",
        years=[(year, len(meetings)) for year, meetings in sorted(by_year.items(), reverse=True)]))]
    for year, meetings in sorted(by_year.items()):
        months: dict[str, list[Meeting]] = {}
        for meeting in meetings:
            months.setdefault(f"{meeting.date:%B} {year}", []).append(meeting)
        jobs.append(PageJob(f"calendar/{year}.md", partial(renderer.render, "calendar.md.j2", f"calendar/{year}.md",
                                                           year=year, months=list(months.items()))))
    return jobs


def guide_markdown() -> str:
    text = resources.files("generator").joinpath("guide/writing-records.md").read_text(encoding="utf-8")
    return ('---\ntitle: Writing records\ndescription: "How to write the records of a scrutiny archive: meetings, '
            'minutes, documents, references and exempt material."\n---\n\n' + text)


PARAGRAPH_HTML = re.compile(r"<p>(.*?)</p>", re.S)
_OPENED = re.compile(r"<(?!/|br\b|img\b|wbr\b)[a-z]")
_CLOSED = re.compile(r"</[a-z]")


def anchored_paragraphs(html: Markup, number: str, labels: tuple[str, ...]) -> Markup:
    """A minute's rendered narrative with an id on each numbered paragraph the parser found in it
    (`labels`): '66.1 ...' becomes the paragraph minute-66-paragraph-1, which references to
    'Minute 66.1' link to. Lines of one Markdown paragraph that start with a label become
    paragraphs of their own, as the minutes print them; only where no inline markup is left open
    across the line. The ids are made from the label and the anchor alone, never from the text."""
    if not labels:
        return html
    wanted = set(labels)

    def paragraph(match: re.Match) -> str:
        pieces: list[list[str]] = []
        for line in match[1].split("\n"):
            balanced = pieces and len(_OPENED.findall("\n".join(pieces[-1]))) == len(_CLOSED.findall("\n".join(pieces[-1])))
            if not pieces or (balanced and paragraph_label(number, line) in wanted):
                pieces.append([line])
            else:
                pieces[-1].append(line)
        out = []
        for piece in pieces:
            text = "\n".join(piece)
            label = paragraph_label(number, text)
            if label in wanted:
                wanted.discard(label)
                out.append(f'<p id="{paragraph_anchor(number, label)}">{text}</p>')
            else:
                out.append(f"<p>{text}</p>")
        return "\n".join(out)

    return Markup(PARAGRAPH_HTML.sub(paragraph, str(html)))


def minutes_range(items: tuple[MinuteItem, ...]) -> str:
    """'71 to 75': the first and last printed numbers; minutes printed without one are not counted."""
    items = tuple(item for item in items if item.numbered)
    if not items:
        return ""
    return items[0].number if len(items) == 1 else f"{items[0].number} to {items[-1].number}"
