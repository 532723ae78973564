"""Files chosen on a form the back office refuses: a browser never sends a chosen file back with
the page that shows the errors, so the file field would say only "No file chosen". It says
instead, beside itself, that the file was not kept and must be chosen again."""

from django.utils.translation import gettext_lazy as _

CHOOSE_FILE_AGAIN = _(
    "The file you chose was not kept, because of the errors on this page: choose it again "
    "before saving."
)


def ask_for_files_again(request, context: dict) -> None:
    """On a refused save's page (``render_change_form``'s ``context``), each file field given a
    file, and not refused for the file itself, says to choose it again."""
    adminform = context.get("adminform")
    if request.method != "POST" or adminform is None or not context.get("errors"):
        return
    form = adminform.form
    for name in request.FILES:
        if name in form.fields and name not in form.errors:
            form.add_error(name, CHOOSE_FILE_AGAIN)
