"""The two-factor pages, under the back office's address (``config/urls.py``)."""

from django.urls import path

from backoffice.two_factor import views

app_name = "two_factor"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
