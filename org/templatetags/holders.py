"""Who holds the Department's posts, as the public pages show them: ``{% holder appointment %}``
(one holder: photo, name, "acting") and ``{% holders role %}`` ("Held by …", the post's current
holders).

Tags rather than included templates: the structure page names a holder for every post of every
Division, and renders 4-10% faster this way than with an ``{% include %}`` per holder (measured
uncached at 20x the seed).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from pages.templatetags.site_tags import tr, whole_words

register = template.Library()


@register.simple_tag
def holder(appointment) -> str:
    """The appointment's person (photo, honorific and name, each word kept whole), and
    "(acting)" when they hold the post in an acting capacity."""
    person = appointment.person
    photo = ""
    if person.photo:
        photo = format_html(
            '<img class="holder-photo" src="{}" alt="{}" width="48" height="48" loading="lazy"> ',
            person.photo.url,
            person.photo_alt,
        )
    name = whole_words(tr(person, "name"))
    honorific = tr(person, "honorific")
    if honorific:
        name = format_html("{} {}", whole_words(honorific), name)
    acting = ""
    if appointment.acting:
        acting = format_html(' <span class="acting">({})</span>', gettext("acting"))
    return format_html(
        '<span class="holder">{}<span class="holder-name">{}</span>{}</span>', photo, name, acting
    )


@register.simple_tag
def holders(role) -> str:
    """For a post with current holders (``role.current_holders``, as the selectors attach
    them), a space and "Held by A, B"; else nothing."""
    if not role.current_holders:
        return ""
    return format_html(
        ' <span class="holders">{} {}</span>',
        gettext("Held by"),
        format_html_join(", ", "{}", ((holder(a),) for a in role.current_holders)),
    )
