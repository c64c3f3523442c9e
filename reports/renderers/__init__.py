"""Renderers lay out a ReportDocument; they never query the database."""
