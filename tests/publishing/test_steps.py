"""The publishing steps as functions (``publishing/review.py``, ``publishing/scheduling.py``),
without the admin: what each writes, and what visitors see before and after."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from programmes.models import Leg, LegPartner, TrainingProgramme
from publishing import approval, review, revisions
from publishing.models import ChangeNote, Review, Revision, ScheduledStep
from publishing.scheduling import publish_scheduled
from tests.programmes.factories import LegFactory, LegPartnerFactory, TrainingProgrammeFactory
from translations.state import LaoState, lao_state

pytestmark = pytest.mark.django_db


def draft(obj, by, **values):
    """Edit the published ``obj``'s working copy as the change page does."""

    def change(record):
        for name, value in values.items():
            setattr(record, name, value)
        record.save()

    return revisions.edit_working_copy(obj, change, by=by)


def test_approving_a_programme_publishes_its_legs_and_their_partners(publisher):
    programme = TrainingProgrammeFactory(draft=True)
    leg = LegFactory(programme=programme, draft=True)
    partner = LegPartnerFactory(leg=leg, draft=True)
    done = approval.approve(programme, by=publisher)
    assert {type(r) for r in done.published} == {Leg, LegPartner}
    assert Leg.objects.get(pk=leg.pk).is_published
    assert LegPartner.objects.get(pk=partner.pk).is_published


def test_a_leg_waiting_for_its_own_review_is_published_only_when_ticked(editor, publisher):
    programme = TrainingProgrammeFactory(draft=True)
    waiting = LegFactory(programme=programme, draft=True)
    review.submit(waiting, by=editor)
    done = approval.approve(programme, by=publisher)
    assert done.left == [waiting] and not Leg.objects.get(pk=waiting.pk).is_published
    other = TrainingProgrammeFactory(draft=True)
    ticked = LegFactory(programme=other, draft=True)
    review.submit(ticked, by=editor)
    approval.approve(other, by=publisher, include=[ticked])
    assert Leg.objects.get(pk=ticked.pk).is_published
    assert Review.objects.get(object_id=ticked.pk, content_type__model="leg").state == (
        Review.State.APPROVED
    )


def test_a_step_on_a_version_the_person_did_not_see_is_refused(editor, publisher):
    leg = LegFactory(theme_en="As published")
    draft(leg, editor, theme_en="First draft")
    seen = review.version_seen(leg)
    draft(leg, editor, theme_en="Second draft, after the publisher looked")
    with pytest.raises(review.StaleStep):
        approval.approve(leg, by=publisher, seen=seen)
    assert Leg.objects.get(pk=leg.pk).theme_en == "As published"
    approval.approve(leg, by=publisher, seen=review.version_seen(leg))
    assert Leg.objects.get(pk=leg.pk).theme_en == "Second draft, after the publisher looked"


def test_a_row_added_under_a_record_after_the_page_was_drawn_refuses_the_approval(publisher):
    leg = LegFactory(draft=True)
    seen = review.version_seen(leg)
    LegPartnerFactory(leg=leg, draft=True)
    with pytest.raises(review.StaleStep):
        approval.approve(leg, by=publisher, seen=seen)


def test_approve_with_lao_reviewed_is_one_save(editor, publisher):
    leg = LegFactory(theme_en="Theme", theme_lo="ຫົວຂໍ້")
    draft(leg, editor, theme_en="New theme", theme_lo="ຫົວຂໍ້ໃໝ່")
    before = leg.history.count()
    approval.approve(leg, by=publisher, lao_reviewed=True)
    live = Leg.objects.get(pk=leg.pk)
    assert (live.theme_en, live.theme_lo) == ("New theme", "ຫົວຂໍ້ໃໝ່")
    assert lao_state(live) == LaoState.REVIEWED
    assert live.history.count() == before + 1


def test_unpublishing_keeps_the_draft_as_the_record(editor, publisher):
    leg = LegFactory(theme_en="As published")
    draft(leg, editor, theme_en="Work in progress")
    review.unpublish(leg, by=publisher)
    stored = Leg.objects.get(pk=leg.pk)
    assert (stored.theme_en, stored.is_published) == ("Work in progress", False)
    assert not Revision.objects.exists()


def test_discarding_leaves_the_live_version(editor):
    leg = LegFactory(theme_en="As published")
    draft(leg, editor, theme_en="Not wanted")
    review.discard(leg, by=editor)
    assert Leg.objects.get(pk=leg.pk).theme_en == "As published" and not Revision.objects.exists()
    with pytest.raises(review.ReviewStepRefused):
        review.discard(leg, by=editor)


def test_editors_may_not_approve(editor):
    leg = LegFactory(draft=True)
    with pytest.raises(review.PermissionDenied):
        approval.approve(leg, by=editor)


