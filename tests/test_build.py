"""`scrutiny build`: determinism, atomic publication, and page chrome that does not grow."""

import gc
import os
import re
import shutil
import subprocess
import sys
import weakref
from importlib import metadata
from pathlib import Path

import pytest

from generator.build import build, check
from generator.render.page_inputs import page_inputs
from generator.render.pages import MIN_JOBS_TO_FORK, guide_markdown, render_pages
from generator.publish.search import PAGEFIND_UNSTABLE
from generator.read.sources import read_ahead
from generator.incremental.build_record import BuildRecord, SpareRecord, folder_identity
from generator.publish.engine import compact_html, mirror, prepare_spare, run_mkdocs
from generator.publish.mkdocs_project import write_project
from tests.conftest import FIXTURES, add_meetings, copy_archive, digest, run_cli, stable_digest

MEETING = "content/testshire/overview-scrutiny/2016-06-01"






def test_two_builds_of_the_same_content_are_byte_identical(minimal_copy, tmp_path):
    assert build(minimal_copy, tmp_path / "one").ok
    shutil.rmtree(minimal_copy / ".scrutiny")
    assert build(minimal_copy, tmp_path / "two").ok
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    stable_one = {p: h for p, h in one.items() if not PAGEFIND_UNSTABLE.match(p)}
    stable_two = {p: h for p, h in two.items() if not PAGEFIND_UNSTABLE.match(p)}
    assert stable_one == stable_two
    assert any(path.startswith("pagefind/testshire/overview-scrutiny/fragment/") for path in stable_one)


def test_the_site_folder_is_readable_by_a_web_server(minimal_copy):
    """Regression: the site folder was made by mkdtemp, readable by its owner alone, which a web
    server running as another user, or GitHub Pages's deployment, cannot read."""
    assert build(minimal_copy).ok
    assert (minimal_copy / "site").stat().st_mode & 0o777 == 0o755
    assert all(p.stat().st_mode & 0o444 == 0o444 for p in (minimal_copy / "site").rglob("*"))
    assert build(minimal_copy).incremental
    assert (minimal_copy / "site").stat().st_mode & 0o777 == 0o755


