"""The kinds of import, each with its domain's importer. A plain dict: no registry machinery."""

from imports.base import Importer
from imports.development import DevelopmentImporter
from organizations.imports import MemberImporter, OrganizationImporter

IMPORTERS: dict[str, type[Importer]] = {
    importer.key: importer for importer in (MemberImporter, OrganizationImporter, DevelopmentImporter)
}


def importer_class(kind: str) -> type[Importer] | None:
    return IMPORTERS.get(kind)


def can_import(kind: str) -> bool:
    importer = IMPORTERS.get(kind)
    return importer is not None and getattr(importer, "available", True)
