"""The senses and body cues every journal starts with.

Marked with gettext_noop (by that name: makemessages finds no alias) so they are
collected for translation; they are stored in English and translated when shown
(see Descriptor.__str__).
People add their own alongside these.
"""

from django.utils.translation import gettext_noop

SENSES = [
    ("sight", gettext_noop("sight")),
    ("sound", gettext_noop("sound")),
    ("smell", gettext_noop("smell")),
    ("taste", gettext_noop("taste")),
    ("touch", gettext_noop("touch")),
    ("body", gettext_noop("body / inner sense")),
    ("intuition", gettext_noop("intuition")),
]

BODY_CUES = [
    ("breath-slowed", gettext_noop("breath slowed")),
    ("shoulders-dropped", gettext_noop("shoulders dropped")),
    ("warmth", gettext_noop("warmth")),
    ("smile", gettext_noop("a smile")),
    ("muscles-softened", gettext_noop("muscles softened")),
    ("mind-quieted", gettext_noop("mind quieted")),
]