def test_a_major_change_has_a_public_note_and_a_first_publication_none(editor, publisher, client):
    new = LegFactory(draft=True)
    approval.approve(new, by=publisher, note_en="Not public history.")
    assert not ChangeNote.objects.exists()
    leg = LegFactory(theme_en="Old theme")
    draft(leg, editor, theme_en="New theme")
    approval.approve(leg, by=publisher, note_en="The theme changed.", note_lo="ຫົວຂໍ້ປ່ຽນ.")
    page = client.get(leg.get_absolute_url()).content.decode()
    assert "The theme changed." in page and "Updated" in page
    lao = client.get(leg.get_absolute_url().replace("/en/", "/lo/", 1)).content.decode()
    assert "ຫົວຂໍ້ປ່ຽນ." in lao
    feed = client.get(f"/en/programmes/{leg.programme.slug}/feed/").content.decode()
    assert "The theme changed." in feed


VIENTIANE = datetime.timezone(datetime.timedelta(hours=7))


def test_a_change_approved_for_later_goes_live_when_publish_scheduled_runs_then(editor, publisher):
    leg = LegFactory(theme_en="As published")
    draft(leg, editor, theme_en="From February")
    # 9:00 in Vientiane, a month from now: the clock publish_scheduled is given is the test's.
    day = timezone.localdate() + datetime.timedelta(days=30)
    at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=VIENTIANE)
    done = approval.approve(leg, by=publisher, go_live_at=at)
    assert done.scheduled.go_live_at == at
    assert Leg.objects.get(pk=leg.pk).theme_en == "As published"
    assert publish_scheduled(now=at - datetime.timedelta(minutes=1)) == []
    done = publish_scheduled(now=at)
    assert [d.step for d in done] == ["published"]
    assert Leg.objects.get(pk=leg.pk).theme_en == "From February"
    assert publish_scheduled(now=at) == []  # idempotent
    assert not ScheduledStep.objects.exists()


def test_saving_the_draft_again_withdraws_its_approval_for_later(editor, publisher):
    leg = LegFactory(theme_en="As published")
    draft(leg, editor, theme_en="Approved text")
    approval.approve(leg, by=publisher, go_live_at=timezone.now() + datetime.timedelta(days=1))
    draft(leg, editor, theme_en="Changed after approval")
    review.cancel_go_live(leg)
    assert publish_scheduled(now=timezone.now() + datetime.timedelta(days=2)) == []
    assert Leg.objects.get(pk=leg.pk).theme_en == "As published"


def test_a_scheduled_unpublish_takes_the_record_off_the_site(publisher):
    leg = LegFactory(draft=True)
    leave = timezone.now() + datetime.timedelta(hours=2)
    approval.approve(leg, by=publisher, unpublish_at=leave)
    assert Leg.objects.get(pk=leg.pk).is_published
    done = publish_scheduled(now=leave)
    assert [d.step for d in done] == ["unpublished"]
    assert not Leg.objects.get(pk=leg.pk).is_published


def test_the_command_publishes_what_is_due_and_refuses_a_bad_time(editor, publisher, capsys):
    programme = TrainingProgrammeFactory(draft=True)
    at = timezone.now() + datetime.timedelta(days=1)
    approval.approve(programme, by=publisher, go_live_at=at)
    call_command("publish_scheduled", at=at.isoformat())
    assert "published" in capsys.readouterr().out
    assert TrainingProgramme.objects.get(pk=programme.pk).is_published
    with pytest.raises(CommandError):
        call_command("publish_scheduled", at="next tuesday")


def test_two_drafts_giving_one_post_a_holder_meet_at_approval(editor, publisher):
    """Each published person's draft gives the Director-General post (one seat) a holder; each
    was valid when saved. The first approved holds it; the second is refused, nothing of it
    written, its draft kept; approved for later, the run drops it and says why."""
    from org.models import Appointment
    from tests.factories import PersonFactory, StaffRoleFactory

    post = StaffRoleFactory(title_en="Director-General", headcount=1)
    first, second = PersonFactory(), PersonFactory()
    for person in (first, second):

        def appoint(record, person=person):
            Appointment.objects.create(
                person=record, role=post, start_date=datetime.date(2027, 1, 1)
            )

        revisions.edit_working_copy(person, appoint, by=editor)
    approval.approve(first, by=publisher)
    with pytest.raises(review.ReviewStepRefused, match="holds this post"):
        approval.approve(second, by=publisher)
    assert list(Appointment.objects.filter(role=post).values_list("person", flat=True)) == [
        first.pk
    ]
    assert revisions.revision_of(second) is not None
    assert not second.history.filter(history_change_reason="Approved and published").exists()

    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    approval.approve(second, by=publisher, go_live_at=go_live_at)
    (done,) = publish_scheduled(now=go_live_at)
    assert (done.step, "holds this post" in done.reason) == ("dropped", True)
    assert Appointment.objects.filter(role=post).count() == 1
    assert not ScheduledStep.objects.exists() and revisions.revision_of(second) is not None
