"""The `glimmers` command line.

- ``base``: what every command is built from (BadInput, checked text, the
  parser class, the Context each command gets). The apps' command modules
  import only this.
- ``main``: `glimmers ARGS`: the friendly help, the table of journal commands
  (name, module, one line of help), the user it acts for, exit codes, and
  Django's own commands for anything else. It imports an app's command module
  by name, and only when one of its commands runs.

``glimmers.cli:main`` is the console script's entry point.
"""

from glimmers.cli.main import main

__all__ = ["main"]
