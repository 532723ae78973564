"""Content in Lao, honestly: each record's Lao has a state (missing, draft, reviewed, outdated),
and visitors read only Lao a publisher has reviewed; staff previewing see drafts, marked."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache

from org.models import Department, Division
from pages.cache import VERSION_KEY
from programmes.models import Leg, ScheduleChange
from tests.factories import DivisionFactory
from tests.helpers import LEG_3_ARGS, PUBLIC_PAGES
from tests.test_public_pages import page_url
from translations.state import (
    LaoState,
    english_changes,
    is_translatable,
    lao_state,
    mark_lao_reviewed,
    translated_fields,
)

pytestmark = pytest.mark.django_db

DRAFT = "ຮ່າງທີ່ຍັງບໍ່ໄດ້ກວດ"
PAGES_AND_CALENDARS = [
    *PUBLIC_PAGES,
    ("programmes:leg_ics", LEG_3_ARGS),
    ("programmes:all_legs_ics", {}),
]


def lao_url(name: str, kwargs: dict) -> str:
    return page_url(name, kwargs, "lo")


def translatable_models():
    return [model for model in apps.get_models() if is_translatable(model)]


@pytest.fixture
def all_lao_drafted(seeded):
    """Every translatable record of the seed, and a schedule change of Leg 3, with draft Lao
    in every translated field: each text its own, so a leak names its field."""
    leg = Leg.objects.get()
    ScheduleChange.objects.create(leg=leg, note_en="Moved.", **leg.schedule_values())
    for model in translatable_models():
        for obj in model._default_manager.all():
            for name in translated_fields(model):
                setattr(obj, f"{name}_lo", f"{DRAFT} {model.__name__} {obj.pk} {name}")
            obj.save()


def test_a_record_with_no_lao_text_has_its_lao_missing():
    assert lao_state(DivisionFactory(name_lo="")) == LaoState.MISSING


def test_lao_written_but_not_reviewed_is_a_draft():
    assert lao_state(DivisionFactory(name_lo="ພະແນກ")) == LaoState.DRAFT


def test_lao_a_publisher_reviewed_is_reviewed():
    division = DivisionFactory(name_lo="ພະແນກ")
    assert mark_lao_reviewed(division, reason="Lao reviewed")
    assert lao_state(Division.objects.get(pk=division.pk)) == LaoState.REVIEWED


def test_english_changed_after_the_review_makes_the_lao_outdated_and_says_what_changed():
    division = DivisionFactory(name_en="Old name", name_lo="ພະແນກ")
    mark_lao_reviewed(division, reason="Lao reviewed")
    division.name_en = "New name"
    division.save()
    division = Division.objects.get(pk=division.pk)
    assert lao_state(division) == LaoState.OUTDATED
    assert english_changes(division) == [("name", "Old name", "New name")]


def test_lao_changed_after_the_review_is_a_draft_again():
    division = DivisionFactory(name_lo="ພະແນກ")
    mark_lao_reviewed(division, reason="Lao reviewed")
    Division.objects.filter(pk=division.pk).update(name_lo="ພະແນກໃໝ່")
    assert lao_state(Division.objects.get(pk=division.pk)) == LaoState.DRAFT


def test_a_record_without_lao_cannot_be_marked_reviewed():
    division = DivisionFactory(name_lo="")
    assert not mark_lao_reviewed(division, reason="Lao reviewed")
    assert Division.objects.get(pk=division.pk).lao_reviewed_at is None


def test_a_review_is_a_change_in_the_records_history_with_its_reason():
    division = DivisionFactory(name_lo="ພະແນກ")
    mark_lao_reviewed(division, reason="Lao reviewed")
    latest = division.history.first()
    assert latest.history_change_reason == "Lao reviewed"
    assert latest.lao_reviewed_at is not None


def test_a_review_makes_the_cached_pages_stale(django_capture_on_commit_callbacks):
    division = DivisionFactory(name_lo="ພະແນກ")
    before = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        mark_lao_reviewed(division, reason="Lao reviewed")
    assert cache.get(VERSION_KEY) not in (None, before)


@pytest.mark.parametrize(
    ("name", "kwargs"), PAGES_AND_CALENDARS, ids=[p[0] for p in PAGES_AND_CALENDARS]
)
def test_draft_lao_reaches_no_visitor_on_any_page(client, all_lao_drafted, name, kwargs):
    response = client.get(lao_url(name, kwargs))
    assert response.status_code == 200
    assert DRAFT not in response.content.decode()


def test_draft_lao_reaches_no_visitor_in_the_sitemap(client, all_lao_drafted):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert DRAFT not in response.content.decode()


def test_draft_lao_reaches_no_visitor_in_the_json_ld(client, all_lao_drafted):
    html = client.get(lao_url("org:home", {})).content.decode()
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "ASEAN Department" in data
    assert DRAFT not in data


def test_a_visitor_reads_english_marked_as_english_in_place_of_draft_lao(client, all_lao_drafted):
    html = client.get(lao_url("org:division_detail", {"slug": "general-affairs"})).content.decode()
    assert '<h1><span lang="en">General Affairs Division</span></h1>' in html


def test_a_visitor_reads_reviewed_lao_as_lao(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.name_lo = "ພະແນກບໍລິຫານ"
    division.save()
    mark_lao_reviewed(division, reason="Lao reviewed")
    html = client.get(lao_url("org:division_detail", {"slug": "general-affairs"})).content.decode()
    assert "<h1>ພະແນກບໍລິຫານ</h1>" in html


def test_reviewed_lao_stays_shown_when_the_english_changes_after_the_review(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.name_lo = "ພະແນກບໍລິຫານ"
    division.save()
    mark_lao_reviewed(division, reason="Lao reviewed")
    Division.objects.filter(pk=division.pk).update(name_en="General Affairs and Finance")
    html = client.get(lao_url("org:division_detail", {"slug": "general-affairs"})).content.decode()
    assert "<h1>ພະແນກບໍລິຫານ</h1>" in html


def test_a_visitor_keeps_reading_the_lao_last_reviewed_until_an_edit_is_reviewed(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.name_lo = "ພະແນກບໍລິຫານ"
    division.save()
    mark_lao_reviewed(division, reason="Lao reviewed")
    Division.objects.filter(pk=division.pk).update(name_lo=DRAFT)
    html = client.get(lao_url("org:division_detail", {"slug": "general-affairs"})).content.decode()
    assert "<h1>ພະແນກບໍລິຫານ</h1>" in html
    assert DRAFT not in html


def test_staff_previewing_see_draft_lao_marked_as_a_draft(admin_client, all_lao_drafted):
    department = Department.objects.get()
    url = lao_url("org:home", {}) + "?preview=1"
    html = admin_client.get(url).content.decode()
    assert re.search(
        r'<h1><span class="draft-translation" lang="lo" title="[^"]+">'
        + re.escape(department.name_lo)
        + "</span></h1>",
        html,
    )


def test_staff_previewing_see_reviewed_lao_unmarked(admin_client, seeded):
    department = Department.objects.get()
    department.name_lo = "ກົມອາຊຽນ"
    department.save()
    mark_lao_reviewed(department, reason="Lao reviewed")
    html = admin_client.get(lao_url("org:home", {}) + "?preview=1").content.decode()
    assert "<h1>ກົມອາຊຽນ</h1>" in html


# -- The seed's Lao -------------------------------------------------------------------------------


def test_the_seed_gives_every_record_it_makes_a_draft_lao_translation(seeded):
    states = {
        (model.__name__, obj.pk): lao_state(obj)
        for model in translatable_models()
        for obj in model._default_manager.all()
    }
    assert states
    assert set(states.values()) == {LaoState.DRAFT}


def test_the_seed_translates_every_english_text_but_the_ministrys_abbreviation(seeded):
    untranslated = [
        f"{model.__name__}.{name}: {getattr(obj, f'{name}_en')}"
        for model in translatable_models()
        for obj in model._default_manager.all()
        for name in translated_fields(model)
        if getattr(obj, f"{name}_en") and not getattr(obj, f"{name}_lo")
    ]
    assert untranslated == ["RelatedBody.short_name: MOFA"]


def test_the_seed_has_lao_only_where_it_has_english_and_in_lao_script(seeded):
    lao = [
        (getattr(obj, f"{name}_en"), getattr(obj, f"{name}_lo"))
        for model in translatable_models()
        for obj in model._default_manager.all()
        for name in translated_fields(model)
        if getattr(obj, f"{name}_lo")
    ]
    assert all(english for english, _lao in lao)
    assert all(re.search("[\u0e80-\u0eff]", text) for _english, text in lao)


def test_the_seeds_lao_uses_the_terms_of_the_lao_government(seeded):
    department = Department.objects.get()
    assert department.name_lo == "ກົມອາຊຽນ"
    assert department.parent_body.name_lo.startswith("ກະຊວງການຕ່າງປະເທດ")
    assert department.establishing_instrument_lo.startswith("ດຳລັດ")
    assert "ສປປ ລາວ" in department.designation_lo
    assert department.roles.get(title_en="Director-General").title_lo == "ຫົວໜ້າກົມ"
    assert all(division.name_lo.startswith("ພະແນກ") for division in department.divisions.all())


def seed_with(tmp_path, old: str, new: str):
    from tests.helpers import ROOT

    text = (ROOT / "seed" / "initial_content.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "seed.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def test_a_rerun_of_load_seed_after_a_review_changes_nothing(seeded):
    from tests.helpers import command_output

    mark_lao_reviewed(Department.objects.get(), reason="Lao reviewed")
    assert "0 created, 0 updated" in command_output("load_seed")
    assert lao_state(Department.objects.get()) == LaoState.REVIEWED


def test_a_rerun_of_load_seed_keeps_lao_staff_reviewed_even_when_the_seeds_lao_changes(
    seeded, tmp_path
):
    from tests.helpers import command_output

    mark_lao_reviewed(Department.objects.get(), reason="Lao reviewed")
    output = command_output(
        "load_seed", "--file", seed_with(tmp_path, 'name_lo = "ກົມອາຊຽນ"', 'name_lo = "ກົມໃໝ່"')
    )
    assert "its Lao was reviewed by staff" in output
    assert Department.objects.get().name_lo == "ກົມອາຊຽນ"


def test_a_rerun_of_load_seed_keeps_lao_staff_edited(seeded, tmp_path):
    from tests.helpers import command_output

    Department.objects.update(name_lo="ກົມອາຊຽນ ກະຊວງການຕ່າງປະເທດ")
    output = command_output(
        "load_seed", "--file", seed_with(tmp_path, 'name_lo = "ກົມອາຊຽນ"', 'name_lo = "ກົມໃໝ່"')
    )
    assert "edited by staff since it was loaded" in output
    assert Department.objects.get().name_lo == "ກົມອາຊຽນ ກະຊວງການຕ່າງປະເທດ"
