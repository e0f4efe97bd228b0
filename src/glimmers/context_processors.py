import json

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext


def glimmers(request: HttpRequest) -> dict:
    return {
        "help_text": settings.HELP_TEXT,
        "open_signup": settings.OPEN_SIGNUP,
        # A function: the template calls it only where it is used (base.html).
        "offline_words": offline_words,
    }


# Counts the page's script fills in; a form per plural category of the language
# (see offline_words). Intl.PluralRules picks which one a count takes.
_SAMPLE_COUNTS = (0, 1, 2, 5, 11, 21)


def _plural(singular: str, plural: str) -> dict[str, str]:
    """The sentence for each sample count, with "{n}" where the number goes."""
    return {str(n): ngettext(singular, plural, n) % {"n": "{n}"} for n in _SAMPLE_COUNTS}


def offline_words() -> str:
    """What the offline queue says (docs/phone.md), in the page's language, as JSON.

    Written here, with gettext and ngettext, so that the words are translated
    with the rest; the script only puts in the number.
    """
    words = {
        "waiting": _plural(
            "%(n)s glimmer waiting to be saved. It's kept on this device until the "
            "connection comes back.",
            "%(n)s glimmers waiting to be saved. They're kept on this device until the "
            "connection comes back.",
        ),
        "saved": _plural(
            "%(n)s glimmer saved. It's in your journal now.",
            "%(n)s glimmers saved. They're in your journal now.",
        ),
        "sign_in": _plural(
            "%(n)s glimmer waiting to be saved. Sign in again and it will be saved; "
            "it stays on this device until then.",
            "%(n)s glimmers waiting to be saved. Sign in again and they will be saved; "
            "they stay on this device until then.",
        ),
        "sign_out": _plural(
            "%(n)s glimmer is still waiting to be saved on this device. Signing out now "
            "lets it go. Press “Sign out” again if that's all right.",
            "%(n)s glimmers are still waiting to be saved on this device. Signing out now "
            "lets them go. Press “Sign out” again if that's all right.",
        ),
        "problem": gettext(
            "One glimmer couldn't be saved as it was: {message} It stays on this device."
        ),
        "photo_problem": gettext("A photo couldn't be kept: {message}"),
        "shared": gettext("Shared into Glimmers. Look it over, then press Save."),
    }
    return json.dumps(words, ensure_ascii=False)
