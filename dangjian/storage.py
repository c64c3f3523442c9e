"""Static files storage for production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (ext, tuple(p for p in rules if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])))
        for ext, rules in patterns
    )


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names and gzip copies (WhiteNoise), leaving source-map comments alone.

    The vendored Bootstrap files name source maps that are not shipped; rewriting
    those references would make collectstatic fail on the missing .map files.
    A browser's developer tools asking for them get a 404, nothing else does.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
