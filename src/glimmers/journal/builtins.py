"""The senses and body cues every journal starts with.

Marked with gettext_noop so they are collected for translation; they are
stored in English and translated when shown (see Descriptor.__str__).
People add their own alongside these.
"""

from django.utils.translation import gettext_noop as noop

SENSES = [
    ("sight", noop("sight")),
    ("sound", noop("sound")),
    ("smell", noop("smell")),
    ("taste", noop("taste")),
    ("touch", noop("touch")),
    ("body", noop("body / inner sense")),
    ("intuition", noop("intuition")),
]

BODY_CUES = [
    ("breath-slowed", noop("breath slowed")),
    ("shoulders-dropped", noop("shoulders dropped")),
    ("warmth", noop("warmth")),
    ("smile", noop("a smile")),
    ("muscles-softened", noop("muscles softened")),
    ("mind-quieted", noop("mind quieted")),
]
