from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ASEAN Department records")
admin.site.site_title = _("ASEAN Department records")
admin.site.index_title = _("Back office of the ASEAN Department, Ministry of Foreign Affairs")

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
]
