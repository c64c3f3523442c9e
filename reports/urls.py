from django.urls import path

from reports.views import compose, downloads, review, rollup

urlpatterns = [
    path("reports/", compose.report_index, name="report_index"),
    path("reports/new/", compose.report_new, name="report_new"),
    path("reports/<int:pk>/", compose.report_preview, name="report_preview"),
    path("reports/<int:pk>/edit/", compose.report_edit, name="report_edit"),
    path("reports/<int:pk>/sync-sections/", compose.report_sections_sync, name="report_sections_sync"),
    path("reports/<int:pk>/pdf/", downloads.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/xlsx/", downloads.report_xlsx, name="report_xlsx"),
    path("reports/<int:pk>/versions/", review.report_versions, name="report_versions"),
    path("reports/<int:pk>/submit/", review.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", review.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", review.report_return, name="report_return"),
    path("versions/<int:pk>/<str:kind>/", review.version_download, name="version_download"),
    path("review/<int:year>/", review.review_year, name="review_year"),
    path("review/<int:year>/zip/", review.review_zip, name="review_zip"),
    path("review/<int:year>/rollup/", rollup.rollup_page, name="rollup"),
    path("review/<int:year>/rollup.xlsx", rollup.rollup_xlsx, name="rollup_xlsx"),
    path("review/<int:year>/rollup.pdf", rollup.rollup_pdf, name="rollup_pdf"),
]