def test_a_build_with_content_errors_leaves_the_previous_site_untouched(minimal_copy):
    assert run_cli("build", "--root", str(minimal_copy)).returncode == 0
    before = digest(minimal_copy / "site")
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("::: RESOLVED", "::: RESOLVE"))
    result = run_cli("build", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "previous site was left as it was" in result.stdout
    assert digest(minimal_copy / "site") == before


def test_an_engine_failure_leaves_the_previous_site_untouched(minimal_copy):
    assert run_cli("build", "--root", str(minimal_copy)).returncode == 0
    before = digest(minimal_copy / "site")
    (minimal_copy / "theme" / "main.html").write_text('{% extends "base.html" %}{% block content %}{% if %}{% endblock %}')
    result = run_cli("build", "--root", str(minimal_copy))
    assert result.returncode == 2
    assert "MkDocs failed" in result.stderr
    assert "Traceback" not in result.stdout
    assert digest(minimal_copy / "site") == before
    assert not list(minimal_copy.glob(".site-building-*"))


def chrome(page: Path) -> str:
    """A page's HTML outside its own content (the article)."""
    return re.sub(r"<article\b.*?</article>", "", page.read_text(), flags=re.S)


def test_page_chrome_does_not_grow_with_the_archive(minimal_copy, tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    shutil.copytree(minimal_copy, small)
    shutil.copytree(minimal_copy, large)
    add_meetings(small, 6)
    add_meetings(large, 69)
    assert build(small).ok and build(large).ok
    page = "testshire/overview-scrutiny/2016-06-01/index.html"
    assert len(list((large / "site/testshire/overview-scrutiny").glob("20*"))) == 70
    assert chrome(small / "site" / page) == chrome(large / "site" / page)
    assert "2017-03-13" not in chrome(large / "site" / page)


def test_the_mkdocs_project_is_ordinary_and_lists_no_meetings_in_its_navigation(minimal_copy):
    assert build(minimal_copy).ok
    config = (minimal_copy / ".scrutiny" / "mkdocs.yml").read_text()
    assert "plugins: []" in config
    assert "2016-06-01" not in config
    assert (minimal_copy / ".scrutiny/docs/testshire/overview-scrutiny/2016-06-01/index.md").is_file()


def test_a_second_build_with_nothing_changed_rebuilds_nothing(minimal_copy):
    first = build(minimal_copy)
    assert first.ok and not first.incremental
    assert first.bundles_indexed == ("testshire/overview-scrutiny", "testshire/people")
    before = stable_digest(minimal_copy / "site")
    second = build(minimal_copy)
    assert second.ok and second.incremental
    assert (second.pages_rendered, second.pages_changed, second.bundles_indexed) == (0, 0, ())
    assert stable_digest(minimal_copy / "site") == before


def test_a_finished_build_keeps_nothing_of_its_archive_alive(minimal_copy):
    """A bug: the resolver's links were remembered by a class-wide cache, so every build's archive
    lived on (`scrutiny serve` grew by an archive per rebuild; the CLI spent seconds freeing it)."""
    result = build(minimal_copy)
    assert result.ok
    resolver, archive = weakref.ref(result.resolver), weakref.ref(result.archive)
    del result
    gc.collect()
    assert resolver() is None and archive() is None


def test_a_committee_without_meetings_has_no_search_bundle(minimal_copy):
    """Regression: Pagefind, given a folder where no page is marked for the index, indexed its
    pages whole: the empty committee's own page became a search result."""
    config = minimal_copy / "site_config.yml"
    config.write_text(config.read_text() + "      health-scrutiny:\n        name: Health Scrutiny Committee\n")
    result = build(minimal_copy)
    assert result.ok and result.bundles_indexed == ("testshire/overview-scrutiny", "testshire/people")
    assert (minimal_copy / "site/testshire/health-scrutiny/index.html").is_file()
    assert not (minimal_copy / "site/pagefind/testshire/health-scrutiny").exists()


def test_an_incremental_build_after_one_edit_equals_a_clean_build(minimal_copy, tmp_path):
    assert build(minimal_copy).ok
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("There were no apologies.", "There were no apologies today."))
    incremental = build(minimal_copy)
    assert incremental.ok and incremental.incremental
    assert incremental.bundles_indexed == ("testshire/overview-scrutiny",)
    assert 0 < incremental.pages_changed < incremental.pages_written
    clean = tmp_path / "clean"
    shutil.copytree(minimal_copy, clean, ignore=shutil.ignore_patterns("site", ".scrutiny"))
    assert build(clean).ok
    assert stable_digest(minimal_copy / "site") == stable_digest(clean / "site")
    assert "There were no apologies today." in (minimal_copy / "site/testshire/overview-scrutiny/2016-06-01/index.html").read_text()


CHILDREN_2016 = "northshire/children-scrutiny/2016-09-01/minutes.md"
# Northshire's two committees have few meetings: one search bundle holds both (site_paths.search_bundles).
NORTHSHIRE = "northshire/children-scrutiny_health-scrutiny-board"
EDITS = {
    # name: (fixture, file under content/, text, replacement, only that meeting's pages re-rendered,
    #        search bundles indexed again)
    "a word of a paragraph": ("cross-references", CHILDREN_2016, "discussed fostering", "discussed fostering at length",
                              True, (NORTHSHIRE,)),
    "a word of a resolution": ("cross-references", CHILDREN_2016, "Requests a further report.",
                               "Requests a further written report.", True, (NORTHSHIRE,)),
    "a minute's title": ("cross-references", CHILDREN_2016, "## 29. Fostering", "## 29. Fostering and adoption", False,
                         (NORTHSHIRE,)),  # the health board's meetings show its title in their thread
    "a reference to another meeting": ("cross-references", "northshire/children-scrutiny/2017-04-06/minutes.md",
                                       "and to minute 29, the Board", "the Board", False, (NORTHSHIRE,)),
    "attendance": ("minimal-archive", "testshire/overview-scrutiny/2016-06-01/meeting.yml", "present: [b-member]",
                   "present: []", False, ("testshire/overview-scrutiny", "testshire/people")),
}


@pytest.mark.parametrize("fixture, path, text, replacement, few, bundles", EDITS.values(), ids=EDITS.keys())
def test_an_incremental_build_renders_only_pages_whose_inputs_changed_and_equals_a_clean_build(
        tmp_path, fixture, path, text, replacement, few, bundles):
    root = copy_archive(FIXTURES / fixture, tmp_path / "archive")
    assert build(root).ok
    source = root / "content" / path
    assert text in source.read_text()
    source.write_text(source.read_text().replace(text, replacement, 1))
    rebuilt = build(root)
    assert rebuilt.ok and rebuilt.incremental
    if few:  # the meeting's page, and its committee's resolutions for the year
        assert rebuilt.pages_rendered == 2
    else:
        assert rebuilt.pages_rendered == rebuilt.pages_written
    assert rebuilt.bundles_indexed == bundles
    clean = copy_archive(root, tmp_path / "clean")
    assert build(clean).ok
    assert stable_digest(root / "site") == stable_digest(clean / "site")


def shared_with_spare(root: Path) -> float:
    """The share of the site's files (MkDocs's pages, our redirects and data; Pagefind's index
    is written last) that are the spare site's files too, hard links."""
    site, spare = root / "site", root / ".site-spare"
    files = [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] != "pagefind"]
    return sum((spare / p.relative_to(site)).is_file() and (spare / p.relative_to(site)).stat().st_ino == p.stat().st_ino
               for p in files) / len(files)


