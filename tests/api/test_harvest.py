"""The harvester against a fake peer: incremental, idempotent, local edits win,
deletions unpublish, failures back off and change nothing, garbage is skipped."""

import datetime

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.models import Page, Revision

import pytest

from motesplats.api.harvest import (
    backoff_delay,
    harvest_due_sources,
    source_harvest,
    sources_due,
)
from motesplats.api.models import HarvestedItem, HarvestRun
from motesplats.knowledge.models import ArticlePage, FilmPage, InnovationPage
from motesplats.nodes.models import NodePage
from tests.api.harvest_helpers import (
    FakePeer,
    api_source,
    article,
    down,
    film,
    innovation,
)

pytestmark = pytest.mark.django_db


def _page(source, remote_id):
    return HarvestedItem.objects.get(source=source, remote_id=remote_id).page.specific


def _revisions() -> int:
    return Revision.objects.count()


def test_first_run_creates_published_pages_of_each_kind_below_the_node():
    one = article("Ny mötesplats i Kiruna")
    two = innovation("Äldre läser för barn", sector="ideburen")
    three = film("Film om lokala initiativ")
    peer = FakePeer(one, two, three)
    source = api_source()

    run = source_harvest(source=source, transport=peer)

    assert run.error == ""
    assert (run.created, run.updated, run.fetched) == (3, 0, 3)
    page = _page(source, one["id"])
    assert isinstance(page, ArticlePage)
    assert page.live
    assert page.title == "Ny mötesplats i Kiruna"
    assert page.node.slug == "malmo"
    assert page.get_parent().specific_class is NodePage
    assert page.sdg_goals.get().number == 3
    case = _page(source, two["id"])
    assert isinstance(case, InnovationPage)
    assert "<script>" not in case.solution
    assert "varje vecka" in case.solution
    assert case.organisations.get().sector.slug == "ideburen"
    assert isinstance(_page(source, three["id"]), FilmPage)
    source.refresh_from_db()
    assert source.watermark == datetime.datetime.fromisoformat(three["updated_at"])
    assert source.consecutive_failures == 0
    assert source.last_success_at


def test_a_second_run_without_remote_changes_writes_nothing():
    peer = FakePeer(article("Ett"), article("Två", 1), article("Tre", 2))
    source = api_source()
    source_harvest(source=source, transport=peer)
    revisions, pages = _revisions(), Page.objects.count()
    peer.log.clear()

    again = source_harvest(source=source, transport=peer, full=False)

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert _revisions() == revisions
    assert Page.objects.count() == pages
    # Incremental: asked for changes since the last one seen, fetched no details.
    assert "updated_since=" in peer.log[0]
    assert not any("/knowledge/" in url for url in peer.log)


def test_an_incremental_run_fetches_and_updates_only_what_changed():
    one, two = article("Ett"), article("Två", 1)
    peer = FakePeer(one, two)
    source = api_source()
    source_harvest(source=source, transport=peer)
    untouched = _page(source, one["id"]).latest_revision_id
    peer.add({**two, "title": "Två, omskriven", "updated_at": _later(two, 60)})
    peer.add(article("Fyra", 90))
    peer.log.clear()

    run = source_harvest(source=source, transport=peer, full=False)

    assert (run.created, run.updated) == (1, 1)
    assert _page(source, two["id"]).title == "Två, omskriven"
    assert _page(source, one["id"]).latest_revision_id == untouched
    details = [url for url in peer.log if "/knowledge/" in url]
    assert len(details) == 2  # the changed one and the new one
    assert all(url.startswith("https://peer.example.org/") for url in peer.log)


def test_republished_without_changes_makes_no_revision():
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    revisions = _revisions()
    peer.add({**one, "updated_at": _later(one, 5)})

    run = source_harvest(source=source, transport=peer, full=False)

    assert run.unchanged == 1
    assert run.updated == 0
    assert _revisions() == revisions


def test_a_page_edited_here_is_never_overwritten():
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    page = _page(source, one["id"])
    editor = _editor()
    page.title = "Redaktörens rubrik"
    page.save_revision(user=editor).publish(user=editor)
    peer.add({**one, "title": "Ändrat hos grannen", "updated_at": _later(one, 30)})

    run = source_harvest(source=source, transport=peer, full=False)

    assert run.skipped_local_edit == 1
    assert run.updated == 0
    page.refresh_from_db()
    assert page.title == "Redaktörens rubrik"
    assert HarvestedItem.objects.get(page=page).locally_edited
    assert "edited here" in run.messages


