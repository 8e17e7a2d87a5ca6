"""Pages given awkward records: shown sensibly, never an empty heading or a broken table."""

from generator.build import build


def test_a_meeting_without_minutes_a_one_word_name_and_a_party_with_markup(minimal_copy):
    people = minimal_copy / "content/testshire/people.yml"
    people.write_text(people.read_text() + "smith:\n  name: Smith\n  honorific: Cllr\n  party: \"<b>Independent</b>\"\n")
    scheduled = minimal_copy / "content/testshire/overview-scrutiny/2016-09-01"
    scheduled.mkdir()
    (scheduled / "meeting.yml").write_text("status: scheduled\nattendance:\n  present: [smith]\n")
    assert build(minimal_copy).ok
    site = minimal_copy / "site/testshire"
    meeting = (site / "overview-scrutiny/2016-09-01/index.html").read_text()
    assert "At this meeting" not in meeting and "Decisions" not in meeting
    assert "<h2" not in meeting.split('<h2 id="attendance"')[0].split("</h1>")[1], "no empty heading before attendance"
    index = (site / "people/index.html").read_text()
    assert '<span class="surname">Smith</span>, Cllr Smith</a> (&lt;b&gt;Independent&lt;/b&gt;)' in index
    person = (site / "people/smith/index.html").read_text()
    assert "<li>Party: &lt;b&gt;Independent&lt;/b&gt;</li>" in person
    assert "0 of 1 (0\u00a0%)" not in person and "1 of 1 (100\u00a0%)" in person
