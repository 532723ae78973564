from django.urls import path

from org import feeds, views
from pages.public import public_page

app_name = "org"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("structure/", public_page(views.StructureView.as_view()), name="structure"),
    path("structure/feed/", public_page(feeds.people_in_post_feed), name="people_in_post_feed"),
    path(
        "divisions/<slug:slug>/",
        public_page(views.DivisionDetailView.as_view()),
        name="division_detail",
    ),
    path("mandates/", public_page(views.MandateListView.as_view()), name="mandate_list"),
    path("contact/", public_page(views.ContactView.as_view()), name="contact"),
    path(
        "related-bodies/",
        public_page(views.RelatedBodyListView.as_view()),
        name="relatedbody_list",
    ),
]
