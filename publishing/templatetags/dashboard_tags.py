"""The back office's front page: the signed-in person's lists (``publishing/dashboard.py``)."""

from django import template

from publishing.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def staff_dashboard(context):
    request = context["request"]
    return {"sections": dashboard(request)}
