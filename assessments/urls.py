from django.urls import path

from assessments import views

township_year = "townships/<int:township_id>/assessments/<year:year>/"

urlpatterns = [
    path("assessments/", views.assessment_index, name="assessment_index"),
    path(township_year, views.assessment_year, name="assessment_year"),
    path(township_year + "pairs/", views.pairing_create, name="pairing_create"),
    path("pairs/<int:pk>/delete/", views.pairing_delete, name="pairing_delete"),
    path("organizations/<int:pk>/rectifications/new/", views.rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/edit/", views.rectification_edit, name="rectification_edit"),
    path("organizations/<int:pk>/committee/", views.committee_edit, name="committee_edit"),
    path("townships/<int:township_id>/village-years/<year:year>/", views.village_years, name="village_years"),
]
