from django.urls import path

from reports.views import compose, downloads

urlpatterns = [
    path("reports/", compose.report_index, name="report_index"),
    path("reports/new/", compose.report_new, name="report_new"),
    path("reports/<int:pk>/", compose.report_preview, name="report_preview"),
    path("reports/<int:pk>/edit/", compose.report_edit, name="report_edit"),
    path("reports/<int:pk>/sync-sections/", compose.report_sections_sync, name="report_sections_sync"),
    path("reports/<int:pk>/pdf/", downloads.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/xlsx/", downloads.report_xlsx, name="report_xlsx"),
]
