"""What the journal tells the apps above it, without knowing them.

``glimmer_captured`` is sent by the capture page after a glimmer is kept, with
the form's posted data; the circles app listens, to share it with the circles
the person ticked there (circles/receivers.py).
"""

from django.dispatch import Signal

# Arguments: owner, glimmer, data (the posted form).
glimmer_captured = Signal()
