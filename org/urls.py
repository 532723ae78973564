from django.urls import path

from org import views
from org.caching import cache_public_page

app_name = "org"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("structure/", cache_public_page(views.StructureView.as_view()), name="structure"),
    path(
        "divisions/<slug:slug>/",
        cache_public_page(views.DivisionDetailView.as_view()),
        name="division_detail",
    ),
    path("mandates/", cache_public_page(views.MandateListView.as_view()), name="mandate_list"),
    path(
        "related-bodies/",
        cache_public_page(views.RelatedBodyListView.as_view()),
        name="relatedbody_list",
    ),
]
