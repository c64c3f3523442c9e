from django.urls import path

from planning import views

plan = "townships/<int:township_id>/plans/<year:year>/"

urlpatterns = [
    path("plans/", views.plan_index, name="plan_index"),
    path(plan, views.plan_detail, name="plan_detail"),
    path(plan + "ledger/", views.plan_ledger, name="plan_ledger"),
    path(plan + "areas/", views.plan_areas_edit, name="plan_areas_edit"),
    path(plan + "default/", views.plan_create_default, name="plan_create_default"),
    path(plan + "copy/", views.plan_copy, name="plan_copy"),
    path(plan + "tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
]
