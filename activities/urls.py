from django.urls import path

from activities import views

urlpatterns = [
    path("activities/meetings/", views.meeting_list, name="meeting_list"),
    path("activities/meetings/new/", views.meeting_create, name="meeting_create"),
    path("activities/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("activities/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("activities/meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("activities/compliance/<year:year>/", views.compliance, name="meeting_compliance"),
    path("activities/branches/<int:pk>/<year:year>/", views.branch_life, name="branch_life"),
    path("activities/trainings/", views.training_list, name="training_list"),
    path("activities/trainings/new/", views.training_create, name="training_create"),
    path("activities/trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("activities/trainings/<int:pk>/edit/", views.training_edit, name="training_edit"),
]
