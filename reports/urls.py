from django.urls import path

from reports.views import checks, compose, dashboard, downloads, review, rollup, versions

urlpatterns = [
    # The landing page composes every domain, so it lives here on top (see reports/todo.py).
    path("", dashboard.dashboard, name="dashboard"),
    path("reports/", compose.report_index, name="report_index"),
    path("reports/new/", compose.report_new, name="report_new"),
    path("reports/<int:pk>/", compose.report_preview, name="report_preview"),
    path("reports/<int:pk>/edit/", compose.report_edit, name="report_edit"),
    path("reports/<int:pk>/sync-sections/", compose.report_sections_sync, name="report_sections_sync"),
    path("reports/<int:pk>/download/<slug:fmt>/", downloads.report_download, name="report_download"),
    path("reports/<int:pk>/versions/", review.report_versions, name="report_versions"),
    path("reports/<int:pk>/submit/", review.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", review.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", review.report_return, name="report_return"),
    path("versions/<int:pk>/", versions.version_detail, name="version_detail"),
    path("versions/<int:pk>/compare/<int:other>/", versions.version_compare, name="version_compare"),
    path("versions/<int:pk>/<slug:fmt>/", review.version_download, name="version_download"),
    path("townships/<int:township_id>/checks/<year:year>/", checks.township_checks, name="township_checks"),
    path("review/<year:year>/", review.review_year, name="review_year"),
    path("review/<year:year>/zip/", review.review_zip, name="review_zip"),
    path("review/<year:year>/rollup/", rollup.rollup_page, name="rollup"),
    path("review/<year:year>/rollup.xlsx", rollup.rollup_xlsx, name="rollup_xlsx"),
    path("review/<year:year>/rollup.pdf", rollup.rollup_pdf, name="rollup_pdf"),
    path("review/<year:year>/rollup/official/", rollup.rollup_official_page, name="rollup_official"),
    path("review/<year:year>/rollup/official.xlsx", rollup.rollup_official_xlsx, name="rollup_official_xlsx"),
    path("review/<year:year>/rollup/official.pdf", rollup.rollup_official_pdf, name="rollup_official_pdf"),
]
