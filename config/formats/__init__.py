"""Date formats per language (``FORMAT_MODULE_PATH``).

Django ships no Lao catalog, so the month names its date filter uses ("F") are declared here for
``makemessages`` to carry into ours (locale/lo); at run time Django looks them up by these msgids.
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