def test_a_full_build_leaves_a_spare_site_that_the_next_build_need_not_relink(minimal_copy):
    """Regression: the first rebuild after a full build relinked every file of the spare site,
    4 s at 5,000 meetings (and then, the redirects and data, written beside Pagefind); the full
    build now makes the spare while Pagefind runs, once those are written."""
    assert build(minimal_copy).ok
    assert shared_with_spare(minimal_copy) == 1
    (minimal_copy / "theme/assets/stylesheets/archive.css").write_text("/* changed */\n", encoding="utf-8")
    assert build(minimal_copy).incremental is False
    assert shared_with_spare(minimal_copy) == 1
    assert sorted(p.name for p in minimal_copy.glob(".site*")) == [".site-spare"]


def test_removing_a_page_or_changing_the_theme_means_a_full_build(minimal_copy):
    assert build(minimal_copy).ok
    (minimal_copy / MEETING / "fostering-report.md").unlink()
    meeting = minimal_copy / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text().replace("    documents: [fostering-report]\n", ""))
    minutes = minimal_copy / MEETING / "minutes.md"
    assert build(minimal_copy).incremental is False
    assert not (minimal_copy / "site/testshire/overview-scrutiny/2016-06-01/fostering-report").exists()
    (minimal_copy / "theme/assets/stylesheets/archive.css").write_text("/* changed */\n", encoding="utf-8")
    minutes.write_text(minutes.read_text() + "\n")
    assert build(minimal_copy).incremental is False


def test_an_incremental_build_that_fails_late_leaves_the_previous_site_untouched(minimal_copy, monkeypatch):
    """The staging folder of an incremental build is hard links into the live site: no step may
    write through them."""
    assert build(minimal_copy).ok
    before = digest(minimal_copy / "site")
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("There were no apologies.", "There were no apologies today."))

    def failing_index(*args, **kwargs):
        raise RuntimeError("the search index failed")

    monkeypatch.setattr("generator.build.index_site", failing_index)
    with pytest.raises(RuntimeError):
        build(minimal_copy)
    assert digest(minimal_copy / "site") == before
    monkeypatch.undo()
    assert build(minimal_copy).incremental is False  # the failed build left no record to start from


