from django.urls import path

from imports import views

urlpatterns = [
    path("imports/", views.import_index, name="import_index"),
    path("imports/preview/<str:token>/", views.import_preview, name="import_preview"),
    path("imports/<str:kind>/template/", views.import_template, name="import_template"),
    path("imports/<str:kind>/", views.import_upload, name="import_upload"),
]
