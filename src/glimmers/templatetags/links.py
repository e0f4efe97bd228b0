"""``{% link 'app:name' %}``: ``{% url %}`` for a page with no arguments, remembered.

Every page's header and menu link to the same fifteen pages, and reversing
each name again on every request cost about a millisecond a page. The
address of a name only changes with the script prefix (where the app is
mounted) or the URL configuration, so those key the cache.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _address(prefix: str, urlconf, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    return _address(get_script_prefix(), get_urlconf(), name)
