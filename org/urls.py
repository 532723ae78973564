from django.urls import path

from org import views

app_name = "org"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("structure/", views.StructureView.as_view(), name="structure"),
    path("divisions/<slug:slug>/", views.DivisionDetailView.as_view(), name="division_detail"),
    path("mandates/", views.MandateListView.as_view(), name="mandate_list"),
    path("related-bodies/", views.RelatedBodyListView.as_view(), name="relatedbody_list"),
]
