from django.contrib import admin
from django.urls import include, path, register_converter

from dangjian.converters import YearConverter

register_converter(YearConverter, "year")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("planning.urls")),
    path("", include("development.urls")),
    path("", include("activities.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
    path("", include("imports.urls")),
]
