"""The secretariat's roles: viewers see everything and change nothing; editors create and change
content and delete drafts; publishers also publish, unpublish and delete published records;
nobody but superusers manages users."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from org.models import Department, Division
from publishing.models import Revision
from publishing.roles import EDITORS, PUBLISHERS, VIEWERS
from tests.factories import DivisionFactory
from tests.helpers import admin_form_data, admin_url, list_step

pytestmark = pytest.mark.django_db
ROLES = (VIEWERS, EDITORS, PUBLISHERS)


def actions_offered(client, model) -> set[str]:
    response = client.get(admin_url(model, "changelist"))
    if response.context["action_form"] is None:
        return set()
    return {
        value for value, _label in response.context["action_form"].fields["action"].choices if value
    }


def test_the_three_roles_exist_with_exactly_their_permissions(db):
    call_command("ensure_roles", verbosity=0)
    call_command("ensure_roles", verbosity=0)  # idempotent
    codes = {
        group.name: {p.codename for p in group.permissions.all()} for group in Group.objects.all()
    }
    assert set(codes) == {VIEWERS, EDITORS, PUBLISHERS}
    assert codes[VIEWERS] == {c for c in codes[PUBLISHERS] if c.startswith("view_")}
    assert "change_division" in codes[EDITORS] and "publish_division" not in codes[EDITORS]
    assert codes[PUBLISHERS] - codes[EDITORS] == {
        c for c in codes[PUBLISHERS] if c.startswith("publish_")
    }
    assert not any(c.endswith("_user") or c.endswith("_group") for c in codes[PUBLISHERS])


def test_viewers_see_everything_and_change_nothing(member):
    client = member(VIEWERS)
    division = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "changelist")).status_code == 200
    page = client.get(admin_url(Division, "change", division.pk))
    assert page.status_code == 200
    assert (
        client.post(admin_url(Division, "change", division.pk), {"name_en": "Changed"}).status_code
        == 403
    )
    assert client.get(admin_url(Division, "add")).status_code == 403
    assert client.get(admin_url(Division, "delete", division.pk)).status_code == 403
    assert client.get(admin_url(Division, "history", division.pk)).status_code == 200
    assert not actions_offered(client, Division)
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"


def test_editors_create_drafts_and_change_content(member):
    client = member(EDITORS)
    page = client.get(admin_url(Division, "add"))
    assert "publication_status" not in page.context["adminform"].form.fields
    data = admin_form_data(
        page,
        department=Department.objects.get().pk,
        name_en="Protocol Division",
        slug="protocol",
        order=6,
    )
    assert client.post(admin_url(Division, "add"), data).status_code == 302
    assert Division.objects.get(slug="protocol").publication_status == "draft"

    published = Division.objects.get(slug="general-affairs")
    live_summary = published.summary_en
    page = client.get(admin_url(Division, "change", published.pk))
    response = client.post(
        admin_url(Division, "change", published.pk),
        admin_form_data(page, summary_en="Runs the office."),
    )
    assert response.status_code == 302
    # The change is kept as the published record's working copy; visitors see it once approved.
    draft = Revision.objects.get(object_id=published.pk).content["record"]
    assert draft["summary_en"] == "Runs the office."
    published.refresh_from_db()
    assert published.summary_en == live_summary


def test_editors_cannot_publish_unpublish_or_delete_what_is_published(member):
    client = member(EDITORS)
    assert actions_offered(client, Division) == set()
    published = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "delete", published.pk)).status_code == 403
    response = client.post(
        admin_url(Division, "changelist"),
        {"action": "unpublish", "_selected_action": [published.pk]},
    )
    published.refresh_from_db()
    assert published.is_published
    assert response.status_code in (200, 302)


def test_editors_may_delete_their_drafts(member):
    client = member(EDITORS)
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    assert client.get(admin_url(Division, "delete", draft.pk)).status_code == 200
    assert client.post(admin_url(Division, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not Division.objects.filter(pk=draft.pk).exists()


def test_editors_and_publishers_cannot_manage_users(member):
    for role in (EDITORS, PUBLISHERS):
        client = member(role)
        assert client.get("/admin/auth/user/").status_code == 403
        assert client.get("/admin/backoffice/staffgroup/").status_code == 403


def test_publishers_publish_unpublish_and_delete(member):
    client = member(PUBLISHERS)
    assert actions_offered(client, Division) >= {"publish", "unpublish", "delete_selected"}
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    assert list_step(client, Division, "publish", draft).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert list_step(client, Division, "unpublish", draft).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published
    published = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "delete", published.pk)).status_code == 200


def test_editors_cannot_publish_by_posting_the_field(member):
    client = member(EDITORS)
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    page = client.get(admin_url(Division, "change", draft.pk))
    client.post(
        admin_url(Division, "change", draft.pk),
        admin_form_data(page, publication_status="published"),
    )
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


@pytest.mark.parametrize(
    ("language", "title", "link"),
    [("en", "Not allowed", "Back to the back office"), ("lo", "ບໍ່ອະນຸຍາດ", "ກັບໄປລະບົບບໍລິຫານຂໍ້ມູນ")],
)
def test_a_page_a_role_may_not_open_says_so_in_the_persons_language(
    member, settings, language, title, link
):
    client = member(EDITORS)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/admin/auth/user/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert f'href="{reverse("admin:index")}">{link}</a>' in page


def test_only_publishers_and_superusers_may_publish_each_kind_of_record(db):
    from core.contributions import content_models
    from core.permissions import may_publish, publishers
    from core.publication import Publishable
    from tests.helpers import staff_member

    people = {role: staff_member(role, username=role.split()[-1]) for role in ROLES}
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    inactive = staff_member(PUBLISHERS, username="gone")
    inactive.is_active = False
    inactive.save()
    for model in [m for m in content_models() if issubclass(m, Publishable)]:
        may = {role for role, user in people.items() if may_publish(user, model)}
        assert may == {PUBLISHERS}, model
        assert set(publishers(model)) == {people[PUBLISHERS], boss}, model