def test_a_draft_saved_here_also_counts_as_a_local_edit():
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    page = _page(source, one["id"])
    page.title = "Utkast här"
    page.save_revision(user=_editor())
    peer.add({**one, "title": "Ändrat hos grannen", "updated_at": _later(one, 30)})

    run = source_harvest(source=source, transport=peer, full=False)

    assert run.skipped_local_edit == 1
    assert Page.objects.get(pk=page.pk).title == "Ett"  # live version untouched


def test_gone_remotely_is_unpublished_here_not_deleted_and_comes_back():
    one, two = article("Ett"), article("Två", 1)
    peer = FakePeer(one, two)
    source = api_source()
    source_harvest(source=source, transport=peer)
    del peer.items[one["id"]]

    incremental = source_harvest(source=source, transport=peer, full=False)
    assert incremental.deleted == 0  # an incremental list cannot tell
    full = source_harvest(source=source, transport=peer, full=True)

    assert full.deleted == 1
    page = _page(source, one["id"])
    assert not page.live
    assert HarvestedItem.objects.get(page=page).deleted_remotely_at
    assert _page(source, two["id"]).live
    # Idempotent: the next full pass does not unpublish it again.
    assert source_harvest(source=source, transport=peer, full=True).deleted == 0
    # Back at the peer: published again.
    peer.add({**one, "updated_at": _later(one, 120)})
    back = source_harvest(source=source, transport=peer, full=False)
    assert back.updated == 1
    assert _page(source, one["id"]).live


def test_an_item_unpublished_here_is_not_republished_by_the_harvester():
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    _page(source, one["id"]).unpublish()
    peer.add({**one, "title": "Nytt", "updated_at": _later(one, 30)})

    run = source_harvest(source=source, transport=peer, full=False)

    assert run.skipped_local_edit == 1
    assert not _page(source, one["id"]).live


def test_a_detail_404_means_gone():
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    peer.add({**one, "updated_at": _later(one, 30)})
    peer.detail_body[one["id"]] = b""
    del peer.detail_body[one["id"]]
    original = peer.get

    def vanish(url, **kwargs):
        if url.split("?")[0].endswith(one["id"]):
            peer.log.append(url)
            return type(original(url))(404, b"")
        return original(url, **kwargs)

    peer.get = vanish
    run = source_harvest(source=source, transport=peer, full=False)
    assert run.deleted == 1
    assert not _page(source, one["id"]).live


@pytest.mark.parametrize(
    "break_peer",
    [
        lambda peer: setattr(peer, "fail", down()),
        lambda peer: setattr(peer, "fail", down("Timed out after 10 s")),
        lambda peer: setattr(peer, "status", 503),
        lambda peer: setattr(peer, "body", b"<html>Maintenance</html>"),
        lambda peer: setattr(peer, "body", b'{"items": "nope"}'),
        lambda peer: setattr(peer, "body", b'["a list"]'),
    ],
    ids=["down", "slow", "5xx", "html", "wrong-shape", "json-list"],
)
def test_a_failing_peer_backs_off_and_changes_nothing_here(break_peer):
    one = article("Ett")
    peer = FakePeer(one)
    source = api_source()
    source_harvest(source=source, transport=peer)
    peer.add({**one, "title": "Nytt", "updated_at": _later(one, 30)})
    watermark = source.watermark
    revisions, pages = _revisions(), Page.objects.count()
    break_peer(peer)
    before = timezone.now()

    run = source_harvest(source=source, transport=peer, full=True)

    assert run.error
    assert run.finished_at
    assert (run.created, run.updated, run.deleted) == (0, 0, 0)
    assert _revisions() == revisions
    assert Page.objects.count() == pages
    assert _page(source, one["id"]).title == "Ett"
    assert _page(source, one["id"]).live
    source.refresh_from_db()
    assert source.watermark == watermark
    assert source.consecutive_failures == 1
    assert source.last_error == run.error
    assert source.next_attempt_at >= before + datetime.timedelta(seconds=300)
    assert source not in sources_due()


