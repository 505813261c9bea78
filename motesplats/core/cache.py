"""A site-wide content version for caching fragments that depend on the page tree.

Navigation, footer and language links change only when pages or the shared vocabulary
change, so their fragments are cached under the current version, which every such change
bumps. In production the cache is shared (Redis), so every process sees the bump.
"""

from django.core.cache import cache

CONTENT_VERSION_KEY = "motesplats:content-version"
WATCHED_APPS = {"wagtailcore", "pages", "nodes", "taxonomy"}


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, 1, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY) or 1
    return int(version)


def bump_content_version() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_KEY, 2, timeout=None)


def bump_on_change(sender, **kwargs) -> None:
    """Receiver for saves, deletes and Wagtail's publishing signals."""
    if sender._meta.app_label in WATCHED_APPS:
        bump_content_version()
