from django.urls import path

from development import views

urlpatterns = [
    path("development/", views.candidate_list, name="candidate_list"),
    path("development/overview/", views.development_overview, name="development_overview"),
    path("development/new/", views.candidate_create_view, name="candidate_create"),
    path("development/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("development/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("development/<int:pk>/step/", views.candidate_step, name="candidate_step"),
    path("development/<int:pk>/extend/", views.candidate_extend, name="candidate_extend"),
    path("development/<int:pk>/cancel/", views.candidate_cancel_view, name="candidate_cancel"),
]