def test_back_off_doubles_to_a_cap_and_success_resets_it():
    assert backoff_delay(1) == datetime.timedelta(minutes=5)
    assert backoff_delay(2) == datetime.timedelta(minutes=10)
    assert backoff_delay(4) == datetime.timedelta(minutes=40)
    assert backoff_delay(30) == datetime.timedelta(hours=24)
    peer = FakePeer(article("Ett"))
    peer.fail = down()
    source = api_source()
    for _ in range(3):
        source_harvest(source=source, transport=peer)
    source.refresh_from_db()
    assert source.consecutive_failures == 3
    assert source.next_attempt_at - timezone.now() > datetime.timedelta(minutes=19)
    # Not due: a scheduled run skips it; forced, it runs and recovers.
    assert harvest_due_sources(transport=peer) == []
    peer.fail = None
    (run,) = harvest_due_sources(force=True, transport=peer)
    assert run.created == 1
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.next_attempt_at is None
    assert source.last_error == ""


def test_bad_items_are_logged_and_skipped_while_the_others_go_on():
    good = article("Bra")
    no_title = article("", 1)
    bad_kind = article("Okänd sort", 2, kind="podcast")
    film_without_text = film("Film utan text", 3)
    film_without_text["film"]["transcript"] = ""
    broken = article("Trasig", 4)
    peer = FakePeer(good, no_title, bad_kind, film_without_text, broken)
    peer.detail_body[broken["id"]] = b"{not json"
    source = api_source()

    run = source_harvest(source=source, transport=peer)

    assert run.error == ""
    assert run.created == 1
    assert run.invalid == 4
    assert HarvestedItem.objects.filter(source=source).count() == 1
    assert "title" in run.messages
    assert "captions" in run.messages


def test_a_bad_entry_in_the_list_is_skipped():
    good = article("Bra")
    peer = FakePeer(good)
    listing = peer._list

    def with_junk(query):
        data = listing(query)
        data["items"].append({"id": "not-a-uuid", "updated_at": "yesterday"})
        return data

    peer._list = with_junk
    run = source_harvest(source=api_source(), transport=peer)
    assert run.created == 1
    assert run.invalid == 1


def test_a_list_whose_next_links_loop_fails_the_run():
    peer = FakePeer(article("Ett"), article("Två", 1), article("Tre", 2), page_size=1)
    listing = peer._list

    def looping(query):
        data = listing({**query, "cursor": 0})
        data["next"] = "/api/v1/knowledge?cursor=1"
        return data

    peer._list = looping
    run = source_harvest(source=api_source(), transport=peer)
    assert "loop" in run.error


def test_one_source_failing_does_not_stop_the_others():
    source = api_source(name="Trasig")
    api_source(name="Hel")
    peer = FakePeer(article("Ett"))

    class Picky:
        def get(self, url, **kwargs):
            if source.runs.filter(finished_at__isnull=True).exists():
                raise down()
            return peer.get(url, **kwargs)

    runs = harvest_due_sources(transport=Picky())
    assert sorted(bool(run.error) for run in runs) == [False, True]


def test_the_page_shows_where_it_came_from(client):
    one = article("Från grannen")
    source = api_source(name="Mötesplats Norr")
    source_harvest(source=source, transport=FakePeer(one))
    page = _page(source, one["id"])

    html = client.get(page.url).content.decode()

    assert "Mötesplats Norr" in html
    assert "Nod Kiruna" in html
    assert one["url"] in html


def test_a_local_page_shows_no_provenance(client):
    page = ArticlePage.objects.live().filter(locale__language_code="sv").first()
    html = client.get(page.url).content.decode()
    assert "provenance" not in html


def test_the_command_reports_a_peer_that_is_down():
    source = api_source(base_url="http://127.0.0.1:9/")
    with pytest.raises(CommandError):
        call_command("harvest", "--source", str(source.pk), "--force")
    run = HarvestRun.objects.get(source=source)
    assert run.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_the_task_harvests_the_due_sources():
    from motesplats.api.tasks import harvest_sources  # noqa: PLC0415 -- task registry

    api_source(base_url="http://127.0.0.1:9/")
    result = harvest_sources.enqueue()
    assert result.return_value == {"runs": 1, "failed": 1}


def _later(item: dict, minutes: int) -> str:
    when = datetime.datetime.fromisoformat(item["updated_at"])
    return (when + datetime.timedelta(minutes=minutes)).isoformat()


def _editor():
    from motesplats.accounts.models import User  # noqa: PLC0415 -- test helper

    return User.objects.create_superuser("redaktor@example.org", "x")