def test_an_incremental_build_removes_the_permalink_of_a_deleted_minute(minimal_copy):
    assert build(minimal_copy).ok
    permalink = minimal_copy / "site/m/testshire/overview-scrutiny/2016-06-01/1/index.html"
    assert permalink.is_file()
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("## 1. Apologies\n\nThere were no apologies.\n\n", ""))
    rebuilt = build(minimal_copy)
    assert rebuilt.ok and rebuilt.incremental
    assert not permalink.exists() and not permalink.parent.exists()
    assert (minimal_copy / "site/m/testshire/overview-scrutiny/2016-06-01/2/index.html").is_file()


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_mirror_makes_a_folder_hold_hard_links_to_exactly_anothers_files(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    (source / "a/b").mkdir(parents=True)
    (source / "a/b/page.html").write_text("page")
    (source / "kept.txt").write_text("kept")
    (source / "was-a-folder").write_text("now a file")
    (target / "a").mkdir(parents=True)
    (target / "a/stale.html").write_text("stale")
    (target / "was-a-folder").mkdir()
    (target / "was-a-folder/inside.txt").write_text("inside")
    (target / "kept.txt").write_text("an older version, another inode")
    mirror(source, target)
    assert inodes(target) == inodes(source)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "a", "a/b", "a/b/page.html", "kept.txt", "was-a-folder"]


def tree(folder: Path) -> dict[str, int | None]:
    """Every file's inode and every folder (None) under `folder`."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.stat().st_ino for p in folder.rglob("*")}


def spare_brought_up_to_date(root: Path) -> SpareRecord:
    """Bring the spare up to date as the next build would, from the last build's record, which
    must vouch for it; returns that record."""
    site, spare = root / "site", root / ".site-spare"
    record = BuildRecord.read(root / ".scrutiny", root / ".scrutiny/docs", site, ()).spare
    assert record is not None and record.vouches_for(folder_identity(site), folder_identity(spare))
    assert prepare_spare(site, record) == spare
    return record


def test_the_spare_brought_up_to_date_from_the_last_builds_record_is_the_site(minimal_copy):
    """A build records what it changed, so that the next one relinks only that in the spare site
    (not every file, which at 5,000 meetings is a scan of some 50,000 folders): after it, the
    spare is the site, file for file, as a full comparison would have made it."""
    site, spare = minimal_copy / "site", minimal_copy / ".site-spare"
    minutes = minimal_copy / MEETING / "minutes.md"
    assert build(minimal_copy).ok  # a full build: Pagefind's index is written after its spare is made
    assert all(path.startswith("pagefind/") for path in spare_brought_up_to_date(minimal_copy).changed)
    assert tree(spare) == tree(site)
    for text, replacement in [("There were no apologies.", "There were no apologies today."),
                              ("## 1. Apologies\n\nThere were no apologies today.\n\n", "")]:
        minutes.write_text(minutes.read_text().replace(text, replacement))
        assert build(minimal_copy).incremental
        changed = spare_brought_up_to_date(minimal_copy).changed
        assert 0 < len(changed) < len(tree(site)) / 4
        assert tree(spare) == tree(site)
    assert "m/testshire/overview-scrutiny/2016-06-01/1/index.html" in changed


def test_a_build_stopped_by_errors_in_the_content_leaves_the_record_for_the_next(minimal_copy):
    """It writes nothing but, perhaps, the spare site, so it writes back the record it read,
    the spare's brought up to date: the build after the fix is incremental, relinks nothing it
    need not, and equals a clean build."""
    assert build(minimal_copy).ok
    minutes = minimal_copy / MEETING / "minutes.md"
    original = minutes.read_text()
    minutes.write_text(original.replace("::: RESOLVED", "::: RESOLVE"))
    assert not build(minimal_copy).ok
    assert spare_brought_up_to_date(minimal_copy).changed == ()
    minutes.write_text(original.replace("There were no apologies.", "There were no apologies today."))
    rebuilt = build(minimal_copy)
    assert rebuilt.ok and rebuilt.incremental and 0 < rebuilt.pages_rendered < rebuilt.pages_written
    clean = copy_archive(minimal_copy, minimal_copy.parent / "clean")
    assert build(clean).ok
    assert stable_digest(minimal_copy / "site") == stable_digest(clean / "site")


def test_the_spare_site_is_healed_before_an_incremental_build_uses_it(minimal_copy, tmp_path):
    assert build(minimal_copy).ok
    assert build(minimal_copy).ok  # the first site is now the spare
    spare = minimal_copy / ".site-spare"
    assert (spare / "index.html").is_file()
    (spare / "index.html").unlink()
    (spare / "index.html").write_text("damaged")
    (spare / "stray.html").write_text("stray")
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("There were no apologies.", "There were no apologies today."))
    assert build(minimal_copy).incremental
    clean = tmp_path / "clean"
    shutil.copytree(minimal_copy, clean, ignore=shutil.ignore_patterns("site", ".site-*", ".scrutiny"))
    assert build(clean).ok
    assert stable_digest(minimal_copy / "site") == stable_digest(clean / "site")


def render_all_pages(root: Path, workers: int):
    checked = check(root)
    return render_pages(checked.archive, checked.linked, guide_markdown(),
                        page_inputs(checked.archive, checked.linked), workers=workers)


def test_pages_rendered_by_two_processes_are_the_pages_rendered_by_one(minimal_copy):
    add_meetings(minimal_copy, 40)
    serial = render_all_pages(minimal_copy, workers=1)
    assert len(serial) > MIN_JOBS_TO_FORK
    assert render_all_pages(minimal_copy, workers=2) == serial


def test_a_failed_render_worker_costs_time_not_pages(minimal_copy, monkeypatch):
    add_meetings(minimal_copy, 40)
    serial = render_all_pages(minimal_copy, workers=1)

    def broken_dump(*args, **kwargs):
        raise OSError("the pipe broke")

    monkeypatch.setattr("generator.processes.helpers.pickle.dump", broken_dump)
    assert render_all_pages(minimal_copy, workers=2) == serial


def test_mkdocs_in_two_processes_writes_the_site_mkdocs_build_writes(minimal_copy, tmp_path):
    add_meetings(minimal_copy, 6)
    assert build(minimal_copy).ok
    project = minimal_copy / ".scrutiny"
    plain, shared = tmp_path / "plain", tmp_path / "shared"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(plain)], check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1500000000"})
    compact_html(plain, since=0)
    shared.mkdir()
    run_mkdocs(project, shared, 1500000000, shares=2)
    assert digest(shared) == digest(plain)


def test_a_file_saved_while_a_build_runs_is_rendered_by_the_next(tmp_path, monkeypatch):
    root = copy_archive(FIXTURES / "cross-references", tmp_path / "archive")
    assert build(root).ok
    minutes = root / "content" / CHILDREN_2016
    real_page_inputs = page_inputs

    def saved_meanwhile(archive, linked):
        minutes.write_text(minutes.read_text().replace("discussed fostering", "discussed fostering at length"))
        return real_page_inputs(archive, linked)

    monkeypatch.setattr("generator.build.page_inputs", saved_meanwhile)
    assert build(root).ok
    monkeypatch.undo()
    again = build(root)
    assert again.ok and again.pages_rendered == 2
    clean = copy_archive(root, tmp_path / "clean")
    assert build(clean).ok
    assert stable_digest(root / "site") == stable_digest(clean / "site")


def test_an_interrupted_project_write_leaves_no_record_vouching_for_its_pages(tmp_path, monkeypatch):
    root = copy_archive(FIXTURES / "cross-references", tmp_path / "archive")
    assert build(root).ok
    minutes = root / "content" / CHILDREN_2016
    original = minutes.read_text()
    minutes.write_text(original.replace("discussed fostering", "discussed fostering at length"))
    real_write_project = write_project

    def interrupted(*args):
        real_write_project(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.build.write_project", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(root)
    monkeypatch.undo()
    minutes.write_text(original)
    assert build(root).ok
    clean = copy_archive(root, tmp_path / "clean")
    assert build(clean).ok
    assert stable_digest(root / "site") == stable_digest(clean / "site")


def test_a_new_version_of_a_rendering_library_means_a_full_build(minimal_copy, monkeypatch):
    assert build(minimal_copy).ok
    real_version = metadata.version
    monkeypatch.setattr("generator.incremental.build_record.metadata.version",
                        lambda name: "99.0" if name == "nh3" else real_version(name))
    rebuilt = build(minimal_copy)
    assert rebuilt.ok and not rebuilt.incremental and rebuilt.pages_rendered == rebuilt.pages_written


def test_reading_ahead_passes_over_what_it_cannot_open(tmp_path):
    """It only advises the kernel: a dangling link or an unreadable file must not stop a build."""
    (tmp_path / "minutes.md").write_text("text", encoding="utf-8")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    read_ahead(tmp_path)
    read_ahead(tmp_path / "missing")
